package haven

import (
	"context"
	"errors"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/syncops/terraform-provider-syncops/internal/base"
	"github.com/syncops/terraform-provider-syncops/internal/transport"
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
	base.Resource[*Client]
}

// NewConnectorResource builds the resource.
func NewConnectorResource() resource.Resource {
	return &ConnectorResource{Resource: base.NewResource[*Client](platform, "haven_connector")}
}

func (r *ConnectorResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	base.Create(ctx, &r.Resource, req, resp, defaultCreateTimeout, r.create)
}

func (r *ConnectorResource) create(ctx context.Context, _ resource.CreateRequest, resp *resource.CreateResponse, plan, config connectorModel) {
	name := plan.Name.ValueString()
	summary := "Unable to create Haven OnDemand connector " + name
	// The name is the identity, whatever the create's outcome.
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, name)...)
	spec := specOf(plan, config)
	// What goes to state before the job is known to have finished.
	plan.ID = types.StringValue(name)
	plan.Status = types.StringNull()
	plan.DownloadLink = types.MapNull(types.StringType)
	if plan.CredentialsPolicy.IsUnknown() {
		plan.CredentialsPolicy = jsontypes.NewNormalizedNull()
	}

	created, err := r.submitCreate(ctx, spec)
	if err != nil {
		// Someone else's connector, seen before the create or while a lost one was watched for:
		// reported alone (the lost answer around it changes nothing), never kept in state.
		var exists errExists
		if errors.As(err, &exists) {
			resp.Diagnostics.AddError(summary, platform.ErrorDetail(exists, alreadyExistsNext(name)))
			return
		}
		if transport.MaybeProcessed(err) {
			// The connector may exist: keep it in state (tainted) rather than lose it.
			resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
			resp.Diagnostics.AddError(summary, platform.ErrorDetail(err, "The connector may exist, so it is kept in state: run `terraform apply` again (Terraform replaces it), or `terraform state rm` it and import it by name."))
			return
		}
		resp.Diagnostics.AddError(summary, platform.ErrorDetail(err, "Nothing was created."))
		return
	}
	// The create was accepted (a job, or a connector found after a lost answer): its credentials were sent.
	resp.Diagnostics.Append(keepCredentialsDigest(ctx, resp.Private, spec.Credentials)...)
	if created.Adopted {
		r.adopt(ctx, &plan, summary, resp)
		return
	}
	r.awaitCreateJob(ctx, created.Value, created.Attempts > 1, &plan, summary, resp)
}

func (r *ConnectorResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state connectorModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if state.ID.IsNull() || state.ID.ValueString() == "" {
		state.ID = state.Name
	}
	// Set first: the framework wants an identity from every Read without error, one that keeps the
	// state without a client or removes the resource included, and on a CLI without identities (or
	// a state written before them) there is none to carry over.
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, state.ID.ValueString())...)
	ctx, cancel, ok := r.BeginRead(ctx, &resp.Diagnostics, state.Timeouts.Read, defaultReadTimeout)
	if !ok {
		return
	}
	defer cancel()
	found, diags := r.read(ctx, &state)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !found {
		found = r.readAfterPendingCreate(ctx, req.Private, &state, &resp.Diagnostics)
		if resp.Diagnostics.HasError() {
			return
		}
	}
	if !found {
		platform.WarnRemoved(&resp.Diagnostics, "connector "+state.ID.ValueString())
		resp.State.RemoveResource(ctx)
		return
	}
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, pendingCreateKey, nil)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *ConnectorResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	base.Update(ctx, &r.Resource, req, resp, defaultUpdateTimeout, r.update)
}

func (r *ConnectorResource) update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse, plan, state, config connectorModel) {
	name := state.ID.ValueString()
	summary := "Unable to update Haven OnDemand connector " + name
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, name)...)
	next := "The state is unchanged; fix the cause and run `terraform apply` again."

	withCredentials, diags := sendCredentials(ctx, req.Private, plan, state, config)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	u, cancelSchedule := updateOf(plan, state, config, withCredentials)
	// Delete options and timeouts alone cost no API call.
	if !u.Empty() {
		jobID, err := r.Client.StartUpdateConnector(ctx, u)
		if err == nil {
			err = r.Client.WaitJob(ctx, jobID, "update of Haven OnDemand connector "+name, "Run `terraform apply` again: it sends the update again.", nil)
		}
		if err != nil {
			resp.Diagnostics.AddError(summary, platform.ErrorDetail(err, next))
			return
		}
		if u.Credentials != nil {
			resp.Diagnostics.Append(keepCredentialsDigest(ctx, resp.Private, *u.Credentials)...)
		}
	}
	if cancelSchedule {
		jobID, err := r.Client.StartCancelSchedule(ctx, name)
		if err == nil {
			err = r.Client.WaitJob(ctx, jobID, "cancelling the schedule of Haven OnDemand connector "+name, "Run `terraform apply` again.", nil)
		}
		if err != nil {
			resp.Diagnostics.AddError(summary, platform.ErrorDetail(err, next))
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

func (r *ConnectorResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	base.Delete(ctx, &r.Resource, req, resp, defaultDeleteTimeout, r.delete)
}

func (r *ConnectorResource) delete(ctx context.Context, _ resource.DeleteRequest, resp *resource.DeleteResponse, state connectorModel) {
	name := state.ID.ValueString()
	summary := "Unable to delete Haven OnDemand connector " + name
	if err := r.deleteConnector(ctx, name, state.Flavor.ValueString(), state.StopBeforeDelete.ValueBool()); err != nil {
		var jf *JobFailedError
		var apiErr *transport.APIError
		if errors.As(err, &jf) || errors.As(err, &apiErr) {
			// HOD's answers carry no next step; waits and errRunning already say what to run.
			resp.Diagnostics.AddError(summary, platform.ErrorDetail(err, "The connector was not deleted and stays in state. Fix the cause above, then run `terraform destroy` again."))
			return
		}
		resp.Diagnostics.AddError(summary, err.Error())
	}
}
