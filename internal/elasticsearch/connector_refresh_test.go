package elasticsearch_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"testing"

	"github.com/syncops/terraform-provider-syncops/internal/acctest"
)

// scaleConnectors is n connectors with chosen ids, as a user's configuration declares them.
func scaleConnectors(n int) string {
	return fmt.Sprintf(`
resource "syncops_elasticsearch_connector" "c" {
  count        = %d
  connector_id = "scale-${count.index}"
  name         = "Scale ${count.index}"
  index_name   = "search-scale-${count.index}"
  service_type = "google_drive"
  scheduling   = { full = { enabled = true, interval = "0 0 0 * * ?" } }
}
`, n)
}

// TestAccConnector_refreshAtScale runs `terraform plan` as a user does on n connectors (three
// pages of GET /_connector) and counts what the emulator served: the refresh is answered from one
// paged list (<= 0.1 requests per resource). Drift made out of band on one connector still shows,
// a connector deleted out of band leaves the state with the warning (its own GET said 404), and
// a connector the list does not show yet (a search lagging behind a write) is read by GET and
// kept, not taken for deleted.
func TestAccConnector_refreshAtScale(t *testing.T) {
	t.Parallel()
	acctest.PreCheck(t)
	const n = 210
	c := startCluster(t, "9.1.0")
	w := acctest.NewWorkdir(t, c.provider()+scaleConnectors(n))
	w.MustRun("apply", "-auto-approve", "-input=false", "-parallelism=20")
	if got := c.Count("elasticsearch", "connectors"); got != n {
		t.Fatalf("%d connectors after apply, want %d", got, n)
	}

	c.es("PUT", "/_connector/scale-7/_name", `{"name":"Changed by hand"}`)
	c.es("DELETE", "/_connector/scale-8?hard=true", "")
	c.platform.HideFromList("scale-9")
	before := c.Stats()
	out, err := w.Run("plan", "-out=tfplan", "-detailed-exitcode", "-input=false", "-parallelism=10")
	after := c.Stats()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 2 {
		t.Fatalf("plan: want exit code 2 (changes), got %v\n%s", err, out)
	}

	requests := map[string]int{}
	total := 0
	for k, v := range after {
		if f, ok := v.(float64); ok && k != "total" {
			if d := int(f) - int(asFloat(before[k])); d > 0 {
				requests[k] = d
				total += d
			}
		}
	}
	perResource := float64(total) / n
	t.Logf("refresh of %d connectors: %d requests (%.3f per resource): %v", n, total, perResource, requests)
	if perResource > 0.1 {
		t.Errorf("the refresh cost %.3f requests per resource, want <= 0.1: %v", perResource, requests)
	}
	// The deleted one and the unlisted one were confirmed by their own GET; the first read of
	// the process goes alone too.
	if got := requests["GET /_connector/{id}"]; got > 3 {
		t.Errorf("GET /_connector/{id} sent %d times, want at most 3 (first read, deleted, unlisted)", got)
	}
	if !strings.Contains(out, "Elasticsearch connector scale-8 no longer exists") {
		t.Errorf("no removed-outside-Terraform warning for scale-8:\n%s", out)
	}

	changes := planChanges(t, w)
	want := map[string]string{`syncops_elasticsearch_connector.c[7]`: "update", `syncops_elasticsearch_connector.c[8]`: "create"}
	for addr, action := range changes {
		if want[addr] != action {
			t.Errorf("%s planned %s, want %q", addr, action, want[addr])
		}
	}
	for addr, action := range want {
		if changes[addr] != action {
			t.Errorf("%s planned %q, want %s (all changes: %v)", addr, changes[addr], action, changes)
		}
	}
}

func asFloat(v any) float64 { f, _ := v.(float64); return f }

// planChanges reads tfplan: the actions planned per resource address, no-ops left out.
func planChanges(t *testing.T, w *acctest.Workdir) map[string]string {
	t.Helper()
	var plan struct {
		ResourceChanges []struct {
			Address string `json:"address"`
			Change  struct {
				Actions []string `json:"actions"`
			} `json:"change"`
		} `json:"resource_changes"`
	}
	if err := json.Unmarshal([]byte(w.MustRun("show", "-json", "tfplan")), &plan); err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, rc := range plan.ResourceChanges {
		if a := strings.Join(rc.Change.Actions, ","); a != "no-op" && a != "read" {
			out[rc.Address] = a
		}
	}
	return out
}
