package haven

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/mapplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

type connectorModel struct {
	ID                   types.String         `tfsdk:"id"`
	Name                 types.String         `tfsdk:"name"`
	Flavor               types.String         `tfsdk:"flavor"`
	Config               jsontypes.Normalized `tfsdk:"config"`
	Destination          jsontypes.Normalized `tfsdk:"destination"`
	Schedule             jsontypes.Normalized `tfsdk:"schedule"`
	CredentialsPolicy    jsontypes.Normalized `tfsdk:"credentials_policy"`
	CredentialsWO        types.String         `tfsdk:"credentials_wo"`
	CredentialsWOVersion types.Int64          `tfsdk:"credentials_wo_version"`
	Description          types.String         `tfsdk:"description"`
	StopBeforeDelete     types.Bool           `tfsdk:"stop_before_delete"`
	Status               types.String         `tfsdk:"status"`
	DownloadLink         types.Map            `tfsdk:"download_link"`
	Timeouts             timeouts.Value       `tfsdk:"timeouts"`
}

// TimeoutsBlock is the model's timeouts block (base.Model).
func (m connectorModel) TimeoutsBlock() timeouts.Value { return m.Timeouts }

func (r *ConnectorResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A Haven OnDemand connector: a cloud crawler (`*_cloud` flavors) or an installer the customer runs (`*_onsite` flavors) " +
			"that feeds a text index. Every change goes through the asynchronous API and waits for its job.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The connector name (Haven OnDemand identifies connectors by name).",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"name": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "Connector name, unique in the account: " + NameRule + ". Changing it replaces the connector.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
				Validators: []validator.String{
					stringvalidator.LengthBetween(1, 100),
					stringvalidator.RegexMatches(NamePattern, "must be "+NameRule),
				},
			},
			"flavor": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "Connector flavor, one of " + backquoted(Flavors) + ". Changing it replaces the connector.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
				Validators:          []validator.String{stringvalidator.OneOf(Flavors...)},
			},
			"config": schema.StringAttribute{
				Required:            true,
				CustomType:          jsontypes.NormalizedType{},
				MarkdownDescription: "Flavor-specific configuration as a JSON object (use `jsonencode`), e.g. `{ url = \"https://www.example.com\", max_pages = 500 }` for `web_cloud`. Sent whole on every change: keys left out revert to their defaults.",
				Validators:          []validator.String{anyObject("see the connector guide of the flavor")},
			},
			"destination": schema.StringAttribute{
				Required:            true,
				CustomType:          jsontypes.NormalizedType{},
				MarkdownDescription: "Where documents go, as a JSON object with `action` and, for `addtotextindex`, `index`.",
				Validators:          []validator.String{destinationObject},
			},
			"schedule": schema.StringAttribute{
				Optional:   true,
				CustomType: jsontypes.NormalizedType{},
				MarkdownDescription: "Schedule as a JSON object with `frequency = { frequency_type = \"seconds\", interval = <seconds> }` and optional `occurrences`, `start_date`, `end_date`. " +
					"Required for onsite flavors, with an interval of at least 21600 seconds. Removing it cancels the schedule (`cancelconnectorschedule`).",
				Validators: []validator.String{scheduleObject},
			},
			"credentials_policy": schema.StringAttribute{
				Optional:   true,
				Computed:   true,
				CustomType: jsontypes.NormalizedType{},
				MarkdownDescription: "Credentials policy as a JSON object with `notification_email` (where decryption tokens are sent) and optional `notification_email_frequency`, `key_expiration`, `token_occurrences`, `token_expiration`. " +
					"Required with `credentials_wo`. Haven OnDemand cannot remove a policy: removing it from the configuration leaves the stored one.",
				Validators:    []validator.String{credentialsPolicyObject},
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"credentials_wo": schema.StringAttribute{
				Optional:  true,
				WriteOnly: true,
				Sensitive: true,
				MarkdownDescription: "Flavor-specific credentials as a JSON object, e.g. `{ login_value = ..., password_value = ... }`. Write-only: never stored in state or plans. " +
					"Sent on create, whenever `credentials_wo_version` changes, and when the value differs from the one last sent: a salted digest of the value sent " +
					"(never the value) is kept in private state, so changing the credentials alone plans an update, with a warning. " +
					"Without a digest (an imported connector, or one created before digests were kept) only a version change sends them.",
				Validators: []validator.String{anyObject("flavor-specific credentials")},
			},
			"credentials_wo_version": schema.Int64Attribute{
				Optional:            true,
				MarkdownDescription: "Any number; change it to send `credentials_wo` again even when its value is unchanged (e.g. after an import, or when the credentials were changed in Haven OnDemand). Required with `credentials_wo`.",
			},
			"description": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "A brief description of the connector.",
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"stop_before_delete": schema.BoolAttribute{
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(true),
				MarkdownDescription: "When the connector is running at destroy time, stop it (`stopconnector`) and wait until it is stopped before deleting it. " +
					"With `false`, destroying a running connector fails. Defaults to `true`; changing it costs no API call, and it must be applied before destroy.",
			},
			"status": schema.StringAttribute{
				Computed: true,
				MarkdownDescription: "Connector status from `connectorstatus`: `IDLE`, `QUEUED`, `PROCESSING`, `FINISHED`, `ERROR`, `STOPPING` or `STOPPED`. " +
					"Null for onsite flavors, whose status Haven OnDemand does not report.",
				// No UseStateForUnknown: a run can start or end while an update job runs, and the
				// status read after it must not contradict a planned value.
			},
			"download_link": schema.MapAttribute{
				Computed:            true,
				ElementType:         types.StringType,
				MarkdownDescription: "Onsite flavors only: installer download links by platform (`linux_x86`, `linux_x86_64`, `windows_x86`, `windows_x86_64`), returned by `createconnector`.",
				PlanModifiers:       []planmodifier.Map{mapplanmodifier.UseStateForUnknown()},
			},
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.Block(ctx, timeouts.Opts{Create: true, Read: true, Update: true, Delete: true}),
		},
	}
}

func backquoted(vs []string) string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = "`" + v + "`"
	}
	return strings.Join(out, ", ")
}
