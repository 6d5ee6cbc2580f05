package elasticsearch

import (
	"context"
	"encoding/json"
)

// FilteringConfig is one element of a connector's filtering (sync rules): the active rules the
// syncs use and the draft being edited and validated.
type FilteringConfig struct {
	Domain string         `json:"domain"`
	Active FilteringRules `json:"active"`
	Draft  FilteringRules `json:"draft"`
}

// FilteringRules is a set of basic sync rules and an advanced snippet, with its validation.
type FilteringRules struct {
	AdvancedSnippet AdvancedSnippet     `json:"advanced_snippet"`
	Rules           []FilteringRule     `json:"rules"`
	Validation      FilteringValidation `json:"validation"`
}

// AdvancedSnippet is the advanced sync rules: a JSON object or array whose shape the connector's
// data source defines.
type AdvancedSnippet struct {
	Value json.RawMessage `json:"value"`
}

// FilteringRule is one basic sync rule.
type FilteringRule struct {
	ID     string `json:"id"`
	Order  int64  `json:"order"`
	Policy string `json:"policy"`
	Field  string `json:"field"`
	Rule   string `json:"rule"`
	Value  string `json:"value"`
}

// FilteringValidation is the connector service's verdict on a draft: edited (not validated yet),
// valid or invalid, with the errors of an invalid one.
type FilteringValidation struct {
	State  string                     `json:"state"`
	Errors []FilteringValidationError `json:"errors"`
}

// FilteringValidationError names the rules ("advanced_snippet" for the snippet) and what is wrong.
type FilteringValidationError struct {
	IDs      []string `json:"ids"`
	Messages []string `json:"messages"`
}

// isDefaultRule is the catch-all rule Elasticsearch keeps last in every rule set.
func (r FilteringRule) isDefaultRule() bool {
	return r.ID == "DEFAULT" && r.Field == "_" && r.Policy == "include" && r.Rule == "regex" && r.Value == ".*"
}

// Features are the connector's feature flags; nil members were never reported.
type Features struct {
	DocumentLevelSecurity  *FeatureFlag       `json:"document_level_security,omitempty"`
	IncrementalSync        *FeatureFlag       `json:"incremental_sync,omitempty"`
	NativeConnectorAPIKeys *FeatureFlag       `json:"native_connector_api_keys,omitempty"`
	SyncRules              *SyncRulesFeatures `json:"sync_rules,omitempty"`
}

// FeatureFlag is {"enabled": bool}.
type FeatureFlag struct {
	Enabled bool `json:"enabled"`
}

// SyncRulesFeatures says which kinds of sync rules the connector supports.
type SyncRulesFeatures struct {
	Advanced *FeatureFlag `json:"advanced,omitempty"`
	Basic    *FeatureFlag `json:"basic,omitempty"`
}

// UpdateFilteringDraft writes the draft sync rules (PUT _filtering with rules and
// advanced_snippet), marked edited until the connector service validates it. The catch-all rule
// is sent last, after the configured ones: from 8.15 (elasticsearch#108612) Elasticsearch adds it
// when it is missing and keeps the one sent, but 8.14 refused a rule set without it, the empty one
// included.
func (c *Client) UpdateFilteringDraft(ctx context.Context, id string, rules []FilteringRule, snippet json.RawMessage) (string, error) {
	return c.update(ctx, id, "_filtering", map[string]any{"rules": withDefaultRule(rules), "advanced_snippet": map[string]any{"value": snippet}})
}

// withDefaultRule is rules, without any catch-all rule of their own, followed by the catch-all
// rule ordered after the last of them.
func withDefaultRule(rules []FilteringRule) []FilteringRule {
	out := make([]FilteringRule, 0, len(rules)+1)
	next := int64(0)
	for _, r := range rules {
		if r.isDefaultRule() {
			continue
		}
		out = append(out, r)
		next = max(next, r.Order+1)
	}
	return append(out, FilteringRule{ID: "DEFAULT", Order: next, Policy: "include", Field: "_", Rule: "regex", Value: ".*"})
}

// ActivateFiltering copies a valid draft to the active rules (PUT _filtering/_activate, 8.14+).
func (c *Client) ActivateFiltering(ctx context.Context, id string) (string, error) {
	return c.update(ctx, id, "_filtering/_activate", nil)
}

// UpdateFeatures merges feature flags (PUT _features, 8.15+, not on serverless).
func (c *Client) UpdateFeatures(ctx context.Context, id string, f Features) (string, error) {
	return c.update(ctx, id, "_features", map[string]any{"features": f})
}
