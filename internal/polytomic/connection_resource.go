package polytomic

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/google/uuid"
	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/syncops/terraform-provider-syncops/internal/base"
	"github.com/syncops/terraform-provider-syncops/internal/transport"
)

func (r *connectionResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	base.Create(ctx, &r.Resource, req, resp, defaultCreateTimeout, r.create)
}

func (r *connectionResource) create(ctx context.Context, _ resource.CreateRequest, resp *resource.CreateResponse, plan, config connectionModel) {
	secretCfg := config.SensitiveConfigurationWO

	public, d := jsonObject(plan.Configuration, "configuration")
	resp.Diagnostics.Append(d...)
	secret, d := jsonObject(secretCfg, "sensitive_configuration_wo")
	resp.Diagnostics.Append(d...)
	body, d := r.request(ctx, &plan, public, secret)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	body.Type = plan.Type.ValueString()
	// One key per create, reused by every retry of this create: a lost answer never makes a
	// second connection.
	key := uuid.NewString()
	created, err := r.Client.CreateConnection(ctx, body, key, secretValues(secret))
	if err != nil {
		next := "Fix the cause above and run `terraform apply` again. If the error says the request may " +
			"have been processed, check Polytomic for a connection with this name and import it instead."
		var ne *transport.NetworkError
		if asNetworkError(err, &ne) {
			// The transport re-sends a keyed create freely, so it never flags it "maybe processed";
			// yet with no answer at all, any attempt may have created the connection, and the next
			// apply would use a new key.
			next = fmt.Sprintf("No answer came back, but the request may have been processed: the connection may have been "+
				"created. Look for a connection named %q in Polytomic and import it (`terraform import <address> %q`, or "+
				"an import block) rather than running `terraform apply` again, which would create another one.",
				plan.Name.ValueString(), "name:"+plan.Name.ValueString())
		}
		resp.Diagnostics.AddError("Unable to create Polytomic connection "+plan.Name.ValueString(), platform.ErrorDetail(err, next))
		return
	}
	// The id goes to state before anything else can fail.
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), created.ID)...)
	setIdentity(ctx, resp.Identity, created.ID, &resp.Diagnostics)
	keepSecretDigest(ctx, resp.Private, secretCfg, &resp.Diagnostics)
	keepSecretPaths(ctx, resp.Private, secret, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	plan.ID = types.StringValue(created.ID)
	r.save(ctx, created.ID, created, &plan, &resp.State, &resp.Diagnostics,
		"after creating it", "The connection was created; created_at and updated_at are filled in by the next refresh.")
}

// save stores what a create or update made. The write answer has no audit fields, so the
// connection is read back for them; when that read fails, the write answer is used with a
// warning saying what the next refresh fills in (an error would taint, and so replace, a
// connection that is fine).
func (r *connectionResource) save(ctx context.Context, id string, written *Connection, m *connectionModel, state *tfsdk.State, diags *diag.Diagnostics, after, fill string) {
	if written.AuthURL != "" {
		// OAuth types: only the create and update answers carry the URL (reference §5); a read
		// never shows it again.
		diags.AddWarning("Polytomic connection "+m.Name.ValueString()+" needs its OAuth authorisation",
			"Polytomic asks that the connection be authorised with the upstream service: open "+written.AuthURL+
				" in a browser and complete the authorisation. Polytomic shows this address only in the answer to a create or an update.")
	}
	got, err := r.Client.GetConnection(ctx, id)
	if err != nil {
		diags.AddWarning("Unable to read Polytomic connection "+id+" "+after, platform.ErrorDetail(err, fill))
		got = written
	}
	diags.Append(r.apply(ctx, got, m)...)
	m.SensitiveConfigurationWO = jsontypes.NewNormalizedNull()
	diags.Append(state.Set(ctx, m)...)
}

func (r *connectionResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state connectionModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	// Every outcome needs an identity, a state kept as it is (provider block not known yet) and
	// one made before identities included.
	setIdentity(ctx, resp.Identity, state.ID.ValueString(), &resp.Diagnostics)
	ctx, cancel, ok := r.BeginRead(ctx, &resp.Diagnostics, state.Timeouts.Read, defaultReadTimeout)
	if !ok {
		return
	}
	defer cancel()
	got, err := r.Client.ReadConnection(ctx, state.ID.ValueString())
	if transport.IsNotFound(err) {
		platform.WarnRemoved(&resp.Diagnostics, "connection "+state.ID.ValueString())
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Unable to read Polytomic connection "+state.ID.ValueString(),
			platform.ErrorDetail(err, "Check the Polytomic URL and credentials, then run the command again."))
		return
	}
	configured, managed := configuredKeys(state.Configuration)
	resp.Diagnostics.Append(r.apply(ctx, got, &state)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	if managed {
		// Fields set in Polytomic that the configuration leaves alone are not drift, but the next
		// update (a full replacement) resets them: their names are kept for the plan to say so.
		// Without the type's schema (apply warned) defaults cannot be told from values set, so
		// nothing is claimed.
		var names []byte
		if schema, err := r.Client.ConnectionTypeSchema(ctx, state.Type.ValueString()); err == nil {
			names, _ = json.Marshal(unmanagedFields(got.Configuration, configured, schema))
		}
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, unmanagedFieldsKey, names)...)
	}
}

func (r *connectionResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	base.Update(ctx, &r.Resource, req, resp, defaultUpdateTimeout, r.update)
}

func (r *connectionResource) update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse, plan, state, config connectionModel) {
	secretCfg := config.SensitiveConfigurationWO
	plan.ID = state.ID
	setIdentity(ctx, resp.Identity, state.ID.ValueString(), &resp.Diagnostics)
	// Secrets are sent when their version changes or when they differ from the ones last sent
	// (the digest in private state); left out, Polytomic keeps the stored ones (those its schema
	// marks sensitive; the others are sent with every update below).
	sendSecrets := !plan.SensitiveConfigurationWOVersion.Equal(state.SensitiveConfigurationWOVersion) ||
		secretChangedSinceSent(ctx, req.Private, secretCfg, &resp.Diagnostics)
	if !remoteChange(&plan, &state) && !sendSecrets {
		// Only Terraform-side settings changed (force_destroy, validate, timeouts): no API call.
		plan.Status, plan.StatusError, plan.CreatedAt, plan.UpdatedAt = state.Status, state.StatusError, state.CreatedAt, state.UpdatedAt
		plan.OrganizationID = state.OrganizationID
		plan.SensitiveConfigurationWO = jsontypes.NewNormalizedNull()
		resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
		return
	}

	public, d := jsonObject(plan.Configuration, "configuration")
	resp.Diagnostics.Append(d...)
	secret, d := jsonObject(secretCfg, "sensitive_configuration_wo")
	resp.Diagnostics.Append(d...)
	if !sendSecrets && len(secret) > 0 {
		// Polytomic keeps only the values its schema marks sensitive when an update leaves them
		// out; any other secret (csv's auth.basic.password, published unmarked) must go again.
		schema, err := r.Client.ConnectionTypeSchema(ctx, plan.Type.ValueString())
		sendSecrets = err != nil || !schema.SecretsKeptOnUpdate(secret)
	}
	if !sendSecrets {
		secret = map[string]any{}
	}
	body, d := r.request(ctx, &plan, public, secret)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	// organization_id and type are immutable (replacement); they are not sent on update.
	body.OrganizationID = ""
	if body.Policies == nil {
		// Removing policies from the configuration clears them.
		body.Policies = &[]string{}
	}
	if body.HealthcheckInterval == nil && !state.HealthcheckInterval.IsNull() {
		// Removing the override goes back to Polytomic's default interval.
		empty := ""
		body.HealthcheckInterval = &empty
	}
	if sendSecrets {
		// A secret sent last time and removed from the configuration since is cleared ("").
		if cleared := clearRemovedSecrets(ctx, req.Private, secret, body.Configuration, &resp.Diagnostics); len(cleared) > 0 {
			tflog.Info(ctx, "clearing secrets removed from sensitive_configuration_wo", map[string]any{"paths": cleared})
		}
	}
	id := state.ID.ValueString()
	updated, err := r.Client.UpdateConnection(ctx, id, body, secretValues(secret))
	if err != nil {
		resp.Diagnostics.AddError("Unable to update Polytomic connection "+id, platform.ErrorDetail(err, "Fix the cause above and run `terraform apply` again."))
		return
	}
	if sendSecrets {
		keepSecretDigest(ctx, resp.Private, secretCfg, &resp.Diagnostics)
		keepSecretPaths(ctx, resp.Private, secret, &resp.Diagnostics)
	}
	// The full replacement reset the fields the configuration does not set; the next refresh
	// lists any set again.
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, unmanagedFieldsKey, nil)...)
	r.save(ctx, id, updated, &plan, &resp.State, &resp.Diagnostics,
		"after updating it", "The update was applied; updated_at is filled in by the next refresh.")
}

func (r *connectionResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	base.Delete(ctx, &r.Resource, req, resp, defaultDeleteTimeout, r.delete)
}

func (r *connectionResource) delete(ctx context.Context, _ resource.DeleteRequest, resp *resource.DeleteResponse, state connectionModel) {
	id := state.ID.ValueString()
	err := r.Client.DeleteConnection(ctx, id, state.ForceDestroy.ValueBool())
	if err == nil || transport.IsNotFound(err) {
		return
	}
	if IsConnectionInUse(err) {
		var e *transport.APIError
		asAPIError(err, &e)
		var b strings.Builder
		fmt.Fprintf(&b, "Polytomic refused to delete connection %s (%q) because other objects use it", id, state.Name.ValueString())
		if len(e.Details) > 0 {
			b.WriteString(":\n")
			for _, dep := range e.Details {
				b.WriteString("  - " + dep + "\n")
			}
		} else {
			b.WriteString(".\n")
		}
		b.WriteString("\nEither remove those objects first, or set `force_destroy = true` on this resource and run " +
			"`terraform apply` before `terraform destroy`: with force, Polytomic deletes them together with the connection.")
		fmt.Fprintf(&b, "\n\n(HTTP %d", e.Status)
		if e.Code != "" {
			fmt.Fprintf(&b, " %s", e.Code)
		}
		fmt.Fprintf(&b, ": %s", e.Message)
		if e.RequestID != "" {
			fmt.Fprintf(&b, ", request id %s", e.RequestID)
		}
		b.WriteString(")")
		resp.Diagnostics.AddError("Unable to delete Polytomic connection "+id+": connection in use", b.String())
		return
	}
	resp.Diagnostics.AddError("Unable to delete Polytomic connection "+id,
		platform.ErrorDetail(err, "Run `terraform destroy` again: a connection already deleted counts as success."))
}

// ImportState accepts a connection id, "name:<connection name>", or the identity { id = ... }
// of an import block (Terraform 1.12+).
func (r *connectionResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if !r.Ready() {
		// The read that follows an import would keep the bare id (refresh keeps state while the
		// block is unknown), and the plan would show the configuration as changes to nothing.
		resp.Diagnostics.Append(platform.NotKnownYet())
		return
	}
	id := req.ID
	if id == "" && req.Identity != nil {
		var identity connectionIdentity
		resp.Diagnostics.Append(req.Identity.Get(ctx, &identity)...)
		if resp.Diagnostics.HasError() {
			return
		}
		id = identity.ID.ValueString()
		if id == "" {
			resp.Diagnostics.AddError("Missing Polytomic connection id", "The import identity needs id, the connection UUID.")
			return
		}
	}
	if name, ok := strings.CutPrefix(req.ID, "name:"); ok {
		found, err := r.Client.FindConnectionsByName(ctx, name)
		if err != nil {
			resp.Diagnostics.AddError("Unable to list Polytomic connections to import "+req.ID, platform.ErrorDetail(err, ""))
			return
		}
		switch len(found) {
		case 0:
			resp.Diagnostics.AddError("No Polytomic connection named "+fmt.Sprintf("%q", name),
				"Check the name (it is case-sensitive) or import by id.")
			return
		case 1:
			id = found[0].ID
		default:
			ids := make([]string, len(found))
			for i, c := range found {
				ids[i] = c.ID
			}
			resp.Diagnostics.AddError(fmt.Sprintf("%d Polytomic connections are named %q", len(found), name),
				"Import by id instead; the matching ids are: "+strings.Join(ids, ", "))
			return
		}
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
	setIdentity(ctx, resp.Identity, id, &resp.Diagnostics)
}
