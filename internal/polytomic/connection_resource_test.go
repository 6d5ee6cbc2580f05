package polytomic_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/syncops/terraform-provider-syncops/internal/acctest"
	"github.com/syncops/terraform-provider-syncops/internal/emulator"
	emupolytomic "github.com/syncops/terraform-provider-syncops/internal/emulator/polytomic"
	"github.com/syncops/terraform-provider-syncops/internal/transport"
)

const testAPIKey = emupolytomic.DefaultAPIKey

const resourceName = "syncops_polytomic_connection.warehouse"

type testEnv struct {
	*acctest.Emulator
	platform *emupolytomic.Emulator
}

func start(t *testing.T) *testEnv {
	t.Helper()
	acctest.PreCheck(t)
	return startEmulator(t)
}

// startFor starts a test that needs a newer CLI (resource identity, terraform query): it runs
// in make test's second pass and is skipped, saying why, on a CLI without the feature.
func startFor(t *testing.T, f acctest.Feature) *testEnv {
	t.Helper()
	acctest.PreCheckFeature(t, f)
	return startEmulator(t)
}

func startEmulator(t *testing.T) *testEnv {
	t.Helper()
	p := emupolytomic.New(emupolytomic.Options{})
	return &testEnv{Emulator: acctest.StartEmulator(t, p), platform: p}
}

func (e *testEnv) provider() string {
	return fmt.Sprintf(`
provider "syncops" {
  polytomic {
    url     = %q
    api_key = %q
  }
}
`, e.URL, testAPIKey)
}

// warehouse is the example: a PostgreSQL connection with its password write-only.
func (e *testEnv) warehouse(name, host, password string, version int, extra string) string {
	return e.provider() + fmt.Sprintf(`
resource "syncops_polytomic_connection" "warehouse" {
  name          = %q
  type          = "postgresql"
  configuration = jsonencode({ hostname = %q, port = 5432, username = "sync", database = "dw" })
  sensitive_configuration_wo         = jsonencode({ password = %q })
  sensitive_configuration_wo_version = %d
%s
}
`, name, host, password, version, extra)
}

func (e *testEnv) stored(t *testing.T, s *terraform.State) map[string]any {
	t.Helper()
	id := s.RootModule().Resources[resourceName].Primary.ID
	cfg := e.platform.StoredConfiguration(id)
	if cfg == nil {
		t.Fatalf("the emulator has no connection %s", id)
	}
	return cfg
}

// api calls the Polytomic API "out of band", as someone using the Polytomic UI would.
func (e *testEnv) api(t *testing.T, method, path string, body any) []byte {
	t.Helper()
	status, data := e.Raw(method, path, body, http.Header{"Authorization": {"Bearer " + testAPIKey}})
	if status >= 400 {
		t.Fatalf("%s %s: HTTP %d: %s", method, path, status, data)
	}
	return data
}

// onlyConnection is the id of the one connection the emulator holds.
func (e *testEnv) onlyConnection(t *testing.T) string {
	t.Helper()
	var list struct {
		Data []struct {
			ID string `json:"id"`
		} `json:"data"`
	}
	if err := json.Unmarshal(e.api(t, http.MethodGet, "/api/connections", nil), &list); err != nil || len(list.Data) != 1 {
		t.Fatalf("want exactly one connection: %v %+v", err, list)
	}
	return list.Data[0].ID
}

// noSecretInState fails when any attribute of any resource holds a test secret.
func noSecretInState(s *terraform.State) error {
	for name, rs := range s.RootModule().Resources {
		for k, v := range rs.Primary.Attributes {
			if strings.Contains(v, secretPrefix) {
				return fmt.Errorf("%s.%s holds a secret", name, k)
			}
		}
	}
	return nil
}

func (e *testEnv) checkDestroyed(s *terraform.State) error {
	if n := e.Count("polytomic", "connections"); n != 0 {
		return fmt.Errorf("%d Polytomic connections left after destroy", n)
	}
	if n := e.Count("polytomic", "dependents"); n != 0 {
		return fmt.Errorf("%d Polytomic dependents left after destroy", n)
	}
	return nil
}

// validation calls the emulator's validation control (action "/hold", "/release", or "" to read
// its state). It reports errors instead of failing the test: it also runs off the test goroutine.
func (e *testEnv) validation(method, action string) (map[string]any, error) {
	req, err := http.NewRequest(method, e.URL+"/_emulator/polytomic/validation"+action, nil)
	if err != nil {
		return nil, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer func() { _ = resp.Body.Close() }()
	if resp.StatusCode >= 300 {
		return nil, fmt.Errorf("%s %s: HTTP %d", method, req.URL.Path, resp.StatusCode)
	}
	var out map[string]any
	if method == http.MethodGet {
		err = json.NewDecoder(resp.Body).Decode(&out)
	}
	return out, err
}

// releaseValidationAfterConflict lets held creates finish once a request has met its
// Idempotency-Key in flight (409), or after a safety deadline: the test's checks then say what
// did not happen.
func (e *testEnv) releaseValidationAfterConflict() {
	for deadline := time.Now().Add(2 * time.Minute); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if v, err := e.validation(http.MethodGet, ""); err == nil && v["keyInFlightConflicts"] != float64(0) {
			break
		}
	}
	_, _ = e.validation(http.MethodPost, "/release")
}

func TestAccConnection_lifecycleImportAndNoSecretInState(t *testing.T) {
	t.Parallel()
	e := start(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             e.checkDestroyed,
		Steps: []resource.TestStep{
			{
				Config: e.warehouse("Warehouse", "db.internal", secretPrefix+"one", 1, `  healthcheck_interval = "3h30m"`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("healthcheck_interval"), knownvalue.StringExact("3h30m")),
					statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("status"), knownvalue.StringExact("healthy")),
					statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("force_destroy"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("validate"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("organization_id"), knownvalue.StringExact(emupolytomic.DefaultOrganizationID)),
					statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("sensitive_configuration_wo"), knownvalue.Null()),
					statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("created_at"), knownvalue.NotNull()),
				},
				Check: resource.ComposeTestCheckFunc(
					noSecretInState,
					resource.TestCheckResourceAttrWith(resourceName, "configuration", func(v string) error {
						if strings.Contains(v, "password") {
							return fmt.Errorf("configuration in state mentions the password: %s", v)
						}
						return nil
					}),
					func(s *terraform.State) error {
						if got := e.stored(t, s)["password"]; got != secretPrefix+"one" {
							return fmt.Errorf("the API got password %v", got)
						}
						if n := e.Count("polytomic", "connections"); n != 1 {
							return fmt.Errorf("%d connections, want 1", n)
						}
						return nil
					},
				),
			},
			{
				// Rename and change a non-secret field: one PUT without the password, which Polytomic keeps.
				Config: e.warehouse("Warehouse 2", "db2.internal", secretPrefix+"one", 1, `  policies = ["248df4b7-aa70-47b8-a036-33ac447e668d"]`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(resourceName, plancheck.ResourceActionUpdate),
				}},
				Check: resource.ComposeTestCheckFunc(
					noSecretInState,
					resource.TestCheckResourceAttr(resourceName, "name", "Warehouse 2"),
					resource.TestCheckResourceAttr(resourceName, "policies.0", "248df4b7-aa70-47b8-a036-33ac447e668d"),
					func(s *terraform.State) error {
						cfg := e.stored(t, s)
						if cfg["hostname"] != "db2.internal" || cfg["password"] != secretPrefix+"one" {
							return fmt.Errorf("stored configuration after update: hostname %v, password kept: %v", cfg["hostname"], cfg["password"] == secretPrefix+"one")
						}
						if n := e.Requests("PUT /api/connections/{id}"); n != 1 {
							return fmt.Errorf("%d PUT requests, want 1", n)
						}
						// One schema fetch per provider process, however many plans and applies ran.
						if n := e.Requests("GET /api/connection_types/{id}"); n != 1 {
							return fmt.Errorf("%d schema fetches, want 1", n)
						}
						return nil
					},
				),
			},
			{
				ResourceName:            resourceName,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"sensitive_configuration_wo_version"},
			},
			{
				ResourceName:            resourceName,
				ImportState:             true,
				ImportStateId:           "name:Warehouse 2",
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"sensitive_configuration_wo_version"},
			},
			{
				ResourceName:  resourceName,
				ImportState:   true,
				ImportStateId: "name:Nope",
				ExpectError:   regexp.MustCompile(`No Polytomic connection named "Nope"`),
			},
		},
	})
}

func TestAccConnection_secretRotationByVersion(t *testing.T) {
	t.Parallel()
	e := start(t)
	password := func(want string) resource.TestCheckFunc {
		return func(s *terraform.State) error {
			if got := e.stored(t, s)["password"]; got != want {
				return fmt.Errorf("stored password is not the expected one (matches old: %v)", got == secretPrefix+"old")
			}
			return nil
		}
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             e.checkDestroyed,
		Steps: []resource.TestStep{
			{
				Config: e.warehouse("Warehouse", "db.internal", secretPrefix+"old", 1, ""),
				Check:  password(secretPrefix + "old"),
			},
			{
				// A new version sends the secrets again, even unchanged: the version is the force-resend knob.
				PreConfig: func() {
					// The password is changed in Polytomic: only a resend puts the configured one back.
					e.api(t, http.MethodPut, "/api/connections/"+e.onlyConnection(t), map[string]any{
						"name": "Warehouse",
						"configuration": map[string]any{"hostname": "db.internal", "port": 5432, "username": "sync",
							"database": "dw", "password": "changed-in-polytomic"},
					})
				},
				Config: e.warehouse("Warehouse", "db.internal", secretPrefix+"old", 2, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(resourceName, plancheck.ResourceActionUpdate),
				}},
				Check: resource.ComposeTestCheckFunc(password(secretPrefix+"old"), noSecretInState,
					resource.TestCheckResourceAttr(resourceName, "sensitive_configuration_wo_version", "2")),
			},
		},
	})
}

func TestAccConnection_lostCreateAnswerMakesOneConnection(t *testing.T) {
	t.Parallel()
	e := start(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             e.checkDestroyed,
		Steps: []resource.TestStep{{
			PreConfig: func() {
				// The emulator creates the connection, then closes the connection with no answer.
				e.Fault(emulator.FaultRule{Route: "POST /api/connections", Kind: emulator.FaultDrop, Count: 1})
			},
			Config: e.warehouse("Warehouse", "db.internal", secretPrefix+"lost", 1, ""),
			Check: resource.ComposeTestCheckFunc(
				resource.TestCheckResourceAttrSet(resourceName, "id"),
				func(s *terraform.State) error {
					if n := e.Count("polytomic", "connections"); n != 1 {
						return fmt.Errorf("%d connections after a lost answer, want exactly 1", n)
					}
					if n := e.Requests("POST /api/connections"); n != 2 {
						return fmt.Errorf("%d POSTs, want 2 (the lost one and its retry with the same Idempotency-Key)", n)
					}
					stats := e.Stats()
					if c := stats["creations"].(map[string]any)["polytomic"]; c != float64(1) {
						return fmt.Errorf("creations = %v, want 1", c)
					}
					if d := stats["duplicateNames"].(map[string]any)["polytomic"]; d != float64(0) {
						return fmt.Errorf("duplicateNames = %v, want 0", d)
					}
					return nil
				},
			),
		}},
	})
}

func TestAccConnection_destroyInUse(t *testing.T) {
	t.Parallel()
	e := start(t)
	var id string
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             e.checkDestroyed,
		Steps: []resource.TestStep{
			{
				Config: e.warehouse("Warehouse", "db.internal", secretPrefix+"x", 1, ""),
				Check: func(s *terraform.State) error {
					id = s.RootModule().Resources[resourceName].Primary.ID
					e.Call(http.MethodPost, "/_emulator/polytomic/connections/"+id+"/dependents", map[string]int{"syncs": 1, "bulk_syncs": 1}, nil)
					return nil
				},
			},
			{
				Config:      e.warehouse("Warehouse", "db.internal", secretPrefix+"x", 1, ""),
				Destroy:     true,
				ExpectError: regexp.MustCompile(`(?s)connection in use.*sync "Warehouse sync 1".*bulk_sync "Warehouse bulk sync 2".*force_destroy = true`),
			},
			{
				// Setting force_destroy is a Terraform-only change: no API call.
				Config: e.warehouse("Warehouse", "db.internal", secretPrefix+"x", 1, "  force_destroy = true"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(resourceName, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(resourceName, tfjsonpath.New("updated_at"), knownvalue.NotNull()),
				}},
				Check: resource.ComposeTestCheckFunc(
					resource.TestCheckResourceAttr(resourceName, "force_destroy", "true"),
					func(*terraform.State) error {
						if n := e.Requests("PUT /api/connections/{id}"); n != 0 {
							return fmt.Errorf("%d PUT requests for a force_destroy change, want 0", n)
						}
						if n := e.Count("polytomic", "dependents"); n != 2 {
							return fmt.Errorf("%d dependents, want 2", n)
						}
						return nil
					},
				),
			},
		},
	})
}

func TestAccConnection_driftAndOutOfBandDeletion(t *testing.T) {
	t.Parallel()
	e := start(t)
	var id string
	cfg := e.warehouse("Warehouse", "db.internal", secretPrefix+"d", 1, "")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             e.checkDestroyed,
		Steps: []resource.TestStep{
			{
				Config: cfg,
				Check: func(s *terraform.State) error {
					id = s.RootModule().Resources[resourceName].Primary.ID
					return nil
				},
			},
			{
				// Someone edits the connection in Polytomic (sending the mask back for the password).
				PreConfig: func() {
					e.api(t, http.MethodPut, "/api/connections/"+id, map[string]any{
						"name": "Renamed in UI",
						"configuration": map[string]any{"hostname": "other.internal", "port": 5433, "username": "sync",
							"database": "dw", "password": emupolytomic.Mask},
					})
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(resourceName, plancheck.ResourceActionUpdate),
					plancheck.ExpectUnknownValue(resourceName, tfjsonpath.New("updated_at")),
				}},
				Check: resource.ComposeTestCheckFunc(
					resource.TestCheckResourceAttr(resourceName, "name", "Warehouse"),
					func(s *terraform.State) error {
						cfg := e.stored(t, s)
						if cfg["hostname"] != "db.internal" || cfg["port"] != float64(5432) || cfg["password"] != secretPrefix+"d" {
							return fmt.Errorf("drift not corrected: hostname %v port %v", cfg["hostname"], cfg["port"])
						}
						return nil
					},
				),
			},
			{
				// Deleted in Polytomic: removed from state with a warning, then created again.
				PreConfig: func() { e.api(t, http.MethodDelete, "/api/connections/"+id+"?force=true", nil) },
				Config:    cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(resourceName, plancheck.ResourceActionCreate),
				}},
				Check: func(s *terraform.State) error {
					if s.RootModule().Resources[resourceName].Primary.ID == id {
						return fmt.Errorf("expected a new connection")
					}
					return nil
				},
			},
		},
	})
}

func TestAccConnection_planTimeSchemaErrors(t *testing.T) {
	t.Parallel()
	e := start(t)
	conn := func(typ, cfg, secret string) string {
		s := e.provider() + fmt.Sprintf(`
resource "syncops_polytomic_connection" "warehouse" {
  name          = "Checked"
  type          = %q
  configuration = jsonencode(%s)
`, typ, cfg)
		if secret != "" {
			s += fmt.Sprintf("  sensitive_configuration_wo = jsonencode(%s)\n  sensitive_configuration_wo_version = 1\n", secret)
		}
		return s + "}\n"
	}
	full := `{ hostname = "h", port = 5432, username = "u", database = "d" }`
	pw := `{ password = "` + secretPrefix + `p" }`
	steps := []struct {
		cfg  string
		want string
	}{
		{conn("postgresql", `{ hostname = "h", port = 5432, username = "u" }`, pw), `Field "database": required field of connection type "postgresql" is missing`},
		{conn("postgresql", full, ""), `Field "password": required field`},
		{conn("postgresql", `{ hostname = "h", port = "5432", username = "u", database = "d" }`, pw), `Field "port": expected a JSON integer, got a string`},
		{conn("postgresql", `{ hostname = "h", port = 5432, username = "u", database = "d", colour = "blue" }`, pw), `Field "colour": unknown field for connection type "postgresql"`},
		{conn("postgresql", `{ hostname = "h", port = 5432, username = "u", database = "d", password = "oops" }`, `{}`), `Field "password": this field is sensitive: move it to sensitive_configuration_wo`},
		{conn("postgresql", `{ port = 5432, username = "u", database = "d" }`, `{ password = "x", hostname = "h" }`), `Field "hostname": this field is not sensitive: move it to configuration`},
		{conn("csv", `{ url = "https://example.com/a.csv", headers = [{ name = 1 }] }`, ""), `headers\[0\]\.name: expected a JSON string`},
		{conn("salesforce", `{ domain = "x.my.salesforce.com", connect_mode = "carrier-pigeon" }`, ""), `Field "connect_mode": must be one of "browser", "jwt"`},
		{conn("mysqlx", `{}`, ""), `(?s)Polytomic has no connection type "mysqlx".*Known types: csv, postgresql, salesforce, snowflake`},
		{conn("csv", `[1, 2]`, ""), `configuration must be a JSON object`},
		{strings.TrimSuffix(conn("csv", `{ url = "u" }`, ""), "}\n") + "  organization_id = \"acme\"\n}\n",
			`(?s)organization_id.*must be an organization UUID`},
		{strings.TrimSuffix(conn("csv", `{ url = "u" }`, ""), "}\n") + "  policies = [\"248df4b7-aa70-47b8-a036-33ac447e668d\", \"admins\"]\n}\n",
			`(?s)policies\[1\].*must be a policy UUID`},
		{strings.TrimSuffix(conn("csv", `{ url = "u" }`, ""), "}\n") + "  sensitive_configuration_wo = jsonencode({})\n}\n",
			`(?s)sensitive_configuration_wo_version.*must be specified when.*sensitive_configuration_wo`},
	}
	var tsteps []resource.TestStep
	for _, s := range steps {
		tsteps = append(tsteps, resource.TestStep{Config: s.cfg, PlanOnly: true, ExpectError: regexp.MustCompile(strings.ReplaceAll(s.want, " ", `\s+`))})
	}
	tsteps = append(tsteps, resource.TestStep{
		Config:   conn("csv", `{ url = "https://example.com/a.csv" }`, ""),
		PlanOnly: true, ExpectNonEmptyPlan: true,
	})
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: acctest.ProviderFactories, Steps: tsteps})
	// Checked here, not in a step's Check: the harness does not run Check on plan-only steps.
	if n := e.Requests("POST /api/connections"); n != 0 {
		t.Errorf("%d creates were attempted by plans", n)
	}
	// A dozen plans over four types: each schema is fetched once per provider process (postgresql,
	// csv and salesforce are cached; the unknown mysqlx is planned once).
	if n := e.Requests("GET /api/connection_types/{id}"); n > 4 {
		t.Errorf("%d schema fetches for 4 types, want at most 4", n)
	}
}

// TestAccConnection_examples applies the documented examples against the emulator.
func TestAccConnection_examples(t *testing.T) {
	t.Parallel()
	e := start(t)
	read := func(p string) string {
		b, err := os.ReadFile(filepath.Join("..", "..", "examples", p))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	cfg := e.provider() + read("resources/syncops_polytomic_connection/resource.tf") +
		read("data-sources/syncops_polytomic_connection_type/data-source.tf") +
		strings.Replace(read("data-sources/syncops_polytomic_connection/data-source.tf"), `name = "Warehouse"`,
			"name       = \"Warehouse\"\n  depends_on = [syncops_polytomic_connection.warehouse]", 1)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             e.checkDestroyed,
		Steps: []resource.TestStep{{
			Config:          cfg,
			ConfigVariables: config.Variables{"db_password": config.StringVariable(secretPrefix + "example")},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("warehouse_host", knownvalue.StringExact("db.internal")),
				statecheck.ExpectKnownOutputValue("postgresql_secret_fields", knownvalue.ListPartial(map[int]knownvalue.Check{
					0: knownvalue.StringExact("ca_cert"),
				})),
			},
			Check: noSecretInState,
		}},
	})
}

// TestAccConnection_deleteTimeoutResumes: a destroy whose answer does not come within the delete
// timeout fails with the next step, and running destroy again finishes (404 counts as deleted).
func TestAccConnection_deleteTimeoutResumes(t *testing.T) {
	t.Parallel()
	e := start(t)
	cfg := e.warehouse("Warehouse", "db.internal", secretPrefix+"t", 1, "  timeouts {\n    delete = \"1s\"\n  }")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             e.checkDestroyed,
		Steps: []resource.TestStep{
			{Config: cfg},
			{
				PreConfig: func() {
					// Far longer than the 1s delete timeout, whatever the machine's speed: the emulator
					// stops waiting as soon as the provider gives up, so the length costs nothing.
					e.Fault(emulator.FaultRule{Route: "DELETE /api/connections/{id}", Kind: emulator.FaultSlow, Count: 1, SlowDelayMS: 60000})
				},
				Config:      cfg,
				Destroy:     true,
				ExpectError: regexp.MustCompile(`(?s)Unable to delete Polytomic connection.*deadline exceeded.*Run .terraform destroy. again`),
			},
		},
	})
}

// TestAccConnection_validateAndReplacement: validate = false creates a connection Polytomic cannot
// reach (status shows it), validate = true fails the apply; type and organization_id replace.
func TestAccConnection_validateAndReplacement(t *testing.T) {
	t.Parallel()
	e := start(t)
	csv := func(url, extra string) string {
		return e.provider() + fmt.Sprintf(`
resource "syncops_polytomic_connection" "warehouse" {
  name          = "Prices"
  type          = "csv"
  configuration = jsonencode({ url = %q })
%s
}
`, url, extra)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             e.checkDestroyed,
		Steps: []resource.TestStep{
			{
				Config:      csv("https://unreachable.example.com/a.csv", ""),
				ExpectError: regexp.MustCompile(`(?s)Unable to create Polytomic connection Prices.*HTTP 422.*could not reach`),
			},
			{
				Config: csv("https://unreachable.example.com/a.csv", "  validate = false"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("status"), knownvalue.StringExact("unhealthy")),
					statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("status_error"), knownvalue.StringExact("could not reach the upstream service")),
				},
			},
			{
				// Fixing the URL is an update; status is recomputed.
				Config: csv("https://example.com/a.csv", "  validate = false"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(resourceName, plancheck.ResourceActionUpdate),
					plancheck.ExpectUnknownValue(resourceName, tfjsonpath.New("status")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("status"), knownvalue.StringExact("healthy")),
				},
			},
			{
				Config:             csv("https://example.com/a.csv", "  validate = false\n  organization_id = \"0b1c2d3e-0000-4000-8000-000000000000\""),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(resourceName, plancheck.ResourceActionReplace),
				}},
			},
		},
	})
}

// TestAccConnection_unreliableNetwork runs a create, an update and a destroy while the emulator
// drops, resets or fails a share of the requests: everything completes, with one connection.
func TestAccConnection_unreliableNetwork(t *testing.T) {
	t.Parallel()
	e := start(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             e.checkDestroyed,
		Steps: []resource.TestStep{
			{
				PreConfig: func() {
					e.Fault(emulator.FaultRule{Rate: 0.3, Seed: 7, Kinds: []string{"502", emulator.FaultReset, emulator.FaultDrop}})
				},
				Config: e.warehouse("Warehouse", "db.internal", secretPrefix+"u", 1, ""),
				Check: func(*terraform.State) error {
					if n := e.Count("polytomic", "connections"); n != 1 {
						return fmt.Errorf("%d connections, want 1", n)
					}
					return nil
				},
			},
			{
				Config: e.warehouse("Warehouse", "db2.internal", secretPrefix+"u2", 2, ""),
				Check: func(s *terraform.State) error {
					if cfg := e.stored(t, s); cfg["hostname"] != "db2.internal" || cfg["password"] != secretPrefix+"u2" {
						return fmt.Errorf("update not applied")
					}
					if n := e.Server.Faults().Injected(); len(n) == 0 {
						return fmt.Errorf("no fault was injected")
					}
					return nil
				},
			},
		},
	})
}

// TestAccConnection_readAfterCreateFails: when the read that follows a create fails, the create
// still succeeds from the create answer (no tainted, replaced connection).
func TestAccConnection_readAfterCreateFails(t *testing.T) {
	t.Parallel()
	e := start(t)
	const readBackAttempts = 1 + transport.DefaultMaxRetries
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             e.checkDestroyed,
		Steps: []resource.TestStep{
			{
				PreConfig: func() {
					// A read is retried on 500: every attempt of the read-back fails.
					e.Fault(emulator.FaultRule{Route: "GET /api/connections/{id}", Kind: "500", Count: readBackAttempts})
				},
				Config: e.warehouse("Warehouse", "db.internal", secretPrefix+"r", 1, ""),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("status"), knownvalue.StringExact("healthy")),
					// The create answer has no audit fields: null here shows that the read-back
					// failed and the create answer was used.
					statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("created_at"), knownvalue.Null()),
				},
				Check: func(*terraform.State) error {
					if n := e.Server.Faults().Injected()["500"]; n != readBackAttempts {
						return fmt.Errorf("%d 500 faults injected, want %d (every attempt of the read-back)", n, readBackAttempts)
					}
					return nil
				},
			},
			{
				// The refresh filled the audit fields; nothing to change, nothing replaced.
				Config:           e.warehouse("Warehouse", "db.internal", secretPrefix+"r", 1, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("created_at"), knownvalue.NotNull()),
				},
				Check: func(*terraform.State) error {
					if n := e.Count("polytomic", "connections"); n != 1 {
						return fmt.Errorf("%d connections, want 1", n)
					}
					return nil
				},
			},
		},
	})
}

// A provider block whose values are unknown until apply (here the url, through timestamp()):
// the refresh of an existing connection must keep its state, not crash the provider.
func TestAccConnection_providerValuesUnknownAtPlan(t *testing.T) {
	t.Parallel()
	e := start(t)
	res := `
resource "syncops_polytomic_connection" "warehouse" {
  name          = "Files"
  type          = "csv"
  configuration = jsonencode({ url = "https://example.com/users.csv" })
}
`
	dataSources := `
data "syncops_polytomic_connection_type" "csv" {
  id = "csv"
}

data "syncops_polytomic_connection" "files" {
  name = "Files"
}
`
	unknownURL := fmt.Sprintf(`
provider "syncops" {
  polytomic {
    url     = "%s${substr(timestamp(), 0, 0)}"
    api_key = %q
  }
}
`, e.URL, testAPIKey)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             e.checkDestroyed,
		Steps: []resource.TestStep{
			{Config: e.provider() + res},
			{
				Config: unknownURL + res,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(resourceName, plancheck.ResourceActionNoop),
				}},
				Check: resource.TestCheckResourceAttr(resourceName, "name", "Files"),
			},
			{
				// Data sources are read during the plan: a clear error, not a crash.
				Config:      unknownURL + res + dataSources,
				ExpectError: regexp.MustCompile(`(?s)the polytomic provider\s+configuration\s+is\s+not\s+known\s+yet`),
			},
		},
	})
}

// Polytomic validates a new connection against the upstream service, which can outlast the
// provider's per-attempt timeout. The server finishes the create anyway, so the re-sent POST
// (same Idempotency-Key) gets 409 while the first is in flight: the provider waits for it and
// takes its outcome. Exactly one connection, and the apply succeeds. The emulator holds the
// validation until the provider has met the key in flight, so no delay races the timeout.
func TestAccConnection_slowCreateRetriedWhileInFlight(t *testing.T) {
	t.Parallel()
	e := start(t)
	cfg := fmt.Sprintf(`
provider "syncops" {
  request_timeout = "2s"
  polytomic {
    url     = %q
    api_key = %q
  }
}

resource "syncops_polytomic_connection" "warehouse" {
  name          = "Slow"
  type          = "csv"
  configuration = jsonencode({ url = "https://example.com/users.csv" })
}
`, e.URL, testAPIKey)
	t.Cleanup(func() { _, _ = e.validation(http.MethodPost, "/release") })
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             e.checkDestroyed,
		Steps: []resource.TestStep{{
			PreConfig: func() {
				if _, err := e.validation(http.MethodPost, "/hold"); err != nil {
					t.Fatal(err)
				}
				go e.releaseValidationAfterConflict()
			},
			Config: cfg,
			Check: func(s *terraform.State) error {
				if n := e.Count("polytomic", "connections"); n != 1 {
					return fmt.Errorf("%d connections, want exactly 1", n)
				}
				v, err := e.validation(http.MethodGet, "")
				if err != nil {
					return err
				}
				if n := v["keyInFlightConflicts"]; n == nil || n.(float64) < 1 {
					return fmt.Errorf("keyInFlightConflicts = %v: the held create was not retried into a 409 (test not exercised)", n)
				}
				if c := e.Stats()["creations"].(map[string]any)["polytomic"]; c != float64(1) {
					return fmt.Errorf("creations = %v, want 1", c)
				}
				return nil
			},
		}},
	})
}

// Every answer to the create is lost (the server processes the first attempt and replays it to
// the others, but no answer arrives). The connection may well exist, so the error must say so and
// how to adopt it, instead of inviting an apply that would create a second one.
func TestAccConnection_allCreateAnswersLost(t *testing.T) {
	t.Parallel()
	e := start(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			PreConfig: func() {
				e.Fault(emulator.FaultRule{Route: "POST /api/connections", Kind: emulator.FaultDrop, Count: 50})
			},
			Config:      e.warehouse("Warehouse", "db.internal", secretPrefix+"lost", 1, ""),
			ExpectError: regexp.MustCompile(`(?s)may\s+have\s+been\s+created.*name:Warehouse`),
		}},
	})
	if n := e.Count("polytomic", "connections"); n != 1 {
		t.Fatalf("%d connections, want the one the lost answers were about", n)
	}
}

// Changing type replaces the connection. The secrets' version does not change with it, yet the
// new connection is created with them: the plan must check them as a create's, not drop them as
// an update's (which made "password is missing" a plan error although it was configured).
func TestAccConnection_typeChangeKeepsSecretVersion(t *testing.T) {
	t.Parallel()
	e := start(t)
	conn := func(typ, cfg, secret string) string {
		return e.provider() + fmt.Sprintf(`
resource "syncops_polytomic_connection" "warehouse" {
  name          = "Moving"
  type          = %q
  configuration = jsonencode(%s)
  sensitive_configuration_wo         = jsonencode(%s)
  sensitive_configuration_wo_version = 1
}
`, typ, cfg, secret)
	}
	var firstID string
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             e.checkDestroyed,
		Steps: []resource.TestStep{
			{
				Config: conn("csv", `{ url = "https://example.com/a.csv" }`, `{}`),
				Check: func(s *terraform.State) error {
					firstID = s.RootModule().Resources[resourceName].Primary.ID
					return nil
				},
			},
			{
				// A replacement whose new type lacks a required secret: a plan error, as on create.
				Config:      conn("postgresql", `{ hostname = "h", port = 5432, username = "u", database = "d" }`, `{}`),
				ExpectError: regexp.MustCompile(`Field "password": required field`),
			},
			{
				Config: conn("postgresql", `{ hostname = "h", port = 5432, username = "u", database = "d" }`, `{ password = "`+secretPrefix+`moved" }`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(resourceName, plancheck.ResourceActionReplace),
				}},
				Check: resource.ComposeTestCheckFunc(noSecretInState, func(s *terraform.State) error {
					if s.RootModule().Resources[resourceName].Primary.ID == firstID {
						return fmt.Errorf("the connection was not replaced")
					}
					if got := e.stored(t, s)["password"]; got != secretPrefix+"moved" {
						return fmt.Errorf("the new connection did not get the configured password")
					}
					return nil
				}),
			},
		},
	})
}

// Adopting a connection made in Polytomic: import by name, then the first apply sends the
// configured secrets once (the imported state has no secrets' version) and the configured
// health-check interval (the API never returns it on a read); after that the plan is empty.
func TestAccConnection_importThenApplyAdoptsSecrets(t *testing.T) {
	t.Parallel()
	e := start(t)
	var id string
	cfg := e.warehouse("Warehouse", "db.internal", secretPrefix+"adopted", 1, `  healthcheck_interval = "1h"`)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             e.checkDestroyed,
		Steps: []resource.TestStep{
			{
				PreConfig: func() {
					body := e.api(t, http.MethodPost, "/api/connections", map[string]any{
						"name": "Warehouse", "type": "postgresql",
						"configuration": map[string]any{"hostname": "db.internal", "port": 5432, "username": "sync",
							"database": "dw", "password": "made-in-the-ui"},
					})
					var created struct {
						Data struct {
							ID string `json:"id"`
						} `json:"data"`
					}
					if err := json.Unmarshal(body, &created); err != nil || created.Data.ID == "" {
						t.Fatalf("creating out of band: %v %s", err, body)
					}
					id = created.Data.ID
				},
				Config:             cfg,
				ResourceName:       resourceName,
				ImportState:        true,
				ImportStateId:      "name:Warehouse",
				ImportStatePersist: true,
				ImportStateCheck: func(states []*terraform.InstanceState) error {
					if len(states) != 1 || states[0].ID != id {
						return fmt.Errorf("imported %v, want the connection %s", states, id)
					}
					if v := states[0].Attributes["sensitive_configuration_wo_version"]; v != "" {
						return fmt.Errorf("imported secrets version %q, want none", v)
					}
					return nil
				},
			},
			{
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(resourceName, plancheck.ResourceActionUpdate),
				}},
				Check: resource.ComposeTestCheckFunc(noSecretInState, func(s *terraform.State) error {
					if got := e.stored(t, s)["password"]; got != secretPrefix+"adopted" {
						return fmt.Errorf("the configured password was not sent after import")
					}
					return nil
				}),
			},
		},
	})
}

// An import while the polytomic block is known only after apply cannot read the connection: a
// clear error, not an imported object holding only its id (whose plan would be fiction).
func TestAccConnection_importWithUnknownProvider(t *testing.T) {
	t.Parallel()
	e := start(t)
	body := e.api(t, http.MethodPost, "/api/connections", map[string]any{
		"name": "Files", "type": "csv", "configuration": map[string]any{"url": "https://example.com/users.csv"},
	})
	var created struct {
		Data struct {
			ID string `json:"id"`
		} `json:"data"`
	}
	_ = json.Unmarshal(body, &created)
	cfg := fmt.Sprintf(`
provider "syncops" {
  polytomic {
    url     = "%s${substr(timestamp(), 0, 0)}"
    api_key = %q
  }
}
import {
  to = syncops_polytomic_connection.warehouse
  id = %q
}
resource "syncops_polytomic_connection" "warehouse" {
  name          = "Files"
  type          = "csv"
  configuration = jsonencode({ url = "https://example.com/users.csv" })
}
`, e.URL, testAPIKey, created.Data.ID)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps:                    []resource.TestStep{{Config: cfg, ExpectError: regexp.MustCompile(`(?s)Unable to call Polytomic: the polytomic provider\s+configuration\s+is\s+not\s+known\s+yet`)}},
	})
}
