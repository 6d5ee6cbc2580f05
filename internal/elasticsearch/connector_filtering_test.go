package elasticsearch_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/syncops/terraform-provider-syncops/internal/acctest"
)

// activeRules lists a stored connector's active rules as "id:order:policy:field:rule:value".
func (c *cluster) activeRules(id string) []string {
	c.t.Helper()
	first := c.doc(id)["filtering"].([]any)[0].(map[string]any)
	var out []string
	for _, r := range first["active"].(map[string]any)["rules"].([]any) {
		m := r.(map[string]any)
		out = append(out, fmt.Sprintf("%v:%v:%v:%v:%v:%v", m["id"], m["order"], m["policy"], m["field"], m["rule"], m["value"]))
	}
	return out
}

func (c *cluster) activeSnippet(id string) string {
	c.t.Helper()
	first := c.doc(id)["filtering"].([]any)[0].(map[string]any)
	b, _ := json.Marshal(first["active"].(map[string]any)["advanced_snippet"].(map[string]any)["value"])
	return string(b)
}

// expectRules checks the active rules of the connector "rules".
func expectRules(c *cluster, want ...string) resource.TestCheckFunc {
	return check(func() error {
		if got := c.activeRules("rules"); !slices.Equal(got, want) {
			return fmt.Errorf("active rules: %v, want %v", got, want)
		}
		return nil
	})
}

const defaultRule = ":include:_:regex:.*"

func filteringConfig(c *cluster, filtering string) string {
	return c.provider() + `
resource "syncops_elasticsearch_connector" "test" {
  connector_id = "rules"
  index_name   = "search-rules"
  service_type = "mysql"
  filtering    = ` + filtering + `
}
`
}

// TestAccConnector_filtering sets sync rules through the draft, the connector service's
// validation and the activation; orders left out are filled in the plan; the second plan is
// empty; an active rule changed elsewhere shows as drift and is put back; import reads the rules.
func TestAccConnector_filtering(t *testing.T) {
	t.Parallel()
	acctest.PreCheck(t)
	c := startCluster(t, "9.1.0")
	c.platform.SetJobDelay(20 * time.Millisecond)
	c.platform.ReleaseService()
	rules := `{
    rules = [
      { id = "pdf", policy = "include", field = "extension", rule = "equals", value = "pdf" },
      { id = "drafts", policy = "exclude", field = "title", rule = "starts_with", value = "DRAFT" },
    ]
    advanced_snippet = jsonencode([{ tables = ["orders"], query = "SELECT * FROM orders" }])
  }`
	reordered := `{
    rules = [
      { id = "drafts", order = 10, policy = "exclude", field = "title", rule = "starts_with", value = "DRAFT" },
      { id = "big", policy = "exclude", field = "size", rule = ">", value = "1000000" },
      { id = "pdf", order = 30, policy = "include", field = "extension", rule = "equals", value = "pdf" },
    ]
  }`
	res := "syncops_elasticsearch_connector.test"
	writes := map[string]int{}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: filteringConfig(c, rules),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectKnownValue(res, tfjsonpath.New("filtering").AtMapKey("rules").AtSliceIndex(1).AtMapKey("order"), knownvalue.Int64Exact(1)),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(res, tfjsonpath.New("filtering").AtMapKey("rules").AtSliceIndex(0).AtMapKey("order"), knownvalue.Int64Exact(0)),
					statecheck.ExpectKnownValue(res, tfjsonpath.New("filtering").AtMapKey("rules"), knownvalue.ListSizeExact(2)),
				},
				Check: resource.ComposeTestCheckFunc(
					expectRules(c, "pdf:0:include:extension:equals:pdf", "drafts:1:exclude:title:starts_with:DRAFT", "DEFAULT:2"+defaultRule),
					check(func() error {
						if got := c.activeSnippet("rules"); got != `[{"query":"SELECT * FROM orders","tables":["orders"]}]` {
							return fmt.Errorf("active snippet %s", got)
						}
						return nil
					}),
					c.expectWrites(&writes, map[string]int{"PUT /_connector/{id}": 1, "PUT /_connector/{id}/_filtering": 1, "PUT /_connector/{id}/_filtering/_activate": 1}),
				),
			},
			{
				ResourceName: res, ImportState: true, ImportStateVerify: true,
				ImportStateVerifyIgnore: []string{"delete_sync_jobs", "hard_delete", "timeouts"},
			},
			{
				// Orders given or left out; the snippet removed.
				Config: filteringConfig(c, reordered),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(res, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(res, tfjsonpath.New("filtering").AtMapKey("rules").AtSliceIndex(1).AtMapKey("order"), knownvalue.Int64Exact(11)),
				}},
				Check: resource.ComposeTestCheckFunc(
					expectRules(c, "drafts:10:exclude:title:starts_with:DRAFT", "big:11:exclude:size:>:1000000", "pdf:30:include:extension:equals:pdf", "DEFAULT:31"+defaultRule),
					check(func() error {
						if got := c.activeSnippet("rules"); got != `{}` {
							return fmt.Errorf("active snippet %s, want {}", got)
						}
						return nil
					}),
					c.expectWrites(&writes, map[string]int{"PUT /_connector/{id}/_filtering": 1, "PUT /_connector/{id}/_filtering/_activate": 1}),
				),
			},
			{
				// Drift: someone (Kibana) changes a rule and the connector service activates it.
				PreConfig: func() {
					c.es("PUT", "/_connector/rules/_filtering", `{"rules":[{"id":"drafts","order":10,"policy":"include","field":"title","rule":"starts_with","value":"DRAFT"}]}`)
					c.platform.ValidateDraft("rules")
				},
				Config: filteringConfig(c, reordered),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(res, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(res, tfjsonpath.New("filtering").AtMapKey("rules"), knownvalue.ListSizeExact(3)),
				}},
				Check: expectRules(c, "drafts:10:exclude:title:starts_with:DRAFT", "big:11:exclude:size:>:1000000", "pdf:30:include:extension:equals:pdf", "DEFAULT:31"+defaultRule),
			},
			{
				// rules = [] removes every rule: the catch-all alone.
				Config: filteringConfig(c, `{ rules = [] }`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(res, tfjsonpath.New("filtering").AtMapKey("rules"), knownvalue.ListSizeExact(0)),
				},
				Check: expectRules(c, "DEFAULT:0"+defaultRule),
			},
		},
	})
}

// Elasticsearch 8.14 takes sync rules only with the catch-all rule last (8.15 adds it itself): the
// provider sends it, so rules and no rules at all apply there too.
func TestAccConnector_filtering814(t *testing.T) {
	t.Parallel()
	acctest.PreCheck(t)
	c := startCluster(t, "8.14.3")
	c.platform.SetJobDelay(20 * time.Millisecond)
	c.platform.ReleaseService()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: filteringConfig(c, `{ rules = [{ id = "pdf", policy = "include", field = "extension", rule = "equals", value = "pdf" }] }`),
				Check:  expectRules(c, "pdf:0:include:extension:equals:pdf", "DEFAULT:1"+defaultRule),
			},
			{
				Config: filteringConfig(c, `{ rules = [] }`),
				Check:  expectRules(c, "DEFAULT:0"+defaultRule),
			},
		},
	})
}

// The connector service refuses a draft the plan could not know was wrong: the apply fails with
// its errors and the active rules stay as they were.
func TestAccConnector_filteringInvalidDraft(t *testing.T) {
	t.Parallel()
	acctest.PreCheck(t)
	c := startCluster(t, "9.1.0")
	c.platform.SetJobDelay(20 * time.Millisecond)
	c.platform.ReleaseService()
	c.platform.FailNextValidation([]string{"advanced_snippet"}, []string{"Table 'nope' does not exist in database 'sales'"})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      filteringConfig(c, `{ advanced_snippet = jsonencode([{ tables = ["nope"] }]) }`),
				ExpectError: regexp.MustCompile(`(?s)The connector service refused the sync rules of Elasticsearch connector rules.*rule advanced_snippet: Table 'nope' does not exist in\s+database.*The\s+active\s+rules\s+are\s+unchanged`),
			},
		},
	})
	// The connector (soft-deleted by the destroy) kept its catch-all rule alone, never activated.
	if got := c.activeRules("rules"); !slices.Equal(got, []string{"DEFAULT:0" + defaultRule}) {
		t.Errorf("active rules after the refused draft: %v", got)
	}
	if n := c.Requests("PUT /_connector/{id}/_filtering/_activate"); n != 0 {
		t.Errorf("an invalid draft was activated (%d times)", n)
	}
}

// Without a running connector service the draft is never validated: the apply fails at its
// deadline saying so, the active rules unchanged; once the service runs, apply again sets them.
func TestAccConnector_filteringWaitsForTheService(t *testing.T) {
	t.Parallel()
	acctest.PreCheck(t)
	c := startCluster(t, "9.1.0")
	cfg := func(timeout string) string {
		return strings.Replace(filteringConfig(c, `{ rules = [{ id = "pdf", policy = "include", field = "extension", rule = "equals", value = "pdf" }] }`),
			"  filtering", "  timeouts {\n    update = \""+timeout+"\"\n  }\n  filtering", 1)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{Config: filteringConfig(c, `{}`)},
			{
				Config:      cfg("3s"),
				ExpectError: regexp.MustCompile(`(?s)timed out after \d+s waiting for the connector service to validate the sync\s+rules of.*last state seen: edited.*The\s+active\s+rules\s+are\s+unchanged`),
			},
			{
				PreConfig: func() {
					if got := c.activeRules("rules"); !slices.Equal(got, []string{"DEFAULT:0" + defaultRule}) {
						t.Errorf("active rules after the deadline: %v", got)
					}
					c.platform.SetJobDelay(20 * time.Millisecond)
					c.platform.ReleaseService()
				},
				Config: cfg("5m"),
				Check:  expectRules(c, "pdf:0:include:extension:equals:pdf", "DEFAULT:1"+defaultRule),
			},
		},
	})
}

// Rules the connector service would refuse, and shapes Elasticsearch would refuse, fail the plan;
// nothing is written.
func TestAccConnector_filteringPlanTimeChecks(t *testing.T) {
	t.Parallel()
	acctest.PreCheck(t)
	c := startCluster(t, "9.1.0")
	old := startCluster(t, "8.13.4")
	rule := func(id, order, policy, field, cond, value string) string {
		o := ""
		if order != "" {
			o = "order = " + order + ", "
		}
		return fmt.Sprintf(`{ id = %q, %spolicy = %q, field = %q, rule = %q, value = %q }`, id, o, policy, field, cond, value)
	}
	rules := func(r ...string) string { return "{ rules = [" + strings.Join(r, ", ") + "] }" }
	step := func(cfg string, want string) resource.TestStep {
		return resource.TestStep{Config: cfg, PlanOnly: true, ExpectError: regexp.MustCompile(want)}
	}
	ok := rule("pdf", "", "include", "extension", "equals", "pdf")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			step(filteringConfig(c, rules(rule("all", "", "exclude", "title", "regex", ".*"))), `Match-all sync rule`),
			step(filteringConfig(c, rules(ok, rule("pdf2", "", "exclude", "extension", "equals", "pdf"))), `Rule "pdf2" has the same field, condition and value as rule "pdf"`),
			step(filteringConfig(c, rules(ok, rule("pdf", "", "exclude", "title", "contains", "x"))), `Duplicate sync rule id`),
			step(filteringConfig(c, rules(rule("DEFAULT", "", "include", "title", "contains", "x"))), `value must be none of`),
			step(filteringConfig(c, rules(rule("a", "5", "include", "title", "contains", "x"), rule("b", "5", "include", "title", "contains", "y"))), `Rule "b" has order 5, not more than the previous rule's 5`),
			step(filteringConfig(c, rules(rule("a", "", "maybe", "title", "contains", "x"))), `value must be one of`),
			step(filteringConfig(c, rules(rule("a", "", "include", "title", "like", "x"))), `value must be one of`),
			step(filteringConfig(c, rules(rule("a", "", "include", "title", "contains", ""))), `string length must be at least 1`),
			step(filteringConfig(c, `{ advanced_snippet = jsonencode("SELECT 1") }`), `advanced_snippet must be a JSON object or array`),
			step(filteringConfig(old, rules(ok)), `filtering needs Elasticsearch 8\.14 or later`),
		},
	})
	for _, e := range []*cluster{c, old} {
		if n := e.Requests("PUT /_connector/{id}/_filtering") + e.Requests("PUT /_connector/{id}"); n != 0 {
			t.Errorf("refused plans wrote %d times", n)
		}
	}
}

// The documented resource example (sync rules and features included) is valid as written.
func TestAccConnector_resourceExampleValidates(t *testing.T) {
	t.Parallel()
	acctest.PreCheck(t)
	example, err := os.ReadFile(filepath.Join("..", "..", "examples", "resources", "syncops_elasticsearch_connector", "resource.tf"))
	if err != nil {
		t.Fatal(err)
	}
	w := acctest.NewWorkdir(t, string(example))
	if out, err := w.Run("validate", "-no-color"); err != nil || !strings.Contains(out, "The configuration is valid") {
		t.Errorf("terraform validate: %v\n%s", err, out)
	}
	// A rule the connector service would refuse makes the same example invalid.
	w.SetConfig(strings.Replace(string(example), `rule = "starts_with", value = "DRAFT"`, `rule = "regex", value = "(.*)"`, 1))
	if out, err := w.Run("validate", "-no-color"); err == nil || !strings.Contains(out, "Match-all sync rule") {
		t.Errorf("an example with a match-all rule: %v\n%s", err, out)
	}
}
