package jim

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/syncops/terraform-provider-syncops/internal/providerdata"
	"github.com/syncops/terraform-provider-syncops/internal/transport"
)

var (
	_ resource.ResourceWithConfigure        = (*RunProfileResource)(nil)
	_ resource.ResourceWithImportState      = (*RunProfileResource)(nil)
	_ resource.ResourceWithModifyPlan       = (*RunProfileResource)(nil)
	_ resource.ResourceWithConfigValidators = (*RunProfileResource)(nil)
)

// NewRunProfileResource is the factory of syncops_jim_run_profile.
func NewRunProfileResource() resource.Resource { return &RunProfileResource{} }

// RunProfileResource manages a run profile of a JIM connected system.
type RunProfileResource struct {
	client *Client
}

type runProfileModel struct {
	ID                        types.String   `tfsdk:"id"`
	ConnectedSystemID         types.String   `tfsdk:"connected_system_id"`
	Name                      types.String   `tfsdk:"name"`
	RunType                   types.String   `tfsdk:"run_type"`
	PageSize                  types.Int64    `tfsdk:"page_size"`
	PartitionID               types.Int64    `tfsdk:"partition_id"`
	PartitionName             types.String   `tfsdk:"partition_name"`
	FilePath                  types.String   `tfsdk:"file_path"`
	VerifyImportContentHashes types.Bool     `tfsdk:"verify_import_content_hashes"`
	Timeouts                  timeouts.Value `tfsdk:"timeouts"`
}

func (r *RunProfileResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_jim_run_profile"
}

func (r *RunProfileResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A run profile of a JIM connected system: a named import, synchronisation or export run.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "Run profile id (an integer, as a string).",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"connected_system_id": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "Id of the connected system. Changing it replaces the run profile.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
				Validators:          []validator.String{stringvalidator.RegexMatches(positiveInt, "must be a connected system id such as \"12\"")},
			},
			"name": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "Name, 1 to 200 characters. Run profile names need not be unique in JIM.",
				Validators: []validator.String{
					stringvalidator.LengthBetween(1, 200),
					stringvalidator.RegexMatches(noOuterSpace, "must not start or end with whitespace"),
				},
			},
			"run_type": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "One of `FullImport`, `DeltaImport`, `FullSynchronisation`, `DeltaSynchronisation`, `Export`. " +
					"Checked at plan time against what the connector supports (for example the File connector has no `DeltaImport`). " +
					"JIM ignores the run type on update, so changing it replaces the run profile.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
				Validators:    []validator.String{stringvalidator.OneOf(RunTypes...)},
			},
			"page_size": schema.Int64Attribute{
				Optional:            true,
				Computed:            true,
				Default:             int64default.StaticInt64(100),
				MarkdownDescription: "Objects per page, 1 to 10000. Default 100.",
				Validators:          []validator.Int64{int64validator.Between(1, 10000)},
			},
			"partition_id": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: "Partition the run targets, for connectors with partitions (LDAP). JIM cannot clear a partition once set, " +
					"so removing it replaces the run profile.",
				Validators:    []validator.Int64{int64validator.AtLeast(1)},
				PlanModifiers: []planmodifier.Int64{int64planmodifier.RequiresReplaceIf(partitionCleared, "JIM cannot clear a run profile's partition", "JIM cannot clear a run profile's partition")},
			},
			"partition_name": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "Name of the partition (JIM returns the name, not the id).",
			},
			"file_path": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "File path for file-based connectors, up to 500 characters.",
				Validators:          []validator.String{stringvalidator.LengthBetween(1, 500)},
			},
			"verify_import_content_hashes": schema.BoolAttribute{
				Optional:            true,
				Computed:            true,
				Default:             booldefault.StaticBool(false),
				MarkdownDescription: "Verify content hashes on import. Only valid with `run_type = \"FullImport\"`. Default false.",
			},
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.Block(ctx, timeouts.Opts{Create: true, Read: true, Update: true, Delete: true}),
		},
	}
}

func partitionCleared(_ context.Context, req planmodifier.Int64Request, resp *int64planmodifier.RequiresReplaceIfFuncResponse) {
	resp.RequiresReplace = !req.StateValue.IsNull() && req.PlanValue.IsNull()
}

func (r *RunProfileResource) ConfigValidators(context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{verifyHashesValidator{}}
}

// verifyHashesValidator: JIM refuses verify_import_content_hashes on anything but FullImport.
type verifyHashesValidator struct{}

func (verifyHashesValidator) Description(context.Context) string {
	return "verify_import_content_hashes is only valid with run_type FullImport"
}
func (v verifyHashesValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}
func (verifyHashesValidator) ValidateResource(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var verify types.Bool
	var runType types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("verify_import_content_hashes"), &verify)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("run_type"), &runType)...)
	if verify.ValueBool() && !runType.IsUnknown() && !runType.IsNull() && runType.ValueString() != "FullImport" {
		resp.Diagnostics.AddAttributeError(path.Root("verify_import_content_hashes"), "Invalid run profile",
			fmt.Sprintf("verify_import_content_hashes can only be true with run_type \"FullImport\", not %q.", runType.ValueString()))
	}
}

func (r *RunProfileResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	c, ok, diags := providerdata.Client[*Client](req.ProviderData, platformName)
	resp.Diagnostics.Append(diags...)
	if ok {
		r.client = c
	}
}

// ModifyPlan checks the run type and partition against the connector of the connected system.
func (r *RunProfileResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || r.client == nil {
		return
	}
	var plan runProfileModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || plan.ConnectedSystemID.IsUnknown() || plan.RunType.IsUnknown() {
		return
	}
	if !req.State.Raw.IsNull() {
		var state runProfileModel
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
		if state.RunType.Equal(plan.RunType) && state.ConnectedSystemID.Equal(plan.ConnectedSystemID) && state.PartitionID.Equal(plan.PartitionID) {
			return // nothing the connector decides about changed: no API call
		}
	}
	resp.Diagnostics.Append(r.checkConnector(ctx, plan)...)
}

// checkConnector reports a run type or partition the connected system's connector cannot take.
func (r *RunProfileResource) checkConnector(ctx context.Context, plan runProfileModel) diag.Diagnostics {
	var diags diag.Diagnostics
	csID, err := strconv.ParseInt(plan.ConnectedSystemID.ValueString(), 10, 64)
	if err != nil {
		return diags
	}
	def, err := r.client.ConnectorOfSystem(ctx, csID)
	if err != nil {
		if transport.IsNotFound(err) {
			diags.AddAttributeError(path.Root("connected_system_id"), "JIM connected system not found",
				fmt.Sprintf("JIM has no connected system %d.", csID))
			return diags
		}
		diags.AddAttributeError(path.Root("connected_system_id"), "Unable to read JIM connected system", err.Error())
		return diags
	}
	supported := def.SupportedRunTypes()
	if rt := plan.RunType.ValueString(); !slices.Contains(supported, rt) {
		diags.AddAttributeError(path.Root("run_type"), "Run type not supported by the connector",
			fmt.Sprintf("%s does not support %s run profiles. It supports: %s.", def.Name, rt, strings.Join(supported, ", ")))
	}
	if !plan.PartitionID.IsNull() && !plan.PartitionID.IsUnknown() && !def.SupportsPartitions {
		diags.AddAttributeError(path.Root("partition_id"), "Connector has no partitions",
			fmt.Sprintf("%s does not support partitions; remove partition_id.", def.Name))
	}
	return diags
}

// RunProfileID is the import id "<connected_system_id>/<run_profile_id>".
func ParseRunProfileID(s string) (csID, id int64, err error) {
	parts := strings.Split(strings.TrimSpace(s), "/")
	if len(parts) == 2 {
		csID, err1 := strconv.ParseInt(parts[0], 10, 64)
		id, err2 := strconv.ParseInt(parts[1], 10, 64)
		if err1 == nil && err2 == nil && csID > 0 && id > 0 {
			return csID, id, nil
		}
	}
	return 0, 0, fmt.Errorf("%q is not a run profile import id: expected <connected_system_id>/<run_profile_id>, for example 12/7", s)
}

func (m *runProfileModel) ids() (int64, int64, error) {
	csID, err := parseID(m.ConnectedSystemID.ValueString())
	if err != nil {
		return 0, 0, err
	}
	id, err := strconv.ParseInt(m.ID.ValueString(), 10, 64)
	if err != nil {
		return 0, 0, fmt.Errorf("run profile id %q in state is not an integer", m.ID.ValueString())
	}
	return csID, id, nil
}

func (m *runProfileModel) apply(rp *RunProfile) {
	m.ID = types.StringValue(strconv.FormatInt(rp.ID, 10))
	m.ConnectedSystemID = types.StringValue(strconv.FormatInt(rp.ConnectedSystemID, 10))
	m.Name = types.StringValue(rp.Name)
	m.RunType = types.StringValue(rp.RunType)
	m.PageSize = types.Int64Value(rp.PageSize)
	m.PartitionName = types.StringPointerValue(rp.PartitionName)
	if rp.PartitionName == nil {
		m.PartitionID = types.Int64Null()
	}
	if rp.FilePath == nil || *rp.FilePath == "" {
		m.FilePath = types.StringNull()
	} else {
		m.FilePath = types.StringValue(*rp.FilePath)
	}
	m.VerifyImportContentHashes = types.BoolValue(rp.VerifyImportContentHashes)
}

func (r *RunProfileResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	if r.client == nil {
		errNotKnownYet(&resp.Diagnostics)
		return
	}
	var plan runProfileModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := plan.Timeouts.Create(ctx, defaultCreateTimeout)
	resp.Diagnostics.Append(diags...)
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	csID, err := parseID(plan.ConnectedSystemID.ValueString())
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("connected_system_id"), "Invalid connected system id", err.Error())
		return
	}
	// The connected system may have been unknown at plan time: check again now.
	resp.Diagnostics.Append(r.checkConnector(ctx, plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	body := RunProfileRequest{
		Name:                      plan.Name.ValueStringPointer(),
		RunType:                   plan.RunType.ValueString(),
		PageSize:                  plan.PageSize.ValueInt64Pointer(),
		PartitionID:               plan.PartitionID.ValueInt64Pointer(),
		FilePath:                  plan.FilePath.ValueStringPointer(),
		VerifyImportContentHashes: plan.VerifyImportContentHashes.ValueBoolPointer(),
	}
	rp, err := r.client.CreateRunProfileSafely(ctx, csID, body)
	if err != nil {
		resp.Diagnostics.AddError(fmt.Sprintf("Unable to create JIM run profile %q on connected system %d", plan.Name.ValueString(), csID), err.Error())
		return
	}
	plan.apply(rp)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *RunProfileResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	if r.client == nil {
		// The jim block is not known yet (planning with values from other resources): keep the state.
		return
	}
	var state runProfileModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := state.Timeouts.Read(ctx, defaultReadTimeout)
	resp.Diagnostics.Append(diags...)
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	csID, id, err := state.ids()
	if err != nil {
		resp.Diagnostics.AddError("Invalid JIM run profile in state", err.Error())
		return
	}
	list, err := r.client.RunProfiles(ctx, csID)
	if transport.IsNotFound(err) {
		resp.Diagnostics.AddWarning(fmt.Sprintf("JIM connected system %d no longer exists", csID),
			fmt.Sprintf("Run profile %d went with it and has been removed from the state.", id))
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError(fmt.Sprintf("Unable to read JIM run profile %d", id), err.Error())
		return
	}
	i := slices.IndexFunc(list, func(rp RunProfile) bool { return rp.ID == id })
	if i < 0 {
		resp.Diagnostics.AddWarning(fmt.Sprintf("JIM run profile %d no longer exists", id),
			"It was deleted outside Terraform and has been removed from the state; the next apply creates it again.")
		resp.State.RemoveResource(ctx)
		return
	}
	rp := list[i]
	if rp.PartitionName != nil && (state.PartitionName.IsNull() || state.PartitionName.ValueString() != *rp.PartitionName) {
		// JIM returns the partition's name only: resolve it to an id when it changed (or on import).
		if parts, err := r.client.Partitions(ctx, csID); err == nil {
			for _, p := range parts {
				if p.Name == *rp.PartitionName {
					state.PartitionID = types.Int64Value(p.ID)
				}
			}
		}
	}
	state.apply(&rp)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *RunProfileResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	if r.client == nil {
		errNotKnownYet(&resp.Diagnostics)
		return
	}
	var plan, state runProfileModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := plan.Timeouts.Update(ctx, defaultUpdateTimeout)
	resp.Diagnostics.Append(diags...)
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	csID, id, err := state.ids()
	if err != nil {
		resp.Diagnostics.AddError("Invalid JIM run profile in state", err.Error())
		return
	}
	var body RunProfileRequest
	changed := false
	if !plan.Name.Equal(state.Name) {
		body.Name, changed = plan.Name.ValueStringPointer(), true
	}
	if !plan.PageSize.Equal(state.PageSize) {
		body.PageSize, changed = plan.PageSize.ValueInt64Pointer(), true
	}
	if !plan.PartitionID.Equal(state.PartitionID) && !plan.PartitionID.IsNull() {
		body.PartitionID, changed = plan.PartitionID.ValueInt64Pointer(), true
	}
	if !plan.FilePath.Equal(state.FilePath) {
		fp := plan.FilePath.ValueString() // null clears it: JIM stores ""
		body.FilePath, changed = &fp, true
	}
	if !plan.VerifyImportContentHashes.Equal(state.VerifyImportContentHashes) {
		body.VerifyImportContentHashes, changed = plan.VerifyImportContentHashes.ValueBoolPointer(), true
	}
	if !changed {
		plan.ID, plan.PartitionName = state.ID, state.PartitionName
		resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
		return
	}
	rp, err := r.client.UpdateRunProfile(ctx, csID, id, body)
	if err != nil {
		resp.Diagnostics.AddError(fmt.Sprintf("Unable to update JIM run profile %d", id), err.Error())
		return
	}
	plan.apply(rp)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *RunProfileResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	if r.client == nil {
		errNotKnownYet(&resp.Diagnostics)
		return
	}
	var state runProfileModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := state.Timeouts.Delete(ctx, defaultReadTimeout)
	resp.Diagnostics.Append(diags...)
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	csID, id, err := state.ids()
	if err != nil {
		resp.Diagnostics.AddError("Invalid JIM run profile in state", err.Error())
		return
	}
	err = r.client.DeleteRunProfile(ctx, csID, id)
	if err != nil && !transport.IsNotFound(err) && !IsNotFoundMessage(err) {
		resp.Diagnostics.AddError(fmt.Sprintf("Unable to delete JIM run profile %d", id), err.Error())
	}
}

func (r *RunProfileResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	csID, id, err := ParseRunProfileID(req.ID)
	if err != nil {
		resp.Diagnostics.AddError("Invalid import id", err.Error())
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("connected_system_id"), strconv.FormatInt(csID, 10))...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), strconv.FormatInt(id, 10))...)
}
