package polytomic

import (
	"context"
	"encoding/json"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// secretConfiguration is the write-only sensitive_configuration_wo, which only the configuration
// holds (it is always null in plan and state).
func secretConfiguration(ctx context.Context, config tfsdk.Config, diags *diag.Diagnostics) jsontypes.Normalized {
	var v jsontypes.Normalized
	diags.Append(config.GetAttribute(ctx, path.Root("sensitive_configuration_wo"), &v)...)
	return v
}

// jsonObject decodes a JSON attribute that must hold an object; null is an empty object.
func jsonObject(v jsontypes.Normalized, attr string) (map[string]any, diag.Diagnostics) {
	var diags diag.Diagnostics
	if v.IsNull() || v.IsUnknown() {
		return map[string]any{}, diags
	}
	var out map[string]any
	if err := json.Unmarshal([]byte(v.ValueString()), &out); err != nil || out == nil {
		diags.AddAttributeError(path.Root(attr), "Invalid "+attr, attr+" must be a JSON object, e.g. jsonencode({ key = \"value\" }).")
	}
	return out, diags
}

func (r *connectionResource) request(ctx context.Context, m *connectionModel, public, secret map[string]any) (ConnectionRequest, diag.Diagnostics) {
	var diags diag.Diagnostics
	cfg := make(map[string]any, len(public)+len(secret))
	for k, v := range public {
		cfg[k] = v
	}
	for k, v := range secret {
		cfg[k] = v
	}
	req := ConnectionRequest{Name: m.Name.ValueString(), Configuration: cfg}
	if !m.HealthcheckInterval.IsNull() && !m.HealthcheckInterval.IsUnknown() {
		hc := m.HealthcheckInterval.ValueString()
		req.HealthcheckInterval = &hc
	}
	if !m.OrganizationID.IsNull() && !m.OrganizationID.IsUnknown() {
		req.OrganizationID = m.OrganizationID.ValueString()
	}
	if !m.Policies.IsNull() && !m.Policies.IsUnknown() {
		policies := []string{}
		diags.Append(m.Policies.ElementsAs(ctx, &policies, false)...)
		req.Policies = &policies
	}
	validate := m.Validate.IsNull() || m.Validate.IsUnknown() || m.Validate.ValueBool()
	req.Validate = &validate
	return req, diags
}

// apply maps an API connection onto the model: every field the API returns, with the secret
// part of the configuration left out. Read, create, update and the list resource all map with it,
// so a listed connection is what an import would read.
func (r *connectionResource) apply(ctx context.Context, c *Connection, m *connectionModel) diag.Diagnostics {
	return mapConnection(ctx, r.Client, c, m)
}

// newListedModel is the model a connection found by the list resource starts from: nothing
// configured yet (null attributes, no timeouts).
func newListedModel() connectionModel {
	return connectionModel{
		SensitiveConfigurationWO: jsontypes.NewNormalizedNull(),
		Policies:                 types.ListNull(types.StringType),
		Timeouts: timeouts.Value{Object: types.ObjectNull(map[string]attr.Type{
			"create": types.StringType, "read": types.StringType, "update": types.StringType, "delete": types.StringType,
		})},
	}
}

// setIdentity sets the resource identity; identity is nil on a Terraform without identities.
func setIdentity(ctx context.Context, identity *tfsdk.ResourceIdentity, id string, diags *diag.Diagnostics) {
	if identity == nil || id == "" {
		return
	}
	diags.Append(identity.Set(ctx, connectionIdentity{ID: types.StringValue(id)})...)
}

func mapConnection(ctx context.Context, client *Client, c *Connection, m *connectionModel) diag.Diagnostics {
	var diags diag.Diagnostics
	m.ID = types.StringValue(c.ID)
	m.Name = types.StringValue(c.Name)
	if c.Type.ID != "" {
		m.Type = types.StringValue(c.Type.ID)
	}
	if c.OrganizationID != "" {
		m.OrganizationID = types.StringValue(c.OrganizationID)
	} else if m.OrganizationID.IsUnknown() {
		m.OrganizationID = types.StringNull()
	}
	schema, err := client.ConnectionTypeSchema(ctx, m.Type.ValueString())
	if err != nil {
		schema = nil
		diags.AddWarning("Unable to read the schema of Polytomic connection type "+m.Type.ValueString(),
			platform.ErrorDetail(err, "Masked values were still left out of configuration; only keys the schema marks sensitive "+
				"but that the API returned unmasked could not be recognised."))
	}
	public := managedConfiguration(c.Configuration, schema)
	if len(public) == 0 && m.Configuration.IsNull() {
		// Nothing configured and nothing returned: keep null.
	} else {
		b, err := json.Marshal(public)
		if err != nil {
			diags.AddError("Unable to encode the configuration of Polytomic connection "+c.ID, err.Error())
			return diags
		}
		m.Configuration = jsontypes.NewNormalizedValue(string(b))
	}
	if len(c.Policies) == 0 && (m.Policies.IsNull() || m.Policies.IsUnknown()) {
		m.Policies = types.ListNull(types.StringType)
	} else {
		vals := make([]attr.Value, len(c.Policies))
		for i, p := range c.Policies {
			vals[i] = types.StringValue(p)
		}
		m.Policies = types.ListValueMust(types.StringType, vals)
	}
	m.Status = types.StringValue(c.Status)
	m.StatusError = types.StringValue(c.StatusError)
	if c.CreatedAt != "" {
		m.CreatedAt = types.StringValue(c.CreatedAt)
	} else if m.CreatedAt.IsUnknown() {
		m.CreatedAt = types.StringNull()
	}
	if c.UpdatedAt != "" {
		m.UpdatedAt = types.StringValue(c.UpdatedAt)
	} else if m.UpdatedAt.IsUnknown() {
		m.UpdatedAt = types.StringNull()
	}
	if m.Validate.IsNull() || m.Validate.IsUnknown() {
		m.Validate = types.BoolValue(true)
	}
	if m.ForceDestroy.IsNull() || m.ForceDestroy.IsUnknown() {
		m.ForceDestroy = types.BoolValue(false)
	}
	if m.HealthcheckInterval.IsUnknown() {
		m.HealthcheckInterval = types.StringNull()
	}
	return diags
}

// Mask detection: the API redacts sensitive values with asterisks of no meaningful length.
func isMasked(v any) bool {
	s, ok := v.(string)
	return ok && s != "" && strings.Trim(s, "*") == ""
}

// secretValues lists the literal string values of a sensitive configuration, to mask them.
func secretValues(secrets map[string]any) []string {
	var out []string
	var walk func(v any)
	walk = func(v any) {
		switch t := v.(type) {
		case string:
			out = append(out, t)
		case map[string]any:
			for _, x := range t {
				walk(x)
			}
		case []any:
			for _, x := range t {
				walk(x)
			}
		}
	}
	walk(secrets)
	return out
}

// PublicConfiguration drops the sensitive keys (and any masked value) from a configuration as
// the API returns it: what is left is what Terraform compares for drift. A nil schema (not
// available) falls back to dropping masked values.
func PublicConfiguration(cfg map[string]any, schema *TypeSchema) map[string]any {
	out := map[string]any{}
	for k, v := range cfg {
		if isMasked(v) || (schema != nil && schema.Sensitive(k)) {
			continue
		}
		out[k] = v
	}
	return out
}

// managedConfiguration is the part of a configuration the resource manages: the public part
// without the keys Polytomic sets itself (read-only). They cannot be configured (the plan-time
// check rejects them), so keeping them would make a diff that no configuration removes.
func managedConfiguration(cfg map[string]any, schema *TypeSchema) map[string]any {
	out := PublicConfiguration(cfg, schema)
	if schema != nil {
		for k := range out {
			if schema.ReadOnly(k) {
				delete(out, k)
			}
		}
	}
	return out
}

// SensitiveKeys lists the keys of cfg the schema marks sensitive or the API masked.
func SensitiveKeys(cfg map[string]any, schema *TypeSchema) []string {
	var out []string
	for k, v := range cfg {
		if isMasked(v) || (schema != nil && schema.Sensitive(k)) {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}
