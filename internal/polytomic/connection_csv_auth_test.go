package polytomic_test

import (
	"fmt"
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
)

// csv is a CSV URL connection with the given configuration and, when secret is not empty,
// write-only secrets at the given version.
func (e *testEnv) csv(cfg, secret string, version int) string {
	s := e.provider() + fmt.Sprintf(`
resource "syncops_polytomic_connection" "warehouse" {
  name          = "Prices"
  type          = "csv"
  configuration = jsonencode(%s)
`, cfg)
	if secret != "" {
		s += fmt.Sprintf("  sensitive_configuration_wo         = jsonencode(%s)\n  sensitive_configuration_wo_version = %d\n", secret, version)
	}
	return s + "}\n"
}

// at follows a path of keys and indexes through a decoded JSON value; nil when absent.
func at(v any, path ...any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, _ := v.(map[string]any)
			v = m[k]
		case int:
			l, _ := v.([]any)
			if k >= len(l) {
				return nil
			}
			v = l[k]
		}
	}
	return v
}

// emptyPlanAfterApply: the plan right after the apply (and refresh) changes nothing.
var emptyPlanAfterApply = resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}

// Header authentication: the header name in configuration, its value in
// sensitive_configuration_wo at the same path. Polytomic gets both in one auth.header; state
// holds the name only; a later update without the secret keeps the stored value.
func TestAccConnection_csvHeaderAuth(t *testing.T) {
	t.Parallel()
	e := start(t)
	const key = secretPrefix + "header-key"
	cfg := func(accept string) string {
		return fmt.Sprintf(`{
    url        = "https://example.com/prices.csv"
    headers    = [{ name = "Accept", value = %q }]
    parameters = [{ name = "day", value = "monday" }]
    auth       = { header = { name = "X-Api-Key" } }
  }`, accept)
	}
	secret := fmt.Sprintf(`{ auth = { header = { value = %q } } }`, key)
	wantState := func(accept string) string {
		return `{"auth":{"header":{"name":"X-Api-Key"}},"headers":[{"name":"Accept","value":"` + accept +
			`"}],"parameters":[{"name":"day","value":"monday"}],"url":"https://example.com/prices.csv"}`
	}
	storedAuth := func(accept string) resource.TestCheckFunc {
		return func(s *terraform.State) error {
			cfg := e.stored(t, s)
			if at(cfg, "auth", "header", "value") != key || at(cfg, "auth", "header", "name") != "X-Api-Key" {
				return fmt.Errorf("Polytomic holds auth.header name %v and the key: %v", at(cfg, "auth", "header", "name"), at(cfg, "auth", "header", "value") == key)
			}
			if at(cfg, "headers", 0, "value") != accept {
				return fmt.Errorf("Polytomic holds headers %v", cfg["headers"])
			}
			return nil
		}
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             e.checkDestroyed,
		Steps: []resource.TestStep{
			{
				Config:           e.csv(cfg("text/csv"), secret, 1),
				ConfigPlanChecks: emptyPlanAfterApply,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("configuration"), knownvalue.StringExact(wantState("text/csv"))),
				},
				Check: resource.ComposeTestCheckFunc(noSecretInState, storedAuth("text/csv")),
			},
			{
				// A non-secret change alone: Polytomic keeps only the secrets its schema marks
				// sensitive, and csv's auth.header.value is published unmarked, so the PUT carries
				// the key again (Polytomic would drop it otherwise).
				Config: e.csv(cfg("text/plain"), secret, 1),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(resourceName, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("configuration"), knownvalue.StringExact(wantState("text/plain"))),
				},
				Check: resource.ComposeTestCheckFunc(noSecretInState, storedAuth("text/plain")),
			},
		},
	})
}

// Basic authentication: username in configuration, password in sensitive_configuration_wo;
// a new version sends a new password, merged with the username again.
func TestAccConnection_csvBasicAuth(t *testing.T) {
	t.Parallel()
	e := start(t)
	cfg := `{
    url  = "https://example.com/prices.csv"
    auth = { basic = { username = "reader" } }
  }`
	secret := func(pw string) string { return fmt.Sprintf(`{ auth = { basic = { password = %q } } }`, pw) }
	stored := func(pw string) resource.TestCheckFunc {
		return func(s *terraform.State) error {
			cfg := e.stored(t, s)
			if at(cfg, "auth", "basic", "username") != "reader" || at(cfg, "auth", "basic", "password") != pw {
				return fmt.Errorf("Polytomic holds auth.basic username %v and the expected password: %v",
					at(cfg, "auth", "basic", "username"), at(cfg, "auth", "basic", "password") == pw)
			}
			return nil
		}
	}
	wantState := statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("configuration"),
		knownvalue.StringExact(`{"auth":{"basic":{"username":"reader"}},"url":"https://example.com/prices.csv"}`))
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             e.checkDestroyed,
		Steps: []resource.TestStep{
			{
				Config:            e.csv(cfg, secret(secretPrefix+"one"), 1),
				ConfigPlanChecks:  emptyPlanAfterApply,
				ConfigStateChecks: []statecheck.StateCheck{wantState},
				Check:             resource.ComposeTestCheckFunc(noSecretInState, stored(secretPrefix+"one")),
			},
			{
				Config:            e.csv(cfg, secret(secretPrefix+"two"), 2),
				ConfigPlanChecks:  emptyPlanAfterApply,
				ConfigStateChecks: []statecheck.StateCheck{wantState},
				Check:             resource.ComposeTestCheckFunc(noSecretInState, stored(secretPrefix+"two")),
			},
		},
	})
}

// Mistakes in the nested csv configuration fail the plan, naming the field by its path and what
// is allowed; nothing is sent to Polytomic.
func TestAccConnection_csvPlanTimeErrors(t *testing.T) {
	t.Parallel()
	e := start(t)
	const url = `url = "https://example.com/prices.csv"`
	steps := []struct{ cfg, want string }{
		{e.csv(`{ `+url+`, headers = [{ name = "Accept", value = 1 }] }`, "", 0),
			`Field "headers[0].value": expected a JSON string, got a number`},
		{e.csv(`{ `+url+`, parameters = [{ name = "a", value = "b" }, { name = "c", value = true }] }`, "", 0),
			`Field "parameters[1].value": expected a JSON string, got a boolean`},
		{e.csv(`{ `+url+`, auth = { bearer = { token = "t" } } }`, "", 0),
			`Field "auth.bearer": unknown field; allowed in auth: basic, header, oauth, query`},
		{e.csv(`{ `+url+`, auth = { basic = { username = "u", password = "p" } } }`, "", 0),
			`Field "auth.basic.password": this field holds a secret (Polytomic's schema does not mark it sensitive, so Polytomic shows it in clear): move it to sensitive_configuration_wo`},
		{e.csv(`{ `+url+` }`, `{ auth = { basic = { username = "u", password = "`+secretPrefix+`p" } } }`, 1),
			`Field "auth.basic.username": this field is not sensitive: move it to configuration`},
		{e.csv(`{ `+url+`, auth = { query = [{ name = "a" }] } }`, `{ auth = { query = [{ value = "`+secretPrefix+`1" }, { value = "`+secretPrefix+`2" }] } }`, 1),
			`Field "auth.query": has 2 items here and 1 in configuration`},
	}
	var tsteps []resource.TestStep
	for _, s := range steps {
		tsteps = append(tsteps, resource.TestStep{Config: s.cfg, PlanOnly: true,
			ExpectError: regexp.MustCompile(strings.ReplaceAll(regexp.QuoteMeta(s.want), " ", `\s+`))})
	}
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: acctest.ProviderFactories, Steps: tsteps})
	if n := e.Requests("POST /api/connections"); n != 0 {
		t.Errorf("%d creates were attempted by plans", n)
	}
}
