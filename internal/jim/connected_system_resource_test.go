package jim_test

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/syncops/terraform-provider-syncops/internal/acctest"
	"github.com/syncops/terraform-provider-syncops/internal/emulator"
	emujim "github.com/syncops/terraform-provider-syncops/internal/emulator/jim"
)

const resName = "syncops_jim_connected_system.hr"

// startJIM starts an emulator with only JIM, with a short job delay.
func startJIM(t *testing.T) *acctest.Emulator {
	t.Helper()
	emu, _ := startJIMWorker(t)
	return emu
}

// startJIMWorker starts an emulator with only JIM and returns the JIM emulator too, whose worker
// (SetWorkerPaused) and syncs (SetRunningSync) a test drives directly.
func startJIMWorker(t *testing.T) (*acctest.Emulator, *emujim.Emulator) {
	t.Helper()
	return startJIMWith(t, emujim.DefaultOptions())
}

// startJIMUnlimited starts an emulator with only JIM and without JIM's rate limit, for the tests
// that count requests over many resources: paced at JIM's default 300 a minute they spent minutes
// waiting. Pacing and 429s are the reliability package's rate-limit test. Use it with
// providerBlockUnpaced.
func startJIMUnlimited(t *testing.T) *acctest.Emulator {
	t.Helper()
	o := emujim.DefaultOptions()
	o.RateLimit = 0
	emu, _ := startJIMWith(t, o)
	return emu
}

// startJIMWith starts an emulator with only JIM, built from o with a short job delay.
func startJIMWith(t *testing.T, o emujim.Options) (*acctest.Emulator, *emujim.Emulator) {
	t.Helper()
	acctest.PreCheck(t)
	o.JobDelay = 300 * time.Millisecond
	jim := emujim.New(o)
	return acctest.StartEmulator(t, jim), jim
}

func providerBlock(url string) string { return jimProviderBlock(url, "") }

// providerBlockUnpaced is providerBlock with the provider's pacing off (rate_limit = 0).
func providerBlockUnpaced(url string) string {
	return jimProviderBlock(url, "    rate_limit = 0\n")
}

func jimProviderBlock(url, extra string) string {
	return fmt.Sprintf(`
provider "syncops" {
  jim {
    url     = %q
    api_key = %q
%s  }
}
`, url, emujim.DefaultAPIKey, extra)
}

// systemWithKey is a connected system without settings, made with the given API key.
func systemWithKey(url, apiKey string) string {
	return fmt.Sprintf(`
provider "syncops" {
  jim {
    url     = %q
    api_key = %q
  }
}
resource "syncops_jim_connected_system" "hr" {
  name      = "HR"
  connector = "JIM File Connector"
}
`, url, apiKey)
}

func fileSystem(url, name, extra string) string {
	return providerBlock(url) + fmt.Sprintf(`
resource "syncops_jim_connected_system" "hr" {
  name      = %q
  connector = "JIM File Connector"
  settings = {
    "File Path"   = "/tmp/syncops-acc/hr.csv"
    "Mode"        = "Export Only"
    "Object Type" = "person"
  }
%s
}
`, name, extra)
}

// systemID reads the id of the test resource from state.
func systemID(s *terraform.State) (string, error) {
	rs, ok := s.RootModule().Resources[resName]
	if !ok {
		return "", fmt.Errorf("%s not in state", resName)
	}
	return rs.Primary.ID, nil
}

// withID runs f with the resource id (in a Check).
func withID(f func(id string)) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		id, err := systemID(s)
		if err != nil {
			return err
		}
		f(id)
		return nil
	}
}

func checkDestroyed(emu *acctest.Emulator) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if n := emu.Count("jim", "connectedSystems"); n != 0 {
			return fmt.Errorf("emulator still holds %d connected systems", n)
		}
		return nil
	}
}

func TestAccConnectedSystem_lifecycle(t *testing.T) {
	t.Parallel()
	emu := startJIM(t)
	var firstID string
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             checkDestroyed(emu),
		Steps: []resource.TestStep{
			{
				Config: fileSystem(emu.URL, "HR feed", `description = "Authoritative HR export"`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(resName, tfjsonpath.New("name"), knownvalue.StringExact("HR feed")),
					statecheck.ExpectKnownValue(resName, tfjsonpath.New("status"), knownvalue.StringExact("Active")),
					statecheck.ExpectKnownValue(resName, tfjsonpath.New("setting_values_valid"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(resName, tfjsonpath.New("unresolved_reference_handling"), knownvalue.StringExact("Error")),
					statecheck.ExpectKnownValue(resName, tfjsonpath.New("delete_change_history"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(resName, tfjsonpath.New("connector_id"), knownvalue.NotNull()),
				},
				Check: withID(func(id string) { firstID = id }),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				// In-place update of name, description and settings.
				Config: fileSystem(emu.URL, "HR feed v2", `
  description            = "Changed"
  max_export_parallelism = 4
  unresolved_reference_handling = "Warn"`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(resName, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(resName, tfjsonpath.New("name"), knownvalue.StringExact("HR feed v2")),
					statecheck.ExpectKnownValue(resName, tfjsonpath.New("description"), knownvalue.StringExact("Changed")),
					statecheck.ExpectKnownValue(resName, tfjsonpath.New("max_export_parallelism"), knownvalue.Int64Exact(4)),
					statecheck.ExpectKnownValue(resName, tfjsonpath.New("unresolved_reference_handling"), knownvalue.StringExact("Warn")),
				},
				Check: withID(func(id string) {
					if id != firstID {
						t.Errorf("update replaced the system: id %s, was %s", id, firstID)
					}
				}),
			},
			{
				// Removing the description clears it in JIM.
				Config: fileSystem(emu.URL, "HR feed v2", `max_export_parallelism = 4`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(resName, tfjsonpath.New("description"), knownvalue.Null()),
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				ResourceName:            resName,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"settings", "timeouts", "secret_settings_wo_version"},
			},
		},
	})
}

func TestAccConnectedSystem_replaceOnConnectorChange(t *testing.T) {
	t.Parallel()
	emu := startJIM(t)
	var firstID string
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             checkDestroyed(emu),
		Steps: []resource.TestStep{
			{
				Config: fileSystem(emu.URL, "Directory", ""),
				Check:  withID(func(id string) { firstID = id }),
			},
			{
				Config: providerBlock(emu.URL) + `
resource "syncops_jim_connected_system" "hr" {
  name      = "Directory"
  connector = "JIM LDAP Connector"
}
`,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(resName, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(resName, tfjsonpath.New("connector"), knownvalue.StringExact("JIM LDAP Connector")),
					// Without settings JIM has not validated anything yet.
					statecheck.ExpectKnownValue(resName, tfjsonpath.New("setting_values_valid"), knownvalue.Bool(false)),
				},
				Check: resource.ComposeTestCheckFunc(
					withID(func(id string) {
						if id == firstID {
							t.Errorf("connector change kept id %s: expected a replacement", id)
						}
					}),
					func(*terraform.State) error {
						if n := emu.Count("jim", "connectedSystems"); n != 1 {
							return fmt.Errorf("want 1 connected system after the replacement, emulator holds %d", n)
						}
						return nil
					},
				),
			},
		},
	})
}

func TestAccConnectedSystem_importBlock(t *testing.T) {
	t.Parallel()
	emu := startJIM(t)
	// A system made outside Terraform, then adopted with an import {} block.
	var created struct {
		ID int64 `json:"id"`
	}
	status, body := emu.Raw("POST", "/api/v1/synchronisation/connected-systems",
		map[string]any{"name": "Legacy", "connectorDefinitionId": connectorID(t, emu, "JIM SQL Connector")},
		apiHeader())
	if status != 201 {
		t.Fatalf("creating the system out of band: HTTP %d %s", status, body)
	}
	mustJSON(t, body, &created)
	id := strconv.FormatInt(created.ID, 10)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             checkDestroyed(emu),
		Steps: []resource.TestStep{
			{
				Config: providerBlock(emu.URL) + fmt.Sprintf(`
import {
  to = syncops_jim_connected_system.hr
  id = %q
}
resource "syncops_jim_connected_system" "hr" {
  name      = "Legacy"
  connector = "JIM SQL Connector"
}
`, id),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(resName, plancheck.ResourceActionNoop)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(resName, tfjsonpath.New("id"), knownvalue.StringExact(id)),
					statecheck.ExpectKnownValue(resName, tfjsonpath.New("delete_change_history"), knownvalue.Bool(false)),
				},
			},
			{
				// A malformed id is refused with the expected form.
				Config: providerBlock(emu.URL) + `
import {
  to = syncops_jim_connected_system.other
  id = "hr-feed"
}
resource "syncops_jim_connected_system" "other" {
  name      = "Other"
  connector = "JIM SQL Connector"
}
`,
				ExpectError: regexp.MustCompile(`positive\s+integer\s+such\s+as\s+12`),
			},
		},
	})
}

func TestAccConnectedSystem_deletedOutsideTerraform(t *testing.T) {
	t.Parallel()
	emu := startJIM(t)
	var firstID string
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             checkDestroyed(emu),
		Steps: []resource.TestStep{
			{
				Config: fileSystem(emu.URL, "HR feed", ""),
				Check: withID(func(id string) {
					firstID = id
					emu.Raw("DELETE", "/api/v1/synchronisation/connected-systems/"+id, nil, apiHeader())
				}),
				// The refresh after apply finds it gone: the plan wants to create it again.
				ExpectNonEmptyPlan: true,
			},
			{
				Config: fileSystem(emu.URL, "HR feed", ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(resName, plancheck.ResourceActionCreate)},
				},
				Check: withID(func(id string) {
					if id == firstID {
						t.Errorf("expected a new system, got the old id %s", id)
					}
				}),
			},
		},
	})
}

func TestAccConnectedSystem_planTimeErrors(t *testing.T) {
	t.Parallel()
	emu := startJIM(t)
	cases := []struct {
		name, config, want string
	}{
		{"leading space", `name = " HR"
  connector = "JIM File Connector"`, `must not start or end with whitespace`},
		{"long name", `name = "` + strings.Repeat("n", 201) + `"
  connector = "JIM File Connector"`, `string length must be between 1 and 200`},
		{"parallelism", `name = "HR"
  connector = "JIM File Connector"
  max_export_parallelism = 17`, `must be between 1 and 16`},
		{"reference handling", `name = "HR"
  connector = "JIM File Connector"
  unresolved_reference_handling = "Explode"`, `value must be one of`},
		{"unknown setting", `name = "HR"
  connector = "JIM File Connector"
  settings = { "File Pth" = "/x", "Object Type" = "person" }`, `(?s)no setting named "File Pth".*Valid settings:.*"File\s+Path"`},
		{"bad dropdown", `name = "HR"
  connector = "JIM File Connector"
  settings = { "File Path" = "/x", "Mode" = "Sideways", "Object Type" = "person" }`, `(?s)"Mode" takes one of "Import Only", "Export Only", "Bidirectional"`},
		{"bad integer", `name = "HR"
  connector = "JIM LDAP Connector"
  settings = { "Host" = "ldap.example.com", "Port" = "three", "Username" = "u", "Authentication Type" = "Simple" }`, `"Port" is an Integer`},
		{"secret in settings", `name = "HR"
  connector = "JIM LDAP Connector"
  settings = { "Password" = "x" }`, `secret \(StringEncrypted\) setting`},
		{"missing required", `name = "HR"
  connector = "JIM LDAP Connector"
  settings = { "Host" = "ldap.example.com" }`, `(?s)requires .*"Username"`},
		{"blank required", `name = "HR"
  connector = "JIM LDAP Connector"
  settings = { "Host" = "  ", "Username" = "u", "Authentication Type" = "Simple" }
  secret_settings_wo = { "Password" = "p" }`, `(?s)requires "Host"`},
		{"required when the default says so", `name = "HR"
  connector = "JIM SCIM 2.0 Client Connector"
  settings = { "Base URL" = "https://scim.example.com/scim/v2" }`, `(?s)requires .*"Token Endpoint URL".*"Client ID".*"Client Secret"`},
		{"unknown connector", `name = "HR"
  connector = "JIM Mainframe Connector"`, `(?s)no connector definition named.*JIM File Connector`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      providerBlock(emu.URL) + "resource \"syncops_jim_connected_system\" \"hr\" {\n  " + tc.config + "\n}\n",
					PlanOnly:    true,
					ExpectError: regexp.MustCompile(tc.want),
				}},
			})
		})
	}
	if n := emu.Requests("POST /api/v1/synchronisation/connected-systems"); n != 0 {
		t.Errorf("plan-time errors must not create anything; got %d creates", n)
	}
}

// A key that JIM authenticates but that lacks the Administrator role gets an empty 403: the error
// says what the key is missing, and nothing is created.
func TestAccConnectedSystem_keyWithoutAdministratorRole(t *testing.T) {
	t.Parallel()
	acctest.PreCheck(t)
	user := "jim_ak_" + strings.Repeat("cd", 32)
	o := emujim.DefaultOptions()
	o.UserAPIKey = user
	emu := acctest.StartEmulator(t, emujim.New(o))
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      systemWithKey(emu.URL, user),
			ExpectError: regexp.MustCompile(`(?s)HTTP 403.*lacks\s+the\s+Administrator\s+role`),
		}},
	})
	if n := emu.Count("jim", "connectedSystems"); n != 0 {
		t.Errorf("a refused key created %d connected system(s)", n)
	}
}

// JIM_INFRASTRUCTURE_API_KEY, the bootstrap/CI key, is any jim_ak_ value of 32 characters or more:
// the provider takes it (it once demanded the 64 hex characters of generated keys).
func TestAccConnectedSystem_infrastructureKey(t *testing.T) {
	t.Parallel()
	acctest.PreCheck(t)
	const infra = "jim_ak_ci-bootstrap-Key-2026-XYZ"
	o := emujim.DefaultOptions()
	o.InfrastructureAPIKey = infra
	emu := acctest.StartEmulator(t, emujim.New(o))
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             checkDestroyed(emu),
		Steps: []resource.TestStep{{
			Config: systemWithKey(emu.URL, infra),
			Check: func(*terraform.State) error {
				if n := emu.Count("jim", "connectedSystems"); n != 1 {
					return fmt.Errorf("want 1 connected system made with the infrastructure key, emulator holds %d", n)
				}
				return nil
			},
		}},
	})
}

func TestAccConnectedSystem_wrongAPIKey(t *testing.T) {
	t.Parallel()
	emu := startJIM(t)
	wrong := "jim_ak_" + strings.Repeat("ab", 32)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      systemWithKey(emu.URL, wrong),
				ExpectError: regexp.MustCompile(`(?s)HTTP 401.*Authentication required.*JIM\s+refused\s+the\s+API\s+key:\s+check\s+jim.api_key`),
			},
			{
				Config: fmt.Sprintf(`
provider "syncops" {
  jim {
    url     = %q
    api_key = "jim_xxxxxxxxxxxx"
  }
}
resource "syncops_jim_connected_system" "hr" {
  name      = "HR"
  connector = "JIM File Connector"
}
`, emu.URL),
				ExpectError: regexp.MustCompile(`(?s)starts\s+with\s+.jim_ak_.\s+and\s+has\s+at\s+least\s+32\s+characters`),
			},
			{
				Config: `
provider "syncops" {
  jim {
    url     = "jim.example.com"
    api_key = "` + emujim.DefaultAPIKey + `"
  }
}
resource "syncops_jim_connected_system" "hr" {
  name      = "HR"
  connector = "JIM File Connector"
}
`,
				ExpectError: regexp.MustCompile(`not an absolute http\(s\) URL`),
			},
		},
	})
}

// Sequential tests: they change process environment variables.

func TestAccConnectedSystem_missingJIMBlock(t *testing.T) {
	acctest.PreCheck(t)
	t.Setenv("JIM_URL", "")
	t.Setenv("JIM_API_KEY", "")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: `
provider "syncops" {}
resource "syncops_jim_connected_system" "hr" {
  name      = "HR"
  connector = "JIM File Connector"
}
`,
			ExpectError: regexp.MustCompile(`(?s)jim \{.*JIM_URL.*JIM_API_KEY`),
		}},
	})
}

func TestAccConnectedSystem_envConfigAndNoSecretsInLogs(t *testing.T) {
	emu := startJIM(t)
	logDir := t.TempDir()
	t.Setenv("TF_LOG", "TRACE")
	t.Setenv("TF_LOG_PATH_MASK", filepath.Join(logDir, "%s.log"))
	t.Setenv("JIM_URL", emu.URL)
	t.Setenv("JIM_API_KEY", emujim.DefaultAPIKey)
	const secret = "Sup3r-Secret-Bind-Pw!"
	// Through the environment, not the configuration: the test harness logs configurations.
	t.Setenv("TF_VAR_bind_password", secret)
	config := func(version int) string {
		return fmt.Sprintf(`
provider "syncops" {}
variable "bind_password" {
  type      = string
  sensitive = true
}
resource "syncops_jim_connected_system" "hr" {
  name      = "Directory"
  connector = "JIM LDAP Connector"
  settings = {
    "Host"                = "ldap.example.com"
    "Username"            = "cn=sync,dc=example,dc=com"
    "Authentication Type" = "Simple"
  }
  secret_settings_wo         = { "Password" = var.bind_password }
  secret_settings_wo_version = %d
}
`, version)
	}
	noSecretInState := func(s *terraform.State) error {
		for _, rs := range s.RootModule().Resources {
			for k, v := range rs.Primary.Attributes {
				if strings.Contains(v, secret) {
					return fmt.Errorf("state attribute %s holds the secret", k)
				}
			}
		}
		return nil
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             checkDestroyed(emu),
		Steps: []resource.TestStep{
			{
				Config: config(1),
				Check:  noSecretInState,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(resName, tfjsonpath.New("secret_settings_wo"), knownvalue.Null()),
					statecheck.ExpectKnownValue(resName, tfjsonpath.New("setting_values_valid"), knownvalue.Bool(true)),
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				// Rotation: a new version sends the secret again.
				Config: config(2),
				Check: resource.ComposeTestCheckFunc(noSecretInState, func(*terraform.State) error {
					if n := emu.Requests("PUT /api/v1/synchronisation/connected-systems/{id}"); n != 2 {
						return fmt.Errorf("want 2 PUTs (create settings, secret rotation), got %d", n)
					}
					return nil
				}),
			},
			{ResourceName: resName, ImportState: true, ImportStateVerify: true,
				ImportStateVerifyIgnore: []string{"settings", "timeouts", "secret_settings_wo_version"}},
		},
	})
	files, _ := filepath.Glob(filepath.Join(logDir, "*.log"))
	if len(files) == 0 {
		t.Fatal("no TRACE log was written")
	}
	sawRequests := false
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		log := string(data)
		if strings.Contains(log, emujim.DefaultAPIKey) {
			t.Errorf("%s contains the JIM API key", f)
		}
		if i := strings.Index(log, secret); i >= 0 {
			ctx := strings.ReplaceAll(log[max(0, i-300):min(len(log), i+100)], secret, "<SECRET>")
			t.Errorf("%s contains the secret setting: ...%s...", f, ctx)
		}
		if strings.Contains(log, "/api/v1/synchronisation/connected-systems") {
			sawRequests = true
		}
	}
	if !sawRequests {
		t.Error("the TRACE logs show no API request: the check above proves nothing")
	}
}

// A create whose answer is lost (JIM processed it, then the connection dropped, or JIM processes it
// after the provider gave up) makes exactly one connected system and one run profile: JIM has no
// idempotency keys, so the provider checks what exists before sending a create again.
func TestAccConnectedSystem_lostCreateAnswers(t *testing.T) {
	t.Parallel()
	emu := startJIM(t)
	const (
		createSystem  = "POST /api/v1/synchronisation/connected-systems"
		createProfile = "POST /api/v1/synchronisation/connected-systems/{id}/run-profiles"
	)
	emu.Fault(emulator.FaultRule{Route: createSystem, Kind: emulator.FaultDrop, Count: 1})
	emu.Fault(emulator.FaultRule{Route: createProfile, Kind: emulator.FaultDrop, Count: 1})
	// A create answered 500 before JIM did anything is sent again once JIM shows it made nothing;
	// that second create is then processed only after the provider gave up on it (a busy server),
	// and the provider must wait for it to show up rather than send a third.
	emu.Fault(emulator.FaultRule{Route: createSystem, Kind: "500", Count: 1})
	emu.Fault(emulator.FaultRule{Route: createSystem, Kind: emulator.FaultLate, Count: 1, LateDelayMS: 1000})
	config := providerBlock(emu.URL) + `
resource "syncops_jim_connected_system" "hr" {
  name      = "Exactly once"
  connector = "JIM SQL Connector"
}
resource "syncops_jim_connected_system" "other" {
  name      = "Exactly once too"
  connector = "JIM SQL Connector"
}
resource "syncops_jim_run_profile" "full" {
  connected_system_id = syncops_jim_connected_system.hr.id
  name                = "Full Import"
  run_type            = "FullImport"
}
`
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             checkDestroyed(emu),
		Steps: []resource.TestStep{{
			Config: config,
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
			Check: func(*terraform.State) error {
				want := map[string]int{emulator.FaultDrop: 2, "500": 1, emulator.FaultLate: 1}
				if got := emu.Server.Faults().Injected(); !maps.Equal(got, want) {
					return fmt.Errorf("injected faults %v, want %v: the test did not exercise what it claims", got, want)
				}
				// A create sent again instead of waiting for the late one shows as a third system
				// once the late one is processed: wait until JIM has processed every create it was
				// sent but the one answered 500 (the deadline is only a safety net).
				stats := emu.Server.Stats()
				for deadline := time.Now().Add(time.Minute); ; {
					sent := stats.Requests(createSystem) + stats.Requests(createProfile) - 1
					made := stats.Snapshot()["creations"].(map[string]int)["jim"]
					if made >= sent {
						break
					}
					if time.Now().After(deadline) {
						return fmt.Errorf("JIM processed %d of the %d creates it was sent within a minute", made, sent)
					}
					time.Sleep(50 * time.Millisecond)
				}
				if n := emu.Count("jim", "connectedSystems"); n != 2 {
					return fmt.Errorf("want exactly 2 connected systems, emulator holds %d", n)
				}
				if n := emu.Count("jim", "runProfiles"); n != 1 {
					return fmt.Errorf("want exactly 1 run profile, emulator holds %d", n)
				}
				if dups := emu.Stats()["duplicateNames"].(map[string]any)["jim"]; dups != nil && dups.(float64) != 0 {
					return fmt.Errorf("the emulator saw %v duplicate creations", dups)
				}
				return nil
			},
		}},
	})
}

func TestAccConnectedSystem_importByName(t *testing.T) {
	t.Parallel()
	emu := startJIM(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             checkDestroyed(emu),
		Steps: []resource.TestStep{
			{Config: fileSystem(emu.URL, "HR feed", "")},
			{
				ResourceName:            resName,
				ImportState:             true,
				ImportStateId:           "name:HR feed",
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"timeouts"},
			},
			{
				ResourceName:  resName,
				ImportState:   true,
				ImportStateId: "name:Nobody",
				ExpectError:   regexp.MustCompile(`no JIM connected system is named "Nobody"`),
			},
		},
	})
}

// A settings update JIM refuses after the create leaves the system in state as tainted, never
// an orphan: the next apply replaces it, and JIM ends with exactly one system.
func TestAccConnectedSystem_refusedSettingsTaint(t *testing.T) {
	t.Parallel()
	emu := startJIM(t)
	bad := providerBlock(emu.URL) + `
resource "syncops_jim_connected_system" "hr" {
  name      = "HR feed"
  connector = "JIM File Connector"
  settings = {
    "File Path"   = "/nonexistent/syncops/hr.csv"
    "Mode"        = "Import Only"
    "Object Type" = "person"
  }
}
`
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             checkDestroyed(emu),
		Steps: []resource.TestStep{
			{
				// Import Only needs the file to exist where JIM runs: JIM refuses the settings.
				Config:      bad,
				ExpectError: regexp.MustCompile(`(?s)Unable to configure JIM connected system.*VALIDATION_ERROR.*tainted`),
			},
			{
				Config: fileSystem(emu.URL, "HR feed", ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(resName, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				Check: func(*terraform.State) error {
					if n := emu.Count("jim", "connectedSystems"); n != 1 {
						return fmt.Errorf("want exactly 1 connected system after the replacement, emulator holds %d", n)
					}
					return nil
				},
			},
		},
	})
}

// A jim block whose values are unknown at plan time (they come from another resource) plans
// without error, and the apply uses the values once known.
func TestAccConnectedSystem_unknownProviderConfiguration(t *testing.T) {
	t.Parallel()
	emu := startJIM(t)
	config := func(generation int) string {
		return fmt.Sprintf(`
resource "terraform_data" "endpoint" {
  input            = %q
  triggers_replace = [%d]
}
provider "syncops" {
  jim {
    url     = terraform_data.endpoint.output
    api_key = %q
  }
}
resource "syncops_jim_connected_system" "hr" {
  name      = "HR feed"
  connector = "JIM SQL Connector"
}
`, emu.URL, generation, emujim.DefaultAPIKey)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             checkDestroyed(emu),
		Steps: []resource.TestStep{
			{
				Config: config(1),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(resName, tfjsonpath.New("status"), knownvalue.StringExact("Active")),
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				// The endpoint is replaced, so the jim block is unknown again while the system
				// already exists: its refresh keeps the state, nothing crashes, nothing changes.
				Config: config(2),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(resName, plancheck.ResourceActionNoop)},
				},
			},
		},
	})
}

// A managed setting cleared in JIM is left out of the next snapshot (unset settings are omitted):
// that is drift too, not "unchanged".
func TestAccConnectedSystem_settingClearedOutsideTerraform(t *testing.T) {
	t.Parallel()
	emu := startJIM(t)
	config := strings.Replace(fileSystem(emu.URL, "HR feed", ""), `"Object Type" = "person"`, `"Object Type" = "person"
    "Culture"     = "en-gb"`, 1)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             checkDestroyed(emu),
		Steps: []resource.TestStep{
			{
				Config: config,
				Check: withID(func(id string) {
					status, body := emu.Raw("PUT", "/api/v1/synchronisation/connected-systems/"+id,
						map[string]any{"settingValues": map[string]any{
							fmt.Sprint(settingID(t, emu, "JIM File Connector", "Culture")): map[string]string{"stringValue": ""},
						}}, apiHeader())
					if status != 200 {
						t.Errorf("out-of-band settings change: HTTP %d %s", status, body)
					}
				}),
				ExpectNonEmptyPlan: true,
			},
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(resName, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(resName, tfjsonpath.New("settings").AtMapKey("Culture"), knownvalue.StringExact("en-gb")),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
		},
	})
}

// JIM trims every string setting value. A configured value with outer spaces (a heredoc's final
// newline, say) reads back trimmed: that must not be a diff on every plan.
func TestAccConnectedSystem_trimmedSettingValuesConverge(t *testing.T) {
	t.Parallel()
	emu := startJIM(t)
	config := strings.Replace(fileSystem(emu.URL, "HR feed", ""), `"Object Type" = "person"`, `"Object Type" = <<-EOT
      person
    EOT
    "Delimiter"   = " ; "`, 1)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             checkDestroyed(emu),
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(resName, tfjsonpath.New("settings").AtMapKey("Delimiter"), knownvalue.StringExact(" ; ")),
				},
			},
			{
				// A real change made in JIM still shows.
				Config: config,
				PreConfig: func() {
					var list struct {
						Items []struct {
							ID int64 `json:"id"`
						} `json:"items"`
					}
					_, body := emu.Raw("GET", "/api/v1/synchronisation/connected-systems", nil, apiHeader())
					mustJSON(t, body, &list)
					status, body := emu.Raw("PUT", fmt.Sprintf("/api/v1/synchronisation/connected-systems/%d", list.Items[0].ID),
						map[string]any{"settingValues": map[string]any{
							fmt.Sprint(settingID(t, emu, "JIM File Connector", "Delimiter")): map[string]string{"stringValue": ","},
						}}, apiHeader())
					if status != 200 {
						t.Errorf("out-of-band settings change: HTTP %d %s", status, body)
					}
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(resName, plancheck.ResourceActionUpdate),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
		},
	})
}

// setting_values_valid is JIM's to compute on every write: a system created without settings holds
// false, and the update that adds them must plan it as unknown, or Terraform fails the apply with
// "Provider produced inconsistent result" when JIM answers true.
func TestAccConnectedSystem_settingsAddedLater(t *testing.T) {
	t.Parallel()
	emu := startJIM(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             checkDestroyed(emu),
		Steps: []resource.TestStep{
			{
				Config: providerBlock(emu.URL) + `
resource "syncops_jim_connected_system" "hr" {
  name      = "HR feed"
  connector = "JIM File Connector"
}
`,
				Check: resource.TestCheckResourceAttr(resName, "setting_values_valid", "false"),
			},
			{
				Config: fileSystem(emu.URL, "HR feed", ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectUnknownValue(resName, tfjsonpath.New("setting_values_valid"))},
				},
				Check: resource.TestCheckResourceAttr(resName, "setting_values_valid", "true"),
			},
			{
				// A rename is a write too: JIM may compute the flag again.
				Config: fileSystem(emu.URL, "HR feed renamed", ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectUnknownValue(resName, tfjsonpath.New("setting_values_valid"))},
				},
				Check: resource.TestCheckResourceAttr(resName, "setting_values_valid", "true"),
			},
		},
	})
}
