package elasticsearch_test

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/syncops/terraform-provider-syncops/internal/acctest"
)

// TestAccConnector_identity keeps the identity {id} in state, imports by an import block with
// that identity (also generating the configuration, which then plans no change), and still
// imports by id with an import block and with `terraform import`.
func TestAccConnector_identity(t *testing.T) {
	acctest.PreCheckFeature(t, acctest.ResourceIdentity)
	t.Parallel()
	c := startCluster(t, "9.1.0")
	cfg := c.provider() + `
resource "syncops_elasticsearch_connector" "test" {
  connector_id = "ident"
  name         = "Identity"
  index_name   = "search-ident"
  service_type = "confluence"
  pipeline     = { name = "search-default-ingestion" }
}
`
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentity(res, map[string]knownvalue.Check{"id": knownvalue.StringExact("ident")}),
					statecheck.ExpectIdentityValueMatchesState(res, tfjsonpath.New("id")),
				},
			},
			{
				ResourceName:    res,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithResourceIdentity,
			},
			{
				ResourceName:    res,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithResourceIdentity,
				GenerateConfig:  true,
			},
			{
				ResourceName:    res,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
				ImportStateId:   "ident",
			},
			{
				ResourceName:            res,
				ImportState:             true,
				ImportStateId:           "ident",
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"delete_sync_jobs", "timeouts"},
			},
			{
				// An identity that is no connector id is refused before any request.
				Config: cfg + `
import {
  to       = syncops_elasticsearch_connector.other
  identity = { id = "a/b" }
}
resource "syncops_elasticsearch_connector" "other" {
  index_name = "search-other"
}
`,
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Invalid Elasticsearch connector identity.*"a/b" is not an Elasticsearch connector id`),
			},
		},
	})
}
