package jim_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/syncops/terraform-provider-syncops/internal/acctest"
	emujim "github.com/syncops/terraform-provider-syncops/internal/emulator/jim"
)

// outOfBand is a JIM user working without Terraform, through the API.
type outOfBand struct {
	t   *testing.T
	emu *acctest.Emulator
}

func (o outOfBand) createSystem(name, connector string) int64 {
	o.t.Helper()
	var created struct {
		ID int64 `json:"id"`
	}
	status, body := o.emu.Raw("POST", "/api/v1/synchronisation/connected-systems",
		map[string]any{"name": name, "connectorDefinitionId": connectorID(o.t, o.emu, connector)}, apiHeader())
	if status != 201 {
		o.t.Fatalf("creating %q out of band: HTTP %d %s", name, status, body)
	}
	mustJSON(o.t, body, &created)
	return created.ID
}

// configure sends settings by name (a secret one too: it is one more setting for JIM).
func (o outOfBand) configure(id int64, connector string, settings map[string]string) {
	o.t.Helper()
	values := map[string]any{}
	for name, v := range settings {
		values[fmt.Sprint(settingID(o.t, o.emu, connector, name))] = map[string]string{"stringValue": v}
	}
	status, body := o.emu.Raw("PUT", fmt.Sprintf("/api/v1/synchronisation/connected-systems/%d", id), map[string]any{"settingValues": values}, apiHeader())
	if status != 200 {
		o.t.Fatalf("configuring system %d out of band: HTTP %d %s", id, status, body)
	}
}

func (o outOfBand) createRunProfile(systemID int64, name, runType string) {
	o.t.Helper()
	status, body := o.emu.Raw("POST", fmt.Sprintf("/api/v1/synchronisation/connected-systems/%d/run-profiles", systemID),
		map[string]any{"name": name, "runType": runType}, apiHeader())
	if status != 201 {
		o.t.Fatalf("creating run profile %q out of band: HTTP %d %s", name, status, body)
	}
}

func TestAccConnectedSystem_list(t *testing.T) {
	t.Parallel()
	acctest.PreCheckFeature(t, acctest.ListResources)
	emu := startJIM(t)
	oob := outOfBand{t, emu}
	for i := range 3 {
		oob.createSystem(fmt.Sprintf("sql-%d", i), "JIM SQL Connector")
	}
	fileID := oob.createSystem("file-1", "JIM File Connector")
	oob.configure(fileID, "JIM File Connector", map[string]string{"File Path": "/data/a.csv", "Mode": "Export Only", "Object Type": "person"})
	dirID := oob.createSystem("directory", "JIM LDAP Connector")
	const bindPassword = "Out-Of-Band-Bind-Pw"
	oob.configure(dirID, "JIM LDAP Connector", map[string]string{"Host": "ldap.example.com", "Username": "svc", "Password": bindPassword, "Authentication Type": "Simple"})
	oob.createRunProfile(fileID, "Export", "Export")
	oob.createRunProfile(fileID, "Full Sync", "FullSynchronisation")
	oob.createRunProfile(dirID, "Full Import", "FullImport")

	byName := func(name string) queryfilter.QueryFilter {
		return queryfilter.ByDisplayName(knownvalue.StringExact(name))
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			// The provider block the query uses (a query needs a .tf configuration).
			{Config: providerBlock(emu.URL)},
			{
				Query: true,
				Config: `
list "syncops_jim_connected_system" "all" {
  provider = syncops
}
list "syncops_jim_connected_system" "sql" {
  provider = syncops
  config {
    connector = "JIM SQL Connector"
  }
}
list "syncops_jim_connected_system" "named" {
  provider         = syncops
  include_resource = true
  config {
    name = "file-1"
  }
}
list "syncops_jim_connected_system" "directory" {
  provider         = syncops
  include_resource = true
  config {
    connector = "JIM LDAP Connector"
    name      = "directory"
  }
}
list "syncops_jim_connected_system" "case" {
  provider = syncops
  config {
    name = "FILE-1"
  }
}
list "syncops_jim_run_profile" "all" {
  provider = syncops
}
list "syncops_jim_run_profile" "of_file" {
  provider         = syncops
  include_resource = true
  config {
    connected_system_id = "` + fmt.Sprint(fileID) + `"
    name                = "Export"
  }
}
`,
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("syncops_jim_connected_system.all", 5),
					querycheck.ExpectLength("syncops_jim_connected_system.sql", 3),
					querycheck.ExpectLength("syncops_jim_connected_system.named", 1),
					// JIM's own filter ignores case; the list resource's does not.
					querycheck.ExpectLength("syncops_jim_connected_system.case", 0),
					querycheck.ExpectIdentity("syncops_jim_connected_system.named", map[string]knownvalue.Check{"id": knownvalue.Int64Exact(fileID)}),
					querycheck.ExpectResourceDisplayName("syncops_jim_connected_system.named", queryfilter.ByResourceIdentity(map[string]knownvalue.Check{"id": knownvalue.Int64Exact(fileID)}), knownvalue.StringExact("file-1")),
					querycheck.ExpectResourceKnownValues("syncops_jim_connected_system.named", byName("file-1"), []querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("connector"), KnownValue: knownvalue.StringExact("JIM File Connector")},
						{Path: tfjsonpath.New("settings"), KnownValue: knownvalue.MapExact(map[string]knownvalue.Check{
							"File Path": knownvalue.StringExact("/data/a.csv"), "Mode": knownvalue.StringExact("Export Only"), "Object Type": knownvalue.StringExact("person"),
						})},
						{Path: tfjsonpath.New("setting_values_valid"), KnownValue: knownvalue.Bool(true)},
					}),
					// The secret setting is in no result: not in settings, and secret_settings_wo is null.
					querycheck.ExpectResourceKnownValues("syncops_jim_connected_system.directory", byName("directory"), []querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("settings"), KnownValue: knownvalue.MapExact(map[string]knownvalue.Check{
							"Host": knownvalue.StringExact("ldap.example.com"), "Username": knownvalue.StringExact("svc"), "Authentication Type": knownvalue.StringExact("Simple"),
						})},
						{Path: tfjsonpath.New("secret_settings_wo"), KnownValue: knownvalue.Null()},
					}),
					querycheck.ExpectLength("syncops_jim_run_profile.all", 3),
					querycheck.ExpectLength("syncops_jim_run_profile.of_file", 1),
					querycheck.ExpectIdentity("syncops_jim_run_profile.of_file", map[string]knownvalue.Check{
						"connected_system_id": knownvalue.Int64Exact(fileID), "id": knownvalue.NotNull(),
					}),
					querycheck.ExpectResourceKnownValues("syncops_jim_run_profile.of_file", byName("Export"), []querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("run_type"), KnownValue: knownvalue.StringExact("Export")},
						{Path: tfjsonpath.New("connected_system_id"), KnownValue: knownvalue.StringExact(fmt.Sprint(fileID))},
						{Path: tfjsonpath.New("page_size"), KnownValue: knownvalue.Int64Exact(100)},
						{Path: tfjsonpath.New("connector"), KnownValue: knownvalue.StringExact("JIM File Connector")},
					}),
				},
			},
			{
				// The documentation's examples, as written (the system id of the example is this test's).
				Query: true,
				Config: readExample(t, "syncops_jim_connected_system") +
					strings.ReplaceAll(readExample(t, "syncops_jim_run_profile"), `"12"`, fmt.Sprintf("%q", fmt.Sprint(fileID))),
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("syncops_jim_connected_system.ldap", 1),
					querycheck.ExpectIdentity("syncops_jim_connected_system.ldap", map[string]knownvalue.Check{"id": knownvalue.Int64Exact(dirID)}),
					querycheck.ExpectLength("syncops_jim_run_profile.hr", 2),
					querycheck.ExpectLength("syncops_jim_run_profile.all", 3),
				},
			},
		},
	})
}

// An estate of 200 connected systems (two pages of JIM's list) and 20 run profiles, made outside
// Terraform, is adopted with terraform query -generate-config-out and apply, and a plan after it
// is empty. Secret settings reach neither the generated configuration nor the state.
func TestAccConnectedSystem_adoptEstate(t *testing.T) {
	t.Parallel()
	acctest.PreCheckFeature(t, acctest.ListResources)
	acctest.PreCheck(t)
	o := emujim.DefaultOptions()
	o.RateLimit = 0 // 1,600 requests in a few seconds: pacing is another test's subject
	o.JobDelay = 300 * time.Millisecond
	emu := acctest.StartEmulator(t, emujim.New(o))
	oob := outOfBand{t, emu}
	const systems, profiles = 200, 20
	secrets := []string{}
	for i := range systems {
		switch i % 10 {
		case 0:
			id := oob.createSystem(fmt.Sprintf("directory-%03d", i), "JIM LDAP Connector")
			pw := fmt.Sprintf("Estate-Bind-Pw-%03d", i)
			secrets = append(secrets, pw)
			oob.configure(id, "JIM LDAP Connector", map[string]string{"Host": fmt.Sprintf("dc%d.example.com", i), "Username": "svc", "Password": pw, "Authentication Type": "Simple"})
			if i/10 < profiles {
				oob.createRunProfile(id, "Full Import", "FullImport")
			}
		case 1:
			id := oob.createSystem(fmt.Sprintf("file-%03d", i), "JIM File Connector")
			oob.configure(id, "JIM File Connector", map[string]string{"File Path": fmt.Sprintf("/data/%d.csv", i), "Mode": "Export Only", "Object Type": "person"})
		default:
			oob.createSystem(fmt.Sprintf("sql-%03d", i), "JIM SQL Connector")
		}
	}
	provider := fmt.Sprintf(`
provider "syncops" {
  jim {
    url        = %q
    api_key    = %q
    rate_limit = 0
  }
}
`, emu.URL, emujim.DefaultAPIKey)
	a := acctest.AdoptEstate(t, provider, `
list "syncops_jim_connected_system" "estate" {
  provider         = syncops
  include_resource = true
  limit            = 1000
}
list "syncops_jim_run_profile" "estate" {
  provider         = syncops
  include_resource = true
  limit            = 1000
}
`)
	if a.Imports != systems+profiles {
		t.Errorf("terraform query generated %d import blocks, want %d", a.Imports, systems+profiles)
	}
	state := a.Workdir.StateFile()
	for _, s := range secrets {
		if strings.Contains(a.Generated, s) || strings.Contains(state, s) {
			t.Fatalf("the secret setting %q is in the generated configuration or the state", s)
		}
	}
	// For the write-only map Terraform writes null and no variable: the user adds
	// `secret_settings_wo = { ... = var.x }` (the documentation says so).
	if n := len(regexp.MustCompile(`(?m)^\s*secret_settings_wo\s*=\s*null # sensitive$`).FindAllString(a.Generated, -1)); n != systems {
		t.Errorf("generated.tf has %d `secret_settings_wo = null # sensitive` lines, want one per system (%d)", n, systems)
	}
	if dir := os.Getenv("JIM_ADOPT_OUT"); dir != "" {
		_ = os.WriteFile(filepath.Join(dir, "generated.tf"), []byte(a.Generated), 0o600)
	}
	// Each run profile is adopted with its system's connector, as Read fills it (JIM LDAP here).
	if n := len(regexp.MustCompile(`(?m)^\s*connector\s*=\s*"JIM LDAP Connector"$`).FindAllString(a.Generated, -1)); n != systems/10+profiles {
		t.Errorf("generated.tf names the JIM LDAP Connector %d times, want %d (%d systems, %d run profiles)", n, systems/10+profiles, systems/10, profiles)
	}
	if !regexp.MustCompile(`identity\s*=\s*\{`).MatchString(a.Generated) {
		t.Errorf("the generated import blocks do not use identity:\n%s", firstLines(a.Generated, 40))
	}
}

// readExample is the list example of the documentation of a type.
func readExample(t *testing.T, typeName string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "examples", "list-resources", typeName, "list-resource.tfquery.hcl"))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func firstLines(s string, n int) string {
	lines := strings.Split(s, "\n")
	return strings.Join(lines[:min(n, len(lines))], "\n")
}
