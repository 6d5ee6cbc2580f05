package polytomic

import (
	"encoding/json"
	"os"
	"reflect"
	"strings"
	"testing"
)

// csvSchema is the csv schema the emulator serves (the vendor's, with its auth block).
func csvSchema(t *testing.T) *TypeSchema {
	t.Helper()
	b, err := os.ReadFile("../emulator/polytomic/schemas/csv.json")
	if err != nil {
		t.Fatal(err)
	}
	var root map[string]any
	if err := json.Unmarshal(b, &root); err != nil {
		t.Fatal(err)
	}
	return &TypeSchema{TypeID: "csv", Root: root}
}

func decode(t *testing.T, s string) map[string]any {
	t.Helper()
	var out map[string]any
	if err := json.Unmarshal([]byte(s), &out); err != nil {
		t.Fatalf("%s: %v", s, err)
	}
	return out
}

func TestCheckConfigurationNested(t *testing.T) {
	s := csvSchema(t)
	problems := func(public, secret string) string {
		var out []string
		for _, p := range s.CheckConfiguration(decode(t, public), decode(t, secret), true) {
			out = append(out, p.Attribute+"/"+p.Field+": "+p.Message)
		}
		return strings.Join(out, "\n")
	}
	for _, ok := range [][2]string{
		{`{"url":"u","auth":{"basic":{"username":"u"}}}`, `{"auth":{"basic":{"password":"p"}}}`},
		{`{"url":"u","auth":{"header":{"name":"X-Key"}}}`, `{"auth":{"header":{"value":"k"}}}`},
		{`{"url":"u","auth":{"query":[{"name":"a"},{"name":"b"}]}}`, `{"auth":{"query":[{"value":"1"},{"value":"2"}]}}`},
		{`{"url":"u","auth":{"oauth":{"client_id":"i","scopes":["r"],"auth_style":1,"extra_form_data":[{"name":"n","value":"v"}]}}}`, `{"auth":{"oauth":{"client_secret":"s"}}}`},
		{`{"url":"u","headers":[{"name":"Accept","value":"text/csv"}],"parameters":[{"name":"d","value":"1"}]}`, `{}`},
	} {
		if got := problems(ok[0], ok[1]); got != "" {
			t.Errorf("%s + %s: %s", ok[0], ok[1], got)
		}
	}
	for _, tc := range []struct{ public, secret, want string }{
		{`{"url":"u","headers":[{"name":"A","value":1}]}`, `{}`, "configuration/headers[0].value: expected a JSON string, got a number"},
		{`{"url":"u","parameters":[{"name":"A","value":"x"},{"name":"B","value":{"a":1}}]}`, `{}`, "configuration/parameters[1].value: expected a JSON string, got an object"},
		{`{"url":"u","auth":{"bearer":{"token":"t"}}}`, `{}`, "configuration/auth.bearer: unknown field; allowed in auth: basic, header, oauth, query"},
		{`{"url":"u","auth":{"basic":{"username":"u","password":"p"}}}`, `{}`,
			// csv's schema does not mark it sensitive; its name says it is a secret.
			"configuration/auth.basic.password: this field holds a secret (Polytomic's schema does not mark it sensitive, so Polytomic shows it in clear): move it to sensitive_configuration_wo, which is never stored in state (at the same path: { auth = { basic = { password = ... } } })"},
		{`{"url":"u","auth":{"query":[{"name":"a","value":"s"}]}}`, `{}`, "configuration/auth.query[0].value: this field holds a secret"},
		{`{"url":"u","auth":{"header":{"name":"a","value":"s"}}}`, `{}`, "configuration/auth.header.value: this field holds a secret"},
		{`{"url":"u","auth":{"oauth":{"client_secret":"s"}}}`, `{}`, "configuration/auth.oauth.client_secret: this field holds a secret"},
		{`{"url":"u"}`, `{"auth":{"basic":{"username":"u","password":"p"}}}`, "sensitive_configuration_wo/auth.basic.username: this field is not sensitive: move it to configuration"},
		{`{"url":"u"}`, `{"headers":[{"name":"a","value":"b"}]}`, "sensitive_configuration_wo/headers: this field is not sensitive"},
		{`{"url":"u","auth":{"query":[{"name":"a"}]}}`, `{"auth":{"query":[{"value":"1"},{"value":"2"}]}}`,
			"sensitive_configuration_wo/auth.query: has 2 items here and 1 in configuration"},
		{`{"url":"u","auth":{"oauth":{"auth_style":"x"}}}`, `{}`, "configuration/auth.oauth.auth_style: expected a JSON integer, got a string"},
		{`{"url":"u"}`, `{"auth":{"oauth":{"client_secret":5}}}`, "sensitive_configuration_wo/auth.oauth.client_secret: expected a JSON string, got a number"},
		{`{"url":"u","auth":"basic"}`, `{}`, "configuration/auth: expected a JSON object, got a string"},
	} {
		got := problems(tc.public, tc.secret)
		if !strings.Contains(got, tc.want) {
			t.Errorf("%s + %s:\ngot  %q\nwant %q", tc.public, tc.secret, got, tc.want)
		}
		if strings.Contains(got, `"p"`) || strings.Contains(got, `"s"`) {
			t.Errorf("a value is quoted in %q", got)
		}
	}
}

func TestHCLShape(t *testing.T) {
	for path, want := range map[string]string{
		"auth.basic.password": "{ auth = { basic = { password = ... } } }",
		"auth.query[0].value": "{ auth = { query = [{ value = ... }] } }",
		"auth.query[2].value": "{ auth = { query = [/* item 2 */ { value = ... }] } }",
		"password":            "{ password = ... }",
		"auth.header.value":   "{ auth = { header = { value = ... } } }",
	} {
		if got := hclShape(path); got != want {
			t.Errorf("%s: %s, want %s", path, got, want)
		}
	}
}

func TestMergeConfigurationNested(t *testing.T) {
	public := decode(t, `{"url":"u","auth":{"basic":{"username":"u"},"query":[{"name":"a"},{"name":"b"}]},"headers":[{"name":"h","value":"v"}]}`)
	secret := decode(t, `{"auth":{"basic":{"password":"p"},"query":[{"value":"1"},{"value":"2"}],"oauth":{"client_secret":"s"}}}`)
	want := decode(t, `{"url":"u","headers":[{"name":"h","value":"v"}],"auth":{"basic":{"username":"u","password":"p"},
		"query":[{"name":"a","value":"1"},{"name":"b","value":"2"}],"oauth":{"client_secret":"s"}}}`)
	if got := mergeConfiguration(public, secret); !reflect.DeepEqual(got, want) {
		t.Fatalf("merged:\n%v\nwant\n%v", got, want)
	}
	// The halves are not modified.
	if _, ok := public["auth"].(map[string]any)["basic"].(map[string]any)["password"]; ok {
		t.Fatal("the merge wrote into the public half")
	}
}

func TestPublicConfigurationStripsNestedSecrets(t *testing.T) {
	s := csvSchema(t)
	read := decode(t, `{"url":"u","headers":[{"name":"h","value":"v"}],"auth":{
		"basic":{"username":"u","password":"********"},"header":{"value":"********"},
		"query":[{"name":"a","value":"********"},{"value":"********"}],"oauth":{"client_id":"i","client_secret":"********"}}}`)
	want := decode(t, `{"url":"u","headers":[{"name":"h","value":"v"}],"auth":{
		"basic":{"username":"u"},"query":[{"name":"a"},{}],"oauth":{"client_id":"i"}}}`)
	if got := PublicConfiguration(read, s); !reflect.DeepEqual(got, want) {
		t.Fatalf("public:\n%v\nwant\n%v", got, want)
	}
	// Only secrets in auth: no auth left at all, so a configuration without auth shows no diff.
	if got := PublicConfiguration(decode(t, `{"url":"u","auth":{"basic":{"password":"********"}}}`), s); !reflect.DeepEqual(got, map[string]any{"url": "u"}) {
		t.Fatalf("an auth emptied by stripping must go: %v", got)
	}
	// A secret the API returned unmasked is dropped by the schema alone.
	if got := PublicConfiguration(decode(t, `{"url":"u","auth":{"header":{"name":"n","value":"clear"}}}`), s); strings.Contains(jsonString(t, got), "clear") {
		t.Fatalf("a sensitive value stayed: %v", got)
	}
	// Configured empty objects stay: they were not emptied by stripping.
	if got := PublicConfiguration(decode(t, `{"url":"u","auth":{}}`), s); !reflect.DeepEqual(got, decode(t, `{"url":"u","auth":{}}`)) {
		t.Fatalf("an empty auth configured as such must stay: %v", got)
	}
	if got := SensitiveKeys(read, s); !reflect.DeepEqual(got, []string{"auth.basic.password", "auth.header.value", "auth.oauth.client_secret", "auth.query[0].value", "auth.query[1].value"}) {
		t.Fatalf("sensitive keys: %v", got)
	}
}

func jsonString(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
