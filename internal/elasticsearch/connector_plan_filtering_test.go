package elasticsearch

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// The plan-time checks flag the rules the connector service flags (the table shared with the
// emulator's connector service, internal/testdata/elasticsearch/sync_rules.json).
func TestSyncRuleChecksAsTheConnectorService(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "testdata", "elasticsearch", "sync_rules.json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Cases []struct {
			Source  string          `json:"source"`
			Rules   []FilteringRule `json:"rules"`
			Invalid []string        `json:"invalid"`
		} `json:"cases"`
	}
	if err := json.Unmarshal(data, &doc); err != nil || len(doc.Cases) == 0 {
		t.Fatalf("sync_rules.json: %v", err)
	}
	for _, tc := range doc.Cases {
		want := map[string]bool{}
		for _, id := range tc.Invalid {
			if id != "DEFAULT" {
				want[id] = true
			}
		}
		got := map[string]bool{}
		for _, p := range syncRuleProblems(tc.Rules, nil) {
			got[p.id] = true
			if p.other != "" {
				got[p.other] = true
			}
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s: the plan flags %v, the connector service %v", tc.Source, got, want)
		}
	}
}

// Orders left out follow the previous rule's; given ones must grow.
func TestSyncRuleOrders(t *testing.T) {
	rules := []FilteringRule{
		{ID: "a", Order: 4, Policy: "include", Field: "f", Rule: "equals", Value: "1"},
		{ID: "b", Order: 4, Policy: "include", Field: "f", Rule: "equals", Value: "2"},
		{ID: "c", Order: 9, Policy: "include", Field: "f", Rule: "equals", Value: "3"},
	}
	problems := syncRuleProblems(rules, nil)
	if len(problems) != 1 || problems[0].id != "b" || problems[0].attr != "order" {
		t.Errorf("problems: %+v", problems)
	}
	// An unknown rule breaks the chain: the next one is not compared with the one before it.
	if p := syncRuleProblems(rules, []bool{true, false, true}); len(p) != 0 {
		t.Errorf("with b unknown: %+v", p)
	}
}
