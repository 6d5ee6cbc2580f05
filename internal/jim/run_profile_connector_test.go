package jim_test

import (
	"encoding/json"
	"fmt"
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
)

// Emulator routes of the creates a failed plan must not have sent.
const (
	createSystemRoute     = "POST /api/v1/synchronisation/connected-systems"
	createRunProfileRoute = "POST /api/v1/synchronisation/connected-systems/{id}/run-profiles"
)

// profileWithConnector is a run profile of the File system hr, with connector set from it.
func profileWithConnector(body string) string {
	return "resource \"syncops_jim_run_profile\" \"full\" {\n" +
		"  connected_system_id = syncops_jim_connected_system.hr.id\n" +
		"  connector           = syncops_jim_connected_system.hr.connector\n" +
		"  name                = \"P\"\n" + body + "\n}\n"
}

// The connected system and its run profile in ONE configuration: the system's id is unknown at
// plan time, its connector is not, so a run type the File connector lacks fails the plan and
// nothing is created.
func TestAccRunProfile_connectorChecksRunTypeAtPlanTime(t *testing.T) {
	t.Parallel()
	emu := startJIM(t)
	noCreates := func(what string) {
		t.Helper()
		if n, m := emu.Requests(createSystemRoute), emu.Requests(createRunProfileRoute); n != 0 || m != 0 {
			t.Fatalf("%s: the failed plan sent %d connected system and %d run profile creates, want none", what, n, m)
		}
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      systemWithProfile(emu.URL, profileWithConnector(`  run_type = "DeltaImport"`)),
				ExpectError: regexp.MustCompile(`(?s)Run type not supported by the connector.*run_type = "DeltaImport": JIM File Connector does\s+not\s+support\s+DeltaImport\s+run\s+profiles\.\s+It\s+supports:\s+FullImport,\s+FullSynchronisation,\s+DeltaSynchronisation,\s+Export`),
			},
			{
				PreConfig:   func() { noCreates("DeltaImport") },
				Config:      systemWithProfile(emu.URL, profileWithConnector("  run_type = \"Export\"\n  partition_id = 3")),
				ExpectError: regexp.MustCompile(`JIM File Connector does not support partitions`),
			},
			{
				PreConfig: func() { noCreates("partition") },
				Config: systemWithProfile(emu.URL, profileWithConnector(`  run_type = "FullImport"`)+`resource "syncops_jim_run_profile" "typo" {
  connected_system_id = syncops_jim_connected_system.hr.id
  connector           = "JIM Fiel Connector"
  name                = "Q"
  run_type            = "FullImport"
}
`),
				ExpectError: regexp.MustCompile(`JIM has no connector definition named "JIM Fiel Connector"`),
			},
		},
	})
	noCreates("unknown connector")
}

// A valid configuration applies with connector set and plans empty afterwards; import and
// connector left out read it from the system.
func TestAccRunProfile_connector(t *testing.T) {
	t.Parallel()
	emu := startJIM(t)
	withConnector := systemWithProfile(emu.URL, profileWithConnector(`  run_type = "DeltaSynchronisation"`))
	withoutConnector := strings.Replace(withConnector, "  connector           = syncops_jim_connected_system.hr.connector\n", "", 1)
	importID := func(s *terraform.State) (string, error) {
		rs := s.RootModule().Resources[rpName]
		return rs.Primary.Attributes["connected_system_id"] + "/" + rs.Primary.ID, nil
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             checkDestroyed(emu),
		Steps: []resource.TestStep{
			{
				Config: withConnector,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(rpName, tfjsonpath.New("connector"), knownvalue.StringExact("JIM File Connector")),
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectKnownValue(rpName, tfjsonpath.New("connector"), knownvalue.StringExact("JIM File Connector"))},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				ResourceName:            rpName,
				ImportState:             true,
				ImportStateIdFunc:       importID,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"timeouts"},
			},
			{
				// Left out, it stays what the system's is.
				Config: withoutConnector,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
		},
	})
}

// Imported with an import block (the id and the system's connector only in state after Read), the
// configuration with connector plans nothing.
func TestAccRunProfile_connectorImportPlansEmpty(t *testing.T) {
	t.Parallel()
	emu := startJIM(t)
	oob := outOfBand{t, emu}
	id := oob.createSystem("Directory", "JIM LDAP Connector")
	oob.createRunProfile(id, "Delta Import", "DeltaImport")
	status, body := emu.Raw("GET", "/api/v1/synchronisation/connected-systems/"+fmt.Sprint(id)+"/run-profiles", nil, apiHeader())
	var profiles []struct {
		ID int64 `json:"id"`
	}
	mustJSON(t, body, &profiles)
	if status != 200 || len(profiles) != 1 {
		t.Fatalf("run profiles: HTTP %d %s", status, body)
	}
	config := providerBlock(emu.URL) + `
import {
  to = syncops_jim_connected_system.dir
  id = "` + fmt.Sprint(id) + `"
}
import {
  to = syncops_jim_run_profile.delta
  id = "` + fmt.Sprint(id) + "/" + fmt.Sprint(profiles[0].ID) + `"
}
resource "syncops_jim_connected_system" "dir" {
  name      = "Directory"
  connector = "JIM LDAP Connector"
}
resource "syncops_jim_run_profile" "delta" {
  connected_system_id = syncops_jim_connected_system.dir.id
  connector           = syncops_jim_connected_system.dir.connector
  name                = "Delta Import"
  run_type            = "DeltaImport"
}
`
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             checkDestroyed(emu),
		Steps: []resource.TestStep{{
			Config: config,
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("syncops_jim_run_profile.delta", plancheck.ResourceActionNoop),
					plancheck.ExpectResourceAction("syncops_jim_connected_system.dir", plancheck.ResourceActionNoop),
				},
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("syncops_jim_run_profile.delta", tfjsonpath.New("connector"), knownvalue.StringExact("JIM LDAP Connector")),
			},
		}},
	})
}

// A connector that is not the system's: an error at apply when the system is created in the same
// apply (plan time knows only the connector, which supports the run type), at plan time when the
// system exists. No run profile is created either way.
func TestAccRunProfile_connectorMismatch(t *testing.T) {
	t.Parallel()
	emu := startJIM(t)
	wrong := func(csID string) string {
		return systemWithProfile(emu.URL, `
resource "syncops_jim_run_profile" "full" {
  connected_system_id = `+csID+`
  connector           = "JIM LDAP Connector"
  name                = "Delta Import"
  run_type            = "FullImport"
}
`)
	}
	mismatch := regexp.MustCompile(`(?s)Connector is not the connected system's.*connector = "JIM LDAP Connector", but JIM connected\s+system\s+\d+\s+uses\s+JIM\s+File\s+Connector`)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             checkDestroyed(emu),
		Steps: []resource.TestStep{
			{
				Config:      wrong("syncops_jim_connected_system.hr.id"),
				ExpectError: mismatch,
			},
			{
				// The system now exists (the failed apply made it): the plan refuses it.
				PreConfig: func() {
					if n := emu.Requests(createSystemRoute); n != 1 {
						t.Errorf("the apply should have created the connected system before it failed; %d creates", n)
					}
				},
				Config:      wrong("syncops_jim_connected_system.hr.id"),
				PlanOnly:    true,
				ExpectError: mismatch,
			},
			{
				// A valid configuration last, for the final destroy.
				Config: fileSystem(emu.URL, "HR feed", ""),
			},
		},
	})
	if n := emu.Requests(createRunProfileRoute); n != 0 {
		t.Errorf("a run profile with the wrong connector was created %d times", n)
	}
}

// A connector in state that is not the system's (an old state, a hand edit) is drift: a refresh
// puts the system's back, and the plan of a configuration that names the system's is empty.
func TestCLIRunProfileConnectorDrift(t *testing.T) {
	t.Parallel()
	emu := startJIM(t)
	w := acctest.NewWorkdir(t, systemWithProfile(emu.URL, profileWithConnector(`  run_type = "FullImport"`)))
	w.MustRun("apply", "-auto-approve", "-input=false", "-no-color")
	statePath := filepath.Join(w.Dir, "terraform.tfstate")
	var state map[string]any
	if err := json.Unmarshal([]byte(w.StateFile()), &state); err != nil {
		t.Fatal(err)
	}
	edited := false
	for _, r := range state["resources"].([]any) {
		res := r.(map[string]any)
		if res["type"] == "syncops_jim_run_profile" {
			attrs := res["instances"].([]any)[0].(map[string]any)["attributes"].(map[string]any)
			if attrs["connector"] != "JIM File Connector" {
				t.Fatalf("connector in state is %v, want JIM File Connector", attrs["connector"])
			}
			attrs["connector"] = "JIM LDAP Connector"
			edited = true
		}
	}
	data, _ := json.Marshal(state)
	if err := os.WriteFile(statePath, data, 0o600); !edited || err != nil {
		t.Fatalf("editing the state: %v", err)
	}
	out := w.MustRun("plan", "-refresh-only", "-input=false", "-no-color")
	if !regexp.MustCompile(`~ connector\s+= "JIM LDAP Connector" -> "JIM File Connector"`).MatchString(out) {
		t.Errorf("a refresh should show the connector in state replaced by the system's:\n%s", out)
	}
	if out, err := w.Run("plan", "-detailed-exitcode", "-input=false", "-no-color"); err != nil {
		t.Errorf("after the refresh nothing should change (exit 0):\n%v\n%s", err, out)
	}
	w.MustRun("destroy", "-auto-approve", "-input=false", "-no-color")
}

// The documentation's example applies as written and plans nothing afterwards; on the File
// connector (no delta import) the same configuration fails at plan time.
func TestAccRunProfile_example(t *testing.T) {
	t.Parallel()
	emu := startJIM(t)
	example, err := os.ReadFile(filepath.Join("..", "..", "examples", "resources", "syncops_jim_run_profile", "resource.tf"))
	if err != nil {
		t.Fatal(err)
	}
	config := providerBlock(emu.URL) + string(example)
	onFile := strings.Replace(config, `connector = "JIM SQL Connector"`, `connector = "JIM File Connector"`, 1)
	if onFile == config {
		t.Fatal("the example no longer uses the SQL connector: update this test")
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             checkDestroyed(emu),
		Steps: []resource.TestStep{
			{
				Config:      onFile,
				ExpectError: regexp.MustCompile(`run_type = "DeltaImport": JIM File Connector does\s+not\s+support\s+DeltaImport`),
			},
			{
				PreConfig: func() {
					if n := emu.Requests(createSystemRoute); n != 0 {
						t.Errorf("the failed plan created %d connected systems", n)
					}
				},
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("syncops_jim_run_profile.delta", tfjsonpath.New("connector"), knownvalue.StringExact("JIM SQL Connector")),
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
		},
	})
}
