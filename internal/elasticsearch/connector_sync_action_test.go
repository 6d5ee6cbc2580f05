package elasticsearch_test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/syncops/terraform-provider-syncops/internal/acctest"
)

// The action syncops_elasticsearch_connector_sync (Terraform 1.14+), driven through the CLI
// against the emulator: `terraform apply -invoke` and lifecycle action_trigger. The emulated
// connector service's hold, advance and fail-next controls decide how a job goes, never the
// clock.

const (
	syncAction = "action.syncops_elasticsearch_connector_sync.full"
	jobPoll    = "GET /_connector/_sync_job/{id}"
)

func startSyncCluster(t *testing.T) *cluster {
	t.Helper()
	t.Parallel()
	acctest.PreCheckFeature(t, acctest.Actions)
	return startCluster(t, "")
}

// syncConfig is a connector (with lifecycle when not empty) and the action syncing it (with
// actionExtra in its config block).
func (c *cluster) syncConfig(lifecycle, actionExtra string) string {
	return c.provider() + `
resource "syncops_elasticsearch_connector" "drive" {
  connector_id = "drive"
  name         = "Drive"
  index_name   = "search-drive"
  service_type = "google_drive"
` + lifecycle + `
}

action "syncops_elasticsearch_connector_sync" "full" {
  config {
    connector_id = syncops_elasticsearch_connector.drive.id
` + actionExtra + `
  }
}
`
}

// invokeArgs invoke the sync action and nothing else.
func invokeArgs() []string {
	return []string{"apply", "-auto-approve", "-input=false", "-no-color", "-invoke=" + syncAction}
}

// oneLine joins terraform's output into single-spaced text (diagnostics wrap at the terminal).
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// jobs are the emulator's sync jobs, oldest first, as "id:status".
func (c *cluster) jobs() []string {
	var out []string
	for _, j := range c.platform.SyncJobs() {
		out = append(out, fmt.Sprintf("%s:%s", j["id"], j["status"]))
	}
	return out
}

func (c *cluster) onlyJob(t *testing.T) (id, status string) {
	t.Helper()
	jobs := c.platform.SyncJobs()
	if len(jobs) != 1 {
		t.Fatalf("%d sync jobs, want 1: %v", len(jobs), c.jobs())
	}
	return jobs[0]["id"].(string), jobs[0]["status"].(string)
}

// background runs terraform while the test drives the emulator; wait returns its output.
type background struct {
	mu   sync.Mutex
	out  bytes.Buffer
	done chan error
}

func runInBackground(t *testing.T, w *acctest.Workdir, args ...string) *background {
	t.Helper()
	b := &background{done: make(chan error, 1)}
	var buf lockedBuffer
	buf.b = &b.out
	buf.mu = &b.mu
	cmd := exec.Command(os.Getenv("TF_ACC_TERRAFORM_PATH"), args...)
	cmd.Dir, cmd.Env = w.Dir, w.Env
	cmd.Stdout, cmd.Stderr = &buf, &buf
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { b.done <- cmd.Wait() }()
	t.Cleanup(func() { _ = cmd.Process.Kill() })
	return b
}

func (b *background) wait(t *testing.T) (string, error) {
	t.Helper()
	select {
	case err := <-b.done:
		b.mu.Lock()
		defer b.mu.Unlock()
		return b.out.String(), err
	case <-time.After(5 * time.Minute): // a safety net only
		t.Fatal("terraform did not end within 5 minutes")
		return "", nil
	}
}

type lockedBuffer struct {
	mu *sync.Mutex
	b  *bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

// eventually waits until cond holds (checked every 20 ms; a 2-minute safety net fails the test).
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(2 * time.Minute); !cond(); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

// -invoke waits through pending and in_progress to completed, one progress line per poll.
func TestAccConnectorSyncAction_invokeWaitsForCompletion(t *testing.T) {
	c := startSyncCluster(t)
	w := acctest.NewWorkdir(t, c.syncConfig("", ""))
	w.MustRun("apply", "-auto-approve", "-input=false", "-no-color")
	if jobs := c.jobs(); len(jobs) != 0 {
		t.Fatalf("creating the connector started jobs: %v", jobs)
	}
	run := runInBackground(t, w, invokeArgs()...)
	// The service is held: the job stays pending until the action has polled it twice, then
	// moves one step each time the action has seen the previous one twice.
	polledTwiceMore := func() func() bool {
		start := c.Requests(jobPoll)
		return func() bool { return c.Requests(jobPoll) >= start+2 }
	}
	eventually(t, "the job to be polled twice", func() bool { return len(c.platform.SyncJobs()) == 1 && c.Requests(jobPoll) >= 2 })
	id, _ := c.onlyJob(t)
	for _, want := range []string{"in_progress", "completed"} {
		next := polledTwiceMore()
		if got, err := c.platform.AdvanceSyncJob(id); err != nil || got != want {
			t.Fatalf("advance: %s %v", got, err)
		}
		if want == "in_progress" {
			eventually(t, "two polls of the running job", next)
		}
	}
	out, err := run.wait(t)
	if err != nil {
		t.Fatalf("invoke: %v\n%s", err, out)
	}
	what := "Elasticsearch full sync job " + id + " of connector drive: "
	for _, want := range []string{
		"Action started: " + syncAction,
		what + "created",
		what + "pending",
		what + "in_progress, 0 documents indexed, 0 deleted",
		what + "completed, 120 documents indexed, 0 deleted",
		"Action complete: " + syncAction,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the output lacks %q:\n%s", want, out)
		}
	}
	if n := strings.Count(out, what+"pending"); n < 2 {
		t.Errorf("%d pending progress lines, want one per poll (at least 2):\n%s", n, out)
	}
	if n := c.Requests("POST /_connector/_sync_job"); n != 1 {
		t.Errorf("%d sync jobs created, want 1", n)
	}
	if conn := c.doc("drive"); conn["last_sync_status"] != "completed" || conn["last_indexed_document_count"] != int64(120) {
		t.Errorf("connector after the sync: %v / %v", conn["last_sync_status"], conn["last_indexed_document_count"])
	}
}

// A job that ends in error fails the action with the job's error.
func TestAccConnectorSyncAction_failedJob(t *testing.T) {
	c := startSyncCluster(t)
	w := acctest.NewWorkdir(t, c.syncConfig("", `    job_type = "incremental"`))
	w.MustRun("apply", "-auto-approve", "-input=false", "-no-color")
	c.platform.SetJobDelay(100 * time.Millisecond)
	c.platform.FailNextSyncJob("Google Drive answered 403: the service account lacks drive.readonly")
	c.platform.ReleaseService()
	out, err := w.Run(invokeArgs()...)
	if err == nil {
		t.Fatalf("the action succeeded on a failed job:\n%s", out)
	}
	id, status := c.onlyJob(t)
	flat := oneLine(out)
	want := "Elasticsearch incremental sync job " + id + " of connector drive failed: The job ended error: Google Drive answered 403: the service account lacks drive.readonly"
	if status != "error" || !strings.Contains(flat, "Error when invoking action") || !strings.Contains(flat, want) {
		t.Errorf("job %s; the output lacks %q:\n%s", status, want, out)
	}
}

// At the invoke deadline the job is canceled: pending at once, running through canceling.
func TestAccConnectorSyncAction_timeoutCancels(t *testing.T) {
	for _, tc := range []struct {
		name, want, msg string
		start           bool
	}{
		{"pending", "canceled", "The job was canceled (cancel_on_timeout = true): it is canceled.", false},
		{"running", "canceling", "it is canceling, and its connector service stops it and marks it canceled", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := startSyncCluster(t)
			w := acctest.NewWorkdir(t, c.syncConfig("", `    timeouts {
      invoke = "8s"
    }`))
			w.MustRun("apply", "-auto-approve", "-input=false", "-no-color")
			run := runInBackground(t, w, invokeArgs()...)
			if tc.start {
				eventually(t, "the job", func() bool { return len(c.platform.SyncJobs()) == 1 })
				id, _ := c.onlyJob(t)
				if _, err := c.platform.AdvanceSyncJob(id); err != nil {
					t.Fatal(err)
				}
			}
			out, err := run.wait(t)
			if err == nil {
				t.Fatalf("the action succeeded on a held job:\n%s", out)
			}
			id, status := c.onlyJob(t)
			if status != tc.want || c.Requests("PUT /_connector/_sync_job/{id}/_cancel") != 1 {
				t.Errorf("job %s is %s after %d cancels, want %s after 1", id, status, c.Requests("PUT /_connector/_sync_job/{id}/_cancel"), tc.want)
			}
			flat := oneLine(out)
			for _, want := range []string{"Timed out waiting for Elasticsearch full sync job " + id + " of connector drive", tc.msg} {
				if !strings.Contains(flat, want) {
					t.Errorf("the output lacks %q:\n%s", want, out)
				}
			}
		})
	}
}

// cancel_on_timeout = false leaves the job running; wait = false returns once it is created.
func TestAccConnectorSyncAction_noCancelAndNoWait(t *testing.T) {
	c := startSyncCluster(t)
	w := acctest.NewWorkdir(t, c.syncConfig("", `    cancel_on_timeout = false
    timeouts {
      invoke = "3s"
    }`))
	w.MustRun("apply", "-auto-approve", "-input=false", "-no-color")
	out, err := w.Run(invokeArgs()...)
	if _, status := c.onlyJob(t); err == nil || status != "pending" || c.Requests("PUT /_connector/_sync_job/{id}/_cancel") != 0 ||
		!strings.Contains(oneLine(out), "cancel_on_timeout = false: the job was not canceled.") {
		t.Errorf("cancel_on_timeout = false: job %s, %v:\n%s", status, err, out)
	}
	w.SetConfig(c.syncConfig("", `    wait = false`))
	out = w.MustRun(invokeArgs()...)
	jobs := c.platform.SyncJobs()
	newest := jobs[len(jobs)-1]
	want := fmt.Sprintf("Elasticsearch full sync job %s of connector drive: created; not waiting for it (wait = false)", newest["id"])
	if len(jobs) != 2 || newest["status"] != "pending" || !strings.Contains(out, want) {
		t.Errorf("wait = false: %v; the output lacks %q:\n%s", c.jobs(), want, out)
	}
}

// What Elasticsearch or the connector service would refuse is refused at plan time, before any
// job is created.
func TestAccConnectorSyncAction_planTimeRefusals(t *testing.T) {
	c := startSyncCluster(t)
	w := acctest.NewWorkdir(t, c.syncConfig("", ""))
	w.MustRun("apply", "-auto-approve", "-input=false", "-no-color")
	c.es("PUT", "/_connector/drive/_features", `{"features":{"document_level_security":{"enabled":false}}}`)
	c.es("PUT", "/_connector/bare", `{"service_type":"jira"}`)
	for _, tc := range []struct{ extra, want string }{
		{`    job_type = "access_control"`, "Elasticsearch connector drive has no document level security"},
		{`    job_type = "weekly"`, `value must be one of: ["full" "incremental" "access_control"]`},
		{`    trigger_method = "hourly"`, `value must be one of: ["on_demand" "scheduled"]`},
	} {
		w.SetConfig(c.syncConfig("", tc.extra))
		out, err := w.Run(invokeArgs()...)
		if err == nil || !strings.Contains(oneLine(out), tc.want) || strings.Contains(out, "Action started") {
			t.Errorf("%s: %v, want a plan-time error %q (no action started):\n%s", tc.extra, err, tc.want, out)
		}
	}
	w.SetConfig(strings.Replace(c.syncConfig("", ""), "syncops_elasticsearch_connector.drive.id", `"bare"`, 1))
	if out, err := w.Run(invokeArgs()...); err == nil || !strings.Contains(oneLine(out), "Elasticsearch connector bare has no index") || strings.Contains(out, "Action started") {
		t.Errorf("a connector without an index: %v\n%s", err, out)
	}
	if n := c.Requests("POST /_connector/_sync_job"); n != 0 {
		t.Errorf("%d jobs were created by refused plans", n)
	}
}

// lifecycle action_trigger: the sync runs after the connector is created and after each update,
// and not when nothing changes.
func TestAccConnectorSyncAction_triggeredByTheConnector(t *testing.T) {
	c := startSyncCluster(t)
	c.platform.SetJobDelay(100 * time.Millisecond)
	c.platform.ReleaseService()
	lifecycle := `  description  = "%s"
  lifecycle {
    action_trigger {
      events  = [after_create, after_update]
      actions = [` + syncAction + `]
    }
  }`
	w := acctest.NewWorkdir(t, c.syncConfig(fmt.Sprintf(lifecycle, "v1"), ""))
	out := w.MustRun("apply", "-auto-approve", "-input=false", "-no-color")
	for _, want := range []string{
		"syncops_elasticsearch_connector.drive: Creation complete",
		"Action started: " + syncAction + " (triggered by syncops_elasticsearch_connector.drive)",
		"completed, 120 documents indexed, 0 deleted",
		"Actions: 1 invoked.",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("create: the output lacks %q:\n%s", want, out)
		}
	}
	if strings.Index(out, "Action started") < strings.Index(out, "syncops_elasticsearch_connector.drive: Creation complete") {
		t.Errorf("the action started before the connector was created:\n%s", out)
	}
	if out := w.MustRun("apply", "-auto-approve", "-input=false", "-no-color"); strings.Contains(out, "Action started") {
		t.Errorf("an apply without changes ran the action:\n%s", out)
	}
	w.SetConfig(c.syncConfig(fmt.Sprintf(lifecycle, "v2"), ""))
	if out := w.MustRun("apply", "-auto-approve", "-input=false", "-no-color"); !strings.Contains(out, "Modifications complete") || !strings.Contains(out, "Actions: 1 invoked.") {
		t.Errorf("update: %s", out)
	}
	if jobs := c.jobs(); len(jobs) != 2 || !strings.HasSuffix(jobs[0], ":completed") || !strings.HasSuffix(jobs[1], ":completed") {
		t.Errorf("jobs: %v", jobs)
	}
}

// The documented example works as written: applying it creates the connector and its trigger
// runs the full sync to its end.
func TestAccConnectorSyncAction_example(t *testing.T) {
	c := startSyncCluster(t)
	c.platform.SetJobDelay(100 * time.Millisecond)
	c.platform.ReleaseService()
	example, err := os.ReadFile(filepath.Join("..", "..", "examples", "actions", "syncops_elasticsearch_connector_sync", "action.tf"))
	if err != nil {
		t.Fatal(err)
	}
	w := acctest.NewWorkdir(t, c.provider()+string(example))
	out := w.MustRun("apply", "-auto-approve", "-input=false", "-no-color")
	if !strings.Contains(out, "Actions: 1 invoked.") || !strings.Contains(out, "completed, 120 documents indexed") {
		t.Errorf("the example's apply:\n%s", out)
	}
	if jobs := c.jobs(); len(jobs) != 1 || !strings.HasSuffix(jobs[0], ":completed") {
		t.Errorf("jobs: %v", jobs)
	}
}
