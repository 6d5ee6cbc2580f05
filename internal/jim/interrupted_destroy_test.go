package jim_test

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/syncops/terraform-provider-syncops/internal/acctest"
)

// A destroy interrupted (SIGINT to terraform) while JIM's deletion is queued, then run again,
// finishes with no error and no leftover object. JIM's worker stands still until the test lets it
// go, so the deletion is still queued when the interrupted destroy has ended, however long that
// takes.
func TestCLIConnectedSystem_interruptedDestroyResumes(t *testing.T) {
	t.Parallel()
	emu, jim := startJIMWorker(t)
	w := acctest.NewWorkdir(t, fileSystem(emu.URL, "Interrupted", `timeouts { delete = "2m" }`))
	w.MustRun("apply", "-auto-approve", "-input=false")
	var state struct {
		Values struct {
			RootModule struct {
				Resources []struct {
					Values map[string]any `json:"values"`
				} `json:"resources"`
			} `json:"root_module"`
		} `json:"values"`
	}
	mustJSON(t, []byte(w.MustRun("show", "-json")), &state)
	id := fmt.Sprint(state.Values.RootModule.Resources[0].Values["id"])
	emu.Call("POST", "/_emulator/jim/connected-systems/"+id+"/objects", map[string]int{"count": 3000}, nil)
	jim.SetWorkerPaused(true)

	var out bytes.Buffer
	cmd := w.Command(&out, "destroy", "-auto-approve", "-input=false")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Interrupt once JIM is deleting in the background.
	deadline := time.Now().Add(60 * time.Second)
	for {
		status, body := emu.Raw("GET", "/api/v1/synchronisation/connected-systems/"+id, nil, apiHeader())
		if status == 200 && strings.Contains(string(body), `"Deleting"`) {
			break
		}
		if time.Now().After(deadline) {
			_ = cmd.Process.Kill()
			t.Fatalf("the deletion never started; terraform said:\n%s", out.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
	_ = cmd.Process.Signal(os.Interrupt)
	if err := cmd.Wait(); err == nil {
		t.Fatalf("the interrupted destroy succeeded; it should have stopped waiting:\n%s", out.String())
	}
	if !strings.Contains(out.String(), "resumes waiting") {
		t.Errorf("the interrupted destroy does not say that running destroy again resumes:\n%s", out.String())
	}
	if n := emu.Count("jim", "connectedSystems"); n != 1 {
		t.Fatalf("want the system still being deleted in JIM, emulator holds %d", n)
	}
	if !strings.Contains(w.StateFile(), `"syncops_jim_connected_system"`) {
		t.Fatal("the interrupted destroy lost the resource from the state")
	}

	jim.SetWorkerPaused(false)
	again := w.MustRun("destroy", "-auto-approve", "-input=false")
	if !strings.Contains(again, "Destroy complete") {
		t.Errorf("second destroy output:\n%s", again)
	}
	if n := emu.Count("jim", "connectedSystems"); n != 0 {
		t.Errorf("leftover connected systems after the resumed destroy: %d", n)
	}
}
