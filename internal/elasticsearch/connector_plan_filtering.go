package elasticsearch

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
)

// Plan-time checks of the sync rules: what the connector service would refuse (its basic rule
// validators, internal/testdata/elasticsearch/sync_rules.json) fails the plan, before any rule is
// written.

// ruleProblem is one refused rule: its index in the list, the attribute at fault, and why.
type ruleProblem struct {
	index   int
	attr    string
	id      string
	summary string
	detail  string
	// bySchema problems are also refused by the schema's validators.
	bySchema bool
	// other is the id of the other rule of a semantic duplicate, which the connector service
	// flags too.
	other string
}

// matchAllRegexps are the values the connector service refuses for a regex rule.
var matchAllRegexps = []string{".*", "(.*)"}

// syncRuleProblems checks rules as the connector service's validators do (non-empty id, field and
// value; no match-all regexp; no two rules with the same field, condition and value), plus what
// the provider's mapping needs: unique ids other than DEFAULT, orders growing along the list.
// known tells which rules were known (unknown ones are skipped).
func syncRuleProblems(rules []FilteringRule, known []bool) []ruleProblem {
	var out []ruleProblem
	ids := map[string]int{}
	conditions := map[string]int{}
	prevOrder, havePrev := int64(0), false
	for i, r := range rules {
		if known != nil && !known[i] {
			havePrev = false
			continue
		}
		add := func(attr, summary, detail string) {
			out = append(out, ruleProblem{index: i, attr: attr, id: r.ID, summary: summary, detail: detail,
				bySchema: summary == "Empty sync rule "+attr || summary == "Reserved sync rule id"})
		}
		for _, f := range []struct{ name, v string }{{"id", r.ID}, {"field", r.Field}, {"value", r.Value}} {
			if f.v == "" {
				add(f.name, "Empty sync rule "+f.name, "A sync rule needs a non-empty "+f.name+" (the connector service refuses it: data."+f.name+" must be longer than or equal to 1 characters).")
			}
		}
		if r.ID == "DEFAULT" {
			add("id", "Reserved sync rule id", "DEFAULT is the id of the catch-all rule Elasticsearch keeps last: give the rule another id.")
		} else if first, dup := ids[r.ID]; dup && r.ID != "" {
			add("id", "Duplicate sync rule id", fmt.Sprintf("Rules %d and %d both have id %q: rule ids must be unique.", first, i, r.ID))
		}
		ids[r.ID] = i
		if r.Rule == "regex" && slices.Contains(matchAllRegexps, r.Value) {
			add("value", "Match-all sync rule", fmt.Sprintf("Rule %q matches everything (%s): the connector service refuses match-all regexps ('.*', '(.*)') "+
				"other than the catch-all rule Elasticsearch keeps last. Remove the rule (the catch-all rule already includes every document), or narrow the regexp.", r.ID, r.Value))
		}
		key := r.Field + "\x00" + r.Rule + "\x00" + r.Value
		if first, dup := conditions[key]; dup {
			add("value", "Duplicate sync rule", fmt.Sprintf("Rule %q has the same field, condition and value as rule %q (%s %s %q): the connector service refuses semantically equal rules, whatever their policies. Keep one.",
				r.ID, rules[first].ID, r.Field, r.Rule, r.Value))
			out[len(out)-1].other = rules[first].ID
		} else {
			conditions[key] = i
		}
		if havePrev && r.Order <= prevOrder {
			add("order", "Sync rule orders must grow", fmt.Sprintf("Rule %q has order %d, not more than the previous rule's %d. Rules apply in the order of the list: give growing orders, or leave order out.", r.ID, r.Order, prevOrder))
		}
		prevOrder, havePrev = r.Order, true
	}
	return out
}

// configRules reads the rules of a filtering value, the unknown ones marked; orders left null
// (or unknown) are filled as the previous rule's plus one. filled tells which orders were filled.
func configRules(ctx context.Context, v types.Object) (rules []FilteringRule, known, filled []bool, m filteringModel, diags diag.Diagnostics) {
	if v.IsNull() || v.IsUnknown() {
		return nil, nil, nil, m, nil
	}
	diags.Append(v.As(ctx, &m, basetypes.ObjectAsOptions{})...)
	if diags.HasError() || m.Rules.IsNull() || m.Rules.IsUnknown() {
		return nil, nil, nil, m, diags
	}
	var models []filteringRuleModel
	diags.Append(m.Rules.ElementsAs(ctx, &models, false)...)
	next := int64(0)
	for _, r := range models {
		ok := !r.ID.IsUnknown() && !r.Policy.IsUnknown() && !r.Field.IsUnknown() && !r.Rule.IsUnknown() && !r.Value.IsUnknown()
		rule := FilteringRule{ID: r.ID.ValueString(), Policy: r.Policy.ValueString(), Field: r.Field.ValueString(), Rule: r.Rule.ValueString(), Value: r.Value.ValueString()}
		fill := r.Order.IsNull() || r.Order.IsUnknown()
		if fill {
			rule.Order = next
		} else {
			rule.Order = r.Order.ValueInt64()
		}
		next = rule.Order + 1
		rules, known, filled = append(rules, rule), append(known, ok), append(filled, fill)
	}
	return rules, known, filled, m, diags
}

// validateFiltering reports the rule problems and a snippet that is not a JSON object or array.
func validateFiltering(ctx context.Context, v types.Object, diags *diag.Diagnostics) {
	rules, known, _, m, d := configRules(ctx, v)
	diags.Append(d...)
	base := path.Root("filtering")
	for _, p := range syncRuleProblems(rules, known) {
		if p.bySchema {
			continue
		}
		diags.AddAttributeError(base.AtName("rules").AtListIndex(p.index).AtName(p.attr), p.summary, p.detail)
	}
	if s := m.AdvancedSnippet; !s.IsNull() && !s.IsUnknown() {
		var value any
		_ = json.Unmarshal([]byte(s.ValueString()), &value)
		switch value.(type) {
		case map[string]any, []any:
		default:
			diags.AddAttributeError(base.AtName("advanced_snippet"), "Invalid advanced sync rules",
				"advanced_snippet must be a JSON object or array (Elasticsearch refuses other values), e.g. jsonencode([{ tables = [\"orders\"] }]).")
		}
	}
}

// planFilteringOrders writes the filled orders into the plan, so that the plan shows each rule's
// order before apply.
func planFilteringOrders(ctx context.Context, plan types.Object, set func(types.Object) diag.Diagnostics) diag.Diagnostics {
	rules, known, filled, m, diags := configRules(ctx, plan)
	if diags.HasError() || !slices.Contains(filled, true) || slices.Contains(known, false) {
		return diags
	}
	ruleType := types.ObjectType{AttrTypes: ruleAttrTypes}
	elems := make([]attr.Value, len(rules))
	for i, r := range rules {
		v, d := types.ObjectValue(ruleAttrTypes, map[string]attr.Value{
			"id": types.StringValue(r.ID), "order": types.Int64Value(r.Order), "policy": types.StringValue(r.Policy),
			"field": types.StringValue(r.Field), "rule": types.StringValue(r.Rule), "value": types.StringValue(r.Value),
		})
		diags.Append(d...)
		elems[i] = v
	}
	list, d := types.ListValue(ruleType, elems)
	diags.Append(d...)
	snippet := m.AdvancedSnippet
	if snippet.IsUnknown() {
		snippet = jsontypes.NewNormalizedUnknown()
	}
	obj, d := types.ObjectValue(filteringAttrTypes, map[string]attr.Value{"rules": list, "advanced_snippet": snippet})
	diags.Append(d...)
	if diags.HasError() {
		return diags
	}
	return set(obj)
}

// syncRuleFeatureWarnings warns when the connector's features say it ignores the rules given.
func syncRuleFeatureWarnings(plan connectorModel, diags *diag.Diagnostics) {
	if plan.Features.IsNull() || plan.Features.IsUnknown() || plan.Filtering.IsNull() || plan.Filtering.IsUnknown() {
		return
	}
	sr, ok := plan.Features.Attributes()["sync_rules"].(types.Object)
	if !ok || sr.IsNull() || sr.IsUnknown() {
		return
	}
	off := func(name string) bool {
		b, ok := sr.Attributes()[name].(types.Bool)
		return ok && !b.IsNull() && !b.IsUnknown() && !b.ValueBool()
	}
	f := plan.Filtering.Attributes()
	if rules, ok := f["rules"].(types.List); ok && len(rules.Elements()) > 0 && off("basic") {
		diags.AddAttributeWarning(path.Root("filtering").AtName("rules"), "Basic sync rules are disabled for this connector",
			"features.sync_rules.basic is false: the connector service ignores the basic rules, whatever they are.")
	}
	if s, ok := f["advanced_snippet"].(jsontypes.Normalized); ok && !s.IsNull() && !s.IsUnknown() && !emptySnippet(json.RawMessage(s.ValueString())) && off("advanced") {
		diags.AddAttributeWarning(path.Root("filtering").AtName("advanced_snippet"), "Advanced sync rules are disabled for this connector",
			"features.sync_rules.advanced is false: the connector service ignores the advanced snippet.")
	}
}
