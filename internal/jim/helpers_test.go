package jim_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"testing"

	"github.com/syncops/terraform-provider-syncops/internal/acctest"
	emujim "github.com/syncops/terraform-provider-syncops/internal/emulator/jim"
)

// apiHeader authenticates an out-of-band API call made by a test (a change made "in JIM's UI").
func apiHeader() http.Header {
	return http.Header{"X-Api-Key": {emujim.DefaultAPIKey}}
}

func mustJSON(t *testing.T, data []byte, v any) {
	t.Helper()
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("decoding %s: %v", data, err)
	}
}

// connectorID looks a connector definition up by name, as a JIM user would.
func connectorID(t *testing.T, emu *acctest.Emulator, name string) int64 {
	t.Helper()
	status, body := emu.Raw("GET", "/api/v1/synchronisation/connector-definitions/by-name/"+url.PathEscape(name), nil, apiHeader())
	if status != 200 {
		t.Fatalf("connector %q: HTTP %d %s", name, status, body)
	}
	var def struct {
		ID int64 `json:"id"`
	}
	mustJSON(t, body, &def)
	return def.ID
}

// settingID looks a setting id up in a connector definition.
func settingID(t *testing.T, emu *acctest.Emulator, connector, setting string) int64 {
	t.Helper()
	status, body := emu.Raw("GET", "/api/v1/synchronisation/connector-definitions/by-name/"+url.PathEscape(connector), nil, apiHeader())
	if status != 200 {
		t.Fatalf("connector %q: HTTP %d %s", connector, status, body)
	}
	var def struct {
		Settings []struct {
			ID   int64  `json:"id"`
			Name string `json:"name"`
		} `json:"settings"`
	}
	mustJSON(t, body, &def)
	for _, s := range def.Settings {
		if s.Name == setting {
			return s.ID
		}
	}
	t.Fatalf("connector %q has no setting %q", connector, setting)
	return 0
}
