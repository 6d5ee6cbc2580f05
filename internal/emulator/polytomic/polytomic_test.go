package polytomic

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/syncops/terraform-provider-syncops/internal/emulator"
)

type testServer struct {
	t   *testing.T
	url string
	emu *Emulator
	srv *emulator.Server
}

func start(t *testing.T) *testServer {
	t.Helper()
	emu := New(Options{})
	srv := emulator.New(emu)
	run, err := emulator.Start("127.0.0.1:0", "", srv)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = run.Close() })
	return &testServer{t: t, url: run.URL, emu: emu, srv: srv}
}

var bearer = http.Header{"Authorization": {"Bearer " + DefaultAPIKey}}

// do sends a request and decodes the JSON answer (if any) into a generic map.
func (s *testServer) do(method, path string, header http.Header, body any) (int, http.Header, map[string]any) {
	s.t.Helper()
	var r io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		r = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, s.url+path, r)
	for k, vs := range header {
		req.Header[k] = vs
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer func() { _ = resp.Body.Close() }()
	data, _ := io.ReadAll(resp.Body)
	var out map[string]any
	if len(bytes.TrimSpace(data)) > 0 {
		if err := json.Unmarshal(data, &out); err != nil {
			s.t.Fatalf("%s %s: body %q is not a JSON object: %v", method, path, data, err)
		}
	}
	return resp.StatusCode, resp.Header, out
}

func with(h http.Header, kv ...string) http.Header {
	out := h.Clone()
	for i := 0; i+1 < len(kv); i += 2 {
		out.Set(kv[i], kv[i+1])
	}
	return out
}

func postgres(name string) map[string]any {
	return map[string]any{
		"name": name, "type": "postgresql",
		"configuration": map[string]any{
			"hostname": "db.internal", "port": 5432, "username": "sync", "database": "dw", "password": "s3cret-pw",
		},
	}
}

func data(t *testing.T, body map[string]any) map[string]any {
	t.Helper()
	d, ok := body["data"].(map[string]any)
	if !ok {
		t.Fatalf("no data object in %v", body)
	}
	return d
}

func TestAuthenticationAndVersionHeader(t *testing.T) {
	s := start(t)
	status, h, body := s.do("GET", "/api/connections", nil, nil)
	if status != 401 || body["code"] != float64(401) || body["status"] != "Unauthorized" {
		t.Fatalf("no credentials: got %d %v, want the 401 RestErrResponse shape", status, body)
	}
	if h.Get("X-Polytomic-Version") != LatestVersion {
		t.Fatalf("version echo on 401 = %q", h.Get("X-Polytomic-Version"))
	}
	if status, _, _ := s.do("GET", "/api/connections", http.Header{"Authorization": {"Bearer wrong"}}, nil); status != 401 {
		t.Fatalf("bad key: %d", status)
	}
	basicOrg := "Basic " + base64.StdEncoding.EncodeToString([]byte(DefaultOrganizationID+":"+DefaultDeploymentKey))
	basicKeyOnly := "Basic " + base64.StdEncoding.EncodeToString([]byte(DefaultDeploymentKey+":"))
	for _, auth := range []string{"Bearer " + DefaultAPIKey, basicOrg, basicKeyOnly} {
		status, h, _ := s.do("GET", "/api/connections", http.Header{"Authorization": {auth}, "X-Polytomic-Version": {"2023-04-25"}}, nil)
		if status != 200 || h.Get("X-Polytomic-Version") != "2023-04-25" {
			t.Fatalf("auth %q: %d, version %q", auth[:6], status, h.Get("X-Polytomic-Version"))
		}
	}
	status, _, body = s.do("GET", "/api/connections", with(bearer, "X-Polytomic-Version", "2020-01-01"), nil)
	if status != 400 || !strings.Contains(body["message"].(string), "2025-09-18") {
		t.Fatalf("unknown version: %d %v", status, body)
	}
	status, _, body = s.do("GET", "/api/me", bearer, nil)
	if status != 200 || data(t, body)["organization_id"] != DefaultOrganizationID {
		t.Fatalf("/api/me: %d %v", status, body)
	}
}

func TestConnectionTypesAndBareSchema(t *testing.T) {
	s := start(t)
	status, _, body := s.do("GET", "/api/connection_types", bearer, nil)
	list, _ := body["data"].([]any)
	if status != 200 || len(list) < 4 {
		t.Fatalf("types: %d %v", status, body)
	}
	// A listed type has capabilities; operations belong to the type object inside a connection.
	for _, it := range list {
		typ := it.(map[string]any)
		if typ["id"] != "postgresql" {
			continue
		}
		caps, _ := typ["capabilities"].(map[string]any)
		if caps["source"] != true || caps["destination"] != true || caps["enrichment"] != false || typ["operations"] != nil {
			t.Fatalf("postgresql in the type list: %v", typ)
		}
	}
	for _, id := range []string{"postgresql", "snowflake", "salesforce", "csv"} {
		status, _, schema := s.do("GET", "/api/connection_types/"+id, bearer, nil)
		if status != 200 || schema["data"] != nil || schema["properties"] == nil {
			t.Fatalf("%s schema must be a bare JSON Schema: %d %v", id, status, schema)
		}
	}
	_, _, schema := s.do("GET", "/api/connection_types/postgresql", bearer, nil)
	pw := schema["properties"].(map[string]any)["password"].(map[string]any)
	if pw["sensitive"] != true {
		t.Fatalf("postgresql password must be marked sensitive: %v", pw)
	}
	if status, _, body := s.do("GET", "/api/connection_types/nope", bearer, nil); status != 404 || body["status"] != float64(404) {
		t.Fatalf("unknown type: %d %v", status, body)
	}
}

func TestCreateGetListShapesAndMasking(t *testing.T) {
	s := start(t)
	req := postgres("Warehouse")
	req["healthcheck_interval"] = "3h30m"
	status, _, body := s.do("POST", "/api/connections", bearer, req)
	if status != 200 {
		t.Fatalf("create must answer 200, got %d %v", status, body)
	}
	created := data(t, body)
	cfg := created["configuration"].(map[string]any)
	if cfg["password"] != Mask || cfg["hostname"] != "db.internal" {
		t.Fatalf("create answer configuration: %v", cfg)
	}
	if created["healthcheck_interval"] != "3h30m" || created["created_at"] != nil {
		t.Fatalf("create answer uses CreateConnectionResponseSchema: %v", created)
	}
	id := created["id"].(string)
	_, _, body = s.do("GET", "/api/connections/"+id, bearer, nil)
	got := data(t, body)
	if got["created_at"] == nil || got["updated_at"] == nil || got["healthcheck_interval"] != nil {
		t.Fatalf("get answer uses ConnectionResponseSchema: %v", got)
	}
	if got["configuration"].(map[string]any)["password"] != Mask {
		t.Fatalf("get must mask secrets: %v", got["configuration"])
	}
	_, _, body = s.do("GET", "/api/connections", bearer, nil)
	if l := body["data"].([]any); len(l) != 1 || l[0].(map[string]any)["configuration"].(map[string]any)["password"] != Mask {
		t.Fatalf("list: %v", body)
	}
	if s.emu.State()["connections"] != 1 {
		t.Fatalf("state: %v", s.emu.State())
	}
	if n := s.srv.Stats().Snapshot()["creations"].(map[string]int)["polytomic"]; n != 1 {
		t.Fatalf("creations = %d", n)
	}
	if status, _, body := s.do("GET", "/api/connections/00000000-0000-0000-0000-000000000000", bearer, nil); status != 404 || body["message"] == nil {
		t.Fatalf("unknown id: %d %v", status, body)
	}
}

// A connection reads back with every top-level scalar field of its type: the ones set, and the
// others with the schema's default or their zero value; a secret nobody set reads back empty.
func TestConfigurationReadsBackWithEveryField(t *testing.T) {
	s := start(t)
	_, _, body := s.do("POST", "/api/connections", bearer, postgres("Warehouse"))
	id := data(t, body)["id"].(string)
	_, _, body = s.do("GET", "/api/connections/"+id, bearer, nil)
	cfg := data(t, body)["configuration"].(map[string]any)
	for k, want := range map[string]any{
		"hostname": "db.internal", "password": Mask, // set
		"ssl": true, "ssh_port": float64(22), "ssh_user": "root", // schema defaults
		"ssh": false, "publication": "", // zero values
		"ssh_private_key": "", "ca_cert": "", // unset secrets: empty, not masked
	} {
		if cfg[k] != want {
			t.Errorf("configuration[%q] = %#v, want %#v (all: %v)", k, cfg[k], want, cfg)
		}
	}
}

func TestCreateValidation(t *testing.T) {
	s := start(t)
	req := postgres("Bad")
	cfg := req["configuration"].(map[string]any)
	delete(cfg, "database")
	cfg["port"] = "5432"
	cfg["colour"] = "blue"
	status, _, body := s.do("POST", "/api/connections", bearer, req)
	msg, _ := body["message"].(string)
	if status != 422 || !strings.Contains(msg, "configuration.database") || !strings.Contains(msg, "configuration.port: expected integer") || !strings.Contains(msg, "configuration.colour: unknown field") {
		t.Fatalf("validation: %d %v", status, body)
	}
	unreachable := postgres("Down")
	unreachable["configuration"].(map[string]any)["hostname"] = "unreachable.internal"
	if status, _, _ := s.do("POST", "/api/connections", bearer, unreachable); status != 422 {
		t.Fatalf("validate defaults to true: got %d", status)
	}
	unreachable["validate"] = false
	status, _, body = s.do("POST", "/api/connections", bearer, unreachable)
	if status != 200 || data(t, body)["status_error"] == "" {
		t.Fatalf("validate=false: %d %v", status, body)
	}
}

func TestUpdateKeepsOmittedAndMaskedSecrets(t *testing.T) {
	s := start(t)
	_, _, body := s.do("POST", "/api/connections", bearer, postgres("Warehouse"))
	id := data(t, body)["id"].(string)
	stored := func() map[string]any {
		s.emu.mu.Lock()
		defer s.emu.mu.Unlock()
		return s.emu.connections[id].Configuration
	}

	// Omitted secret: kept. Omitted non-sensitive key (ssl): cleared (full replacement).
	update := map[string]any{"name": "Warehouse 2", "configuration": map[string]any{"hostname": "db2.internal", "port": 5432, "username": "sync", "database": "dw"}}
	status, _, body := s.do("PUT", "/api/connections/"+id, bearer, update)
	if status != 200 || data(t, body)["name"] != "Warehouse 2" {
		t.Fatalf("PUT: %d %v", status, body)
	}
	if stored()["password"] != "s3cret-pw" || stored()["hostname"] != "db2.internal" {
		t.Fatalf("omitted secret must be kept: %v", stored())
	}
	// The mask sent back (any length of asterisks): kept.
	update["configuration"].(map[string]any)["password"] = "****"
	if status, _, _ := s.do("PUT", "/api/connections/"+id, bearer, update); status != 200 || stored()["password"] != "s3cret-pw" {
		t.Fatalf("masked secret must be kept: %d %v", status, stored())
	}
	// A new value replaces it; PATCH behaves like PUT for older clients.
	update["configuration"].(map[string]any)["password"] = "rotated-pw"
	if status, _, _ := s.do("PATCH", "/api/connections/"+id, with(bearer, "X-Polytomic-Version", "2023-04-25"), update); status != 200 || stored()["password"] != "rotated-pw" {
		t.Fatalf("PATCH rotation: %d %v", status, stored())
	}
	// "" or null clears a secret, and a cleared secret reads back as not set, never masked.
	for _, cleared := range []any{"", nil} {
		update["configuration"].(map[string]any)["ca_cert"] = "a-cert"
		s.do("PUT", "/api/connections/"+id, bearer, update)
		update["configuration"].(map[string]any)["ca_cert"] = cleared
		_, _, body := s.do("PUT", "/api/connections/"+id, bearer, update)
		if got := data(t, body)["configuration"].(map[string]any)["ca_cert"]; got != cleared {
			t.Fatalf("ca_cert cleared with %v reads back %v", cleared, got)
		}
	}
	delete(update["configuration"].(map[string]any), "ca_cert")
	// Full replacement: dropping a non-sensitive key clears it.
	delete(update["configuration"].(map[string]any), "database")
	if status, _, body := s.do("PUT", "/api/connections/"+id, bearer, update); status != 422 || !strings.Contains(body["message"].(string), "database") {
		t.Fatalf("required key removed: %d %v", status, body)
	}
	if status, _, _ := s.do("PUT", "/api/connections/00000000-0000-0000-0000-000000000000", bearer, update); status != 404 {
		t.Fatalf("unknown id: %d", status)
	}
}

func TestDeleteInUseAndForce(t *testing.T) {
	s := start(t)
	_, _, body := s.do("POST", "/api/connections", bearer, postgres("Warehouse"))
	id := data(t, body)["id"].(string)
	status, _, deps := s.do("POST", "/_emulator/polytomic/connections/"+id+"/dependents", nil, map[string]int{"syncs": 2, "bulk_syncs": 1})
	if status != 200 || len(deps["used_by"].([]any)) != 3 {
		t.Fatalf("dependents: %d %v", status, deps)
	}
	if st := s.emu.State(); st["dependents"] != 3 {
		t.Fatalf("state: %v", st)
	}
	status, _, body = s.do("DELETE", "/api/connections/"+id+"?force=false", bearer, nil)
	if status != 422 || body["message"] != "connection in use" {
		t.Fatalf("in use: %d %v", status, body)
	}
	usedBy := body["metadata"].(map[string]any)["used_by"].([]any)
	first := usedBy[0].(map[string]any)
	if len(usedBy) != 3 || first["type"] != "sync" || first["name"] == "" || first["id"] == "" {
		t.Fatalf("used_by: %v", usedBy)
	}
	if status, _, _ := s.do("DELETE", "/api/connections/"+id, bearer, nil); status != 422 {
		t.Fatalf("no force parameter means force=false: %d", status)
	}
	req, _ := http.NewRequest("DELETE", s.url+"/api/connections/"+id+"?force=true", nil)
	req.Header = bearer.Clone()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if resp.StatusCode != 200 || len(b) != 0 {
		t.Fatalf("force delete: %d %q, want 200 with no body", resp.StatusCode, b)
	}
	if st := s.emu.State(); st["connections"] != 0 || st["dependents"] != 0 {
		t.Fatalf("state after force delete: %v", st)
	}
	if status, _, _ := s.do("DELETE", "/api/connections/"+id+"?force=true", bearer, nil); status != 404 {
		t.Fatalf("second delete: %d", status)
	}
}

func TestIdempotencyKey(t *testing.T) {
	s := start(t)
	h := with(bearer, "Idempotency-Key", "create-warehouse-0001")
	_, _, first := s.do("POST", "/api/connections", h, postgres("Warehouse"))
	_, replayHeader, second := s.do("POST", "/api/connections", h, postgres("Warehouse"))
	if data(t, first)["id"] != data(t, second)["id"] || replayHeader.Get("Idempotent-Replayed") != "true" {
		t.Fatalf("same key must replay the same outcome: %v / %v", first, second)
	}
	if s.emu.State()["connections"] != 1 {
		t.Fatalf("one connection expected: %v", s.emu.State())
	}
	// Errors are replayed too, even when the retry's body would succeed.
	bad := postgres("Bad")
	delete(bad["configuration"].(map[string]any), "password")
	eh := with(bearer, "Idempotency-Key", "create-bad-000001")
	if status, _, _ := s.do("POST", "/api/connections", eh, bad); status != 422 {
		t.Fatalf("bad create: %d", status)
	}
	if status, _, _ := s.do("POST", "/api/connections", eh, postgres("Bad")); status != 422 {
		t.Fatalf("the first outcome (422) must be replayed: %d", status)
	}
	for _, key := range []string{"short", "has space in it", strings.Repeat("k", 256)} {
		if status, _, _ := s.do("POST", "/api/connections", with(bearer, "Idempotency-Key", key), postgres("X")); status != 400 {
			t.Fatalf("key %q: %d, want 400", key, status)
		}
	}
	// Keys are scoped to the credential.
	basic := http.Header{"Authorization": {"Basic " + base64.StdEncoding.EncodeToString([]byte(DefaultOrganizationID+":"+DefaultDeploymentKey))}, "Idempotency-Key": {"create-warehouse-0001"}}
	_, _, other := s.do("POST", "/api/connections", basic, postgres("Warehouse"))
	if data(t, other)["id"] == data(t, first)["id"] {
		t.Fatal("another credential with the same key must not see the first outcome")
	}
}

func TestIdempotencyKeyInFlightConflict(t *testing.T) {
	s := start(t)
	entered, release := make(chan struct{}), make(chan struct{})
	var once sync.Once
	s.emu.beforeCreate = func() {
		once.Do(func() { close(entered); <-release })
	}
	h := with(bearer, "Idempotency-Key", "concurrent-key-01")
	done := make(chan int)
	go func() {
		status, _, _ := s.do("POST", "/api/connections", h, postgres("Warehouse"))
		done <- status
	}()
	<-entered
	status, _, body := s.do("POST", "/api/connections", h, postgres("Warehouse"))
	close(release)
	if status != 409 {
		t.Fatalf("concurrent same key: %d %v, want 409", status, body)
	}
	if first := <-done; first != 200 {
		t.Fatalf("first request: %d", first)
	}
}

func TestDroppedAnswerThenRetryWithSameKey(t *testing.T) {
	s := start(t)
	if err := s.srv.Faults().Set(emulator.FaultRule{Route: "POST /api/connections", Kind: emulator.FaultDrop, Count: 1}); err != nil {
		t.Fatal(err)
	}
	h := with(bearer, "Idempotency-Key", "lost-answer-0001")
	b, _ := json.Marshal(postgres("Warehouse"))
	req, _ := http.NewRequest("POST", s.url+"/api/connections", bytes.NewReader(b))
	req.Header = h.Clone()
	if resp, err := http.DefaultClient.Do(req); err == nil {
		_ = resp.Body.Close()
		t.Fatal("the answer should have been dropped")
	}
	if s.emu.State()["connections"] != 1 {
		t.Fatalf("the dropped request was processed: %v", s.emu.State())
	}
	status, _, body := s.do("POST", "/api/connections", h, postgres("Warehouse"))
	if status != 200 || s.emu.State()["connections"] != 1 || data(t, body)["id"] == nil {
		t.Fatalf("retry: %d %v %v", status, body, s.emu.State())
	}
}

func TestIdempotencyKeyExpiresAfter24Hours(t *testing.T) {
	s := start(t)
	h := with(bearer, "Idempotency-Key", "expiring-key-0001")
	_, _, first := s.do("POST", "/api/connections", h, postgres("Warehouse"))
	later := time.Now().Add(IdempotencyKeyTTL + time.Minute)
	s.emu.now = func() time.Time { return later }
	_, _, second := s.do("POST", "/api/connections", h, postgres("Warehouse"))
	if data(t, first)["id"] == data(t, second)["id"] {
		t.Fatal("after 24 hours a reused key is a new request")
	}
}

func TestOrganizationScope(t *testing.T) {
	s := start(t)
	_, _, body := s.do("POST", "/api/connections", bearer, postgres("Warehouse"))
	id := data(t, body)["id"].(string)
	otherOrg := http.Header{"Authorization": {"Basic " + base64.StdEncoding.EncodeToString([]byte("0b1c2d3e-0000-4000-8000-000000000000:"+DefaultDeploymentKey))}}
	if status, _, _ := s.do("GET", "/api/connections/"+id, otherOrg, nil); status != 404 {
		t.Fatalf("another organization must not see the connection: %d", status)
	}
	_, _, list := s.do("GET", "/api/connections", otherOrg, nil)
	if l := list["data"].([]any); len(l) != 0 {
		t.Fatalf("list for another organization: %v", l)
	}
	withOrg := postgres("Elsewhere")
	withOrg["organization_id"] = "0b1c2d3e-0000-4000-8000-000000000000"
	if status, _, _ := s.do("POST", "/api/connections", bearer, withOrg); status != 403 {
		t.Fatalf("an API key cannot create in another organization: %d", status)
	}
	deployment := http.Header{"Authorization": {"Basic " + base64.StdEncoding.EncodeToString([]byte(DefaultDeploymentKey+":"))}}
	if status, _, body := s.do("POST", "/api/connections", deployment, withOrg); status != 200 || data(t, body)["organization_id"] != withOrg["organization_id"] {
		t.Fatalf("a deployment key creates in any organization: %d %v", status, body)
	}
	if status, _, _ := s.do("DELETE", "/api/connections/"+id+"?force=maybe", bearer, nil); status != 400 {
		t.Fatalf("force must be a boolean: %d", status)
	}
}

// A create held at validation is finished when released even though its client has given up;
// the same key meanwhile gets 409 (counted); a create that skips validation is never held.
func TestHeldValidationOutlivesTheClient(t *testing.T) {
	s := start(t)
	validation := func() map[string]any {
		t.Helper()
		status, _, body := s.do("GET", "/_emulator/polytomic/validation", nil, nil)
		if status != 200 {
			t.Fatalf("validation state: %d", status)
		}
		return body
	}
	if status, _, _ := s.do("POST", "/_emulator/polytomic/validation/hold", nil, nil); status != 204 {
		t.Fatalf("hold: %d", status)
	}
	// A failing test must not leave a create held while the server shuts down.
	t.Cleanup(func() { s.do("POST", "/_emulator/polytomic/validation/release", nil, nil) })
	body, _ := json.Marshal(postgres("Slow"))
	req, _ := http.NewRequest("POST", s.url+"/api/connections", bytes.NewReader(body))
	req.Header = with(bearer, "Idempotency-Key", "slow-create-key-01")
	// The client gives up on its own: the create is held until released, however long that is.
	client := &http.Client{Timeout: 200 * time.Millisecond}
	if resp, err := client.Do(req); err == nil {
		_ = resp.Body.Close()
		t.Fatal("a held create answered")
	}
	if v := validation(); v["holding"] != true || v["held"] != float64(1) || v["keyInFlightConflicts"] != float64(0) {
		t.Fatalf("validation state while held: %v", v)
	}
	// Same key while the first is still validating: 409.
	if status, _, _ := s.do("POST", "/api/connections", with(bearer, "Idempotency-Key", "slow-create-key-01"), postgres("Slow")); status != 409 {
		t.Fatalf("same key during validation: %d, want 409", status)
	}
	if v := validation(); v["keyInFlightConflicts"] != float64(1) {
		t.Fatalf("conflicts after one 409: %v", v)
	}
	// validate=false skips the upstream check, so it is not held (the client would time out).
	noValidate := postgres("Fast")
	noValidate["validate"] = false
	b, _ := json.Marshal(noValidate)
	fast, _ := http.NewRequest("POST", s.url+"/api/connections", bytes.NewReader(b))
	fast.Header = bearer.Clone()
	resp, err := (&http.Client{Timeout: 30 * time.Second}).Do(fast)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("validate=false while validation is held: %v %v", resp, err)
	}
	_ = resp.Body.Close()
	if n := s.emu.State()["connections"]; n != 1 {
		t.Fatalf("%d connections before the release, want only the one that skipped validation", n)
	}
	if status, _, _ := s.do("POST", "/_emulator/polytomic/validation/release", nil, nil); status != 204 {
		t.Fatalf("release: %d", status)
	}
	deadline := time.Now().Add(30 * time.Second)
	for s.emu.State()["connections"] != 2 {
		if time.Now().After(deadline) {
			t.Fatalf("the released create was not finished: %v, %v", s.emu.State(), validation())
		}
		time.Sleep(10 * time.Millisecond)
	}
	if v := validation(); v["holding"] != false || v["held"] != float64(0) {
		t.Fatalf("validation state after release: %v", v)
	}
	// The abandoned create's outcome is replayed to its key. The connection exists a moment before
	// the key's outcome is recorded: until then the key answers 409 (still in progress), as the
	// contract says, and a client retries.
	for {
		status, h, _ := s.do("POST", "/api/connections", with(bearer, "Idempotency-Key", "slow-create-key-01"), postgres("Slow"))
		if status == 409 && time.Now().Before(deadline) {
			time.Sleep(10 * time.Millisecond)
			continue
		}
		if status != 200 || h.Get("Idempotent-Replayed") != "true" {
			t.Fatalf("same key after the release: %d %v, want the replayed 200", status, h)
		}
		break
	}
	if n := s.emu.State()["connections"]; n != 2 {
		t.Fatalf("%v connections after the replay, want 2: the key was not replayed but created again", n)
	}
}

// The documented update is a GET, an edit and a PUT of the whole object (reference §7): the
// read-only fields a read shows come back unchanged and are accepted; another value stays refused.
func TestUpdateRoundTripsARead(t *testing.T) {
	s := start(t)
	status, _, body := s.do("POST", "/api/connections", bearer, map[string]any{"name": "CRM", "type": "salesforce",
		"configuration": map[string]any{"domain": "acme.my.salesforce.com", "connect_mode": "browser"}})
	if status != 200 {
		t.Fatalf("create: %d %v", status, body)
	}
	id := data(t, body)["id"].(string)
	_, _, body = s.do("GET", "/api/connections/"+id, bearer, nil)
	read := data(t, body)
	cfg := read["configuration"].(map[string]any)
	if _, shown := cfg["username"]; !shown {
		t.Fatalf("the read shows no read-only username: %v", cfg)
	}
	cfg["enforce_api_limits"] = true
	update := map[string]any{"name": read["name"], "configuration": cfg}
	if status, _, body := s.do("PUT", "/api/connections/"+id, bearer, update); status != 200 || data(t, body)["configuration"].(map[string]any)["enforce_api_limits"] != true {
		t.Fatalf("PUT of the edited read: %d %v", status, body)
	}
	cfg["username"] = "someone@example.com"
	if status, _, body := s.do("PUT", "/api/connections/"+id, bearer, update); status != 422 || !strings.Contains(fmt.Sprint(body), "read-only") {
		t.Fatalf("PUT changing a read-only field: %d %v", status, body)
	}
}
