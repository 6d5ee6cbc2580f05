package elasticsearch_test

import (
	"net/http"
	"net/http/httptest"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/syncops/terraform-provider-syncops/internal/acctest"
	esemu "github.com/syncops/terraform-provider-syncops/internal/emulator/elasticsearch"
)

const dataConnector = `
data "syncops_elasticsearch_connectors" "all" {}
`

// TestAccProvider_auth uses Basic and Bearer credentials, and names the cause of a 401.
func TestAccProvider_auth(t *testing.T) {
	t.Parallel()
	acctest.PreCheck(t)
	c := startCluster(t, "9.1.0")
	block := func(creds string) string {
		return `
provider "syncops" {
  elasticsearch {
    endpoints = ["` + c.URL + `"]
    ` + creds + `
  }
}
` + dataConnector
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{Config: block(`username = "` + esemu.DefaultUsername + `"
    password = "` + esemu.DefaultPassword + `"`)},
			{Config: block(`bearer_token = "` + esemu.DefaultBearerToken + `"`)},
			{
				Config:      block(`username = "elastic"` + "\n" + `password = "wrong-password"`),
				ExpectError: regexp.MustCompile(`(?s)HTTP 401.*security_exception.*unable\s+to\s+authenticate\s+user\s+\[elastic\]`),
			},
		},
	})
}

// TestAccProvider_notElasticsearch refuses a server without the X-Elastic-Product header.
func TestAccProvider_notElasticsearch(t *testing.T) {
	t.Parallel()
	acctest.PreCheck(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"version":{"number":"9.1.0"},"count":0,"results":[]}`))
	}))
	t.Cleanup(srv.Close)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: `
provider "syncops" {
  elasticsearch {
    endpoints = ["` + srv.URL + `"]
    api_key   = "abc123"
  }
}
resource "syncops_elasticsearch_connector" "test" {
  index_name = "search-x"
}
`,
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(`(?s)is not\s+Elasticsearch`),
		}, {
			// The data sources check too: this server's list answer would read as no connectors.
			Config: `
provider "syncops" {
  elasticsearch {
    endpoints = ["` + srv.URL + `"]
    api_key   = "abc123"
  }
}
data "syncops_elasticsearch_connectors" "all" {}
`,
			ExpectError: regexp.MustCompile(`(?s)Unable to list Elasticsearch connectors.*is not\s+Elasticsearch`),
		}},
	})
}

// TestAccDataSources lists with filters and reads one connector.
func TestAccDataSources(t *testing.T) {
	t.Parallel()
	acctest.PreCheck(t)
	c := startCluster(t, "9.1.0")
	c.es("PUT", "/_connector/a", `{"index_name":"search-a","name":"Alpha","service_type":"jira"}`)
	c.es("PUT", "/_connector/b", `{"index_name":"search-b","name":"Beta","service_type":"jira","description":"second"}`)
	c.es("PUT", "/_connector/c", `{"index_name":"search-c","name":"Gamma","service_type":"github"}`)
	c.es("PUT", "/_connector/a/_pipeline", `{"pipeline":{"name":"p","extract_binary_content":false,"reduce_whitespace":true,"run_ml_inference":false}}`)
	c.es("PUT", "/_connector/a/_configuration", `{"configuration":{"host":{"label":"Host","value":"h"},"secret":{"label":"S","sensitive":true,"value":"hidden-value"}}}`)
	c.es("DELETE", "/_connector/c", "")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: c.provider() + `
data "syncops_elasticsearch_connectors" "all" {}
data "syncops_elasticsearch_connectors" "jira" {
  service_types = ["jira"]
  query         = "Bet"
}
data "syncops_elasticsearch_connector" "a" {
  connector_id = "a"
}
`,
			Check: resource.ComposeTestCheckFunc(
				resource.TestCheckResourceAttr("data.syncops_elasticsearch_connectors.all", "connectors.#", "2"),
				resource.TestCheckResourceAttr("data.syncops_elasticsearch_connectors.all", "connectors.0.id", "a"),
				resource.TestCheckResourceAttr("data.syncops_elasticsearch_connectors.jira", "connectors.#", "1"),
				resource.TestCheckResourceAttr("data.syncops_elasticsearch_connectors.jira", "connectors.0.description", "second"),
				resource.TestCheckResourceAttr("data.syncops_elasticsearch_connector.a", "pipeline.name", "p"),
				resource.TestCheckResourceAttr("data.syncops_elasticsearch_connector.a", "status", "configured"),
				resource.TestCheckResourceAttr("data.syncops_elasticsearch_connector.a", "configuration_values", `{"host":"h"}`),
				resource.TestCheckResourceAttr("data.syncops_elasticsearch_connector.a", "scheduling.access_control.interval", "0 0 0 * * ?"),
			),
		}},
	})
}
