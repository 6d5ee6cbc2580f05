package elasticsearch_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/elastic/go-elasticsearch/v9/typedapi/connector/syncjobclaim"
	"github.com/elastic/go-elasticsearch/v9/typedapi/connector/syncjoberror"
	"github.com/elastic/go-elasticsearch/v9/typedapi/connector/syncjobpost"
	"github.com/elastic/go-elasticsearch/v9/typedapi/connector/syncjobupdatestats"
	"github.com/elastic/go-elasticsearch/v9/typedapi/types/enums/syncjobtype"
	"github.com/elastic/go-elasticsearch/v9/typedapi/types/enums/syncstatus"

	"github.com/syncops/terraform-provider-syncops/internal/emulator/elasticsearch"
)

// fakeClock is a clock a test moves by hand.
type fakeClock struct{ t time.Time }

func (f *fakeClock) now() time.Time      { return f.t }
func (f *fakeClock) add(d time.Duration) { f.t = f.t.Add(d) }
func newClock(c *cluster) *fakeClock {
	f := &fakeClock{t: time.Now()}
	c.platform.SetClock(f.now)
	return f
}
func (c *cluster) doc(path string) (int, map[string]any) {
	c.t.Helper()
	status, _, body := c.raw("GET", path, "")
	return status, body
}

// job creates a connector (when needed) and one sync job of it, and returns the job id.
func (c *cluster) job(connector, body string) string {
	c.t.Helper()
	if _, ok := c.platform.Connector(connector); !ok {
		if status, _, b := c.raw("PUT", "/_connector/"+connector, `{"index_name":"search-`+connector+`","service_type":"jira"}`); status != 201 {
			c.t.Fatalf("create %s: %d %v", connector, status, b)
		}
	}
	status, _, b := c.raw("POST", "/_connector/_sync_job", body)
	if status != 201 {
		c.t.Fatalf("post job: %d %v", status, b)
	}
	return b["id"].(string)
}

// advance moves a job one step through the service, failing the test when it cannot.
func (c *cluster) advance(id string) {
	c.t.Helper()
	if _, err := c.platform.AdvanceSyncJob(id); err != nil {
		c.t.Fatal(err)
	}
}

func errorOf(body map[string]any) (typ, reason string) {
	e, _ := body["error"].(map[string]any)
	typ, _ = e["type"].(string)
	reason, _ = e["reason"].(string)
	return typ, reason
}

// The emulated connector service moves a job on the clock: pending for half the delay, claimed,
// half the documents a quarter later, completed at the full delay; the connector follows.
func TestSyncJobMovesOnTheClock(t *testing.T) {
	c := start(t, elasticsearch.Options{JobDelay: 4 * time.Second})
	clock := newClock(c)
	id := c.job("a", `{"id":"a"}`)
	steps := []struct {
		after           time.Duration
		status          string
		indexed         float64
		connectorStatus string
		lastSync        any
	}{
		{1999 * time.Millisecond, "pending", 0, "created", nil},
		{time.Millisecond, "in_progress", 0, "connected", "in_progress"},
		{time.Second, "in_progress", 60, "connected", "in_progress"},
		{time.Second, "completed", 120, "connected", "completed"},
	}
	for i, s := range steps {
		clock.add(s.after)
		_, job := c.doc("/_connector/_sync_job/" + id)
		_, conn := c.doc("/_connector/a")
		if job["status"] != s.status || job["indexed_document_count"] != s.indexed || conn["status"] != s.connectorStatus || conn["last_sync_status"] != s.lastSync {
			t.Errorf("step %d: job %v (%v indexed), connector %v / last_sync_status %v; want %s, %v, %s, %v",
				i, job["status"], job["indexed_document_count"], conn["status"], conn["last_sync_status"], s.status, s.indexed, s.connectorStatus, s.lastSync)
		}
	}
	_, job := c.doc("/_connector/_sync_job/" + id)
	_, conn := c.doc("/_connector/a")
	if job["worker_hostname"] != "syncops-emulator" || job["started_at"] == nil || job["completed_at"] == nil || job["total_document_count"] != 120.0 {
		t.Errorf("completed job: %v", job)
	}
	if conn["last_indexed_document_count"] != 120.0 || conn["last_deleted_document_count"] != 0.0 || conn["last_synced"] == nil || conn["error"] != nil {
		t.Errorf("connector after the sync: %v", conn)
	}
	if c.platform.State()["unfinishedSyncJobs"] != 0 {
		t.Errorf("state: %v", c.platform.State())
	}
}

// A failure asked for ends the next job in error; the connector's status, error and last sync
// error follow (Connector.sync_done).
func TestSyncJobFailNext(t *testing.T) {
	c := start(t, elasticsearch.Options{})
	c.platform.HoldService()
	id := c.job("a", `{"id":"a","job_type":"incremental"}`)
	c.platform.FailNextSyncJob("Source unreachable: connection refused")
	for _, want := range []string{"in_progress", "error"} {
		if got, err := c.platform.AdvanceSyncJob(id); err != nil || got != want {
			t.Fatalf("advance: %s %v, want %s", got, err, want)
		}
	}
	if got, err := c.platform.AdvanceSyncJob(id); err == nil {
		t.Errorf("a finished job moved: %s", got)
	}
	job, _ := c.platform.SyncJob(id)
	conn, _ := c.platform.Connector("a")
	if job["error"] != "Source unreachable: connection refused" || job["indexed_document_count"] != int64(6) {
		t.Errorf("failed job: %v", job)
	}
	if conn["status"] != "error" || conn["error"] != "Source unreachable: connection refused" || conn["last_sync_error"] != "Source unreachable: connection refused" || conn["last_sync_status"] != "error" {
		t.Errorf("connector after a failed sync: %v", conn)
	}
	// The failure is used once.
	second := c.job("a", `{"id":"a"}`)
	c.advance(second)
	if got, _ := c.platform.AdvanceSyncJob(second); got != "completed" {
		t.Errorf("the next job: %s", got)
	}
}

// _cancel: pending and suspended jobs are canceled at once; an in-progress one goes canceling and
// the service ends it canceled; anything else is refused by the state machine.
func TestSyncJobCancel(t *testing.T) {
	c := start(t, elasticsearch.Options{})
	c.platform.HoldService()
	pending := c.job("a", `{"id":"a"}`)
	if status, _, body := c.raw("PUT", "/_connector/_sync_job/"+pending+"/_cancel", ""); status != 200 || body["result"] != "updated" {
		t.Fatalf("cancel pending: %d %v", status, body)
	}
	job, _ := c.platform.SyncJob(pending)
	if job["status"] != "canceled" || job["canceled_at"] == nil || job["completed_at"] == nil || job["cancelation_requested_at"] == nil {
		t.Errorf("canceled pending job: %v", job)
	}
	running := c.job("a", `{"id":"a"}`)
	c.advance(running)
	c.raw("PUT", "/_connector/_sync_job/"+running+"/_cancel", "")
	if job, _ := c.platform.SyncJob(running); job["status"] != "canceling" || job["canceled_at"] != nil {
		t.Errorf("canceled running job: %v", job)
	}
	status, _, body := c.raw("PUT", "/_connector/_sync_job/"+running+"/_cancel", "")
	msg := "Invalid transition attempt from [canceling] to [canceling]. Such a ConnectorSyncStatus transition is not supported by the Connector Protocol."
	cause, _ := body["error"].(map[string]any)["caused_by"].(map[string]any)
	if typ, reason := errorOf(body); status != 400 || typ != "status_exception" || reason != msg || cause["type"] != "connector_sync_job_invalid_status_transition_exception" {
		t.Errorf("cancel canceling: %d %v", status, body)
	}
	if got, _ := c.platform.AdvanceSyncJob(running); got != "canceled" {
		t.Errorf("service ends a canceling job: %s", got)
	}
	if conn, _ := c.platform.Connector("a"); conn["last_sync_status"] != "canceled" {
		t.Errorf("connector after a canceled sync: %v", conn["last_sync_status"])
	}
	if status, _, body := c.raw("PUT", "/_connector/_sync_job/"+running+"/_cancel", ""); status != 400 || !strings.Contains(body["error"].(map[string]any)["reason"].(string), "from [canceled] to [canceling]") {
		t.Errorf("cancel canceled: %d %v", status, body)
	}
}

// The connector protocol endpoints: _claim (8.15, no status check, the job is then the caller's),
// _error (state machine), _stats (required counters, none negative), _check_in.
func TestSyncJobProtocolEndpoints(t *testing.T) {
	c := start(t, elasticsearch.Options{})
	ctx := context.Background()
	id := c.job("a", `{"id":"a"}`)
	c.platform.HoldService()
	if _, err := c.typed.Connector.SyncJobError(id).Request(&syncjoberror.Request{Error: "x"}).Do(ctx); err == nil || !strings.Contains(err.Error(), "from [pending] to [error]") {
		t.Errorf("_error on a pending job: %v", err)
	}
	claim, err := c.typed.Connector.SyncJobClaim(id).Request(&syncjobclaim.Request{WorkerHostname: "worker-1", SyncCursor: json.RawMessage(`{"page":2}`)}).Do(ctx)
	if err != nil || claim == nil {
		t.Fatalf("claim: %v", err)
	}
	job, _ := c.platform.SyncJob(id)
	conn := job["connector"].(map[string]any)
	if job["status"] != "in_progress" || job["worker_hostname"] != "worker-1" || conn["sync_cursor"].(map[string]any)["page"] != int64(2) {
		t.Errorf("claimed job: %v", job)
	}
	// A claimed job is its caller's: the service, released and late, leaves it alone.
	c.platform.ReleaseService()
	c.platform.SetClock(func() time.Time { return time.Now().Add(time.Hour) })
	if _, job := c.doc("/_connector/_sync_job/" + id); job["status"] != "in_progress" {
		t.Errorf("the service moved a claimed job: %v", job["status"])
	}
	if _, err := c.typed.Connector.SyncJobUpdateStats(id).Request(&syncjobupdatestats.Request{DeletedDocumentCount: 1, IndexedDocumentCount: 40, IndexedDocumentVolume: 9,
		Metadata: map[string]json.RawMessage{"k": json.RawMessage(`"v"`)}}).Do(ctx); err != nil {
		t.Fatalf("stats: %v", err)
	}
	for _, tc := range []struct{ body, want string }{
		{`{"indexed_document_count":1}`, "Required [deleted_document_count, indexed_document_volume]"},
		{`{"deleted_document_count":-1,"indexed_document_count":-2,"indexed_document_volume":0}`, "Validation Failed: 1: [deleted_document_count] cannot be negative.;2: [indexed_document_count] cannot be negative.;"},
		{`{"deleted_document_count":0,"indexed_document_count":0,"indexed_document_volume":0,"bogus":1}`, "unknown field [bogus]"},
	} {
		status, _, body := c.raw("PUT", "/_connector/_sync_job/"+id+"/_stats", tc.body)
		if _, reason := errorOf(body); status != 400 || !strings.Contains(reason, tc.want) {
			t.Errorf("stats %s: %d %v, want %q", tc.body, status, body, tc.want)
		}
	}
	if status, _, body := c.raw("PUT", "/_connector/_sync_job/"+id+"/_error", `{"error":""}`); status != 400 || !strings.Contains(body["error"].(map[string]any)["reason"].(string), "[error] of the connector sync job cannot be null or empty") {
		t.Errorf("empty error: %d %v", status, body)
	}
	if _, err := c.typed.Connector.SyncJobError(id).Request(&syncjoberror.Request{Error: "disk full"}).Do(ctx); err != nil {
		t.Errorf("_error: %v", err)
	}
	if status, _, body := c.raw("PUT", "/_connector/_sync_job/"+id+"/_check_in", ""); status != 200 || body["result"] != "updated" {
		t.Errorf("check in: %d %v", status, body)
	}
	got, err := c.typed.Connector.SyncJobGet(id).Do(ctx)
	if err != nil || got.Status != syncstatus.Error || *got.Error != "disk full" || got.IndexedDocumentCount != 40 || string(got.Metadata["k"]) != `"v"` {
		t.Errorf("typed get: %+v %v", got, err)
	}
	// _claim checks no status: even a finished job is claimed again.
	if status, _, body := c.raw("PUT", "/_connector/_sync_job/"+id+"/_claim", `{"worker_hostname":"w2"}`); status != 200 {
		t.Errorf("claim a failed job: %d %v", status, body)
	}
	if status, _, body := c.raw("PUT", "/_connector/_sync_job/"+id+"/_claim", `{}`); status != 400 || !strings.Contains(body["error"].(map[string]any)["reason"].(string), "Required [worker_hostname]") {
		t.Errorf("claim without worker: %d %v", status, body)
	}
}

// 404 reasons: the bare id once the sync jobs index exists, "connector sync job [id] not found"
// before, and always from the endpoints that update directly.
func TestSyncJobNotFoundReasons(t *testing.T) {
	c := start(t, elasticsearch.Options{})
	_, body := c.doc("/_connector/_sync_job/nope")
	if _, reason := errorOf(body); reason != "connector sync job [nope] not found" {
		t.Errorf("no index yet: %v", body)
	}
	c.job("a", `{"id":"a"}`)
	checks := []struct{ method, path, body, reason string }{
		{"GET", "/_connector/_sync_job/nope", "", "nope"},
		{"DELETE", "/_connector/_sync_job/nope", "", "nope"},
		{"PUT", "/_connector/_sync_job/nope/_cancel", "", "nope"},
		{"PUT", "/_connector/_sync_job/nope/_claim", `{"worker_hostname":"w"}`, "nope"},
		{"PUT", "/_connector/_sync_job/nope/_check_in", "", "connector sync job [nope] not found"},
		{"PUT", "/_connector/_sync_job/nope/_stats", `{"deleted_document_count":0,"indexed_document_count":0,"indexed_document_volume":0}`, "connector sync job [nope] not found"},
	}
	for _, tc := range checks {
		status, _, body := c.raw(tc.method, tc.path, tc.body)
		if typ, reason := errorOf(body); status != 404 || typ != "resource_not_found_exception" || reason != tc.reason {
			t.Errorf("%s %s: %d %v, want reason %q", tc.method, tc.path, status, body, tc.reason)
		}
	}
}

func TestSyncJobPostAndList(t *testing.T) {
	c := start(t, elasticsearch.Options{})
	ctx := context.Background()
	c.platform.HoldService()
	c.raw("PUT", "/_connector/noindex", `{"service_type":"jira"}`)
	c.raw("PUT", "/_connector/notype", `{"index_name":"search-notype"}`)
	posts := []struct{ body, typ, reason string }{
		{`{"id":"ghost"}`, "resource_not_found_exception", "Connector with id 'ghost' does not exist."},
		{`{"id":"noindex"}`, "status_exception", "Cannot start a sync for connector [noindex] with no index attached. Set the [index_name] property for the connector to enable syncing data."},
		{`{"id":"notype"}`, "status_exception", "Cannot start a sync for connector [notype] with [service_type] not defined. Set the service type of your connector before starting the sync."},
		{`{"id":""}`, "action_request_validation_exception", "Validation Failed: 1: [id] of the connector cannot be null or empty;"},
		{`{"job_type":"full"}`, "x_content_parse_exception", "Required [id]"},
		{`{"id":"a","trigger_method":"hourly"}`, "x_content_parse_exception", "Failed to build"},
	}
	for _, p := range posts {
		status, _, body := c.raw("POST", "/_connector/_sync_job", p.body)
		if typ, reason := errorOf(body); status < 400 || typ != p.typ || !strings.Contains(reason, p.reason) {
			t.Errorf("post %s: %d %v", p.body, status, body)
		}
	}
	full := c.job("a", `{"id":"a","job_type":"FULL"}`)
	acl := c.job("a", `{"id":"a","job_type":"access_control"}`)
	other := c.job("b", `{"id":"b","job_type":"incremental"}`)
	c.raw("PUT", "/_connector/_sync_job/"+full+"/_cancel", "")
	list, err := c.typed.Connector.SyncJobList().ConnectorId("a").Do(ctx)
	if err != nil || list.Count != 2 || list.Results[0].Id != acl || list.Results[1].JobType != syncjobtype.Full {
		t.Errorf("list of a: %+v %v", list, err)
	}
	for _, tc := range []struct {
		query string
		want  []string
	}{
		{"status=CANCELED", []string{full}},
		{"job_type=incremental,access_control", []string{other, acl}},
		{"job_type=full&connector_id=b", nil},
		{"from=1&size=1", []string{acl}},
	} {
		_, body := c.doc("/_connector/_sync_job?" + tc.query)
		var ids []string
		for _, r := range body["results"].([]any) {
			ids = append(ids, r.(map[string]any)["id"].(string))
		}
		if strings.Join(ids, ",") != strings.Join(tc.want, ",") {
			t.Errorf("list %s: %v, want %v", tc.query, ids, tc.want)
		}
	}
	for _, tc := range []struct{ query, reason string }{
		{"status=done", "Unknown ConnectorSyncStatus [done]."},
		{"job_type=full,weekly", "Unknown ConnectorSyncJobType [weekly]."},
		{"size=ten", "Failed to parse int parameter [size] with value [ten]"},
		{"from=-1", "Parameter [from] cannot be < 0"},
		{"from=9999&size=2", "The sum of parameters [from] and [size] cannot be higher than 10000."},
	} {
		status, body := c.doc("/_connector/_sync_job?" + tc.query)
		if typ, reason := errorOf(body); status != 400 || typ != "illegal_argument_exception" || reason != tc.reason {
			t.Errorf("list %s: %d %v", tc.query, status, body)
		}
	}
}

// A soft-deleted connector (9.x) still gets sync jobs: the post reads the raw document.
func TestSyncJobForSoftDeletedConnector(t *testing.T) {
	c := start(t, elasticsearch.Options{})
	c.job("a", `{"id":"a"}`)
	c.raw("DELETE", "/_connector/a", "")
	if status, _, body := c.raw("POST", "/_connector/_sync_job", `{"id":"a"}`); status != 201 {
		t.Errorf("post for a soft-deleted connector: %d %v", status, body)
	}
}

// An access control sync writes the connector's last_access_control_sync_* fields; without
// document level security the connector service syncs no identity.
func TestAccessControlSyncAndDocumentLevelSecurity(t *testing.T) {
	c := start(t, elasticsearch.Options{})
	c.platform.HoldService()
	run := func() map[string]any {
		id := c.job("a", `{"id":"a","job_type":"access_control"}`)
		c.advance(id)
		c.advance(id)
		job, _ := c.platform.SyncJob(id)
		return job
	}
	if job := run(); job["status"] != "completed" || job["indexed_document_count"] != int64(0) {
		t.Errorf("without DLS: %v", job)
	}
	c.raw("PUT", "/_connector/a/_features", `{"features":{"document_level_security":{"enabled":true}}}`)
	if job := run(); job["indexed_document_count"] != int64(8) {
		t.Errorf("with DLS: %v", job)
	}
	conn, _ := c.platform.Connector("a")
	if conn["last_access_control_sync_status"] != "completed" || conn["last_sync_status"] != nil {
		t.Errorf("connector: %v / %v", conn["last_access_control_sync_status"], conn["last_sync_status"])
	}
}

// The typed client's post and the emulated job document decode together (enums, timestamps).
func TestSyncJobTypedPost(t *testing.T) {
	c := start(t, elasticsearch.Options{})
	c.raw("PUT", "/_connector/a", `{"index_name":"search-a","service_type":"jira"}`)
	res, err := c.typed.Connector.SyncJobPost().Request(&syncjobpost.Request{Id: "a", JobType: &syncjobtype.Incremental}).Do(context.Background())
	if err != nil || len(res.Id) != 20 {
		t.Fatalf("post: %+v %v", res, err)
	}
}
