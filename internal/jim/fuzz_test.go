package jim

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"
)

// Connected system import ids: a positive integer (spaces around it allowed), nothing else.
func FuzzParseID(f *testing.F) {
	for _, s := range []string{"12", " 12 ", "0", "-1", "+7", "1e3", "0x10", "", "12/7", "9223372036854775807", "9223372036854775808", "١٢", "12\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		id, err := parseID(s)
		if err != nil {
			if !strings.Contains(err.Error(), "not a JIM connected system id") {
				t.Errorf("unclear error for %q: %v", s, err)
			}
			return
		}
		if id <= 0 {
			t.Fatalf("%q parsed to %d", s, id)
		}
		if back, _ := strconv.ParseInt(strings.TrimSpace(s), 10, 64); back != id {
			t.Fatalf("%q parsed to %d", s, id)
		}
	})
}

// The change-history decoders (a paginated envelope, rows with or without a
// diff; a snapshot tree with or without its settingValues collection) never panic on what a server
// sends, and a 200 they cannot read is an error, not a guess.
func FuzzChangeHistoryDecoders(f *testing.F) {
	for _, s := range []string{
		`[{"version":2},{"version":1}]`, `{"items":[{"version":3}]}`, `[]`, `{}`, `null`, ``, `<html>`, `[1,2]`, `{"items":null}`,
		`{"items":[{"version":3,"diff":{"root":{"key":"connectedSystem","children":[{"key":"settingValues","children":[{"itemId":1,"label":"Host","newValue":"x","changeType":"Modified"},{"itemId":2,"changeType":2}]}]}}}]}`,
		`{"items":[{"version":3,"diff":{"root":null}}]}`, `{"items":[{"version":3,"diff":{"root":{"children":"oops"}}}]}`,
		`{"snapshot":{"root":{"key":"connectedSystem","children":[{"key":"settingValues","nodeType":"Collection","children":[{"itemId":1,"label":"Host","value":"x","isSecret":false}]}]}}}`,
		`{"snapshot":null}`, `{"snapshot":{"root":{"settingValues":[]}}}`, `{"snapshot":{"root":{"children":[{"key":"settingValues","children":[{"itemId":null}]}]}}}`, `{"version":"2"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		c := fakeJIM(t, func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write(body)
		})
		if l, err := c.LatestChange(context.Background(), 1); err == nil && l.Version < 0 {
			t.Fatalf("negative version %d from %q", l.Version, body)
		}
		if m, err := c.SettingsAt(context.Background(), 1, 1); err == nil && m == nil {
			t.Fatalf("no settings and no error from %q", body)
		}
	})
}
