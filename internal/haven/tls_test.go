package haven_test

import (
	"fmt"
	"testing"

	"github.com/syncops/terraform-provider-syncops/internal/acctest"
	havenemu "github.com/syncops/terraform-provider-syncops/internal/emulator/haven"
)

// TestAccProvider_TLS reaches an HTTPS Haven OnDemand: refused without ca_file, trusted with
// ca_file (or HAVEN_CA_FILE), and accepted with a warning with insecure = true.
func TestAccProvider_TLS(t *testing.T) {
	t.Parallel()
	acctest.PreCheck(t)
	e, caFile := acctest.StartEmulatorTLS(t, havenemu.New(havenemu.Options{JobDelay: testJobDelay}))
	acctest.CheckTLSOptions(t, e, caFile, acctest.TLSOptionsCase{
		Platform:    "haven",
		DisplayName: "Haven OnDemand",
		EnvCAFile:   "HAVEN_CA_FILE",
		Provider: func(tls string) string {
			return fmt.Sprintf(`
provider "syncops" {
  haven {
    url     = %q
    api_key = %q
    %s
  }
}
`, e.URL, havenemu.DefaultAPIKey, tls)
		},
		Resources: `
resource "syncops_haven_connector" "site" {
  name        = "tls-site"
  flavor      = "web_cloud"
  config      = jsonencode({ url = "https://www.example.org" })
  destination = jsonencode({ action = "addtotextindex", index = "site" })
}
`,
	})
}
