package elasticsearch_test

import (
	"errors"
	"fmt"
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/syncops/terraform-provider-syncops/internal/acctest"
)

func featuresConfig(c *cluster, features string) string {
	return c.provider() + `
resource "syncops_elasticsearch_connector" "test" {
  connector_id = "feat"
  index_name   = "search-feat"
  service_type = "sharepoint_online"
  ` + features + `
}
`
}

// runJob makes the emulated connector service run one job of the connector to its end (failing
// it with failure when not empty).
func (c *cluster) runJob(id, jobType, failure string) {
	c.t.Helper()
	if failure != "" {
		c.platform.FailNextSyncJob(failure)
	}
	c.es("POST", "/_connector/_sync_job", `{"id":"`+id+`","job_type":"`+jobType+`"}`)
	jobs := c.platform.SyncJobs()
	job := jobs[len(jobs)-1]["id"].(string)
	for range 2 {
		if _, err := c.platform.AdvanceSyncJob(job); err != nil {
			c.t.Fatal(err)
		}
	}
}

// TestAccConnector_featuresAndLastSync sets feature flags (merged; a flag left out keeps the
// server's value) and reads what the connector service reports after syncs (status, error,
// last_sync) with no change planned; features need 8.15.
func TestAccConnector_featuresAndLastSync(t *testing.T) {
	t.Parallel()
	acctest.PreCheck(t)
	c := startCluster(t, "9.1.0")
	old := startCluster(t, "8.14.3")
	res := "syncops_elasticsearch_connector.test"
	at := func(p ...string) tfjsonpath.Path {
		path := tfjsonpath.New(p[0])
		for _, k := range p[1:] {
			path = path.AtMapKey(k)
		}
		return path
	}
	writes := map[string]int{}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: featuresConfig(c, `features = { document_level_security = true, sync_rules = { basic = true } }`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(res, at("features", "document_level_security"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(res, at("features", "sync_rules", "basic"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(res, at("features", "incremental_sync"), knownvalue.Null()),
					statecheck.ExpectKnownValue(res, at("last_sync", "status"), knownvalue.Null()),
					statecheck.ExpectKnownValue(res, at("error"), knownvalue.Null()),
				},
				Check: c.expectWrites(&writes, map[string]int{"PUT /_connector/{id}": 1, "PUT /_connector/{id}/_features": 1}),
			},
			{
				// The connector service turns incremental syncs on; a flag left out keeps it.
				PreConfig: func() {
					c.es("PUT", "/_connector/feat/_features", `{"features":{"incremental_sync":{"enabled":true}}}`)
				},
				Config: featuresConfig(c, `features = { document_level_security = false }`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectKnownValue(res, at("features", "incremental_sync"), knownvalue.Bool(true)),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(res, at("features", "document_level_security"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(res, at("features", "incremental_sync"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(res, at("features", "sync_rules", "basic"), knownvalue.Bool(true)),
				},
				// The out-of-band call and the apply's.
				Check: c.expectWrites(&writes, map[string]int{"PUT /_connector/{id}/_features": 2}),
			},
			{
				// Syncs ran: what the connector service reports is read, and no change is planned.
				PreConfig: func() {
					c.runJob("feat", "full", "")
					c.runJob("feat", "access_control", "")
				},
				Config:           featuresConfig(c, `features = { document_level_security = false }`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(res, at("status"), knownvalue.StringExact("connected")),
					statecheck.ExpectKnownValue(res, at("last_sync", "status"), knownvalue.StringExact("completed")),
					statecheck.ExpectKnownValue(res, at("last_sync", "indexed_document_count"), knownvalue.Int64Exact(0)),
					statecheck.ExpectKnownValue(res, at("last_sync", "access_control_status"), knownvalue.StringExact("completed")),
					statecheck.ExpectKnownValue(res, at("last_sync", "synced_at"), knownvalue.NotNull()),
					statecheck.ExpectKnownValue(res, at("error"), knownvalue.Null()),
				},
			},
			{
				PreConfig:        func() { c.runJob("feat", "incremental", "Microsoft Graph answered 401: token expired") },
				Config:           featuresConfig(c, `features = { document_level_security = false }`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(res, at("status"), knownvalue.StringExact("error")),
					statecheck.ExpectKnownValue(res, at("error"), knownvalue.StringExact("Microsoft Graph answered 401: token expired")),
					statecheck.ExpectKnownValue(res, at("last_sync", "status"), knownvalue.StringExact("error")),
					statecheck.ExpectKnownValue(res, at("last_sync", "error"), knownvalue.StringExact("Microsoft Graph answered 401: token expired")),
					statecheck.ExpectKnownValue(res, at("last_sync", "indexed_document_count"), knownvalue.Int64Exact(6)),
					statecheck.ExpectKnownValue(res, at("last_sync", "deleted_document_count"), knownvalue.Int64Exact(1)),
				},
			},
			{
				Config:      featuresConfig(old, `features = { incremental_sync = true }`),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`features needs Elasticsearch 8\.15 or later`),
			},
		},
	})
}

// A refresh of many connectors reads their sync rules, features and last sync from the one
// listing: drift in the active rules of one shows, and no connector is read by its own GET.
func TestAccConnector_refreshCarriesSyncRules(t *testing.T) {
	t.Parallel()
	acctest.PreCheck(t)
	c := startCluster(t, "9.1.0")
	c.platform.SetJobDelay(1)
	c.platform.ReleaseService()
	const n = 12
	w := acctest.NewWorkdir(t, c.provider()+fmt.Sprintf(`
resource "syncops_elasticsearch_connector" "c" {
  count        = %d
  connector_id = "many-${count.index}"
  index_name   = "search-many-${count.index}"
  service_type = "mysql"
  filtering = {
    rules = [{ id = "orders", policy = "include", field = "table", rule = "equals", value = "orders" }]
  }
}
`, n))
	w.MustRun("apply", "-auto-approve", "-input=false")
	c.es("PUT", "/_connector/many-3/_filtering", `{"rules":[{"id":"orders","order":0,"policy":"exclude","field":"table","rule":"equals","value":"orders"}]}`)
	c.platform.ValidateDraft("many-3")
	getsBefore, listsBefore := c.Requests("GET /_connector/{id}"), c.Requests("GET /_connector")
	out, err := w.Run("plan", "-out=tfplan", "-detailed-exitcode", "-input=false", "-no-color")
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 2 {
		t.Fatalf("plan: want exit code 2 (changes), got %v\n%s", err, out)
	}
	if gets, lists := c.Requests("GET /_connector/{id}")-getsBefore, c.Requests("GET /_connector")-listsBefore; gets > 1 || lists != 1 {
		t.Errorf("the refresh sent %d GET /_connector/{id} (want at most the first read) and %d lists (want 1)", gets, lists)
	}
	changes := planChanges(t, w)
	if len(changes) != 1 || changes["syncops_elasticsearch_connector.c[3]"] != "update" {
		t.Errorf("planned changes %v, want c[3] updated", changes)
	}
	if !strings.Contains(out, `~ policy = "exclude" -> "include"`) {
		t.Errorf("the plan does not show the rule's policy going back:\n%s", out)
	}
}
