package haven

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/action/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/syncops/terraform-provider-syncops/internal/base"
	"github.com/syncops/terraform-provider-syncops/internal/wait"
)

const (
	// defaultRunTimeout bounds a connector run and the wait for it.
	defaultRunTimeout = 60 * time.Minute
	// stopTimeout bounds the stop sent after a deadline (stop_on_timeout), which has its own time.
	stopTimeout = 2 * time.Minute
)

var _ action.ActionWithConfigure = (*ConnectorRunAction)(nil)

// NewConnectorRunAction is the factory of the action syncops_haven_connector_run.
func NewConnectorRunAction() action.Action {
	return &ConnectorRunAction{Action: base.NewAction[*Client](platform, "haven_connector_run")}
}

// ConnectorRunAction starts a cloud connector and, unless told not to, waits for its run to end.
type ConnectorRunAction struct {
	base.Action[*Client]
}

type connectorRunModel struct {
	Name                types.String   `tfsdk:"name"`
	IgnorePreviousState types.Bool     `tfsdk:"ignore_previous_state"`
	Wait                types.Bool     `tfsdk:"wait"`
	StopOnTimeout       types.Bool     `tfsdk:"stop_on_timeout"`
	Timeouts            timeouts.Value `tfsdk:"timeouts"`
}

// TimeoutsBlock is the model's timeouts block (base.ActionModel).
func (m connectorRunModel) TimeoutsBlock() timeouts.Value { return m.Timeouts }

func (a *ConnectorRunAction) Schema(ctx context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Starts a Haven OnDemand cloud connector (`startconnector`) and waits for its run to end, polling `connectorstatus` " +
			"and reporting the run's status on every poll. A run that ends `ERROR` (or is stopped) fails the action with Haven OnDemand's " +
			"error. Onsite connectors cannot be started through the API: Haven OnDemand refuses them, and so does the action, with " +
			"Haven OnDemand's message. Terraform 1.14 or later.",
		Attributes: map[string]schema.Attribute{
			"name": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "Connector name, e.g. `syncops_haven_connector.site.name`: " + NameRule + ".",
				Validators: []validator.String{
					stringvalidator.LengthBetween(1, 100),
					stringvalidator.RegexMatches(NamePattern, "must be "+NameRule),
				},
			},
			"ignore_previous_state": schema.BoolAttribute{
				Optional:            true,
				MarkdownDescription: "Ignore the state of previous runs (a full re-crawl), `startconnector`'s `ignore_previous_state`. Default `false`.",
			},
			"wait": schema.BoolAttribute{
				Optional: true,
				MarkdownDescription: "Wait for the run to end (default `true`). With `false` the action ends once Haven OnDemand has started " +
					"the run and reports its token.",
			},
			"stop_on_timeout": schema.BoolAttribute{
				Optional: true,
				MarkdownDescription: "At the `timeouts.invoke` deadline, stop the run (`stopconnector`) instead of leaving it running. " +
					"Default `false`: the run goes on and the action fails saying so.",
			},
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.BlockWithOpts(ctx, timeouts.Opts{
				InvokeDescription: "How long to wait for the run, its start included (default `60m`).",
			}),
		},
	}
}

func (a *ConnectorRunAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	base.Invoke(ctx, &a.Action, req, resp, defaultRunTimeout, a.invoke)
}

func (a *ConnectorRunAction) invoke(ctx context.Context, resp *action.InvokeResponse, m connectorRunModel) {
	name := m.Name.ValueString()
	connector := PlatformName + " connector " + name
	progress := base.Progress(resp, connector)

	token, err := a.Client.StartConnector(ctx, name, m.IgnorePreviousState.ValueBool(),
		"The connector may have been started: see its connectorstatus in "+PlatformName+".")
	if err != nil {
		resp.Diagnostics.AddError("Unable to run "+connector, platform.ErrorDetail(err, ""))
		return
	}
	tflog.Info(ctx, "Haven OnDemand started a connector run", map[string]any{"connector": name, "token": token})
	if !m.Wait.IsNull() && !m.Wait.ValueBool() {
		progress("started (run token " + token + "); not waiting for it (wait = false): follow it with connectorstatus.")
		return
	}
	progress("started (run token " + token + ")")

	next := "The run goes on in " + PlatformName + " (connectorstatus shows it); set stop_on_timeout = true to stop it at the deadline, or raise timeouts.invoke."
	if m.StopOnTimeout.ValueBool() {
		next = ""
	}
	_, err = wait.For(ctx, wait.Options{What: "the run of " + connector + " (token " + token + ")", NextStep: next},
		func(ctx context.Context) (wait.Status, error) {
			r, err := a.Client.RunOf(ctx, name, token)
			if err != nil {
				return wait.Status{}, err
			}
			if r == nil {
				return wait.Status{}, fmt.Errorf("%s knows no run with token %s: it may have been removed", PlatformName, token)
			}
			progress(describeRun(r))
			return runStatus(r)
		})
	var failed *wait.FailedError
	var timeout *wait.TimeoutError
	switch {
	case err == nil:
	case errors.As(err, &failed):
		resp.Diagnostics.AddError(connector+" failed", fmt.Sprintf("The run (token %s) ended %s: %s", token, failed.Status.State, failed.Status.Message))
	case errors.As(err, &timeout) && m.StopOnTimeout.ValueBool():
		resp.Diagnostics.AddError("Timed out waiting for "+connector, err.Error()+" "+a.stop(ctx, name))
	case errors.As(err, &timeout):
		resp.Diagnostics.AddError("Timed out waiting for "+connector, err.Error())
	default:
		resp.Diagnostics.AddError("Unable to follow the run of "+connector, platform.ErrorDetail(err, ""))
	}
}

// stop stops a run after the invoke deadline (stop_on_timeout), on a context of its own, and
// says how it went.
func (a *ConnectorRunAction) stop(ctx context.Context, name string) string {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), stopTimeout)
	defer cancel()
	jobID, err := a.Client.StartStopConnector(ctx, name)
	if err == nil {
		err = a.Client.WaitJob(ctx, jobID, "the stop of "+PlatformName+" connector "+name, "", nil)
	}
	if err != nil {
		return "stop_on_timeout = true, but stopping the run failed: " + err.Error()
	}
	return "stop_on_timeout = true: " + PlatformName + " accepted stopconnector; the run goes STOPPING, then STOPPED (which can take up to five minutes)."
}

// runStatus classifies a run: QUEUED, PROCESSING and STOPPING are still going; FINISHED ends it
// well; ERROR and STOPPED end it badly, with Haven OnDemand's error and failed reason.
func runStatus(r *Run) (wait.Status, error) {
	st := wait.Status{State: r.Status}
	switch r.Status {
	case "QUEUED", "PROCESSING", "STOPPING":
	case "FINISHED":
		st.Done = true
	case "ERROR":
		st.Failed = true
		st.Message = runFailure(r)
	case "STOPPED":
		st.Failed = true
		st.Message = "the run was stopped before it finished"
	default:
		return st, fmt.Errorf("the run (token %s) has an unexpected status %q (want QUEUED, PROCESSING, STOPPING, FINISHED, ERROR or STOPPED)", r.Token, r.Status)
	}
	return st, nil
}

func runFailure(r *Run) string {
	var parts []string
	for _, s := range []string{r.Error, r.Failed} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	if len(parts) == 0 {
		return "Haven OnDemand gave no error message"
	}
	return strings.Join(parts, "; ")
}

// describeRun is one progress line: "PROCESSING for 12s, 36 documents added".
func describeRun(r *Run) string {
	var b strings.Builder
	b.WriteString(r.Status)
	switch {
	case r.Status == "QUEUED" && r.TimeInQueue != nil:
		fmt.Fprintf(&b, " for %ds", *r.TimeInQueue)
	case r.TimeProcessing != nil:
		fmt.Fprintf(&b, " for %ds", *r.TimeProcessing)
	}
	if n, ok := r.DocumentCounts["added"]; ok {
		fmt.Fprintf(&b, ", %d documents added", n)
	}
	if n := r.DocumentCounts["errors"]; n > 0 {
		fmt.Fprintf(&b, ", %d errors", n)
	}
	if r.Status == "ERROR" {
		b.WriteString(": " + runFailure(r))
	}
	return b.String()
}
