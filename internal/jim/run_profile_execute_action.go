package jim

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/action/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/syncops/terraform-provider-syncops/internal/base"
	"github.com/syncops/terraform-provider-syncops/internal/wait"
)

// defaultRunTimeout bounds a run profile execution and the wait for it.
const defaultRunTimeout = 60 * time.Minute

var _ action.ActionWithConfigure = (*RunProfileExecuteAction)(nil)

// NewRunProfileExecuteAction is the factory of the action syncops_jim_run_profile_execute.
func NewRunProfileExecuteAction() action.Action {
	return &RunProfileExecuteAction{Action: base.NewAction[*Client](platform, "jim_run_profile_execute")}
}

// RunProfileExecuteAction runs a JIM run profile and, unless told not to, waits for its activity.
type RunProfileExecuteAction struct {
	base.Action[*Client]
}

type runProfileExecuteModel struct {
	ConnectedSystemID types.Int64    `tfsdk:"connected_system_id"`
	RunProfileID      types.Int64    `tfsdk:"run_profile_id"`
	Wait              types.Bool     `tfsdk:"wait"`
	Timeouts          timeouts.Value `tfsdk:"timeouts"`
}

// TimeoutsBlock is the model's timeouts block (base.ActionModel).
func (m runProfileExecuteModel) TimeoutsBlock() timeouts.Value { return m.Timeouts }

func (a *RunProfileExecuteAction) Schema(ctx context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Runs a JIM run profile (`POST .../run-profiles/{id}/execute`) and waits for its activity to end, " +
			"reporting its progress on every poll. A run that ends `FailedWithError`, `CompleteWithError` or `Cancelled` fails the action " +
			"with JIM's message; `CompleteWithWarning` succeeds with a warning. Terraform 1.14 or later.",
		Attributes: map[string]schema.Attribute{
			"connected_system_id": schema.Int64Attribute{
				Required:            true,
				MarkdownDescription: "Id of the connected system, e.g. `syncops_jim_run_profile.full.connected_system_id`.",
				Validators:          []validator.Int64{int64validator.AtLeast(1)},
			},
			"run_profile_id": schema.Int64Attribute{
				Required:            true,
				MarkdownDescription: "Id of the run profile, e.g. `syncops_jim_run_profile.full.id`.",
				Validators:          []validator.Int64{int64validator.AtLeast(1)},
			},
			"wait": schema.BoolAttribute{
				Optional: true,
				MarkdownDescription: "Wait for the run to end (default `true`). With `false` the action ends as soon as JIM has queued the run " +
					"and reports the activity id to follow in JIM.",
			},
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.BlockWithOpts(ctx, timeouts.Opts{
				InvokeDescription: "How long to wait for the run, the execute request included (default `60m`). " +
					"At the deadline the action fails; the run goes on in JIM.",
			}),
		},
	}
}

func (a *RunProfileExecuteAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	base.Invoke(ctx, &a.Action, req, resp, defaultRunTimeout, a.invoke)
}

func (a *RunProfileExecuteAction) invoke(ctx context.Context, resp *action.InvokeResponse, m runProfileExecuteModel) {
	csID, rpID := m.ConnectedSystemID.ValueInt64(), m.RunProfileID.ValueInt64()
	run := fmt.Sprintf("JIM run profile %d of connected system %d", rpID, csID)
	progress := base.Progress(resp, "")

	exec, err := a.Client.ExecuteRunProfile(ctx, csID, rpID)
	if err != nil {
		resp.Diagnostics.AddError("Unable to run "+run, platform.ErrorDetail(err,
			"Check that the connected system and the run profile exist and that the run profile targets a selected partition."))
		return
	}
	for _, w := range exec.Warnings {
		resp.Diagnostics.AddWarning("JIM warned about "+run, w)
	}
	queued := fmt.Sprintf("%s: %s (activity %s)", run, messageOr(exec.Message, "queued for execution"), exec.ActivityID)
	tflog.Info(ctx, "JIM queued a run profile execution", map[string]any{"connected_system_id": csID, "run_profile_id": rpID, "activity_id": exec.ActivityID})
	if !m.Wait.IsNull() && !m.Wait.ValueBool() {
		progress(queued + "; not waiting for it (wait = false): follow the activity in JIM.")
		return
	}
	progress(queued)

	what := fmt.Sprintf("the run of %s (activity %s)", run, exec.ActivityID)
	last, err := wait.For(ctx, wait.Options{
		What:     what,
		NextStep: "The run goes on in JIM: follow activity " + exec.ActivityID + " there, or raise timeouts.invoke.",
	}, func(ctx context.Context) (wait.Status, error) {
		p, err := a.Client.GetRunActivityProgress(ctx, exec.ActivityID)
		if err != nil {
			return wait.Status{}, err
		}
		st := runStatus(p)
		progress(run + ": " + describeRun(p))
		return st, nil
	})
	var failed *wait.FailedError
	switch {
	case errors.As(err, &failed):
		resp.Diagnostics.AddError(run+" failed", a.failureDetail(ctx, exec.ActivityID, failed.Status))
		return
	case err != nil:
		summary := "Unable to follow " + run
		var timeout *wait.TimeoutError
		if errors.As(err, &timeout) {
			summary = "Timed out waiting for " + run
		}
		resp.Diagnostics.AddError(summary, platform.ErrorDetail(err, ""))
		return
	}
	if last.State == ActivityCompleteWithWarning {
		outcome, oerr := a.Client.GetRunActivityOutcome(ctx, exec.ActivityID)
		msg := "JIM completed the run with a warning; see activity " + exec.ActivityID + " in JIM."
		if oerr == nil && outcome.WarningMessage != nil && *outcome.WarningMessage != "" {
			msg = *outcome.WarningMessage + "\n\n" + msg
		}
		resp.Diagnostics.AddWarning(run+" completed with a warning", msg)
	}
}

// runStatus classifies an activity's status: Complete and CompleteWithWarning end the run well;
// FailedWithError, CompleteWithError and Cancelled end it badly; anything else is still going.
func runStatus(p *RunActivityProgress) wait.Status {
	st := wait.Status{State: p.Status}
	if p.Message != nil {
		st.Message = *p.Message
	}
	if p.PercentComplete != nil {
		st.Percent, st.HasPercent = *p.PercentComplete, true
	}
	switch p.Status {
	case ActivityComplete, ActivityCompleteWithWarning:
		st.Done = true
	case ActivityFailedWithError, ActivityCompleteWithError, ActivityCancelled:
		st.Failed = true
	}
	return st
}

// describeRun is one progress line: "InProgress, 45% (450 of 1000 objects): <JIM's message>".
func describeRun(p *RunActivityProgress) string {
	var b strings.Builder
	b.WriteString(p.Status)
	if p.PercentComplete != nil {
		fmt.Fprintf(&b, ", %.0f%%", *p.PercentComplete)
	}
	if p.ObjectsToProcess > 0 {
		fmt.Fprintf(&b, " (%d of %d objects)", p.ObjectsProcessed, p.ObjectsToProcess)
	}
	if p.TotalErrors > 0 {
		fmt.Fprintf(&b, ", %d errors", p.TotalErrors)
	}
	if p.Message != nil && *p.Message != "" {
		b.WriteString(": " + *p.Message)
	}
	return b.String()
}

// failureDetail explains a run that ended badly with JIM's own message (the activity's
// errorMessage, else its progress message).
func (a *RunProfileExecuteAction) failureDetail(ctx context.Context, activityID string, st wait.Status) string {
	msg := st.Message
	outcome, err := a.Client.GetRunActivityOutcome(ctx, activityID)
	if err == nil && outcome.ErrorMessage != nil && *outcome.ErrorMessage != "" {
		msg = *outcome.ErrorMessage
	}
	var b strings.Builder
	fmt.Fprintf(&b, "JIM reported the run as %s: %s", st.State, messageOr(msg, "no message"))
	if err != nil {
		fmt.Fprintf(&b, "\n\n(Reading the activity's detail failed: %v)", err)
	}
	fmt.Fprintf(&b, "\n\nActivity %s in JIM has the details.", activityID)
	return b.String()
}
