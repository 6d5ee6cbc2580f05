package polytomic_test

import (
	"fmt"
	"testing"

	"github.com/syncops/terraform-provider-syncops/internal/acctest"
	emupolytomic "github.com/syncops/terraform-provider-syncops/internal/emulator/polytomic"
)

// TestAccProvider_TLS reaches an HTTPS Polytomic: refused without ca_file, trusted with ca_file
// (or POLYTOMIC_CA_FILE), and accepted with a warning with insecure = true.
func TestAccProvider_TLS(t *testing.T) {
	t.Parallel()
	acctest.PreCheck(t)
	e, caFile := acctest.StartEmulatorTLS(t, emupolytomic.New(emupolytomic.Options{}))
	acctest.CheckTLSOptions(t, e, caFile, acctest.TLSOptionsCase{
		Platform:    "polytomic",
		DisplayName: "Polytomic",
		EnvCAFile:   "POLYTOMIC_CA_FILE",
		Provider: func(tls string) string {
			return fmt.Sprintf(`
provider "syncops" {
  polytomic {
    url     = %q
    api_key = %q
    %s
  }
}
`, e.URL, testAPIKey, tls)
		},
		Resources: `
resource "syncops_polytomic_connection" "prices" {
  name          = "TLS prices"
  type          = "csv"
  configuration = jsonencode({ url = "https://example.com/prices.csv" })
}
`,
	})
}
