package jim_test

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/syncops/terraform-provider-syncops/internal/acctest"
)

// removedDetail is the detail of the warning of a resource deleted outside Terraform.
const removedDetail = "It was deleted outside Terraform and has been removed from the state; the next apply creates it again."

// diagnosticText is terraform's output without the frame of its diagnostics and with every run of
// whitespace made one space, so that a message reads the same however the CLI wrapped it.
func diagnosticText(out string) string {
	out = strings.NewReplacer("╷", " ", "│", " ", "╵", " ").Replace(out)
	return regexp.MustCompile(`\s+`).ReplaceAllString(out, " ")
}

// A connected system or run profile deleted outside Terraform leaves the state at the next refresh
// with a warning that says what went and that the next apply creates it again: pinned here as the
// user reads it in `terraform plan`.
func TestCLIRemovedOutsideTerraformWarnings(t *testing.T) {
	t.Parallel()
	emu := startJIM(t)
	w := acctest.NewWorkdir(t, systemWithProfile(emu.URL, `
resource "syncops_jim_run_profile" "full" {
  connected_system_id = syncops_jim_connected_system.hr.id
  name                = "Full Import"
  run_type            = "FullImport"
}
`))
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
	var systemID, profileID string
	for _, r := range state.Values.RootModule.Resources {
		switch r.Type {
		case "syncops_jim_connected_system":
			systemID = fmt.Sprint(r.Values["id"])
		case "syncops_jim_run_profile":
			profileID = fmt.Sprint(r.Values["id"])
		}
	}
	// The warning's summary, then (after the resource it is about) its detail.
	wantWarning := func(out, summary string) {
		t.Helper()
		text := diagnosticText(out)
		i := strings.Index(text, "Warning: "+summary+" ")
		if i < 0 {
			t.Errorf("plan lacks the warning %q:\n%s", summary, out)
			return
		}
		warning, _, _ := strings.Cut(text[i+len("Warning: "):], "Warning: ")
		if !strings.Contains(warning, removedDetail) {
			t.Errorf("the warning %q lacks the detail %q:\n%s", summary, removedDetail, out)
		}
	}

	// The run profile goes.
	if status, body := emu.Raw("DELETE", "/api/v1/synchronisation/connected-systems/"+systemID+"/run-profiles/"+profileID, nil, apiHeader()); status != http.StatusNoContent {
		t.Fatalf("out-of-band delete of the run profile: HTTP %d %s", status, body)
	}
	out := w.MustRun("plan", "-input=false", "-no-color")
	wantWarning(out, "JIM run profile "+profileID+" no longer exists")
	if !strings.Contains(out, "syncops_jim_run_profile.full will be created") {
		t.Errorf("the plan does not create the run profile again:\n%s", out)
	}

	// The connected system goes, and the run profile still in the state with it.
	if status, body := emu.Raw("DELETE", "/api/v1/synchronisation/connected-systems/"+systemID, nil, apiHeader()); status != http.StatusOK {
		t.Fatalf("out-of-band delete of the connected system: HTTP %d %s", status, body)
	}
	out = w.MustRun("plan", "-input=false", "-no-color")
	wantWarning(out, "JIM connected system "+systemID+" no longer exists")
	wantWarning(out, "JIM run profile "+profileID+" (with its connected system "+systemID+") no longer exists")
	if !strings.Contains(out, "syncops_jim_connected_system.hr will be created") {
		t.Errorf("the plan does not create the connected system again:\n%s", out)
	}
}
