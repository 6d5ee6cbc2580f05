package elasticsearch

import (
	"bytes"
	"context"
	"encoding/json"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
)

// Mapping of filtering, features, error and last_sync between the API and the state.

type filteringModel struct {
	Rules           types.List           `tfsdk:"rules"`
	AdvancedSnippet jsontypes.Normalized `tfsdk:"advanced_snippet"`
}

type filteringRuleModel struct {
	ID     types.String `tfsdk:"id"`
	Order  types.Int64  `tfsdk:"order"`
	Policy types.String `tfsdk:"policy"`
	Field  types.String `tfsdk:"field"`
	Rule   types.String `tfsdk:"rule"`
	Value  types.String `tfsdk:"value"`
}

// activeRules are the rules of the connector's active filtering without the trailing default rule
// (Elasticsearch adds it; a default rule anywhere else stays, so that the difference shows).
func activeRules(c *Connector) (rules []FilteringRule, snippet json.RawMessage, ok bool) {
	if len(c.Filtering) == 0 {
		return nil, nil, false
	}
	active := c.Filtering[0].Active
	rules = active.Rules
	if n := len(rules); n > 0 && rules[n-1].isDefaultRule() {
		rules = rules[:n-1]
	}
	return rules, active.AdvancedSnippet.Value, true
}

// emptySnippet tells the snippet of a connector without advanced rules: {} (or nothing).
func emptySnippet(v json.RawMessage) bool {
	t := bytes.TrimSpace(v)
	return len(t) == 0 || bytes.Equal(t, []byte("null")) || bytes.Equal(bytes.Join(bytes.Fields(t), nil), []byte("{}"))
}

// filteringValue is the filtering attribute of a connector: its active rules. No rules and no
// snippet read back as null where prior (the state, or the plan after a change) has null, so that
// `filtering = {}` and a connector with only the default rule agree.
func filteringValue(prior types.Object, c *Connector) (types.Object, diag.Diagnostics) {
	var diags diag.Diagnostics
	rules, snippet, ok := activeRules(c)
	if !ok {
		return types.ObjectNull(filteringAttrTypes), nil
	}
	var priorRules types.List
	var priorSnippet jsontypes.Normalized
	if !prior.IsNull() && !prior.IsUnknown() {
		if v, ok := prior.Attributes()["rules"].(types.List); ok {
			priorRules = v
		}
		if v, ok := prior.Attributes()["advanced_snippet"].(jsontypes.Normalized); ok {
			priorSnippet = v
		}
	}
	ruleType := types.ObjectType{AttrTypes: ruleAttrTypes}
	rulesValue := types.ListNull(ruleType)
	if len(rules) > 0 || (!priorRules.IsNull() && !priorRules.IsUnknown()) {
		elems := make([]attr.Value, 0, len(rules))
		for _, r := range rules {
			v, d := types.ObjectValue(ruleAttrTypes, map[string]attr.Value{
				"id": types.StringValue(r.ID), "order": types.Int64Value(r.Order), "policy": types.StringValue(r.Policy),
				"field": types.StringValue(r.Field), "rule": types.StringValue(r.Rule), "value": types.StringValue(r.Value),
			})
			diags.Append(d...)
			elems = append(elems, v)
		}
		list, d := types.ListValue(ruleType, elems)
		diags.Append(d...)
		rulesValue = list
	}
	snippetValue := jsontypes.NewNormalizedNull()
	if !emptySnippet(snippet) || (!priorSnippet.IsNull() && !priorSnippet.IsUnknown()) {
		if len(bytes.TrimSpace(snippet)) == 0 {
			snippet = json.RawMessage("{}")
		}
		snippetValue = jsontypes.NewNormalizedValue(string(snippet))
	}
	obj, d := types.ObjectValue(filteringAttrTypes, map[string]attr.Value{"rules": rulesValue, "advanced_snippet": snippetValue})
	diags.Append(d...)
	return obj, diags
}

// filteringFrom reads the planned rules and snippet; ok is false while any of them is unknown.
func filteringFrom(ctx context.Context, v types.Object) (rules []FilteringRule, snippet json.RawMessage, ok bool, diags diag.Diagnostics) {
	if v.IsNull() || v.IsUnknown() {
		return nil, nil, false, nil
	}
	var m filteringModel
	diags.Append(v.As(ctx, &m, basetypes.ObjectAsOptions{})...)
	if diags.HasError() || m.Rules.IsUnknown() || m.AdvancedSnippet.IsUnknown() {
		return nil, nil, false, diags
	}
	var models []filteringRuleModel
	if !m.Rules.IsNull() {
		diags.Append(m.Rules.ElementsAs(ctx, &models, false)...)
	}
	rules = []FilteringRule{}
	for _, r := range models {
		for _, s := range []attr.Value{r.ID, r.Order, r.Policy, r.Field, r.Rule, r.Value} {
			if s.IsUnknown() {
				return nil, nil, false, diags
			}
		}
		rules = append(rules, FilteringRule{ID: r.ID.ValueString(), Order: r.Order.ValueInt64(), Policy: r.Policy.ValueString(),
			Field: r.Field.ValueString(), Rule: r.Rule.ValueString(), Value: r.Value.ValueString()})
	}
	snippet = json.RawMessage("{}")
	if !m.AdvancedSnippet.IsNull() {
		snippet = json.RawMessage(m.AdvancedSnippet.ValueString())
	}
	return rules, snippet, !diags.HasError(), diags
}

func boolFlag(f *FeatureFlag) types.Bool {
	if f == nil {
		return types.BoolNull()
	}
	return types.BoolValue(f.Enabled)
}

// featuresValue is the features attribute: null when the connector reports none.
func featuresValue(f *Features) (types.Object, diag.Diagnostics) {
	if f == nil {
		return types.ObjectNull(featuresAttrTypes), nil
	}
	var diags diag.Diagnostics
	syncRules := types.ObjectNull(syncRulesFeatureAttrTypes)
	if f.SyncRules != nil {
		v, d := types.ObjectValue(syncRulesFeatureAttrTypes, map[string]attr.Value{"basic": boolFlag(f.SyncRules.Basic), "advanced": boolFlag(f.SyncRules.Advanced)})
		diags.Append(d...)
		syncRules = v
	}
	obj, d := types.ObjectValue(featuresAttrTypes, map[string]attr.Value{
		"document_level_security": boolFlag(f.DocumentLevelSecurity), "incremental_sync": boolFlag(f.IncrementalSync),
		"native_connector_api_keys": boolFlag(f.NativeConnectorAPIKeys), "sync_rules": syncRules,
	})
	diags.Append(d...)
	return obj, diags
}

// featuresFrom is the known, non-null flags of a planned features value: what _features sends.
func featuresFrom(v types.Object) (Features, bool) {
	var f Features
	if v.IsNull() || v.IsUnknown() {
		return f, false
	}
	flag := func(a attr.Value) *FeatureFlag {
		b, ok := a.(types.Bool)
		if !ok || b.IsNull() || b.IsUnknown() {
			return nil
		}
		return &FeatureFlag{Enabled: b.ValueBool()}
	}
	a := v.Attributes()
	f.DocumentLevelSecurity, f.IncrementalSync, f.NativeConnectorAPIKeys = flag(a["document_level_security"]), flag(a["incremental_sync"]), flag(a["native_connector_api_keys"])
	if sr, ok := a["sync_rules"].(types.Object); ok && !sr.IsNull() && !sr.IsUnknown() {
		basic, advanced := flag(sr.Attributes()["basic"]), flag(sr.Attributes()["advanced"])
		if basic != nil || advanced != nil {
			f.SyncRules = &SyncRulesFeatures{Basic: basic, Advanced: advanced}
		}
	}
	some := f.DocumentLevelSecurity != nil || f.IncrementalSync != nil || f.NativeConnectorAPIKeys != nil || f.SyncRules != nil
	return f, some
}

func int64Pointer(v *int64) types.Int64 {
	if v == nil {
		return types.Int64Null()
	}
	return types.Int64Value(*v)
}

// lastSyncValue is the read-only last_sync attribute.
func lastSyncValue(s SyncInfo) (types.Object, diag.Diagnostics) {
	return types.ObjectValue(lastSyncAttrTypes, map[string]attr.Value{
		"status": types.StringPointerValue(s.LastSyncStatus), "error": types.StringPointerValue(s.LastSyncError),
		"synced_at": types.StringPointerValue(s.LastSynced), "scheduled_at": types.StringPointerValue(s.LastSyncScheduledAt),
		"incremental_scheduled_at": types.StringPointerValue(s.LastIncrementalSyncScheduledAt),
		"indexed_document_count":   int64Pointer(s.LastIndexedDocumentCount), "deleted_document_count": int64Pointer(s.LastDeletedDocumentCount),
		"access_control_status": types.StringPointerValue(s.LastAccessControlSyncStatus), "access_control_error": types.StringPointerValue(s.LastAccessControlSyncError),
		"access_control_scheduled_at": types.StringPointerValue(s.LastAccessControlSyncScheduledAt),
	})
}

// fromAPISync maps what the connector service works with.
func (m *connectorModel) fromAPISync(c *Connector) diag.Diagnostics {
	var diags diag.Diagnostics
	var d diag.Diagnostics
	m.Error = types.StringPointerValue(c.Error)
	m.Filtering, d = filteringValue(m.Filtering, c)
	diags.Append(d...)
	m.Features, d = featuresValue(c.Features)
	diags.Append(d...)
	m.LastSync, d = lastSyncValue(c.SyncInfo)
	diags.Append(d...)
	return diags
}
