package jim_test

import (
	"fmt"
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

const (
	systemRoute         = "GET /api/v1/synchronisation/connected-systems/{id}"
	historyRoute        = "GET /api/v1/synchronisation/connected-systems/{id}/change-history"
	historyVersionRoute = "GET /api/v1/synchronisation/connected-systems/{id}/change-history/{version}"
	systemPutRoute      = "PUT /api/v1/synchronisation/connected-systems/{id}"
)

// refreshCounts is what one refresh cost, by route.
type refreshCounts struct{ gets, histories, snapshots int }

func countRefresh(emu *acctest.Emulator) refreshCounts {
	return refreshCounts{emu.Requests(systemRoute), emu.Requests(historyRoute), emu.Requests(historyVersionRoute)}
}

func expectRefresh(emu *acctest.Emulator, want refreshCounts, what string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if got := countRefresh(emu); got != want {
			return fmt.Errorf("%s: GET, change-history lists, snapshots = %d, %d, %d; want %d, %d, %d",
				what, got.gets, got.histories, got.snapshots, want.gets, want.histories, want.snapshots)
		}
		return nil
	}
}

// A refresh of systems unchanged since Terraform wrote them costs one GET each: JIM's lastUpdated
// in that GET says their settings did not change, so no change history is read. A system changed
// in JIM costs one request more (the newest row of its change-history list, whose diff holds every
// setting of that version; no snapshot is read), and its drift shows.
func TestAccConnectedSystem_refreshReadsHistoryOnlyOfChangedSystems(t *testing.T) {
	t.Parallel()
	emu := startJIMUnlimited(t)
	const plain, withSettings = 20, 10
	config := providerBlockUnpaced(emu.URL) + fmt.Sprintf(`
resource "syncops_jim_connected_system" "sql" {
  count     = %d
  name      = "SQL ${count.index}"
  connector = "JIM SQL Connector"
}
resource "syncops_jim_connected_system" "file" {
  count     = %d
  name      = "File ${count.index}"
  connector = "JIM File Connector"
  settings = {
    "File Path"   = "/tmp/syncops-acc/f${count.index}.csv"
    "Mode"        = "Export Only"
    "Object Type" = "person"
  }
}
`, plain, withSettings)
	const changed = "syncops_jim_connected_system.file[3]"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             checkDestroyed(emu),
		Steps: []resource.TestStep{
			{Config: config},
			{
				PreConfig:    func() { emu.Call("POST", "/_emulator/stats/reset", nil, nil) },
				RefreshState: true,
				Check:        expectRefresh(emu, refreshCounts{gets: plain + withSettings}, "refresh of unchanged systems"),
			},
			{
				PreConfig: func() {
					// Someone changes a setting of one system in JIM's UI.
					id := stateID(t, emu, changed)
					status, body := emu.Raw("PUT", "/api/v1/synchronisation/connected-systems/"+id,
						map[string]any{"settingValues": map[string]any{
							fmt.Sprint(settingID(t, emu, "JIM File Connector", "Object Type")): map[string]string{"stringValue": "account"},
						}}, apiHeader())
					if status != 200 {
						t.Fatalf("out-of-band settings change: HTTP %d %s", status, body)
					}
					emu.Call("POST", "/_emulator/stats/reset", nil, nil)
				},
				RefreshState:       true,
				ExpectNonEmptyPlan: true,
				Check:              expectRefresh(emu, refreshCounts{gets: plain + withSettings, histories: 1}, "refresh after one system changed"),
				RefreshPlanChecks: resource.RefreshPlanChecks{PostRefresh: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(changed, plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction("syncops_jim_connected_system.file[2]", plancheck.ResourceActionNoop),
				}},
			},
			{
				// The apply puts the configured value back.
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(changed, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(changed, tfjsonpath.New("settings").AtMapKey("Object Type"), knownvalue.StringExact("person")),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(changed, tfjsonpath.New("settings").AtMapKey("Object Type"), knownvalue.StringExact("person")),
				},
			},
			{
				// Terraform's own update moved lastUpdated and kept no mark (a change made in JIM
				// between the plan and the apply would hide behind it): the first refresh after it
				// reads that system's history once...
				PreConfig:    func() { emu.Call("POST", "/_emulator/stats/reset", nil, nil) },
				RefreshState: true,
				Check:        expectRefresh(emu, refreshCounts{gets: plain + withSettings, histories: 1}, "first refresh after Terraform updated one system"),
			},
			{
				// ... and the next one none.
				PreConfig:    func() { emu.Call("POST", "/_emulator/stats/reset", nil, nil) },
				RefreshState: true,
				Check:        expectRefresh(emu, refreshCounts{gets: plain + withSettings}, "refresh once the update was read back"),
			},
		},
	})
}

// stateID reads a resource's id from the emulator's point of view: the one system whose name the
// address's index gives (names are unique in this test).
func stateID(t *testing.T, emu *acctest.Emulator, address string) string {
	t.Helper()
	name := strings.NewReplacer("syncops_jim_connected_system.file[", "File ", "]", "").Replace(address)
	var list struct {
		Items []struct {
			ID   int64  `json:"id"`
			Name string `json:"name"`
		} `json:"items"`
	}
	status, body := emu.Raw("GET", "/api/v1/synchronisation/connected-systems?pageSize=100", nil, apiHeader())
	if status != 200 {
		t.Fatalf("listing systems: HTTP %d %s", status, body)
	}
	mustJSON(t, body, &list)
	for _, it := range list.Items {
		if it.Name == name {
			return fmt.Sprint(it.ID)
		}
	}
	t.Fatalf("no system named %q", name)
	return ""
}

// A setting changed in JIM between the plan and the apply of an update that does not send it
// still shows at the next plan: Terraform's update keeps no lastUpdated mark to hide it behind.
func TestCLIConnectedSystem_settingChangedBetweenPlanAndApplyShows(t *testing.T) {
	t.Parallel()
	emu := startJIM(t)
	w := acctest.NewWorkdir(t, fileSystem(emu.URL, "HR feed", ""))
	w.MustRun("apply", "-auto-approve", "-input=false", "-no-color")
	// Only the description changes: the update sends no settings.
	w.SetConfig(fileSystem(emu.URL, "HR feed", `description = "now described"`))
	w.MustRun("plan", "-input=false", "-no-color", "-out=tfplan")
	id := ""
	var list struct {
		Items []struct {
			ID int64 `json:"id"`
		} `json:"items"`
	}
	_, body := emu.Raw("GET", "/api/v1/synchronisation/connected-systems", nil, apiHeader())
	mustJSON(t, body, &list)
	if len(list.Items) != 1 {
		t.Fatalf("want one system in JIM, got %s", body)
	}
	id = fmt.Sprint(list.Items[0].ID)
	status, body := emu.Raw("PUT", "/api/v1/synchronisation/connected-systems/"+id,
		map[string]any{"settingValues": map[string]any{
			fmt.Sprint(settingID(t, emu, "JIM File Connector", "Object Type")): map[string]string{"stringValue": "account"},
		}}, apiHeader())
	if status != 200 {
		t.Fatalf("out-of-band settings change: HTTP %d %s", status, body)
	}
	w.MustRun("apply", "-input=false", "-no-color", "tfplan")
	out, err := w.Run("plan", "-detailed-exitcode", "-input=false", "-no-color")
	if err == nil {
		t.Fatalf("the plan after the apply is empty: the setting changed in JIM before the apply does not show\n%s", out)
	}
	if !strings.Contains(out, `"account" -> "person"`) {
		t.Fatalf("the plan does not put the setting back (want \"account\" -> \"person\"):\n%s", out)
	}
}
