package elasticsearch

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/action/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/syncops/terraform-provider-syncops/internal/base"
	"github.com/syncops/terraform-provider-syncops/internal/transport"
	"github.com/syncops/terraform-provider-syncops/internal/wait"
)

const (
	// defaultSyncTimeout bounds a sync job and the wait for it.
	defaultSyncTimeout = 60 * time.Minute
	// cancelTimeout bounds the cancel sent after a deadline, which has its own time.
	cancelTimeout = time.Minute
)

var (
	_ action.ActionWithConfigure  = (*ConnectorSyncAction)(nil)
	_ action.ActionWithModifyPlan = (*ConnectorSyncAction)(nil)
)

// NewConnectorSyncAction is the factory of the action syncops_elasticsearch_connector_sync.
func NewConnectorSyncAction() action.Action {
	return &ConnectorSyncAction{Action: base.NewAction[*Client](platform, "elasticsearch_connector_sync")}
}

// ConnectorSyncAction starts a sync job of a connector and, unless told not to, waits for it.
type ConnectorSyncAction struct {
	base.Action[*Client]
}

type connectorSyncModel struct {
	ConnectorID     types.String   `tfsdk:"connector_id"`
	JobType         types.String   `tfsdk:"job_type"`
	TriggerMethod   types.String   `tfsdk:"trigger_method"`
	Wait            types.Bool     `tfsdk:"wait"`
	CancelOnTimeout types.Bool     `tfsdk:"cancel_on_timeout"`
	Timeouts        timeouts.Value `tfsdk:"timeouts"`
}

// TimeoutsBlock is the model's timeouts block (base.ActionModel).
func (m connectorSyncModel) TimeoutsBlock() timeouts.Value { return m.Timeouts }

func (m connectorSyncModel) jobType() string {
	if m.JobType.IsNull() || m.JobType.ValueString() == "" {
		return "full"
	}
	return m.JobType.ValueString()
}

func (a *ConnectorSyncAction) Schema(ctx context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Starts a sync job of an Elasticsearch content connector (`POST /_connector/_sync_job`) and waits until it ends, " +
			"reporting its status and document counts on every poll. A job that ends `error` fails the action with the job's error; " +
			"one canceled by someone else fails it too. At the `timeouts.invoke` deadline the job is canceled (`cancel_on_timeout`). " +
			"The connector service of the connector runs the job: without one running, the job stays `pending`. Terraform 1.14 or later.",
		Attributes: map[string]schema.Attribute{
			"connector_id": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "Id of the connector to sync, e.g. `syncops_elasticsearch_connector.drive.id`. It must have an `index_name` and a `service_type`.",
				Validators:          connectorIDValidators(),
			},
			"job_type": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "`full` (default), `incremental` or `access_control`. An access control sync needs document level security " +
					"(the connector's `features.document_level_security`): a connector that has it disabled is refused at plan time.",
				Validators: []validator.String{stringvalidator.OneOf("full", "incremental", "access_control")},
			},
			"trigger_method": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "`on_demand` (default) or `scheduled`: how the job is recorded in the connector's sync history.",
				Validators:          []validator.String{stringvalidator.OneOf("on_demand", "scheduled")},
			},
			"wait": schema.BoolAttribute{
				Optional: true,
				MarkdownDescription: "Wait for the job to end (default `true`, as the provider's other actions do). With `false` the action ends " +
					"once the job is created and reports its id.",
			},
			"cancel_on_timeout": schema.BoolAttribute{
				Optional: true,
				MarkdownDescription: "At the `timeouts.invoke` deadline, cancel the job (`PUT /_connector/_sync_job/<id>/_cancel`; default `true`). " +
					"A pending job is canceled at once, a running one goes `canceling` until the connector service stops it. With `false` the job goes on.",
			},
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.BlockWithOpts(ctx, timeouts.Opts{
				InvokeDescription: "How long to wait for the job, its creation included (default `60m`).",
			}),
		},
	}
}

// ModifyPlan refuses at plan time what Elasticsearch or the connector service would refuse: a
// missing connector, one without an index or a service type, an access control sync of a
// connector without document level security.
func (a *ConnectorSyncAction) ModifyPlan(ctx context.Context, req action.ModifyPlanRequest, resp *action.ModifyPlanResponse) {
	var m connectorSyncModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || !a.Ready() || m.ConnectorID.IsUnknown() || m.JobType.IsUnknown() {
		return
	}
	resp.Diagnostics.Append(a.checkSyncable(ctx, m.ConnectorID.ValueString(), m.jobType())...)
}

// checkSyncable reads the connector and says why a job of this type cannot run on it.
func (a *ConnectorSyncAction) checkSyncable(ctx context.Context, id, jobType string) diag.Diagnostics {
	var diags diag.Diagnostics
	c, err := a.Client.GetConnector(ctx, id)
	if err == nil && c.Deleted {
		err = &transport.APIError{Platform: "Elasticsearch", Method: "GET", Path: connectorPath(id), Status: 404, Message: "the connector is soft-deleted"}
	}
	at := path.Root("connector_id")
	switch {
	case transport.IsNotFound(err):
		diags.AddAttributeError(at, "No Elasticsearch connector "+id, platform.ErrorDetail(err, "Check connector_id."))
	case err != nil:
		diags.AddError("Unable to read Elasticsearch connector "+id, platform.ErrorDetail(err, "Run the command again once the cluster answers."))
	case c.IndexName == nil || *c.IndexName == "":
		diags.AddAttributeError(at, "Elasticsearch connector "+id+" has no index",
			"Elasticsearch cannot sync a connector without an index attached: set index_name on the connector first.")
	case c.ServiceType == nil || *c.ServiceType == "":
		diags.AddAttributeError(at, "Elasticsearch connector "+id+" has no service type",
			"Elasticsearch cannot sync a connector whose service_type is not set: set service_type on the connector first.")
	case jobType == "access_control":
		switch {
		case c.Features == nil:
			diags.AddAttributeWarning(path.Root("job_type"), "Elasticsearch connector "+id+" reports no features",
				"An access control sync needs document level security, and the connector's features do not say whether it has it yet "+
					"(the connector service reports them when it starts). Without it the connector service syncs no identity.")
		case c.Features.DocumentLevelSecurity == nil || !c.Features.DocumentLevelSecurity.Enabled:
			diags.AddAttributeError(path.Root("job_type"), "Elasticsearch connector "+id+" has no document level security",
				"An access control sync copies the source's permissions to the "+accessControlIndex(c)+" index, and needs document level "+
					"security: the connector's features.document_level_security is not enabled, so the connector service would sync nothing. "+
					"Enable it (features on syncops_elasticsearch_connector), or use job_type = \"full\" or \"incremental\".")
		}
	}
	return diags
}

func accessControlIndex(c *Connector) string {
	if c.IndexName == nil {
		return "access control"
	}
	return ".search-acl-filter-" + *c.IndexName
}

func (a *ConnectorSyncAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	base.Invoke(ctx, &a.Action, req, resp, defaultSyncTimeout, a.invoke)
}

func (a *ConnectorSyncAction) invoke(ctx context.Context, resp *action.InvokeResponse, m connectorSyncModel) {
	connectorID, jobType := m.ConnectorID.ValueString(), m.jobType()
	if resp.Diagnostics.Append(a.checkSyncable(ctx, connectorID, jobType)...); resp.Diagnostics.HasError() {
		return
	}
	jobID, err := a.Client.CreateSyncJob(ctx, connectorID, jobType, m.TriggerMethod.ValueString())
	if err != nil {
		next := "Fix the cause, then run the action again."
		if transport.MaybeProcessed(err) {
			next = "The job may have been created: list the connector's jobs with GET /_connector/_sync_job?connector_id=" + connectorID + " before running the action again."
		}
		resp.Diagnostics.AddError("Unable to start a "+jobType+" sync of Elasticsearch connector "+connectorID, platform.ErrorDetail(err, next))
		return
	}
	what := fmt.Sprintf("Elasticsearch %s sync job %s of connector %s", jobType, jobID, connectorID)
	progress := base.Progress(resp, what)
	tflog.Info(ctx, "Elasticsearch created a sync job", map[string]any{"connector_id": connectorID, "job_id": jobID, "job_type": jobType})
	if !m.Wait.IsNull() && !m.Wait.ValueBool() {
		progress("created; not waiting for it (wait = false): follow it with GET /_connector/_sync_job/" + jobID)
		return
	}
	progress("created")
	next := "The job goes on: follow it with GET /_connector/_sync_job/" + jobID + ", or raise timeouts.invoke."
	_, err = wait.For(ctx, wait.Options{What: what, NextStep: next}, func(ctx context.Context) (wait.Status, error) {
		job, err := a.Client.GetSyncJob(ctx, jobID)
		if err != nil {
			return wait.Status{}, err
		}
		progress(describeSyncJob(job))
		return syncJobStatus(job)
	})
	var failed *wait.FailedError
	var timeout *wait.TimeoutError
	switch {
	case err == nil:
	case errors.As(err, &failed):
		resp.Diagnostics.AddError(what+" failed", fmt.Sprintf("The job ended %s: %s", failed.Status.State, failed.Status.Message))
	case errors.As(err, &timeout) && (m.CancelOnTimeout.IsNull() || m.CancelOnTimeout.ValueBool()):
		msg := a.cancelJob(ctx, jobID)
		progress(msg)
		resp.Diagnostics.AddError("Timed out waiting for "+what, fmt.Sprintf("timed out after %s waiting for %s (last status %s). %s",
			timeout.Waited.Round(time.Second), what, timeout.Last.State, msg))
	case errors.As(err, &timeout):
		resp.Diagnostics.AddError("Timed out waiting for "+what, err.Error()+" cancel_on_timeout = false: the job was not canceled.")
	default:
		resp.Diagnostics.AddError("Unable to follow "+what, platform.ErrorDetail(err, "The job may still be running: follow it with GET /_connector/_sync_job/"+jobID+"."))
	}
}

// cancelJob cancels a job after the invoke deadline, on a context of its own, and says what
// became of it.
func (a *ConnectorSyncAction) cancelJob(ctx context.Context, jobID string) string {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cancelTimeout)
	defer cancel()
	if err := a.Client.CancelSyncJob(ctx, jobID); err != nil {
		return "cancel_on_timeout = true, but canceling the job failed: " + platform.ErrorDetail(err, "Cancel it with PUT /_connector/_sync_job/"+jobID+"/_cancel.")
	}
	job, err := a.Client.GetSyncJob(ctx, jobID)
	switch {
	case err != nil:
		return "The job was canceled (cancel_on_timeout = true)."
	case job.Status == "canceling":
		return "The job was canceled (cancel_on_timeout = true): it is canceling, and its connector service stops it and marks it canceled."
	}
	return "The job was canceled (cancel_on_timeout = true): it is " + job.Status + "."
}

// syncJobStatus classifies a job: pending, in_progress, suspended and canceling are still going;
// completed ends it well; error and canceled end it badly.
func syncJobStatus(j *SyncJob) (wait.Status, error) {
	st := wait.Status{State: j.Status, Message: describeSyncJob(j)}
	switch j.Status {
	case "pending", "in_progress", "suspended", "canceling":
	case "completed":
		st.Done = true
	case "error":
		st.Failed = true
		st.Message = "Elasticsearch gave no error message"
		if j.Error != nil && *j.Error != "" {
			st.Message = *j.Error
		}
	case "canceled":
		st.Failed = true
		st.Message = "the job was canceled before it finished"
	default:
		return st, fmt.Errorf("sync job %s has an unexpected status %q (want pending, in_progress, suspended, canceling, completed, error or canceled)", j.ID, j.Status)
	}
	return st, nil
}

// describeSyncJob is one progress line: "in_progress, 60 documents indexed, 0 deleted".
func describeSyncJob(j *SyncJob) string {
	s := j.Status
	if j.Status != "pending" {
		s += fmt.Sprintf(", %d documents indexed, %d deleted", j.IndexedDocumentCount, j.DeletedDocumentCount)
	}
	if j.Status == "error" && j.Error != nil {
		s += ": " + *j.Error
	}
	return s
}
