package haven_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"

	"github.com/syncops/terraform-provider-syncops/internal/acctest"
	havenemu "github.com/syncops/terraform-provider-syncops/internal/emulator/haven"
)

// TestAccExamples applies the documentation examples against the emulator, so the docs never
// show a configuration that does not work.
func TestAccExamples(t *testing.T) {
	t.Parallel()
	h := start(t, havenemu.Options{})
	read := func(parts ...string) string {
		b, err := os.ReadFile(filepath.Join(append([]string{"..", "..", "examples"}, parts...)...))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	res := read("resources", "syncops_haven_connector", "resource.tf")
	data := read("data-sources", "syncops_haven_connector", "data-source.tf") +
		read("data-sources", "syncops_haven_connector_history", "data-source.tf")
	vars := config.Variables{"intranet_password": config.StringVariable("example-password")}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             h.checkDestroyed,
		Steps: []resource.TestStep{
			{
				Config:           h.config(res),
				ConfigVariables:  vars,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{Config: h.config(res + data), ConfigVariables: vars},
		},
	})
}
