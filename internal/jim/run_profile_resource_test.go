package jim_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/syncops/terraform-provider-syncops/internal/acctest"
)

const rpName = "syncops_jim_run_profile.full"

// runProfilesRoute is the emulator's route template of the run profile list.
const runProfilesRoute = "GET /api/v1/synchronisation/connected-systems/{id}/run-profiles"

func systemWithProfile(url, profile string) string {
	return fileSystem(url, "HR feed", "") + profile
}

func TestAccRunProfile_lifecycle(t *testing.T) {
	t.Parallel()
	emu := startJIM(t)
	profile := func(name string, pageSize int, extra string) string {
		return fmt.Sprintf(`
resource "syncops_jim_run_profile" "full" {
  connected_system_id = syncops_jim_connected_system.hr.id
  name                = %q
  run_type            = "FullImport"
  page_size           = %d
%s
}
`, name, pageSize, extra)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			if n := emu.Count("jim", "runProfiles"); n != 0 {
				return fmt.Errorf("emulator still holds %d run profiles", n)
			}
			return checkDestroyed(emu)(nil)
		},
		Steps: []resource.TestStep{
			{
				// The connected system is created in the same apply: its id is unknown at plan time.
				Config: systemWithProfile(emu.URL, profile("Full Import", 500, `verify_import_content_hashes = true`)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(rpName, tfjsonpath.New("page_size"), knownvalue.Int64Exact(500)),
					statecheck.ExpectKnownValue(rpName, tfjsonpath.New("run_type"), knownvalue.StringExact("FullImport")),
					statecheck.ExpectKnownValue(rpName, tfjsonpath.New("verify_import_content_hashes"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(rpName, tfjsonpath.New("partition_name"), knownvalue.Null()),
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				Config: systemWithProfile(emu.URL, profile("Full Import (nightly)", 1000, `file_path = "/data/hr.csv"`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(rpName, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(rpName, tfjsonpath.New("name"), knownvalue.StringExact("Full Import (nightly)")),
					statecheck.ExpectKnownValue(rpName, tfjsonpath.New("file_path"), knownvalue.StringExact("/data/hr.csv")),
					statecheck.ExpectKnownValue(rpName, tfjsonpath.New("page_size"), knownvalue.Int64Exact(1000)),
				},
			},
			{
				// The run type cannot change in JIM: a new one replaces the run profile.
				Config: systemWithProfile(emu.URL, strings.Replace(profile("Export", 1000, ""), "FullImport", "Export", 1)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(rpName, plancheck.ResourceActionDestroyBeforeCreate)},
				},
			},
			{
				ResourceName: rpName,
				ImportState:  true,
				ImportStateIdFunc: func(s *terraform.State) (string, error) {
					rs := s.RootModule().Resources[rpName]
					return rs.Primary.Attributes["connected_system_id"] + "/" + rs.Primary.ID, nil
				},
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"timeouts"},
			},
			{
				ResourceName:  rpName,
				ImportState:   true,
				ImportStateId: "7",
				ExpectError:   regexp.MustCompile(`expected\s+<connected_system_id>/<run_profile_id>,\s+for\s+example\s+12/7`),
			},
		},
	})
}

func TestAccRunProfile_planTimeErrors(t *testing.T) {
	t.Parallel()
	emu := startJIM(t)
	profile := func(body string) string {
		return systemWithProfile(emu.URL, "resource \"syncops_jim_run_profile\" \"full\" {\n  connected_system_id = syncops_jim_connected_system.hr.id\n  name = \"P\"\n"+body+"\n}\n")
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{Config: fileSystem(emu.URL, "HR feed", "")},
			{
				// The system exists: the connector's capabilities are checked at plan time.
				Config:      profile(`run_type = "DeltaImport"`),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)JIM File Connector does not support DeltaImport.*It\s+supports:\s+FullImport,\s+FullSynchronisation,\s+DeltaSynchronisation,\s+Export`),
			},
			{
				Config:      profile(`run_type = "Export"` + "\n" + `verify_import_content_hashes = true`),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`only be true with run_type "FullImport"`),
			},
			{
				Config:      profile(`run_type = "Export"` + "\n" + `page_size = 10001`),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`page_size.*\n.*between 1 and 10000|between 1 and 10000`),
			},
			{
				Config:      profile(`run_type = "Export"` + "\n" + `file_path = "` + strings.Repeat("p", 501) + `"`),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`string length must be between 1 and 500`),
			},
			{
				Config:      profile(`run_type = "Export"` + "\n" + `partition_id = 3`),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`JIM File Connector does not support partitions`),
			},
			{
				Config:      profile(`run_type = "Reconcile"`),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`value must be one of`),
			},
			// A valid configuration last, for the test's final destroy.
			{Config: fileSystem(emu.URL, "HR feed", "")},
		},
	})
	if n := emu.Requests("POST /api/v1/synchronisation/connected-systems/{id}/run-profiles"); n != 0 {
		t.Errorf("plan-time errors must not create run profiles; got %d creates", n)
	}
}

func TestAccRunProfile_removedOutsideTerraform(t *testing.T) {
	t.Parallel()
	emu := startJIM(t)
	config := systemWithProfile(emu.URL, `
resource "syncops_jim_run_profile" "full" {
  connected_system_id = syncops_jim_connected_system.hr.id
  name                = "Full Import"
  run_type            = "FullImport"
}
`)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             checkDestroyed(emu),
		Steps: []resource.TestStep{
			{
				Config: config,
				Check: func(s *terraform.State) error {
					rs := s.RootModule().Resources[rpName]
					status, body := emu.Raw("DELETE", "/api/v1/synchronisation/connected-systems/"+rs.Primary.Attributes["connected_system_id"]+"/run-profiles/"+rs.Primary.ID, nil, apiHeader())
					if status != 204 {
						return fmt.Errorf("out-of-band delete: HTTP %d %s", status, body)
					}
					return nil
				},
				ExpectNonEmptyPlan: true,
			},
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(rpName, plancheck.ResourceActionCreate)},
				},
			},
			{
				// The whole connected system goes: its run profile leaves the state with it.
				Config: config,
				Check: withID(func(id string) {
					emu.Raw("DELETE", "/api/v1/synchronisation/connected-systems/"+id, nil, apiHeader())
				}),
				ExpectNonEmptyPlan: true,
			},
		},
	})
}

func TestAccRunProfile_refreshCostsOneListPerSystem(t *testing.T) {
	t.Parallel()
	emu := startJIMUnlimited(t)
	var b strings.Builder
	b.WriteString(providerBlockUnpaced(emu.URL))
	for s := 0; s < 2; s++ {
		fmt.Fprintf(&b, `
resource "syncops_jim_connected_system" "s%d" {
  name      = "System %d"
  connector = "JIM SQL Connector"
}
resource "syncops_jim_run_profile" "p%d" {
  count               = 25
  connected_system_id = syncops_jim_connected_system.s%d.id
  name                = "Profile ${count.index}"
  run_type            = count.index %% 2 == 0 ? "FullImport" : "DeltaSynchronisation"
}
`, s, s, s, s)
	}
	config := b.String()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             checkDestroyed(emu),
		Steps: []resource.TestStep{
			{Config: config},
			{
				PreConfig:    func() { emu.Call("POST", "/_emulator/stats/reset", nil, nil) },
				RefreshState: true,
				Check: func(*terraform.State) error {
					if n := emu.Requests(runProfilesRoute); n != 2 {
						return fmt.Errorf("a refresh of 50 run profiles over 2 connected systems made %d list requests, want 2", n)
					}
					// connector comes from the systems' own refresh (a system's connector never changes).
					if n := emu.Requests("GET /api/v1/synchronisation/connected-systems/{id}"); n != 2 {
						return fmt.Errorf("a refresh of 2 connected systems and their 50 run profiles made %d reads of a system, want 2", n)
					}
					t.Logf("refresh of 2 connected systems and 50 run profiles: %v requests", emu.Stats()["total"])
					return nil
				},
			},
		},
	})
}

func TestAccConnectedSystem_settingsDrift(t *testing.T) {
	t.Parallel()
	emu := startJIM(t)
	config := fileSystem(emu.URL, "HR feed", "")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             checkDestroyed(emu),
		Steps: []resource.TestStep{
			{
				Config: config,
				Check: withID(func(id string) {
					// Someone changes a setting in JIM's UI.
					status, body := emu.Raw("PUT", "/api/v1/synchronisation/connected-systems/"+id,
						map[string]any{"settingValues": map[string]any{
							fmt.Sprint(settingID(t, emu, "JIM File Connector", "Object Type")): map[string]string{"stringValue": "account"},
						}}, apiHeader())
					if status != 200 {
						t.Errorf("out-of-band settings change: HTTP %d %s", status, body)
					}
				}),
				ExpectNonEmptyPlan: true,
			},
			{
				// The next plan shows the drift and puts the configured value back.
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(resName, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(resName, tfjsonpath.New("settings").AtMapKey("Object Type"), knownvalue.StringExact("person")),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				// After an import, the settings that differ from the defaults are read back.
				ResourceName:            resName,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"timeouts"},
			},
		},
	})
}

func TestAccJIMDataSources(t *testing.T) {
	t.Parallel()
	emu := startJIM(t)
	config := fileSystem(emu.URL, "HR feed", "") + `
resource "syncops_jim_connected_system" "twin1" {
  name      = "Twin"
  connector = "JIM SQL Connector"
}
resource "syncops_jim_connected_system" "twin2" {
  name      = "Twin"
  connector = "JIM SQL Connector"
}
resource "syncops_jim_run_profile" "full" {
  connected_system_id = syncops_jim_connected_system.hr.id
  name                = "Full Import"
  run_type            = "FullImport"
}
data "syncops_jim_connector_definition" "file" {
  name = "JIM File Connector"
}
data "syncops_jim_connected_system" "by_name" {
  name       = "HR feed"
  depends_on = [syncops_jim_connected_system.hr]
}
data "syncops_jim_connected_system" "by_id" {
  id = syncops_jim_connected_system.hr.id
}
data "syncops_jim_run_profiles" "hr" {
  connected_system_id = syncops_jim_connected_system.hr.id
  depends_on          = [syncops_jim_run_profile.full]
}
`
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             checkDestroyed(emu),
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.syncops_jim_connector_definition.file", tfjsonpath.New("supported_run_types"),
						knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("FullImport"), knownvalue.StringExact("FullSynchronisation"),
							knownvalue.StringExact("DeltaSynchronisation"), knownvalue.StringExact("Export")})),
					statecheck.ExpectKnownValue("data.syncops_jim_connector_definition.file", tfjsonpath.New("supports_delta_import"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue("data.syncops_jim_connected_system.by_name", tfjsonpath.New("connector"), knownvalue.StringExact("JIM File Connector")),
					statecheck.CompareValuePairs("data.syncops_jim_connected_system.by_name", tfjsonpath.New("id"), resName, tfjsonpath.New("id"), compare.ValuesSame()),
					statecheck.ExpectKnownValue("data.syncops_jim_connected_system.by_id", tfjsonpath.New("name"), knownvalue.StringExact("HR feed")),
					statecheck.ExpectKnownValue("data.syncops_jim_run_profiles.hr", tfjsonpath.New("run_profiles"),
						knownvalue.ListExact([]knownvalue.Check{knownvalue.ObjectPartial(map[string]knownvalue.Check{
							"name": knownvalue.StringExact("Full Import"), "run_type": knownvalue.StringExact("FullImport"), "page_size": knownvalue.Int64Exact(100),
						})})),
				},
				Check: resource.ComposeTestCheckFunc(
					resource.TestCheckTypeSetElemNestedAttrs("data.syncops_jim_connector_definition.file", "settings.*", map[string]string{
						"name": "Mode", "type": "DropDown", "required": "true", "default": "Import Only",
						"drop_down_values.#": "3", "drop_down_values.1": "Export Only",
					}),
				),
			},
			{
				Config: config + `
data "syncops_jim_connected_system" "twin" {
  name       = "Twin"
  depends_on = [syncops_jim_connected_system.twin1, syncops_jim_connected_system.twin2]
}
`,
				ExpectError: regexp.MustCompile(`(?s)2 connected systems are named "Twin".*ids \d+, \d+`),
			},
		},
	})
}

// A run profile on a partition of an LDAP system: JIM answers with the partition's name only, and
// the provider keeps the id (resolved from the name on import).
func TestAccRunProfile_partition(t *testing.T) {
	t.Parallel()
	emu := startJIM(t)
	// The system and its partitions exist first (partitions come from a live hierarchy import).
	status, body := emu.Raw("POST", "/api/v1/synchronisation/connected-systems",
		map[string]any{"name": "Directory", "connectorDefinitionId": connectorID(t, emu, "JIM LDAP Connector")}, apiHeader())
	if status != 201 {
		t.Fatalf("creating the system: HTTP %d %s", status, body)
	}
	var cs struct {
		ID int64 `json:"id"`
	}
	mustJSON(t, body, &cs)
	emu.Call("POST", fmt.Sprintf("/_emulator/jim/connected-systems/%d/partitions", cs.ID), map[string]any{"names": []string{"dc=corp,dc=example", "dc=lab,dc=example"}}, nil)
	status, body = emu.Raw("GET", fmt.Sprintf("/api/v1/synchronisation/connected-systems/%d/partitions", cs.ID), nil, apiHeader())
	var parts []struct {
		ID   int64  `json:"id"`
		Name string `json:"name"`
	}
	mustJSON(t, body, &parts)
	var partitionID int64
	for _, p := range parts {
		if p.Name == "dc=corp,dc=example" {
			partitionID = p.ID
		}
	}
	if status != 200 || partitionID == 0 {
		t.Fatalf("partitions: HTTP %d %s", status, body)
	}
	config := providerBlock(emu.URL) + fmt.Sprintf(`
import {
  to = syncops_jim_connected_system.hr
  id = "%d"
}
resource "syncops_jim_connected_system" "hr" {
  name      = "Directory"
  connector = "JIM LDAP Connector"
}
resource "syncops_jim_run_profile" "full" {
  connected_system_id = syncops_jim_connected_system.hr.id
  name                = "Full Import (corp)"
  run_type            = "FullImport"
  partition_id        = %d
}
`, cs.ID, partitionID)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             checkDestroyed(emu),
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(rpName, tfjsonpath.New("partition_name"), knownvalue.StringExact("dc=corp,dc=example")),
					statecheck.ExpectKnownValue(rpName, tfjsonpath.New("partition_id"), knownvalue.Int64Exact(partitionID)),
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				ResourceName: rpName,
				ImportState:  true,
				ImportStateIdFunc: func(s *terraform.State) (string, error) {
					rs := s.RootModule().Resources[rpName]
					return rs.Primary.Attributes["connected_system_id"] + "/" + rs.Primary.ID, nil
				},
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"timeouts"},
			},
		},
	})
}
