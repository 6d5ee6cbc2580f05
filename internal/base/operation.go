package base

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

// Model is a resource's model: it has a timeouts block.
type Model interface {
	// TimeoutsBlock is the model's timeouts block (terraform-plugin-framework-timeouts).
	TimeoutsBlock() timeouts.Value
}

// Create runs a resource's create: it reads the plan and the configuration into models and runs
// body with them within the create timeout of the plan's timeouts block (def when none is set).
// body does not run when a read fails or there is no client (the platform's "not known yet" error).
func Create[C any, M Model](ctx context.Context, r *Resource[C], req resource.CreateRequest, resp *resource.CreateResponse,
	def time.Duration, body func(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse, plan, config M)) {
	var plan, config M
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	ctx, cancel, ok := r.Begin(ctx, &resp.Diagnostics, plan.TimeoutsBlock().Create, def)
	if !ok {
		return
	}
	defer cancel()
	body(ctx, req, resp, plan, config)
}

// Update runs a resource's update like Create, with the plan, the prior state and the
// configuration, within the update timeout of the plan's timeouts block.
func Update[C any, M Model](ctx context.Context, r *Resource[C], req resource.UpdateRequest, resp *resource.UpdateResponse,
	def time.Duration, body func(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse, plan, state, config M)) {
	var plan, state, config M
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	ctx, cancel, ok := r.Begin(ctx, &resp.Diagnostics, plan.TimeoutsBlock().Update, def)
	if !ok {
		return
	}
	defer cancel()
	body(ctx, req, resp, plan, state, config)
}

// Delete runs a resource's delete like Create, with the prior state, within the delete timeout of
// the state's timeouts block.
func Delete[C any, M Model](ctx context.Context, r *Resource[C], req resource.DeleteRequest, resp *resource.DeleteResponse,
	def time.Duration, body func(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse, state M)) {
	var state M
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	ctx, cancel, ok := r.Begin(ctx, &resp.Diagnostics, state.TimeoutsBlock().Delete, def)
	if !ok {
		return
	}
	defer cancel()
	body(ctx, req, resp, state)
}

// Read runs a data source's read: it reads the configuration into a model and runs body with it
// within DataSourceTimeout. body does not run when the read fails or there is no client (the
// platform's "not known yet" error).
func Read[C, M any](ctx context.Context, d *DataSource[C], req datasource.ReadRequest, resp *datasource.ReadResponse,
	body func(ctx context.Context, resp *datasource.ReadResponse, m M)) {
	var m M
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	ctx, cancel, ok := d.Begin(ctx, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()
	body(ctx, resp, m)
}
