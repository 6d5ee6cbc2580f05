package jim

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/syncops/terraform-provider-syncops/internal/base"
	"github.com/syncops/terraform-provider-syncops/internal/transport"
)

var (
	_ resource.ResourceWithConfigure   = (*ConnectedSystemResource)(nil)
	_ resource.ResourceWithImportState = (*ConnectedSystemResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*ConnectedSystemResource)(nil)
)

// NewConnectedSystemResource is the factory of syncops_jim_connected_system.
func NewConnectedSystemResource() resource.Resource {
	return &ConnectedSystemResource{Resource: base.NewResource[*Client](platform, "jim_connected_system")}
}

// ConnectedSystemResource manages a JIM connected system.
type ConnectedSystemResource struct {
	base.Resource[*Client]
}

func (r *ConnectedSystemResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	base.Create(ctx, &r.Resource, req, resp, defaultCreateTimeout, r.create)
}

func (r *ConnectedSystemResource) create(ctx context.Context, _ resource.CreateRequest, resp *resource.CreateResponse, plan, cfg connectedSystemModel) {
	def, err := r.Client.ConnectorDefinitionByName(ctx, plan.Connector.ValueString())
	if err != nil {
		resp.Diagnostics.AddError("Unable to create JIM connected system",
			"Reading connector definition "+strconv.Quote(plan.Connector.ValueString())+": "+platform.ErrorDetail(err, ""))
		return
	}
	create := CreateConnectedSystemRequest{Name: plan.Name.ValueString(), ConnectorDefinitionID: def.ID}
	if !plan.Description.IsNull() {
		d := plan.Description.ValueString()
		create.Description = &d
	}
	cs, err := r.Client.CreateConnectedSystemSafely(ctx, create)
	if err != nil {
		next := ""
		if transport.MaybeProcessed(err) {
			next = "JIM has no idempotency keys: check JIM for a connected system named " + strconv.Quote(plan.Name.ValueString()) +
				" and import it (terraform import) instead of applying again, which could make a second one."
		}
		resp.Diagnostics.AddError("Unable to create JIM connected system "+strconv.Quote(plan.Name.ValueString()), platform.ErrorDetail(err, next))
		return
	}
	// The id goes to state at once: whatever happens next, the object is never lost.
	state := plan
	state.ID = types.StringValue(strconv.FormatInt(cs.ID, 10))
	state.SecretSettingsWO = types.MapNull(types.StringType)
	applySystem(&state, cs)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	resp.Diagnostics.Append(setSystemIdentity(ctx, resp.Identity, cs.ID)...)
	if resp.Diagnostics.HasError() {
		return
	}

	upd, secrets, d := buildUpdate(def, nil, &plan, cfg.SecretSettingsWO, true)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !upd.IsEmpty() {
		updated, err := r.Client.UpdateConnectedSystem(ctx, cs.ID, upd, secrets)
		if err != nil {
			resp.Diagnostics.AddError(fmt.Sprintf("Unable to configure JIM connected system %d", cs.ID),
				platform.ErrorDetail(err, "The connected system was created and is in the state as tainted: the next apply replaces it."))
			return
		}
		cs = updated
		resp.Diagnostics.Append(storeSecretsDigest(ctx, resp.Private, cfg.SecretSettingsWO)...)
	}
	applySystem(&state, cs)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	// The settings in state are the ones just sent to a system nobody else knew of: until JIM's
	// lastUpdated moves, a refresh need not read the change history. (Update keeps no such mark:
	// a change made in JIM between the plan and the apply would hide behind it.)
	resp.Diagnostics.Append(settingsSeen{LastUpdated: lastUpdatedMark(cs)}.store(ctx, resp.Private)...)
}

func (r *ConnectedSystemResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state connectedSystemModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	// Every read answers the identity, also one that keeps the state as it is (no client yet) or
	// removes it: the framework requires it.
	if id, err := parseID(state.ID.ValueString()); err == nil {
		resp.Diagnostics.Append(setSystemIdentity(ctx, resp.Identity, id)...)
	}
	ctx, cancel, ok := r.BeginRead(ctx, &resp.Diagnostics, state.Timeouts.Read, defaultReadTimeout)
	if !ok {
		return
	}
	defer cancel()
	id, ok := state.systemID(&resp.Diagnostics)
	if !ok {
		return
	}
	seen, err := r.Client.readSystem(ctx, id, &state, loadSettingsSeen(ctx, req.Private))
	if transport.IsNotFound(err) {
		platform.WarnRemoved(&resp.Diagnostics, fmt.Sprintf("connected system %d", id))
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError(fmt.Sprintf("Unable to read JIM connected system %d", id), platform.ErrorDetail(err, ""))
		return
	}
	resp.Diagnostics.Append(seen.store(ctx, resp.Private)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *ConnectedSystemResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	base.Update(ctx, &r.Resource, req, resp, defaultUpdateTimeout, r.update)
}

func (r *ConnectedSystemResource) update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse, plan, state, cfg connectedSystemModel) {
	id, ok := state.systemID(&resp.Diagnostics)
	if !ok {
		return
	}
	def, err := r.Client.ConnectorDefinitionByName(ctx, plan.Connector.ValueString())
	if err != nil {
		resp.Diagnostics.AddError(fmt.Sprintf("Unable to update JIM connected system %d", id), "Reading the connector definition: "+platform.ErrorDetail(err, ""))
		return
	}
	// The secrets are sent when their version changed, or when they differ from the ones last sent
	// (the digest in private state; ModifyPlan warned about it).
	rotate := !plan.SecretSettingsWOVersion.Equal(state.SecretSettingsWOVersion)
	if !rotate {
		changed, d := secretsChanged(ctx, req.Private, cfg.SecretSettingsWO)
		resp.Diagnostics.Append(d...)
		rotate = changed
	}
	upd, secrets, d := buildUpdate(def, &state, &plan, cfg.SecretSettingsWO, rotate)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	out := plan
	out.SecretSettingsWO = types.MapNull(types.StringType)
	resp.Diagnostics.Append(setSystemIdentity(ctx, resp.Identity, id)...)
	if upd.IsEmpty() {
		// Only provider-side attributes changed (delete_change_history, synchronised_deprovisioning,
		// timeouts): no API call.
		out.copyComputed(&state)
		resp.Diagnostics.Append(resp.State.Set(ctx, &out)...)
		return
	}
	cs, err := r.Client.UpdateConnectedSystem(ctx, id, upd, secrets)
	if err != nil {
		resp.Diagnostics.AddError(fmt.Sprintf("Unable to update JIM connected system %d", id), platform.ErrorDetail(err, ""))
		return
	}
	if rotate && len(secrets) > 0 {
		resp.Diagnostics.Append(storeSecretsDigest(ctx, resp.Private, cfg.SecretSettingsWO)...)
	}
	applySystem(&out, cs)
	resp.Diagnostics.Append(resp.State.Set(ctx, &out)...)
}

func (r *ConnectedSystemResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	base.Delete(ctx, &r.Resource, req, resp, defaultDeleteTimeout, r.delete)
}

func (r *ConnectedSystemResource) delete(ctx context.Context, _ resource.DeleteRequest, resp *resource.DeleteResponse, state connectedSystemModel) {
	id, ok := state.systemID(&resp.Diagnostics)
	if !ok {
		return
	}
	summary := fmt.Sprintf("Unable to delete JIM connected system %d", id)
	if err := r.Client.DeleteAndWait(ctx, id, DeleteOptions{ChangeHistory: state.DeleteChangeHistory.ValueBool(), Deprovision: state.SynchronisedDeprovisioning.ValueBool()}); err != nil {
		resp.Diagnostics.AddError(summary, platform.ErrorDetail(err, ""))
	}
}

func (r *ConnectedSystemResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	var id int64
	var err error
	switch name, byName := strings.CutPrefix(req.ID, "name:"); {
	case req.ID == "":
		// import { identity = { id = 12 } } (Terraform 1.12+)
		var diags diag.Diagnostics
		id, diags = systemIDFromIdentity(ctx, req.Identity)
		if resp.Diagnostics.Append(diags...); diags.HasError() {
			return
		}
	case byName && r.Ready():
		id, err = r.Client.ConnectedSystemIDByName(ctx, name)
		if err != nil {
			resp.Diagnostics.AddError("Unable to import JIM connected system by name", platform.ErrorDetail(err, ""))
			return
		}
	default:
		if id, err = parseID(req.ID); err != nil {
			resp.Diagnostics.AddError("Invalid import id", err.Error()+", or name:<name>. Import a JIM connected system by its id: terraform import syncops_jim_connected_system.NAME 12")
			return
		}
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), strconv.FormatInt(id, 10))...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("delete_change_history"), false)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("synchronised_deprovisioning"), false)...)
	resp.Diagnostics.Append(setSystemIdentity(ctx, resp.Identity, id)...)
	tflog.Debug(ctx, "imported JIM connected system", map[string]any{"id": id})
}
