package polytomic

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// POST /api/connections/test: a configuration alone, or merged over a saved connection; 200 with
// no body when it passes; nothing saved either way.
func TestConnectionTest(t *testing.T) {
	s := start(t)
	_, _, body := s.do("POST", "/api/connections", bearer, postgres("Warehouse"))
	id := data(t, body)["id"].(string)
	cfg := postgres("x")["configuration"]

	// A configuration alone: 200, no body.
	req, _ := http.NewRequest("POST", s.url+"/api/connections/test", strings.NewReader(`{"type":"postgresql","configuration":{"hostname":"db.internal","port":5432,"username":"u","database":"d","password":"p-1"}}`))
	req.Header = bearer.Clone()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if resp.StatusCode != 200 || len(raw) != 0 || resp.Header.Get("X-Polytomic-Version") == "" {
		t.Fatalf("test of a good configuration: %d %q %v", resp.StatusCode, raw, resp.Header)
	}

	// Over a saved connection: the sent keys replace the saved ones, a masked secret keeps its
	// value, and nothing is saved.
	status, _, body := s.do("POST", "/api/connections/test", bearer, map[string]any{
		"type": "postgresql", "connection_id": id, "configuration": map[string]any{"hostname": "db2.internal", "password": "********"},
	})
	if status != 200 || body != nil {
		t.Fatalf("test over a saved connection: %d %v", status, body)
	}
	tests := s.emu.ConnectionTests()
	last := tests[len(tests)-1]
	if last.ConnectionID != id || last.Configuration["hostname"] != "db2.internal" || last.Configuration["password"] != "s3cret-pw" || last.Configuration["database"] != "dw" {
		t.Fatalf("what was tested: %+v", last)
	}
	if stored := s.emu.StoredConfiguration(id); stored["hostname"] != "db.internal" {
		t.Fatalf("a test saved its configuration: %v", stored)
	}

	for _, tc := range []struct {
		name   string
		body   map[string]any
		status int
		msg    string
	}{
		{"no type", map[string]any{"configuration": cfg}, 400, "type is required"},
		{"unknown type", map[string]any{"type": "nosuch", "configuration": cfg}, 400, `unknown connection type "nosuch"`},
		{"unknown connection", map[string]any{"type": "postgresql", "connection_id": "0f6e1c52-0000-4000-8000-000000000000"}, 404, "not found"},
		{"other type", map[string]any{"type": "csv", "connection_id": id, "configuration": map[string]any{}}, 400, "does not match the type of connection"},
		{"invalid configuration", map[string]any{"type": "postgresql", "configuration": map[string]any{"hostname": "h"}}, 400, "configuration.database: required field is missing"},
		{"unreachable", map[string]any{"type": "postgresql", "connection_id": id, "configuration": map[string]any{"hostname": "unreachable.internal"}}, 400, "connection test failed: could not reach the upstream service"},
	} {
		status, _, body := s.do("POST", "/api/connections/test", bearer, tc.body)
		if msg, _ := body["message"].(string); status != tc.status || !strings.Contains(msg, tc.msg) || body["status"] != float64(tc.status) {
			t.Errorf("%s: %d %v, want %d %q", tc.name, status, body, tc.status, tc.msg)
		}
	}
	if status, _, _ := s.do("POST", "/api/connections/test", nil, map[string]any{"type": "csv"}); status != 401 {
		t.Errorf("no credentials: %d", status)
	}

	// The control lists every test, without the values.
	resp, err = http.Get(s.url + "/_emulator/polytomic/connection-tests")
	if err != nil {
		t.Fatal(err)
	}
	raw, _ = io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	var listed []ConnectionTest
	if err := json.Unmarshal(raw, &listed); err != nil || len(listed) != 8 || strings.Contains(string(raw), "s3cret-pw") || strings.Contains(string(raw), "p-1") {
		t.Fatalf("connection-tests control: %v %s", err, raw)
	}
	if listed[1].Status != 200 || listed[1].ConnectionID != id || strings.Join(listed[1].Keys, ",") != "database,hostname,password,port,username" {
		t.Errorf("listed test: %+v", listed[1])
	}
}

// The validation hold holds connection tests too, until released.
func TestConnectionTestHeldByValidationHold(t *testing.T) {
	s := start(t)
	if status, _, _ := s.do("POST", "/_emulator/polytomic/validation/hold", nil, nil); status != 204 {
		t.Fatalf("hold: %d", status)
	}
	done := make(chan int, 1)
	go func() {
		req, _ := http.NewRequest("POST", s.url+"/api/connections/test", strings.NewReader(`{"type":"csv","configuration":{"url":"https://example.com/a.csv"}}`))
		req.Header = bearer.Clone()
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			done <- 0
			return
		}
		_ = resp.Body.Close()
		done <- resp.StatusCode
	}()
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(20 * time.Millisecond) {
		_, _, st := s.do("GET", "/_emulator/polytomic/validation", nil, nil)
		if st["held"] == float64(1) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the test was never held")
		}
	}
	select {
	case status := <-done:
		t.Fatalf("a held test answered %d", status)
	default:
	}
	s.do("POST", "/_emulator/polytomic/validation/release", nil, nil)
	if status := <-done; status != 200 {
		t.Fatalf("released test: %d", status)
	}
}
