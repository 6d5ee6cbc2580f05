package polytomic

import (
	"embed"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
)

// connectionType is one entry of the connection-type catalogue with its configuration schema
// (the bare JSON Schema served by GET /api/connection_types/{id}).
type connectionType struct {
	ID         string
	Name       string
	Operations []string
	UseOAuth   bool
	Schema     map[string]any
}

// schemaFiles are the configuration schemas served by GET /api/connection_types/{id}, one file per
// type. They are the vendor's published schemas, as cached by the official provider
// (polytomic/terraform-provider-polytomic, provider/gen/connections/connectiontypes/<type>.json,
// fetched from GET /api/connection_types/{id}): csv at 4060e79c, postgresql at 0776bf36, snowflake
// at 4f8271c1, salesforce at 05d38d9b. JSON Schema 2020-12 with the vendor keywords "sensitive"
// (redacted on every read), "password", "readOnly", "hidden", "api_field", "widget".
//
// One deliberate difference in csv: every name/value "value" (headers, parameters, auth) has
// "type": "string". The cached csv schema leaves it untyped ({"title": "Value"}), but the same
// name/value items of the HTTP API type ("api.json", same auth block) are typed string, and the
// official provider types all of them String. The auth block's secrets (auth.basic.password,
// auth.header.value, auth.query[].value, auth.oauth.client_secret) are not marked sensitive, as
// published: Polytomic returns them in clear on every read, and clients must cope.
//
//go:embed schemas/*.json
var schemaFiles embed.FS

var connectionTypes = map[string]*connectionType{
	"postgresql": {
		ID: "postgresql", Name: "PostgreSQL",
		Operations: []string{"bulksyncsource", "bulksyncdest", "modelsyncsource", "modelsyncdest"},
	},
	"snowflake": {
		ID: "snowflake", Name: "Snowflake",
		Operations: []string{"bulksyncsource", "bulksyncdest", "modelsyncsource"},
	},
	"salesforce": {
		ID: "salesforce", Name: "Salesforce", UseOAuth: true,
		Operations: []string{"modelsyncsource", "modelsyncdest", "bulksyncsource"},
	},
	"csv": {
		ID: "csv", Name: "CSV URL",
		Operations: []string{"modelsyncsource", "bulksyncsource"},
	},
}

func init() {
	for id, t := range connectionTypes {
		b, err := schemaFiles.ReadFile("schemas/" + id + ".json")
		if err != nil {
			panic("polytomic emulator: no schema for connection type " + id + ": " + err.Error())
		}
		if err := json.Unmarshal(b, &t.Schema); err != nil {
			panic("polytomic emulator: schema of connection type " + id + ": " + err.Error())
		}
	}
}

func (t *connectionType) properties() map[string]any {
	p, _ := t.Schema["properties"].(map[string]any)
	return p
}

func (t *connectionType) required() []string {
	var out []string
	r, _ := t.Schema["required"].([]any)
	for _, v := range r {
		if s, ok := v.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// summary is a ConnectionType of GET /api/connection_types: capabilities, not the operations of
// the type object embedded in a connection (SDK wire tests: "GetTypes" has {capabilities:
// {destination, enrichment, orchestration, source}, envConfig, id, initialConfiguration, logo_url,
// name, use_oauth}). Source and destination follow the type's operations.
func (t *connectionType) summary() map[string]any {
	has := func(part string) bool {
		return slices.ContainsFunc(t.Operations, func(op string) bool { return strings.Contains(op, part) })
	}
	return map[string]any{
		"id":       t.ID,
		"name":     t.Name,
		"logo_url": "https://connect-assets.polytomic.com/logos/" + t.ID + ".svg",
		"capabilities": map[string]bool{
			"source": has("source"), "destination": has("dest"), "enrichment": false, "orchestration": false,
		},
		"use_oauth": t.UseOAuth,
	}
}

// isSensitive reports a (sub)schema whose value the API redacts.
func isSensitive(schema map[string]any) bool {
	s, _ := schema["sensitive"].(bool)
	return s
}

func isReadOnly(schema map[string]any) bool {
	ro, _ := schema["readOnly"].(bool)
	return ro
}

// child is the subschema of an object's key: its property, else a schema-valued
// additionalProperties; nil when the schema says nothing.
func child(schema map[string]any, key string) map[string]any {
	if p, ok := schema["properties"].(map[string]any)[key].(map[string]any); ok {
		return p
	}
	ap, _ := schema["additionalProperties"].(map[string]any)
	return ap
}

func items(schema map[string]any) map[string]any {
	i, _ := schema["items"].(map[string]any)
	return i
}

// masked is a configuration value as every response shows it: each value the schema marks
// sensitive, at any depth (auth.basic.password, auth.query[0].value), replaced by the mask; an
// empty one stays empty (the Go SDK's recorded responses: "client_key": ""), and so does a null one
// (a secret cleared with null is not set).
func masked(v any, schema map[string]any) any {
	if isSensitive(schema) {
		if v == "" || v == nil {
			return v
		}
		return Mask
	}
	switch t := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, x := range t {
			out[k] = masked(x, child(schema, k))
		}
		return out
	case []any:
		out := make([]any, len(t))
		for i, x := range t {
			out[i] = masked(x, items(schema))
		}
		return out
	}
	return v
}

// keepSecrets is the configuration an update stores: what was sent (a full replacement), except
// that a sensitive value absent or equal to the mask keeps its stored value, provided the object
// holding it was sent (items of arrays are matched by position). Dropping auth.basic drops its
// password; sending auth.basic without the password keeps it.
func keepSecrets(sent, stored any, schema map[string]any) any {
	switch s := sent.(type) {
	case map[string]any:
		old, _ := stored.(map[string]any)
		out := make(map[string]any, len(s))
		for k, v := range s {
			out[k] = v
		}
		props, _ := schema["properties"].(map[string]any)
		for k, cs := range props {
			sub, _ := cs.(map[string]any)
			v, sentKey := s[k]
			prev, hadKey := old[k]
			switch {
			case isSensitive(sub) && (!sentKey || isMask(v)):
				if hadKey {
					out[k] = prev
				} else {
					delete(out, k)
				}
			case sentKey && hadKey && !isSensitive(sub):
				out[k] = keepSecrets(v, prev, sub)
			}
		}
		return out
	case []any:
		old, _ := stored.([]any)
		out := make([]any, len(s))
		for i, v := range s {
			out[i] = v
			if i < len(old) {
				out[i] = keepSecrets(v, old[i], items(schema))
			}
		}
		return out
	}
	return sent
}

// validateConfiguration checks a complete configuration (secrets included) against the type's
// schema: required keys, unknown keys, JSON types, enums and read-only keys, at every depth. It
// returns one message per problem, naming the field by its path.
func (t *connectionType) validateConfiguration(cfg map[string]any) []string {
	var problems []string
	for _, k := range t.required() {
		if v, ok := cfg[k]; !ok || v == nil || v == "" {
			problems = append(problems, fmt.Sprintf("configuration.%s: required field is missing", k))
		}
	}
	// Unknown top-level keys are refused although the published schemas leave the root open
	// (inferred: a key Polytomic does not know would be dropped silently otherwise).
	props := t.properties()
	for k := range cfg {
		if _, known := props[k]; !known {
			problems = append(problems, fmt.Sprintf("configuration.%s: unknown field (known: %s)", k, strings.Join(sortedNames(props), ", ")))
		}
	}
	problems = append(problems, validateValue("configuration", cfg, t.Schema)...)
	sort.Strings(problems)
	return problems
}

func validateValue(path string, v any, schema map[string]any) []string {
	if schema == nil {
		return nil
	}
	var problems []string
	if typ, ok := schema["type"].(string); ok && v != nil && !hasType(v, typ) {
		return []string{fmt.Sprintf("%s: expected %s, got %s", path, typ, jsonTypeOf(v))}
	}
	if values, ok := schema["enum"].([]any); ok && v != nil {
		found := false
		for _, e := range values {
			if e == v {
				found = true
			}
		}
		if !found {
			problems = append(problems, fmt.Sprintf("%s: must be one of %v", path, values))
		}
	}
	if isReadOnly(schema) && v != nil {
		problems = append(problems, fmt.Sprintf("%s: field is read-only", path))
	}
	switch val := v.(type) {
	case map[string]any:
		props, _ := schema["properties"].(map[string]any)
		for k, fv := range val {
			ps, known := props[k].(map[string]any)
			if !known {
				switch ap := schema["additionalProperties"].(type) {
				case bool:
					if !ap && props != nil {
						problems = append(problems, fmt.Sprintf("%s.%s: unknown field (known: %s)", path, k, strings.Join(sortedNames(props), ", ")))
					}
				case map[string]any:
					problems = append(problems, validateValue(path+"."+k, fv, ap)...)
				}
				continue
			}
			problems = append(problems, validateValue(path+"."+k, fv, ps)...)
		}
	case []any:
		for i, item := range val {
			problems = append(problems, validateValue(fmt.Sprintf("%s[%d]", path, i), item, items(schema))...)
		}
	}
	return problems
}

func sortedNames(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func hasType(v any, typ string) bool {
	switch typ {
	case "string":
		_, ok := v.(string)
		return ok
	case "integer":
		switch n := v.(type) {
		case float64:
			return n == float64(int64(n))
		case json.Number:
			_, err := n.Int64()
			return err == nil
		}
		return false
	case "number":
		switch v.(type) {
		case float64, json.Number:
			return true
		}
		return false
	case "boolean":
		_, ok := v.(bool)
		return ok
	case "object":
		_, ok := v.(map[string]any)
		return ok
	case "array":
		_, ok := v.([]any)
		return ok
	}
	return true
}

func jsonTypeOf(v any) string {
	switch v.(type) {
	case string:
		return "string"
	case float64, json.Number:
		return "number"
	case bool:
		return "boolean"
	case map[string]any:
		return "object"
	case []any:
		return "array"
	case nil:
		return "null"
	}
	return strings.ToLower(fmt.Sprintf("%T", v))
}
