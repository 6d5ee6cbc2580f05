package elasticsearch_test

import (
	"context"
	"encoding/json"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/elastic/go-elasticsearch/v9/typedapi/connector/secretpost"

	"github.com/syncops/terraform-provider-syncops/internal/emulator/elasticsearch"
)

// _features keeps the known flags only and merges them.
func TestFeaturesParsedAndMerged(t *testing.T) {
	c := start(t, elasticsearch.Options{})
	c.raw("PUT", "/_connector/a", `{"index_name":"search-a"}`)
	c.raw("PUT", "/_connector/a/_features", `{"features":{"document_level_security":{"enabled":true},"bogus":{"enabled":true},"sync_rules":{"basic":{"enabled":true},"other":1}}}`)
	c.raw("PUT", "/_connector/a/_features", `{"features":{"incremental_sync":{"enabled":false},"sync_rules":{"advanced":{"enabled":false}}}}`)
	conn, _ := c.platform.Connector("a")
	want := map[string]any{
		"document_level_security": map[string]any{"enabled": true},
		"incremental_sync":        map[string]any{"enabled": false},
		"sync_rules":              map[string]any{"basic": map[string]any{"enabled": true}, "advanced": map[string]any{"enabled": false}},
	}
	if !reflect.DeepEqual(conn["features"], want) {
		t.Errorf("features: %v", conn["features"])
	}
	if status, _, body := c.raw("PUT", "/_connector/a/_features", `{"features":{"incremental_sync":true}}`); status != 400 {
		t.Errorf("flag not an object: %d %v", status, body)
	}
}

// _last_sync merges the given sync info; statuses are sync statuses; null fields are not written.
func TestLastSync(t *testing.T) {
	c := start(t, elasticsearch.Options{})
	c.raw("PUT", "/_connector/a", `{"index_name":"search-a"}`)
	status, _, body := c.raw("PUT", "/_connector/a/_last_sync", `{"last_sync_status":"COMPLETED","last_synced":"2025-03-12T10:00:00.000Z","last_indexed_document_count":7,"last_sync_error":null,"sync_cursor":{"k":1}}`)
	if status != 200 || body["result"] != "updated" {
		t.Fatalf("last sync: %d %v", status, body)
	}
	conn, _ := c.platform.Connector("a")
	if conn["last_sync_status"] != "completed" || conn["last_indexed_document_count"] != int64(7) || conn["sync_cursor"].(map[string]any)["k"] != int64(1) {
		t.Errorf("connector: %v", conn)
	}
	if _, has := conn["last_sync_error"]; has {
		t.Errorf("a null field was written: %v", conn["last_sync_error"])
	}
	for _, tc := range []struct{ body, want string }{
		{`{"last_sync_status":"finished"}`, "Unknown ConnectorSyncStatus [finished]."},
		{`{"last_synced":"yesterday"}`, "Failed to parse instant [yesterday]"},
		{`{"last_seen":"2025-03-12T10:00:00.000Z"}`, "unknown field [last_seen]"},
	} {
		status, _, body := c.raw("PUT", "/_connector/a/_last_sync", tc.body)
		if text, _ := json.Marshal(body); status != 400 || !strings.Contains(string(text), tc.want) {
			t.Errorf("%s: %d %s", tc.body, status, text)
		}
	}
	if status, _, body := c.raw("PUT", "/_connector/ghost/_last_sync", `{"last_sync_status":"error"}`); status != 404 || body["error"].(map[string]any)["type"] != "document_missing_exception" {
		t.Errorf("missing connector: %d %v", status, body)
	}
}

// Connector secrets (8.13+): post, get, put, delete, and their 404s.
func TestSecrets(t *testing.T) {
	c := start(t, elasticsearch.Options{})
	ctx := context.Background()
	posted, err := c.typed.Connector.SecretPost().Request(&secretpost.Request{Value: strPtr("s3cr3t")}).Do(ctx)
	if err != nil || posted.Id == "" {
		t.Fatalf("post secret: %+v %v", posted, err)
	}
	got, err := c.typed.Connector.SecretGet(posted.Id).Do(ctx)
	if err != nil || got.Value != "s3cr3t" {
		t.Errorf("get secret: %+v %v", got, err)
	}
	for _, tc := range []struct {
		method, path, body string
		status             int
		want               string
	}{
		{"PUT", "/_connector/_secret/mine", `{"value":"v1"}`, 200, `"result":"created"`},
		{"PUT", "/_connector/_secret/mine", `{"value":"v2"}`, 200, `"result":"updated"`},
		{"GET", "/_connector/_secret/mine", ``, 200, `"value":"v2"`},
		{"PUT", "/_connector/_secret/mine", `{"value":""}`, 400, `[value] cannot be [null] or [\"\"]`},
		{"POST", "/_connector/_secret", `{}`, 400, `[value] of the connector secret cannot be [null] or [\"\"]`},
		{"DELETE", "/_connector/_secret/mine", ``, 200, `"deleted":true`},
		{"GET", "/_connector/_secret/mine", ``, 404, "No secret with id [mine]"},
		{"DELETE", "/_connector/_secret/mine", ``, 404, "No secret with id [mine]"},
	} {
		status, _, body := c.raw(tc.method, tc.path, tc.body)
		if text, _ := json.Marshal(body); status != tc.status || !strings.Contains(string(text), tc.want) {
			t.Errorf("%s %s: %d %s, want %d with %s", tc.method, tc.path, status, text, tc.status, tc.want)
		}
	}
	if st := c.platform.State(); st["secrets"] != 1 {
		t.Errorf("state: %v", st)
	}
}

func strPtr(s string) *string { return &s }

// Routes a version lacks answer as Elasticsearch's router does: 405 when the path has other
// methods, else 400 no handler.
func TestConnectorServiceEndpointsVersionGates(t *testing.T) {
	checks := []struct {
		version, method, path, body string
		status                      int
		want                        string
	}{
		{"8.12.2", "POST", "/_connector/_secret", `{"value":"v"}`, 405, "allowed: [GET, PUT, DELETE]"},
		{"8.12.2", "GET", "/_connector/_secret/x", ``, 400, "no handler found for uri [/_connector/_secret/x] and method [GET]"},
		{"8.12.2", "PUT", "/_connector/_secret/x", `{"value":"v"}`, 400, "no handler found"},
		{"8.14.3", "PUT", "/_connector/_sync_job/j/_claim", `{"worker_hostname":"w"}`, 400, "no handler found for uri [/_connector/_sync_job/j/_claim]"},
		{"8.14.3", "PUT", "/_connector/a/_features", `{"features":{}}`, 400, "no handler found"},
		{"8.15.0", "PUT", "/_connector/_sync_job/j/_claim", `{"worker_hostname":"w"}`, 404, "connector sync job [j] not found"},
		{"8.12.2", "PUT", "/_connector/a/_last_sync", `{"last_sync_status":"error"}`, 404, "document missing"},
		{"8.12.2", "PUT", "/_connector/_sync_job/j/_stats", `{"deleted_document_count":0,"indexed_document_count":0,"indexed_document_volume":0}`, 404, "connector sync job [j] not found"},
	}
	for _, tc := range checks {
		c := start(t, elasticsearch.Options{Version: tc.version})
		status, h, body := c.raw(tc.method, tc.path, tc.body)
		if text, _ := json.Marshal(body); status != tc.status || !strings.Contains(string(text), tc.want) || h.Get("X-Elastic-Product") != "Elasticsearch" {
			t.Errorf("%s %s %s: %d %s, want %d with %q", tc.version, tc.method, tc.path, status, text, tc.status, tc.want)
		}
	}
}

// The HTTP controls drive the same service as the Go methods.
func TestServiceControlsOverHTTP(t *testing.T) {
	c := start(t, elasticsearch.Options{})
	post := func(path, body string) (int, map[string]any) {
		req, _ := http.NewRequest("POST", c.url+path, strings.NewReader(body))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer func() { _ = resp.Body.Close() }()
		var out map[string]any
		_ = json.NewDecoder(resp.Body).Decode(&out)
		return resp.StatusCode, out
	}
	if status, _ := post("/_emulator/elasticsearch/service/hold", ""); status != 204 {
		t.Fatalf("hold: %d", status)
	}
	id := c.job("a", `{"id":"a"}`)
	post("/_emulator/elasticsearch/fail-next-sync-job", `{"error":"quota exceeded"}`)
	if status, out := post("/_emulator/elasticsearch/sync-jobs/"+id+"/advance", ""); status != 200 || out["status"] != "in_progress" {
		t.Errorf("advance: %d %v", status, out)
	}
	post("/_emulator/elasticsearch/sync-jobs/"+id+"/advance", "")
	if status, out := post("/_emulator/elasticsearch/sync-jobs/"+id+"/advance", ""); status != 409 || out["status"] != "error" {
		t.Errorf("advance a finished job: %d %v", status, out)
	}
	if job, _ := c.platform.SyncJob(id); job["error"] != "quota exceeded" {
		t.Errorf("job: %v", job)
	}
	c.raw("PUT", "/_connector/a/_filtering", `{"rules":[{"id":"r","order":0,"policy":"include","field":"f","rule":"equals","value":"v"}]}`)
	post("/_emulator/elasticsearch/fail-next-validation", `{"ids":["r"],"messages":["field f is not in the source"]}`)
	if status, out := post("/_emulator/elasticsearch/connectors/a/validate", ""); status != 200 || out["state"] != "invalid" {
		t.Errorf("validate: %d %v", status, out)
	}
	_, draft := c.filtering()
	if _, errs := validationOf(draft); len(errs) != 1 || !strings.Contains(jsonText(errs), "field f is not in the source") {
		t.Errorf("draft errors: %v", errs)
	}
	if status, _ := post("/_emulator/elasticsearch/service/release", ""); status != 204 {
		t.Errorf("release: %d", status)
	}
}

func jsonText(v any) string { b, _ := json.Marshal(v); return string(b) }
