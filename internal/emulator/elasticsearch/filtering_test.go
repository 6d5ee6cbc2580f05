package elasticsearch_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/elastic/go-elasticsearch/v9/typedapi/connector/updatefiltering"
	"github.com/elastic/go-elasticsearch/v9/typedapi/connector/updatefilteringvalidation"
	"github.com/elastic/go-elasticsearch/v9/typedapi/types"
	"github.com/elastic/go-elasticsearch/v9/typedapi/types/enums/filteringpolicy"
	"github.com/elastic/go-elasticsearch/v9/typedapi/types/enums/filteringrulerule"
	"github.com/elastic/go-elasticsearch/v9/typedapi/types/enums/filteringvalidationstate"

	"github.com/syncops/terraform-provider-syncops/internal/emulator/elasticsearch"
)

// filtering returns filtering[0] of connector a: its active and draft rule sets.
func (c *cluster) filtering() (active, draft map[string]any) {
	c.t.Helper()
	const id = "a"
	_, body := c.doc("/_connector/" + id)
	list, _ := body["filtering"].([]any)
	if len(list) == 0 {
		c.t.Fatalf("connector %s has no filtering: %v", id, body)
	}
	first := list[0].(map[string]any)
	return first["active"].(map[string]any), first["draft"].(map[string]any)
}

// ruleIDs lists "id:order" of a rule set.
func ruleIDs(set map[string]any) string {
	var out []string
	for _, r := range set["rules"].([]any) {
		m := r.(map[string]any)
		out = append(out, fmt.Sprintf("%s:%v", m["id"], m["order"]))
	}
	return strings.Join(out, ",")
}

func validationOf(set map[string]any) (string, []any) {
	v := set["validation"].(map[string]any)
	errs, _ := v["errors"].([]any)
	return v["state"].(string), errs
}

// _filtering with rules writes the draft: sorted by order, the default rule forced last with the
// next order, validation edited; the active rules do not change.
func TestFilteringDraft(t *testing.T) {
	c := start(t, elasticsearch.Options{})
	c.platform.HoldService()
	c.raw("PUT", "/_connector/a", `{"index_name":"search-a","service_type":"jira"}`)
	status, _, body := c.raw("PUT", "/_connector/a/_filtering", `{"rules":[
		{"id":"late","order":5,"policy":"exclude","field":"title","rule":"contains","value":"tmp"},
		{"id":"DEFAULT","order":0,"policy":"include","field":"_","rule":"regex","value":".*","created_at":"2024-01-01T00:00:00.000Z"},
		{"id":"early","order":1,"policy":"INCLUDE","field":"ext","rule":"equals","value":"pdf","extra":"dropped"}]}`)
	if status != 200 || body["result"] != "updated" {
		t.Fatalf("update draft: %d %v", status, body)
	}
	active, draft := c.filtering()
	if got := ruleIDs(draft); got != `early:1,late:5,DEFAULT:6` {
		t.Errorf("draft rules: %s", got)
	}
	rules := draft["rules"].([]any)
	if d := rules[2].(map[string]any); d["created_at"] != "2024-01-01T00:00:00.000Z" {
		t.Errorf("default rule keeps its created_at: %v", d)
	}
	if e := rules[0].(map[string]any); e["policy"] != "include" || e["extra"] != nil || e["created_at"] == nil {
		t.Errorf("parsed rule: %v", e)
	}
	if state, _ := validationOf(draft); state != "edited" {
		t.Errorf("draft state %s", state)
	}
	if got := ruleIDs(active); got != `DEFAULT:0` {
		t.Errorf("active rules changed: %s", got)
	}
	// Only an advanced snippet: the draft keeps its rules.
	c.raw("PUT", "/_connector/a/_filtering", `{"advanced_snippet":{"value":[{"tables":["t"]}]}}`)
	_, draft = c.filtering()
	if got := ruleIDs(draft); got != `early:1,late:5,DEFAULT:6` || !reflect.DeepEqual(draft["advanced_snippet"].(map[string]any)["value"], []any{map[string]any{"tables": []any{"t"}}}) {
		t.Errorf("snippet only: %s %v", got, draft["advanced_snippet"])
	}
	// No rules at all: the default rule alone, order 0.
	c.raw("PUT", "/_connector/a/_filtering", `{"rules":[]}`)
	if _, draft := c.filtering(); ruleIDs(draft) != `DEFAULT:0` {
		t.Errorf("empty rules: %s", ruleIDs(draft))
	}
}

// The connector service validates an edited draft half a delay after it was written: valid
// copies it to active, invalid keeps the active rules and reports the errors.
func TestFilteringValidatedByTheService(t *testing.T) {
	c := start(t, elasticsearch.Options{JobDelay: 2 * time.Second})
	clock := newClock(c)
	c.raw("PUT", "/_connector/a", `{"index_name":"search-a","service_type":"jira"}`)
	c.raw("PUT", "/_connector/a/_filtering", `{"rules":[{"id":"pdf","order":0,"policy":"include","field":"ext","rule":"equals","value":"pdf"}]}`)
	clock.add(999 * time.Millisecond)
	if _, draft := c.filtering(); draft["validation"].(map[string]any)["state"] != "edited" {
		t.Errorf("validated early: %v", draft["validation"])
	}
	clock.add(time.Millisecond)
	active, draft := c.filtering()
	if state, _ := validationOf(draft); state != "valid" || ruleIDs(active) != `pdf:0,DEFAULT:1` {
		t.Errorf("after validation: %s, active %s", state, ruleIDs(active))
	}
	c.raw("PUT", "/_connector/a/_filtering", `{"rules":[{"id":"all","order":0,"policy":"exclude","field":"title","rule":"regex","value":"(.*)"}]}`)
	clock.add(time.Second)
	active, draft = c.filtering()
	state, errs := validationOf(draft)
	want := []any{map[string]any{"ids": []any{"all"}, "messages": []any{"Match all regexps: '['.*', '(.*)']' are not allowed."}}}
	if state != "invalid" || !reflect.DeepEqual(errs, want) || ruleIDs(active) != `pdf:0,DEFAULT:1` {
		t.Errorf("invalid draft: %s %v, active %s", state, errs, ruleIDs(active))
	}
}

// The connector service's checks, as the shared table gives them.
func TestSyncRuleValidationTable(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "elasticsearch", "sync_rules.json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Cases []struct {
			Source   string           `json:"source"`
			Rules    []map[string]any `json:"rules"`
			Invalid  []string         `json:"invalid"`
			Messages []string         `json:"messages"`
		} `json:"cases"`
	}
	if err := json.Unmarshal(data, &doc); err != nil || len(doc.Cases) == 0 {
		t.Fatalf("sync_rules.json: %v", err)
	}
	for _, tc := range doc.Cases {
		var rules []any
		for _, r := range tc.Rules {
			rules = append(rules, r)
		}
		rules = append(rules, map[string]any{"id": "DEFAULT", "order": 99, "policy": "include", "field": "_", "rule": "regex", "value": ".*"})
		var ids, msgs []string
		for _, e := range elasticsearch.ValidateSyncRules(rules) {
			m := e.(map[string]any)
			ids = append(ids, m["ids"].([]any)[0].(string))
			msgs = append(msgs, m["messages"].([]any)[0].(string))
		}
		if strings.Join(ids, "|") != strings.Join(tc.Invalid, "|") || strings.Join(msgs, "|") != strings.Join(tc.Messages, "|") {
			t.Errorf("%s: ids %v messages %v, want %v %v", tc.Source, ids, msgs, tc.Invalid, tc.Messages)
		}
	}
}

// _filtering/_validation and _filtering/_activate (8.14+): activation needs a valid draft.
func TestFilteringValidationAndActivate(t *testing.T) {
	c := start(t, elasticsearch.Options{})
	ctx := context.Background()
	c.platform.HoldService()
	c.raw("PUT", "/_connector/a", `{"index_name":"search-a","service_type":"jira"}`)
	value := "x"
	if _, err := c.typed.Connector.UpdateFiltering("a").Request(&updatefiltering.Request{Rules: []types.FilteringRule{
		{Id: "r", Order: 0, Policy: filteringpolicy.Include, Field: "f", Rule: filteringrulerule.Equals, Value: value},
	}}).Do(ctx); err != nil {
		t.Fatalf("typed update filtering: %v", err)
	}
	status, _, body := c.raw("PUT", "/_connector/a/_filtering/_activate", "")
	want := "Filtering draft needs to be validated by the connector service before activation. Current filtering draft validation state [edited] is not equal to [valid]."
	if typ, reason := errorOf(body); status != 400 || typ != "status_exception" || reason != want {
		t.Errorf("activate an edited draft: %d %v", status, body)
	}
	if _, err := c.typed.Connector.UpdateFilteringValidation("a").Request(&updatefilteringvalidation.Request{Validation: types.FilteringRulesValidation{
		Errors: []types.FilteringValidation{}, State: filteringvalidationstate.Valid,
	}}).Do(ctx); err != nil {
		t.Fatalf("typed validation: %v", err)
	}
	if res, err := c.typed.Connector.UpdateActiveFiltering("a").Do(ctx); err != nil || res.Result.String() != "updated" {
		t.Fatalf("activate: %+v %v", res, err)
	}
	if active, _ := c.filtering(); ruleIDs(active) != `r:0,DEFAULT:1` {
		t.Errorf("active after activation: %s", ruleIDs(active))
	}
	if _, _, body := c.raw("PUT", "/_connector/a/_filtering/_activate", ""); body["result"] != "noop" {
		t.Errorf("second activation: %v", body)
	}
	for _, tc := range []struct{ body, want string }{
		{`{"validation":{"errors":[],"state":"done"}}`, "Unknown FilteringValidationState [done]."},
		{`{"validation":{"state":"valid"}}`, "Required [errors]"},
		{`{}`, "Required [validation]"},
	} {
		status, _, body := c.raw("PUT", "/_connector/a/_filtering/_validation", tc.body)
		if text, _ := json.Marshal(body); status != 400 || !strings.Contains(string(text), tc.want) {
			t.Errorf("validation %s: %d %s", tc.body, status, text)
		}
	}
}

// Request errors of _filtering, with Elasticsearch's parse chains.
func TestFilteringRequestErrors(t *testing.T) {
	c := start(t, elasticsearch.Options{})
	c.raw("PUT", "/_connector/a", `{"index_name":"search-a","service_type":"jira"}`)
	rule := `{"id":"r","order":0,"policy":"include","field":"f","rule":"equals","value":"v"}`
	for _, tc := range []struct {
		path, body string
		status     int
		want       string
	}{
		{"/_connector/a/_filtering", `{}`, 400, "[advanced_snippet] and [rules] cannot be both [null]."},
		{"/_connector/a/_filtering", `{"filtering":[],"rules":[]}`, 400, "If [filtering] is specified, [rules] and [advanced_snippet] should not be present in the request body."},
		{"/_connector/a/_filtering", `{"rules":[{"id":"r","order":0,"policy":"maybe","field":"f","rule":"equals","value":"v"}]}`, 400, "Unknown FilteringPolicy [maybe]."},
		{"/_connector/a/_filtering", `{"rules":[{"id":"r","order":0,"policy":"include","field":"f","rule":"like","value":"v"}]}`, 400, "Unknown FilteringRuleCondition [like]."},
		{"/_connector/a/_filtering", `{"rules":[{"id":"r","order":0,"policy":"include","rule":"equals"}]}`, 400, "Required [field, value]"},
		{"/_connector/a/_filtering", `{"rules":[{"id":"r","order":"first","policy":"include","field":"f","rule":"equals","value":"v"}]}`, 400, "failed to parse field [order]"},
		{"/_connector/a/_filtering", `{"advanced_snippet":{"value":"select"}}`, 400, "value doesn't support values of type: VALUE_STRING"},
		{"/_connector/a/_filtering", `{"rules":[` + rule + `],"bogus":1}`, 400, "unknown field [bogus]"},
		{"/_connector/ghost/_filtering", `{"rules":[` + rule + `]}`, 404, "connector [ghost] not found"},
		{"/_connector/ghost/_filtering", `{"filtering":[]}`, 404, "[ghost]: document missing"},
		{"/_connector/ghost/_filtering/_activate", ``, 404, "connector [ghost] not found"},
	} {
		status, _, body := c.raw("PUT", tc.path, tc.body)
		if text, _ := json.Marshal(body); status != tc.status || !strings.Contains(string(text), tc.want) {
			t.Errorf("PUT %s %s: %d %s, want %d with %q", tc.path, tc.body, status, text, tc.status, tc.want)
		}
	}
}

// Before 8.14 there is no _filtering/_validation or _filtering/_activate: no handler (400).
func TestFilteringEndpointsVersionGate(t *testing.T) {
	old := start(t, elasticsearch.Options{Version: "8.13.4"})
	old.raw("PUT", "/_connector/a", `{"index_name":"search-a"}`)
	for _, path := range []string{"/_connector/a/_filtering/_validation", "/_connector/a/_filtering/_activate"} {
		status, _, body := old.raw("PUT", path, `{"validation":{"errors":[],"state":"valid"}}`)
		if msg, _ := body["error"].(string); status != 400 || !strings.Contains(msg, "no handler found for uri ["+path+"] and method [PUT]") {
			t.Errorf("8.13 %s: %d %v", path, status, body)
		}
	}
	// The rules form came with 8.14; 8.14 wants the catch-all rule last, 8.15 adds it.
	if status, _, body := old.raw("PUT", "/_connector/a/_filtering", `{"rules":[]}`); status != 400 || !strings.Contains(fmt.Sprint(body), "unknown field [rules]") {
		t.Errorf("8.13 draft update: %d %v", status, body)
	}
	v814 := start(t, elasticsearch.Options{Version: "8.14.3"})
	v814.raw("PUT", "/_connector/a", `{"index_name":"search-a"}`)
	const catchAll = `{"id":"DEFAULT","order":1,"policy":"include","field":"_","rule":"regex","value":".*"}`
	const rule = `{"id":"pdf","order":0,"policy":"include","field":"ext","rule":"equals","value":"pdf"}`
	for body, want := range map[string]int{
		`{"rules":[]}`:                              400,
		`{"rules":[` + rule + `]}`:                  400,
		`{"rules":[` + catchAll + `,` + rule + `]}`: 200,
		`{"rules":[` + catchAll + `]}`:              200,
	} {
		if status, _, answer := v814.raw("PUT", "/_connector/a/_filtering", body); status != want {
			t.Errorf("8.14 draft %s: %d %v, want %d", body, status, answer, want)
		}
	}
	v815 := start(t, elasticsearch.Options{Version: "8.15.0"})
	v815.raw("PUT", "/_connector/a", `{"index_name":"search-a"}`)
	if status, _, body := v815.raw("PUT", "/_connector/a/_filtering", `{"rules":[]}`); status != 200 {
		t.Errorf("8.15 draft update: %d %v", status, body)
	}
}
