package polytomic

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/syncops/terraform-provider-syncops/internal/base"
)

const (
	defaultCreateTimeout = 5 * time.Minute
	defaultReadTimeout   = 2 * time.Minute
	defaultUpdateTimeout = 5 * time.Minute
	defaultDeleteTimeout = 5 * time.Minute
)

// NewConnectionResource is the syncops_polytomic_connection resource.
func NewConnectionResource() resource.Resource {
	return &connectionResource{Resource: base.NewResource[*Client](platform, "polytomic_connection")}
}

type connectionResource struct {
	base.Resource[*Client]
}

var (
	_ resource.ResourceWithConfigure   = &connectionResource{}
	_ resource.ResourceWithImportState = &connectionResource{}
	_ resource.ResourceWithModifyPlan  = &connectionResource{}
	_ resource.ResourceWithIdentity    = &connectionResource{}
)

type connectionModel struct {
	ID                              types.String         `tfsdk:"id"`
	Name                            types.String         `tfsdk:"name"`
	Type                            types.String         `tfsdk:"type"`
	Configuration                   jsontypes.Normalized `tfsdk:"configuration"`
	SensitiveConfigurationWO        jsontypes.Normalized `tfsdk:"sensitive_configuration_wo"`
	SensitiveConfigurationWOVersion types.Int64          `tfsdk:"sensitive_configuration_wo_version"`
	OrganizationID                  types.String         `tfsdk:"organization_id"`
	Policies                        types.List           `tfsdk:"policies"`
	HealthcheckInterval             types.String         `tfsdk:"healthcheck_interval"`
	Validate                        types.Bool           `tfsdk:"validate"`
	ForceDestroy                    types.Bool           `tfsdk:"force_destroy"`
	Status                          types.String         `tfsdk:"status"`
	StatusError                     types.String         `tfsdk:"status_error"`
	CreatedAt                       types.String         `tfsdk:"created_at"`
	UpdatedAt                       types.String         `tfsdk:"updated_at"`
	Timeouts                        timeouts.Value       `tfsdk:"timeouts"`
}

// TimeoutsBlock is the model's timeouts block (base.Model).
func (m connectionModel) TimeoutsBlock() timeouts.Value { return m.Timeouts }

// connectionIdentity is the resource identity (Terraform 1.12+): the connection UUID.
type connectionIdentity struct {
	ID types.String `tfsdk:"id"`
}

func (r *connectionResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"id": identityschema.StringAttribute{
				RequiredForImport: true,
				Description:       "Connection UUID.",
			},
		},
	}
}

func (r *connectionResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A Polytomic connection: the credentials and settings of one upstream system (PostgreSQL, " +
			"Snowflake, Salesforce, a CSV URL, ...). One resource serves every connection type: `configuration` is " +
			"checked at plan time against the type's JSON Schema from the Polytomic API. Secrets go in the write-only " +
			"`sensitive_configuration_wo`, which is never stored in state; a change of them is sent on the next apply, and " +
			"bumping `sensitive_configuration_wo_version` sends them again unchanged. Creation carries an `Idempotency-Key`, " +
			"so a lost answer never creates a second connection.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed: true, MarkdownDescription: "Connection UUID.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"name": schema.StringAttribute{
				Required: true, MarkdownDescription: "Connection name.",
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"type": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "Connection type id, e.g. `postgresql`, `snowflake`, `salesforce`, `csv` (see the " +
					"`syncops_polytomic_connection_type` data source). Changing it replaces the connection.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
				Validators:    []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"configuration": schema.StringAttribute{
				Optional: true, CustomType: jsontypes.NormalizedType{},
				MarkdownDescription: "Non-secret configuration as a JSON object (use `jsonencode`). Key order and spacing " +
					"never make a diff. Checked at plan time: unknown fields, wrong types, missing required fields and " +
					"sensitive fields (which belong in `sensitive_configuration_wo`) are errors. Changes made in Polytomic " +
					"show as drift; keys Polytomic sets itself (read-only in the type's schema) are left out. Updates " +
					"replace the whole non-secret configuration.",
			},
			"sensitive_configuration_wo": schema.StringAttribute{
				Optional: true, WriteOnly: true, Sensitive: true, CustomType: jsontypes.NormalizedType{},
				MarkdownDescription: "Write-only secret configuration as a JSON object (e.g. `jsonencode({ password = var.db_password })`), " +
					"merged into the configuration sent to Polytomic. A secret nested in an object goes at the same path, e.g. " +
					"`jsonencode({ auth = { basic = { password = var.csv_password } } })` next to `auth = { basic = { username = \"reader\" } }` " +
					"in `configuration`; arrays split between the two are merged item by item, by position. Never stored in state, plan or logs. Sent on create, " +
					"whenever `sensitive_configuration_wo_version` changes, and whenever the value differs from the one last sent " +
					"(compared with a salted digest kept in private state; not known after an import, when the version alone " +
					"decides); otherwise Polytomic keeps the stored secrets. Requires Terraform 1.11 or later.",
				Validators: []validator.String{stringvalidator.AlsoRequires(path.MatchRoot("sensitive_configuration_wo_version"))},
			},
			"sensitive_configuration_wo_version": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: "Version of `sensitive_configuration_wo`. Changing it (e.g. incrementing it) sends the " +
					"secrets again, even unchanged (for instance after they were changed in Polytomic itself, which the " +
					"provider cannot see: Polytomic masks secrets on every read).",
			},
			"organization_id": schema.StringAttribute{
				Optional: true, Computed: true,
				MarkdownDescription: "Organization UUID owning the connection. Defaults to the caller's organization. " +
					"Changing it replaces the connection.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown(), stringplanmodifier.RequiresReplaceIfConfigured()},
				Validators:    []validator.String{uuidValidator("an organization")},
			},
			"policies": schema.ListAttribute{
				Optional: true, ElementType: types.StringType,
				MarkdownDescription: "Policy UUIDs applied to the connection.",
				Validators:          []validator.List{listvalidator.ValueStringsAre(uuidValidator("a policy"))},
			},
			"healthcheck_interval": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Override of the health-check interval, as a duration such as `3h30m`. Polytomic returns " +
					"it only on create and update, so a change made in Polytomic does not show as drift.",
			},
			"validate": schema.BoolAttribute{
				Optional: true, Computed: true, Default: booldefault.StaticBool(true),
				MarkdownDescription: "Whether Polytomic validates the connection against the upstream service on create and " +
					"update (the request fails if it cannot be reached). Defaults to `true`, as the API. Changing only this " +
					"makes no API call.",
			},
			"force_destroy": schema.BoolAttribute{
				Optional: true, Computed: true, Default: booldefault.StaticBool(false),
				MarkdownDescription: "Delete the connection even when syncs, bulk syncs, fieldsets or schedules use it: Polytomic " +
					"deletes those first. Defaults to `false`. Must be applied before `terraform destroy` to take effect; " +
					"changing only this makes no API call.",
			},
			"status": schema.StringAttribute{
				Computed: true, MarkdownDescription: "Connection health as Polytomic reports it, e.g. `healthy`.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"status_error": schema.StringAttribute{
				Computed: true, MarkdownDescription: "Last health-check error, empty when healthy.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"created_at": schema.StringAttribute{
				Computed: true, MarkdownDescription: "Creation time (RFC 3339).",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"updated_at": schema.StringAttribute{
				Computed: true, MarkdownDescription: "Last update time (RFC 3339).",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.Block(ctx, timeouts.Opts{Create: true, Read: true, Update: true, Delete: true}),
		},
	}
}
