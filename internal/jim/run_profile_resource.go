package jim

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/syncops/terraform-provider-syncops/internal/base"
	"github.com/syncops/terraform-provider-syncops/internal/transport"
)

var (
	_ resource.ResourceWithConfigure        = (*RunProfileResource)(nil)
	_ resource.ResourceWithImportState      = (*RunProfileResource)(nil)
	_ resource.ResourceWithModifyPlan       = (*RunProfileResource)(nil)
	_ resource.ResourceWithConfigValidators = (*RunProfileResource)(nil)
)

// NewRunProfileResource is the factory of syncops_jim_run_profile.
func NewRunProfileResource() resource.Resource {
	return &RunProfileResource{Resource: base.NewResource[*Client](platform, "jim_run_profile")}
}

// RunProfileResource manages a run profile of a JIM connected system.
type RunProfileResource struct {
	base.Resource[*Client]
}

func (r *RunProfileResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	base.Create(ctx, &r.Resource, req, resp, defaultCreateTimeout, r.create)
}

func (r *RunProfileResource) create(ctx context.Context, _ resource.CreateRequest, resp *resource.CreateResponse, plan, _ runProfileModel) {
	csID, err := parseID(plan.ConnectedSystemID.ValueString())
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("connected_system_id"), "Invalid connected system id", err.Error())
		return
	}
	// The connected system may have been unknown at plan time (only connector was checked): check
	// the system's real connector now, before anything is created.
	def, diags := r.checkConnector(ctx, plan)
	if resp.Diagnostics.Append(diags...); resp.Diagnostics.HasError() {
		return
	}
	plan.Connector = types.StringValue(def.Name)
	body := RunProfileRequest{
		Name:                      plan.Name.ValueStringPointer(),
		RunType:                   plan.RunType.ValueString(),
		PageSize:                  plan.PageSize.ValueInt64Pointer(),
		PartitionID:               plan.PartitionID.ValueInt64Pointer(),
		FilePath:                  plan.FilePath.ValueStringPointer(),
		VerifyImportContentHashes: plan.VerifyImportContentHashes.ValueBoolPointer(),
	}
	rp, err := r.Client.CreateRunProfileSafely(ctx, csID, body)
	if err != nil {
		resp.Diagnostics.AddError(fmt.Sprintf("Unable to create JIM run profile %q on connected system %d", plan.Name.ValueString(), csID), platform.ErrorDetail(err, ""))
		return
	}
	plan.apply(rp)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(setRunProfileIdentity(ctx, resp.Identity, csID, rp.ID)...)
}

func (r *RunProfileResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state runProfileModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	// Every read answers the identity, also one that keeps the state as it is (no client yet) or
	// removes it: the framework requires it.
	var idDiags diag.Diagnostics
	if csID, id, ok := state.ids(&idDiags); ok {
		resp.Diagnostics.Append(setRunProfileIdentity(ctx, resp.Identity, csID, id)...)
	}
	ctx, cancel, ok := r.BeginRead(ctx, &resp.Diagnostics, state.Timeouts.Read, defaultReadTimeout)
	if !ok {
		return
	}
	defer cancel()
	csID, id, ok := state.ids(&resp.Diagnostics)
	if !ok {
		return
	}
	list, err := r.Client.RunProfiles(ctx, csID)
	if transport.IsNotFound(err) {
		platform.WarnRemoved(&resp.Diagnostics, fmt.Sprintf("run profile %d (with its connected system %d)", id, csID))
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError(fmt.Sprintf("Unable to read JIM run profile %d", id), platform.ErrorDetail(err, ""))
		return
	}
	i := slices.IndexFunc(list, func(rp RunProfile) bool { return rp.ID == id })
	if i < 0 {
		platform.WarnRemoved(&resp.Diagnostics, fmt.Sprintf("run profile %d", id))
		resp.State.RemoveResource(ctx)
		return
	}
	if err := r.Client.applyRunProfile(ctx, &state, &list[i]); err != nil {
		if transport.IsNotFound(err) {
			platform.WarnRemoved(&resp.Diagnostics, fmt.Sprintf("run profile %d (with its connected system %d)", id, csID))
			resp.State.RemoveResource(ctx)
			return
		}
		resp.Diagnostics.AddError(fmt.Sprintf("Unable to read the connector of JIM connected system %d", csID), platform.ErrorDetail(err, ""))
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *RunProfileResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	base.Update(ctx, &r.Resource, req, resp, defaultUpdateTimeout, r.update)
}

func (r *RunProfileResource) update(ctx context.Context, _ resource.UpdateRequest, resp *resource.UpdateResponse, plan, state, _ runProfileModel) {
	csID, id, ok := state.ids(&resp.Diagnostics)
	if !ok {
		return
	}
	// connector is not sent (JIM takes it from the system); a new value must still be the system's.
	if plan.Connector.IsUnknown() || !plan.Connector.Equal(state.Connector) {
		name, err := r.Client.ConnectorNameOfSystem(ctx, csID)
		if err != nil {
			resp.Diagnostics.AddError(fmt.Sprintf("Unable to read the connector of JIM connected system %d", csID), platform.ErrorDetail(err, ""))
			return
		}
		if !plan.Connector.IsUnknown() && plan.Connector.ValueString() != name {
			addConnectorMismatch(&resp.Diagnostics, plan.Connector.ValueString(), csID, name)
			return
		}
		plan.Connector = types.StringValue(name)
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
	resp.Diagnostics.Append(setRunProfileIdentity(ctx, resp.Identity, csID, id)...)
	if !changed {
		plan.ID, plan.PartitionName = state.ID, state.PartitionName
		resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
		return
	}
	rp, err := r.Client.UpdateRunProfile(ctx, csID, id, body)
	if err != nil {
		resp.Diagnostics.AddError(fmt.Sprintf("Unable to update JIM run profile %d", id), platform.ErrorDetail(err, ""))
		return
	}
	plan.apply(rp)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *RunProfileResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	base.Delete(ctx, &r.Resource, req, resp, defaultReadTimeout, r.delete)
}

func (r *RunProfileResource) delete(ctx context.Context, _ resource.DeleteRequest, resp *resource.DeleteResponse, state runProfileModel) {
	csID, id, ok := state.ids(&resp.Diagnostics)
	if !ok {
		return
	}
	err := r.Client.DeleteRunProfile(ctx, csID, id)
	if err != nil && !transport.IsNotFound(err) && !IsNotFoundMessage(err) {
		resp.Diagnostics.AddError(fmt.Sprintf("Unable to delete JIM run profile %d", id), platform.ErrorDetail(err, ""))
	}
}

func (r *RunProfileResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	var csID, id int64
	if req.ID == "" {
		// import { identity = { connected_system_id = 12, id = 7 } } (Terraform 1.12+)
		var diags diag.Diagnostics
		csID, id, diags = runProfileIDsFromIdentity(ctx, req.Identity)
		if resp.Diagnostics.Append(diags...); diags.HasError() {
			return
		}
	} else {
		var err error
		if csID, id, err = ParseRunProfileID(req.ID); err != nil {
			resp.Diagnostics.AddError("Invalid import id", err.Error())
			return
		}
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("connected_system_id"), strconv.FormatInt(csID, 10))...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), strconv.FormatInt(id, 10))...)
	resp.Diagnostics.Append(setRunProfileIdentity(ctx, resp.Identity, csID, id)...)
}

// ParseRunProfileID reads the import id "<connected_system_id>/<run_profile_id>".
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
