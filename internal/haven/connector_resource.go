package haven

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/mapplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/syncops/terraform-provider-syncops/internal/providerdata"
	"github.com/syncops/terraform-provider-syncops/internal/transport"
	"github.com/syncops/terraform-provider-syncops/internal/wait"
)

// Default operation timeouts. Delete is the longest: stopping a running connector can take up
// to five minutes before deleteconnector is accepted.
const (
	defaultCreateTimeout = 10 * time.Minute
	defaultReadTimeout   = 5 * time.Minute
	defaultUpdateTimeout = 10 * time.Minute
	defaultDeleteTimeout = 20 * time.Minute
)

var (
	_ resource.ResourceWithConfigure      = (*ConnectorResource)(nil)
	_ resource.ResourceWithImportState    = (*ConnectorResource)(nil)
	_ resource.ResourceWithValidateConfig = (*ConnectorResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*ConnectorResource)(nil)
)

// ConnectorResource is syncops_haven_connector.
type ConnectorResource struct {
	client *Client
}

// NewConnectorResource builds the resource.
func NewConnectorResource() resource.Resource { return &ConnectorResource{} }

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

func (r *ConnectorResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_haven_connector"
}

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
					"Sent on create and whenever `credentials_wo_version` changes.",
				Validators: []validator.String{anyObject("flavor-specific credentials")},
			},
			"credentials_wo_version": schema.Int64Attribute{
				Optional:            true,
				MarkdownDescription: "Any number; change it to send `credentials_wo` again (rotation). Required with `credentials_wo`.",
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

func (r *ConnectorResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	c, ok, diags := providerdata.Client[*Client](req.ProviderData, "haven")
	resp.Diagnostics.Append(diags...)
	if ok {
		r.client = c
	}
}

// ValidateConfig makes the checks that need several attributes: onsite schedules, and
// credentials with their policy and version.
func (r *ConnectorResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var m connectorModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !m.Flavor.IsUnknown() && IsOnsite(m.Flavor.ValueString()) && !m.Schedule.IsUnknown() {
		if m.Schedule.IsNull() {
			resp.Diagnostics.AddAttributeError(path.Root("schedule"), "Missing schedule for an onsite connector",
				fmt.Sprintf("Flavor %s is an onsite connector, which Haven OnDemand cannot start remotely: it needs a schedule with an interval of at least %d seconds (six hours).", m.Flavor.ValueString(), MinOnsiteInterval))
		} else if obj, err := parseObject(m.Schedule.ValueString()); err == nil {
			if interval, err := scheduleInterval(obj); err == nil && interval < MinOnsiteInterval {
				resp.Diagnostics.AddAttributeError(path.Root("schedule"), "Schedule interval too short for an onsite connector",
					fmt.Sprintf("Flavor %s is an onsite connector: its schedule interval must be at least %d seconds (six hours), got %v.", m.Flavor.ValueString(), MinOnsiteInterval, interval))
			}
		}
	}
	if !m.Flavor.IsUnknown() && !m.Config.IsNull() && !m.Config.IsUnknown() {
		if obj, err := parseObject(m.Config.ValueString()); err == nil {
			if err := checkFlavorConfig(m.Flavor.ValueString(), obj); err != nil {
				resp.Diagnostics.AddAttributeError(path.Root("config"), "Invalid config for flavor "+m.Flavor.ValueString(), "config "+err.Error()+".")
			}
		}
	}
	if !m.CredentialsWO.IsNull() && !m.CredentialsWO.IsUnknown() {
		if m.CredentialsPolicy.IsNull() {
			resp.Diagnostics.AddAttributeError(path.Root("credentials_policy"), "Missing credentials_policy",
				"credentials_wo needs a credentials_policy with notification_email: Haven OnDemand stores credentials encrypted and emails the decryption tokens there.")
		}
		if m.CredentialsWOVersion.IsNull() {
			resp.Diagnostics.AddAttributeError(path.Root("credentials_wo_version"), "Missing credentials_wo_version",
				"credentials_wo is write-only, so Terraform cannot see when it changes: set credentials_wo_version (any number) and change it to send new credentials.")
		}
	}
}

func (r *ConnectorResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	name := req.ID
	if !NamePattern.MatchString(name) {
		resp.Diagnostics.AddError("Invalid Haven OnDemand connector name", fmt.Sprintf("Import by the connector name (%s), got %q.", NameRule, name))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), name)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("name"), name)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("stop_before_delete"), true)...)
}

// notConfigured is the error of a call that needs the API while the haven provider block still
// has values known only after apply.
func notConfigured() diag.Diagnostic {
	return providerdata.NotKnownYet("haven", "call Haven OnDemand")
}

// errorDetail is an error's text with the next step for the user.
func errorDetail(err error, next string) string {
	msg := err.Error()
	if next != "" {
		msg += "\n\n" + next
	}
	return msg
}

func (r *ConnectorResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	if r.client == nil {
		resp.Diagnostics.Append(notConfigured())
		return
	}
	var plan, config connectorModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := plan.Timeouts.Create(ctx, defaultCreateTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	name := plan.Name.ValueString()
	summary := "Unable to create Haven OnDemand connector " + name
	spec := Spec{
		Name:        name,
		Flavor:      plan.Flavor.ValueString(),
		Config:      plan.Config.ValueString(),
		Destination: plan.Destination.ValueString(),
		Schedule:    plan.Schedule.ValueString(),
		Description: plan.Description.ValueString(),
		Credentials: config.CredentialsWO.ValueString(),
	}
	if !plan.CredentialsPolicy.IsUnknown() {
		spec.CredentialsPolicy = plan.CredentialsPolicy.ValueString()
	}
	// What goes to state before the job is known to have finished.
	plan.ID = types.StringValue(name)
	plan.Status = types.StringNull()
	plan.DownloadLink = types.MapNull(types.StringType)
	if plan.CredentialsPolicy.IsUnknown() {
		plan.CredentialsPolicy = jsontypes.NewNormalizedNull()
	}

	jobID, adopted, resent, err := r.createOnce(ctx, spec)
	if err != nil {
		var exists errExists
		if errors.As(err, &exists) {
			resp.Diagnostics.AddError(summary, errorDetail(err, alreadyExistsNext(name)))
			return
		}
		if transport.MaybeProcessed(err) {
			// The connector may exist: keep it in state (tainted) rather than lose it.
			resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
			resp.Diagnostics.AddError(summary, errorDetail(err, "The request may have reached Haven OnDemand and created the connector. It is kept in state: run `terraform apply` again (Terraform replaces it), or `terraform state rm` it and import it by name."))
			return
		}
		resp.Diagnostics.AddError(summary, errorDetail(err, "Nothing was created."))
		return
	}
	if adopted {
		r.adopt(ctx, &plan, summary, resp)
		return
	}
	// The name is the id: save it before waiting, so an interrupted wait never loses the connector.
	// The job id goes to private state: until the job has ended, the connector does not exist yet,
	// and Read and Delete must wait for the job rather than take it as gone.
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	if jobJSON, jerr := json.Marshal(jobID); jerr == nil {
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, pendingCreateKey, jobJSON)...)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	var result CreateResult
	err = r.client.WaitJob(ctx, jobID, "creation of Haven OnDemand connector "+name,
		"Run `terraform apply` again: the connector is kept in state (tainted) and Terraform replaces it once the job has ended.", &result)
	if err == nil {
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, pendingCreateKey, nil)...)
	}
	if err != nil {
		var jf *JobFailedError
		if errors.As(err, &jf) {
			exists := strings.Contains(strings.ToLower(err.Error()), "already exists")
			if exists && resent {
				// The name was free before the first create, whose answer was lost: the job of that
				// create outlived the watch and made the connector this one collided with.
				tflog.Info(ctx, "a create sent again after a lost answer found the connector the first one made; adopting it", map[string]any{"name": name})
				resp.Diagnostics.Append(resp.Private.SetKey(ctx, pendingCreateKey, nil)...)
				r.adopt(ctx, &plan, summary, resp)
				return
			}
			// The job failed: nothing was created, so nothing stays in state.
			resp.State.RemoveResource(ctx)
			next := "Nothing was created. Fix the cause above and run `terraform apply` again."
			if exists {
				next = alreadyExistsNext(name)
			}
			resp.Diagnostics.AddError(summary, errorDetail(err, next))
			return
		}
		resp.Diagnostics.AddError(summary, err.Error())
		return
	}
	if len(result.DownloadLink) > 0 {
		links, d := types.MapValueFrom(ctx, types.StringType, result.DownloadLink)
		resp.Diagnostics.Append(d...)
		plan.DownloadLink = links
	}
	found, d := r.read(ctx, &plan)
	resp.Diagnostics.Append(d...)
	if !found {
		resp.Diagnostics.AddError(summary, "The creation job finished but retrieveconfig does not find the connector; run `terraform apply` again.")
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// adopt takes over the connector a create whose answer was lost made: it goes to state as read.
func (r *ConnectorResource) adopt(ctx context.Context, plan *connectorModel, summary string, resp *resource.CreateResponse) {
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	flavor := plan.Flavor.ValueString()
	found, d := r.read(ctx, plan)
	resp.Diagnostics.Append(d...)
	switch {
	case !found:
		resp.Diagnostics.AddError(summary, "The connector was seen but has gone again; run `terraform apply` again.")
	case plan.Flavor.ValueString() != flavor:
		resp.State.RemoveResource(ctx)
		resp.Diagnostics.AddError(summary, fmt.Sprintf("A connector named %s with flavor %s appeared while this create's answer was lost; it is not the one this create made and was left untouched.\n\n%s",
			plan.ID.ValueString(), plan.Flavor.ValueString(), alreadyExistsNext(plan.ID.ValueString())))
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

// read refreshes m from retrieveconfig and connectorstatus. found is false when the connector
// does not exist.
func (r *ConnectorResource) read(ctx context.Context, m *connectorModel) (found bool, diags diag.Diagnostics) {
	name := m.ID.ValueString()
	summary := "Unable to read Haven OnDemand connector " + name
	cfg, err := r.client.RetrieveConfig(ctx, name)
	if IsNotFound(err) {
		return false, nil
	}
	if err != nil {
		diags.AddError(summary, err.Error())
		return true, diags
	}
	m.Name = types.StringValue(cfg.Name)
	m.Flavor = types.StringValue(cfg.Flavor)
	m.Config = normalized(cfg.Config.Config)
	m.Destination = normalized(cfg.Config.Destination)
	m.Schedule = normalized(cfg.Config.Schedule)
	m.CredentialsPolicy = normalized(cfg.Config.CredentialsPolicy)
	m.Description = types.StringNull()
	if d := cfg.Config.Description; d != nil && *d != "" {
		m.Description = types.StringValue(*d)
	}
	if m.StopBeforeDelete.IsNull() || m.StopBeforeDelete.IsUnknown() {
		m.StopBeforeDelete = types.BoolValue(true)
	}
	if m.DownloadLink.IsUnknown() {
		m.DownloadLink = types.MapNull(types.StringType)
	}
	m.Status = types.StringNull()
	if !IsOnsite(cfg.Flavor) {
		st, err := r.client.ConnectorStatus(ctx, name)
		if IsNotFound(err) {
			return false, nil
		}
		if err != nil {
			diags.AddError(summary, err.Error())
			return true, diags
		}
		m.Status = types.StringValue(st.Status)
	}
	return true, diags
}

// normalized turns an API JSON block into a compact Normalized value (null when absent).
func normalized(raw json.RawMessage) jsontypes.Normalized {
	if len(raw) == 0 || string(raw) == "null" {
		return jsontypes.NewNormalizedNull()
	}
	var buf bytes.Buffer
	if err := json.Compact(&buf, raw); err != nil {
		return jsontypes.NewNormalizedValue(string(raw))
	}
	return jsontypes.NewNormalizedValue(buf.String())
}

func (r *ConnectorResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	if r.client == nil {
		// The haven block has values known only after apply: Terraform refreshes without a
		// client, and the state is kept as it is until the provider can be configured.
		return
	}
	var state connectorModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := state.Timeouts.Read(ctx, defaultReadTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	if state.ID.IsNull() || state.ID.ValueString() == "" {
		state.ID = state.Name
	}
	found, diags := r.read(ctx, &state)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !found {
		if jobID, running := r.pendingCreate(ctx, req.Private); running {
			// The connector does not exist until its creation job has ended: wait for the job
			// rather than forget a connector it is about to create (Terraform does not carry
			// private state to the delete of a replacement, so only the refresh can wait).
			err := r.client.WaitJob(ctx, jobID, "creation of Haven OnDemand connector "+state.ID.ValueString(),
				"Run the command again: the connector stays in state and the refresh resumes waiting.", nil)
			var jf *JobFailedError
			if err != nil && !errors.As(err, &jf) {
				resp.Diagnostics.AddError("Unable to read Haven OnDemand connector "+state.ID.ValueString(), err.Error())
				return
			}
			if err == nil {
				found, diags = r.read(ctx, &state)
				resp.Diagnostics.Append(diags...)
				if resp.Diagnostics.HasError() {
					return
				}
			}
		}
	}
	if !found {
		resp.Diagnostics.AddWarning("Haven OnDemand connector not found",
			fmt.Sprintf("Connector %s no longer exists in Haven OnDemand; it was removed from the state, and the next plan creates it again.", state.ID.ValueString()))
		resp.State.RemoveResource(ctx)
		return
	}
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, pendingCreateKey, nil)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func changed(plan, state jsontypes.Normalized) bool {
	if plan.IsNull() != state.IsNull() {
		return true
	}
	if plan.IsNull() {
		return false
	}
	eq, _ := plan.StringSemanticEquals(context.Background(), state)
	return !eq
}

func (r *ConnectorResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	if r.client == nil {
		resp.Diagnostics.Append(notConfigured())
		return
	}
	var plan, state, config connectorModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := plan.Timeouts.Update(ctx, defaultUpdateTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	name := state.ID.ValueString()
	summary := "Unable to update Haven OnDemand connector " + name
	next := "The state is unchanged; fix the cause and run `terraform apply` again."

	u := Update{Name: name}
	if changed(plan.Config, state.Config) {
		u.Config = ptr(plan.Config.ValueString())
	}
	if changed(plan.Destination, state.Destination) {
		u.Destination = ptr(plan.Destination.ValueString())
	}
	cancelSchedule := plan.Schedule.IsNull() && !state.Schedule.IsNull()
	if !plan.Schedule.IsNull() && changed(plan.Schedule, state.Schedule) {
		u.Schedule = ptr(plan.Schedule.ValueString())
	}
	if !plan.CredentialsPolicy.IsUnknown() && !plan.CredentialsPolicy.IsNull() && changed(plan.CredentialsPolicy, state.CredentialsPolicy) {
		u.CredentialsPolicy = ptr(plan.CredentialsPolicy.ValueString())
	}
	if !plan.Description.Equal(state.Description) {
		u.Description = ptr(plan.Description.ValueString())
	}
	if !plan.CredentialsWOVersion.Equal(state.CredentialsWOVersion) && !config.CredentialsWO.IsNull() {
		u.Credentials = ptr(config.CredentialsWO.ValueString())
	}

	// Delete options and timeouts alone cost no API call.
	if !u.Empty() {
		jobID, err := r.client.StartUpdateConnector(ctx, u)
		if err == nil {
			err = r.client.WaitJob(ctx, jobID, "update of Haven OnDemand connector "+name, "Run `terraform apply` again: it sends the update again.", nil)
		}
		if err != nil {
			resp.Diagnostics.AddError(summary, errorDetail(err, next))
			return
		}
	}
	if cancelSchedule {
		jobID, err := r.client.StartCancelSchedule(ctx, name)
		if err == nil {
			err = r.client.WaitJob(ctx, jobID, "cancelling the schedule of Haven OnDemand connector "+name, "Run `terraform apply` again.", nil)
		}
		if err != nil {
			resp.Diagnostics.AddError(summary, errorDetail(err, next))
			return
		}
	}
	plan.ID = state.ID
	plan.DownloadLink = state.DownloadLink
	if u.Empty() && !cancelSchedule {
		plan.Status = state.Status
		if plan.CredentialsPolicy.IsUnknown() {
			plan.CredentialsPolicy = state.CredentialsPolicy
		}
		resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
		return
	}
	found, d := r.read(ctx, &plan)
	resp.Diagnostics.Append(d...)
	if !found {
		resp.Diagnostics.AddError(summary, "The connector disappeared during the update; run `terraform apply` again to create it.")
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func ptr(s string) *string { return &s }

func (r *ConnectorResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	if r.client == nil {
		resp.Diagnostics.Append(notConfigured())
		return
	}
	var state connectorModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := state.Timeouts.Delete(ctx, defaultDeleteTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	name := state.ID.ValueString()
	summary := "Unable to delete Haven OnDemand connector " + name
	if err := r.deleteConnector(ctx, name, state.Flavor.ValueString(), state.StopBeforeDelete.ValueBool()); err != nil {
		var jf *JobFailedError
		var apiErr *transport.APIError
		if errors.As(err, &jf) || errors.As(err, &apiErr) {
			// HOD's answers carry no next step; waits and errRunning already say what to run.
			resp.Diagnostics.AddError(summary, errorDetail(err, "The connector was not deleted and stays in state. Fix the cause above, then run `terraform destroy` again."))
			return
		}
		resp.Diagnostics.AddError(summary, err.Error())
	}
}

// ModifyPlan warns, when a plan destroys or replaces a cloud connector that is running right now,
// what destroy will do about the run: stop it first (stop_before_delete = true, the state's value,
// which is what Delete uses) or fail. The status can change before apply, so it is a warning; a
// status that cannot be read costs no diagnostic, since Delete reads it again.
func (r *ConnectorResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if r.client == nil || req.State.Raw.IsNull() {
		return
	}
	var state connectorModel
	if diags := req.State.Get(ctx, &state); diags.HasError() {
		return
	}
	verb := "Destroying"
	if !req.Plan.Raw.IsNull() {
		var plan connectorModel
		if diags := req.Plan.Get(ctx, &plan); diags.HasError() || (plan.Name.Equal(state.Name) && plan.Flavor.Equal(state.Flavor)) {
			return
		}
		verb = "Replacing"
	}
	name := state.ID.ValueString()
	if name == "" || IsOnsite(state.Flavor.ValueString()) {
		return
	}
	st, err := r.client.ConnectorStatus(ctx, name)
	if err != nil {
		tflog.Debug(ctx, "connector status unavailable for the destroy warning", map[string]any{"connector": name, "error": err.Error()})
		return
	}
	if !IsRunning(st.Status) {
		return
	}
	summary := fmt.Sprintf("%s running Haven OnDemand connector %s", verb, name)
	switch {
	case st.Status == "STOPPING":
		resp.Diagnostics.AddWarning(summary, fmt.Sprintf("Connector %s is stopping (status STOPPING): destroy waits until it is stopped, then deletes it.", name))
	case state.StopBeforeDelete.ValueBool():
		resp.Diagnostics.AddWarning(summary, fmt.Sprintf("Connector %s is running (status %s): destroy stops the run (stopconnector), waits until it is stopped, then deletes it.", name, st.Status))
	default:
		resp.Diagnostics.AddWarning(summary, fmt.Sprintf("Connector %s is running (status %s) and stop_before_delete is false: if it is still running when destroy reaches it, "+
			"destroy fails, because Haven OnDemand refuses to delete a running connector.\n\n"+
			"Wait for the run to end, stop it yourself, or set stop_before_delete = true and run `terraform apply` before `terraform destroy`.", name, st.Status))
	}
}

// pendingCreateKey is the private-state key of a creation job not yet seen to end.
const pendingCreateKey = "pending_create_job"

// privateGetter is the private state of a Read request.
type privateGetter interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
}

// pendingCreate reports a creation job recorded in private state that is still queued or in
// progress. An unreadable record or job counts as ended.
func (r *ConnectorResource) pendingCreate(ctx context.Context, private privateGetter) (string, bool) {
	if private == nil {
		return "", false
	}
	raw, diags := private.GetKey(ctx, pendingCreateKey)
	var jobID string
	if diags.HasError() || len(raw) == 0 || json.Unmarshal(raw, &jobID) != nil || jobID == "" {
		return "", false
	}
	job, err := r.client.JobStatus(ctx, jobID)
	if err != nil {
		return jobID, false
	}
	return jobID, job.Status == "queued" || job.Status == "in progress"
}

const resumeDestroy = "Run `terraform destroy` again: it resumes (waits for the stop, then deletes)."

// errRunning is a running connector whose stop_before_delete is false.
type errRunning struct{ name, status string }

func (e errRunning) Error() string {
	return fmt.Sprintf("Haven OnDemand connector %s is running (status %s) and stop_before_delete is false, so it was not stopped; Haven OnDemand refuses to delete a running connector.\n\n"+
		"Wait for the run to end, stop it yourself, or set stop_before_delete = true and run `terraform apply` before `terraform destroy`.", e.name, e.status)
}

// deleteConnector stops a running cloud connector when allowed, waits until it is stopped, then
// deletes it and waits for the job. "Not found" at any point is success.
func (r *ConnectorResource) deleteConnector(ctx context.Context, name, flavor string, stopBeforeDelete bool) error {
	if !IsOnsite(flavor) {
		st, err := r.client.ConnectorStatus(ctx, name)
		if IsNotFound(err) {
			return nil
		}
		if err != nil {
			return err
		}
		if st.Status == "QUEUED" || st.Status == "PROCESSING" {
			if !stopBeforeDelete {
				return errRunning{name: name, status: st.Status}
			}
			jobID, err := r.client.StartStopConnector(ctx, name)
			if err == nil {
				err = r.client.WaitJob(ctx, jobID, "stop of Haven OnDemand connector "+name, resumeDestroy, nil)
			}
			var jf *JobFailedError
			switch {
			case IsNotFound(err):
				return nil
			case errors.As(err, &jf):
				// "Not running" (the run ended between the status read and the stop) is fine; any
				// other failure leaves the connector running, and waiting for a stop that was
				// refused would only end at the deadline.
				now, serr := r.client.ConnectorStatus(ctx, name)
				switch {
				case IsNotFound(serr):
					return nil
				case serr != nil:
					return err
				case now.Status == "QUEUED" || now.Status == "PROCESSING":
					return fmt.Errorf("%w\n\nThe connector is still running (status %s): the stop was refused", err, now.Status)
				}
				st = now
			case err != nil:
				return err
			}
		}
		if IsRunning(st.Status) {
			gone := false
			_, err := wait.For(ctx, wait.Options{What: "Haven OnDemand connector " + name + " to stop", NextStep: resumeDestroy}, func(ctx context.Context) (wait.Status, error) {
				st, err := r.client.ConnectorStatus(ctx, name)
				if IsNotFound(err) {
					gone = true
					return wait.Status{State: "deleted", Done: true}, nil
				}
				if err != nil {
					return wait.Status{}, err
				}
				if !stopBeforeDelete && (st.Status == "QUEUED" || st.Status == "PROCESSING") {
					return wait.Status{}, errRunning{name: name, status: st.Status}
				}
				return wait.Status{State: st.Status, Done: !IsRunning(st.Status)}, nil
			})
			if err != nil {
				return err
			}
			if gone {
				return nil
			}
		}
	}
	jobID, err := r.client.StartDeleteConnector(ctx, name)
	if err == nil {
		err = r.client.WaitJob(ctx, jobID, "deletion of Haven OnDemand connector "+name, "Run `terraform destroy` again: it resumes waiting and deletes what is left.", nil)
	}
	if IsNotFound(err) {
		return nil
	}
	return err
}

// errExists is a connector found under the name before createconnector was sent.
type errExists struct{ name, flavor string }

func (e errExists) Error() string {
	return fmt.Sprintf("a Haven OnDemand connector named %s (flavor %s) already exists", e.name, e.flavor)
}

func alreadyExistsNext(name string) string {
	return fmt.Sprintf("A connector named %s already exists in this account and was left untouched. To manage it with Terraform, import it by name: `terraform import <address> %s`, or use an `import {}` block.", name, name)
}

// lostCreateWindow is how long a create whose answer was lost is given to show up before it is
// taken as never processed and sent again.
const lostCreateWindow = 15 * time.Second

// createOnce submits createconnector so that a lost answer never creates twice: the name is the
// connector's id, so after an answer that may have been processed the provider watches
// retrieveconfig for the name; a connector of the same flavor showing up (the name was free
// before the create) is the one this create made (adopted), and one that never shows up means
// the request was not processed (sent again).
//
// resent reports a create sent again after a lost answer: when its job then fails with "already
// exists", the connector is the one the first create made, its job slower than the watch.
func (r *ConnectorResource) createOnce(ctx context.Context, spec Spec) (jobID string, adopted, resent bool, err error) {
	// A connector already under the name is someone else's: checked first, because after a lost
	// answer a connector showing up under the name is taken as the one this create made.
	cfg, err := r.client.RetrieveConfig(ctx, spec.Name)
	switch {
	case err == nil:
		return "", false, false, errExists{name: spec.Name, flavor: cfg.Flavor}
	case !IsNotFound(err):
		return "", false, false, fmt.Errorf("checking that no connector is named %s yet: %w", spec.Name, err)
	}
	for attempt := 1; ; attempt++ {
		jobID, err = r.client.StartCreateConnector(ctx, spec)
		if err == nil || !transport.MaybeProcessed(err) || attempt == maxCreateAttempts {
			return jobID, false, attempt > 1, err
		}
		found, werr := r.watchForConnector(ctx, spec)
		switch {
		case found:
			tflog.Info(ctx, "the create's answer was lost but Haven OnDemand created the connector; adopting it", map[string]any{"name": spec.Name})
			return "", true, attempt > 1, nil
		case ctx.Err() != nil:
			return "", false, attempt > 1, err
		case werr != nil:
			return "", false, attempt > 1, fmt.Errorf("%w\n\nChecking whether the connector was created failed too: %v", err, werr) //nolint:errorlint // only the create's error is wrapped
		}
		tflog.Info(ctx, "the lost create was not processed; sending it again", map[string]any{"name": spec.Name, "attempt": attempt})
	}
}

// maxCreateAttempts bounds how often a create that was seen not to be processed is sent again.
const maxCreateAttempts = 3

// watchForConnector polls retrieveconfig for a connector of the spec's name and flavor for up to
// lostCreateWindow. found is false (with no error) when it never showed up.
func (r *ConnectorResource) watchForConnector(ctx context.Context, spec Spec) (bool, error) {
	return wait.Appear(ctx, lostCreateWindow, "Haven OnDemand connector "+spec.Name+" to appear after a lost create answer", func(ctx context.Context) (bool, error) {
		cfg, err := r.client.RetrieveConfig(ctx, spec.Name)
		switch {
		case IsNotFound(err):
			return false, nil
		case err != nil:
			return false, err
		case cfg.Flavor != "" && !strings.EqualFold(cfg.Flavor, spec.Flavor):
			return false, fmt.Errorf("a connector named %s exists with flavor %s, not %s: it is not the one this create made", spec.Name, cfg.Flavor, spec.Flavor)
		}
		return true, nil
	})
}
