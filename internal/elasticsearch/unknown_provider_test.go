package elasticsearch_test

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"

	"github.com/syncops/terraform-provider-syncops/internal/acctest"
)

// TestAccProvider_unknownEndpoints: endpoints known only after apply leave the client unset.
// The data sources say so and the resource keeps its state, instead of crashing the provider.
func TestAccProvider_unknownEndpoints(t *testing.T) {
	t.Parallel()
	acctest.PreCheck(t)
	c := startCluster(t, "9.1.0")
	unknownProvider := `
resource "terraform_data" "endpoint" {
  input = "` + c.URL + `"
}
provider "syncops" {
  elasticsearch {
    endpoints = [terraform_data.endpoint.output]
  }
}
`
	connector := `
resource "syncops_elasticsearch_connector" "test" {
  connector_id = "later"
  index_name   = "search-later"
}
`
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      unknownProvider + `data "syncops_elasticsearch_connectors" "all" {}`,
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Unable to call Elasticsearch: the elasticsearch provider\s+configuration is not known yet`),
			},
			{
				Config:      unknownProvider + `data "syncops_elasticsearch_connector" "one" { connector_id = "x" }`,
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Unable to call Elasticsearch: the elasticsearch provider\s+configuration is not known yet`),
			},
			{Config: c.provider() + connector},
			{
				// The refresh of the existing connector cannot run yet: its state is kept, so the
				// connector has nothing to do (a state dropped by the refresh would plan a create).
				Config:             unknownProvider + connector,
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(res, plancheck.ResourceActionNoop),
				}},
			},
			{Config: c.provider() + connector},
		},
	})
}
