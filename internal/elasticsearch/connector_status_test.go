package elasticsearch_test

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/syncops/terraform-provider-syncops/internal/acctest"
)

// betweenPlanAndApply runs f after the plan is saved and before it is applied, as the connector
// service acting on the cluster while a saved plan waits would.
type betweenPlanAndApply func()

func (f betweenPlanAndApply) CheckPlan(context.Context, plancheck.CheckPlanRequest, *plancheck.CheckPlanResponse) {
	f()
}

// TestAccConnector_statusMovedBeforeApply: the connector service moves the status on its own (to
// error, connected...). A rename applied after such a move must not fail with "Provider produced
// inconsistent result": the planned status is kept and the next refresh shows the new one.
func TestAccConnector_statusMovedBeforeApply(t *testing.T) {
	t.Parallel()
	acctest.PreCheck(t)
	c := startCluster(t, "9.1.0")
	cfg := func(name string) string {
		return c.provider() + `
resource "syncops_elasticsearch_connector" "test" {
  connector_id = "moving"
  name         = "` + name + `"
  index_name   = "search-moving"
}
`
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{Config: cfg("Before")},
			{
				Config: cfg("After"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(res, plancheck.ResourceActionUpdate),
					betweenPlanAndApply(func() { c.es("PUT", "/_connector/moving/_error", `{"error":"cannot reach the source"}`) }),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(res, tfjsonpath.New("name"), knownvalue.StringExact("After")),
				},
			},
			{
				// The refresh shows the status the connector service set, with nothing to change.
				Config: cfg("After"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(res, tfjsonpath.New("status"), knownvalue.StringExact("error")),
				},
			},
		},
	})
}
