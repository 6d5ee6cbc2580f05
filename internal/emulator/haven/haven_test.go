package haven

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/syncops/terraform-provider-syncops/internal/emulator"
)

type testEmulator struct {
	t   *testing.T
	url string
	e   *Emulator
	srv *emulator.Server
}

func start(t *testing.T, opts Options) *testEmulator {
	t.Helper()
	e := New(opts)
	srv := emulator.New(e)
	run, err := emulator.Start("127.0.0.1:0", "", srv)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = run.Close() })
	return &testEmulator{t: t, url: run.URL, e: e, srv: srv}
}

// clock is a fake time for the emulator: what follows time (a job queued then in progress, a run
// queued, processing then finished, a stop) moves only when the test advances it, so that no
// test depends on how fast the machine runs it.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// fakeClock makes the emulator's time a clock the test advances.
func (te *testEmulator) fakeClock() *clock {
	c := &clock{t: time.Now()}
	te.e.mu.Lock()
	te.e.now = c.now
	te.e.mu.Unlock()
	return c
}

// do sends params by GET query or POST form; apikey is added unless given.
func (te *testEmulator) do(method, path string, p url.Values) (int, map[string]any) {
	te.t.Helper()
	p = withKey(p)
	var req *http.Request
	var err error
	if method == http.MethodGet {
		req, err = http.NewRequest(method, te.url+path+"?"+p.Encode(), nil)
	} else {
		req, err = http.NewRequest(method, te.url+path, strings.NewReader(p.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if err != nil {
		te.t.Fatal(err)
	}
	return te.send(req)
}

func withKey(p url.Values) url.Values {
	out := url.Values{}
	for k, v := range p {
		out[k] = v
	}
	if _, ok := out["apikey"]; !ok {
		out.Set("apikey", DefaultAPIKey)
	}
	return out
}

func (te *testEmulator) send(req *http.Request) (int, map[string]any) {
	te.t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		te.t.Fatal(err)
	}
	defer func() { _ = resp.Body.Close() }()
	data, _ := io.ReadAll(resp.Body)
	var out map[string]any
	if len(data) > 0 {
		if err := json.Unmarshal(data, &out); err != nil {
			te.t.Fatalf("%s %s: not JSON: %s", req.Method, req.URL.Path, data)
		}
	}
	return resp.StatusCode, out
}

func (te *testEmulator) sync(api string, p url.Values) (int, map[string]any) {
	te.t.Helper()
	return te.do(http.MethodPost, "/1/api/sync/"+api+"/v1", p)
}

func (te *testEmulator) mustSync(api string, p url.Values) map[string]any {
	te.t.Helper()
	status, out := te.sync(api, p)
	if status != http.StatusOK {
		te.t.Fatalf("%s: HTTP %d %v", api, status, out)
	}
	return out
}

func (te *testEmulator) control(path string, body string) int {
	te.t.Helper()
	resp, err := http.Post(te.url+path, "application/json", strings.NewReader(body))
	if err != nil {
		te.t.Fatal(err)
	}
	_ = resp.Body.Close()
	return resp.StatusCode
}

func webConnector(name string) url.Values {
	return url.Values{
		"connector":   {name},
		"flavor":      {"web_cloud"},
		"config":      {`{"url": "https://www.example.com", "max_pages": 500}`},
		"destination": {`{"action": "addtotextindex", "index": "site"}`},
		"schedule":    {`{"frequency": {"frequency_type": "seconds", "interval": 86400}}`},
		"description": {"Public site crawl"},
	}
}

func expectError(t *testing.T, status int, out map[string]any, wantStatus, wantCode int) {
	t.Helper()
	if status != wantStatus {
		t.Fatalf("HTTP %d, want %d: %v", status, wantStatus, out)
	}
	if code, _ := out["error"].(float64); int(code) != wantCode {
		t.Fatalf("error %v, want %d: %v", out["error"], wantCode, out)
	}
	if reason, _ := out["reason"].(string); reason == "" {
		t.Fatalf("error %d without a reason: %v", wantCode, out)
	}
}

func TestAPIKeyRequired(t *testing.T) {
	t.Parallel()
	te := start(t, Options{})
	status, out := te.sync("connectorhistory", url.Values{"apikey": {""}})
	expectError(t, status, out, 401, 2000)
	status, out = te.sync("connectorhistory", url.Values{"apikey": {"no good"}})
	expectError(t, status, out, 400, 2001)
	status, out = te.sync("connectorhistory", url.Values{"apikey": {"d3962fe9-b18b-48b7-8c53-3364afa0cc86"}})
	expectError(t, status, out, 401, 2002)
	status, out = te.do(http.MethodGet, "/1/job/status/usw3p_x", url.Values{"apikey": {""}})
	expectError(t, status, out, 401, 2000)
}

func TestCreateByQueryFormAndMultipart(t *testing.T) {
	t.Parallel()
	te := start(t, Options{})
	// GET with the parameters in the query.
	status, out := te.do(http.MethodGet, "/1/api/sync/createconnector/v1", webConnector("by-query"))
	if status != 200 || out["connector"] != "by-query" || out["message"] != "connector created" {
		t.Fatalf("GET create: %d %v", status, out)
	}
	if _, ok := out["download_link"]; ok {
		t.Fatalf("a cloud connector has no download_link: %v", out)
	}
	// POST form-encoded.
	te.mustSync("createconnector", webConnector("by-form"))
	// POST multipart.
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, vs := range withKey(webConnector("by-multipart")) {
		_ = mw.WriteField(k, vs[0])
	}
	_ = mw.Close()
	req, _ := http.NewRequest(http.MethodPost, te.url+"/1/api/sync/createconnector/v1", &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	if status, out := te.send(req); status != 200 {
		t.Fatalf("multipart create: %d %v", status, out)
	}
	if n := te.e.State()["connectors"]; n != 3 {
		t.Fatalf("connectors = %d, want 3", n)
	}
	// retrieveconfig: top-level name and flavor, blocks nested under config.
	cfg := te.mustSync("retrieveconfig", url.Values{"connector": {"by-form"}})
	if cfg["name"] != "by-form" || cfg["flavor"] != "web_cloud" {
		t.Fatalf("retrieveconfig: %v", cfg)
	}
	inner := cfg["config"].(map[string]any)
	if inner["destination"].(map[string]any)["index"] != "site" || inner["description"] != "Public site crawl" {
		t.Fatalf("retrieveconfig config: %v", inner)
	}
	if inner["config"].(map[string]any)["max_pages"] != float64(500) {
		t.Fatalf("config stored as sent: %v", inner["config"])
	}
	// The same name again is refused.
	status, out = te.sync("createconnector", webConnector("by-form"))
	expectError(t, status, out, 400, 4005)
	if !strings.Contains(toJSON(out["detail"]), "already exists") {
		t.Fatalf("detail should say the connector already exists: %v", out)
	}
}

func toJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func TestRequestErrors(t *testing.T) {
	t.Parallel()
	te := start(t, Options{})
	cases := []struct {
		name       string
		api        string
		p          url.Values
		status     int
		code       int
		detailPart string
	}{
		{"missing parameters", "createconnector", url.Values{"connector": {"x"}}, 400, 4015, "destination"},
		{"name with a space", "createconnector", set(webConnector("bad name"), "connector", "bad name"), 400, 8004, ""},
		{"name too long", "createconnector", set(webConnector("x"), "connector", strings.Repeat("a", 101)), 400, 8004, ""},
		{"unknown flavor", "createconnector", set(webConnector("x"), "flavor", "sharepoint_remote"), 400, 4029, "sharepoint_remote"},
		{"config not JSON", "createconnector", set(webConnector("x"), "config", "{url:"), 400, 4010, "config"},
		{"config not an object", "createconnector", set(webConnector("x"), "config", "[1]"), 400, 4010, "config"},
		{"destination without index", "createconnector", set(webConnector("x"), "destination", `{"action":"addtotextindex"}`), 400, 4008, "index"},
		{"schedule without frequency", "createconnector", set(webConnector("x"), "schedule", `{"occurrences":3}`), 400, 4008, "frequency"},
		{"credentials without policy", "createconnector", set(webConnector("x"), "credentials", `{"login_value":"a"}`), 400, 4015, "credentials_policy"},
		{"onsite short interval", "createconnector", set(set(webConnector("x"), "flavor", "web_onsite"), "schedule", `{"frequency":{"frequency_type":"seconds","interval":3600}}`), 400, 9005, "21600"},
		{"onsite without schedule", "createconnector", url.Values{"connector": {"x"}, "flavor": {"filesystem_onsite"}, "config": {"{}"}, "destination": {`{"action":"addtotextindex","index":"i"}`}}, 400, 4015, "schedule"},
		{"duplicate parameters", "deleteconnector", url.Values{"connector": {"a", "b"}}, 400, 4000, "connector"},
		{"flavor change", "updateconnector", url.Values{"connector": {"x"}, "flavor": {"web_onsite"}}, 400, 4008, "flavor"},
		{"bad boolean", "connectorstatus", url.Values{"connector": {"x"}, "schedule_information": {"yes"}}, 400, 4008, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for _, mode := range []string{"sync", "async"} {
				status, out := te.do(http.MethodPost, "/1/api/"+mode+"/"+c.api+"/v1", c.p)
				expectError(t, status, out, c.status, c.code)
				if !strings.Contains(toJSON(out["detail"]), c.detailPart) {
					t.Fatalf("%s: detail %v should mention %q", mode, out["detail"], c.detailPart)
				}
			}
		})
	}
	status, out := te.do(http.MethodGet, "/1/api/sync/frobnicate/v1", nil)
	expectError(t, status, out, 400, 4004)
	status, out = te.do(http.MethodGet, "/1/api/sync/createconnector/v2", nil)
	expectError(t, status, out, 400, 4004)
	status, out = te.do(http.MethodGet, "/1/nothing/here", nil)
	expectError(t, status, out, 404, 6000)
	status, out = te.do(http.MethodPut, "/1/api/sync/deleteconnector/v1", url.Values{"connector": {"x"}})
	expectError(t, status, out, 405, 7009)
	status, out = te.do(http.MethodGet, "/1/job/status/usw3p_nope", nil)
	expectError(t, status, out, 400, 3001)
	if n := te.e.State()["connectors"]; n != 0 {
		t.Fatalf("no request above may create a connector, got %d", n)
	}
}

func set(p url.Values, k, v string) url.Values {
	out := url.Values{}
	for key, vs := range p {
		out[key] = vs
	}
	out.Set(k, v)
	return out
}

func jobStatus(te *testEmulator, id string) map[string]any {
	te.t.Helper()
	status, out := te.do(http.MethodGet, "/1/job/status/"+id, nil)
	if status != 200 {
		te.t.Fatalf("job status: HTTP %d %v", status, out)
	}
	return out
}

func submit(te *testEmulator, api string, p url.Values) string {
	te.t.Helper()
	status, out := te.do(http.MethodPost, "/1/api/async/"+api+"/v1", p)
	id, _ := out["jobID"].(string)
	if status != 200 || !strings.HasPrefix(id, "usw3p_") {
		te.t.Fatalf("async %s: HTTP %d %v", api, status, out)
	}
	return id
}

func waitJob(te *testEmulator, id string) map[string]any {
	te.t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		out := jobStatus(te, id)
		if s := out["status"]; s == JobFinished || s == JobFailed {
			return out
		}
		time.Sleep(20 * time.Millisecond)
	}
	te.t.Fatalf("job %s never ended", id)
	return nil
}

func TestAsyncJobLifecycle(t *testing.T) {
	t.Parallel()
	te := start(t, Options{JobDelay: time.Second})
	clock := te.fakeClock()
	id := submit(te, "createconnector", webConnector("site"))
	first := jobStatus(te, id)
	if first["status"] != JobQueued || first["jobID"] != id {
		t.Fatalf("new job: %v", first)
	}
	action := first["actions"].([]any)[0].(map[string]any)
	if action["action"] != "createconnector" || action["status"] != JobQueued || action["version"] != "v1" {
		t.Fatalf("queued action: %v", action)
	}
	if te.e.State()["connectors"] != 0 {
		t.Fatal("the connector must not exist before its job has run")
	}
	clock.advance(600 * time.Millisecond)
	if s := jobStatus(te, id)["status"]; s != JobInProgress {
		t.Fatalf("halfway: %v, want %q", s, JobInProgress)
	}
	done := waitJob(te, id)
	if done["status"] != JobFinished {
		t.Fatalf("job: %v", done)
	}
	result := done["actions"].([]any)[0].(map[string]any)["result"].(map[string]any)
	if result["connector"] != "site" || te.e.State()["connectors"] != 1 {
		t.Fatalf("result %v, state %v", result, te.e.State())
	}

	// A job whose action fails still answers HTTP 200, with the error in actions[0].errors.
	id = submit(te, "createconnector", webConnector("site"))
	failed := waitJob(te, id)
	act := failed["actions"].([]any)[0].(map[string]any)
	errs := act["errors"].([]any)
	if failed["status"] != JobFailed || act["status"] != JobFailed || len(errs) != 1 || errs[0].(map[string]any)["error"] != float64(4005) {
		t.Fatalf("failed job: %v", failed)
	}

	// /1/job/result blocks until the job is done.
	id = submit(te, "deleteconnector", url.Values{"connector": {"site"}})
	status, out := te.do(http.MethodGet, "/1/job/result/"+id, nil)
	if status != 200 || out["status"] != JobFinished {
		t.Fatalf("job result: %d %v", status, out)
	}
	if te.e.State()["connectors"] != 0 {
		t.Fatal("deleted connector still there")
	}
}

func TestFailNextJob(t *testing.T) {
	t.Parallel()
	te := start(t, Options{})
	if s := te.control("/_emulator/haven/fail-next-job", `{"error": 2010, "detail": {"reason": "Over quota"}}`); s != 204 {
		t.Fatalf("control: %d", s)
	}
	id := submit(te, "createconnector", webConnector("site"))
	out := waitJob(te, id)
	e := out["actions"].([]any)[0].(map[string]any)["errors"].([]any)[0].(map[string]any)
	if out["status"] != JobFailed || e["error"] != float64(2010) || e["reason"] != reasons[2010] {
		t.Fatalf("failed job: %v", out)
	}
	if te.e.State()["connectors"] != 0 {
		t.Fatal("a failed job must not run its action")
	}
	// Only the next job fails.
	waitJob(te, submit(te, "createconnector", webConnector("site")))
	if te.e.State()["connectors"] != 1 {
		t.Fatal("the job after the failed one should run")
	}
}

func TestUpdateReplacesBlocksWhole(t *testing.T) {
	t.Parallel()
	te := start(t, Options{})
	te.mustSync("createconnector", webConnector("site"))
	te.mustSync("updateconnector", url.Values{"connector": {"site"}, "config": {`{"url": "https://other.example.com"}`}})
	inner := te.mustSync("retrieveconfig", url.Values{"connector": {"site"}})["config"].(map[string]any)
	cfg := inner["config"].(map[string]any)
	if cfg["url"] != "https://other.example.com" || cfg["max_pages"] != nil {
		t.Fatalf("config must be replaced whole (max_pages dropped): %v", cfg)
	}
	if inner["destination"].(map[string]any)["index"] != "site" || inner["schedule"] == nil {
		t.Fatalf("blocks not sent stay: %v", inner)
	}
	te.mustSync("cancelconnectorschedule", url.Values{"connector": {"site"}})
	inner = te.mustSync("retrieveconfig", url.Values{"connector": {"site"}})["config"].(map[string]any)
	if _, ok := inner["schedule"]; ok {
		t.Fatalf("schedule should be gone after cancelconnectorschedule: %v", inner)
	}
	// An onsite connector keeps its schedule: Haven cannot start it otherwise.
	onsite := set(webConnector("files"), "flavor", "web_onsite")
	te.mustSync("createconnector", onsite)
	status, out := te.sync("cancelconnectorschedule", url.Values{"connector": {"files"}})
	expectError(t, status, out, 400, 9005)
	inner = te.mustSync("retrieveconfig", url.Values{"connector": {"files"}, "output": {"config_attributes"}})["config"].(map[string]any)
	if inner["schedule"] == nil {
		t.Fatalf("an onsite connector lost its schedule: %v", inner)
	}
	status, out = te.sync("updateconnector", url.Values{"connector": {"nope"}, "description": {"x"}})
	expectError(t, status, out, 400, 4005)
	if !strings.Contains(toJSON(out["detail"]), "does not exist") {
		t.Fatalf("not found detail: %v", out)
	}
}

func TestRunsStopAndDelete(t *testing.T) {
	t.Parallel()
	te := start(t, Options{RunDuration: time.Second, StopDuration: time.Second})
	clock := te.fakeClock()
	te.mustSync("createconnector", webConnector("site"))
	if st := te.mustSync("connectorstatus", url.Values{"connector": {"site"}}); st["status"] != StatusIdle {
		t.Fatalf("new connector: %v", st)
	}
	status, out := te.sync("stopconnector", url.Values{"connector": {"site"}})
	expectError(t, status, out, 400, 4005)

	started := te.mustSync("startconnector", url.Values{"connector": {"site"}})
	token, _ := started["token"].(string)
	if token == "" {
		t.Fatalf("start: %v", started)
	}
	st := te.mustSync("connectorstatus", url.Values{"connector": {"site"}})
	if st["status"] != StatusQueued && st["status"] != StatusProcessing {
		t.Fatalf("after start: %v", st)
	}
	status, out = te.sync("deleteconnector", url.Values{"connector": {"site"}})
	expectError(t, status, out, 400, 4005)
	status, out = te.sync("startconnector", url.Values{"connector": {"site"}})
	expectError(t, status, out, 400, 4005)
	clock.advance(1200 * time.Millisecond)
	if st := te.mustSync("connectorstatus", url.Values{"connector": {"site"}}); st["status"] != StatusFinished || st["token"] != token {
		t.Fatalf("after the run: %v", st)
	}

	// A long run from the control endpoint stays PROCESSING until stopped.
	if s := te.control("/_emulator/haven/connectors/site/run", ""); s != 200 {
		t.Fatalf("control run: %d", s)
	}
	if s := te.control("/_emulator/haven/connectors/nope/run", ""); s != 404 {
		t.Fatalf("control run of a missing connector: %d", s)
	}
	te.mustSync("stopconnector", url.Values{"connector": {"site"}})
	if st := te.mustSync("connectorstatus", url.Values{"connector": {"site"}}); st["status"] != StatusStopping {
		t.Fatalf("after stop: %v", st)
	}
	status, out = te.sync("deleteconnector", url.Values{"connector": {"site"}})
	expectError(t, status, out, 400, 4005)
	clock.advance(1100 * time.Millisecond)
	if st := te.mustSync("connectorstatus", url.Values{"connector": {"site"}}); st["status"] != StatusStopped {
		t.Fatalf("after stopping: %v", st)
	}
	hist := te.mustSync("connectorhistory", url.Values{"connector": {"site"}})["history"].([]any)
	if len(hist) != 2 || hist[0].(map[string]any)["status"] != StatusStopped || hist[1].(map[string]any)["token"] != token {
		t.Fatalf("history, newest first: %v", hist)
	}
	latest := te.mustSync("connectorhistory", url.Values{"connectors": {"site"}, "show_latest_only": {"True"}})["history"].([]any)
	if len(latest) != 1 {
		t.Fatalf("show_latest_only: %v", latest)
	}
	deleted := te.mustSync("deleteconnector", url.Values{"connector": {"site"}})
	if deleted["deleted"] != true || deleted["connector"] != "site" {
		t.Fatalf("delete: %v", deleted)
	}
	status, out = te.sync("connectorstatus", url.Values{"connector": {"site"}})
	expectError(t, status, out, 400, 4005)
}

func TestOnsiteConnectors(t *testing.T) {
	t.Parallel()
	te := start(t, Options{})
	p := set(set(webConnector("files"), "flavor", "filesystem_onsite"), "schedule", `{"frequency":{"frequency_type":"seconds","interval":21600}}`)
	out := te.mustSync("createconnector", p)
	links, _ := out["download_link"].(map[string]any)
	if links["linux_x86_64"] == nil || links["windows_x86"] == nil {
		t.Fatalf("onsite create needs download_link: %v", out)
	}
	for _, api := range []string{"connectorstatus", "startconnector", "stopconnector", "connectorhistory"} {
		status, out := te.sync(api, url.Values{"connector": {"files"}})
		expectError(t, status, out, 400, 4005)
		if !strings.Contains(toJSON(out["detail"]), "cloud") {
			t.Fatalf("%s: %v", api, out)
		}
	}
	status, out := te.sync("updateconnector", url.Values{"connector": {"files"}, "schedule": {`{"frequency":{"frequency_type":"seconds","interval":60}}`}})
	expectError(t, status, out, 400, 9005)
	cfg := te.mustSync("retrieveconfig", url.Values{"connector": {"files"}})
	if s, _ := cfg["config"].(string); !strings.Contains(s, "Flavor=filesystem_onsite") {
		t.Fatalf("onsite retrieveconfig defaults to config_file: %v", cfg)
	}
}

func TestQuotasAndThrottling(t *testing.T) {
	t.Parallel()
	te := start(t, Options{MaxConnectors: 1, MaxRunsPerDay: 1, RunDuration: 10 * time.Millisecond})
	clock := te.fakeClock()
	te.mustSync("createconnector", webConnector("one"))
	status, out := te.sync("createconnector", webConnector("two"))
	expectError(t, status, out, 400, 9003)
	te.mustSync("startconnector", url.Values{"connector": {"one"}})
	clock.advance(50 * time.Millisecond)
	status, out = te.sync("startconnector", url.Values{"connector": {"one"}})
	expectError(t, status, out, 400, 9006)

	if s := te.control("/_emulator/haven/throttle", `{"count": 1}`); s != 204 {
		t.Fatalf("throttle: %d", s)
	}
	resp, err := http.Get(te.url + "/1/api/sync/connectorstatus/v1?connector=one&apikey=" + DefaultAPIKey)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode != 429 || resp.Header.Get("Retry-After") != "" {
		t.Fatalf("throttled: HTTP %d, Retry-After %q", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	te.mustSync("connectorstatus", url.Values{"connector": {"one"}})

	// Throttling one API leaves the others alone.
	if s := te.control("/_emulator/haven/throttle", `{"count": 1, "api": "connectorhistory"}`); s != 204 {
		t.Fatalf("throttle: %d", s)
	}
	te.mustSync("connectorstatus", url.Values{"connector": {"one"}})
	status, out = te.do(http.MethodGet, "/1/api/async/connectorhistory/v1", nil)
	expectError(t, status, out, 429, 4030)
	te.mustSync("connectorhistory", nil)
	if s := te.control("/_emulator/haven/throttle", `{"count": 1, "api": "frobnicate"}`); s != 400 {
		t.Fatalf("throttle of an unknown API: %d", s)
	}
}

func TestStatsCountEachAPI(t *testing.T) {
	t.Parallel()
	te := start(t, Options{})
	te.mustSync("createconnector", webConnector("site"))
	submit(te, "deleteconnector", url.Values{"connector": {"site"}})
	if n := te.srv.Stats().Requests("POST /1/api/sync/createconnector/v1"); n != 1 {
		t.Fatalf("stats for sync create: %d (%v)", n, te.srv.Stats().Routes())
	}
	if n := te.srv.Stats().Requests("POST /1/api/async/deleteconnector/v1"); n != 1 {
		t.Fatalf("stats for async delete: %d (%v)", n, te.srv.Stats().Routes())
	}
	te.e.Reset()
	if n := te.e.State()["connectors"]; n != 0 {
		t.Fatalf("after reset: %d", n)
	}
}

// The start connector quota (9004) limits how many connectors run at the same time (reference
// §7: "how many connectors you have running at the same time").
func TestStartConnectorQuota(t *testing.T) {
	t.Parallel()
	te := start(t, Options{MaxRunning: 1, RunDuration: time.Hour})
	clock := te.fakeClock()
	te.mustSync("createconnector", webConnector("one"))
	te.mustSync("createconnector", webConnector("two"))
	te.mustSync("startconnector", url.Values{"connector": {"one"}})
	status, out := te.sync("startconnector", url.Values{"connector": {"two"}})
	expectError(t, status, out, 400, 9004)
	te.mustSync("stopconnector", url.Values{"connector": {"one"}})
	// STOPPING still counts as running until STOPPED.
	status, out = te.sync("startconnector", url.Values{"connector": {"two"}})
	expectError(t, status, out, 400, 9004)
	clock.advance(DefaultStopDuration)
	te.mustSync("startconnector", url.Values{"connector": {"two"}})
}

// Every documented code (reference §6.2) has its reason and HTTP status, also when a test makes
// a job fail with it; a code outside the table needs an explicit reason, since HOD always sends one.
func TestErrorTable(t *testing.T) {
	t.Parallel()
	for code, want := range map[int]struct {
		status int
		reason string
	}{
		1004: {500, "Unknown Status"}, 2020: {400, "Cannot get quota info for invalid quota"}, 3002: {500, "Cannot complete job"},
		4006: {400, "Invalid job action parameter"}, 4007: {400, "Invalid job action parameter name"}, 4016: {400, "Missing job action version"},
		4026: {400, "Invalid value for an array parameter"}, 7001: {413, ""}, 7005: {400, ""}, 8002: {400, "Index name invalid"},
		10001: {429, "Rejected because some jobs have been taking longer than expected"}, 10003: {400, "Invalid parameter(s)"},
	} {
		he := newError(code, nil)
		if he.httpStatus() != want.status || he.Reason != want.reason {
			t.Errorf("error %d: HTTP %d %q, want HTTP %d %q", code, he.httpStatus(), he.Reason, want.status, want.reason)
		}
	}
	te := start(t, Options{})
	if s := te.control("/_emulator/haven/fail-next-job", `{"error": 10001}`); s != 204 {
		t.Fatalf("control: %d", s)
	}
	out := waitJob(te, submit(te, "createconnector", webConnector("site")))
	e := out["actions"].([]any)[0].(map[string]any)["errors"].([]any)[0].(map[string]any)
	if e["error"] != float64(10001) || e["reason"] != reasons[10001] {
		t.Fatalf("failed job: %v", out)
	}
	if s := te.control("/_emulator/haven/fail-next-job", `{"error": 12345}`); s != 400 {
		t.Fatalf("an undocumented code without a reason: HTTP %d, want 400", s)
	}
	if s := te.control("/_emulator/haven/fail-next-job", `{"error": 12345, "reason": "Something odd"}`); s != 204 {
		t.Fatalf("an undocumented code with a reason: HTTP %d, want 204", s)
	}
}

// A job status or result without a job id is 3000 "Missing job ID" (reference §5.2), not 6000.
func TestMissingJobID(t *testing.T) {
	t.Parallel()
	te := start(t, Options{})
	for _, path := range []string{"/1/job/status/", "/1/job/status", "/1/job/result/", "/1/job/result"} {
		status, out := te.do(http.MethodGet, path, nil)
		expectError(t, status, out, 400, 3000)
		status, out = te.do(http.MethodGet, path, url.Values{"apikey": {""}})
		expectError(t, status, out, 401, 2000)
	}
}

// The documented web_cloud options (reference §4.4) are checked on create and on update, where
// only the stored flavor tells which rules apply.
func TestWebCloudConfigLimits(t *testing.T) {
	t.Parallel()
	te := start(t, Options{})
	for _, cfg := range []string{`{"max_pages": 500}`, `{"url": "https://a", "max_pages": 5}`, `{"url": "https://a", "max_pages": 2000000}`, `{"url": "https://a", "duration": 30}`} {
		status, out := te.sync("createconnector", set(webConnector("site"), "config", cfg))
		expectError(t, status, out, 400, 4008)
		if !strings.Contains(toJSON(out["detail"]), "config") {
			t.Fatalf("%s: detail should name config: %v", cfg, out)
		}
	}
	te.mustSync("createconnector", set(webConnector("site"), "config", `{"url": "https://a", "max_pages": 10, "duration": 60}`))
	status, out := te.sync("updateconnector", url.Values{"connector": {"site"}, "config": {`{"url": "https://a", "max_pages": 1}`}, "description": {"changed"}})
	expectError(t, status, out, 400, 4008)
	inner := te.mustSync("retrieveconfig", url.Values{"connector": {"site"}})["config"].(map[string]any)
	if inner["config"].(map[string]any)["max_pages"] != float64(10) || inner["description"] != "Public site crawl" {
		t.Fatalf("a refused update must change nothing: %v", inner)
	}
	// Other flavors' configs are opaque.
	te.mustSync("createconnector", set(set(webConnector("box"), "flavor", "dropbox_cloud"), "config", `{"full_dropbox_access": false}`))
}

// Onsite connectors run at the customer's site: the control endpoint cannot start a run of one.
func TestControlRunRefusesOnsite(t *testing.T) {
	t.Parallel()
	te := start(t, Options{})
	te.mustSync("createconnector", set(set(webConnector("files"), "flavor", "filesystem_onsite"), "schedule", `{"frequency":{"frequency_type":"seconds","interval":21600}}`))
	if s := te.control("/_emulator/haven/connectors/files/run", ""); s != http.StatusConflict {
		t.Fatalf("control run of an onsite connector: HTTP %d, want 409", s)
	}
	te.mustSync("deleteconnector", url.Values{"connector": {"files"}})
}

// Held jobs stay in progress, whatever their delay, until the test releases them; they then end
// in the order they were submitted. Jobs of other APIs are not held.
func TestHeldJobsEndWhenReleased(t *testing.T) {
	t.Parallel()
	te := start(t, Options{})
	if s := te.control("/_emulator/haven/jobs/hold", `{"api": "frobnicate"}`); s != http.StatusBadRequest {
		t.Fatalf("hold of an unknown API: HTTP %d, want 400", s)
	}
	if s := te.control("/_emulator/haven/jobs/hold", `{"api": "createconnector"}`); s != http.StatusNoContent {
		t.Fatalf("hold: HTTP %d", s)
	}
	first := submit(te, "createconnector", webConnector("site"))
	second := submit(te, "createconnector", webConnector("site"))
	if s := jobStatus(te, submit(te, "deleteconnector", url.Values{"connector": {"nope"}}))["status"]; s != JobFailed {
		t.Fatalf("a job of another API is not held: %v", s)
	}
	for _, id := range []string{first, second} {
		if s := jobStatus(te, id)["status"]; s != JobInProgress {
			t.Fatalf("held job: %v, want %q", s, JobInProgress)
		}
	}
	if st := te.e.State(); st["heldJobs"] != 2 || st["pendingJobs"] != 2 || st["connectors"] != 0 {
		t.Fatalf("state with two held creates: %v", st)
	}
	if s := te.control("/_emulator/haven/jobs/release", ""); s != http.StatusNoContent {
		t.Fatalf("release: HTTP %d", s)
	}
	if s := jobStatus(te, first)["status"]; s != JobFinished {
		t.Fatalf("first create after release: %v", s)
	}
	failed := jobStatus(te, second)
	errs, _ := failed["actions"].([]any)[0].(map[string]any)["errors"].([]any)
	if failed["status"] != JobFailed || len(errs) != 1 || errs[0].(map[string]any)["error"] != float64(4005) {
		t.Fatalf("second create of the name after release: %v", failed)
	}
	if st := te.e.State(); st["heldJobs"] != 0 || st["pendingJobs"] != 0 || st["connectors"] != 1 {
		t.Fatalf("state after release: %v", st)
	}
	// Released, nothing is held any more.
	if s := jobStatus(te, submit(te, "deleteconnector", url.Values{"connector": {"site"}}))["status"]; s != JobFinished {
		t.Fatalf("a job after release: %v", s)
	}
}

// The finish control ends a run now: FINISHED, and only while the connector runs.
func TestControlFinishEndsRun(t *testing.T) {
	t.Parallel()
	te := start(t, Options{})
	te.mustSync("createconnector", webConnector("site"))
	if s := te.control("/_emulator/haven/connectors/site/finish", ""); s != http.StatusConflict {
		t.Fatalf("finish of an idle connector: HTTP %d, want 409", s)
	}
	if s := te.control("/_emulator/haven/connectors/nope/finish", ""); s != http.StatusNotFound {
		t.Fatalf("finish of a missing connector: HTTP %d, want 404", s)
	}
	if s := te.control("/_emulator/haven/connectors/site/run", ""); s != http.StatusOK {
		t.Fatalf("control run: HTTP %d", s)
	}
	if st := te.mustSync("connectorstatus", url.Values{"connector": {"site"}}); st["status"] != StatusProcessing {
		t.Fatalf("a long run: %v", st)
	}
	if s := te.control("/_emulator/haven/connectors/site/finish", ""); s != http.StatusOK {
		t.Fatalf("finish: HTTP %d", s)
	}
	if st := te.mustSync("connectorstatus", url.Values{"connector": {"site"}}); st["status"] != StatusFinished {
		t.Fatalf("after finish: %v", st)
	}
	te.mustSync("deleteconnector", url.Values{"connector": {"site"}})
}

// TestListResources pins List Resources (reference §3.10): connectors by name and flavor in
// private_resources, the flavor and type filters, one answer with every match (no paging), and
// never a credential or configuration.
func TestListResources(t *testing.T) {
	t.Parallel()
	te := start(t, Options{MaxConnectors: 300})
	secret := "list-resources-password-7f3a"
	for i := range 120 {
		p := webConnector(fmt.Sprintf("web-%03d", i))
		if i == 0 {
			p.Set("credentials", `{"login_value": "crawler", "password_value": "`+secret+`"}`)
			p.Set("credentials_policy", `{"notification_email": "ops@example.com"}`)
		}
		te.mustSync("createconnector", p)
	}
	te.mustSync("createconnector", url.Values{
		"connector": {"box"}, "flavor": {"dropbox_cloud"}, "config": {`{"full_dropbox_access": false}`},
		"destination": {`{"action": "addtotextindex", "index": "box"}`},
	})

	all := te.mustSync("listresources", url.Values{"type": {"connector"}})
	private, _ := all["private_resources"].([]any)
	if len(private) != 121 {
		t.Fatalf("listresources listed %d connectors in one answer, want 121", len(private))
	}
	if pub, ok := all["public_resources"].([]any); !ok || len(pub) != 0 {
		t.Fatalf("public_resources: %v", all["public_resources"])
	}
	first := private[0].(map[string]any)
	if first["resource"] != "box" || first["type"] != "connector" || first["flavor"] != "dropbox_cloud" || first["display_name"] != "box" {
		t.Fatalf("first entry (name order): %v", first)
	}
	if _, ok := first["description"]; ok {
		t.Fatalf("a connector without a description lists one: %v", first)
	}
	web := private[1].(map[string]any)
	if web["resource"] != "web-000" || web["description"] != "Public site crawl" {
		t.Fatalf("second entry: %v", web)
	}
	if _, err := time.Parse(dateCreatedLayout, web["date_created"].(string)); err != nil {
		t.Fatalf("date_created %v: %v", web["date_created"], err)
	}
	if uuid, _ := web["resourceUUID"].(string); len(uuid) != 36 {
		t.Fatalf("resourceUUID %v", web["resourceUUID"])
	}
	body, _ := json.Marshal(all)
	for _, leak := range []string{secret, "credentials", "max_pages", "addtotextindex"} {
		if bytes.Contains(body, []byte(leak)) {
			t.Fatalf("listresources shows %q: it lists names and flavors, not configuration", leak)
		}
	}

	// The flavor filter is exact; several values are an array parameter.
	byFlavor := func(flavors ...string) int {
		out := te.mustSync("listresources", url.Values{"type": {"connector"}, "flavor": flavors})
		return len(out["private_resources"].([]any))
	}
	if n := byFlavor("dropbox_cloud"); n != 1 {
		t.Fatalf("flavor=dropbox_cloud: %d", n)
	}
	if n := byFlavor("web"); n != 0 {
		t.Fatalf("flavor=web (a prefix) matched %d: the filter is exact", n)
	}
	if n := byFlavor("web_cloud", "dropbox_cloud"); n != 121 {
		t.Fatalf("two flavors: %d", n)
	}
	if out := te.mustSync("listresources", url.Values{"type": {"content"}}); len(out["private_resources"].([]any)) != 0 {
		t.Fatalf("type=content lists connectors: %v", out)
	}
	if out := te.mustSync("listresources", nil); len(out["private_resources"].([]any)) != 121 {
		t.Fatal("without a type filter every resource is listed")
	}
	status, out := te.sync("listresources", url.Values{"apikey": {"wrong-key-0000"}})
	expectError(t, status, out, 401, 2002)
}

// TestHistoryOfEveryConnectorPages: connectorhistory without connector names lists every cloud
// connector's runs; with show_latest_only and start/max_page_results its pages hold each connector
// once, in one order from page to page even when runs were queued at the same moment.
func TestHistoryOfEveryConnectorPages(t *testing.T) {
	t.Parallel()
	te := start(t, Options{MaxConnectors: 100, MaxRunning: 100, MaxRunsPerDay: 1000})
	te.fakeClock() // every run is queued at the same instant
	for i := range 30 {
		name := fmt.Sprintf("c-%02d", i)
		te.mustSync("createconnector", webConnector(name))
		te.mustSync("startconnector", url.Values{"connector": {name}})
		te.mustSync("stopconnector", url.Values{"connector": {name}})
	}
	te.mustSync("createconnector", url.Values{
		"connector": {"files"}, "flavor": {"filesystem_onsite"}, "config": {`{"directory_paths": ["/srv"]}`},
		"destination": {`{"action": "addtotextindex", "index": "f"}`},
		"schedule":    {`{"frequency": {"frequency_type": "seconds", "interval": 21600}}`},
	})
	// start counts from 1; 0 is refused.
	status, out := te.sync("connectorhistory", url.Values{"show_latest_only": {"true"}, "start": {"0"}})
	expectError(t, status, out, http.StatusBadRequest, 4008)
	seen := map[string]bool{}
	for start := 1; ; start += 7 {
		page := te.mustSync("connectorhistory", url.Values{"show_latest_only": {"true"}, "start": {strconv.Itoa(start)}, "max_page_results": {"7"}})["history"].([]any)
		for _, e := range page {
			name := e.(map[string]any)["connector"].(string)
			if seen[name] {
				t.Fatalf("%s is on two pages", name)
			}
			seen[name] = true
			if e.(map[string]any)["status"] != StatusStopping {
				t.Fatalf("latest run of %s: %v", name, e)
			}
		}
		if len(page) < 7 {
			break
		}
	}
	if len(seen) != 30 || seen["files"] {
		t.Fatalf("pages listed %d connectors (onsite included: %v), want the 30 cloud ones", len(seen), seen["files"])
	}
}

// With RequireDecryptionToken, a cloud connector with credentials needs its emailed decryption
// token for retrieveconfig and startconnector; one without credentials does not.
func TestDecryptionTokenRequired(t *testing.T) {
	t.Parallel()
	te := start(t, Options{RequireDecryptionToken: true})
	credentialed := webConnector("intranet")
	credentialed.Set("credentials", `{"login_value": "crawler", "password_value": "pw"}`)
	credentialed.Set("credentials_policy", `{"notification_email": "ops@example.com"}`)
	te.mustSync("createconnector", credentialed)
	te.mustSync("createconnector", webConnector("public"))

	resp, err := http.Get(te.url + "/_emulator/haven/connectors/intranet/decryption-token")
	if err != nil {
		t.Fatal(err)
	}
	var mail struct{ Token string }
	if err := json.NewDecoder(resp.Body).Decode(&mail); err != nil || mail.Token == "" {
		t.Fatalf("decryption token: %v %+v", err, mail)
	}
	_ = resp.Body.Close()

	for _, api := range []string{"retrieveconfig", "startconnector"} {
		status, out := te.sync(api, url.Values{"connector": {"intranet"}})
		expectError(t, status, out, http.StatusBadRequest, 4015)
		status, out = te.sync(api, url.Values{"connector": {"intranet"}, "token": {"not-the-token"}})
		expectError(t, status, out, http.StatusBadRequest, 4008)
		te.mustSync(api, url.Values{"connector": {"intranet"}, "token": {mail.Token}})
		te.mustSync(api, url.Values{"connector": {"public"}})
	}
	resp, err = http.Get(te.url + "/_emulator/haven/connectors/public/decryption-token")
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("a connector without credentials has no decryption token: HTTP %d", resp.StatusCode)
	}
}

// schedule.last_run_time is the last run the schedule started: null after runs started by hand
// (the documented example: a PROCESSING run and "last_run_time": null), set by a scheduled run.
func TestLastRunTimeCountsScheduledRunsOnly(t *testing.T) {
	t.Parallel()
	te := start(t, Options{})
	te.mustSync("createconnector", webConnector("site"))
	lastRun := func() any {
		st := te.mustSync("connectorstatus", url.Values{"connector": {"site"}, "schedule_information": {"true"}})
		return st["schedule"].(map[string]any)["last_run_time"]
	}
	te.mustSync("startconnector", url.Values{"connector": {"site"}})
	if v := lastRun(); v != nil {
		t.Fatalf("after a run started by hand, last_run_time = %v, want null", v)
	}
	te.mustSync("stopconnector", url.Values{"connector": {"site"}})
	te.fakeClock().advance(time.Minute)
	if status := te.control("/_emulator/haven/connectors/site/run", `{"seconds": 60}`); status != http.StatusOK {
		t.Fatalf("scheduled run: HTTP %d", status)
	}
	if v, _ := lastRun().(string); v == "" {
		t.Fatal("after a scheduled run, last_run_time is null")
	}
}
