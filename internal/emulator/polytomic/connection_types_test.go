package polytomic

import (
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"
)

// flatten lists every subschema of a served schema by path: "auth.basic.password",
// "headers[].value" (items of an array).
func flatten(prefix string, schema map[string]any, out map[string]map[string]any) {
	props, _ := schema["properties"].(map[string]any)
	for k, v := range props {
		sub, _ := v.(map[string]any)
		p := k
		if prefix != "" {
			p = prefix + "." + k
		}
		out[p] = sub
		flatten(p, sub, out)
		if it, ok := sub["items"].(map[string]any); ok {
			out[p+"[]"] = it
			flatten(p+"[]", it, out)
		}
	}
}

func pathsWhere(all map[string]map[string]any, keep func(map[string]any) bool) []string {
	var out []string
	for p, s := range all {
		if keep(s) {
			out = append(out, p)
		}
	}
	sort.Strings(out)
	return out
}

// Each served schema has the shape of the vendor's published one (connection_types.go names the
// sources): its fields, which are required, sensitive and read-only, the JSON types and enums.
func TestConnectionTypeSchemasMatchVendor(t *testing.T) {
	s := start(t)
	for _, tc := range []struct {
		id        string
		required  []string
		top       []string
		sensitive []string
		readOnly  []string
		types     map[string]string
		enums     map[string][]any
		closed    []string // objects with additionalProperties false
	}{
		{
			id: "csv", required: []string{"url"},
			top: []string{"auth", "headers", "parameters", "url"},
			// As published: the auth block's secrets are not marked sensitive.
			sensitive: nil,
			types: map[string]string{
				"url": "string", "headers": "array", "headers[]": "object", "headers[].name": "string", "headers[].value": "string",
				"parameters[].name": "string", "parameters[].value": "string", "auth": "object",
				"auth.basic": "object", "auth.basic.username": "string", "auth.basic.password": "string",
				"auth.header": "object", "auth.header.name": "string", "auth.header.value": "string",
				"auth.query": "array", "auth.query[].name": "string", "auth.query[].value": "string",
				"auth.oauth": "object", "auth.oauth.client_id": "string", "auth.oauth.client_secret": "string",
				"auth.oauth.token_endpoint": "string", "auth.oauth.extra_form_data[].value": "string",
				"auth.oauth.scopes": "array", "auth.oauth.scopes[]": "string", "auth.oauth.auth_style": "integer",
			},
			closed: []string{"auth", "auth.basic", "auth.header", "auth.oauth", "auth.query[]", "headers[]", "parameters[]", "auth.oauth.extra_form_data[]"},
		},
		{
			id: "postgresql", required: []string{"hostname", "username", "password", "database", "port"},
			top: []string{"ca_cert", "change_detection", "client_certificate", "client_certs", "client_key", "database", "hostname",
				"password", "port", "publication", "ssh", "ssh_host", "ssh_port", "ssh_private_key", "ssh_user", "ssl", "username"},
			sensitive: []string{"ca_cert", "client_certificate", "client_key", "password", "ssh_private_key"},
			types:     map[string]string{"port": "integer", "ssl": "boolean", "ssh_port": "integer", "hostname": "string"},
		},
		{
			id: "snowflake", required: []string{"account", "username", "dbname"},
			top: []string{"account", "bulk_sync_staging_schema", "dbname", "key_pair_auth", "params", "password", "private_key",
				"private_key_passphrase", "use_bulk_sync_staging_schema", "username", "warehouse"},
			sensitive: []string{"password", "private_key", "private_key_passphrase"},
			types:     map[string]string{"params": "string", "key_pair_auth": "boolean", "use_bulk_sync_staging_schema": "boolean"},
		},
		{
			id: "salesforce", required: []string{"domain", "connect_mode"},
			top: []string{"client_id", "client_secret", "connect_mode", "daily_api_calls", "domain", "enable_multicurrency_lookup",
				"enable_tooling", "enforce_api_limits", "instance_url_override", "oauth_refresh_token", "oauth_token_expiry", "username"},
			sensitive: []string{"client_id", "client_secret", "oauth_refresh_token"},
			readOnly:  []string{"instance_url_override", "oauth_token_expiry", "username"},
			types:     map[string]string{"daily_api_calls": "integer", "enforce_api_limits": "boolean"},
			enums:     map[string][]any{"connect_mode": {"browser", "clientcredentials", "code", "api"}},
		},
	} {
		t.Run(tc.id, func(t *testing.T) {
			status, _, schema := s.do("GET", "/api/connection_types/"+tc.id, bearer, nil)
			if status != 200 || schema["$schema"] != "https://json-schema.org/draft/2020-12/schema" || schema["type"] != "object" {
				t.Fatalf("schema: %d %v", status, schema)
			}
			if got := fmt.Sprint(schema["required"]); got != fmt.Sprint(tc.required) {
				t.Errorf("required = %s, want %v", got, tc.required)
			}
			// The published schemas leave the root open (unknown keys are an emulator rule).
			if _, ok := schema["additionalProperties"]; ok {
				t.Errorf("root additionalProperties = %v; the vendor's schema has none", schema["additionalProperties"])
			}
			props, _ := schema["properties"].(map[string]any)
			if got := sortedNames(props); !reflect.DeepEqual(got, tc.top) {
				t.Errorf("fields = %v\nwant     %v", got, tc.top)
			}
			all := map[string]map[string]any{}
			flatten("", schema, all)
			if got := pathsWhere(all, func(s map[string]any) bool { return s["sensitive"] == true }); !reflect.DeepEqual(got, tc.sensitive) {
				t.Errorf("sensitive = %v, want %v", got, tc.sensitive)
			}
			if got := pathsWhere(all, func(s map[string]any) bool { return s["readOnly"] == true }); !reflect.DeepEqual(got, tc.readOnly) && len(got)+len(tc.readOnly) > 0 {
				t.Errorf("readOnly = %v, want %v", got, tc.readOnly)
			}
			for p, typ := range tc.types {
				if all[p] == nil || all[p]["type"] != typ {
					t.Errorf("%s: type %v, want %s", p, all[p]["type"], typ)
				}
			}
			for p, want := range tc.enums {
				if !reflect.DeepEqual(all[p]["enum"], want) {
					t.Errorf("%s: enum %v, want %v", p, all[p]["enum"], want)
				}
			}
			for _, p := range tc.closed {
				if all[p] == nil || all[p]["additionalProperties"] != false {
					t.Errorf("%s must refuse unknown keys: %v", p, all[p])
				}
			}
		})
	}
}

func csvWithAuth(name string) map[string]any {
	return map[string]any{
		"name": name, "type": "csv",
		"configuration": map[string]any{
			"url":        "https://example.com/a.csv",
			"headers":    []any{map[string]any{"name": "Accept", "value": "text/csv"}},
			"parameters": []any{map[string]any{"name": "day", "value": "monday"}},
			"auth": map[string]any{
				"basic":  map[string]any{"username": "reader", "password": "basic-pw"},
				"header": map[string]any{"name": "X-Api-Key", "value": "header-key"},
				"query":  []any{map[string]any{"name": "token", "value": "query-token"}},
				"oauth":  map[string]any{"client_id": "cid", "client_secret": "oauth-secret", "scopes": []any{"read"}, "auth_style": 1},
			},
		},
	}
}

// The csv schema marks none of its auth secrets sensitive, as published: Polytomic returns them
// in clear on every read, and an update replaces them like any other value (one left out is gone).
func TestCSVAuthSecretsAreNotSensitive(t *testing.T) {
	s := start(t)
	status, _, body := s.do("POST", "/api/connections", bearer, csvWithAuth("Prices"))
	if status != 200 {
		t.Fatalf("create: %d %v", status, body)
	}
	id := data(t, body)["id"].(string)
	_, _, body = s.do("GET", "/api/connections/"+id, bearer, nil)
	auth := data(t, body)["configuration"].(map[string]any)["auth"].(map[string]any)
	basic, header := auth["basic"].(map[string]any), auth["header"].(map[string]any)
	query, oauth := auth["query"].([]any)[0].(map[string]any), auth["oauth"].(map[string]any)
	if basic["password"] != "basic-pw" || header["value"] != "header-key" || query["value"] != "query-token" || oauth["client_secret"] != "oauth-secret" {
		t.Fatalf("the auth values are returned as stored: %v", auth)
	}
	stored := func() map[string]any { return s.emu.StoredConfiguration(id)["auth"].(map[string]any) }

	// A full replacement: what is left out is gone, the mask is stored as sent.
	update := map[string]any{"name": "Prices", "configuration": map[string]any{
		"url": "https://example.com/b.csv",
		"auth": map[string]any{
			"basic":  map[string]any{"username": "reader2"},
			"header": map[string]any{"name": "X-Api-Key", "value": "****"},
		},
	}}
	if status, _, body := s.do("PUT", "/api/connections/"+id, bearer, update); status != 200 {
		t.Fatalf("PUT: %d %v", status, body)
	}
	got := stored()
	if _, kept := got["basic"].(map[string]any)["password"]; kept || got["header"].(map[string]any)["value"] != "****" || got["query"] != nil || got["oauth"] != nil {
		t.Fatalf("an update replaces the auth block as sent: %v", got)
	}
}

// The emulator's own check of configurations names the field by its path and what is allowed.
func TestConfigurationValidationAtDepth(t *testing.T) {
	s := start(t)
	for _, tc := range []struct {
		typ  string
		edit func(cfg map[string]any)
		want string
	}{
		{"csv", func(c map[string]any) { c["headers"] = []any{map[string]any{"name": "A", "value": 1}} }, "configuration.headers[0].value: expected string, got number"},
		{"csv", func(c map[string]any) { c["parameters"] = []any{map[string]any{"name": "A", "value": true}} }, "configuration.parameters[0].value: expected string, got boolean"},
		{"csv", func(c map[string]any) { c["auth"] = map[string]any{"bearer": map[string]any{"token": "t"}} }, "configuration.auth.bearer: unknown field (known: basic, header, oauth, query)"},
		{"csv", func(c map[string]any) { c["auth"] = map[string]any{"oauth": map[string]any{"auth_style": "x"}} }, "configuration.auth.oauth.auth_style: expected integer, got string"},
		{"csv", func(c map[string]any) { c["auth"] = map[string]any{"basic": map[string]any{"user": "u"}} }, "configuration.auth.basic.user: unknown field (known: password, username)"},
		{"csv", func(c map[string]any) { c["colour"] = "blue" }, "configuration.colour: unknown field (known: auth, headers, parameters, url)"},
		{"salesforce", func(c map[string]any) { c["connect_mode"] = "jwt" }, "configuration.connect_mode: must be one of [browser clientcredentials code api]"},
		{"salesforce", func(c map[string]any) { delete(c, "connect_mode") }, "configuration.connect_mode: required field is missing"},
		{"salesforce", func(c map[string]any) { c["username"] = "u" }, "configuration.username: field is read-only"},
		{"snowflake", func(c map[string]any) { c["params"] = map[string]any{"a": "b"} }, "configuration.params: expected string, got object"},
	} {
		cfg := map[string]map[string]any{
			"csv":        {"url": "https://example.com/a.csv"},
			"salesforce": {"domain": "acme.my.salesforce.com", "connect_mode": "browser"},
			"snowflake":  {"account": "a", "username": "u", "dbname": "d"},
		}[tc.typ]
		tc.edit(cfg)
		status, _, body := s.do("POST", "/api/connections", bearer, map[string]any{"name": "x", "type": tc.typ, "configuration": cfg, "validate": false})
		msg, _ := body["message"].(string)
		if status != 422 || !strings.Contains(msg, tc.want) {
			t.Errorf("%s %v: %d %q, want 422 naming %q", tc.typ, cfg, status, msg, tc.want)
		}
	}
	// The unedited configurations are valid.
	for typ, cfg := range map[string]map[string]any{
		"csv":        csvWithAuth("ok")["configuration"].(map[string]any),
		"salesforce": {"domain": "acme.my.salesforce.com", "connect_mode": "api", "client_id": "i", "client_secret": "s"},
		"snowflake":  {"account": "a", "username": "u", "dbname": "d", "params": "a=b"},
	} {
		if status, _, body := s.do("POST", "/api/connections", bearer, map[string]any{"name": typ, "type": typ, "configuration": cfg, "validate": false}); status != 200 {
			t.Errorf("%s: %d %v", typ, status, body)
		}
	}
}
