package haven_test

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/syncops/terraform-provider-syncops/internal/acctest"
	"github.com/syncops/terraform-provider-syncops/internal/emulator"
	havenemu "github.com/syncops/terraform-provider-syncops/internal/emulator/haven"
)

const addr = "syncops_haven_connector.site"

func TestAccConnector_lifecycle(t *testing.T) {
	t.Parallel()
	h := start(t, havenemu.Options{})
	var updatesBefore int
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             h.checkDestroyed,
		Steps: []resource.TestStep{
			{
				// Two throttled answers (429 4030, no Retry-After) to the create are waited out.
				PreConfig: func() { h.control("/_emulator/haven/throttle", `{"count": 2, "api": "createconnector"}`) },
				Config: h.config(connectorHCL("company-site", `
  schedule    = jsonencode({ frequency = { frequency_type = "seconds", interval = 86400 } })
  description = "Public site crawl"`)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact("company-site")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("IDLE")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("stop_before_delete"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("download_link"), knownvalue.Null()),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("credentials_policy"), knownvalue.Null()),
				},
				Check: func(*terraform.State) error {
					if n := h.acc.Count("haven", "connectors"); n != 1 {
						return fmt.Errorf("connectors = %d, want 1", n)
					}
					// Two 429 answers, then the one create: no duplicate.
					if n := h.requests("createconnector"); n != 3 {
						return fmt.Errorf("createconnector sent %d times, want 3 (2 throttled + 1)", n)
					}
					return nil
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				// config and destination change; each is sent whole.
				Config: h.config(`
resource "syncops_haven_connector" "site" {
  name        = "company-site"
  flavor      = "web_cloud"
  config      = jsonencode({ url = "https://www.example.org" })
  destination = jsonencode({ action = "addtotextindex", index = "site2" })
  schedule    = jsonencode({ frequency = { frequency_type = "seconds", interval = 86400 } })
  description = "Public site crawl"
}`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: func(*terraform.State) error {
					if got := h.storedBlock("company-site", "config"); got != `{"url":"https://www.example.org"}` {
						return fmt.Errorf("stored config %s: max_pages should be gone (whole block replaced)", got)
					}
					if got := h.storedBlock("company-site", "destination"); !strings.Contains(got, `"site2"`) {
						return fmt.Errorf("stored destination %s", got)
					}
					return nil
				},
			},
			{
				// schedule and description change.
				Config: h.config(`
resource "syncops_haven_connector" "site" {
  name        = "company-site"
  flavor      = "web_cloud"
  config      = jsonencode({ url = "https://www.example.org" })
  destination = jsonencode({ action = "addtotextindex", index = "site2" })
  schedule    = jsonencode({ occurrences = 5, frequency = { interval = 43200, frequency_type = "seconds" } })
  description = "Nightly crawl"
}`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check: func(*terraform.State) error {
					if got := h.storedBlock("company-site", "schedule"); !strings.Contains(got, "43200") {
						return fmt.Errorf("stored schedule %s", got)
					}
					return nil
				},
			},
			{
				// Removing the schedule and the description.
				Config: h.config(`
resource "syncops_haven_connector" "site" {
  name        = "company-site"
  flavor      = "web_cloud"
  config      = jsonencode({ url = "https://www.example.org" })
  destination = jsonencode({ action = "addtotextindex", index = "site2" })
}`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check: func(*terraform.State) error {
					if got := h.storedBlock("company-site", "schedule"); got != "" {
						return fmt.Errorf("schedule still stored: %s", got)
					}
					if got := h.storedBlock("company-site", "description"); got != "" {
						return fmt.Errorf("description still stored: %s", got)
					}
					updatesBefore = h.requests("updateconnector") + h.requests("cancelconnectorschedule")
					return nil
				},
			},
			{
				// Delete options cost no API call.
				Config: h.config(`
resource "syncops_haven_connector" "site" {
  name               = "company-site"
  flavor             = "web_cloud"
  config             = jsonencode({ url = "https://www.example.org" })
  destination        = jsonencode({ action = "addtotextindex", index = "site2" })
  stop_before_delete = false
}`),
				Check: func(*terraform.State) error {
					if n := h.requests("updateconnector") + h.requests("cancelconnectorschedule"); n != updatesBefore {
						return fmt.Errorf("changing stop_before_delete made %d API change(s)", n-updatesBefore)
					}
					return nil
				},
			},
			{
				ResourceName:      addr,
				ImportState:       true,
				ImportStateId:     "company-site",
				ImportStateVerify: true,
				// Import sets the documented default; the configuration has false.
				ImportStateVerifyIgnore: []string{"stop_before_delete"},
			},
			{
				// Import with an import {} block, by name.
				Config: h.config(`
import {
  to = syncops_haven_connector.copy
  id = "company-site"
}
resource "syncops_haven_connector" "copy" {
  name        = "company-site"
  flavor      = "web_cloud"
  config      = jsonencode({ url = "https://www.example.org" })
  destination = jsonencode({ action = "addtotextindex", index = "site2" })
}
resource "syncops_haven_connector" "site" {
  name               = "company-site"
  flavor             = "web_cloud"
  config             = jsonencode({ url = "https://www.example.org" })
  destination        = jsonencode({ action = "addtotextindex", index = "site2" })
  stop_before_delete = false
}`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("syncops_haven_connector.copy", plancheck.ResourceActionNoop),
				}},
				// Both addresses now manage one connector: forget the copy before destroy.
				Destroy: false,
			},
			{
				Config: h.config(`
removed {
  from = syncops_haven_connector.copy
  lifecycle {
    destroy = false
  }
}
resource "syncops_haven_connector" "site" {
  name               = "company-site"
  flavor             = "web_cloud"
  config             = jsonencode({ url = "https://www.example.org" })
  destination        = jsonencode({ action = "addtotextindex", index = "site2" })
  stop_before_delete = false
}`),
			},
		},
	})
}

func TestAccConnector_drift(t *testing.T) {
	t.Parallel()
	h := start(t, havenemu.Options{})
	cfg := h.config(connectorHCL("drift", `  description = "kept"`))
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             h.checkDestroyed,
		Steps: []resource.TestStep{
			{Config: cfg},
			{
				// Someone changes the destination and description outside Terraform.
				PreConfig: func() {
					h.mustHOD("updateconnector", url.Values{"connector": {"drift"}, "destination": {`{"action":"addtotextindex","index":"other"}`}, "description": {"changed"}})
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(addr, tfjsonpath.New("description"), knownvalue.StringExact("kept")),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: func(*terraform.State) error {
					if got := h.storedBlock("drift", "destination"); !strings.Contains(got, `"site"`) {
						return fmt.Errorf("destination not restored: %s", got)
					}
					return nil
				},
			},
			{
				// Deleted outside Terraform: the refresh removes it with a warning and the plan recreates it.
				PreConfig: func() { h.mustHOD("deleteconnector", url.Values{"connector": {"drift"}}) },
				Config:    cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate)},
				},
			},
		},
	})
}

// The last step destroys everything, which leaves no state: CheckDestroy would never run, so that
// step's Check asks the emulator.
func TestAccConnector_deleteIdleAndRunning(t *testing.T) {
	t.Parallel()
	h := start(t, havenemu.Options{})
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{Config: h.config(connectorHCL("idle", "") + strings.Replace(connectorHCL("running", ""), `"site"`, `"running"`, 1))},
			{
				// Destroy both: the idle one directly, the running one after stopconnector and STOPPED.
				PreConfig: func() { h.control("/_emulator/haven/connectors/running/run", "") },
				Config:    h.config(""),
				Check: func(s *terraform.State) error {
					if err := h.checkDestroyed(s); err != nil {
						return err
					}
					if n := h.requests("stopconnector"); n != 1 {
						return fmt.Errorf("stopconnector sent %d times, want 1 (only the running connector)", n)
					}
					if n := h.requests("deleteconnector"); n != 2 {
						return fmt.Errorf("deleteconnector sent %d times, want 2", n)
					}
					return nil
				},
			},
		},
	})
}

func TestAccConnector_runningWithoutStopBeforeDelete(t *testing.T) {
	t.Parallel()
	h := start(t, havenemu.Options{})
	noStop := h.config(connectorHCL("busy", "  stop_before_delete = false"))
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             h.checkDestroyed,
		Steps: []resource.TestStep{
			{Config: noStop},
			{
				PreConfig:   func() { h.control("/_emulator/haven/connectors/busy/run", "") },
				Config:      noStop,
				Destroy:     true,
				ExpectError: regexp.MustCompile(`(?s)running \(status PROCESSING\).*stop_before_delete is false`),
			},
			{
				// Applying stop_before_delete = true first lets the final destroy stop and delete it.
				Config: h.config(connectorHCL("busy", "  stop_before_delete = true")),
				Check: func(*terraform.State) error {
					if n := h.requests("deleteconnector") + h.requests("stopconnector"); n != 0 {
						return fmt.Errorf("no stop or delete may be sent while stop_before_delete is false, got %d", n)
					}
					return nil
				},
			},
		},
	})
}

func TestAccConnector_failedJobs(t *testing.T) {
	t.Parallel()
	h := start(t, havenemu.Options{})
	cfg := h.config(connectorHCL("failing", `  description = "one"`))
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             h.checkDestroyed,
		Steps: []resource.TestStep{
			{
				// A failed create job: HOD's error is shown and nothing stays in state.
				PreConfig: func() {
					h.control("/_emulator/haven/fail-next-job", `{"error": 9003, "detail": {"message": "the account may have at most 5 connectors"}}`)
				},
				Config:      cfg,
				ExpectError: regexp.MustCompile(`(?s)Unable to create Haven OnDemand connector failing.*error 9003 "Reached connector count quota".*at most 5 connectors`),
			},
			{
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate)},
				},
			},
			{
				// A connector of the same name made outside Terraform is never adopted nor deleted.
				PreConfig: func() {
					h.mustHOD("createconnector", url.Values{"connector": {"taken"}, "flavor": {"web_cloud"}, "config": {`{"url":"https://x"}`}, "destination": {`{"action":"addtotextindex","index":"x"}`}})
				},
				Config:      h.config(connectorHCL("failing", `  description = "one"`) + strings.Replace(connectorHCL("taken", ""), `"site"`, `"taken"`, 1)),
				ExpectError: regexp.MustCompile(`(?s)Unable to create Haven OnDemand connector taken.*already\s+exists.*import\s+it\s+by\s+name`),
			},
			{
				PreConfig: func() { h.mustHOD("deleteconnector", url.Values{"connector": {"taken"}}) },
				Config:    cfg,
			},
			{
				// A failed update job keeps the state as it was.
				PreConfig: func() {
					h.control("/_emulator/haven/fail-next-job", `{"error": 2010, "detail": {"reason": "Over quota"}}`)
				},
				Config:      h.config(connectorHCL("failing", `  description = "two"`)),
				ExpectError: regexp.MustCompile(`(?s)Unable to update Haven OnDemand connector failing.*error 2010.*quota.*Over quota.*state is unchanged`),
			},
			{
				Config:   cfg,
				PlanOnly: true,
			},
		},
	})
}

// TestAccConnector_deleteDeadline: a delete job still running at the delete deadline fails destroy
// with what to run; running destroy again resumes. The delete job is held by the emulator until the
// test releases it, so it is still running at the deadline however slow the machine is. The last
// step leaves no state, so its Check asks the emulator (CheckDestroy would never run).
func TestAccConnector_deleteDeadline(t *testing.T) {
	t.Parallel()
	h := start(t, havenemu.Options{})
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{Config: h.config(connectorHCL("slow", `  timeouts {
    delete = "5s"
  }`))},
			{
				// The delete job is still running at the deadline: the error says so and what to run.
				PreConfig:   func() { h.hold("deleteconnector") },
				Config:      h.config(""),
				ExpectError: regexp.MustCompile(`(?s)timed out .* waiting for deletion of Haven OnDemand.*last state seen: in progress.*terraform destroy.*again`),
			},
			{
				// Running destroy again resumes: the first job deletes the connector, the second run
				// sees it gone and sends no second delete.
				PreConfig: func() {
					if err := h.release(); err != nil {
						t.Fatal(err)
					}
				},
				Config: h.config(""),
				Check: func(s *terraform.State) error {
					if err := h.checkDestroyed(s); err != nil {
						return err
					}
					if n := h.requests("deleteconnector"); n != 1 {
						return fmt.Errorf("deleteconnector sent %d times, want 1 (the first job deleted the connector)", n)
					}
					return nil
				},
			},
		},
	})
}

func TestAccConnector_onsiteAndCredentials(t *testing.T) {
	t.Parallel()
	h := start(t, havenemu.Options{})
	creds := func(password string, version int) string {
		return h.config(fmt.Sprintf(`
resource "syncops_haven_connector" "files" {
  name        = "files"
  flavor      = "filesystem_onsite"
  config      = jsonencode({ directory_paths = ["/srv/docs"], service_port = 8002 })
  destination = jsonencode({ action = "addtotextindex", index = "docs" })
  schedule    = jsonencode({ frequency = { frequency_type = "seconds", interval = 21600 } })
}
resource "syncops_haven_connector" "site" {
  name                   = "private-site"
  flavor                 = "web_cloud"
  config                 = jsonencode({ url = "https://intranet.example.com" })
  destination            = jsonencode({ action = "addtotextindex", index = "intranet" })
  credentials_policy     = jsonencode({ notification_email = "ops%d@example.com" })
  credentials_wo         = jsonencode({ login_value = "crawler", password_value = %q })
  credentials_wo_version = %d
}`, version, password, version))
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             h.checkDestroyed,
		Steps: []resource.TestStep{
			{
				Config: creds("first-secret", 1),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("syncops_haven_connector.files", tfjsonpath.New("status"), knownvalue.Null()),
					statecheck.ExpectKnownValue("syncops_haven_connector.files", tfjsonpath.New("download_link"), knownvalue.MapPartial(map[string]knownvalue.Check{
						"linux_x86_64": knownvalue.StringRegexp(regexp.MustCompile(`^https://`)),
					})),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("credentials_wo"), knownvalue.Null()),
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check: func(s *terraform.State) error {
					if got := h.storedBlock("private-site", "credentials"); !strings.Contains(got, "first-secret") {
						return fmt.Errorf("credentials not sent: %s", got)
					}
					for _, r := range s.RootModule().Resources {
						for k, v := range r.Primary.Attributes {
							if strings.Contains(v, "first-secret") {
								return fmt.Errorf("the password is in state (%s)", k)
							}
						}
					}
					return nil
				},
			},
			{
				// Same value, same version: nothing to send.
				Config:   creds("first-secret", 1),
				PlanOnly: true,
			},
			{
				// Same version, another value: the digest of the value last sent tells, and the
				// plan sends it (connector_credentials_test.go follows it through apply).
				Config:             creds("changed-secret", 1),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
			},
			{
				// A new version sends the new credentials.
				Config: creds("second-secret", 2),
				Check: func(*terraform.State) error {
					if got := h.storedBlock("private-site", "credentials"); !strings.Contains(got, "second-secret") {
						return fmt.Errorf("credentials not rotated: %s", got)
					}
					if got := h.storedBlock("private-site", "credentials_policy"); !strings.Contains(got, "ops2@") {
						return fmt.Errorf("credentials_policy not updated: %s", got)
					}
					return nil
				},
			},
		},
	})
}

func TestAccConnector_planTimeErrors(t *testing.T) {
	t.Parallel()
	h := start(t, havenemu.Options{})
	step := func(body string, want string) resource.TestStep {
		// Terraform wraps long messages: any space may be a line break.
		return resource.TestStep{Config: h.config(body), PlanOnly: true, ExpectError: regexp.MustCompile(strings.ReplaceAll(want, " ", `\s+`))}
	}
	connector := func(name, flavor, extra string) string {
		return fmt.Sprintf(`
resource "syncops_haven_connector" "site" {
  name        = %q
  flavor      = %q
  config      = jsonencode({ url = "https://www.example.com" })
  destination = jsonencode({ action = "addtotextindex", index = "site" })
%s
}`, name, flavor, extra)
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			step(connector("company site", "web_cloud", ""), `(?s)name.*must be 1 to 100 characters among A-Z`),
			step(connector(strings.Repeat("a", 101), "web_cloud", ""), `(?s)name.*length must be between 1 and 100`),
			step(connector("site", "sharepoint_remote", ""), `(?s)flavor.*value must be one of.*web_cloud`),
			step(connector("files", "filesystem_onsite", `  schedule = jsonencode({ frequency = { frequency_type = "seconds", interval = 3600 } })`), `(?s)interval must be at least 21600 seconds`),
			step(connector("files", "web_onsite", ""), `(?s)Missing schedule for an onsite connector`),
			step(connector("site", "web_cloud", `  schedule = jsonencode({ occurrences = 3 })`), `(?s)schedule has no "frequency" object`),
			step(strings.Replace(connector("site", "web_cloud", ""), `index = "site"`, `other = "x"`, 1), `(?s)destination has action "addtotextindex" but no "index"`),
			step(strings.Replace(connector("site", "web_cloud", ""), `jsonencode({ url = "https://www.example.com" })`, `jsonencode(["a"])`, 1), `(?s)config must be a JSON object`),
			step(connector("site", "web_cloud", `  credentials_wo = jsonencode({ login_value = "a" })`), `(?s)Missing credentials_policy.*Missing credentials_wo_version`),
			step(connector("site", "web_cloud", `  credentials_policy = jsonencode({ key_expiration = 3 })`), `(?s)credentials_policy has no "notification_email"`),
			step(strings.Replace(connector("site", "web_cloud", ""), `url = "https://www.example.com"`, `max_pages = 5`, 1), `(?s)config has no "url"`),
			step(strings.Replace(connector("site", "web_cloud", ""), `url = "https://www.example.com"`, `url = "https://a", max_pages = 5`, 1), `(?s)max_pages 5; it must be a number from 10 to 1000000`),
			{
				// The limits are web_cloud's (reference §4.4); web_onsite documents none, so its
				// config plans as written.
				Config: h.config(strings.Replace(connector("files", "web_onsite", `  schedule = jsonencode({ frequency = { frequency_type = "seconds", interval = 86400 } })`),
					`url = "https://www.example.com"`, `max_pages = 5`, 1)),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
			},
		},
	})
	if n := h.acc.Stats()["total"]; n != float64(0) {
		t.Fatalf("plan-time errors must not call the API, got %v requests", n)
	}
}

// TestAccConnector_keyNeverLogged runs without t.Parallel: it sets TF_ACC_LOG_PATH, which the
// in-process provider's TRACE logging reads, and the key travels in every URL.
func TestAccConnector_keyNeverLogged(t *testing.T) {
	logFile := filepath.Join(t.TempDir(), "trace.log")
	t.Setenv("TF_ACC_LOG_PATH", logFile)
	t.Setenv("TF_LOG", "TRACE")
	// The key comes from the environment: the test framework logs the configuration it runs.
	t.Setenv("HAVEN_API_KEY", havenemu.DefaultAPIKey)
	h := start(t, havenemu.Options{})
	cfg := func(body string) string {
		return fmt.Sprintf(`
provider "syncops" {
  haven {
    url = %q
  }
}
%s`, h.acc.URL, body)
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             h.checkDestroyed,
		Steps: []resource.TestStep{
			{
				// A failed job and a 429 put errors in the logs too.
				PreConfig:   func() { h.control("/_emulator/haven/fail-next-job", `{"error": 2003}`) },
				Config:      cfg(connectorHCL("logged", "")),
				ExpectError: regexp.MustCompile(`error 2003`),
			},
			{
				PreConfig: func() { h.control("/_emulator/haven/throttle", `{"count": 1}`) },
				Config:    cfg(connectorHCL("logged", `  description = "traced"`)),
			},
		},
	})
	data, err := os.ReadFile(logFile)
	if err != nil {
		t.Fatal(err)
	}
	log := string(data)
	if !strings.Contains(log, "/1/api/async/createconnector/v1") || !strings.Contains(log, "API response body") {
		t.Fatalf("the TRACE log does not show the provider's API calls (%d bytes)", len(data))
	}
	if strings.Contains(log, havenemu.DefaultAPIKey) {
		i := strings.Index(log, havenemu.DefaultAPIKey)
		t.Fatalf("the API key is in the TRACE log: ...%s...", log[max(0, i-300):i])
	}
}

func TestAccConnector_lostCreateAnswer(t *testing.T) {
	t.Parallel()
	h := start(t, havenemu.Options{})
	cfg := h.config(connectorHCL("lost", ""))
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             h.checkDestroyed,
		Steps: []resource.TestStep{
			{
				// The job is submitted but its answer is lost: the POST is not re-sent blindly; the
				// provider watches for the connector (the name is its id), finds the one the lost
				// request created, and adopts it: one create call, one connector, no error.
				PreConfig: func() {
					h.acc.Fault(emulator.FaultRule{Route: "POST /1/api/async/createconnector/v1", Kind: emulator.FaultDrop, Count: 1})
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: func(*terraform.State) error {
					if n := h.injected(emulator.FaultDrop); n != 1 {
						return fmt.Errorf("%d answers dropped, want 1: the test is about a lost answer", n)
					}
					if n := h.acc.Count("haven", "connectors"); n != 1 {
						return fmt.Errorf("connectors = %d, want 1", n)
					}
					if n := h.requests("createconnector"); n != 1 {
						return fmt.Errorf("createconnector sent %d times, want 1", n)
					}
					return nil
				},
			},
			{
				// A create answered 502 before anything was processed is sent again once the
				// connector is seen not to exist.
				PreConfig: func() {
					h.acc.Fault(emulator.FaultRule{Route: "POST /1/api/async/createconnector/v1", Kind: "502", Count: 1})
				},
				Config: cfg + strings.Replace(connectorHCL("second", ""), `"site"`, `"second"`, 1),
				Check: func(*terraform.State) error {
					if n := h.injected("502"); n != 1 {
						return fmt.Errorf("%d creates answered 502, want 1", n)
					}
					if n := h.acc.Count("haven", "connectors"); n != 2 {
						return fmt.Errorf("connectors = %d, want 2", n)
					}
					if n := h.requests("createconnector"); n != 3 {
						return fmt.Errorf("createconnector sent %d times, want 3 (the lost one, then the 502 and its second sending)", n)
					}
					return nil
				},
			},
		},
	})
}

// TestAccConnector_statusChangesDuringUpdate: status is read again after an update, so a run
// that ends while the update job runs must not make Terraform report an inconsistent result. The
// emulator holds the update job; the run is ended, then the job released, once the job is seen.
func TestAccConnector_statusChangesDuringUpdate(t *testing.T) {
	t.Parallel()
	h := start(t, havenemu.Options{})
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             h.checkDestroyed,
		Steps: []resource.TestStep{
			{Config: h.config(connectorHCL("busy-update", `  description = "one"`))},
			{
				// The refresh sees PROCESSING; the run ends while the update job runs.
				PreConfig: func() {
					h.control("/_emulator/haven/connectors/busy-update/run", "")
					h.hold("updateconnector")
					h.when("ending the run during the update job", func() bool { return h.emu.State()["heldJobs"] > 0 }, func() error {
						if err := h.post("/_emulator/haven/connectors/busy-update/finish"); err != nil {
							return err
						}
						return h.release()
					})
				},
				Config: h.config(connectorHCL("busy-update", `  description = "two"`)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("FINISHED")),
				},
			},
			{
				Config:   h.config(connectorHCL("busy-update", `  description = "two"`)),
				PlanOnly: true,
			},
		},
	})
}

// TestAccConnector_failedStopJob: a stop job that fails for another reason than "not running"
// surfaces HOD's error at once instead of waiting for a stop that never comes.
func TestAccConnector_failedStopJob(t *testing.T) {
	t.Parallel()
	h := start(t, havenemu.Options{})
	cfg := h.config(connectorHCL("stop-fails", `  timeouts {
    delete = "20s"
  }`))
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             h.checkDestroyed,
		Steps: []resource.TestStep{
			{Config: cfg},
			{
				PreConfig: func() {
					h.control("/_emulator/haven/connectors/stop-fails/run", "")
					h.control("/_emulator/haven/fail-next-job", `{"error": 10000, "detail": {"message": "another stop is in progress"}}`)
				},
				Config:      cfg,
				Destroy:     true,
				ExpectError: regexp.MustCompile(`(?s)Unable to delete Haven OnDemand connector stop-fails.*stop of Haven OnDemand connector stop-fails.*error 10000.*another stop is in progress.*terraform destroy`),
			},
			{
				// The harness runs no Check after an error: this step looks at what the failed destroy
				// sent. The connector stays, still running; the final destroy stops and deletes it.
				Config: cfg,
				Check: func(*terraform.State) error {
					if n := h.requests("deleteconnector"); n != 0 {
						return fmt.Errorf("deleteconnector sent %d times after a failed stop", n)
					}
					if n := h.requests("stopconnector"); n != 1 {
						return fmt.Errorf("stopconnector sent %d times, want 1", n)
					}
					if n := h.acc.Count("haven", "connectors"); n != 1 {
						return fmt.Errorf("connectors = %d, want 1 (the failed destroy kept it)", n)
					}
					return nil
				},
			},
		},
	})
}

// TestAccConnector_unknownProviderConfig: when the provider block depends on a value known only
// after apply, Terraform refreshes and plans without a client; the resource must keep its state,
// not crash.
func TestAccConnector_unknownProviderConfig(t *testing.T) {
	t.Parallel()
	h := start(t, havenemu.Options{})
	cfg := func(input string) string {
		return fmt.Sprintf(`
resource "terraform_data" "url" {
  input = %q
}
provider "syncops" {
  haven {
    url     = terraform_data.url.output
    api_key = %q
  }
}
%s`, input, havenemu.DefaultAPIKey, connectorHCL("unknown-url", ""))
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             h.checkDestroyed,
		Steps: []resource.TestStep{
			{Config: h.config(connectorHCL("unknown-url", ""))},
			{
				// terraform_data.url is new, so the provider's url is unknown while planning.
				Config:             cfg(h.acc.URL),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
			},
			{
				// Applying creates terraform_data first; the provider is then configured and the
				// connector left as it is.
				Config: cfg(h.acc.URL),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionNoop),
				}},
			},
		},
	})
}

// TestAccConnector_failedDeleteJob: a failed delete job shows HOD's error with the next step,
// and the connector stays in state.
func TestAccConnector_failedDeleteJob(t *testing.T) {
	t.Parallel()
	h := start(t, havenemu.Options{})
	cfg := h.config(connectorHCL("delete-fails", ""))
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             h.checkDestroyed,
		Steps: []resource.TestStep{
			{Config: cfg},
			{
				PreConfig:   func() { h.control("/_emulator/haven/fail-next-job", `{"error": 10001}`) },
				Config:      cfg,
				Destroy:     true,
				ExpectError: regexp.MustCompile(`(?s)Unable to delete Haven OnDemand connector delete-fails.*error 10001.*was not deleted.*terraform destroy.*again`),
			},
			{
				Config:   cfg,
				PlanOnly: true,
			},
		},
	})
}

// TestAccConnector_createJobOutlivesDeadline: a creation job still running at the create deadline
// keeps the connector in state; the next apply neither forgets it (the refresh finds nothing yet)
// nor deletes too early, so no second create collides with the first ("already exists"). The
// emulator holds the job until the next refresh is seen waiting for it.
func TestAccConnector_createJobOutlivesDeadline(t *testing.T) {
	t.Parallel()
	h := start(t, havenemu.Options{})
	const jobStatus = "GET /1/job/status/{id}"
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             h.checkDestroyed,
		Steps: []resource.TestStep{
			{
				PreConfig: func() { h.hold("createconnector") },
				Config: h.config(connectorHCL("slow-create", `  timeouts {
    create = "5s"
  }`)),
				ExpectError: regexp.MustCompile(`(?s)timed\s+out.*waiting\s+for\s+creation\s+of\s+Haven\s+OnDemand\s+connector\s+slow-create.*terraform\s+apply.*again`),
			},
			{
				// The first job is still running when the refresh reads the connector: the refresh
				// waits for it (the job ends once the refresh has asked for it), and the tainted
				// connector is then replaced.
				PreConfig: func() {
					polled := h.stat(jobStatus)
					h.when("releasing the creation job", func() bool { return h.stat(jobStatus) > polled }, h.release)
				},
				Config: h.config(connectorHCL("slow-create", "")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				Check: func(*terraform.State) error {
					if n := h.acc.Count("haven", "connectors"); n != 1 {
						return fmt.Errorf("connectors = %d, want 1", n)
					}
					if n := h.requests("createconnector"); n != 2 {
						return fmt.Errorf("createconnector sent %d times, want 2 (the slow one, then the replacement)", n)
					}
					return nil
				},
			},
			{
				Config:   h.config(connectorHCL("slow-create", "")),
				PlanOnly: true,
			},
		},
	})
}

// TestAccConnector_foreignConnectorNeverAdopted: after a lost create answer the provider adopts a
// connector showing up under the name, so a connector that was there before the create is someone
// else's: the check made before createconnector refuses it, and it is neither adopted (a later
// destroy would delete it) nor changed. No create is sent at all.
func TestAccConnector_foreignConnectorNeverAdopted(t *testing.T) {
	t.Parallel()
	h := start(t, havenemu.Options{})
	h.mustHOD("createconnector", url.Values{"connector": {"foreign"}, "flavor": {"web_cloud"}, "config": {`{"url":"https://x"}`}, "destination": {`{"action":"addtotextindex","index":"x"}`}})
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      h.config(connectorHCL("foreign", "")),
				ExpectError: regexp.MustCompile(`(?s)Unable to create Haven OnDemand connector foreign.*already\s+exists.*import\s+it\s+by\s+name`),
			},
		},
	})
	// The failed step leaves no state, so neither Check nor CheckDestroy would run: ask the emulator.
	h.expectForeignUntouched("foreign", "web_cloud", 0)
}

// TestAccConnector_lostAnswerNeverAdoptsForeign: the answer of a create is lost (502), and while
// the provider watches for the connector, one of another flavor appears under the name, made by
// someone else. It is not what this create made: it must be neither adopted nor kept in state (a
// later destroy would delete it), and the create is not sent again (the name is taken).
func TestAccConnector_lostAnswerNeverAdoptsForeign(t *testing.T) {
	t.Parallel()
	h := start(t, havenemu.Options{})
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				PreConfig: func() {
					h.acc.Fault(emulator.FaultRule{Route: "POST /1/api/async/createconnector/v1", Kind: "502", Count: 1})
					h.when("creating the foreign connector", func() bool { return h.acc.Server.Faults().Injected()["502"] > 0 }, func() error {
						return h.outOfBand("createconnector", url.Values{"connector": {"foreign"}, "flavor": {"dropbox_cloud"}, "config": {`{"url":"https://x"}`}, "destination": {`{"action":"addtotextindex","index":"x"}`}})
					})
				},
				Config:      h.config(connectorHCL("foreign", "")),
				ExpectError: regexp.MustCompile(`(?s)Unable to create Haven OnDemand connector foreign.*already\s+exists.*import\s+it\s+by\s+name`),
			},
		},
	})
	if n := h.injected("502"); n != 1 {
		t.Fatalf("%d creates answered 502, want 1: the test is about a lost answer", n)
	}
	h.expectForeignUntouched("foreign", "dropbox_cloud", 1)
}

// expectForeignUntouched checks, after a test, that the connector someone else made under name is
// still there as made, and that the provider sent creates creates and no update or delete.
func (h *harness) expectForeignUntouched(name, flavor string, creates int) {
	h.t.Helper()
	if cfg := h.mustHOD("retrieveconfig", url.Values{"connector": {name}}); cfg["flavor"] != flavor {
		h.t.Errorf("the foreign connector changed: %v", cfg)
	}
	if got := h.storedBlock(name, "config"); got != `{"url":"https://x"}` {
		h.t.Errorf("the foreign connector was changed: config %s", got)
	}
	if n := h.requests("createconnector"); n != creates {
		h.t.Errorf("createconnector sent %d times, want %d", n, creates)
	}
	if n := h.requests("deleteconnector") + h.requests("updateconnector"); n != 0 {
		h.t.Errorf("%d change(s) sent for a name that was taken", n)
	}
}

// TestAccConnector_lostAnswerSlowJob: the answer of a create is lost and its job is slower than
// the watch for the connector, so the create is sent again and that second job fails with
// "already exists". The name was free before, so the connector is the first create's: it is
// adopted, not dropped from state (an orphan the next apply would collide with). The emulator
// holds both jobs until the second create has been sent, then ends them in order.
func TestAccConnector_lostAnswerSlowJob(t *testing.T) {
	t.Parallel()
	h := start(t, havenemu.Options{})
	cfg := h.config(connectorHCL("slow-lost", ""))
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             h.checkDestroyed,
		Steps: []resource.TestStep{
			{
				PreConfig: func() {
					h.hold("createconnector")
					h.acc.Fault(emulator.FaultRule{Route: "POST /1/api/async/createconnector/v1", Kind: emulator.FaultDrop, Count: 1})
					h.when("releasing the creation jobs", func() bool { return h.stat("POST /1/api/async/createconnector/v1") >= 2 }, h.release)
				},
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact("slow-lost")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("IDLE")),
				},
				Check: func(*terraform.State) error {
					if n := h.injected(emulator.FaultDrop); n != 1 {
						return fmt.Errorf("%d answers dropped, want 1: the test is about a lost answer", n)
					}
					if n := h.requests("createconnector"); n != 2 {
						return fmt.Errorf("createconnector sent %d times, want 2 (lost, then sent again)", n)
					}
					if n := h.acc.Count("haven", "connectors"); n != 1 {
						return fmt.Errorf("connectors = %d, want 1", n)
					}
					return nil
				},
			},
			{Config: cfg, PlanOnly: true},
		},
	})
}
