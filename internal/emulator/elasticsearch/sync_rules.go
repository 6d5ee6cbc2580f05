package elasticsearch

import (
	"fmt"
	"sort"
	"time"
)

// Basic sync rules as Elasticsearch stores them and as the connector service validates them.

var (
	filteringPolicies   = []string{"exclude", "include"}
	filteringConditions = []string{"contains", "ends_with", "equals", ">", "<", "regex", "starts_with"}
	validationStates    = []string{"edited", "invalid", "valid"}
)

// isDefaultRule is ConnectorFiltering.isDefaultFilteringRule: the catch-all rule, whatever its
// order and timestamps.
func isDefaultRule(r map[string]any) bool {
	return r["field"] == "_" && r["id"] == "DEFAULT" && r["policy"] == "include" && r["rule"] == "regex" && r["value"] == ".*"
}

// endsWithDefaultRule reports rules whose highest order is the catch-all rule's.
func endsWithDefaultRule(rules []map[string]any) bool {
	var last map[string]any
	for _, r := range rules {
		if last == nil || longValue(r["order"]) >= longValue(last["order"]) {
			last = r
		}
	}
	return last != nil && isDefaultRule(last)
}

// defaultRule is the catch-all rule with the given order and timestamps.
func defaultRule(order int64, ts string) map[string]any {
	return map[string]any{"created_at": ts, "field": "_", "id": "DEFAULT", "order": order, "policy": "include", "rule": "regex", "updated_at": ts, "value": ".*"}
}

// sortRules is ConnectorFiltering.sortFilteringRulesByOrder: the rules by order (stable), the
// default rule last with the order after the last rule (0 alone), keeping the created_at of a
// default rule that was sent.
func sortRules(rules []map[string]any, ts string) []any {
	defaultTS := ts
	var others []map[string]any
	for _, r := range rules {
		if isDefaultRule(r) {
			if c, ok := r["created_at"].(string); ok {
				defaultTS = c
			}
			continue
		}
		others = append(others, r)
	}
	sort.SliceStable(others, func(a, b int) bool { return longValue(others[a]["order"]) < longValue(others[b]["order"]) })
	out := make([]any, 0, len(others)+1)
	next := int64(0)
	for _, r := range others {
		out = append(out, r)
		next = longValue(r["order"]) + 1
	}
	return append(out, defaultRule(next, defaultTS))
}

// ruleProblem is why a rule could not be parsed: the field and, for an unknown enum value, the
// reason of the IllegalArgumentException; missing lists the missing required fields.
type ruleProblem struct {
	field, reason string
	missing       []string
}

// parseRule is FilteringRule's lenient parser: field, id, order, policy, rule and value are
// required; created_at and updated_at default to now; unknown fields are dropped.
func parseRule(v any, ts string) (map[string]any, *ruleProblem) {
	in, ok := v.(map[string]any)
	if !ok {
		return nil, &ruleProblem{field: "rules"}
	}
	out := map[string]any{"created_at": ts, "updated_at": ts}
	var missing []string
	for _, k := range []string{"field", "id", "order", "policy", "rule", "value"} {
		raw, has := in[k]
		if !has {
			missing = append(missing, k)
			continue
		}
		switch k {
		case "order":
			if !isLong(raw) {
				return nil, &ruleProblem{field: k}
			}
			out[k] = longValue(raw)
			continue
		}
		s, isString := raw.(string)
		if !isString {
			return nil, &ruleProblem{field: k}
		}
		switch k {
		case "policy":
			p, ok := parseEnum(filteringPolicies, s)
			if !ok {
				return nil, &ruleProblem{field: k, reason: fmt.Sprintf("Unknown FilteringPolicy [%s].", s)}
			}
			s = p
		case "rule":
			if !contains(filteringConditions, s) {
				return nil, &ruleProblem{field: k, reason: fmt.Sprintf("Unknown FilteringRuleCondition [%s].", s)}
			}
		}
		out[k] = s
	}
	if len(missing) > 0 {
		return nil, &ruleProblem{missing: missing}
	}
	for _, k := range []string{"created_at", "updated_at"} {
		if s, ok := in[k].(string); ok {
			if _, err := time.Parse(time.RFC3339Nano, s); err != nil {
				return nil, &ruleProblem{field: k}
			}
			out[k] = s
		}
	}
	return out, nil
}

// matchAllRegexps are the values BasicRuleNoMatchAllRegexValidator refuses.
var matchAllRegexps = []string{".*", "(.*)"}

// ValidateSyncRules is what the connector service's basic rule validators report for a draft's
// rules (elastic/connectors connectors/filtering/validation.py), in their order: the schema of
// each rule (non-empty id, field and value), match-all regexps on other rules than the default,
// then semantic duplicates (same field, rule and value, whatever the policy: the first pair found,
// both marked). Each error is {"ids": [rule id], "messages": [message]}.
func ValidateSyncRules(rules []any) []any {
	errs := []any{}
	add := func(id any, msg string) {
		errs = append(errs, map[string]any{"ids": []any{id}, "messages": []any{msg}})
	}
	var parsed []map[string]any
	for _, v := range rules {
		r, _ := v.(map[string]any)
		if r != nil {
			parsed = append(parsed, r)
		}
	}
	for _, r := range parsed {
		for _, k := range []string{"id", "field", "value"} {
			if s, _ := r[k].(string); s == "" {
				add(r["id"], fmt.Sprintf("data.%s must be longer than or equal to 1 characters", k))
				break
			}
		}
	}
	for _, r := range parsed {
		if !isDefaultRule(r) && r["rule"] == "regex" && contains(matchAllRegexps, fmt.Sprint(r["value"])) {
			add(r["id"], "Match all regexps: '['.*', '(.*)']' are not allowed.")
		}
	}
	seen := map[string]map[string]any{}
	for _, r := range parsed {
		key := fmt.Sprintf("%v\x00%v\x00%v", r["field"], r["rule"], r["value"])
		if first, dup := seen[key]; dup {
			add(r["id"], fmt.Sprintf("Rule with id '%v' is semantically equal to rule with id '%v'", r["id"], first["id"]))
			add(first["id"], fmt.Sprintf("Rule with id '%v' is semantically equal to rule with id '%v'", first["id"], r["id"]))
			break
		}
		seen[key] = r
	}
	return errs
}
