package polytomic

import (
	"encoding/json"
	"testing"
)

func decodeJSON(t *testing.T, s string) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// A read keeps what the configuration manages, at any depth and by array position: Polytomic's own
// fill-ins are left out, a managed value changed in Polytomic and an array item added there show.
func TestProjectOntoConfiguredKeys(t *testing.T) {
	api := decodeJSON(t, `{"url":"https://x/a.csv","ssl":true,"timeout":0,
		"auth":{"basic":{"username":"u","realm":""}},
		"headers":[{"name":"Accept","value":"text/csv","extra":""},{"name":"X-Added","value":"in Polytomic"}]}`)
	configured := decodeJSON(t, `{"url":"https://x/b.csv","auth":{"basic":{"username":"u"}},"headers":[{"name":"Accept","value":"text/csv"}],"gone":"x"}`)
	got, _ := json.Marshal(projectOnto(api, configured))
	want := `{"auth":{"basic":{"username":"u"}},"headers":[{"name":"Accept","value":"text/csv"},{"name":"X-Added","value":"in Polytomic"}],"url":"https://x/a.csv"}`
	if string(got) != want {
		t.Fatalf("projectOnto:\n got %s\nwant %s", got, want)
	}
}

// An import adopts what was set: values equal to the schema's default or, without one, the zero
// value go (at any depth), required fields stay whatever their value, array items keep positions.
func TestWithoutDefaultsKeepsRequiredAndSetValues(t *testing.T) {
	schema := &TypeSchema{Root: decodeJSON(t, `{"type":"object","required":["hostname","port"],"properties":{
		"hostname":{"type":"string"},"port":{"type":"integer","default":5432},"ssl":{"type":"boolean","default":true},
		"ssh":{"type":"boolean"},"ssh_port":{"type":"integer","default":22},"publication":{"type":"string"},
		"auth":{"type":"object","properties":{"basic":{"type":"object","properties":{"username":{"type":"string"},"realm":{"type":"string"}}}}},
		"headers":{"type":"array","items":{"type":"object","properties":{"name":{"type":"string"},"value":{"type":"string"}}}}}}`)}
	api := decodeJSON(t, `{"hostname":"db","port":5432,"ssl":false,"ssh":false,"ssh_port":22,"publication":"",
		"auth":{"basic":{"username":"","realm":""}},"headers":[{"name":"A","value":""},{"name":"B","value":"b"}],"scopes":[]}`)
	got, _ := json.Marshal(withoutDefaults(api, schema))
	want := `{"headers":[{"name":"A"},{"name":"B","value":"b"}],"hostname":"db","port":5432,"ssl":false}`
	if string(got) != want {
		t.Fatalf("withoutDefaults:\n got %s\nwant %s", got, want)
	}
}
