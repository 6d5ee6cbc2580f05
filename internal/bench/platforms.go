package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/syncops/terraform-provider-syncops/internal/emulator"
	emujim "github.com/syncops/terraform-provider-syncops/internal/emulator/jim"
)

// platforms is the emulator of the bench: every platform, queued jobs short, and JIM's rate limit
// off (the bench measures the provider, not JIM's limiter).
func platforms() []emulator.Platform {
	jo := emujim.DefaultOptions()
	jo.JobDelay = 200 * time.Millisecond
	jo.RateLimit = 0
	return []emulator.Platform{emujim.New(jo)}
}

const requiredProviders = `terraform {
  required_providers {
    syncops = {
      source = "syncops/syncops"
    }
  }
}
`

func scenarios() []scenario {
	return []scenario{jimConnectedSystems(), jimRunProfiles()}
}

func jimConnectedSystems() scenario {
	return scenario{
		name:      "jim_connected_system",
		resources: func(n int) int { return n },
		config: func(url string, n int) string {
			var b strings.Builder
			b.WriteString(requiredProviders)
			fmt.Fprintf(&b, "provider \"syncops\" {\n  jim {\n    url        = %q\n    api_key    = %q\n    rate_limit = 0\n  }\n}\n", url, emujim.DefaultAPIKey)
			fmt.Fprintf(&b, `resource "syncops_jim_connected_system" "s" {
  count     = %d
  name      = "bench-${count.index}"
  connector = "JIM File Connector"
  settings = {
    "File Path"   = "/tmp/syncops-bench/${count.index}.csv"
    "Mode"        = "Export Only"
    "Object Type" = "person"
  }
}
`, n)
			return b.String()
		},
	}
}

// jimRunProfiles: N run profiles spread over 4 connected systems (a refresh should cost one list
// request per connected system, not one per run profile).
func jimRunProfiles() scenario {
	const systems = 4
	return scenario{
		name:      "jim_run_profile",
		resources: func(n int) int { return n + systems },
		config: func(url string, n int) string {
			var b strings.Builder
			b.WriteString(requiredProviders)
			fmt.Fprintf(&b, "provider \"syncops\" {\n  jim {\n    url        = %q\n    api_key    = %q\n    rate_limit = 0\n  }\n}\n", url, emujim.DefaultAPIKey)
			fmt.Fprintf(&b, `resource "syncops_jim_connected_system" "s" {
  count     = %d
  name      = "bench-rp-${count.index}"
  connector = "JIM SQL Connector"
}
resource "syncops_jim_run_profile" "p" {
  count               = %d
  connected_system_id = syncops_jim_connected_system.s[count.index %% %d].id
  name                = "Profile ${count.index}"
  run_type            = "FullImport"
}
`, systems, n, systems)
			return b.String()
		},
	}
}
