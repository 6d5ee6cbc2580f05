package polytomic

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/syncops/terraform-provider-syncops/internal/base"
	"github.com/syncops/terraform-provider-syncops/internal/transport"
)

// ModifyPlan checks the configuration against the connection type's JSON Schema (fetched once
// per provider process) so that mistakes fail the plan, not the apply; and marks the values the
// API recomputes as unknown only when an API call will actually happen.
func (r *connectionResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return
	}
	var plan connectionModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	secretCfg := secretConfiguration(ctx, req.Config, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	creating := req.State.Raw.IsNull()
	if !creating {
		var state connectionModel
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
		if resp.Diagnostics.HasError() {
			return
		}
		// type and organization_id replace the connection: the new one is created with every
		// configured secret, whatever their version, so they are checked as on create.
		replacing := !plan.Type.Equal(state.Type) || !plan.OrganizationID.Equal(state.OrganizationID)
		sameVersion := plan.SensitiveConfigurationWOVersion.Equal(state.SensitiveConfigurationWOVersion)
		// Secrets changed since they were last sent, with the same version: an update sends them.
		secretChanged := !replacing && sameVersion && secretChangedSinceSent(ctx, req.Private, secretCfg, &resp.Diagnostics)
		if secretChanged {
			// Not an attribute warning: Terraform would quote the configuration line, which may
			// hold the secret literally.
			resp.Diagnostics.AddWarning("sensitive_configuration_wo changed since it was last sent; it will be sent",
				fmt.Sprintf("The configured sensitive_configuration_wo of Polytomic connection %s (%q) differs from the value "+
					"this provider last sent to Polytomic (compared with a salted digest kept in the private state, never the "+
					"value). This plan updates the connection to send it, although sensitive_configuration_wo_version did not change.",
					state.ID.ValueString(), state.Name.ValueString()))
		}
		if (remoteChange(&plan, &state) || secretChanged) && !replacing {
			warnUnmanagedFieldsReset(ctx, req.Private, &state, resp)
			// The update makes Polytomic set updated_at and validate the connection again.
			resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("updated_at"), types.StringUnknown())...)
			resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("status"), types.StringUnknown())...)
			resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("status_error"), types.StringUnknown())...)
		}
		// An update sends secrets only with a new version or a changed value: check them only then.
		if !replacing && sameVersion && !secretChanged {
			secretCfg = jsontypes.NewNormalizedNull()
		}
		creating = replacing
	}
	if !r.Ready() || plan.Type.IsUnknown() || plan.Type.IsNull() || plan.Configuration.IsUnknown() || secretCfg.IsUnknown() {
		return
	}
	public, d := jsonObject(plan.Configuration, "configuration")
	resp.Diagnostics.Append(d...)
	secret, d := jsonObject(secretCfg, "sensitive_configuration_wo")
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	typeID := plan.Type.ValueString()
	schema, err := r.Client.ConnectionTypeSchema(ctx, typeID)
	if transport.IsNotFound(err) {
		detail := fmt.Sprintf("Polytomic has no connection type %q.", typeID)
		if types, lerr := r.Client.ConnectionTypes(ctx); lerr == nil {
			ids := make([]string, len(types))
			for i, t := range types {
				ids[i] = t.ID
			}
			detail += " Known types: " + strings.Join(ids, ", ") + "."
		}
		resp.Diagnostics.AddAttributeError(path.Root("type"), "Unknown Polytomic connection type", detail)
		return
	}
	if err != nil {
		resp.Diagnostics.AddWarning("Unable to check the configuration of this Polytomic connection at plan time",
			platform.ErrorDetail(err, fmt.Sprintf("The schema of connection type %q could not be read; Polytomic checks the configuration on apply instead.", typeID)))
		return
	}
	problems := schema.CheckConfiguration(public, secret, creating)
	for _, p := range problems {
		resp.Diagnostics.AddAttributeError(path.Root(p.Attribute),
			fmt.Sprintf("Invalid %s for Polytomic connection type %q", p.Attribute, typeID),
			fmt.Sprintf("Field %q: %s", p.Field, strings.TrimPrefix(p.Message, p.Field+": ")))
	}
}

// remoteChange reports whether the plan changes anything the API holds (as opposed to
// force_destroy, validate and timeouts, which live only in Terraform).
func remoteChange(plan, state *connectionModel) bool {
	return !plan.Name.Equal(state.Name) ||
		!plan.Configuration.Equal(state.Configuration) && !jsonSemanticallyEqual(plan.Configuration, state.Configuration) ||
		!plan.Policies.Equal(state.Policies) ||
		!plan.HealthcheckInterval.Equal(state.HealthcheckInterval) ||
		!plan.SensitiveConfigurationWOVersion.Equal(state.SensitiveConfigurationWOVersion)
}

func jsonSemanticallyEqual(a, b jsontypes.Normalized) bool {
	if a.IsNull() || b.IsNull() || a.IsUnknown() || b.IsUnknown() {
		return false
	}
	eq, _ := a.StringSemanticEquals(context.Background(), b)
	return eq
}

// warnUnmanagedFieldsReset warns, when an update is planned, about the fields set in Polytomic that
// the configuration does not set (seen at the last refresh): the update replaces the configuration
// whole, so Polytomic resets them to their defaults.
func warnUnmanagedFieldsReset(ctx context.Context, private base.PrivateGetter, state *connectionModel, resp *resource.ModifyPlanResponse) {
	raw, d := private.GetKey(ctx, unmanagedFieldsKey)
	resp.Diagnostics.Append(d...)
	var names []string
	if len(raw) == 0 || json.Unmarshal(raw, &names) != nil || len(names) == 0 {
		return
	}
	resp.Diagnostics.AddAttributeWarning(path.Root("configuration"), "This update resets fields set outside Terraform",
		fmt.Sprintf("Polytomic connection %s (%q) has %s set to something else than its default, which configuration does not set. "+
			"Polytomic replaces the whole configuration on an update, so this apply resets them to their defaults. "+
			"Add them to configuration to keep them.", state.ID.ValueString(), state.Name.ValueString(), quoted(names)))
}

func quoted(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	return strings.Join(q, ", ")
}
