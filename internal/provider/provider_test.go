package provider_test

import (
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/syncops/terraform-provider-syncops/internal/acctest"
	"github.com/syncops/terraform-provider-syncops/internal/emulator"
	emujim "github.com/syncops/terraform-provider-syncops/internal/emulator/jim"
)

// platformEnv is every environment variable a platform block falls back to: the tests here must
// not see the developer's own.
var platformEnv = []string{
	"JIM_URL", "JIM_API_KEY", "JIM_CA_FILE", "JIM_INSECURE",
	"POLYTOMIC_DEPLOYMENT_URL", "POLYTOMIC_API_KEY", "POLYTOMIC_DEPLOYMENT_KEY", "POLYTOMIC_ORGANIZATION_ID", "POLYTOMIC_CA_FILE", "POLYTOMIC_INSECURE",
	"ELASTICSEARCH_ENDPOINTS", "ELASTICSEARCH_API_KEY", "ELASTICSEARCH_USERNAME", "ELASTICSEARCH_PASSWORD", "ELASTICSEARCH_BEARER_TOKEN", "ELASTICSEARCH_CA_FILE", "ELASTICSEARCH_INSECURE",
	"HAVEN_URL", "HAVEN_API_KEY", "HAVEN_CA_FILE", "HAVEN_INSECURE",
	"SYNCOPS_REQUEST_TIMEOUT",
}

func TestMain(m *testing.M) {
	for _, v := range platformEnv {
		_ = os.Unsetenv(v)
	}
	os.Exit(m.Run())
}

// words matches a message whatever way terraform wraps its lines.
func words(s string) *regexp.Regexp {
	parts := strings.Fields(s)
	for i, p := range parts {
		parts[i] = regexp.QuoteMeta(p)
	}
	return regexp.MustCompile(strings.Join(parts, `\s+`))
}

// A resource or data source of a platform that neither its block nor its environment variables
// configure fails with an error naming the block and the variables.
func TestUnconfiguredPlatform(t *testing.T) {
	acctest.PreCheck(t)
	cases := []struct {
		platform, config string
		names            []string
	}{
		{"jim", `resource "syncops_jim_connected_system" "x" {
  name      = "a"
  connector = "JIM File Connector"
}`, []string{"jim {", "JIM_URL", "JIM_API_KEY"}},
		{"jim", `data "syncops_jim_connector_definition" "x" { name = "JIM File Connector" }`, []string{"jim {", "JIM_URL", "JIM_API_KEY"}},
		{"polytomic", `resource "syncops_polytomic_connection" "x" {
  name = "a"
  type = "csv"
}`, []string{"polytomic {", "POLYTOMIC_API_KEY", "POLYTOMIC_DEPLOYMENT_KEY", "POLYTOMIC_ORGANIZATION_ID"}},
		{"polytomic", `data "syncops_polytomic_connection_type" "x" { id = "csv" }`, []string{"polytomic {", "POLYTOMIC_API_KEY"}},
		{"elasticsearch", `resource "syncops_elasticsearch_connector" "x" {
  index_name   = "search-a"
  service_type = "google_drive"
}`, []string{"elasticsearch {", "ELASTICSEARCH_ENDPOINTS", "ELASTICSEARCH_API_KEY"}},
		{"elasticsearch", `data "syncops_elasticsearch_connectors" "x" {}`, []string{"elasticsearch {", "ELASTICSEARCH_ENDPOINTS"}},
		{"haven", `resource "syncops_haven_connector" "x" {
  name        = "a"
  flavor      = "web_cloud"
  config      = jsonencode({ url = "https://www.example.com" })
  destination = jsonencode({ action = "addtotextindex", index = "site" })
  schedule    = jsonencode({ frequency = { frequency_type = "seconds", interval = 86400 } })
}`, []string{"haven {", "HAVEN_API_KEY", "HAVEN_URL"}},
		{"haven", `data "syncops_haven_connector" "x" { name = "a" }`, []string{"haven {", "HAVEN_API_KEY"}},
	}
	for i, c := range cases {
		t.Run(fmt.Sprintf("%s-%d", c.platform, i), func(t *testing.T) {
			t.Parallel()
			for _, name := range c.names {
				resource.Test(t, resource.TestCase{
					ProtoV6ProviderFactories: acctest.ProviderFactories,
					Steps: []resource.TestStep{{
						Config:      "provider \"syncops\" {}\n" + c.config,
						ExpectError: regexp.MustCompile(`The ` + c.platform + ` platform is not configured[\s\S]*` + regexp.QuoteMeta(name)),
					}},
				})
			}
		})
	}
}

// request_timeout, and SYNCOPS_REQUEST_TIMEOUT without it, bound each HTTP attempt; a value that is
// not a positive duration is an error naming the attribute.
func TestRequestTimeout(t *testing.T) {
	acctest.PreCheck(t)
	emu := acctest.StartEmulator(t, emujim.New(emujim.DefaultOptions()))
	config := fmt.Sprintf(`
provider "syncops" {
  %%s
  jim {
    url     = %q
    api_key = %q
  }
}
data "syncops_jim_connector_definition" "file" { name = "JIM File Connector" }
`, emu.URL, emujim.DefaultAPIKey)

	t.Run("invalid", func(t *testing.T) {
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: acctest.ProviderFactories,
			Steps: []resource.TestStep{{
				Config:      fmt.Sprintf(config, `request_timeout = "soon"`),
				ExpectError: regexp.MustCompile(`Invalid request_timeout[\s\S]*` + words(`"soon" is not a positive Go duration`).String()),
			}},
		})
	})

	// Every answer takes 3 s: with attempts bounded to 1 s, reads fail on every attempt; with the
	// default 30 s, the same read succeeds.
	emu.Fault(emulator.FaultRule{Rate: 1, Kinds: []string{emulator.FaultSlow}, SlowDelayMS: 3000})
	t.Run("environment variable", func(t *testing.T) {
		t.Setenv("SYNCOPS_REQUEST_TIMEOUT", "1s")
		start := time.Now()
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: acctest.ProviderFactories,
			Steps: []resource.TestStep{{
				Config:      fmt.Sprintf(config, ""),
				ExpectError: regexp.MustCompile(`(?i)timeout|deadline`),
			}},
		})
		t.Logf("failed after %s", time.Since(start).Round(time.Millisecond))
	})
	t.Run("attribute wins over the environment", func(t *testing.T) {
		t.Setenv("SYNCOPS_REQUEST_TIMEOUT", "1s")
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: acctest.ProviderFactories,
			Steps:                    []resource.TestStep{{Config: fmt.Sprintf(config, `request_timeout = "20s"`)}},
		})
	})
}
