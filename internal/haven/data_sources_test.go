package haven_test

import (
	"fmt"
	"net/url"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/syncops/terraform-provider-syncops/internal/acctest"
	havenemu "github.com/syncops/terraform-provider-syncops/internal/emulator/haven"
)

func TestAccConnectorDataSources(t *testing.T) {
	t.Parallel()
	h := start(t, havenemu.Options{RunDuration: 300 * time.Millisecond})
	res := connectorHCL("ds-site", `
  schedule    = jsonencode({ frequency = { frequency_type = "seconds", interval = 86400 } })
  description = "Public site crawl"`)
	data := `
data "syncops_haven_connector" "site" {
  name = syncops_haven_connector.site.name
}
data "syncops_haven_connector_history" "site" {
  name        = syncops_haven_connector.site.name
  max_results = 5
}`
	var token string
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             h.checkDestroyed,
		Steps: []resource.TestStep{
			{Config: h.config(res)},
			{
				// One run, out of band, finished before the data sources read.
				PreConfig: func() {
					token = h.mustHOD("startconnector", url.Values{"connector": {"ds-site"}})["token"].(string)
					h.waitFor("the run to finish", func() bool {
						return h.mustHOD("connectorstatus", url.Values{"connector": {"ds-site"}})["status"] == "FINISHED"
					})
				},
				Config: h.config(res + data),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.syncops_haven_connector.site", tfjsonpath.New("flavor"), knownvalue.StringExact("web_cloud")),
					statecheck.ExpectKnownValue("data.syncops_haven_connector.site", tfjsonpath.New("status"), knownvalue.StringExact("FINISHED")),
					statecheck.ExpectKnownValue("data.syncops_haven_connector.site", tfjsonpath.New("description"), knownvalue.StringExact("Public site crawl")),
					statecheck.ExpectKnownValue("data.syncops_haven_connector.site", tfjsonpath.New("destination"), knownvalue.StringExact(`{"action":"addtotextindex","index":"site"}`)),
					statecheck.ExpectKnownValue("data.syncops_haven_connector.site", tfjsonpath.New("schedule"), knownvalue.StringRegexp(regexp.MustCompile(`"interval":86400`))),
					statecheck.ExpectKnownValue("data.syncops_haven_connector.site", tfjsonpath.New("next_run_time"), knownvalue.StringRegexp(regexp.MustCompile(`^\d\d/\d\d/\d{4} \d\d:\d\d:\d\d \+00:00$`))),
					statecheck.ExpectKnownValue("data.syncops_haven_connector.site", tfjsonpath.New("credentials_policy"), knownvalue.Null()),
					statecheck.ExpectKnownValue("data.syncops_haven_connector_history.site", tfjsonpath.New("runs"), knownvalue.ListSizeExact(1)),
					statecheck.ExpectKnownValue("data.syncops_haven_connector_history.site", tfjsonpath.New("runs").AtSliceIndex(0).AtMapKey("status"), knownvalue.StringExact("FINISHED")),
					statecheck.ExpectKnownValue("data.syncops_haven_connector_history.site", tfjsonpath.New("runs").AtSliceIndex(0).AtMapKey("process_end_time"), knownvalue.NotNull()),
					statecheck.ExpectKnownValue("data.syncops_haven_connector_history.site", tfjsonpath.New("runs").AtSliceIndex(0).AtMapKey("document_counts"), knownvalue.MapPartial(map[string]knownvalue.Check{
						"errors": knownvalue.Int64Exact(0),
					})),
				},
				Check: resource.ComposeTestCheckFunc(
					func(s *terraform.State) error { return checkToken(s, &token) },
				),
			},
			{
				Config: h.config(res + `
data "syncops_haven_connector" "missing" {
  name = "no-such-connector"
}`),
				ExpectError: regexp.MustCompile(`(?s)Unable to read Haven OnDemand connector no-such-connector.*No connector named no-such-connector`),
			},
			{
				Config: h.config(res + `
data "syncops_haven_connector_history" "bad" {
  name = "bad name"
}`),
				ExpectError: regexp.MustCompile(`must be 1 to 100 characters`),
			},
			// The post-test destroy runs with the last configuration: leave a valid one.
			{Config: h.config(res)},
		},
	})
}

// checkToken compares the run token the data sources show with the one startconnector returned.
func checkToken(s *terraform.State, want *string) error {
	for addr, attr := range map[string]string{
		"data.syncops_haven_connector.site":         "last_run_token",
		"data.syncops_haven_connector_history.site": "runs.0.token",
	} {
		r, ok := s.RootModule().Resources[addr]
		if !ok {
			return fmt.Errorf("%s not in state", addr)
		}
		if got := r.Primary.Attributes[attr]; got != *want {
			return fmt.Errorf("%s.%s = %q, want %q", addr, attr, got, *want)
		}
	}
	return nil
}
