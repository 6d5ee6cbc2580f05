package haven_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os/exec"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/syncops/terraform-provider-syncops/internal/acctest"
	havenemu "github.com/syncops/terraform-provider-syncops/internal/emulator/haven"
)

// TestAccConnector_refreshFromListing: a plan of many connectors reads each one's configuration
// (retrieveconfig, which no listing returns) but takes the status of every connector that has run
// from one listing (listresources, and connectorhistory paged: 200 runs are three pages), so
// connectorstatus is sent only for the connectors never run (which the history cannot answer for)
// and the first read. Drift made out of band still shows in that plan, a connector deleted out of
// band leaves the state with the warning, and a refresh records the statuses the listing shows.
func TestAccConnector_refreshFromListing(t *testing.T) {
	t.Parallel()
	acctest.PreCheck(t)
	const n, neverRun = 210, 10
	h := start(t, havenemu.Options{MaxConnectors: n, MaxRunning: n, MaxRunsPerDay: n})
	name := func(i int) string { return fmt.Sprintf("refresh-%03d", i) }
	for i := range n {
		h.mustHOD("createconnector", url.Values{"connector": {name(i)}, "flavor": {"web_cloud"},
			"config": {fmt.Sprintf(`{"url":"https://%s.example.com"}`, name(i))}, "destination": {`{"action":"addtotextindex","index":"refresh"}`}})
		if i >= neverRun {
			h.control("/_emulator/haven/connectors/"+name(i)+"/run", "")
			h.control("/_emulator/haven/connectors/"+name(i)+"/finish", "")
		}
	}
	w := acctest.NewWorkdir(t, h.config(fmt.Sprintf(`
locals {
  names = toset([for i in range(%d) : format("refresh-%%03d", i)])
}
import {
  for_each = local.names
  to       = syncops_haven_connector.c[each.key]
  id       = each.key
}
resource "syncops_haven_connector" "c" {
  for_each    = local.names
  name        = each.key
  flavor      = "web_cloud"
  config      = jsonencode({ url = "https://${each.key}.example.com" })
  destination = jsonencode({ action = "addtotextindex", index = "refresh" })
}
`, n)))
	w.MustRun("apply", "-auto-approve", "-input=false")

	count := func(api string) int { return h.stat("GET /1/api/sync/" + api + "/v1") }
	h.control("/_emulator/stats/reset", "")
	if out, err := w.Run("plan", "-detailed-exitcode", "-input=false", "-no-color"); err != nil {
		t.Fatalf("the plan after the import is not empty: %v\n%s", err, out)
	}
	total := h.acc.Stats()["total"].(float64)
	t.Logf("plan of %d connectors (%d never run): %v requests, %.2f per connector: retrieveconfig %d, connectorstatus %d, listresources %d, connectorhistory %d",
		n, neverRun, total, total/n, count("retrieveconfig"), count("connectorstatus"), count("listresources"), count("connectorhistory"))
	switch {
	case count("retrieveconfig") != n:
		t.Errorf("retrieveconfig sent %d times, want %d (one per connector: no listing returns the configuration)", count("retrieveconfig"), n)
	case count("listresources") != 1 || count("connectorhistory") != 3:
		t.Errorf("the listing cost listresources %d and connectorhistory %d, want 1 and 3 (200 runs, pages of 100)", count("listresources"), count("connectorhistory"))
	case count("connectorstatus") > neverRun+1:
		t.Errorf("connectorstatus sent %d times, want at most %d (the connectors never run, and the first read)", count("connectorstatus"), neverRun+1)
	}

	// Out of band: a description changed, a connector deleted, a run started on one never run.
	h.mustHOD("updateconnector", url.Values{"connector": {name(50)}, "description": {"changed outside"}})
	h.mustHOD("deleteconnector", url.Values{"connector": {name(60)}})
	h.control("/_emulator/haven/connectors/"+name(5)+"/run", "")
	h.control("/_emulator/stats/reset", "")
	out, err := w.Run("plan", "-detailed-exitcode", "-input=false", "-no-color")
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 2 {
		t.Fatalf("the plan after drift should have changes (exit 2): %v\n%s", err, out)
	}
	for _, want := range []string{
		`syncops_haven_connector.c["refresh-050"] will be updated in-place`,
		`syncops_haven_connector.c["refresh-060"] will be created`,
		"Haven OnDemand connector refresh-060 no longer exists",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the plan does not say %q:\n%s", want, out)
		}
	}
	if count("retrieveconfig") != n {
		t.Errorf("retrieveconfig sent %d times, want %d: the deleted connector is confirmed gone by its own read", count("retrieveconfig"), n)
	}

	// A refresh records the statuses: PROCESSING (the run just started, from the listing),
	// FINISHED (the listing) and IDLE (connectorstatus: never run).
	w.MustRun("apply", "-refresh-only", "-auto-approve", "-input=false")
	var show struct {
		Values struct {
			RootModule struct {
				Resources []struct {
					Values map[string]any `json:"values"`
				} `json:"resources"`
			} `json:"root_module"`
		} `json:"values"`
	}
	if err := json.Unmarshal([]byte(w.MustRun("show", "-json")), &show); err != nil {
		t.Fatal(err)
	}
	status := map[string]any{}
	for _, r := range show.Values.RootModule.Resources {
		status[r.Values["name"].(string)] = r.Values["status"]
	}
	for who, want := range map[string]string{name(5): "PROCESSING", name(100): "FINISHED", name(1): "IDLE"} {
		if status[who] != want {
			t.Errorf("status of %s after the refresh: %v, want %s", who, status[who], want)
		}
	}
	if _, still := status[name(60)]; still || len(status) != n-1 {
		t.Errorf("the state holds %d connectors (refresh-060 kept: %v), want %d", len(status), still, n-1)
	}
}

// TestAccConnector_readAfterWriteNotFromListing: a connector changed by this provider process is
// read by itself afterwards, never answered from a listing taken before: x is PROCESSING when the
// apply's listing is taken (while a and b, which x depends on, are read after their updates), its
// run ends while x's own update job is held, and the state then holds FINISHED, not the listing's
// PROCESSING.
func TestAccConnector_readAfterWriteNotFromListing(t *testing.T) {
	t.Parallel()
	h := start(t, havenemu.Options{})
	three := func(description string, xExtra string) string {
		return h.config(fmt.Sprintf(`
resource "syncops_haven_connector" "a" {
  name        = "listing-a"
  flavor      = "web_cloud"
  config      = jsonencode({ url = "https://a.example.com" })
  destination = jsonencode({ action = "addtotextindex", index = "a" })
  description = %[1]q
}
resource "syncops_haven_connector" "b" {
  name        = "listing-b"
  flavor      = "web_cloud"
  config      = jsonencode({ url = "https://b.example.com" })
  destination = jsonencode({ action = "addtotextindex", index = "b" })
  description = %[1]q
}
resource "syncops_haven_connector" "x" {
  name        = "listing-x"
  flavor      = "web_cloud"
  config      = jsonencode({ url = "https://x.example.com" })
  destination = jsonencode({ action = "addtotextindex", index = "x" })
%[2]s
  depends_on  = [syncops_haven_connector.a, syncops_haven_connector.b]
  timeouts {
    update = "2m"
  }
}`, description, xExtra))
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             h.checkDestroyed,
		Steps: []resource.TestStep{
			{Config: three("one", `  schedule = jsonencode({ frequency = { frequency_type = "seconds", interval = 86400 } })`)},
			{
				PreConfig: func() {
					h.control("/_emulator/haven/connectors/listing-x/run", "")
					h.hold("cancelconnectorschedule")
					// x's job is submitted once a and b are applied and read (their reads took the
					// listing); its run ends before the job does.
					h.when("ending x's run, then its held job", func() bool { return h.emu.State()["heldJobs"] > 0 }, func() error {
						if err := h.post("/_emulator/haven/connectors/listing-x/finish"); err != nil {
							return err
						}
						return h.release()
					})
				},
				Config: three("two", ""),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("syncops_haven_connector.x", tfjsonpath.New("status"), knownvalue.StringExact("FINISHED")),
				},
				Check: func(*terraform.State) error {
					if n := h.stat("GET /1/api/sync/listresources/v1"); n == 0 {
						return fmt.Errorf("no listing was taken: the test proves nothing")
					}
					return nil
				},
			},
		},
	})
}
