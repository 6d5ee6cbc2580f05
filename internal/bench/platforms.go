package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/syncops/terraform-provider-syncops/internal/emulator"
	emues "github.com/syncops/terraform-provider-syncops/internal/emulator/elasticsearch"
	emuhaven "github.com/syncops/terraform-provider-syncops/internal/emulator/haven"
	emujim "github.com/syncops/terraform-provider-syncops/internal/emulator/jim"
	emupolytomic "github.com/syncops/terraform-provider-syncops/internal/emulator/polytomic"
)

// benchJobDelay is how long the emulator's asynchronous jobs take (JIM deletions, Haven jobs):
// short, so that the figures show the provider's polling rather than the emulated backend.
const benchJobDelay = 200 * time.Millisecond

// platforms is the emulator of the bench: every platform, queued jobs short, JIM's rate limit off
// (the bench measures the provider, not JIM's limiter), and Haven's connector quota raised so
// that n connectors fit in the account (the documented default is 50).
func platforms(n int) []emulator.Platform {
	jo := emujim.DefaultOptions()
	jo.JobDelay = benchJobDelay
	jo.RateLimit = 0
	ho := emuhaven.Options{
		JobDelay:      benchJobDelay,
		StopDuration:  benchJobDelay,
		MaxConnectors: max(n, emuhaven.DefaultMaxConnectors),
		MaxRunsPerDay: max(n, emuhaven.DefaultMaxRunsPerDay),
	}
	return []emulator.Platform{
		emujim.New(jo),
		emupolytomic.New(emupolytomic.Options{}),
		emues.New(emues.Options{}),
		emuhaven.New(ho),
	}
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
	return []scenario{jimConnectedSystems(), jimSystemsChangedInJIM(), jimRunProfiles(), polytomicConnections(), elasticsearchConnectors(), havenConnectors()}
}

// jimSystemsChangedInJIM is jim_connected_system with a setting of every system changed in JIM
// between the apply and the plan: the refresh reads each one's settings back (drift shows).
func jimSystemsChangedInJIM() scenario {
	sc := jimConnectedSystems()
	sc.name = "jim_connected_system_changed"
	sc.beforePlan = changeEveryJIMSystem
	return sc
}

// changeEveryJIMSystem sets "Object Type" of every connected system to "account" through JIM's API.
func changeEveryJIMSystem(url string) error {
	call := func(method, path string, body, out any) error {
		var rd io.Reader
		if body != nil {
			b, err := json.Marshal(body)
			if err != nil {
				return err
			}
			rd = bytes.NewReader(b)
		}
		req, err := http.NewRequest(method, url+path, rd)
		if err != nil {
			return err
		}
		req.Header.Set("X-API-Key", emujim.DefaultAPIKey)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return err
		}
		defer func() { _ = resp.Body.Close() }()
		data, err := io.ReadAll(resp.Body)
		if err != nil {
			return err
		}
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("%s %s: HTTP %d %s", method, path, resp.StatusCode, data)
		}
		if out == nil {
			return nil
		}
		return json.Unmarshal(data, out)
	}
	var def struct {
		Settings []struct {
			ID   int    `json:"id"`
			Name string `json:"name"`
		} `json:"settings"`
	}
	if err := call("GET", "/api/v1/synchronisation/connector-definitions/by-name/JIM%20File%20Connector", nil, &def); err != nil {
		return err
	}
	objectType := 0
	for _, s := range def.Settings {
		if s.Name == "Object Type" {
			objectType = s.ID
		}
	}
	if objectType == 0 {
		return fmt.Errorf("the File connector has no Object Type setting")
	}
	for page := 1; ; page++ {
		var list struct {
			Items []struct {
				ID int `json:"id"`
			} `json:"items"`
			HasNextPage bool `json:"hasNextPage"`
		}
		if err := call("GET", fmt.Sprintf("/api/v1/synchronisation/connected-systems?sortBy=id&pageSize=100&page=%d", page), nil, &list); err != nil {
			return err
		}
		for _, it := range list.Items {
			body := map[string]any{"settingValues": map[string]any{strconv.Itoa(objectType): map[string]string{"stringValue": "account"}}}
			if err := call("PUT", fmt.Sprintf("/api/v1/synchronisation/connected-systems/%d", it.ID), body, nil); err != nil {
				return err
			}
		}
		if !list.HasNextPage {
			return nil
		}
	}
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

func polytomicConnections() scenario {
	return scenario{
		name:      "polytomic_connection",
		resources: func(n int) int { return n },
		config: func(url string, n int) string {
			var b strings.Builder
			b.WriteString(requiredProviders)
			fmt.Fprintf(&b, "provider \"syncops\" {\n  polytomic {\n    url     = %q\n    api_key = %q\n  }\n}\n", url, emupolytomic.DefaultAPIKey)
			fmt.Fprintf(&b, `resource "syncops_polytomic_connection" "c" {
  count         = %d
  name          = "bench-${count.index}"
  type          = "csv"
  configuration = jsonencode({ url = "https://example.com/bench/${count.index}.csv" })
}
`, n)
			return b.String()
		},
	}
}

// elasticsearchConnectors: connectors with an id chosen in the configuration (created by PUT).
func elasticsearchConnectors() scenario {
	return scenario{
		name:      "elasticsearch_connector",
		resources: func(n int) int { return n },
		config: func(url string, n int) string {
			var b strings.Builder
			b.WriteString(requiredProviders)
			fmt.Fprintf(&b, "provider \"syncops\" {\n  elasticsearch {\n    endpoints = [%q]\n    api_key   = %q\n  }\n}\n", url, emues.DefaultAPIKey)
			fmt.Fprintf(&b, `resource "syncops_elasticsearch_connector" "c" {
  count        = %d
  connector_id = "bench-${count.index}"
  name         = "bench ${count.index}"
  index_name   = "search-bench-${count.index}"
  service_type = "google_drive"
  scheduling   = { full = { enabled = true, interval = "0 0 0 * * ?" } }
}
`, n)
			return b.String()
		},
	}
}

// havenConnectors: cloud web crawlers; every create, update and delete is an asynchronous HOD job
// the provider waits for.
func havenConnectors() scenario {
	return scenario{
		name:      "haven_connector",
		resources: func(n int) int { return n },
		config: func(url string, n int) string {
			var b strings.Builder
			b.WriteString(requiredProviders)
			fmt.Fprintf(&b, "provider \"syncops\" {\n  haven {\n    url     = %q\n    api_key = %q\n  }\n}\n", url, emuhaven.DefaultAPIKey)
			fmt.Fprintf(&b, `resource "syncops_haven_connector" "c" {
  count       = %d
  name        = "bench-${count.index}"
  flavor      = "web_cloud"
  config      = jsonencode({ url = "https://www.example.com/${count.index}" })
  destination = jsonencode({ action = "addtotextindex", index = "bench" })
  schedule    = jsonencode({ frequency = { frequency_type = "seconds", interval = 86400 } })
}
`, n)
			return b.String()
		},
	}
}

// officialPolytomic is polytomicConnections through the official provider
// (polytomic/terraform-provider-polytomic, given by -official-polytomic): the same CSV connections
// against the same emulator, so that the two providers are compared in one run.
func officialPolytomic() scenario {
	return scenario{
		name:      "official_polytomic",
		resources: func(n int) int { return n },
		config: func(url string, n int) string {
			return fmt.Sprintf(`terraform {
  required_providers {
    polytomic = { source = "polytomic/polytomic" }
  }
}
provider "polytomic" {
  deployment_url = %q
  api_key        = %q
}
resource "polytomic_csv_connection" "c" {
  count = %d
  name  = "official-${count.index}"
  configuration = {
    url = "https://example.com/official/${count.index}.csv"
  }
}
`, url, emupolytomic.DefaultAPIKey, n)
		},
	}
}
