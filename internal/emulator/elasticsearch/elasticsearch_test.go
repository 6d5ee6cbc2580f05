package elasticsearch_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/elastic/elastic-transport-go/v8/elastictransport"
	"github.com/elastic/go-elasticsearch/v9/typedapi/connector/put"
	"github.com/elastic/go-elasticsearch/v9/typedapi/connector/syncjobpost"
	"github.com/elastic/go-elasticsearch/v9/typedapi/connector/updateconfiguration"
	"github.com/elastic/go-elasticsearch/v9/typedapi/connector/updatename"
	"github.com/elastic/go-elasticsearch/v9/typedapi/connector/updatepipeline"
	"github.com/elastic/go-elasticsearch/v9/typedapi/connector/updatescheduling"
	"github.com/elastic/go-elasticsearch/v9/typedapi/types"
	"github.com/elastic/go-elasticsearch/v9/typedapi/types/enums/connectorstatus"
	"github.com/elastic/go-elasticsearch/v9/typedapi/types/enums/result"

	"github.com/syncops/terraform-provider-syncops/internal/emulator"
	"github.com/syncops/terraform-provider-syncops/internal/emulator/elasticsearch"
)

type cluster struct {
	t        *testing.T
	url      string
	platform *elasticsearch.Platform
	typed    *typedClient
}

func start(t *testing.T, opts elasticsearch.Options) *cluster {
	t.Helper()
	p := elasticsearch.New(opts)
	srv := httptest.NewServer(emulator.New(p))
	t.Cleanup(srv.Close)
	return &cluster{t: t, url: srv.URL, platform: p, typed: newTypedClient(t, srv.URL, elastictransport.WithAPIKey(elasticsearch.DefaultAPIKey))}
}

// raw sends a request with the default API key and returns the status, headers and decoded body.
func (c *cluster) raw(method, path, body string) (int, http.Header, map[string]any) {
	c.t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, _ := http.NewRequest(method, c.url+path, r)
	req.Header.Set("Authorization", "ApiKey "+elasticsearch.DefaultAPIKey)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer func() { _ = resp.Body.Close() }()
	data, _ := io.ReadAll(resp.Body)
	var out map[string]any
	if len(bytes.TrimSpace(data)) > 0 {
		if err := json.Unmarshal(data, &out); err != nil {
			c.t.Fatalf("%s %s: body is not JSON: %s", method, path, data)
		}
	}
	return resp.StatusCode, resp.Header, out
}

func str(s string) *string { return &s }

func esError(t *testing.T, err error) *types.ElasticsearchError {
	t.Helper()
	var e *types.ElasticsearchError
	if !errors.As(err, &e) {
		t.Fatalf("want *types.ElasticsearchError, got %T: %v", err, err)
	}
	return e
}

func TestInfoAndProductHeader(t *testing.T) {
	c := start(t, elasticsearch.Options{})
	info, err := c.typed.Info().Do(context.Background())
	if err != nil {
		t.Fatalf("Info (the client checks X-Elastic-Product): %v", err)
	}
	if info.Version.Int != elasticsearch.DefaultVersion {
		t.Errorf("version = %q, want %q", info.Version.Int, elasticsearch.DefaultVersion)
	}
	status, h, _ := c.raw("GET", "/_connector/missing", "")
	if status != 404 || h.Get("X-Elastic-Product") != "Elasticsearch" {
		t.Errorf("404 answer: status %d, X-Elastic-Product %q", status, h.Get("X-Elastic-Product"))
	}
}

func TestAuthentication(t *testing.T) {
	c := start(t, elasticsearch.Options{})
	for name, auth := range map[string]elastictransport.Option{
		"basic":  elastictransport.WithBasicAuth(elasticsearch.DefaultUsername, elasticsearch.DefaultPassword),
		"bearer": elastictransport.WithServiceToken(elasticsearch.DefaultBearerToken),
	} {
		client := newTypedClient(t, c.url, auth)
		if _, err := client.Connector.List().Do(context.Background()); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	bad := newTypedClient(t, c.url, elastictransport.WithBasicAuth("elastic", "wrong"))
	_, err := bad.Connector.List().Do(context.Background())
	e := esError(t, err)
	if e.Status != 401 || e.ErrorCause.Type != "security_exception" || !strings.Contains(*e.ErrorCause.Reason, "unable to authenticate user [elastic]") {
		t.Errorf("wrong password: %+v", e)
	}
	req, _ := http.NewRequest("GET", c.url+"/_connector", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode != 401 || len(resp.Header.Values("WWW-Authenticate")) != 3 {
		t.Errorf("no credentials: status %d, WWW-Authenticate %v", resp.StatusCode, resp.Header.Values("WWW-Authenticate"))
	}
}

func TestCreateDefaultsAndPutReset(t *testing.T) {
	c := start(t, elasticsearch.Options{})
	ctx := context.Background()
	res, err := c.typed.Connector.Put().ConnectorId("drive").Request(&put.Request{
		IndexName: str("search-google-drive"), Name: str("Drive"), ServiceType: str("google_drive"), Language: str("english"),
	}).Do(ctx)
	if err != nil || res.Result != result.Created || res.Id != "drive" {
		t.Fatalf("put: %+v, %v", res, err)
	}
	got, err := c.typed.Connector.Get("drive").Do(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != connectorstatus.Created || *got.Name != "Drive" || got.Scheduling.Full.Interval != "0 0 0 * * ?" || got.Deleted || len(got.Filtering) != 1 {
		t.Errorf("defaults: %+v", got)
	}
	if got.Pipeline != nil || got.ApiKeyId != nil {
		t.Errorf("pipeline and api_key_id must not be written at create: %+v", got)
	}
	// Change scheduling, then PUT the same id again: the whole document is reset.
	_, err = c.typed.Connector.UpdateScheduling("drive").Request(&updatescheduling.Request{Scheduling: types.SchedulingConfiguration{
		Full: &types.ConnectorScheduling{Enabled: true, Interval: "0 0 12 * * ?"}}}).Do(ctx)
	if err != nil {
		t.Fatal(err)
	}
	res, err = c.typed.Connector.Put().ConnectorId("drive").Request(&put.Request{IndexName: str("search-google-drive")}).Do(ctx)
	if err != nil || res.Result != result.Updated {
		t.Fatalf("second put: %+v, %v", res, err)
	}
	got, _ = c.typed.Connector.Get("drive").Do(ctx)
	if got.Scheduling.Full.Enabled || *got.Name != "" || got.ServiceType != nil {
		t.Errorf("a PUT on an existing id must reset the document: %+v", got)
	}
	// POST makes a 20-character id.
	status, _, body := c.raw("POST", "/_connector", `{"index_name":"search-other"}`)
	if status != 201 || len(body["id"].(string)) != 20 {
		t.Errorf("post: %d %v", status, body)
	}
}

func TestValidationErrors(t *testing.T) {
	c := start(t, elasticsearch.Options{})
	ctx := context.Background()
	cases := []struct {
		method, path, body string
		status             int
		typ, reason        string
	}{
		{"PUT", "/_connector/a", `{"index_name":"search-a","foo":1}`, 400, "x_content_parse_exception", "[connector_put_request] unknown field [foo]"},
		{"PUT", "/_connector/a", `{"index_name":"search:a"}`, 400, "action_request_validation_exception", "Invalid index name [search:a], must not contain ':'"},
		{"PUT", "/_connector/a", `{"index_name":"search-a","is_native":true}`, 400, "action_request_validation_exception", "must start with the prefix: [content-]"},
		{"PUT", "/_connector/a", `{"index_name":"search-a"}`, 201, "", ""},
		{"PUT", "/_connector/b", `{"index_name":"search-a"}`, 400, "status_exception", "Index name [search-a] is used by another connector."},
		{"PUT", "/_connector/a/_name", `{}`, 400, "action_request_validation_exception", "cannot both be [null]"},
		{"PUT", "/_connector/a/_pipeline", `{"pipeline":{"name":"p"}}`, 400, "x_content_parse_exception", "Required"},
		{"PUT", "/_connector/a/_scheduling", `{"scheduling":{"full":{"enabled":true,"interval":"0 0 0 * * *"}}}`, 400, "x_content_parse_exception", "interval"},
		{"PUT", "/_connector/a/_configuration", `{"values":{"host":"x"}}`, 400, "status_exception", "Unknown [configuration] fields in the request payload: [host]"},
		{"PUT", "/_connector/a/_status", `{"status":"connected"}`, 400, "status_exception", "Invalid transition attempt from [created] to [connected]"},
		{"PUT", "/_connector/missing/_name", `{"name":"x"}`, 404, "document_missing_exception", "[missing]: document missing"},
		{"PUT", "/_connector/missing/_service_type", `{"service_type":"x"}`, 404, "resource_not_found_exception", "connector [missing] not found"},
		{"GET", "/_connector?size=-1", ``, 400, "illegal_argument_exception", "Parameter [size] cannot be < 0"},
		{"GET", "/_connector?from=9990&size=11", ``, 400, "illegal_argument_exception", "cannot be higher than 10000"},
		// The in-use check of _index_name runs before the connector is loaded: 400, not 404.
		{"PUT", "/_connector/missing/_index_name", `{"index_name":"search-a"}`, 400, "status_exception", "is used by another connector"},
		{"PUT", "/_connector/a/_native", `{"is_native":true}`, 400, "status_exception", "must start with the required prefix: [content-]"},
		{"PUT", "/_connector/a/_configuration", `{"configuration":{},"values":{}}`, 400, "action_request_validation_exception", "cannot both be provided"},
		{"PUT", "/_connector/a/_api_key_id", `{"api_key_id":null}`, 400, "action_request_validation_exception", "cannot both be [null]"},
		{"PUT", "/_connector/a/_scheduling", `{}`, 400, "action_request_validation_exception", "[scheduling] cannot be [null]"},
		// ConnectorSyncJobType.fromString throws in the parser's builder (PostConnectorSyncJobAction).
		{"POST", "/_connector/_sync_job", `{"id":"a","job_type":"weekly"}`, 400, "x_content_parse_exception", "Failed to build [connector_sync_job_post_request]"},
		{"POST", "/_connector/_sync_job", `{"id":"a"}`, 400, "status_exception", "with [service_type] not defined"},
		{"PUT", "/_connector/a/_service_type", `{"service_type":"jira"}`, 200, "", ""},
		{"PUT", "/_connector/a/_error", `{"error":"boom"}`, 200, "", ""},
		{"PUT", "/_connector/a/_status", `{"status":"connected"}`, 200, "", ""},
		{"GET", "/_connector/a?bogus=1", ``, 400, "illegal_argument_exception", "contains unrecognized parameter: [bogus]"},
	}
	for _, tc := range cases {
		status, _, body := c.raw(tc.method, tc.path, tc.body)
		if status != tc.status {
			t.Errorf("%s %s %s: status %d, want %d (%v)", tc.method, tc.path, tc.body, status, tc.status, body)
			continue
		}
		if tc.typ == "" {
			continue
		}
		e, _ := body["error"].(map[string]any)
		if e["type"] != tc.typ || !strings.Contains(e["reason"].(string), tc.reason) || body["status"] == nil {
			t.Errorf("%s %s: error %v, want type %s and reason containing %q", tc.method, tc.path, body, tc.typ, tc.reason)
		}
	}
	if doc, _ := c.platform.Connector("a"); doc["status"] != "connected" || doc["error"] != "boom" {
		t.Errorf("after _error and _status: %v %v", doc["status"], doc["error"])
	}
	// The typed client decodes the same errors.
	_, err := c.typed.Connector.Get("nope").Do(ctx)
	if e := esError(t, err); e.Status != 404 || e.ErrorCause.Type != "resource_not_found_exception" {
		t.Errorf("typed 404: %+v", e)
	}
}

func TestSubEndpointsMergeAndNoop(t *testing.T) {
	c := start(t, elasticsearch.Options{})
	ctx := context.Background()
	if _, err := c.typed.Connector.Put().ConnectorId("a").Request(&put.Request{IndexName: str("search-a"), Name: str("A")}).Do(ctx); err != nil {
		t.Fatal(err)
	}
	r1, err := c.typed.Connector.UpdateName("a").Request(&updatename.Request{Name: str("B")}).Do(ctx)
	if err != nil || r1.Result != result.Updated {
		t.Fatalf("name: %+v %v", r1, err)
	}
	r2, _ := c.typed.Connector.UpdateName("a").Request(&updatename.Request{Name: str("B")}).Do(ctx)
	if r2.Result != result.Noop {
		t.Errorf("same name again: %s, want noop", r2.Result)
	}
	// Scheduling deep-merges: incremental set first survives an update of full.
	for _, s := range []types.SchedulingConfiguration{
		{Incremental: &types.ConnectorScheduling{Enabled: true, Interval: "0 0 1 * * ?"}},
		{Full: &types.ConnectorScheduling{Enabled: true, Interval: "0 0 2 * * ?"}},
	} {
		if _, err := c.typed.Connector.UpdateScheduling("a").Request(&updatescheduling.Request{Scheduling: s}).Do(ctx); err != nil {
			t.Fatal(err)
		}
	}
	got, _ := c.typed.Connector.Get("a").Do(ctx)
	if !got.Scheduling.Incremental.Enabled || !got.Scheduling.Full.Enabled || got.Scheduling.AccessControl.Enabled {
		t.Errorf("scheduling merge: %+v", got.Scheduling)
	}
	if _, err := c.typed.Connector.UpdatePipeline("a").Request(&updatepipeline.Request{Pipeline: types.IngestPipelineParams{
		Name: "search-default-ingestion", ExtractBinaryContent: true, ReduceWhitespace: true}}).Do(ctx); err != nil {
		t.Fatal(err)
	}
	// Configuration: full replace registers keys, then values set them; both make it configured.
	status, _, body := c.raw("PUT", "/_connector/a/_configuration", `{"configuration":{"host":{"label":"Host","display":"textbox","value":""}}}`)
	if status != 200 || body["result"] != "updated" {
		t.Fatalf("configuration: %d %v", status, body)
	}
	vr, err := c.typed.Connector.UpdateConfiguration("a").Request(&updateconfiguration.Request{Values: map[string]json.RawMessage{"host": json.RawMessage(`"db"`)}}).Do(ctx)
	if err != nil || vr.Result != result.Updated {
		t.Fatalf("values: %+v %v", vr, err)
	}
	got, _ = c.typed.Connector.Get("a").Do(ctx)
	if got.Status != connectorstatus.Configured || got.Pipeline == nil || got.Pipeline.Name != "search-default-ingestion" {
		t.Errorf("after updates: status %s pipeline %+v", got.Status, got.Pipeline)
	}
	if v := string(got.Configuration["host"].Value); v != `"db"` {
		t.Errorf("configuration value = %v", v)
	}
	// Index name: same name is noop; null detaches.
	status, _, body = c.raw("PUT", "/_connector/a/_index_name", `{"index_name":"search-a"}`)
	if status != 200 || body["result"] != "noop" {
		t.Errorf("same index name: %d %v", status, body)
	}
	c.raw("PUT", "/_connector/a/_index_name", `{"index_name":null}`)
	doc, _ := c.platform.Connector("a")
	if _, has := doc["index_name"]; has {
		t.Errorf("index_name null must detach the index: %v", doc["index_name"])
	}
}

func TestSoftAndHardDeleteOn9(t *testing.T) {
	c := start(t, elasticsearch.Options{Version: "9.1.0"})
	ctx := context.Background()
	if _, err := c.typed.Connector.Put().ConnectorId("a").Request(&put.Request{IndexName: str("search-a"), ServiceType: str("sharepoint")}).Do(ctx); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if _, err := c.typed.Connector.SyncJobPost().Request(&syncjobpost.Request{Id: "a"}).Do(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if got := c.platform.State(); got["syncJobs"] != 2 {
		t.Fatalf("state %v", got)
	}
	if _, err := c.typed.Connector.Delete("a").Do(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := c.typed.Connector.Get("a").Do(ctx); esError(t, err).Status != 404 {
		t.Errorf("soft-deleted connector must 404")
	}
	got, err := c.typed.Connector.Get("a").IncludeDeleted(true).Do(ctx)
	if err != nil || !got.Deleted {
		t.Errorf("include_deleted: %+v %v", got, err)
	}
	if _, err := c.typed.Connector.Delete("a").Do(ctx); esError(t, err).Status != 404 {
		t.Errorf("a second soft delete must 404")
	}
	// The index is free again, and the same id can be created anew.
	res, err := c.typed.Connector.Put().ConnectorId("b").Request(&put.Request{IndexName: str("search-a")}).Do(ctx)
	if err != nil || res.Result != result.Created {
		t.Errorf("index reuse after soft delete: %+v %v", res, err)
	}
	if st := c.platform.State(); st["connectors"] != 1 || st["deletedConnectors"] != 1 || st["syncJobs"] != 2 {
		t.Errorf("state after soft delete: %v", st)
	}
	if _, err := c.typed.Connector.Delete("a").Hard(true).DeleteSyncJobs(true).Do(ctx); err != nil {
		t.Fatal(err)
	}
	if st := c.platform.State(); st["deletedConnectors"] != 0 || st["syncJobs"] != 0 {
		t.Errorf("state after hard delete with sync jobs: %v", st)
	}
}

func TestVersion8(t *testing.T) {
	c := start(t, elasticsearch.Options{Version: "8.14.3"})
	// A 9.x client asks for compatible-with=9, which an 8.x server refuses.
	_, err := c.typed.Info().Do(context.Background())
	if err == nil || !strings.Contains(err.Error(), "media_type_header_exception") {
		t.Errorf("9.x client against 8.x: %v", err)
	}
	checks := []struct {
		method, path, body string
		status             int
		want               string
	}{
		{"PUT", "/_connector", `{"index_name":"search-x"}`, 405, "Incorrect HTTP method for uri [/_connector] and method [PUT], allowed: [POST, GET]"},
		{"DELETE", "/_connector", ``, 405, "allowed: [POST, GET]"},
		{"POST", "/_connector", `{"name":"no index"}`, 400, "[index_name] cannot be [null]"},
		{"PUT", "/_connector/a", `{"index_name":"search-a"}`, 201, ""},
		{"GET", "/_connector/a?include_deleted=true", ``, 400, "unrecognized parameter: [include_deleted]"},
		{"DELETE", "/_connector/a?hard=true", ``, 400, "unrecognized parameter: [hard]"},
		{"PUT", "/_connector/a/_features", `{"features":{}}`, 400, "no handler found"},
		{"DELETE", "/_connector/a?delete_sync_jobs=true", ``, 200, ""},
		{"GET", "/_connector/a", ``, 404, "connector [a] not found"},
	}
	for _, tc := range checks {
		status, _, body := c.raw(tc.method, tc.path, tc.body)
		text, _ := json.Marshal(body)
		if status != tc.status || !strings.Contains(string(text), tc.want) {
			t.Errorf("%s %s: %d %s, want %d containing %q", tc.method, tc.path, status, text, tc.status, tc.want)
		}
	}
	if st := c.platform.State(); st["connectors"] != 0 || st["deletedConnectors"] != 0 {
		t.Errorf("8.x delete is a hard delete: %v", st)
	}
}

func TestListFiltersAndSyncJobs(t *testing.T) {
	c := start(t, elasticsearch.Options{})
	ctx := context.Background()
	for _, d := range []struct{ id, index, name, st string }{
		{"c", "search-c", "Gamma", "jira"}, {"a", "search-a", "Alpha", "confluence"}, {"b", "search-b", "Beta", "jira"},
	} {
		if _, err := c.typed.Connector.Put().ConnectorId(d.id).Request(&put.Request{IndexName: str(d.index), Name: str(d.name), ServiceType: str(d.st)}).Do(ctx); err != nil {
			t.Fatal(err)
		}
	}
	all, err := c.typed.Connector.List().Size(2).Do(ctx)
	if err != nil || all.Count != 3 || len(all.Results) != 2 || *all.Results[0].IndexName != "search-a" {
		t.Errorf("list size 2: %+v %v", all, err)
	}
	jira, _ := c.typed.Connector.List().ServiceType("jira").Do(ctx)
	if jira.Count != 2 {
		t.Errorf("service_type filter: %d", jira.Count)
	}
	q, _ := c.typed.Connector.List().Query("amm").Do(ctx)
	if q.Count != 1 || *q.Results[0].Id != "c" {
		t.Errorf("query filter: %+v", q)
	}
	// No connector service: the jobs stay pending.
	c.platform.HoldService()
	first, _ := c.typed.Connector.SyncJobPost().Request(&syncjobpost.Request{Id: "a"}).Do(ctx)
	second, _ := c.typed.Connector.SyncJobPost().Request(&syncjobpost.Request{Id: "a"}).Do(ctx)
	jobs, err := c.typed.Connector.SyncJobList().ConnectorId("a").Do(ctx)
	if err != nil || jobs.Count != 2 || jobs.Results[0].Id != second.Id || jobs.Results[1].Id != first.Id {
		t.Errorf("sync jobs newest first: %+v %v", jobs, err)
	}
	job, err := c.typed.Connector.SyncJobGet(first.Id).Do(ctx)
	if err != nil || job.Status.String() != "pending" || job.Connector.IndexName != "search-a" {
		t.Errorf("sync job: %+v %v", job, err)
	}
	if _, err := c.typed.Connector.SyncJobDelete(first.Id).Do(ctx); err != nil {
		t.Error(err)
	}
	if st := c.platform.State(); st["syncJobs"] != 1 || st["connectors"] != 3 {
		t.Errorf("state: %v", st)
	}
}

func TestUnknownRoutesAnswerJSON(t *testing.T) {
	c := start(t, elasticsearch.Options{})
	for _, tc := range []struct{ method, path string }{{"GET", "/_connector/a/_nothing"}, {"PATCH", "/_connector/a"}} {
		status, h, body := c.raw(tc.method, tc.path, "")
		if status != 400 || h.Get("X-Elastic-Product") != "Elasticsearch" || !strings.Contains(body["error"].(string), "no handler found") {
			t.Errorf("%s %s: %d %v %v", tc.method, tc.path, status, h, body)
		}
	}
	status, _, body := c.raw("DELETE", "/_connector", "")
	if status != 405 || !strings.Contains(body["error"].(string), "Incorrect HTTP method") {
		t.Errorf("DELETE /_connector: %d %v", status, body)
	}
}

func TestSyncJobAccessControlAndCancel(t *testing.T) {
	c := start(t, elasticsearch.Options{})
	c.platform.HoldService()
	c.raw("PUT", "/_connector/a", `{"index_name":"search-a","service_type":"sharepoint_online"}`)
	status, _, body := c.raw("POST", "/_connector/_sync_job", `{"id":"a","job_type":"access_control","trigger_method":"scheduled"}`)
	if status != 201 {
		t.Fatalf("post: %d %v", status, body)
	}
	id := body["id"].(string)
	_, _, job := c.raw("GET", "/_connector/_sync_job/"+id, "")
	conn := job["connector"].(map[string]any)
	if conn["index_name"] != ".search-acl-filter-search-a" || job["status"] != "pending" || job["trigger_method"] != "scheduled" {
		t.Errorf("access control job: %v", job)
	}
	if status, _, _ := c.raw("PUT", "/_connector/_sync_job/"+id+"/_cancel", ""); status != 200 {
		t.Errorf("cancel: %d", status)
	}
	_, _, job = c.raw("GET", "/_connector/_sync_job/"+id, "")
	if job["status"] != "canceled" || job["canceled_at"] == nil {
		t.Errorf("after cancel: %v", job)
	}
	if status, _, _ := c.raw("PUT", "/_connector/_sync_job/"+id+"/_cancel", ""); status != 400 {
		t.Errorf("cancelling a canceled job: %d, want 400", status)
	}
}

func TestOldVersion404Reason(t *testing.T) {
	c := start(t, elasticsearch.Options{Version: "8.13.4"})
	_, _, body := c.raw("GET", "/_connector/gone", "")
	if reason := body["error"].(map[string]any)["reason"]; reason != "gone" {
		t.Errorf("8.13 reason = %v, want the id only", reason)
	}
}

// A sub-endpoint body without its required field is a 400 with Elasticsearch's error body, never
// a dropped connection.
func TestSubEndpointMissingRequiredField(t *testing.T) {
	c := start(t, elasticsearch.Options{})
	if status, _, body := c.raw("PUT", "/_connector/f", `{"index_name":"search-f"}`); status != 201 {
		t.Fatalf("create: %d %v", status, body)
	}
	for _, ep := range []string{"_features", "_scheduling", "_pipeline", "_native", "_status", "_service_type"} {
		status, _, body := c.raw("PUT", "/_connector/f/"+ep, `{}`)
		errBody, _ := body["error"].(map[string]any)
		if status != 400 || errBody["type"] == nil {
			t.Errorf("%s with {}: HTTP %d %v, want 400 with an error type", ep, status, body)
		}
	}
}

// _service_type moves the status even when the service type does not change: a configured
// connector goes back to needs_configuration ("updated", not "noop"); one still created stays.
func TestServiceTypeResetsStatusEvenWhenUnchanged(t *testing.T) {
	c := start(t, elasticsearch.Options{})
	c.raw("PUT", "/_connector/a", `{"index_name":"search-a","service_type":"mysql"}`)
	if _, _, body := c.raw("PUT", "/_connector/a/_service_type", `{"service_type":"mysql"}`); body["result"] != "noop" {
		t.Errorf("created connector, same service type: %v, want noop", body)
	}
	c.raw("PUT", "/_connector/a/_configuration", `{"configuration":{"host":{"label":"Host","value":"h"}}}`)
	if doc, _ := c.platform.Connector("a"); doc["status"] != "configured" {
		t.Fatalf("status after _configuration = %v", doc["status"])
	}
	status, _, body := c.raw("PUT", "/_connector/a/_service_type", `{"service_type":"mysql"}`)
	if status != 200 || body["result"] != "updated" {
		t.Errorf("configured connector, same service type: %d %v, want updated", status, body)
	}
	if doc, _ := c.platform.Connector("a"); doc["status"] != "needs_configuration" {
		t.Errorf("status = %v, want needs_configuration", doc["status"])
	}
}

// Answers carry the vendor media type the client asked for (reference §10.3), errors included;
// plain JSON requests get plain JSON.
func TestVendorMediaTypeAnswers(t *testing.T) {
	c := start(t, elasticsearch.Options{})
	for _, tc := range []struct{ accept, contentType, want string }{
		{"application/vnd.elasticsearch+json;compatible-with=9", "application/vnd.elasticsearch+json;compatible-with=9", "application/vnd.elasticsearch+json;compatible-with=9"},
		{"application/vnd.elasticsearch+json; compatible-with=8", "", "application/vnd.elasticsearch+json;compatible-with=8"},
		{"", "application/vnd.elasticsearch+json;compatible-with=8", "application/vnd.elasticsearch+json;compatible-with=8"},
		{"application/json", "application/json", "application/json"},
	} {
		for _, path := range []string{"/", "/_connector/missing"} {
			req, _ := http.NewRequest("GET", c.url+path, nil)
			req.Header.Set("Authorization", "ApiKey "+elasticsearch.DefaultAPIKey)
			if tc.accept != "" {
				req.Header.Set("Accept", tc.accept)
			}
			if tc.contentType != "" {
				req.Header.Set("Content-Type", tc.contentType)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			_ = resp.Body.Close()
			if got := resp.Header.Get("Content-Type"); !strings.HasPrefix(got, tc.want) {
				t.Errorf("GET %s with Accept %q, Content-Type %q: answer Content-Type %q, want %q", path, tc.accept, tc.contentType, got, tc.want)
			}
		}
	}
}

// Before 8.14 (elasticsearch#107090) _scheduling needs all three schedules; from 8.14 one is enough
// and the others keep their value.
func TestSchedulingNeedsAllThreeBefore814(t *testing.T) {
	one := `{"scheduling":{"full":{"enabled":true,"interval":"0 0 1 * * ?"}}}`
	all := `{"scheduling":{"full":{"enabled":true,"interval":"0 0 1 * * ?"},"incremental":{"enabled":false,"interval":"0 0 0 * * ?"},"access_control":{"enabled":false,"interval":"0 0 0 * * ?"}}}`
	for _, tc := range []struct {
		version string
		oneOK   bool
	}{{"8.13.4", false}, {"8.14.0", true}, {"9.1.0", true}} {
		c := start(t, elasticsearch.Options{Version: tc.version})
		if status, _, body := c.raw("PUT", "/_connector/s", `{"index_name":"search-s"}`); status >= 300 {
			t.Fatalf("%s create: %d %v", tc.version, status, body)
		}
		status, _, body := c.raw("PUT", "/_connector/s/_scheduling", one)
		if got := status == 200; got != tc.oneOK {
			t.Errorf("%s: one schedule: HTTP %d %v", tc.version, status, body)
		}
		if !tc.oneOK {
			cause, _ := body["error"].(map[string]any)["caused_by"].(map[string]any)
			if cause["reason"] != "Required [access_control, incremental]" {
				t.Errorf("%s: one schedule: %v", tc.version, body)
			}
		}
		if status, _, body := c.raw("PUT", "/_connector/s/_scheduling", all); status != 200 {
			t.Errorf("%s: all three: HTTP %d %v", tc.version, status, body)
		}
	}
}

// The content- prefix of Elastic-managed connectors' indices came with 9.0 (elasticsearch#117778):
// an 8.x cluster takes a native connector on a search- index, on create, _index_name and _native.
func TestManagedIndexPrefixFrom90(t *testing.T) {
	for _, tc := range []struct {
		version  string
		enforced bool
	}{{"8.19.2", false}, {"9.0.0", true}} {
		c := start(t, elasticsearch.Options{Version: tc.version})
		status, _, body := c.raw("PUT", "/_connector/n", `{"index_name":"search-n","is_native":true}`)
		if (status == 400) != tc.enforced {
			t.Errorf("%s: native create on search-n: HTTP %d %v", tc.version, status, body)
		}
		c.raw("PUT", "/_connector/m", `{"index_name":"content-m","is_native":true}`)
		if status, _, body := c.raw("PUT", "/_connector/m/_index_name", `{"index_name":"search-m"}`); (status == 400) != tc.enforced {
			t.Errorf("%s: _index_name search-m on a native connector: HTTP %d %v", tc.version, status, body)
		}
		c.raw("PUT", "/_connector/o", `{"index_name":"search-o"}`)
		if status, _, body := c.raw("PUT", "/_connector/o/_native", `{"is_native":true}`); (status == 400) != tc.enforced {
			t.Errorf("%s: _native on search-o: HTTP %d %v", tc.version, status, body)
		}
	}
}
