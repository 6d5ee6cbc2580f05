package haven_test

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/syncops/terraform-provider-syncops/internal/acctest"
	havenemu "github.com/syncops/terraform-provider-syncops/internal/emulator/haven"
)

func TestAccProviderBlock(t *testing.T) {
	t.Parallel()
	h := start(t, havenemu.Options{})
	withBlock := func(block string) string {
		return fmt.Sprintf(`
provider "syncops" {
  haven {
%s
  }
}
data "syncops_haven_connector_history" "x" {
  name = "nothing"
}`, block)
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      withBlock(fmt.Sprintf("url = %q", h.acc.URL)),
				ExpectError: regexp.MustCompile(`Missing Haven OnDemand API key`),
			},
			{
				Config:      withBlock(fmt.Sprintf("url = %q\napi_key = %q", h.acc.URL, "d3962fe9-b18b-48b7-8c53-3364afa0cc86")),
				ExpectError: regexp.MustCompile(`(?s)HTTP\s+401\s+Unauthorized\s+\(2002\):\s+Unknown\s+API\s+key.*HAVEN_API_KEY`),
			},
			{
				Config:      withBlock(fmt.Sprintf("url = %q\napi_key = %q", "ftp://example.com", havenemu.DefaultAPIKey)),
				ExpectError: regexp.MustCompile(`Invalid Haven OnDemand URL`),
			},
			{
				// A known connector name that does not exist: HOD's 4005 "does not exist".
				Config:      withBlock(fmt.Sprintf("url = %q\napi_key = %q", h.acc.URL, havenemu.DefaultAPIKey)),
				ExpectError: regexp.MustCompile(`No connector named nothing exists`),
			},
		},
	})
}
