package polytomic

import (
	"reflect"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
)

// Polytomic answers a connection with every field of its type: the ones set, and the others with
// their default or zero value ("ssl": true, "ca_cert": "", "ssh": false), and sometimes values it
// sets itself. So a read is compared with what the configuration manages, never with everything the
// API returns: Terraform would otherwise see a change it did not plan after every create and update,
// and a diff that no configuration can remove.

// configuredKeys is the configuration the state or plan holds, decoded; ok=false when there is
// none yet (an import, a listed connection) or it cannot be read.
func configuredKeys(v jsontypes.Normalized) (map[string]any, bool) {
	if v.IsNull() || v.IsUnknown() {
		return nil, false
	}
	out, diags := jsonObject(v, "configuration")
	return out, !diags.HasError()
}

// projectOnto keeps, at every depth, the keys of api that configured has: a managed value changed
// in Polytomic shows as drift, a managed key Polytomic no longer returns shows as removed, and the
// fields Polytomic fills in itself are left out. Array items are matched by position; items
// beyond the configured ones are kept whole (an item added in Polytomic is drift).
func projectOnto(api, configured map[string]any) map[string]any {
	out := make(map[string]any, len(configured))
	for k, cv := range configured {
		if av, ok := api[k]; ok {
			out[k] = projectValue(av, cv)
		}
	}
	return out
}

func projectValue(api, configured any) any {
	switch a := api.(type) {
	case map[string]any:
		if c, ok := configured.(map[string]any); ok {
			return projectOnto(a, c)
		}
	case []any:
		c, ok := configured.([]any)
		if !ok {
			break
		}
		out := make([]any, len(a))
		for i, x := range a {
			if i < len(c) {
				out[i] = projectValue(x, c[i])
			} else {
				out[i] = x
			}
		}
		return out
	}
	return api
}

// withoutDefaults is what an import adopts: the configuration without the values Polytomic would
// fill in anyway (the schema's default, or the zero value of a field without one), at any depth,
// so that the configuration `terraform query -generate-config-out` writes holds only what was set.
// Required fields always stay (the plan-time check asks for them), and array items keep their
// positions.
func withoutDefaults(cfg map[string]any, schema *TypeSchema) map[string]any {
	var root map[string]any
	if schema != nil {
		root = schema.Root
	}
	out, _ := pruneDefaults(cfg, root).(map[string]any)
	if out == nil {
		out = map[string]any{}
	}
	return out
}

// pruneDefaults returns v without its default values; drop is true when v itself is one (or an
// object or array left empty).
func pruneDefaults(v any, schema map[string]any) any {
	switch t := v.(type) {
	case map[string]any:
		required := map[string]bool{}
		if list, ok := schema["required"].([]any); ok {
			for _, r := range list {
				if name, ok := r.(string); ok {
					required[name] = true
				}
			}
		}
		out := make(map[string]any, len(t))
		for k, x := range t {
			sub := subschema(schema, k)
			if required[k] {
				out[k] = x
				continue
			}
			if isDefault(x, sub) {
				continue
			}
			y := pruneDefaults(x, sub)
			if isEmpty(y) {
				continue
			}
			out[k] = y
		}
		return out
	case []any:
		out := make([]any, len(t))
		for i, x := range t {
			out[i] = pruneDefaults(x, subschema(schema, "[]"))
		}
		return out
	}
	return v
}

// isDefault reports a value equal to the schema's default, or to the zero value when the schema
// gives none ("", false, 0, null).
func isDefault(v any, schema map[string]any) bool {
	if d, ok := schema["default"]; ok {
		return reflect.DeepEqual(v, d) // both decoded from JSON
	}
	switch t := v.(type) {
	case nil:
		return true
	case string:
		return t == ""
	case bool:
		return !t
	case float64:
		return t == 0
	}
	return false
}

func isEmpty(v any) bool {
	switch t := v.(type) {
	case map[string]any:
		return len(t) == 0
	case []any:
		return len(t) == 0
	}
	return false
}

// unmanagedFieldsKey keeps, in private state, the names of the fields Polytomic held at the last
// refresh, set to something else than their default, that the configuration does not set.
const unmanagedFieldsKey = "unmanaged_fields"

// unmanagedFields lists, sorted, the top-level fields of api set to something else than their
// default (secrets and read-only fields left out) that configured does not have: someone set them
// in Polytomic, and an update, a full replacement of the configuration, resets them.
func unmanagedFields(api, configured map[string]any, schema *TypeSchema) []string {
	out := []string{}
	for k := range withoutDefaults(managedConfiguration(api, schema), schema) {
		if _, ok := configured[k]; !ok {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}
