package jim_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/syncops/terraform-provider-syncops/internal/acctest"
)

// The deletion impact warning reaches the user through the real terraform CLI: in a destroy plan
// and in a plan that replaces the system (Terraform plans destroys with the provider only when
// the provider says it can, so a unit test of ModifyPlan alone would not show it).
func TestCLIConnectedSystem_deletionImpactWarningInPlans(t *testing.T) {
	t.Parallel()
	emu := startJIM(t)
	profile := `
resource "syncops_jim_run_profile" "full" {
  connected_system_id = syncops_jim_connected_system.hr.id
  name                = "Full Import"
  run_type            = "FullImport"
}
`
	w := acctest.NewWorkdir(t, fileSystem(emu.URL, "HR feed", `delete_change_history = true`)+profile)
	w.MustRun("apply", "-auto-approve", "-input=false", "-no-color")
	var state struct {
		Values struct {
			RootModule struct {
				Resources []struct {
					Type   string         `json:"type"`
					Values map[string]any `json:"values"`
				} `json:"resources"`
			} `json:"root_module"`
		} `json:"values"`
	}
	mustJSON(t, []byte(w.MustRun("show", "-json")), &state)
	id := ""
	for _, r := range state.Values.RootModule.Resources {
		if r.Type == "syncops_jim_connected_system" {
			id = fmt.Sprint(r.Values["id"])
		}
	}
	emu.Call("POST", "/_emulator/jim/connected-systems/"+id+"/objects", map[string]int{"count": 1500, "pendingExports": 3}, nil)

	out := w.MustRun("plan", "-destroy", "-input=false", "-no-color")
	for _, want := range []string{
		"Warning: Destroying JIM connected system " + id + ` ("HR feed") deletes its data in JIM`,
		"1500 connector-space objects",
		"1 run profiles",
		"3 pending exports",
		"background job (estimated 00:00:15)",
		"Change history: DELETED too (delete_change_history = true)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("destroy plan lacks %q:\n%s", want, out)
		}
	}

	// Changing the connector replaces the system: the same warning, as a replacement.
	w.SetConfig(providerBlock(emu.URL) + `
resource "syncops_jim_connected_system" "hr" {
  name                  = "HR feed"
  connector             = "JIM SQL Connector"
  delete_change_history = true
}
` + profile)
	out = w.MustRun("plan", "-input=false", "-no-color")
	if !strings.Contains(out, "Warning: Replacing JIM connected system "+id) || !strings.Contains(out, "1500 connector-space objects") ||
		!strings.Contains(out, "must be replaced") {
		t.Errorf("replacement plan lacks the deletion impact warning:\n%s", out)
	}

	w.SetConfig(fileSystem(emu.URL, "HR feed", `delete_change_history = true`) + profile)
	w.MustRun("destroy", "-auto-approve", "-input=false", "-no-color")
	if n := emu.Count("jim", "connectedSystems"); n != 0 {
		t.Errorf("emulator still holds %d connected systems", n)
	}
}
