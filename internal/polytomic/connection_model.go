package polytomic

import (
	"context"
	"encoding/json"
	"fmt"
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
	cfg, _ := mergeConfiguration(public, secret).(map[string]any)
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
	if prior, ok := configuredKeys(m.Configuration); ok {
		public = projectOnto(public, prior)
	} else {
		public = withoutDefaults(public, schema)
	}
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

// mergeConfiguration is the configuration sent to Polytomic: the secret half laid over the
// public one at every depth, so that configuration's auth.basic.username and
// sensitive_configuration_wo's auth.basic.password make one auth.basic. Arrays configured in both
// are merged item by item, by position (the plan-time check makes sure their lengths agree);
// otherwise the secret half's value wins.
func mergeConfiguration(public, secret any) any {
	switch p := public.(type) {
	case map[string]any:
		s, ok := secret.(map[string]any)
		if !ok {
			break
		}
		out := make(map[string]any, len(p)+len(s))
		for k, v := range p {
			out[k] = v
		}
		for k, v := range s {
			if pv, ok := out[k]; ok {
				out[k] = mergeConfiguration(pv, v)
				continue
			}
			out[k] = v
		}
		return out
	case []any:
		s, ok := secret.([]any)
		if !ok || len(s) != len(p) {
			break
		}
		out := make([]any, len(p))
		for i := range p {
			out[i] = mergeConfiguration(p[i], s[i])
		}
		return out
	}
	if secret == nil {
		return public
	}
	return secret
}

// subschema is the schema of an object's key (its property, else a schema-valued
// additionalProperties) or, with key "[]", of an array's items; nil when none is known.
func subschema(schema map[string]any, key string) map[string]any {
	if key == "[]" {
		items, _ := schema["items"].(map[string]any)
		return items
	}
	props, _ := schema["properties"].(map[string]any)
	if p, ok := props[key].(map[string]any); ok {
		return p
	}
	ap, _ := schema["additionalProperties"].(map[string]any)
	return ap
}

// strip returns v, at path, without its secrets, at any depth: values the schema marks sensitive
// or whose name says they are (looksSecret), masked values (and, with readOnly, values Polytomic
// sets itself). drop is true when v itself goes: a secret, or an object or array left empty by
// stripping (so that a configuration that holds auth.basic only to carry the password in
// sensitive_configuration_wo reads back without auth at all, and no diff appears). Items of an
// array keep their positions.
func strip(path string, v any, schema map[string]any, readOnly bool) (out any, drop bool) {
	if isMasked(v) || looksSecret(path) || (schema != nil && (schemaSensitive(schema) || readOnly && schemaReadOnly(schema))) {
		return nil, true
	}
	switch t := v.(type) {
	case map[string]any:
		kept := make(map[string]any, len(t))
		for k, x := range t {
			if y, drop := strip(path+"."+k, x, subschema(schema, k), readOnly); !drop {
				kept[k] = y
			}
		}
		return kept, len(t) > 0 && len(kept) == 0
	case []any:
		kept := make([]any, 0, len(t))
		gone := 0
		for i, x := range t {
			y, drop := strip(fmt.Sprintf("%s[%d]", path, i), x, subschema(schema, "[]"), readOnly)
			if drop {
				gone++
				if _, isObject := x.(map[string]any); !isObject {
					// A secret item itself: there is no position to keep.
					continue
				}
				y = map[string]any{}
			}
			kept = append(kept, y)
		}
		return kept, len(t) > 0 && gone == len(t)
	}
	return v, false
}

func stripConfiguration(cfg map[string]any, schema *TypeSchema, readOnly bool) map[string]any {
	var root map[string]any
	if schema != nil {
		root = schema.Root
	}
	out := map[string]any{}
	for k, v := range cfg {
		if y, drop := strip(k, v, subschema(root, k), readOnly); !drop {
			out[k] = y
		}
	}
	return out
}

// PublicConfiguration drops the secrets (values the schema marks sensitive or whose name says they
// are, and any masked value, at any depth) from a configuration as the API returns it: what is left is what
// Terraform compares for drift. A nil schema (not available) falls back to dropping masked values.
func PublicConfiguration(cfg map[string]any, schema *TypeSchema) map[string]any {
	return stripConfiguration(cfg, schema, false)
}

// managedConfiguration is the part of a configuration the resource manages: the public part
// without the values Polytomic sets itself (read-only). They cannot be configured (the plan-time
// check rejects them), so keeping them would make a diff that no configuration removes.
func managedConfiguration(cfg map[string]any, schema *TypeSchema) map[string]any {
	return stripConfiguration(cfg, schema, true)
}

// SensitiveKeys lists the paths in cfg that hold a secret, masked by the API or marked sensitive by
// the schema: top-level keys ("password") and nested paths ("auth.basic.password",
// "auth.query[0].value"). A sensitive field left empty holds none and is not listed.
func SensitiveKeys(cfg map[string]any, schema *TypeSchema) []string {
	var out []string
	var walk func(path string, v any, s map[string]any)
	walk = func(path string, v any, s map[string]any) {
		if v == "" || v == nil {
			return
		}
		if isMasked(v) || looksSecret(path) || (s != nil && schemaSensitive(s)) {
			out = append(out, path)
			return
		}
		switch t := v.(type) {
		case map[string]any:
			for k, x := range t {
				walk(path+"."+k, x, subschema(s, k))
			}
		case []any:
			for i, x := range t {
				walk(fmt.Sprintf("%s[%d]", path, i), x, subschema(s, "[]"))
			}
		}
	}
	var root map[string]any
	if schema != nil {
		root = schema.Root
	}
	for k, v := range cfg {
		walk(k, v, subschema(root, k))
	}
	sort.Strings(out)
	return out
}
