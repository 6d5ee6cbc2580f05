package reliability

import (
	"fmt"
	"time"

	"github.com/syncops/terraform-provider-syncops/internal/emulator"
	emues "github.com/syncops/terraform-provider-syncops/internal/emulator/elasticsearch"
	emuhaven "github.com/syncops/terraform-provider-syncops/internal/emulator/haven"
	emujim "github.com/syncops/terraform-provider-syncops/internal/emulator/jim"
	emupolytomic "github.com/syncops/terraform-provider-syncops/internal/emulator/polytomic"
)

// chaosPlatforms is the emulator of the chaos run: every platform, short jobs, and JIM's rate
// limit off (rate limiting has its own test; here 429s come from the injected faults).
func chaosPlatforms() []emulator.Platform {
	jo := emujim.DefaultOptions()
	jo.JobDelay = 300 * time.Millisecond
	jo.RateLimit = 0
	ho := emuhaven.Options{JobDelay: 300 * time.Millisecond, MaxConnectors: 1000}
	return []emulator.Platform{emujim.New(jo), emupolytomic.New(emupolytomic.Options{}), emues.New(emues.Options{}), emuhaven.New(ho)}
}

// chaosParts shares n resources between the platforms.
func chaosParts(url string, n int) []part {
	fifth := max(n/5, 1)
	jim := jimPart(url, n-3*fifth)
	// JIM takes resources three at a time (a system and its two run profiles): Polytomic takes
	// what is left over, so that the total is exactly n.
	return []part{jim, polytomicPart(url, n-jim.count-2*fifth), elasticsearchPart(url, fifth), havenPart(url, fifth)}
}

func polytomicPart(url string, n int) part {
	return part{
		platform:      "polytomic",
		providerBlock: fmt.Sprintf("  polytomic {\n    url     = %q\n    api_key = %q\n  }\n", url, emupolytomic.DefaultAPIKey),
		resources: fmt.Sprintf(`
resource "syncops_polytomic_connection" "chaos" {
  count         = %d
  name          = "chaos-${count.index}"
  type          = "csv"
  configuration = jsonencode({ url = "https://example.com/chaos/${count.index}.csv" })
}
`, n),
		expect: map[string]int{"connections": n},
		count:  n,
	}
}

// elasticsearchPart: half with a connector id (PUT), half without (POST, the id is the server's).
func elasticsearchPart(url string, n int) part {
	withID := n / 2
	return part{
		platform:      "elasticsearch",
		providerBlock: fmt.Sprintf("  elasticsearch {\n    endpoints = [%q]\n    api_key   = %q\n  }\n", url, emues.DefaultAPIKey),
		resources: fmt.Sprintf(`
resource "syncops_elasticsearch_connector" "with_id" {
  count        = %d
  connector_id = "chaos-${count.index}"
  name         = "chaos ${count.index}"
  index_name   = "search-chaos-${count.index}"
  service_type = "google_drive"
  scheduling   = { full = { enabled = true, interval = "0 0 0 * * ?" } }
}
resource "syncops_elasticsearch_connector" "generated_id" {
  count        = %d
  name         = "chaos generated ${count.index}"
  index_name   = "search-chaos-generated-${count.index}"
  service_type = "sharepoint_online"
}
`, withID, n-withID),
		expect: map[string]int{"connectors": n},
		count:  n,
	}
}

// jimPart: connected systems with two run profiles each (three resources per system).
func jimPart(url string, n int) part {
	systems := max(n/3, 1)
	return part{
		platform:      "jim",
		providerBlock: fmt.Sprintf("  jim {\n    url        = %q\n    api_key    = %q\n    rate_limit = 0\n  }\n", url, emujim.DefaultAPIKey),
		resources: fmt.Sprintf(`
resource "syncops_jim_connected_system" "chaos" {
  count     = %d
  name      = "chaos-${count.index}"
  connector = "JIM File Connector"
  settings = {
    "File Path"   = "/tmp/syncops-chaos/${count.index}.csv"
    "Mode"        = "Export Only"
    "Object Type" = "person"
  }
}
resource "syncops_jim_run_profile" "full" {
  count               = %d
  connected_system_id = syncops_jim_connected_system.chaos[count.index].id
  name                = "Full Import"
  run_type            = "FullImport"
}
resource "syncops_jim_run_profile" "export" {
  count               = %d
  connected_system_id = syncops_jim_connected_system.chaos[count.index].id
  name                = "Export"
  run_type            = "Export"
}
`, systems, systems, systems),
		expect: map[string]int{"connectedSystems": systems, "runProfiles": 2 * systems},
		count:  3 * systems,
	}
}

func havenPart(url string, n int) part {
	return part{
		platform:      "haven",
		providerBlock: fmt.Sprintf("  haven {\n    url     = %q\n    api_key = %q\n  }\n", url, emuhaven.DefaultAPIKey),
		resources: fmt.Sprintf(`
resource "syncops_haven_connector" "chaos" {
  count       = %d
  name        = "chaos-${count.index}"
  flavor      = "web_cloud"
  config      = jsonencode({ url = "https://www.example.com/${count.index}", max_pages = 50 })
  destination = jsonencode({ action = "addtotextindex", index = "chaos" })
  schedule    = jsonencode({ frequency = { frequency_type = "seconds", interval = 86400 } })
}
`, n),
		expect: map[string]int{"connectors": n},
		count:  n,
	}
}
