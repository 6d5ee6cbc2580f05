package haven_test

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/syncops/terraform-provider-syncops/internal/acctest"
	havenemu "github.com/syncops/terraform-provider-syncops/internal/emulator/haven"
	"github.com/syncops/terraform-provider-syncops/internal/haven"
)

// The action syncops_haven_connector_run (Terraform 1.14+), driven through the CLI against the
// emulator. Runs last an hour unless the test ends them (the finish control) or makes them fail
// (fail-next-run), so no outcome depends on the clock.

const (
	runAction   = "action.syncops_haven_connector_run.site"
	statusRoute = "GET /1/api/sync/connectorstatus/v1"
	startRoute  = "POST /1/api/async/startconnector/v1"
)

func startRunHarness(t *testing.T, runDuration time.Duration) *harness {
	t.Helper()
	t.Parallel()
	acctest.PreCheckFeature(t, acctest.Actions)
	return start(t, havenemu.Options{JobDelay: 20 * time.Millisecond, RunDuration: runDuration})
}

// runConfig is the web_cloud connector "site" (with extra lines) and the action running it (with
// actionExtra in its config block).
func (h *harness) runConfig(extra, actionExtra string) string {
	return h.config(connectorHCL("site", extra) + fmt.Sprintf(`
action "syncops_haven_connector_run" "site" {
  config {
    name = syncops_haven_connector.site.name
%s
  }
}
`, actionExtra))
}

// runState is the connector's current run as connectorstatus shows it.
func (h *harness) runState(name string) map[string]any {
	h.t.Helper()
	return h.mustHOD("connectorstatus", url.Values{"connector": {name}})
}

func (h *harness) runs(name string) []any {
	h.t.Helper()
	hist, _ := h.mustHOD("connectorhistory", url.Values{"connector": {name}})["history"].([]any)
	return hist
}

// polledRun holds once the provider has started a run and asked for its status twice since.
func (h *harness) polledRun() func() bool {
	base := -1
	return func() bool {
		if base < 0 {
			if h.stat(startRoute) == 0 {
				return false
			}
			base = h.stat(statusRoute)
		}
		return h.stat(statusRoute) >= base+2
	}
}

var runProgress = regexp.MustCompile(`(?m)^Action ` + regexp.QuoteMeta(runAction) + ` \(triggered by CLI\): Haven OnDemand connector site: (QUEUED|PROCESSING) for \d+s`)

func TestAccConnectorRunAction_invokeWaitsAndReportsProgress(t *testing.T) {
	h := startRunHarness(t, havenemu.LongRun)
	w := acctest.NewWorkdir(t, h.runConfig("", ""))
	w.MustRun("apply", "-auto-approve", "-input=false", "-no-color")
	if st := h.runState("site")["status"]; st != "IDLE" {
		t.Fatalf("creating the connector ran it: %v", st)
	}

	h.when("end the run once the provider polled it", h.polledRun(), func() error {
		return h.post("/_emulator/haven/connectors/site/finish")
	})
	out := w.MustRun(acctest.Invoke(runAction)...)

	st := h.runState("site")
	token, _ := st["token"].(string)
	if st["status"] != "FINISHED" || token == "" {
		t.Fatalf("the connector's run after the invoke: %v", st)
	}
	for _, want := range []string{
		"Action started: " + runAction + " (triggered by CLI)",
		"Haven OnDemand connector site: started (run token " + token + ")",
		"Haven OnDemand connector site: FINISHED",
		"Action complete: " + runAction,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the output lacks %q:\n%s", want, out)
		}
	}
	if n := len(runProgress.FindAllString(out, -1)); n < 2 {
		t.Errorf("%d QUEUED or PROCESSING progress lines, want one per poll while the run was held (at least 2):\n%s", n, out)
	}
	if n := h.stat(startRoute); n != 1 {
		t.Errorf("%d startconnector jobs, want 1", n)
	}
}

func TestAccConnectorRunAction_waitFalseReturnsOnceStarted(t *testing.T) {
	h := startRunHarness(t, havenemu.LongRun)
	// The timeout is only a safety net: an action that waited would fail at it, not hang.
	w := acctest.NewWorkdir(t, h.runConfig("", `    wait = false
    timeouts {
      invoke = "30s"
    }`))
	w.MustRun("apply", "-auto-approve", "-input=false", "-no-color")

	out := acctest.OneLine(w.MustRun(acctest.Invoke(runAction)...))
	st := h.runState("site")
	if st["status"] != "PROCESSING" && st["status"] != "QUEUED" {
		t.Fatalf("the run of an hour is %v after an invoke with wait = false", st["status"])
	}
	want := fmt.Sprintf("started (run token %s); not waiting for it (wait = false)", st["token"])
	if !strings.Contains(out, want) {
		t.Errorf("the output lacks %q:\n%s", want, out)
	}
	if strings.Contains(out, "site: PROCESSING") || strings.Contains(out, "site: QUEUED") {
		t.Errorf("the action polled the run with wait = false:\n%s", out)
	}
}

func TestAccConnectorRunAction_failedRunFailsWithHavensError(t *testing.T) {
	h := startRunHarness(t, 300*time.Millisecond)
	w := acctest.NewWorkdir(t, h.runConfig("", ""))
	w.MustRun("apply", "-auto-approve", "-input=false", "-no-color")

	h.emu.FailNextRun("robots.txt forbids crawling https://www.example.com", "FETCH failed")
	out, err := w.Run(acctest.Invoke(runAction)...)
	if err == nil {
		t.Fatalf("the invoke of a run that ended ERROR succeeded:\n%s", out)
	}
	st := h.runState("site")
	if st["status"] != "ERROR" {
		t.Fatalf("the connector's run: %v", st)
	}
	flat := acctest.OneLine(out)
	want := fmt.Sprintf("Haven OnDemand connector site failed: The run (token %s) ended ERROR: robots.txt forbids crawling https://www.example.com; FETCH failed", st["token"])
	if !strings.Contains(flat, "Error: Error when invoking action") || !strings.Contains(flat, want) {
		t.Errorf("the output lacks %q:\n%s", want, out)
	}
}

func TestAccConnectorRunAction_onsiteRefusedWithHavensMessage(t *testing.T) {
	h := startRunHarness(t, havenemu.LongRun)
	w := acctest.NewWorkdir(t, h.config(`
resource "syncops_haven_connector" "files" {
  name        = "files"
  flavor      = "filesystem_onsite"
  config      = jsonencode({ directory_paths = ["/srv/docs"], service_port = 8002 })
  destination = jsonencode({ action = "addtotextindex", index = "docs" })
  schedule    = jsonencode({ frequency = { frequency_type = "seconds", interval = 21600 } })
}
action "syncops_haven_connector_run" "files" {
  config {
    name = syncops_haven_connector.files.name
  }
}
`))
	w.MustRun("apply", "-auto-approve", "-input=false", "-no-color")
	out, err := w.Run(acctest.Invoke("action.syncops_haven_connector_run.files")...)
	if err == nil {
		t.Fatalf("the invoke of an onsite connector succeeded:\n%s", out)
	}
	flat := acctest.OneLine(out)
	for _, want := range []string{
		"Unable to run Haven OnDemand connector files",
		"(startconnector) ended with status failed",
		"startconnector is available only for cloud flavor connectors; connector files has flavor filesystem_onsite",
	} {
		if !strings.Contains(flat, want) {
			t.Errorf("the output lacks %q:\n%s", want, out)
		}
	}
	if n := h.stat(statusRoute); n != 0 {
		t.Errorf("%d connectorstatus requests: nothing should follow a refused start", n)
	}
}

func TestAccConnectorRunAction_timeoutLeavesTheRunOrStopsIt(t *testing.T) {
	h := startRunHarness(t, havenemu.LongRun)
	timeouts := `    timeouts {
      invoke = "3s"
    }`
	w := acctest.NewWorkdir(t, h.runConfig("", timeouts))
	w.MustRun("apply", "-auto-approve", "-input=false", "-no-color")

	out, err := w.Run(acctest.Invoke(runAction)...)
	if err == nil {
		t.Fatalf("the invoke of an hour-long run succeeded within 3s:\n%s", out)
	}
	st := h.runState("site")
	if st["status"] != "PROCESSING" {
		t.Fatalf("the run after the deadline is %v, want it still PROCESSING", st["status"])
	}
	flat := acctest.OneLine(out)
	for _, want := range []string{
		"Timed out waiting for Haven OnDemand connector site",
		fmt.Sprintf("timed out after 3s waiting for the run of Haven OnDemand connector site (token %s); last state seen: PROCESSING", st["token"]),
		"The run goes on in Haven OnDemand (connectorstatus shows it); set stop_on_timeout = true to stop it at the deadline",
	} {
		if !strings.Contains(flat, want) {
			t.Errorf("the output lacks %q:\n%s", want, out)
		}
	}

	// With stop_on_timeout the run is stopped at the deadline.
	if err := h.post("/_emulator/haven/connectors/site/finish"); err != nil {
		t.Fatal(err)
	}
	w.SetConfig(h.runConfig("", timeouts+"\n    stop_on_timeout = true"))
	out, err = w.Run(acctest.Invoke(runAction)...)
	if err == nil {
		t.Fatalf("the invoke with stop_on_timeout succeeded within 3s:\n%s", out)
	}
	if st := h.runState("site")["status"]; st != "STOPPING" && st != "STOPPED" {
		t.Errorf("the run after a deadline with stop_on_timeout is %v, want STOPPING or STOPPED", st)
	}
	if flat := acctest.OneLine(out); !strings.Contains(flat, "stop_on_timeout = true: Haven OnDemand accepted stopconnector") {
		t.Errorf("the output does not say the run was stopped:\n%s", out)
	}
}

func TestAccConnectorRunAction_triggeredAfterCreateAndUpdate(t *testing.T) {
	h := startRunHarness(t, 300*time.Millisecond)
	lifecycle := func(index string) string {
		return fmt.Sprintf(`  description = %q
  lifecycle {
    action_trigger {
      events  = [after_create, after_update]
      actions = [%s]
    }
  }`, index, runAction)
	}
	w := acctest.NewWorkdir(t, h.runConfig(lifecycle("first"), ""))
	out := w.MustRun("apply", "-auto-approve", "-input=false", "-no-color")
	for _, want := range []string{
		"syncops_haven_connector.site: Creation complete",
		"Action started: " + runAction + " (triggered by syncops_haven_connector.site)",
		"Haven OnDemand connector site: FINISHED",
		"Actions: 1 invoked.",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("create: the output lacks %q:\n%s", want, out)
		}
	}
	if n := len(h.runs("site")); n != 1 {
		t.Errorf("%d runs after the create, want 1", n)
	}
	w.SetConfig(h.runConfig(lifecycle("second"), ""))
	out = w.MustRun("apply", "-auto-approve", "-input=false", "-no-color")
	if !strings.Contains(out, "syncops_haven_connector.site: Modifications complete") || !strings.Contains(out, "Actions: 1 invoked.") {
		t.Errorf("update: the action did not run after the update:\n%s", out)
	}
	if n := len(h.runs("site")); n != 2 {
		t.Errorf("%d runs after the update, want 2", n)
	}
}

func TestAccConnectorRunAction_badNameRefusedBeforeAnyCall(t *testing.T) {
	h := startRunHarness(t, havenemu.LongRun)
	w := acctest.NewWorkdir(t, h.config(`
action "syncops_haven_connector_run" "empty" {
  config {
    name = ""
  }
}
action "syncops_haven_connector_run" "spaces" {
  config {
    name = "my site"
  }
}
`))
	out, err := w.Run("validate", "-no-color")
	if err == nil {
		t.Fatalf("validate accepted bad names:\n%s", out)
	}
	flat := acctest.OneLine(out)
	for _, want := range []string{
		"Attribute name string length must be between 1 and 100, got: 0",
		`Attribute name must be ` + haven.NameRule,
	} {
		if !strings.Contains(flat, want) {
			t.Errorf("validate: the output lacks %q:\n%s", want, out)
		}
	}
	if n := h.stat(startRoute); n != 0 {
		t.Errorf("%d startconnector jobs for actions refused at validation", n)
	}
}

// The documentation example works: applied against the emulator, the connector's creation runs it.
func TestAccConnectorRunAction_example(t *testing.T) {
	h := startRunHarness(t, 300*time.Millisecond)
	example, err := os.ReadFile(filepath.Join("..", "..", "examples", "actions", "syncops_haven_connector_run", "action.tf"))
	if err != nil {
		t.Fatal(err)
	}
	w := acctest.NewWorkdir(t, h.config(string(example)))
	if out := w.MustRun("apply", "-auto-approve", "-input=false", "-no-color"); !strings.Contains(out, "Actions: 1 invoked.") {
		t.Errorf("the example's apply invoked no action:\n%s", out)
	}
	if st := h.runState("company-site")["status"]; st != "FINISHED" {
		t.Errorf("the example's run is %v, want FINISHED", st)
	}
}
