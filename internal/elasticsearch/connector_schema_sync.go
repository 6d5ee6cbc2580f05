package elasticsearch

import (
	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/objectplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// The attributes of what the connector service works with: sync rules (filtering), feature
// flags, and the read-only error and last sync information it reports.

var (
	filteringPolicies   = []string{"include", "exclude"}
	filteringConditions = []string{"equals", "contains", "ends_with", "starts_with", "regex", ">", "<"}
)

var ruleAttrTypes = map[string]attr.Type{
	"id": types.StringType, "order": types.Int64Type, "policy": types.StringType,
	"field": types.StringType, "rule": types.StringType, "value": types.StringType,
}

var filteringAttrTypes = map[string]attr.Type{
	"rules":            types.ListType{ElemType: types.ObjectType{AttrTypes: ruleAttrTypes}},
	"advanced_snippet": jsontypes.NormalizedType{},
}

var syncRulesFeatureAttrTypes = map[string]attr.Type{"basic": types.BoolType, "advanced": types.BoolType}

var featuresAttrTypes = map[string]attr.Type{
	"document_level_security":   types.BoolType,
	"incremental_sync":          types.BoolType,
	"native_connector_api_keys": types.BoolType,
	"sync_rules":                types.ObjectType{AttrTypes: syncRulesFeatureAttrTypes},
}

var lastSyncAttrTypes = map[string]attr.Type{
	"status": types.StringType, "error": types.StringType, "synced_at": types.StringType,
	"scheduled_at": types.StringType, "incremental_scheduled_at": types.StringType,
	"indexed_document_count": types.Int64Type, "deleted_document_count": types.Int64Type,
	"access_control_status": types.StringType, "access_control_error": types.StringType,
	"access_control_scheduled_at": types.StringType,
}

func syncAttributes() map[string]schema.Attribute {
	flag := func(what string) schema.BoolAttribute {
		return schema.BoolAttribute{
			Optional: true, Computed: true,
			MarkdownDescription: what + " Left out, the server's value is kept (null when never reported).",
			PlanModifiers:       []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()},
		}
	}
	readOnly := func(d string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: d}
	}
	return map[string]schema.Attribute{
		"filtering": schema.SingleNestedAttribute{
			Optional: true, Computed: true,
			MarkdownDescription: "Sync rules (`filtering`), as the connector's syncs use them (the active rules). Set through Elasticsearch's draft flow: " +
				"the rules are written as the draft (`PUT _filtering`), the connector service validates them, and a valid draft is activated (`PUT _filtering/_activate`, Elasticsearch 8.14 or later); " +
				"the apply waits for the validation (within the create or update timeout) and fails with the connector service's errors when the draft is invalid. " +
				"Elasticsearch keeps a catch-all rule (id `DEFAULT`, field `_`, `regex` `.*`, `include`) last: it is not listed here. " +
				"Left out, the server's rules are kept; `rules = []` removes every rule. A change made elsewhere to the active rules shows in the plan.",
			PlanModifiers: []planmodifier.Object{objectplanmodifier.UseStateForUnknown()},
			Attributes: map[string]schema.Attribute{
				"rules": schema.ListNestedAttribute{
					Optional: true,
					MarkdownDescription: "Basic sync rules, applied in this order: the first rule whose condition matches a document decides whether it is included or excluded. " +
						"The connector service refuses match-all regexps (`.*`, `(.*)`) and two rules with the same field, condition and value; so does the plan.",
					NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
						"id": schema.StringAttribute{
							Required: true, MarkdownDescription: "Rule id, unique among the rules; `DEFAULT` is the catch-all rule's.",
							Validators: []validator.String{stringvalidator.LengthAtLeast(1), stringvalidator.NoneOf("DEFAULT")},
						},
						"order": schema.Int64Attribute{
							Optional: true, Computed: true,
							MarkdownDescription: "Position of the rule. Left out, the one after the previous rule's (the first rule's is 0). Orders must grow along the list.",
						},
						"policy": schema.StringAttribute{
							Required: true, MarkdownDescription: "`include` or `exclude` the documents the rule matches.",
							Validators: []validator.String{stringvalidator.OneOf(filteringPolicies...)},
						},
						"field": schema.StringAttribute{
							Required: true, MarkdownDescription: "Document field the rule looks at, e.g. `title` or `extension`.",
							Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
						},
						"rule": schema.StringAttribute{
							Required: true, MarkdownDescription: "Condition: `equals`, `contains`, `starts_with`, `ends_with`, `regex`, `>` or `<`.",
							Validators: []validator.String{stringvalidator.OneOf(filteringConditions...)},
						},
						"value": schema.StringAttribute{
							Required: true, MarkdownDescription: "Value the condition compares the field with (a Python regular expression for `regex`).",
							Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
						},
					}},
				},
				"advanced_snippet": schema.StringAttribute{
					CustomType: jsontypes.NormalizedType{}, Optional: true,
					MarkdownDescription: "Advanced sync rules: a JSON object or array whose shape the connector's data source defines (e.g. " +
						"`jsonencode([{ tables = [\"orders\"], query = \"SELECT * FROM orders WHERE ...\" }])` for MySQL). Left out, none (`{}`).",
				},
			},
		},
		"features": schema.SingleNestedAttribute{
			Optional: true, Computed: true,
			MarkdownDescription: "Feature flags of the connector, set through `_features` (Elasticsearch 8.15 or later, not on Serverless). " +
				"The connector service of a self-managed connector writes the features of its data source when it starts, so set only what it does not report. " +
				"Flags are merged and cannot be removed: a flag left out keeps the server's value.",
			PlanModifiers: []planmodifier.Object{objectplanmodifier.UseStateForUnknown()},
			Attributes: map[string]schema.Attribute{
				"document_level_security":   flag("Document level security: access control syncs copy the source's permissions."),
				"incremental_sync":          flag("Incremental syncs."),
				"native_connector_api_keys": flag("API keys managed for Elastic-managed connectors."),
				"sync_rules": schema.SingleNestedAttribute{
					Optional: true, Computed: true,
					MarkdownDescription: "Which sync rules the connector applies: without them the connector service ignores the rules of that kind.",
					PlanModifiers:       []planmodifier.Object{objectplanmodifier.UseStateForUnknown()},
					Attributes: map[string]schema.Attribute{
						"basic":    flag("Basic sync rules (`filtering.rules`)."),
						"advanced": flag("Advanced sync rules (`filtering.advanced_snippet`)."),
					},
				},
			},
		},
		"error": schema.StringAttribute{
			Computed: true, MarkdownDescription: "Last error the connector service reported for the connector (null when none). Read-only.",
			PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
		},
		"last_sync": schema.SingleNestedAttribute{
			Computed:            true,
			MarkdownDescription: "What the connector service reported of the last syncs. Read-only; null fields were never reported.",
			PlanModifiers:       []planmodifier.Object{objectplanmodifier.UseStateForUnknown()},
			Attributes: map[string]schema.Attribute{
				"status":                      readOnly("Status of the last content sync: `pending`, `in_progress`, `completed`, `error`, `canceling`, `canceled` or `suspended`."),
				"error":                       readOnly("Error of the last content sync."),
				"synced_at":                   readOnly("When the last sync ended (`last_synced`)."),
				"scheduled_at":                readOnly("When the last full sync was scheduled."),
				"incremental_scheduled_at":    readOnly("When the last incremental sync was scheduled."),
				"indexed_document_count":      schema.Int64Attribute{Computed: true, MarkdownDescription: "Documents indexed by the last sync."},
				"deleted_document_count":      schema.Int64Attribute{Computed: true, MarkdownDescription: "Documents deleted by the last sync."},
				"access_control_status":       readOnly("Status of the last access control sync."),
				"access_control_error":        readOnly("Error of the last access control sync."),
				"access_control_scheduled_at": readOnly("When the last access control sync was scheduled."),
			},
		},
	}
}
