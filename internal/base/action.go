package base

import (
	"context"
	"time"

	actiontimeouts "github.com/hashicorp/terraform-plugin-framework-timeouts/action/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/diag"
)

// Action is embedded in every action (Terraform 1.14+).
type Action[C any] struct {
	Platform Platform
	// TypeName follows the provider name: "jim_run_profile_execute".
	TypeName string
	Client   C
	ready    bool
}

// NewAction is the embedded part of the action syncops_<typeName>.
func NewAction[C any](p Platform, typeName string) Action[C] {
	return Action[C]{Platform: p, TypeName: typeName}
}

func (a *Action[C]) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_" + a.TypeName
}

func (a *Action[C]) Configure(_ context.Context, req action.ConfigureRequest, resp *action.ConfigureResponse) {
	a.Client, a.ready = configure[C](req.ProviderData, a.Platform, &resp.Diagnostics)
}

// Ready reports whether the client exists.
func (a *Action[C]) Ready() bool { return a.ready }

// Begin starts an Invoke: it fails with the platform's "not known yet" error when there is no
// client, and bounds ctx by timeout.
func (a *Action[C]) Begin(ctx context.Context, diags *diag.Diagnostics, timeout TimeoutFunc, def time.Duration) (_ context.Context, cancel context.CancelFunc, ok bool) {
	if diags.HasError() {
		return ctx, nil, false
	}
	if !a.ready {
		diags.Append(a.Platform.NotKnownYet())
		return ctx, nil, false
	}
	return withTimeout(ctx, diags, timeout, def)
}

// ActionModel is an action's model: it has a timeouts block.
type ActionModel interface {
	// TimeoutsBlock is the model's timeouts block (terraform-plugin-framework-timeouts).
	TimeoutsBlock() actiontimeouts.Value
}

// Invoke runs an action: it reads the configuration into a model and runs body within the invoke
// timeout of its timeouts block (def when none is set). body does not run when the read fails or
// there is no client (the platform's "not known yet" error).
func Invoke[C any, M ActionModel](ctx context.Context, a *Action[C], req action.InvokeRequest, resp *action.InvokeResponse,
	def time.Duration, body func(ctx context.Context, resp *action.InvokeResponse, m M)) {
	var m M
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	ctx, cancel, ok := a.Begin(ctx, &resp.Diagnostics, m.TimeoutsBlock().Invoke, def)
	if !ok {
		return
	}
	defer cancel()
	body(ctx, resp, m)
}

// Progress reports msg, after prefix when there is one, as the invocation's progress, when the CLI
// listens for it.
func Progress(resp *action.InvokeResponse, prefix string) func(msg string) {
	return func(msg string) {
		if resp.SendProgress == nil {
			return
		}
		if prefix != "" {
			msg = prefix + ": " + msg
		}
		resp.SendProgress(action.InvokeProgressEvent{Message: msg})
	}
}
