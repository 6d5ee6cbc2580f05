package elasticsearch_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/syncops/terraform-provider-syncops/internal/acctest"
	"github.com/syncops/terraform-provider-syncops/internal/emulator"
	esemu "github.com/syncops/terraform-provider-syncops/internal/emulator/elasticsearch"
)

const res = "syncops_elasticsearch_connector.test"

type cluster struct {
	*acctest.Emulator
	t        *testing.T
	platform *esemu.Platform
}

// startCluster starts an emulated cluster whose connector service is down (held): sync jobs stay
// pending and filtering drafts edited unless a test releases the service.
func startCluster(t *testing.T, version string) *cluster {
	t.Helper()
	p := esemu.New(esemu.Options{Version: version})
	p.HoldService()
	return &cluster{Emulator: acctest.StartEmulator(t, p), t: t, platform: p}
}

// provider is the provider block with the emulator's URL and test API key.
func (c *cluster) provider(extra ...string) string {
	return fmt.Sprintf(`
provider "syncops" {
  elasticsearch {
    endpoints = [%q]
    api_key   = %q
    %s
  }
}
`, c.URL, esemu.DefaultAPIKey, strings.Join(extra, "\n    "))
}

// es calls the emulated cluster out of band (as another tool or the connector service would).
func (c *cluster) es(method, path, body string) {
	c.t.Helper()
	var b any
	if body != "" {
		b = json.RawMessage(body)
	}
	status, data := c.Raw(method, path, b, http.Header{"Authorization": {"ApiKey " + esemu.DefaultAPIKey}})
	if status >= 300 {
		c.t.Fatalf("%s %s: HTTP %d: %s", method, path, status, data)
	}
}

func (c *cluster) doc(id string) map[string]any {
	c.t.Helper()
	d, ok := c.platform.Connector(id)
	if !ok {
		c.t.Fatalf("connector %s is not stored in the emulator", id)
	}
	return d
}

// writes counts every PUT, POST and DELETE the emulator served, by route.
func (c *cluster) writes() map[string]int {
	out := map[string]int{}
	for k, v := range c.Stats() {
		if n, ok := v.(float64); ok && (strings.HasPrefix(k, "PUT ") || strings.HasPrefix(k, "POST ") || strings.HasPrefix(k, "DELETE ")) {
			out[k] = int(n)
		}
	}
	return out
}

// expectWrites checks the write counts by route since the last snapshot.
func (c *cluster) expectWrites(before *map[string]int, want map[string]int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		now := c.writes()
		diff := map[string]int{}
		for k, v := range now {
			if d := v - (*before)[k]; d != 0 {
				diff[k] = d
			}
		}
		*before = now
		for k, v := range want {
			if diff[k] != v {
				return fmt.Errorf("route %s was called %d times, want %d (all writes: %v)", k, diff[k], v, diff)
			}
		}
		for k, v := range diff {
			if _, expected := want[k]; !expected {
				return fmt.Errorf("unexpected write %s x%d (all writes: %v)", k, v, diff)
			}
		}
		return nil
	}
}

func check(f func() error) resource.TestCheckFunc {
	return func(*terraform.State) error { return f() }
}

// TestAccConnector_lifecycle creates a connector with an id and changes each group alone,
// asserting through the emulator that only that group's sub-endpoint was called and that no PUT
// ever hit the existing id; on 8.x and 9.x.
func TestAccConnector_lifecycle(t *testing.T) {
	for _, version := range []string{"8.14.3", "9.1.0"} {
		t.Run(version, func(t *testing.T) {
			t.Parallel()
			acctest.PreCheck(t)
			c := startCluster(t, version)
			id := "drive"
			base := map[string]string{
				"name": `"Google Drive"`, "index_name": `"search-google-drive"`, "service_type": `"google_drive"`,
				"scheduling": `{ full = { enabled = true, interval = "0 0 0 * * ?" } }`,
			}
			config := func(overrides map[string]string) string {
				attrs := map[string]string{}
				for k, v := range base {
					attrs[k] = v
				}
				for k, v := range overrides {
					attrs[k] = v
				}
				var b strings.Builder
				fmt.Fprintf(&b, "%s\nresource \"syncops_elasticsearch_connector\" \"test\" {\n  connector_id = %q\n", c.provider(), id)
				for _, k := range []string{"name", "description", "index_name", "service_type", "language", "scheduling", "pipeline", "api_key_id", "delete_sync_jobs", "hard_delete"} {
					if v, ok := attrs[k]; ok && v != "" {
						fmt.Fprintf(&b, "  %s = %s\n", k, v)
					}
				}
				b.WriteString("}\n")
				return b.String()
			}
			writes := map[string]int{}
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.ProviderFactories,
				CheckDestroy: check(func() error {
					if n := c.Count("elasticsearch", "connectors"); n != 0 {
						return fmt.Errorf("%d connectors left", n)
					}
					// hard_delete is false: 9.x deletes softly (the document stays, marked
					// deleted), 8.x has only the real delete.
					wantSoft := 0
					if strings.HasPrefix(version, "9.") {
						wantSoft = 1
					}
					if n := c.Count("elasticsearch", "deletedConnectors"); n != wantSoft {
						return fmt.Errorf("%d soft-deleted connectors, want %d", n, wantSoft)
					}
					if n := c.Count("elasticsearch", "syncJobs"); n != 0 {
						return fmt.Errorf("%d sync jobs left: delete_sync_jobs = true was not applied at destroy", n)
					}
					return nil
				}),
				Steps: []resource.TestStep{
					{
						Config: config(nil),
						ConfigStateChecks: []statecheck.StateCheck{
							statecheck.ExpectKnownValue(res, tfjsonpath.New("id"), knownvalue.StringExact(id)),
							statecheck.ExpectKnownValue(res, tfjsonpath.New("status"), knownvalue.StringExact("created")),
							statecheck.ExpectKnownValue(res, tfjsonpath.New("is_native"), knownvalue.Bool(false)),
							statecheck.ExpectKnownValue(res, tfjsonpath.New("scheduling").AtMapKey("incremental").AtMapKey("interval"), knownvalue.StringExact("0 0 0 * * ?")),
							statecheck.ExpectKnownValue(res, tfjsonpath.New("pipeline"), knownvalue.Null()),
							statecheck.ExpectKnownValue(res, tfjsonpath.New("delete_sync_jobs"), knownvalue.Bool(false)),
						},
						Check: resource.ComposeTestCheckFunc(
							c.expectWrites(&writes, map[string]int{"PUT /_connector/{id}": 1, "PUT /_connector/{id}/_scheduling": 1}),
							check(func() error {
								full := c.doc(id)["scheduling"].(map[string]any)["full"].(map[string]any)
								if full["enabled"] != true {
									return fmt.Errorf("scheduling.full on the server: %v", full)
								}
								return nil
							}),
						),
					},
					{
						Config:            config(map[string]string{"name": `"Drive (renamed)"`}),
						ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(res, plancheck.ResourceActionUpdate)}},
						Check:             c.expectWrites(&writes, map[string]int{"PUT /_connector/{id}/_name": 1}),
						ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownValue(res, tfjsonpath.New("name"), knownvalue.StringExact("Drive (renamed)"))},
					},
					{
						Config: config(map[string]string{"name": `"Drive (renamed)"`, "scheduling": `{
    full        = { enabled = true, interval = "0 0 0 * * ?" }
    incremental = { enabled = true, interval = "0 0 */6 * * ?" }
  }`}),
						Check: resource.ComposeTestCheckFunc(
							c.expectWrites(&writes, map[string]int{"PUT /_connector/{id}/_scheduling": 1}),
							check(func() error {
								s := c.doc(id)["scheduling"].(map[string]any)
								if s["incremental"].(map[string]any)["enabled"] != true || s["full"].(map[string]any)["enabled"] != true {
									return fmt.Errorf("scheduling on the server: %v", s)
								}
								return nil
							}),
						),
					},
					{
						Config: config(map[string]string{"name": `"Drive (renamed)"`, "description": `"Shared drive"`,
							"pipeline": `{ name = "search-default-ingestion" }`, "api_key_id": `"key-1"`}),
						Check: c.expectWrites(&writes, map[string]int{"PUT /_connector/{id}/_name": 1, "PUT /_connector/{id}/_pipeline": 1, "PUT /_connector/{id}/_api_key_id": 1}),
						ConfigStateChecks: []statecheck.StateCheck{
							statecheck.ExpectKnownValue(res, tfjsonpath.New("pipeline").AtMapKey("extract_binary_content"), knownvalue.Bool(true)),
							statecheck.ExpectKnownValue(res, tfjsonpath.New("scheduling").AtMapKey("full").AtMapKey("enabled"), knownvalue.Bool(true)),
						},
					},
					{
						Config: config(map[string]string{"name": `"Drive (renamed)"`, "description": `"Shared drive"`,
							"pipeline": `{ name = "search-default-ingestion" }`, "api_key_id": `"key-1"`,
							"index_name": `"search-drive-v2"`, "service_type": `"sharepoint_online"`}),
						Check: c.expectWrites(&writes, map[string]int{"PUT /_connector/{id}/_index_name": 1, "PUT /_connector/{id}/_service_type": 1}),
						ConfigStateChecks: []statecheck.StateCheck{
							statecheck.ExpectKnownValue(res, tfjsonpath.New("index_name"), knownvalue.StringExact("search-drive-v2")),
							statecheck.ExpectKnownValue(res, tfjsonpath.New("pipeline").AtMapKey("name"), knownvalue.StringExact("search-default-ingestion")),
							statecheck.ExpectKnownValue(res, tfjsonpath.New("api_key_id"), knownvalue.StringExact("key-1")),
						},
					},
					{
						// Delete options alone cost no API call.
						Config: config(map[string]string{"name": `"Drive (renamed)"`, "description": `"Shared drive"`,
							"pipeline": `{ name = "search-default-ingestion" }`, "api_key_id": `"key-1"`,
							"index_name": `"search-drive-v2"`, "service_type": `"sharepoint_online"`, "delete_sync_jobs": "true"}),
						Check: resource.ComposeTestCheckFunc(
							c.expectWrites(&writes, map[string]int{}),
							// A sync job that destroy must remove, since delete_sync_jobs is now true.
							check(func() error { c.es("POST", "/_connector/_sync_job", `{"id":"`+id+`"}`); return nil }),
						),
					},
					{
						ResourceName:            res,
						ImportState:             true,
						ImportStateId:           id,
						ImportStateVerify:       true,
						ImportStateVerifyIgnore: []string{"delete_sync_jobs", "timeouts"},
					},
				},
			})
		})
	}
}

// TestAccConnector_withoutID creates through POST on 8.x, refuses hard_delete there at plan time,
// and deletes the sync jobs with the connector.
func TestAccConnector_withoutID(t *testing.T) {
	t.Parallel()
	acctest.PreCheck(t)
	c := startCluster(t, "8.17.0")
	cfg := func(extra string) string {
		return c.provider() + `
resource "syncops_elasticsearch_connector" "test" {
  index_name       = "search-auto"
  service_type     = "jira"
  delete_sync_jobs = true
  ` + extra + `
}
`
	}
	var id string
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy: check(func() error {
			st := c.State()["elasticsearch"]
			if st["connectors"] != 0 || st["deletedConnectors"] != 0 || st["syncJobs"] != 0 {
				return fmt.Errorf("after destroy on 8.x: %v", st)
			}
			return nil
		}),
		Steps: []resource.TestStep{
			{
				Config:      cfg("hard_delete = true"),
				ExpectError: regexp.MustCompile(`hard_delete needs Elasticsearch 9\.0 or later`),
			},
			{
				Config: cfg(""),
				Check: resource.ComposeTestCheckFunc(
					resource.TestMatchResourceAttr(res, "id", regexp.MustCompile(`^[A-Za-z0-9_-]{20}$`)),
					resource.TestCheckResourceAttrPair(res, "id", res, "connector_id"),
					func(s *terraform.State) error {
						id = s.RootModule().Resources[res].Primary.ID
						if n := c.Requests("POST /_connector"); n != 1 {
							return fmt.Errorf("POST /_connector called %d times", n)
						}
						// Two sync jobs that destroy must remove with the connector.
						c.es("POST", "/_connector/_sync_job", `{"id":"`+id+`"}`)
						c.es("POST", "/_connector/_sync_job", `{"id":"`+id+`","job_type":"incremental"}`)
						if n := c.Count("elasticsearch", "syncJobs"); n != 2 {
							return fmt.Errorf("syncJobs = %d", n)
						}
						return nil
					},
				),
			},
		},
	})
}

// TestAccConnector_hardDelete applies hard_delete alone, which costs no API call, and the destroy
// that follows removes the document on 9.x (no soft delete) and keeps the sync jobs.
func TestAccConnector_hardDelete(t *testing.T) {
	t.Parallel()
	acctest.PreCheck(t)
	c := startCluster(t, "9.1.0")
	cfg := func(extra string) string {
		return c.provider() + `
resource "syncops_elasticsearch_connector" "test" {
  connector_id = "hard"
  index_name   = "search-hard"
  service_type = "mysql"
  ` + extra + `
}
`
	}
	writes := map[string]int{}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy: check(func() error {
			st := c.State()["elasticsearch"]
			if st["connectors"] != 0 || st["deletedConnectors"] != 0 || st["syncJobs"] != 1 {
				return fmt.Errorf("after a hard delete without delete_sync_jobs: %v", st)
			}
			if c.Requests("DELETE /_connector/{id}") != 1 {
				return fmt.Errorf("DELETE called %d times", c.Requests("DELETE /_connector/{id}"))
			}
			return nil
		}),
		Steps: []resource.TestStep{
			{
				Config: cfg(""),
				Check: resource.ComposeTestCheckFunc(
					// A sync job that the destroy must keep (delete_sync_jobs is false).
					check(func() error { c.es("POST", "/_connector/_sync_job", `{"id":"hard"}`); return nil }),
					c.expectWrites(&writes, map[string]int{"PUT /_connector/{id}": 1, "POST /_connector/_sync_job": 1}),
				),
			},
			{
				Config: cfg("hard_delete = true"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(res, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(res, tfjsonpath.New("hard_delete"), knownvalue.Bool(true)),
				},
				// The update stores the option for the destroy and calls nothing.
				Check: c.expectWrites(&writes, map[string]int{}),
			},
		},
	})
}

// TestAccConnector_drift shows out-of-band changes as drift, puts them back through the
// sub-endpoints only, and recreates a connector deleted outside Terraform.
func TestAccConnector_drift(t *testing.T) {
	t.Parallel()
	acctest.PreCheck(t)
	c := startCluster(t, "9.1.0")
	cfg := c.provider() + `
resource "syncops_elasticsearch_connector" "test" {
  connector_id = "drift"
  name         = "Drift"
  index_name   = "search-drift"
  service_type = "confluence"
  scheduling   = { full = { enabled = true, interval = "0 0 1 * * ?" } }
}
`
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{Config: cfg},
			{
				PreConfig: func() {
					c.es("PUT", "/_connector/drift/_name", `{"name":"Changed by hand"}`)
					c.es("PUT", "/_connector/drift/_scheduling", `{"scheduling":{"full":{"enabled":false,"interval":"0 0 1 * * ?"},"incremental":{"enabled":true,"interval":"0 0 2 * * ?"}}}`)
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(res, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(res, tfjsonpath.New("name"), knownvalue.StringExact("Drift")),
				}},
				Check: check(func() error {
					d := c.doc("drift")
					s := d["scheduling"].(map[string]any)
					if d["name"] != "Drift" || s["full"].(map[string]any)["enabled"] != true {
						return fmt.Errorf("not put back: name %v, scheduling %v", d["name"], s)
					}
					// incremental is not in the configuration: its server value is kept.
					if s["incremental"].(map[string]any)["enabled"] != true {
						return fmt.Errorf("incremental was changed: %v", s)
					}
					if n := c.Requests("PUT /_connector/{id}"); n != 1 {
						return fmt.Errorf("PUT /_connector/{id} called %d times: an update must never re-PUT", n)
					}
					return nil
				}),
			},
			{
				PreConfig: func() { c.es("DELETE", "/_connector/drift", "") },
				Config:    cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(res, plancheck.ResourceActionCreate),
				}},
				Check: check(func() error {
					if d := c.doc("drift"); d["deleted"] != false {
						return fmt.Errorf("not recreated: %v", d["deleted"])
					}
					return nil
				}),
			},
		},
	})
}

// Elasticsearch stores a schedule's interval upper-cased (its Cron class): one written in lower case
// applies without an inconsistent result, plans empty, and a real change of it is still planned.
func TestAccConnector_lowerCaseInterval(t *testing.T) {
	t.Parallel()
	acctest.PreCheck(t)
	c := startCluster(t, "9.1.0")
	cfg := func(interval string) string {
		return c.provider() + fmt.Sprintf(`
resource "syncops_elasticsearch_connector" "test" {
  connector_id = "weekdays"
  name         = "Weekdays"
  index_name   = "search-weekdays"
  service_type = "confluence"
  scheduling   = { full = { enabled = true, interval = %q } }
}
`, interval)
	}
	stored := func(want string) resource.TestCheckFunc {
		return check(func() error {
			got := c.doc("weekdays")["scheduling"].(map[string]any)["full"].(map[string]any)["interval"]
			if got != want {
				return fmt.Errorf("Elasticsearch holds interval %v, want %q", got, want)
			}
			return nil
		})
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: cfg("0 0 9 ? * mon-fri"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeTestCheckFunc(stored("0 0 9 ? * MON-FRI"),
					resource.TestCheckResourceAttr(res, "scheduling.full.interval", "0 0 9 ? * mon-fri")),
			},
			{
				Config: cfg("0 0 9 ? * sat"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(res, plancheck.ResourceActionUpdate),
				}},
				Check: stored("0 0 9 ? * SAT"),
			},
		},
	})
}

// TestAccConnector_existingID refuses to create over an existing connector (a PUT would reset it).
func TestAccConnector_existingID(t *testing.T) {
	t.Parallel()
	acctest.PreCheck(t)
	c := startCluster(t, "9.1.0")
	c.es("PUT", "/_connector/taken", `{"index_name":"search-taken","name":"Keep me"}`)
	c.es("PUT", "/_connector/taken/_scheduling", `{"scheduling":{"full":{"enabled":true,"interval":"0 0 3 * * ?"}}}`)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: c.provider() + `
resource "syncops_elasticsearch_connector" "test" {
  connector_id = "taken"
  index_name   = "search-taken"
}
`,
				ExpectError: regexp.MustCompile(`(?s)already exists.*terraform import`),
			},
			{
				Config: c.provider() + `
data "syncops_elasticsearch_connector" "taken" {
  connector_id = "taken"
}
`,
				Check: resource.ComposeTestCheckFunc(
					resource.TestCheckResourceAttr("data.syncops_elasticsearch_connector.taken", "name", "Keep me"),
					resource.TestCheckResourceAttr("data.syncops_elasticsearch_connector.taken", "scheduling.full.enabled", "true"),
				),
			},
		},
	})
}

// TestAccConnector_configurationValues sets values once the connector service registered the
// fields, with a write-only secret that never reaches state.
func TestAccConnector_configurationValues(t *testing.T) {
	t.Parallel()
	acctest.PreCheck(t)
	c := startCluster(t, "9.1.0")
	cfg := func(extra string) string {
		return c.provider() + `
resource "syncops_elasticsearch_connector" "test" {
  connector_id = "mysql"
  index_name   = "search-mysql"
  service_type = "mysql"
  ` + extra + `
}
`
	}
	const secret = "s3cret-password-value"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{Config: cfg("")},
			{
				PreConfig: func() {
					// What the connector service does when it starts: register its fields.
					c.es("PUT", "/_connector/mysql/_configuration", `{"configuration":{
						"host":{"label":"Host","display":"textbox","value":""},
						"port":{"label":"Port","display":"numeric","value":3306},
						"password":{"label":"Password","display":"textbox","sensitive":true,"value":""}}}`)
				},
				Config: cfg(`configuration_values = jsonencode({ host = "db.example.com", port = 3307 })
  configuration_secrets_wo         = jsonencode({ password = "` + secret + `" })
  configuration_secrets_wo_version = 1`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(res, tfjsonpath.New("status"), knownvalue.StringExact("configured")),
					statecheck.ExpectKnownValue(res, tfjsonpath.New("configuration_secrets_wo"), knownvalue.Null()),
				},
				Check: resource.ComposeTestCheckFunc(
					check(func() error {
						conf := c.doc("mysql")["configuration"].(map[string]any)
						if conf["host"].(map[string]any)["value"] != "db.example.com" || conf["password"].(map[string]any)["value"] != secret {
							return fmt.Errorf("configuration on the server: %v", conf)
						}
						return nil
					}),
					func(s *terraform.State) error {
						for k, v := range s.RootModule().Resources[res].Primary.Attributes {
							if strings.Contains(v, secret) {
								return fmt.Errorf("the secret is in state attribute %s", k)
							}
						}
						return nil
					},
				),
			},
			{
				// The value changed on the server shows as drift.
				PreConfig: func() { c.es("PUT", "/_connector/mysql/_configuration", `{"values":{"host":"other"}}`) },
				Config: cfg(`configuration_values = jsonencode({ host = "db.example.com", port = 3307 })
  configuration_secrets_wo         = jsonencode({ password = "` + secret + `" })
  configuration_secrets_wo_version = 1`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(res, plancheck.ResourceActionUpdate)}},
			},
		},
	})
}

// TestAccConnector_planTimeChecks rejects bad values before any API call.
func TestAccConnector_planTimeChecks(t *testing.T) {
	t.Parallel()
	acctest.PreCheck(t)
	c := startCluster(t, "9.1.0")
	step := func(body, want string) resource.TestStep {
		return resource.TestStep{
			Config:      c.provider() + "resource \"syncops_elasticsearch_connector\" \"test\" {\n" + body + "\n}\n",
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(want),
		}
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			step(`index_name = "search:upper"`, `must not contain ':'`),
			step(`index_name = "search with space"`, `must not contain`),
			step(`index_name = "search-x"
is_native = true`, `must start with the prefix: \[content-\]`),
			step(`index_name = "search-x"
scheduling = { full = { enabled = true, interval = "0 0 0 * * *" } }`, `(?s)Invalid schedule interval.*day-of-week AND a day-of-month`),
			step(`index_name = "search-x"
scheduling = { full = { enabled = true, interval = "every day" } }`, `want 6 or 7`),
			step(`connector_id = "_sync_job"`, `value must be none of`),
			step(`connector_id = "a/b"`, `must hold only letters, digits`),
		},
	})
	if n := c.Requests("PUT /_connector/{id}") + c.Requests("POST /_connector"); n != 0 {
		t.Errorf("plan-time checks made %d create calls", n)
	}
}

// TestAccConnector_index8x needs an index before 8.16.
func TestAccConnector_index8x(t *testing.T) {
	t.Parallel()
	acctest.PreCheck(t)
	c := startCluster(t, "8.15.0")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      c.provider() + `resource "syncops_elasticsearch_connector" "test" { name = "No index" }`,
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(`index_name needs Elasticsearch 8\.16 or later`),
		}},
	})
}

// TestAccConnector_errors shows Elasticsearch's type and reason, and recovers a POST whose
// answer was lost (after the cluster processed it) by finding the connector through its (unique)
// index name.
func TestAccConnector_errors(t *testing.T) {
	t.Parallel()
	acctest.PreCheck(t)
	c := startCluster(t, "9.1.0")
	c.es("PUT", "/_connector/other", `{"index_name":"search-used"}`)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: c.provider() + `
resource "syncops_elasticsearch_connector" "test" {
  index_name = "search-used"
}
`,
				ExpectError: regexp.MustCompile(`(?s)Unable to create Elasticsearch connector.*HTTP 400.*status_exception.*Index name \[search-used\] is used by\s+another connector`),
			},
			{
				PreConfig: func() {
					c.Fault(emulator.FaultRule{Route: "POST /_connector", Kind: emulator.FaultDrop, Count: 1})
				},
				Config: c.provider() + `
resource "syncops_elasticsearch_connector" "test" {
  index_name = "search-lost-answer"
}
`,
				Check: check(func() error {
					if n := c.Server.Faults().Injected()[emulator.FaultDrop]; n != 1 {
						return fmt.Errorf("%d answers dropped, want 1: the create's answer was never lost", n)
					}
					if n := c.Requests("POST /_connector"); n != 2 {
						return fmt.Errorf("POST /_connector called %d times, want 2 (the failed one and the lost one, never re-sent)", n)
					}
					if n := c.Count("elasticsearch", "connectors"); n != 2 {
						return fmt.Errorf("%d connectors, want 2 (no duplicate)", n)
					}
					return nil
				}),
			},
		},
	})
}

// TestAccConnector_native switches to Elastic-managed with a content- index in one apply: the
// index moves first, then the flag.
func TestAccConnector_native(t *testing.T) {
	t.Parallel()
	acctest.PreCheck(t)
	c := startCluster(t, "9.1.0")
	cfg := func(index, native string) string {
		if native != "" {
			native = "is_native = " + native
		}
		return c.provider() + `
resource "syncops_elasticsearch_connector" "test" {
  connector_id = "n"
  index_name   = "` + index + `"
  service_type = "google_drive"
  ` + native + `
}
`
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{Config: cfg("search-n", "false")},
			{
				Config: cfg("content-n", "true"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(res, tfjsonpath.New("is_native"), knownvalue.Bool(true)),
				},
			},
			{
				// is_native is not in the configuration but the state says true: still a plan-time error.
				Config:      cfg("search-other", ""),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Elastic-managed.*must start with the prefix: \[content-\]`),
			},
			{Config: cfg("search-n", "false")},
		},
	})
}

// TestAccConnector_olderClusters follows what 8.x takes: on 8.13 _scheduling needs all three
// schedules (the provider sends the ones not configured from the state or a new connector's
// default), and before 9.0 an Elastic-managed connector may use a search- index.
func TestAccConnector_olderClusters(t *testing.T) {
	t.Parallel()
	acctest.PreCheck(t)
	c := startCluster(t, "8.13.4")
	cfg := func(interval string) string {
		return c.provider() + `
resource "syncops_elasticsearch_connector" "test" {
  connector_id = "old"
  index_name   = "search-old"
  service_type = "google_drive"
  is_native    = true
  scheduling   = { full = { enabled = true, interval = "` + interval + `" } }
}
`
	}
	incrementalUntouched := func(*terraform.State) error {
		inc, _ := c.doc("old")["scheduling"].(map[string]any)["incremental"].(map[string]any)
		if inc["enabled"] != false || inc["interval"] != "0 0 0 * * ?" {
			return fmt.Errorf("incremental schedule is %v, want the default", inc)
		}
		return nil
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:           cfg("0 0 1 * * ?"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(res, tfjsonpath.New("is_native"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(res, tfjsonpath.New("scheduling").AtMapKey("full").AtMapKey("interval"), knownvalue.StringExact("0 0 1 * * ?")),
				},
				Check: incrementalUntouched,
			},
			{
				Config:           cfg("0 30 2 * * ?"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(res, tfjsonpath.New("scheduling").AtMapKey("full").AtMapKey("interval"), knownvalue.StringExact("0 30 2 * * ?")),
				},
				Check: incrementalUntouched,
			},
		},
	})
}

// TestAccConnector_deleteResumes uses the delete timeout: a 503 whose Retry-After does not fit in
// it fails the destroy with the API's answer, and running destroy again finishes it.
func TestAccConnector_deleteResumes(t *testing.T) {
	t.Parallel()
	acctest.PreCheck(t)
	c := startCluster(t, "9.1.0")
	cfg := c.provider() + `
resource "syncops_elasticsearch_connector" "test" {
  connector_id = "slow"
  index_name   = "search-slow"
  timeouts {
    delete = "1m"
  }
}
`
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy: check(func() error {
			if n := c.Count("elasticsearch", "connectors"); n != 0 {
				return fmt.Errorf("%d connectors left", n)
			}
			if n := c.Requests("DELETE /_connector/{id}"); n != 2 {
				return fmt.Errorf("DELETE sent %d times, want 2 (the refused one and the resumed one)", n)
			}
			return nil
		}),
		Steps: []resource.TestStep{
			{Config: cfg},
			{
				PreConfig: func() {
					c.Fault(emulator.FaultRule{Route: "DELETE /_connector/{id}", Kind: "503", Count: 1, RetryAfter: 300})
				},
				Config:      cfg,
				Destroy:     true,
				ExpectError: regexp.MustCompile(`(?s)Unable to delete Elasticsearch connector slow.*HTTP 503.*terraform destroy` + "`" + ` again`),
			},
		},
	})
}

// TestAccConnector_unregisteredConfiguration explains that configuration values need fields the
// connector service registered; the connector itself is kept in state (tainted), not lost.
func TestAccConnector_unregisteredConfiguration(t *testing.T) {
	t.Parallel()
	acctest.PreCheck(t)
	c := startCluster(t, "9.1.0")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: c.provider() + `
resource "syncops_elasticsearch_connector" "test" {
  connector_id         = "early"
  index_name           = "search-early"
  configuration_values = jsonencode({ host = "db" })
}
`,
			ExpectError: regexp.MustCompile(`(?s)Unable to set the configuration values of Elasticsearch connector early.*status_exception.*Unknown \[configuration\] fields.*connector service`),
		}},
	})
	// Checked here, not in CheckDestroy: a connector lost from the state would leave nothing to
	// destroy, and CheckDestroy would never run.
	if n := c.Requests("DELETE /_connector/{id}"); n != 1 {
		t.Errorf("DELETE sent %d times, want 1: the connector was not in the state (tainted) for the destroy", n)
	}
	if n := c.Count("elasticsearch", "connectors"); n != 0 {
		t.Errorf("%d connectors left: the tainted connector was not destroyed", n)
	}
}

// TestAccConnector_importByName adopts a connector by its name (names are not unique: exactly
// one connector must carry it). The lookup is the exact connector_name filter, so a name holding
// what Elasticsearch's wildcard query treats as special (\, ?) is found too.
func TestAccConnector_importByName(t *testing.T) {
	t.Parallel()
	acctest.PreCheck(t)
	for _, tc := range []struct{ name, hcl string }{
		{"Team wiki", `"Team wiki"`},
		{`Share C:\docs?`, `"Share C:\\docs?"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := startCluster(t, "9.1.0")
			cfg := c.provider() + `
resource "syncops_elasticsearch_connector" "test" {
  name         = ` + tc.hcl + `
  index_name   = "search-wiki"
  service_type = "confluence"
}
`
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.ProviderFactories,
				Steps: []resource.TestStep{
					{Config: cfg},
					{
						ResourceName:            res,
						ImportState:             true,
						ImportStateId:           "name:" + tc.name,
						ImportStateVerify:       true,
						ImportStateVerifyIgnore: []string{"delete_sync_jobs", "timeouts"},
					},
					{
						ResourceName:  res,
						ImportState:   true,
						ImportStateId: "name:Nobody",
						ExpectError:   regexp.MustCompile(`No Elasticsearch connector named "Nobody"`),
					},
				},
			})
		})
	}
}
