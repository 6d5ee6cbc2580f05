package polytomic_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/syncops/terraform-provider-syncops/internal/acctest"
)

// refreshCost is a plan check run right after `terraform plan`: the requests the refresh of
// resources connections cost, counted by the emulator since its stats were reset.
type refreshCost struct {
	e         *testEnv
	resources int
}

func (c refreshCost) CheckPlan(_ context.Context, _ plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	stats := c.e.Stats()
	total, _ := stats["total"].(float64)
	if per := total / float64(c.resources); per > 0.1 {
		resp.Error = fmt.Errorf("refreshing %d connections cost %v requests (%.3f per resource), want <= 0.1: %v", c.resources, total, per, stats)
		return
	}
	if n := c.e.Requests("GET /api/connections"); n != 1 {
		resp.Error = fmt.Errorf("%d listings during the refresh, want 1: %v", n, stats)
	}
}

// A refresh of many connections costs one listing, not one read each, and still shows what
// changed outside Terraform: a rename as drift, a deletion as a connection to create again.
func TestAccConnection_refreshFromOneListing(t *testing.T) {
	t.Parallel()
	e := start(t)
	const n = 40
	cfg := e.provider() + fmt.Sprintf(`
resource "syncops_polytomic_connection" "c" {
  count         = %d
  name          = "files-${count.index}"
  type          = "csv"
  configuration = jsonencode({ url = "https://example.com/${count.index}.csv" })
}
`, n)
	ids := map[string]string{}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             e.checkDestroyed,
		Steps: []resource.TestStep{
			{
				Config: cfg,
				Check: func(s *terraform.State) error {
					for _, i := range []string{"3", "7"} {
						ids[i] = s.RootModule().Resources["syncops_polytomic_connection.c."+i].Primary.ID
					}
					return nil
				},
			},
			{
				PreConfig: func() {
					e.api(t, http.MethodPut, "/api/connections/"+ids["7"], map[string]any{
						"name": "renamed in Polytomic", "configuration": map[string]any{"url": "https://example.com/7.csv"},
					})
					e.api(t, http.MethodDelete, "/api/connections/"+ids["3"], nil)
					e.Call(http.MethodPost, "/_emulator/stats/reset", nil, nil)
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					refreshCost{e: e, resources: n},
					plancheck.ExpectResourceAction("syncops_polytomic_connection.c[7]", plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction("syncops_polytomic_connection.c[3]", plancheck.ResourceActionCreate),
				}},
				Check: resource.ComposeTestCheckFunc(
					resource.TestCheckResourceAttr("syncops_polytomic_connection.c.7", "name", "files-7"),
					func(s *terraform.State) error {
						if s.RootModule().Resources["syncops_polytomic_connection.c.3"].Primary.ID == ids["3"] {
							return fmt.Errorf("the connection deleted outside Terraform was not created again")
						}
						return nil
					},
				),
			},
		},
	})
}
