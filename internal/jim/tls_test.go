package jim_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/syncops/terraform-provider-syncops/internal/acctest"
	emujim "github.com/syncops/terraform-provider-syncops/internal/emulator/jim"
)

// TestAccProvider_TLS reaches an HTTPS JIM: refused without ca_file, trusted with ca_file (or
// JIM_CA_FILE), and accepted with a warning with insecure = true.
func TestAccProvider_TLS(t *testing.T) {
	t.Parallel()
	acctest.PreCheck(t)
	o := emujim.DefaultOptions()
	o.JobDelay = 200 * time.Millisecond
	e, caFile := acctest.StartEmulatorTLS(t, emujim.New(o))
	acctest.CheckTLSOptions(t, e, caFile, acctest.TLSOptionsCase{
		Platform:    "jim",
		DisplayName: "JIM",
		EnvCAFile:   "JIM_CA_FILE",
		Provider: func(tls string) string {
			return fmt.Sprintf(`
provider "syncops" {
  jim {
    url     = %q
    api_key = %q
    %s
  }
}
`, e.URL, emujim.DefaultAPIKey, tls)
		},
		Resources: `
resource "syncops_jim_connected_system" "hr" {
  name      = "TLS HR"
  connector = "JIM File Connector"
  settings = {
    "File Path"   = "/tmp/syncops-acc/hr.csv"
    "Mode"        = "Export Only"
    "Object Type" = "person"
  }
}
`,
	})
}
