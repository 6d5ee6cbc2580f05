package elasticsearch_test

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/syncops/terraform-provider-syncops/internal/acctest"
)

// TestAccConnectorList_query lists connectors made outside Terraform with terraform query: every
// page (130 connectors, two pages), the exact-match filters, the identity, the display name and
// the resource as Read maps it, no configuration value or secret; Terraform's default limit
// (100) stops the paging early.
func TestAccConnectorList_query(t *testing.T) {
	acctest.PreCheckFeature(t, acctest.ListResources)
	t.Parallel()
	c := startCluster(t, "9.1.0")
	const n = 130
	for i := range n {
		st := "jira"
		if i%10 == 0 {
			st = "jira_cloud"
		}
		c.es("PUT", fmt.Sprintf("/_connector/q-%03d", i), fmt.Sprintf(`{"index_name":"search-q-%03d","name":"Query %d","service_type":%q}`, i, i, st))
	}
	c.es("PUT", "/_connector/q-005/_pipeline", `{"pipeline":{"name":"search-default-ingestion","extract_binary_content":true,"reduce_whitespace":false,"run_ml_inference":false}}`)
	c.es("PUT", "/_connector/q-005/_configuration", `{"configuration":{"password":{"label":"Password","display":"textbox","sensitive":true,"value":"listed-secret-value"}}}`)
	c.es("PUT", "/_connector/unnamed", `{"index_name":"search-unnamed","service_type":"jira_cloud"}`)
	// What the connector service works with is listed too, mapped as Read maps it.
	c.es("PUT", "/_connector/q-005/_filtering", `{"rules":[{"id":"open","order":3,"policy":"exclude","field":"status","rule":"equals","value":"closed"}]}`)
	c.platform.ValidateDraft("q-005")
	c.es("PUT", "/_connector/q-005/_features", `{"features":{"document_level_security":{"enabled":true}}}`)
	c.es("PUT", "/_connector/q-005/_last_sync", `{"last_sync_status":"completed","last_indexed_document_count":42}`)
	c.es("PUT", "/_connector/q-005/_error", `{"error":"Jira answered 503"}`)

	listBlock := func(name, extra string) string {
		return fmt.Sprintf("list \"syncops_elasticsearch_connector\" %q {\n  provider = syncops\n%s\n}\n", name, extra)
	}
	byID := func(id string) queryfilter.QueryFilter {
		return queryfilter.ByResourceIdentity(map[string]knownvalue.Check{"id": knownvalue.StringExact(id)})
	}
	listsBefore := c.Requests("GET /_connector")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Query: true,
				Config: c.provider() +
					listBlock("all", "  include_resource = true\n  limit = 1000") +
					listBlock("default_limit", "") +
					listBlock("cloud", "  config {\n    service_type = \"jira_cloud\"\n  }") +
					listBlock("one_index", "  include_resource = true\n  config {\n    index_name = \"search-q-007\"\n  }") +
					listBlock("none", "  config {\n    index_name   = \"search-q-007\"\n    service_type = \"jira_cloud\"\n  }"),
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("syncops_elasticsearch_connector.all", n+1),
					querycheck.ExpectLength("syncops_elasticsearch_connector.default_limit", 100),
					querycheck.ExpectLength("syncops_elasticsearch_connector.cloud", n/10+1),
					querycheck.ExpectLength("syncops_elasticsearch_connector.one_index", 1),
					querycheck.ExpectLength("syncops_elasticsearch_connector.none", 0),
					querycheck.ExpectIdentity("syncops_elasticsearch_connector.one_index", map[string]knownvalue.Check{"id": knownvalue.StringExact("q-007")}),
					querycheck.ExpectResourceDisplayName("syncops_elasticsearch_connector.all", byID("q-129"), knownvalue.StringExact("Query 129")),
					querycheck.ExpectResourceDisplayName("syncops_elasticsearch_connector.all", byID("unnamed"), knownvalue.StringExact("unnamed")),
					querycheck.ExpectResourceKnownValues("syncops_elasticsearch_connector.all", byID("q-005"), []querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("connector_id"), KnownValue: knownvalue.StringExact("q-005")},
						{Path: tfjsonpath.New("name"), KnownValue: knownvalue.StringExact("Query 5")},
						{Path: tfjsonpath.New("index_name"), KnownValue: knownvalue.StringExact("search-q-005")},
						{Path: tfjsonpath.New("service_type"), KnownValue: knownvalue.StringExact("jira")},
						{Path: tfjsonpath.New("pipeline").AtMapKey("reduce_whitespace"), KnownValue: knownvalue.Bool(false)},
						{Path: tfjsonpath.New("scheduling").AtMapKey("full").AtMapKey("interval"), KnownValue: knownvalue.StringExact("0 0 0 * * ?")},
						{Path: tfjsonpath.New("status"), KnownValue: knownvalue.StringExact("error")},
						{Path: tfjsonpath.New("error"), KnownValue: knownvalue.StringExact("Jira answered 503")},
						{Path: tfjsonpath.New("filtering").AtMapKey("rules").AtSliceIndex(0).AtMapKey("id"), KnownValue: knownvalue.StringExact("open")},
						{Path: tfjsonpath.New("filtering").AtMapKey("rules").AtSliceIndex(0).AtMapKey("order"), KnownValue: knownvalue.Int64Exact(3)},
						{Path: tfjsonpath.New("filtering").AtMapKey("rules"), KnownValue: knownvalue.ListSizeExact(1)},
						{Path: tfjsonpath.New("features").AtMapKey("document_level_security"), KnownValue: knownvalue.Bool(true)},
						{Path: tfjsonpath.New("last_sync").AtMapKey("status"), KnownValue: knownvalue.StringExact("completed")},
						{Path: tfjsonpath.New("last_sync").AtMapKey("indexed_document_count"), KnownValue: knownvalue.Int64Exact(42)},
						{Path: tfjsonpath.New("delete_sync_jobs"), KnownValue: knownvalue.Bool(false)},
						{Path: tfjsonpath.New("configuration_values"), KnownValue: knownvalue.Null()},
						{Path: tfjsonpath.New("configuration_secrets_wo"), KnownValue: knownvalue.Null()},
					}),
				},
			},
			{
				Query:       true,
				Config:      c.provider() + listBlock("bad", "  config {\n    service_type = \"jira,confluence\"\n  }"),
				ExpectError: regexp.MustCompile(`must not contain`),
			},
		},
	})
	// all: 2 pages; default_limit: 1 page (stopped at the limit); cloud, one_index, none: 1 each.
	if got := c.Requests("GET /_connector") - listsBefore; got != 6 {
		t.Errorf("GET /_connector sent %d times, want 6", got)
	}
}
