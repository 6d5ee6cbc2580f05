package elasticsearch_test

import (
	"testing"

	"github.com/syncops/terraform-provider-syncops/internal/acctest"
	esemu "github.com/syncops/terraform-provider-syncops/internal/emulator/elasticsearch"
)

// TestAccProvider_TLS reaches an HTTPS cluster: refused without ca_file, trusted with ca_file
// (or ELASTICSEARCH_CA_FILE), and accepted with a warning with insecure = true.
func TestAccProvider_TLS(t *testing.T) {
	t.Parallel()
	acctest.PreCheck(t)
	e, caFile := acctest.StartEmulatorTLS(t, esemu.New(esemu.Options{}))
	c := &cluster{Emulator: e, t: t}
	acctest.CheckTLSOptions(t, e, caFile, acctest.TLSOptionsCase{
		Platform:    "elasticsearch",
		DisplayName: "Elasticsearch",
		EnvCAFile:   "ELASTICSEARCH_CA_FILE",
		Provider:    func(tls string) string { return c.provider(tls) },
		Resources: `
resource "syncops_elasticsearch_connector" "test" {
  connector_id = "tls"
  index_name   = "search-tls"
}
`,
	})
}
