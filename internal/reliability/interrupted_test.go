package reliability

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/syncops/terraform-provider-syncops/internal/acctest"
	emuhaven "github.com/syncops/terraform-provider-syncops/internal/emulator/haven"
	emujim "github.com/syncops/terraform-provider-syncops/internal/emulator/jim"
)

// queuedDeletionConfig is one JIM connected system and one Haven connector, whose deletions are
// both queued work.
func queuedDeletionConfig(url, deleteTimeout string) string {
	return fmt.Sprintf(`
provider "syncops" {
  jim {
    url     = %[1]q
    api_key = %[2]q
  }
  haven {
    url     = %[1]q
    api_key = %[3]q
  }
}
resource "syncops_jim_connected_system" "big" {
  name      = "Big"
  connector = "JIM SQL Connector"
  timeouts {
    delete = %[4]q
  }
}
resource "syncops_haven_connector" "site" {
  name        = "site"
  flavor      = "web_cloud"
  config      = jsonencode({ url = "https://www.example.com", max_pages = 10 })
  destination = jsonencode({ action = "addtotextindex", index = "site" })
  timeouts {
    delete = %[4]q
  }
}
`, url, emujim.DefaultAPIKey, emuhaven.DefaultAPIKey, deleteTimeout)
}

func startQueued(t *testing.T, jobDelay time.Duration) (*acctest.Emulator, *acctest.Workdir, string) {
	t.Helper()
	acctest.PreCheck(t)
	jo := emujim.DefaultOptions()
	jo.JobDelay = jobDelay
	emu := acctest.StartEmulator(t, emujim.New(jo), emuhaven.New(emuhaven.Options{JobDelay: jobDelay}))
	w := acctest.NewWorkdir(t, queuedDeletionConfig(emu.URL, "2m"))
	w.MustRun("apply", "-auto-approve", "-input=false")
	var show struct {
		Values struct {
			RootModule struct {
				Resources []struct {
					Type   string         `json:"type"`
					Values map[string]any `json:"values"`
				} `json:"resources"`
			} `json:"root_module"`
		} `json:"values"`
	}
	if err := json.Unmarshal([]byte(w.MustRun("show", "-json")), &show); err != nil {
		t.Fatal(err)
	}
	id := ""
	for _, r := range show.Values.RootModule.Resources {
		if r.Type == "syncops_jim_connected_system" {
			id = fmt.Sprint(r.Values["id"])
		}
	}
	// Over 1000 objects: JIM deletes the system in a background job.
	emu.Call("POST", "/_emulator/jim/connected-systems/"+id+"/objects", map[string]int{"count": 3000}, nil)
	return emu, w, id
}

func assertEmpty(t *testing.T, emu *acctest.Emulator) {
	t.Helper()
	if n := emu.Count("jim", "connectedSystems"); n != 0 {
		t.Errorf("leftover JIM connected systems: %d", n)
	}
	if n := emu.Count("haven", "connectors"); n != 0 {
		t.Errorf("leftover Haven connectors: %d", n)
	}
}

// A destroy interrupted (SIGINT) while a JIM deletion is queued and a Haven delete job is running,
// then run again, finishes with no error and no leftover object.
func TestInterruptedDestroyResumes(t *testing.T) {
	t.Parallel()
	emu, w, id := startQueued(t, 6*time.Second)
	var out bytes.Buffer
	cmd := w.Command(&out, "destroy", "-auto-approve", "-input=false")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(60 * time.Second)
	for {
		status, body := emu.Raw("GET", "/api/v1/synchronisation/connected-systems/"+id, nil, map[string][]string{"X-Api-Key": {emujim.DefaultAPIKey}})
		jimDeleting := status == 200 && strings.Contains(string(body), `"Deleting"`)
		havenJob := emu.Count("haven", "pendingJobs") > 0
		if jimDeleting && havenJob {
			break
		}
		if time.Now().After(deadline) {
			_ = cmd.Process.Kill()
			t.Fatalf("the deletions never both started; terraform said:\n%s", out.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	_ = cmd.Process.Signal(os.Interrupt)
	if err := cmd.Wait(); err == nil {
		t.Fatalf("the interrupted destroy succeeded; it should have stopped waiting:\n%s", out.String())
	}
	state := w.StateFile()
	if !strings.Contains(state, "syncops_jim_connected_system") || !strings.Contains(state, "syncops_haven_connector") {
		t.Fatalf("the interrupted destroy lost an object from the state:\n%s", state)
	}
	again := w.MustRun("destroy", "-auto-approve", "-input=false")
	if !strings.Contains(again, "Destroy complete") {
		t.Errorf("second destroy:\n%s", again)
	}
	assertEmpty(t, emu)
}

// A destroy that hit its delete timeout, run again with a longer one, finishes the same way.
func TestTimedOutDestroyResumes(t *testing.T) {
	t.Parallel()
	emu, w, _ := startQueued(t, 4*time.Second)
	w.SetConfig(queuedDeletionConfig(emu.URL, "1s"))
	w.MustRun("apply", "-auto-approve", "-input=false") // timeouts only: no API call
	out, err := w.Run("destroy", "-auto-approve", "-input=false")
	if err == nil {
		t.Fatalf("want the destroy to time out:\n%s", out)
	}
	flat := strings.Join(strings.Fields(out), " ")
	if !strings.Contains(flat, "timed out") || !strings.Contains(flat, "again") {
		t.Errorf("the timeout error does not say what happened and what to run next:\n%s", out)
	}
	// The longer timeout must reach the state (destroy reads it from there); -refresh=false keeps
	// the apply to that change alone.
	w.SetConfig(queuedDeletionConfig(emu.URL, "2m"))
	w.MustRun("apply", "-auto-approve", "-input=false", "-refresh=false")
	w.MustRun("destroy", "-auto-approve", "-input=false")
	assertEmpty(t, emu)
}
