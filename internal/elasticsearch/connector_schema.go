package elasticsearch

import (
	"context"
	"maps"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/objectplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// connectorModel is the state of syncops_elasticsearch_connector.
type connectorModel struct {
	ID                            types.String         `tfsdk:"id"`
	ConnectorID                   types.String         `tfsdk:"connector_id"`
	Name                          types.String         `tfsdk:"name"`
	Description                   types.String         `tfsdk:"description"`
	IndexName                     types.String         `tfsdk:"index_name"`
	ServiceType                   types.String         `tfsdk:"service_type"`
	IsNative                      types.Bool           `tfsdk:"is_native"`
	Language                      types.String         `tfsdk:"language"`
	ConfigurationValues           jsontypes.Normalized `tfsdk:"configuration_values"`
	ConfigurationSecretsWO        jsontypes.Normalized `tfsdk:"configuration_secrets_wo"`
	ConfigurationSecretsWOVersion types.Int64          `tfsdk:"configuration_secrets_wo_version"`
	Scheduling                    types.Object         `tfsdk:"scheduling"`
	Pipeline                      types.Object         `tfsdk:"pipeline"`
	APIKeyID                      types.String         `tfsdk:"api_key_id"`
	APIKeySecretID                types.String         `tfsdk:"api_key_secret_id"`
	Status                        types.String         `tfsdk:"status"`
	Error                         types.String         `tfsdk:"error"`
	Filtering                     types.Object         `tfsdk:"filtering"`
	Features                      types.Object         `tfsdk:"features"`
	LastSync                      types.Object         `tfsdk:"last_sync"`
	DeleteSyncJobs                types.Bool           `tfsdk:"delete_sync_jobs"`
	HardDelete                    types.Bool           `tfsdk:"hard_delete"`
	Timeouts                      timeouts.Value       `tfsdk:"timeouts"`
}

// TimeoutsBlock is the model's timeouts block (base.Model).
func (m connectorModel) TimeoutsBlock() timeouts.Value { return m.Timeouts }

var scheduleAttrTypes = map[string]attr.Type{"enabled": types.BoolType, "interval": types.StringType}

// scheduleKinds are the keys of scheduling, in the order they are sent.
var scheduleKinds = []string{"full", "incremental", "access_control"}

var schedulingAttrTypes = map[string]attr.Type{
	"full":           types.ObjectType{AttrTypes: scheduleAttrTypes},
	"incremental":    types.ObjectType{AttrTypes: scheduleAttrTypes},
	"access_control": types.ObjectType{AttrTypes: scheduleAttrTypes},
}

var pipelineAttrTypes = map[string]attr.Type{
	"name": types.StringType, "extract_binary_content": types.BoolType, "reduce_whitespace": types.BoolType, "run_ml_inference": types.BoolType,
}

// connectorIdentityModel is the identity of syncops_elasticsearch_connector (Terraform 1.12+).
type connectorIdentityModel struct {
	ID types.String `tfsdk:"id"`
}

func connectorIdentitySchema() identityschema.Schema {
	return identityschema.Schema{Attributes: map[string]identityschema.Attribute{
		"id": identityschema.StringAttribute{RequiredForImport: true, Description: "The connector id, as GET /_connector lists it."},
	}}
}

// setIdentity records the identity; identity is nil where the framework keeps none.
func setIdentity(ctx context.Context, identity *tfsdk.ResourceIdentity, id string) diag.Diagnostics {
	if identity == nil {
		return nil
	}
	return identity.Set(ctx, connectorIdentityModel{ID: types.StringValue(id)})
}

func connectorSchema(ctx context.Context) schema.Schema {
	schedule := func(what string) schema.SingleNestedAttribute {
		return schema.SingleNestedAttribute{
			Optional: true, Computed: true,
			MarkdownDescription: "Schedule of " + what + ". Left out, the server's value is kept (a new connector has it disabled, `0 0 0 * * ?`).",
			PlanModifiers:       []planmodifier.Object{objectplanmodifier.UseStateForUnknown()},
			Attributes: map[string]schema.Attribute{
				"enabled": schema.BoolAttribute{Required: true, MarkdownDescription: "Whether " + what + " run on the schedule."},
				"interval": schema.StringAttribute{
					Required:            true,
					MarkdownDescription: "Quartz-style cron expression with seconds, e.g. `0 0 0 * * ?` (every day at midnight): `sec min hour day-of-month month day-of-week [year]`, with `?` in exactly one of the day fields.",
					Validators:          []validator.String{cronValidator{}},
				},
			},
		}
	}
	s := schema.Schema{
		MarkdownDescription: "An Elasticsearch content connector (`/_connector` API, Elasticsearch 8.13 or later, 9.x included). " +
			"After creation every change goes through the connector's `_name`, `_index_name`, `_service_type`, `_configuration`, `_scheduling`, `_pipeline`, `_api_key_id`, `_native`, `_features` and `_filtering` endpoints, " +
			"so a change never resets the rest of the connector (a `PUT` on an existing id would).",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed: true, MarkdownDescription: "The connector id (same as `connector_id`).",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"connector_id": schema.StringAttribute{
				Optional: true, Computed: true,
				MarkdownDescription: "Connector id. Left out, Elasticsearch generates one. Changing it replaces the connector. Creating with an id that an existing connector already has is an error (import that connector instead).",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplaceIfConfigured(), stringplanmodifier.UseStateForUnknown()},
				Validators:          connectorIDValidators(),
			},
			"name": schema.StringAttribute{
				Optional: true, Computed: true,
				MarkdownDescription: "Display name. Left out, the server's value is kept (`\"\"` for a new connector).",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"description": schema.StringAttribute{
				Optional: true, Computed: true,
				MarkdownDescription: "Description. Elasticsearch cannot clear a description: removing it from the configuration keeps the current one.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"index_name": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Index the connector writes to: not starting with `_`, `-` or `+`, none of `\\ / * ? \" < > | , # :` or spaces, not `.` or `..`, at most 255 bytes, unique among connectors, " +
					"and, from Elasticsearch 9.0, starting with `content-` when `is_native` is true. Removing it detaches the index. Required on Elasticsearch before 8.16.",
				Validators: []validator.String{indexNameValidator{}},
			},
			"service_type": schema.StringAttribute{
				Optional: true, Computed: true,
				MarkdownDescription: "Connector service type, e.g. `google_drive`, `sharepoint_online`, `mysql`. Cannot be cleared once set. Changing it sets `status` back to `needs_configuration` unless the connector was never configured.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"is_native": schema.BoolAttribute{
				Optional: true, Computed: true,
				MarkdownDescription: "Whether the connector is Elastic-managed (native). From Elasticsearch 9.0, native connectors need an `index_name` starting with `content-`. Defaults to the server's value (`false` for a new connector).",
				PlanModifiers:       []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()},
			},
			"language": schema.StringAttribute{
				Optional: true, Computed: true,
				MarkdownDescription: "Language analyzer of the index, e.g. `english`. The API has no endpoint to change it, so a change replaces the connector.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplaceIfConfigured(), stringplanmodifier.UseStateForUnknown()},
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"configuration_values": schema.StringAttribute{
				CustomType: jsontypes.NormalizedType{},
				Optional:   true,
				MarkdownDescription: "JSON object of configuration values, e.g. `jsonencode({ host = \"db.example.com\", port = 3306 })`, set through `_configuration` with `values`. " +
					"Only fields that the connector service has registered in the connector's configuration are accepted (Elasticsearch answers 400 for others), so add them once the connector service has registered its configuration. " +
					"Only the keys given here are read back and compared. Do not put secrets here: use `configuration_secrets_wo`.",
			},
			"configuration_secrets_wo": schema.StringAttribute{
				CustomType: jsontypes.NormalizedType{},
				Optional:   true, WriteOnly: true, Sensitive: true,
				MarkdownDescription: "Write-only JSON object of secret configuration values (passwords, tokens), sent with `configuration_values` and never stored in state. " +
					"Sent at create, whenever `configuration_secrets_wo_version` changes, and whenever the value differs from the one last sent (told by a salted digest kept in private state, never the value; " +
					"an imported connector has no digest until its secrets are sent once). Needs Terraform 1.11 or later.",
			},
			"configuration_secrets_wo_version": schema.Int64Attribute{
				Optional:            true,
				MarkdownDescription: "Change this number to send `configuration_secrets_wo` again even when it did not change (for example after it was changed on the cluster), or to send it the first time after an import.",
				Validators:          []validator.Int64{int64validator.AlsoRequires(path.MatchRoot("configuration_secrets_wo"))},
			},
			"scheduling": schema.SingleNestedAttribute{
				Optional: true, Computed: true,
				MarkdownDescription: "Sync schedules. Only the schedules given are changed (through `_scheduling`); the others keep the server's value (Elasticsearch before 8.14 takes only all three at once: the others are sent too, as the state holds them).",
				PlanModifiers:       []planmodifier.Object{objectplanmodifier.UseStateForUnknown()},
				Attributes: map[string]schema.Attribute{
					"full":           schedule("full content syncs"),
					"incremental":    schedule("incremental content syncs"),
					"access_control": schedule("access control (document level security) syncs"),
				},
			},
			"pipeline": schema.SingleNestedAttribute{
				Optional: true, Computed: true,
				MarkdownDescription: "Ingest pipeline settings, set through `_pipeline`. Elasticsearch does not set a pipeline on create and cannot remove one: removing this block keeps the current settings.",
				PlanModifiers:       []planmodifier.Object{objectplanmodifier.UseStateForUnknown()},
				Attributes: map[string]schema.Attribute{
					"name": schema.StringAttribute{Required: true, MarkdownDescription: "Ingest pipeline name, e.g. `search-default-ingestion`."},
					"extract_binary_content": schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(true),
						MarkdownDescription: "Extract text from binary documents. Defaults to `true`."},
					"reduce_whitespace": schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(true),
						MarkdownDescription: "Collapse runs of whitespace. Defaults to `true`."},
					"run_ml_inference": schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(false),
						MarkdownDescription: "Run the ML inference pipeline. Defaults to `false`."},
				},
			},
			"api_key_id": schema.StringAttribute{
				Optional: true, Computed: true,
				MarkdownDescription: "Id of the API key the connector uses to write to its index. Cannot be cleared once set.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"api_key_secret_id": schema.StringAttribute{
				Optional: true, Computed: true,
				MarkdownDescription: "Id of the connector secret holding the API key (Elastic-managed connectors). An id, not the key. Cannot be cleared once set.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"status": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "Connector status: `created`, `needs_configuration`, `configured`, `connected` or `error`.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"delete_sync_jobs": schema.BoolAttribute{
				Optional: true, Computed: true, Default: booldefault.StaticBool(false),
				MarkdownDescription: "On destroy, also delete the connector's sync job history (`delete_sync_jobs=true`, Elasticsearch 8.14 or later). Defaults to `false`. Apply a change before running destroy; changing it alone makes no API call.",
			},
			"hard_delete": schema.BoolAttribute{
				Optional: true, Computed: true, Default: booldefault.StaticBool(false),
				MarkdownDescription: "On destroy, remove the connector document (`hard=true`) instead of the soft delete that Elasticsearch 9.0 and later do by default. Needs Elasticsearch 9.0 or later (8.x always deletes for good). Defaults to `false`. Apply a change before running destroy; changing it alone makes no API call.",
			},
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.Block(ctx, timeouts.Opts{Create: true, Read: true, Update: true, Delete: true}),
		},
	}
	maps.Copy(s.Attributes, syncAttributes())
	return s
}
