package jim

import (
	"context"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// noOuterSpace matches values JIM would store unchanged: it trims names and descriptions, so a
// value with outer spaces would read back different and never converge.
var noOuterSpace = regexp.MustCompile(`^\S(.*\S)?$|^\S$`)

var positiveInt = regexp.MustCompile(`^[1-9][0-9]*$`)

type connectedSystemModel struct {
	ID                          types.String   `tfsdk:"id"`
	Name                        types.String   `tfsdk:"name"`
	Description                 types.String   `tfsdk:"description"`
	Connector                   types.String   `tfsdk:"connector"`
	ConnectorID                 types.Int64    `tfsdk:"connector_id"`
	Settings                    types.Map      `tfsdk:"settings"`
	SecretSettingsWO            types.Map      `tfsdk:"secret_settings_wo"`
	SecretSettingsWOVersion     types.Int64    `tfsdk:"secret_settings_wo_version"`
	MaxExportParallelism        types.Int64    `tfsdk:"max_export_parallelism"`
	RequireSecureTransport      types.Bool     `tfsdk:"require_secure_transport"`
	UnresolvedReferenceHandling types.String   `tfsdk:"unresolved_reference_handling"`
	DeleteChangeHistory         types.Bool     `tfsdk:"delete_change_history"`
	SynchronisedDeprovisioning  types.Bool     `tfsdk:"synchronised_deprovisioning"`
	Status                      types.String   `tfsdk:"status"`
	Created                     types.String   `tfsdk:"created"`
	SettingValuesValid          types.Bool     `tfsdk:"setting_values_valid"`
	ObjectCount                 types.Int64    `tfsdk:"object_count"`
	PendingExportCount          types.Int64    `tfsdk:"pending_export_count"`
	Timeouts                    timeouts.Value `tfsdk:"timeouts"`
}

// TimeoutsBlock is the model's timeouts block (base.Model).
func (m connectedSystemModel) TimeoutsBlock() timeouts.Value { return m.Timeouts }

func (r *ConnectedSystemResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A JIM connected system: an instance of a built-in connector (LDAP, File, SQL, SCIM 2.0) with its settings. " +
			"Destroy waits for JIM's deletion to finish, including deletions JIM queues as background jobs.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "Connected system id (an integer, as a string).",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"name": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "Name, 1 to 200 characters, without leading or trailing spaces (JIM trims them). Names need not be unique in JIM.",
				Validators: []validator.String{
					stringvalidator.LengthBetween(1, 200),
					stringvalidator.RegexMatches(noOuterSpace, "must not start or end with whitespace (JIM trims names)"),
				},
			},
			"description": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Description, up to 1000 characters, without leading or trailing spaces.",
				Validators: []validator.String{
					stringvalidator.LengthBetween(1, 1000),
					stringvalidator.RegexMatches(noOuterSpace, "must not start or end with whitespace (JIM trims descriptions)"),
				},
			},
			"connector": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "Connector definition name, e.g. `JIM File Connector`, `JIM LDAP Connector`, `JIM SQL Connector`, " +
					"`JIM SCIM 2.0 Client Connector`. JIM cannot change the connector of a system, so changing it replaces the system.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
				Validators:    []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"connector_id": schema.Int64Attribute{
				Computed:            true,
				MarkdownDescription: "Id of the connector definition the name resolved to.",
				PlanModifiers:       []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
			},
			"settings": schema.MapAttribute{
				ElementType: types.StringType,
				Optional:    true,
				MarkdownDescription: "Connector settings by setting name, values as strings (`\"389\"` for Integer settings, `\"true\"`/`\"false\"` for CheckBox " +
					"settings, one of the listed values for DropDown settings). Names and values are checked against the connector definition at plan time. " +
					"Secret (StringEncrypted) settings go in `secret_settings_wo`. JIM validates the whole set on every write, including a live connection " +
					"to the target system. A setting removed from this map is set back to the connector's default.",
			},
			"secret_settings_wo": schema.MapAttribute{
				ElementType: types.StringType,
				Optional:    true,
				Sensitive:   true,
				WriteOnly:   true,
				MarkdownDescription: "Secret (StringEncrypted) settings by name, such as `Password`. Write-only: never stored in state or plan. " +
					"Sent on create, whenever `secret_settings_wo_version` changes, and whenever the map differs from the one the provider last sent " +
					"(it keeps a salted digest of it in private state, never the value; not after an import, where the version alone decides).",
			},
			"secret_settings_wo_version": schema.Int64Attribute{
				Optional:            true,
				MarkdownDescription: "Change this number to send `secret_settings_wo` again even when it did not change (JIM's copy was changed elsewhere, say).",
			},
			"max_export_parallelism": schema.Int64Attribute{
				Optional:            true,
				Computed:            true,
				MarkdownDescription: "Number of export operations JIM runs in parallel, 1 to 16. When not set, JIM's value is kept.",
				Validators:          []validator.Int64{int64validator.Between(1, 16)},
				PlanModifiers:       []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
			},
			"require_secure_transport": schema.BoolAttribute{
				Optional:            true,
				Computed:            true,
				MarkdownDescription: "Whether password operations require a secure connection to the target. When not set, JIM's value is kept (false for a new system).",
				PlanModifiers:       []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()},
			},
			"unresolved_reference_handling": schema.StringAttribute{
				Optional:            true,
				Computed:            true,
				MarkdownDescription: "What an export does with references it cannot resolve: `Error`, `Warn` or `Ignore`. When not set, JIM's value is kept (`Error` for a new system).",
				Validators:          []validator.String{stringvalidator.OneOf("Error", "Warn", "Ignore")},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"delete_change_history": schema.BoolAttribute{
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(false),
				MarkdownDescription: "Whether destroying the system also deletes its change history in JIM (`deleteChangeHistory`). Default `false`: the audit " +
					"trail is kept. Changing only this attribute calls no API; apply the change before `terraform destroy` for it to take effect.",
			},
			"synchronised_deprovisioning": schema.BoolAttribute{
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(false),
				MarkdownDescription: "Whether destroying the system deprovisions it through synchronisation (`synchronisedDeprovisioning`, JIM " +
					"releases after 0.14, where it is the server's default): every object of its connector space goes through obsoletion " +
					"(attribute recall, Metaverse Object deletion rules, exports staged to the other systems) before the system is " +
					"deleted. Default `false`: the system is deleted as JIM 0.14 does, without deprovisioning, and the provider says so " +
					"explicitly on every destroy (JIM 0.14 ignores the parameter). Changing only this attribute calls no API; apply the " +
					"change before `terraform destroy` for it to take effect.",
			},
			"status": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "Status in JIM: `Active`, `Disabled` or `Deleting`.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"created": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "Creation time (RFC 3339, UTC).",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"setting_values_valid": schema.BoolAttribute{
				Computed:            true,
				MarkdownDescription: "Whether JIM considers the settings valid. JIM computes this only when settings are written, so it is false until `settings` are set.",
				PlanModifiers:       []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()},
			},
			"object_count": schema.Int64Attribute{
				Computed:            true,
				MarkdownDescription: "Number of connector-space objects. Deleting a system with more than 1000 objects runs as a background job.",
				PlanModifiers:       []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
			},
			"pending_export_count": schema.Int64Attribute{
				Computed:            true,
				MarkdownDescription: "Number of pending exports.",
				PlanModifiers:       []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
			},
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.Block(ctx, timeouts.Opts{Create: true, Read: true, Update: true, Delete: true}),
		},
	}
}
