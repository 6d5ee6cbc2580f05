package elasticsearch_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/syncops/terraform-provider-syncops/internal/acctest"
	esemu "github.com/syncops/terraform-provider-syncops/internal/emulator/elasticsearch"
)

// TestAccConnector_secretsNotLogged runs with TF_LOG=TRACE and checks that neither the API key
// nor a write-only configuration secret reaches the log. It does not call t.Parallel: the log
// settings are process-wide environment variables, and Go runs this sequential test before any
// parallel one resumes, so no other test sees them.
func TestAccConnector_secretsNotLogged(t *testing.T) {
	acctest.PreCheck(t)
	logFile := filepath.Join(t.TempDir(), "trace.log")
	t.Setenv("TF_ACC_LOG_PATH", logFile)
	t.Setenv("TF_LOG", "TRACE")
	c := startCluster(t, "9.1.0")
	const secret = "top-secret-db-password"
	// A secret written to a field the connector service did not flag sensitive: GET shows it.
	const unflagged = "unflagged-token-value"
	c.es("PUT", "/_connector/logged", `{"index_name":"search-logged"}`)
	c.es("PUT", "/_connector/logged/_configuration", `{"configuration":{"password":{"label":"Password","sensitive":true,"value":""},"token":{"label":"Token","value":""}}}`)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				ResourceName:       res,
				ImportState:        true,
				ImportStateId:      "logged",
				Config:             c.provider() + `resource "syncops_elasticsearch_connector" "test" { index_name = "search-logged" }`,
				ImportStatePersist: true,
			},
			{
				Config: c.provider() + `
resource "syncops_elasticsearch_connector" "test" {
  connector_id                     = "logged"
  index_name                       = "search-logged"
  configuration_secrets_wo         = jsonencode({ password = "` + secret + `", token = "` + unflagged + `" })
  configuration_secrets_wo_version = 1
}
`,
			},
		},
	})
	data, err := os.ReadFile(logFile)
	if err != nil {
		t.Fatal(err)
	}
	log := string(data)
	if os.Getenv("ES_KEEP_LOG") != "" {
		_ = os.WriteFile("/tmp/es_trace.log", data, 0o600)
	}
	if !strings.Contains(log, "API request body") || !strings.Contains(log, "_configuration") {
		t.Fatalf("the trace log does not hold the provider's request logs (%d bytes)", len(log))
	}
	doc, _ := c.platform.Connector("logged")
	if got := doc["configuration"].(map[string]any)["password"].(map[string]any)["value"]; got != secret {
		t.Fatalf("the secret was not sent: %v", got)
	}
	for i, line := range strings.Split(log, "\n") {
		if strings.HasPrefix(line, "  |") {
			continue // the test harness echoing the configuration it writes
		}
		for name, s := range map[string]string{"API key": esemu.DefaultAPIKey, "configuration secret": secret, "unflagged configuration secret": unflagged} {
			if strings.Contains(line, s) {
				t.Errorf("the %s appears in line %d of the TRACE log: %.300s", name, i+1, line)
			}
		}
	}
}
