package jim

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// historyServer is a JIM that answers a File connector definition, a change-history list whose
// newest row is version 3 (with or without its diff, as JIM releases differ) and version 3's
// snapshot, and counts the requests by kind.
type historyServer struct {
	mu     sync.Mutex
	counts map[string]int
}

const (
	fileDefinition = `{"id":2,"name":"JIM File Connector","settings":[
		{"id":11,"name":"File Path","type":"File"},{"id":12,"name":"Delimiter","type":"String","defaultStringValue":","},
		{"id":13,"name":"Stop On First Error","type":"CheckBox","defaultCheckboxValue":false},{"id":14,"name":"Api Token","type":"StringEncrypted"}]}`
	// Version 3 as a snapshot's settingValues: Delimiter was changed to ";" and Stop On First Error
	// cleared in JIM; the secret is a hash.
	snapshotItems = `{"key":"File Path","label":"File Path","nodeType":"Scalar","itemId":11,"value":"/data/hr.csv"},
		{"key":"Delimiter","label":"Delimiter","nodeType":"Scalar","itemId":12,"value":";"},
		{"key":"Api Token","label":"Api Token","nodeType":"Scalar","itemId":14,"isSecret":true,"value":"q83vEjRWeJ=="}`
	// The same version as the list row's diff against version 2: unchanged settings carry their
	// value too, a removed one only its old value, a secret no value at all.
	diffItems = `{"key":"File Path","label":"File Path","nodeType":"Scalar","itemId":11,"changeType":"Unchanged","oldValue":"/data/hr.csv","newValue":"/data/hr.csv"},
		{"key":"Delimiter","label":"Delimiter","nodeType":"Scalar","itemId":12,"changeType":"Modified","oldValue":",","newValue":";"},
		{"key":"Api Token","label":"Api Token","nodeType":"Scalar","itemId":14,"isSecret":true,"changeType":"Modified"},
		{"key":"Stop On First Error","label":"Stop On First Error","nodeType":"Scalar","itemId":13,"changeType":"Removed","oldValue":"true"}`
)

func (h *historyServer) handler(withDiff bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		h.mu.Lock()
		defer h.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		switch {
		case strings.Contains(r.URL.Path, "/connector-definitions/by-name/"):
			h.counts["definition"]++
			_, _ = w.Write([]byte(fileDefinition))
		case strings.HasSuffix(r.URL.Path, "/change-history"):
			h.counts["list"]++
			if r.URL.Query().Get("pageSize") != "1" {
				http.Error(w, "the provider must ask for the newest row only", http.StatusBadRequest)
				return
			}
			diff := `null`
			if withDiff {
				diff = `{"objectType":"ConnectedSystem","oldVersion":2,"newVersion":3,"root":{"key":"connectedSystem","nodeType":"Object","changeType":"Modified","children":[
					{"key":"name","nodeType":"Scalar","changeType":"Unchanged","oldValue":"HR","newValue":"HR"},
					{"key":"settingValues","nodeType":"Collection","changeType":"Modified","children":[` + diffItems + `]}]}}`
			}
			_, _ = w.Write([]byte(`{"items":[{"version":3,"operation":"Update","summary":"Settings","diff":` + diff + `}],"totalCount":3,"page":1,"pageSize":1}`))
		case strings.HasSuffix(r.URL.Path, "/change-history/3"):
			h.counts["snapshot"]++
			_, _ = w.Write([]byte(`{"version":3,"snapshot":{"schemaVersion":1,"objectType":"ConnectedSystem","root":{"key":"connectedSystem","nodeType":"Object","children":[
				{"key":"name","nodeType":"Scalar","value":"HR"},{"key":"settingValues","nodeType":"Collection","children":[` + snapshotItems + `]}]}}}`))
		default:
			http.NotFound(w, r)
		}
	}
}

// A changed system's settings cost one request when JIM's list rows carry their diff (the
// newest row holds every setting of that version), and the snapshot too only when they do not;
// both give the same settings: a changed value, a setting cleared in JIM, secrets never compared.
func TestReadSettingsFromTheNewestRow(t *testing.T) {
	for _, tc := range []struct {
		name      string
		withDiff  bool
		snapshots int
	}{
		{"list rows carry diffs", true, 0},
		{"list rows without diffs", false, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := &historyServer{counts: map[string]int{}}
			c := fakeJIM(t, h.handler(tc.withDiff))
			m := connectedSystemModel{Settings: types.MapValueMust(types.StringType, map[string]attr.Value{
				"File Path": types.StringValue("/data/hr.csv"), "Delimiter": types.StringValue(","),
				"Stop On First Error": types.StringValue("true"),
			})}
			version, ok := c.readSettings(context.Background(), 7, "JIM File Connector", &m, "2")
			if !ok || version != "3" {
				t.Fatalf("readSettings = %q, %v; want version 3", version, ok)
			}
			got := map[string]string{}
			for k, v := range m.Settings.Elements() {
				got[k] = v.(types.String).ValueString()
			}
			want := map[string]string{"File Path": "/data/hr.csv", "Delimiter": ";", "Stop On First Error": "false"}
			for k, v := range want {
				if got[k] != v {
					t.Errorf("settings[%q] = %q, want %q (all: %v)", k, got[k], v, got)
				}
			}
			if h.counts["list"] != 1 || h.counts["snapshot"] != tc.snapshots {
				t.Errorf("requests: %d list, %d snapshot; want 1 and %d", h.counts["list"], h.counts["snapshot"], tc.snapshots)
			}

			// The version the state already reflects costs the list alone, and changes nothing.
			h.counts = map[string]int{}
			before := m.Settings
			if version, ok := c.readSettings(context.Background(), 7, "JIM File Connector", &m, "3"); !ok || version != "3" {
				t.Fatalf("readSettings at the seen version = %q, %v", version, ok)
			}
			if !m.Settings.Equal(before) || h.counts["list"] != 1 || h.counts["snapshot"] != 0 {
				t.Errorf("seen version: settings %v, requests %v", m.Settings, h.counts)
			}
		})
	}
}
