package jim_test

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/syncops/terraform-provider-syncops/internal/acctest"
	emujim "github.com/syncops/terraform-provider-syncops/internal/emulator/jim"
)

// The action syncops_jim_run_profile_execute (Terraform 1.14+), driven through the CLI against
// the emulator: `terraform apply -invoke` and lifecycle action_trigger. The worker pause and the
// fail-next-run control decide when and how a run ends, never the clock.

const (
	executeAction = "action.syncops_jim_run_profile_execute.full"
	executeRoute  = "POST /api/v1/synchronisation/connected-systems/{id}/run-profiles/{runProfileId}/execute"
	runPollRoute  = "GET /api/v1/activities/{id}/progress"
)

type runEnv struct {
	emu *acctest.Emulator
	jim *emujim.Emulator
}

func startRunEnv(t *testing.T) *runEnv {
	t.Helper()
	t.Parallel()
	acctest.PreCheckFeature(t, acctest.Actions)
	o := emujim.DefaultOptions()
	o.JobDelay = 500 * time.Millisecond
	jim := emujim.New(o)
	return &runEnv{emu: acctest.StartEmulator(t, jim), jim: jim}
}

// config is a File connected system with one Export run profile (with lifecycle when not empty)
// and the action running it (with actionExtra in its config block).
func (e *runEnv) config(lifecycle, actionExtra string) string {
	return fmt.Sprintf(`
provider "syncops" {
  jim {
    url     = %q
    api_key = %q
  }
}

resource "syncops_jim_connected_system" "hr" {
  name      = "HR feed"
  connector = "JIM File Connector"
  settings = {
    "File Path"   = "/tmp/syncops-acc/hr-actions.csv"
    "Mode"        = "Export Only"
    "Object Type" = "person"
  }
}

resource "syncops_jim_run_profile" "full" {
  connected_system_id = syncops_jim_connected_system.hr.id
  name                = "Nightly export"
  run_type            = "Export"
%s
}

action "syncops_jim_run_profile_execute" "full" {
  config {
    connected_system_id = syncops_jim_run_profile.full.connected_system_id
    run_profile_id      = syncops_jim_run_profile.full.id
%s
  }
}
`, e.emu.URL, emujim.DefaultAPIKey, lifecycle, actionExtra)
}

type runActivity struct {
	ID        string `json:"id"`
	Operation string `json:"targetOperationType"`
	Status    string `json:"status"`
	Target    string `json:"targetName"`
}

// executions are the run profile executions JIM has activities for, newest first.
func (e *runEnv) executions(t *testing.T) []runActivity {
	t.Helper()
	status, body := e.emu.Raw(http.MethodGet, "/api/v1/activities?pageSize=100", nil, apiHeader())
	if status != http.StatusOK {
		t.Fatalf("listing activities: HTTP %d %s", status, body)
	}
	var page struct {
		Items []runActivity `json:"items"`
	}
	mustJSON(t, body, &page)
	var out []runActivity
	for _, a := range page.Items {
		if a.Operation == "Execute" {
			out = append(out, a)
		}
	}
	return out
}

func (e *runEnv) wantExecutions(t *testing.T, statuses ...string) {
	t.Helper()
	got := e.executions(t)
	var have []string
	for _, a := range got {
		have = append(have, a.Status)
	}
	if strings.Join(have, ",") != strings.Join(statuses, ",") {
		t.Errorf("JIM has executions %v, want %v (newest first)", have, statuses)
	}
}

// eventuallyExecutions waits (up to a safety deadline) until JIM's executions have the given
// statuses: a resumed worker ends a run one job delay later.
func (e *runEnv) eventuallyExecutions(t *testing.T, statuses ...string) {
	t.Helper()
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		var have []string
		for _, a := range e.executions(t) {
			have = append(have, a.Status)
		}
		if strings.Join(have, ",") == strings.Join(statuses, ",") {
			return
		}
	}
	e.wantExecutions(t, statuses...)
}

// polled reports that the provider has asked for a run's progress at least n times.
func (e *runEnv) polled(n int) func() bool {
	return func() bool { return e.emu.Server.Stats().Requests(runPollRoute) >= n }
}

var completeWithoutPercent = regexp.MustCompile(`(?m)JIM run profile \d+ of connected system \d+: Complete$`)

// setObjects gives the only connected system JIM holds n objects in its connector space.
func (e *runEnv) setObjects(t *testing.T, n int) {
	t.Helper()
	status, body := e.emu.Raw(http.MethodGet, "/api/v1/synchronisation/connected-systems", nil, apiHeader())
	var list struct {
		Items []struct {
			ID int64 `json:"id"`
		} `json:"items"`
	}
	mustJSON(t, body, &list)
	if status != http.StatusOK || len(list.Items) != 1 {
		t.Fatalf("want one connected system: HTTP %d %s", status, body)
	}
	e.emu.Call(http.MethodPost, fmt.Sprintf("/_emulator/jim/connected-systems/%d/objects", list.Items[0].ID), map[string]int{"count": n}, nil)
}

var progressLine = regexp.MustCompile(`(?m)^Action ` + regexp.QuoteMeta(executeAction) + ` \(triggered by CLI\): JIM run profile \d+ of connected system \d+: InProgress, \d+%`)

func TestAccRunProfileExecuteAction_invokeWaitsAndReportsProgress(t *testing.T) {
	e := startRunEnv(t)
	w := acctest.NewWorkdir(t, e.config("", ""))
	w.MustRun("apply", "-auto-approve", "-input=false", "-no-color")
	e.wantExecutions(t) // creating the run profile runs nothing
	// JIM's percentComplete is null while a run has no objects to process: give it some.
	e.setObjects(t, 500)

	// The run cannot end until the provider has polled it twice.
	e.jim.SetWorkerPaused(true)
	acctest.WhenReady(t, e.polled(2), func() { e.jim.SetWorkerPaused(false) })
	out := w.MustRun(acctest.Invoke(executeAction)...)

	for _, want := range []string{
		"Action started: " + executeAction + " (triggered by CLI)",
		"Run Profile 'Nightly export' has been queued for execution. (activity ",
		": Complete, 100% (500 of 500 objects)",
		"Action complete: " + executeAction,
		"Actions: 1 invoked.",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the output lacks %q:\n%s", want, out)
		}
	}
	if n := len(progressLine.FindAllString(out, -1)); n < 2 {
		t.Errorf("%d InProgress progress lines, want one per poll while the run was held (at least 2):\n%s", n, out)
	}
	e.wantExecutions(t, "Complete")
	if n := e.emu.Requests(executeRoute); n != 1 {
		t.Errorf("%d execute requests, want 1", n)
	}
}

func TestAccRunProfileExecuteAction_waitFalseReturnsOnceQueued(t *testing.T) {
	e := startRunEnv(t)
	// The timeout is only a safety net: an action that waited would fail at it, not hang.
	w := acctest.NewWorkdir(t, e.config("", `    wait = false
    timeouts {
      invoke = "30s"
    }`))
	w.MustRun("apply", "-auto-approve", "-input=false", "-no-color")

	e.jim.SetWorkerPaused(true) // the run cannot end: only wait = false lets the action return
	out := acctest.OneLine(w.MustRun(acctest.Invoke(executeAction)...))
	runs := e.executions(t)
	if len(runs) != 1 || runs[0].Status != "InProgress" {
		t.Fatalf("JIM executions %+v, want one InProgress", runs)
	}
	want := "(activity " + runs[0].ID + "); not waiting for it (wait = false): follow the activity in JIM."
	if !strings.Contains(out, want) {
		t.Errorf("the output lacks %q:\n%s", want, out)
	}
	if n := e.emu.Requests(runPollRoute); n != 0 {
		t.Errorf("the provider polled the run %d times with wait = false", n)
	}
	e.jim.SetWorkerPaused(false)
	e.eventuallyExecutions(t, "Complete")
}

func TestAccRunProfileExecuteAction_failedRunFailsWithJIMsMessage(t *testing.T) {
	e := startRunEnv(t)
	w := acctest.NewWorkdir(t, e.config("", ""))
	w.MustRun("apply", "-auto-approve", "-input=false", "-no-color")

	for _, tc := range []struct{ status, message string }{
		{"FailedWithError", "LDAP bind failed: invalid credentials (49)"},
		{"CompleteWithError", "3 objects could not be exported"},
	} {
		if err := e.jim.FailNextRun(tc.status, tc.message); err != nil {
			t.Fatal(err)
		}
		out, err := w.Run(acctest.Invoke(executeAction)...)
		if err == nil {
			t.Fatalf("the invoke of a run that ended %s succeeded:\n%s", tc.status, out)
		}
		flat := acctest.OneLine(out)
		for _, want := range []string{
			"Error: Error when invoking action",
			" failed: JIM reported the run as " + tc.status + ": " + tc.message,
			"in JIM has the details.",
		} {
			if !strings.Contains(flat, want) {
				t.Errorf("%s: the output lacks %q:\n%s", tc.status, want, out)
			}
		}
	}
	e.wantExecutions(t, "CompleteWithError", "FailedWithError")
}

// A run JIM completes with warnings (some items failed) is a success, with a warning that carries
// JIM's warningMessage when it has one.
func TestAccRunProfileExecuteAction_completeWithWarningSucceedsWithAWarning(t *testing.T) {
	e := startRunEnv(t)
	w := acctest.NewWorkdir(t, e.config("", ""))
	w.MustRun("apply", "-auto-approve", "-input=false", "-no-color")
	for _, warning := range []string{"2 objects were skipped: no anchor value", ""} {
		if err := e.jim.FailNextRun("CompleteWithWarning", warning); err != nil {
			t.Fatal(err)
		}
		out, err := w.Run(acctest.Invoke(executeAction)...)
		if err != nil {
			t.Fatalf("the invoke of a run that completed with a warning failed: %v\n%s", err, out)
		}
		flat := acctest.OneLine(out)
		for _, want := range []string{"Warning:", "completed with a warning", "JIM completed the run with a warning; see activity", warning} {
			if !strings.Contains(flat, want) {
				t.Errorf("warning %q: the output lacks %q:\n%s", warning, want, out)
			}
		}
	}
	e.wantExecutions(t, "CompleteWithWarning", "CompleteWithWarning")
}

func TestAccRunProfileExecuteAction_timeoutNamesTheRunAndLeavesItRunning(t *testing.T) {
	e := startRunEnv(t)
	w := acctest.NewWorkdir(t, e.config("", `    timeouts {
      invoke = "3s"
    }`))
	w.MustRun("apply", "-auto-approve", "-input=false", "-no-color")

	e.jim.SetWorkerPaused(true) // the run never ends while the action waits
	out, err := w.Run(acctest.Invoke(executeAction)...)
	if err == nil {
		t.Fatalf("the invoke succeeded although the run could not end:\n%s", out)
	}
	runs := e.executions(t)
	if len(runs) != 1 || runs[0].Status != "InProgress" {
		t.Fatalf("JIM executions %+v, want one still InProgress", runs)
	}
	flat := acctest.OneLine(out)
	for _, want := range []string{
		"Error: Error when invoking action",
		"Timed out waiting for JIM run profile ",
		": timed out after 3s waiting for the run of JIM run profile ",
		"(activity " + runs[0].ID + ")",
		"last state seen: InProgress",
		"The run goes on in JIM: follow activity " + runs[0].ID + " there, or raise timeouts.invoke.",
	} {
		if !strings.Contains(flat, want) {
			t.Errorf("the output lacks %q:\n%s", want, out)
		}
	}
	// Nothing cancelled it: resumed, the worker finishes the same run.
	e.jim.SetWorkerPaused(false)
	e.eventuallyExecutions(t, "Complete")
	if n := e.emu.Requests(executeRoute); n != 1 {
		t.Errorf("%d execute requests, want 1", n)
	}
}

func TestAccRunProfileExecuteAction_triggeredAfterCreateAndUpdate(t *testing.T) {
	e := startRunEnv(t)
	lifecycle := func(pageSize int) string {
		return fmt.Sprintf(`  page_size = %d
  lifecycle {
    action_trigger {
      events  = [after_create, after_update]
      actions = [%s]
    }
  }`, pageSize, executeAction)
	}
	w := acctest.NewWorkdir(t, e.config(lifecycle(100), ""))
	out := w.MustRun("apply", "-auto-approve", "-input=false", "-no-color")
	for _, want := range []string{
		"syncops_jim_run_profile.full: Creation complete",
		"Action started: " + executeAction + " (triggered by syncops_jim_run_profile.full)",
		"Actions: 1 invoked.",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("create: the output lacks %q:\n%s", want, out)
		}
	}
	// A new system has no objects: JIM reports no percentage, and the progress line shows none.
	if !completeWithoutPercent.MatchString(out) {
		t.Errorf("create: no progress line %q:\n%s", completeWithoutPercent, out)
	}
	if strings.Index(out, "Action started") < strings.Index(out, "syncops_jim_run_profile.full: Creation complete") {
		t.Errorf("the action started before the run profile was created:\n%s", out)
	}
	e.wantExecutions(t, "Complete")

	// No change, no event: nothing runs.
	if out := w.MustRun("apply", "-auto-approve", "-input=false", "-no-color"); strings.Contains(out, "Action started") {
		t.Errorf("an apply without changes ran the action:\n%s", out)
	}
	e.wantExecutions(t, "Complete")

	w.SetConfig(e.config(lifecycle(250), ""))
	out = w.MustRun("apply", "-auto-approve", "-input=false", "-no-color")
	if !strings.Contains(out, "syncops_jim_run_profile.full: Modifications complete") || !strings.Contains(out, "Actions: 1 invoked.") {
		t.Errorf("update: the action did not run after the update:\n%s", out)
	}
	e.wantExecutions(t, "Complete", "Complete")
}

func TestAccRunProfileExecuteAction_badIDsAreRefusedBeforeAnyCall(t *testing.T) {
	e := startRunEnv(t)
	w := acctest.NewWorkdir(t, e.config("", "")+`
action "syncops_jim_run_profile_execute" "bad" {
  config {
    connected_system_id = 0
    run_profile_id      = -3
  }
}
`)
	out, err := w.Run("validate", "-no-color")
	if err == nil {
		t.Fatalf("validate accepted ids 0 and -3:\n%s", out)
	}
	flat := acctest.OneLine(out)
	for _, want := range []string{
		`Attribute connected_system_id value must be at least 1, got: 0`,
		`Attribute run_profile_id value must be at least 1, got: -3`,
	} {
		if !strings.Contains(flat, want) {
			t.Errorf("validate: the output lacks %q:\n%s", want, out)
		}
	}
	if _, err := w.Run("plan", "-input=false", "-no-color", "-invoke=action.syncops_jim_run_profile_execute.bad"); err == nil {
		t.Error("plan -invoke of the bad action succeeded")
	}
	if n := e.emu.Requests(executeRoute); n != 0 {
		t.Errorf("%d execute requests for an action refused at plan time", n)
	}
}

// The documentation example works: applied against the emulator, the run profile's creation
// runs it.
func TestAccRunProfileExecuteAction_example(t *testing.T) {
	e := startRunEnv(t)
	example, err := os.ReadFile(filepath.Join("..", "..", "examples", "actions", "syncops_jim_run_profile_execute", "action.tf"))
	if err != nil {
		t.Fatal(err)
	}
	w := acctest.NewWorkdir(t, fmt.Sprintf(`
provider "syncops" {
  jim {
    url     = %q
    api_key = %q
  }
}
`, e.emu.URL, emujim.DefaultAPIKey)+string(example))
	if out := w.MustRun("apply", "-auto-approve", "-input=false", "-no-color"); !strings.Contains(out, "Actions: 1 invoked.") {
		t.Errorf("the example's apply invoked no action:\n%s", out)
	}
	e.wantExecutions(t, "Complete")
}
