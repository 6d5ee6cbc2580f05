package jim_test

import (
	"fmt"
	"regexp"
	"strconv"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/syncops/terraform-provider-syncops/internal/acctest"
)

// onlySystemID checks an identity's id against the one connected system JIM holds.
func onlySystemID(emuList func() []int64) knownvalue.Check {
	return knownvalue.Int64Func(func(v int64) error {
		ids := emuList()
		if len(ids) != 1 || ids[0] != v {
			return fmt.Errorf("identity id %d, but JIM holds connected systems %v", v, ids)
		}
		return nil
	})
}

func systemIDs(t *testing.T, emu *acctest.Emulator) func() []int64 {
	return func() []int64 {
		var list struct {
			Items []struct {
				ID int64 `json:"id"`
			} `json:"items"`
		}
		_, body := emu.Raw("GET", "/api/v1/synchronisation/connected-systems?pageSize=100", nil, apiHeader())
		mustJSON(t, body, &list)
		var ids []int64
		for _, it := range list.Items {
			ids = append(ids, it.ID)
		}
		return ids
	}
}

func TestAccConnectedSystem_identity(t *testing.T) {
	t.Parallel()
	acctest.PreCheckFeature(t, acctest.ResourceIdentity)
	emu := startJIM(t)
	config := fileSystem(emu.URL, "HR feed", "")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             checkDestroyed(emu),
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentity(resName, map[string]knownvalue.Check{"id": onlySystemID(systemIDs(t, emu))}),
				},
			},
			// An import block with identity = { id = ... } imports it with no change planned.
			{ResourceName: resName, ImportState: true, ImportStateKind: resource.ImportBlockWithResourceIdentity},
			// The classic forms still work: terraform import with the id, an import block with id.
			{ResourceName: resName, ImportState: true, ImportStateVerify: true, ImportStateVerifyIgnore: []string{"timeouts"}},
			{ResourceName: resName, ImportState: true, ImportStateKind: resource.ImportBlockWithID},
		},
	})
}

// A system made outside Terraform, adopted with the import block the documentation shows:
// import { identity = { id = N } }.
func TestAccConnectedSystem_importByIdentityBlock(t *testing.T) {
	t.Parallel()
	acctest.PreCheckFeature(t, acctest.ResourceIdentity)
	emu := startJIM(t)
	var created struct {
		ID int64 `json:"id"`
	}
	status, body := emu.Raw("POST", "/api/v1/synchronisation/connected-systems",
		map[string]any{"name": "Legacy", "connectorDefinitionId": connectorID(t, emu, "JIM SQL Connector")}, apiHeader())
	if status != 201 {
		t.Fatalf("creating the system out of band: HTTP %d %s", status, body)
	}
	mustJSON(t, body, &created)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             checkDestroyed(emu),
		Steps: []resource.TestStep{
			{
				Config: providerBlock(emu.URL) + fmt.Sprintf(`
import {
  to       = syncops_jim_connected_system.hr
  identity = { id = %d }
}
resource "syncops_jim_connected_system" "hr" {
  name      = "Legacy"
  connector = "JIM SQL Connector"
}
`, created.ID),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(resName, plancheck.ResourceActionNoop)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(resName, tfjsonpath.New("id"), knownvalue.StringExact(strconv.FormatInt(created.ID, 10))),
					statecheck.ExpectIdentity(resName, map[string]knownvalue.Check{"id": knownvalue.Int64Exact(created.ID)}),
				},
			},
			{
				// An identity that is no id is refused with the form expected.
				Config: providerBlock(emu.URL) + `
import {
  to       = syncops_jim_connected_system.other
  identity = { id = 0 }
}
resource "syncops_jim_connected_system" "other" {
  name      = "Other"
  connector = "JIM SQL Connector"
}
`,
				ExpectError: regexp.MustCompile(`identity\.id\s+must\s+be\s+a\s+positive\s+connected\s+system\s+id`),
			},
		},
	})
}

func TestAccRunProfile_identity(t *testing.T) {
	t.Parallel()
	acctest.PreCheckFeature(t, acctest.ResourceIdentity)
	emu := startJIM(t)
	config := systemWithProfile(emu.URL, `
resource "syncops_jim_run_profile" "full" {
  connected_system_id = syncops_jim_connected_system.hr.id
  name                = "Full Import"
  run_type            = "FullImport"
}
`)
	var csID, id int64
	ids := func(s *terraform.State) error {
		rs := s.RootModule().Resources[rpName]
		csID, _ = strconv.ParseInt(rs.Primary.Attributes["connected_system_id"], 10, 64)
		id, _ = strconv.ParseInt(rs.Primary.ID, 10, 64)
		return nil
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             checkDestroyed(emu),
		Steps: []resource.TestStep{
			{Config: config, Check: ids},
			{
				// Checked against the ids in state, which the previous step read.
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentity(rpName, map[string]knownvalue.Check{
						"connected_system_id": knownvalue.Int64Func(func(v int64) error { return want(v, csID) }),
						"id":                  knownvalue.Int64Func(func(v int64) error { return want(v, id) }),
					}),
				},
			},
			{ResourceName: rpName, ImportState: true, ImportStateKind: resource.ImportBlockWithResourceIdentity},
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

func want(got, want int64) error {
	if got != want || want == 0 {
		return fmt.Errorf("identity holds %d, the state %d", got, want)
	}
	return nil
}
