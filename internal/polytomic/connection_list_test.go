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

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/syncops/terraform-provider-syncops/internal/acctest"
)

// createOutOfBand creates a connection through the API, as the Polytomic UI would, and returns its id.
func (e *testEnv) createOutOfBand(t *testing.T, name, typ string, cfg map[string]any) string {
	t.Helper()
	var created struct {
		Data struct {
			ID string `json:"id"`
		} `json:"data"`
	}
	body := e.api(t, http.MethodPost, "/api/connections", map[string]any{"name": name, "type": typ, "configuration": cfg})
	if err := json.Unmarshal(body, &created); err != nil || created.Data.ID == "" {
		t.Fatalf("creating %s out of band: %v %s", name, err, body)
	}
	return created.Data.ID
}

func byID(id string) queryfilter.QueryFilter {
	return queryfilter.ByResourceIdentity(map[string]knownvalue.Check{"id": knownvalue.StringExact(id)})
}

// terraform query lists connections made outside Terraform, with their identity, their name as
// display name, the resource as a read maps it (no secret), and the type and name filters.
func TestAccConnectionList_query(t *testing.T) {
	t.Parallel()
	e := startFor(t, acctest.ListResources)
	warehouse := e.createOutOfBand(t, "Warehouse", "postgresql", map[string]any{
		"hostname": "db.internal", "port": 5432, "username": "sync", "database": "dw", "password": secretPrefix + "listed",
	})
	replica := e.createOutOfBand(t, "Replica", "postgresql", map[string]any{
		"hostname": "replica.internal", "port": 5432, "username": "sync", "database": "dw", "password": secretPrefix + "replica",
	})
	files := e.createOutOfBand(t, "Files", "csv", map[string]any{"url": "https://example.com/users.csv"})
	list := func(name, config string, include bool) string {
		return fmt.Sprintf(`
list "syncops_polytomic_connection" %q {
  provider         = syncops
  include_resource = %t
  config {
    %s
  }
}
`, name, include, config)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{Config: e.provider()},
			{
				Query: true,
				Config: list("all", "", true) + list("postgresql", `type = "postgresql"`, false) +
					list("files", `name = "Files"`, false) + list("none", `type = "postgresql"`+"\n    "+`name = "Files"`, false) +
					list("case", `name = "files"`, false) + `
list "syncops_polytomic_connection" "limited" {
  provider = syncops
  limit    = 2
}
`,
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("syncops_polytomic_connection.all", 3),
					querycheck.ExpectIdentity("syncops_polytomic_connection.all", map[string]knownvalue.Check{"id": knownvalue.StringExact(warehouse)}),
					querycheck.ExpectIdentity("syncops_polytomic_connection.all", map[string]knownvalue.Check{"id": knownvalue.StringExact(replica)}),
					querycheck.ExpectIdentity("syncops_polytomic_connection.all", map[string]knownvalue.Check{"id": knownvalue.StringExact(files)}),
					querycheck.ExpectResourceDisplayName("syncops_polytomic_connection.all", byID(warehouse), knownvalue.StringExact("Warehouse")),
					querycheck.ExpectResourceKnownValues("syncops_polytomic_connection.all", byID(warehouse), []querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("id"), KnownValue: knownvalue.StringExact(warehouse)},
						{Path: tfjsonpath.New("name"), KnownValue: knownvalue.StringExact("Warehouse")},
						{Path: tfjsonpath.New("type"), KnownValue: knownvalue.StringExact("postgresql")},
						// The password is neither in configuration nor anywhere else.
						{Path: tfjsonpath.New("configuration"), KnownValue: knownvalue.StringExact(`{"database":"dw","hostname":"db.internal","port":5432,"username":"sync"}`)},
						{Path: tfjsonpath.New("sensitive_configuration_wo"), KnownValue: knownvalue.Null()},
						{Path: tfjsonpath.New("sensitive_configuration_wo_version"), KnownValue: knownvalue.Null()},
						{Path: tfjsonpath.New("status"), KnownValue: knownvalue.StringExact("healthy")},
						{Path: tfjsonpath.New("validate"), KnownValue: knownvalue.Bool(true)},
						{Path: tfjsonpath.New("force_destroy"), KnownValue: knownvalue.Bool(false)},
						{Path: tfjsonpath.New("created_at"), KnownValue: knownvalue.NotNull()},
					}),
					querycheck.ExpectLength("syncops_polytomic_connection.postgresql", 2),
					querycheck.ExpectIdentity("syncops_polytomic_connection.postgresql", map[string]knownvalue.Check{"id": knownvalue.StringExact(replica)}),
					querycheck.ExpectNoIdentity("syncops_polytomic_connection.postgresql", map[string]knownvalue.Check{"id": knownvalue.StringExact(files)}),
					querycheck.ExpectLength("syncops_polytomic_connection.files", 1),
					querycheck.ExpectIdentity("syncops_polytomic_connection.files", map[string]knownvalue.Check{"id": knownvalue.StringExact(files)}),
					// Both filters must match; names match exactly, case included.
					querycheck.ExpectLength("syncops_polytomic_connection.none", 0),
					querycheck.ExpectLength("syncops_polytomic_connection.case", 0),
					// The list block's limit is honoured.
					querycheck.ExpectLength("syncops_polytomic_connection.limited", 2),
				},
			},
		},
	})
	// Every list block is one GET /api/connections; no connection is read by itself.
	if n := e.Requests("GET /api/connections/{id}"); n != 0 {
		t.Errorf("the query read %d connections one by one, want 0", n)
	}
}

// The adoption: 200 connections made outside Terraform (half of them with a password)
// are imported by terraform query -generate-config-out and apply, and the next plan is empty.
// Terraform writes `sensitive_configuration_wo = null` for the write-only secrets: no value, and
// no variable either (docs: the user adds `sensitive_configuration_wo = jsonencode({ ... var.x })`
// and a version). Refreshing the 200 costs one list request, not 200 reads.
func TestAccConnectionList_adoptEstateOf200(t *testing.T) {
	t.Parallel()
	e := startFor(t, acctest.ListResources)
	const n = 200
	for i := range n {
		if i%2 == 0 {
			e.createOutOfBand(t, fmt.Sprintf("pg-%03d", i), "postgresql", map[string]any{
				"hostname": fmt.Sprintf("db%d.internal", i), "port": 5432, "username": "sync", "database": "dw",
				"password": fmt.Sprintf("%s%03d", secretPrefix, i),
			})
		} else {
			e.createOutOfBand(t, fmt.Sprintf("csv-%03d", i), "csv", map[string]any{"url": fmt.Sprintf("https://example.com/%d.csv", i)})
		}
	}
	a := acctest.AdoptEstate(t, e.provider(), `
list "syncops_polytomic_connection" "estate" {
  provider         = syncops
  include_resource = true
  limit            = 1000 # Terraform stops at 100 results per list block by default
}
`)
	if a.Imports != n {
		t.Fatalf("%d import blocks generated, want %d", a.Imports, n)
	}
	if !strings.Contains(a.ApplyOutput, fmt.Sprintf("Resources: %d imported, 0 added, 0 changed, 0 destroyed", n)) {
		t.Errorf("the apply did not import exactly %d connections:\n%s", n, a.ApplyOutput)
	}
	state := a.Workdir.StateFile()
	for what, text := range map[string]string{"generated.tf": a.Generated, "the state": state} {
		if strings.Contains(text, secretPrefix) {
			t.Errorf("%s holds a secret value", what)
		}
	}
	woNull := regexp.MustCompile(`(?m)^\s*sensitive_configuration_wo\s+= null`)
	if got := len(woNull.FindAllString(a.Generated, -1)); got != n {
		t.Errorf("%d generated blocks set sensitive_configuration_wo = null, want %d:\n%.2000s", got, n, a.Generated)
	}
	if e.Count("polytomic", "connections") != n {
		t.Errorf("%d connections after adoption, want %d", e.Count("polytomic", "connections"), n)
	}

	// A refresh of the 200 adopted connections: one read alone, one listing, the two schemas.
	e.Call(http.MethodPost, "/_emulator/stats/reset", nil, nil)
	if code, out := planExitCode(t, a.Workdir); code != 0 {
		t.Fatalf("the second plan is not empty:\n%s", out)
	}
	total, _ := e.Stats()["total"].(float64)
	t.Logf("refresh of %d adopted connections: %v requests (%.3f per resource): %v", n, total, total/n, e.Stats())
	if perResource := total / n; perResource > 0.1 {
		t.Errorf("a refresh of %d connections cost %v requests (%.3f per resource), want <= 0.1 per resource: %v", n, total, perResource, e.Stats())
	}
	if got := e.Requests("GET /api/connections"); got != 1 {
		t.Errorf("%d listings, want 1", got)
	}
}

// The documented query and identity import examples run against the emulator as written (the
// example's UUID replaced by a connection that exists).
func TestAccConnectionList_examples(t *testing.T) {
	t.Parallel()
	e := startFor(t, acctest.ListResources)
	read := func(p string) string {
		b, err := os.ReadFile(filepath.Join("..", "..", "examples", p))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	warehouse := e.createOutOfBand(t, "Warehouse", "postgresql", map[string]any{
		"hostname": "db.internal", "port": 5432, "username": "sync", "database": "dw", "password": secretPrefix + "example",
	})
	e.createOutOfBand(t, "Warehouse", "csv", map[string]any{"url": "https://example.com/w.csv"})
	e.createOutOfBand(t, "Prices", "csv", map[string]any{"url": "https://example.com/prices.csv"})
	imported := strings.Replace(read("resources/syncops_polytomic_connection/import-by-identity.tf"),
		"248df4b7-aa70-47b8-a036-33ac447e668d", warehouse, 1)
	if imported == read("resources/syncops_polytomic_connection/import-by-identity.tf") {
		t.Fatal("the identity example no longer holds the UUID this test replaces")
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{Config: e.provider()},
			{
				Query:  true,
				Config: read("list-resources/syncops_polytomic_connection/list-resource.tfquery.hcl"),
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("syncops_polytomic_connection.all", 3),
					querycheck.ExpectLength("syncops_polytomic_connection.warehouse", 1),
					querycheck.ExpectIdentity("syncops_polytomic_connection.warehouse", map[string]knownvalue.Check{"id": knownvalue.StringExact(warehouse)}),
				},
			},
			{
				Config: e.provider() + imported + `
resource "syncops_polytomic_connection" "warehouse" {
  name          = "Warehouse"
  type          = "postgresql"
  configuration = jsonencode({ hostname = "db.internal", port = 5432, username = "sync", database = "dw" })
}
`,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("syncops_polytomic_connection.warehouse", plancheck.ResourceActionNoop),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentity("syncops_polytomic_connection.warehouse", map[string]knownvalue.Check{"id": knownvalue.StringExact(warehouse)}),
				},
			},
		},
	})
}
