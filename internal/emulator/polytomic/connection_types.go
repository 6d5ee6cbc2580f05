package polytomic

import (
	"encoding/json"
	"fmt"
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

// The schemas follow the shape of the vendor's published schemas: JSON Schema 2020-12 with the
// non-standard keywords "sensitive" (redacted on every read) and "password".
var connectionTypes = map[string]*connectionType{
	"postgresql": {
		ID: "postgresql", Name: "PostgreSQL",
		Operations: []string{"bulksyncsource", "bulksyncdest", "modelsyncsource", "modelsyncdest"},
		Schema: objectSchema("postgresql", []string{"hostname", "username", "password", "database", "port"}, map[string]any{
			"hostname":           prop("string", "Hostname"),
			"username":           prop("string", "Username"),
			"password":           secret(prop("string", "Password"), true),
			"database":           prop("string", "Database"),
			"port":               prop("integer", "Port"),
			"ssl":                prop("boolean", "Use SSL"),
			"ssh":                prop("boolean", "Connect over SSH tunnel"),
			"ssh_user":           prop("string", "SSH user"),
			"ssh_host":           prop("string", "SSH host"),
			"ssh_port":           prop("integer", "SSH port"),
			"ssh_private_key":    secret(prop("string", "Private key"), false),
			"client_certs":       prop("boolean", "Use client certificates"),
			"client_certificate": secret(prop("string", "Client certificate"), false),
			"client_key":         secret(prop("string", "Client key"), false),
			"ca_cert":            secret(prop("string", "CA certificate"), false),
			"change_detection":   prop("boolean", "Use logical replication for bulk syncs"),
			"publication":        prop("string", "Publication"),
		}),
	},
	"snowflake": {
		ID: "snowflake", Name: "Snowflake",
		Operations: []string{"bulksyncsource", "bulksyncdest", "modelsyncsource"},
		Schema: objectSchema("snowflake", []string{"account", "username", "dbname"}, map[string]any{
			"account":                prop("string", "Account"),
			"username":               prop("string", "Username"),
			"password":               secret(prop("string", "Password"), true),
			"dbname":                 prop("string", "Database"),
			"warehouse":              prop("string", "Warehouse"),
			"role":                   prop("string", "Role"),
			"key_pair_auth":          prop("boolean", "Use key pair authentication"),
			"private_key":            secret(prop("string", "Private key"), false),
			"private_key_passphrase": secret(prop("string", "Private key passphrase"), true),
			"params": map[string]any{
				"type": "object", "title": "Additional connection parameters",
				"additionalProperties": map[string]any{"type": "string"},
			},
		}),
	},
	"salesforce": {
		ID: "salesforce", Name: "Salesforce", UseOAuth: true,
		Operations: []string{"modelsyncsource", "modelsyncdest", "bulksyncsource"},
		Schema: objectSchema("salesforce", []string{"domain"}, map[string]any{
			"domain":              prop("string", "Domain"),
			"connect_mode":        enum(prop("string", "Connection mode"), "browser", "jwt"),
			"client_id":           prop("string", "Client ID"),
			"client_secret":       secret(prop("string", "Client secret"), false),
			"username":            prop("string", "Username"),
			"private_key":         secret(prop("string", "JWT private key"), false),
			"daily_api_calls":     prop("integer", "Daily API call limit"),
			"concurrent_queries":  prop("integer", "Concurrent query limit"),
			"enforce_api_limits":  prop("boolean", "Enforce API limits"),
			"oauth_refresh_token": readOnly(secret(prop("string", "OAuth refresh token"), false)),
		}),
	},
	"csv": {
		ID: "csv", Name: "CSV URL",
		Operations: []string{"modelsyncsource", "bulksyncsource"},
		Schema: objectSchema("csv", []string{"url"}, map[string]any{
			"url": prop("string", "Base URL"),
			"headers": map[string]any{
				"type": "array", "title": "Headers",
				"items": map[string]any{"type": "object", "additionalProperties": false, "properties": map[string]any{
					"name": prop("string", "Name"), "value": map[string]any{"title": "Value"},
				}},
			},
			"parameters": map[string]any{
				"type": "array", "title": "Query string parameters",
				"items": map[string]any{"type": "object", "additionalProperties": false, "properties": map[string]any{
					"name": prop("string", "Name"), "value": map[string]any{"title": "Value"},
				}},
			},
		}),
	},
}

func objectSchema(id string, required []string, properties map[string]any) map[string]any {
	return map[string]any{
		"$schema":              "https://json-schema.org/draft/2020-12/schema",
		"$id":                  "https://github.com/polytomic/app/services/polytomic/backend/" + id + "/connection-conf",
		"type":                 "object",
		"properties":           properties,
		"required":             required,
		"additionalProperties": false,
	}
}

func prop(typ, title string) map[string]any { return map[string]any{"type": typ, "title": title} }

func secret(p map[string]any, password bool) map[string]any {
	p["sensitive"] = true
	if password {
		p["password"] = true
	}
	return p
}

func readOnly(p map[string]any) map[string]any {
	p["readOnly"] = true
	return p
}

func enum(p map[string]any, values ...string) map[string]any {
	vs := make([]any, len(values))
	for i, v := range values {
		vs[i] = v
	}
	p["enum"] = vs
	return p
}

func (t *connectionType) properties() map[string]any {
	p, _ := t.Schema["properties"].(map[string]any)
	return p
}

// sensitive reports whether a top-level configuration key is redacted on reads.
func (t *connectionType) sensitive(key string) bool {
	p, _ := t.properties()[key].(map[string]any)
	s, _ := p["sensitive"].(bool)
	return s
}

func (t *connectionType) required() []string {
	r, _ := t.Schema["required"].([]string)
	return r
}

func (t *connectionType) summary() map[string]any {
	return map[string]any{
		"id":         t.ID,
		"name":       t.Name,
		"logo_url":   "https://connect-assets.polytomic.com/logos/" + t.ID + ".svg",
		"operations": t.Operations,
		"use_oauth":  t.UseOAuth,
	}
}

// validateConfiguration checks a complete configuration (secrets included) against the type's
// schema: required keys, unknown keys, JSON types, enums and read-only keys. It returns one
// message per problem, naming the field.
func (t *connectionType) validateConfiguration(cfg map[string]any) []string {
	var problems []string
	for _, k := range t.required() {
		if v, ok := cfg[k]; !ok || v == nil || v == "" {
			problems = append(problems, fmt.Sprintf("configuration.%s: required field is missing", k))
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
	if ro, _ := schema["readOnly"].(bool); ro && v != nil {
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
						problems = append(problems, fmt.Sprintf("%s.%s: unknown field", path, k))
					}
				case map[string]any:
					problems = append(problems, validateValue(path+"."+k, fv, ap)...)
				}
				continue
			}
			problems = append(problems, validateValue(path+"."+k, fv, ps)...)
		}
	case []any:
		items, _ := schema["items"].(map[string]any)
		for i, item := range val {
			problems = append(problems, validateValue(fmt.Sprintf("%s[%d]", path, i), item, items)...)
		}
	}
	return problems
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
