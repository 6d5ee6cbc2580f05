package polytomic

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework-timeouts/action/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/syncops/terraform-provider-syncops/internal/base"
	"github.com/syncops/terraform-provider-syncops/internal/transport"
)

// defaultTestTimeout bounds a connection test (one request, and reading the connection's type).
const defaultTestTimeout = 5 * time.Minute

var (
	_ action.ActionWithConfigure      = (*ConnectionTestAction)(nil)
	_ action.ActionWithValidateConfig = (*ConnectionTestAction)(nil)
)

// NewConnectionTestAction is the factory of the action syncops_polytomic_connection_test.
func NewConnectionTestAction() action.Action {
	return &ConnectionTestAction{Action: base.NewAction[*Client](platform, "polytomic_connection_test")}
}

// ConnectionTestAction tests a connection configuration with POST /api/connections/test.
type ConnectionTestAction struct {
	base.Action[*Client]
}

type connectionTestModel struct {
	ConnectionID           types.String         `tfsdk:"connection_id"`
	Type                   types.String         `tfsdk:"type"`
	Configuration          jsontypes.Normalized `tfsdk:"configuration"`
	SensitiveConfiguration jsontypes.Normalized `tfsdk:"sensitive_configuration"`
	Timeouts               timeouts.Value       `tfsdk:"timeouts"`
}

// TimeoutsBlock is the model's timeouts block (base.ActionModel).
func (m connectionTestModel) TimeoutsBlock() timeouts.Value { return m.Timeouts }

func (a *ConnectionTestAction) Schema(ctx context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Tests a Polytomic connection configuration against its upstream service (`POST /api/connections/test`): " +
			"a saved connection (`connection_id`), a saved connection with some values replaced (for example a rotated password, " +
			"before it is saved), or a configuration of its own (`type` and `configuration`). Nothing is saved, whatever the outcome. " +
			"A failed test fails the action with Polytomic's message. Terraform 1.14 or later.",
		Attributes: map[string]schema.Attribute{
			"connection_id": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Id of a saved connection, e.g. `syncops_polytomic_connection.warehouse.id`: Polytomic tests its saved " +
					"configuration, with `configuration` and `sensitive_configuration` merged over it.",
				Validators: []validator.String{uuidValidator("a connection")},
			},
			"type": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Connection type, e.g. `postgresql`. Required without `connection_id`; with it, read from the " +
					"connection when not set (one more request).",
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"configuration": schema.StringAttribute{
				CustomType:          jsontypes.NormalizedType{},
				Optional:            true,
				MarkdownDescription: "Configuration to test, as a JSON object (`jsonencode({...})`), without secrets.",
			},
			"sensitive_configuration": schema.StringAttribute{
				CustomType: jsontypes.NormalizedType{},
				Optional:   true,
				MarkdownDescription: "Secret configuration values to test, as a JSON object (`jsonencode({ password = var.new_password })`), " +
					"merged over `configuration`; masked in every log line and error, never in state. Feed it from a variable declared " +
					"`sensitive = true`. It cannot take ephemeral values: terraform-plugin-framework v1.19 refuses any value of a write-only " +
					"action attribute, and Terraform allows ephemeral values only in write-only ones. To test a rotated secret without it, " +
					"rotate it on the connection (`sensitive_configuration_wo`) and test the saved connection after the update (see the example).",
			},
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.BlockWithOpts(ctx, timeouts.Opts{
				InvokeDescription: "How long to wait for Polytomic's answer (default `5m`). A single request is also bounded by the " +
					"provider's `request_timeout` (default 30s).",
			}),
		},
	}
}

func (a *ConnectionTestAction) ValidateConfig(ctx context.Context, req action.ValidateConfigRequest, resp *action.ValidateConfigResponse) {
	var m connectionTestModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if m.ConnectionID.IsNull() && m.Type.IsNull() {
		resp.Diagnostics.AddAttributeError(path.Root("type"), "Missing type",
			"Set type (and configuration) to test a configuration, or connection_id to test a saved connection.")
	}
	public, d := jsonObject(m.Configuration, "configuration")
	resp.Diagnostics.Append(d...)
	secret, d := jsonObject(m.SensitiveConfiguration, "sensitive_configuration")
	resp.Diagnostics.Append(d...)
	var both []string
	for k := range secret {
		if _, ok := public[k]; ok {
			both = append(both, k)
		}
	}
	if len(both) > 0 {
		sort.Strings(both)
		resp.Diagnostics.AddAttributeError(path.Root("configuration"), "Key in configuration and sensitive_configuration",
			"Give each key once: "+strings.Join(both, ", ")+" is in both. Secrets belong in sensitive_configuration only.")
	}
}

func (a *ConnectionTestAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	base.Invoke(ctx, &a.Action, req, resp, defaultTestTimeout, a.invoke)
}

func (a *ConnectionTestAction) invoke(ctx context.Context, resp *action.InvokeResponse, m connectionTestModel) {
	public, d := jsonObject(m.Configuration, "configuration")
	resp.Diagnostics.Append(d...)
	secret, d := jsonObject(m.SensitiveConfiguration, "sensitive_configuration")
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	start := time.Now()
	progress := base.Progress(resp, "")

	body := TestConnectionRequest{Type: m.Type.ValueString(), ConnectionID: m.ConnectionID.ValueString(), Configuration: map[string]any{}}
	what := "Polytomic connection " + body.ConnectionID
	if body.Type == "" {
		conn, err := a.Client.GetConnection(ctx, body.ConnectionID)
		if err != nil {
			resp.Diagnostics.AddError("Unable to read the type of "+what, platform.ErrorDetail(err, "Set type to skip this read."))
			return
		}
		body.Type = conn.Type.ID
	}
	if body.ConnectionID == "" {
		what = "a Polytomic " + body.Type + " configuration"
	} else {
		what += " (" + body.Type + ")"
	}
	for k, v := range public {
		body.Configuration[k] = v
	}
	for k, v := range secret {
		body.Configuration[k] = v
	}
	keys := make([]string, 0, len(body.Configuration))
	for k := range body.Configuration {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	if len(keys) > 0 {
		progress(fmt.Sprintf("Testing %s with %s...", what, strings.Join(keys, ", ")))
	} else {
		progress("Testing " + what + "...")
	}

	err := a.Client.TestConnection(ctx, body, secretValues(secret))
	switch {
	case err == nil:
		tflog.Info(ctx, "Polytomic connection test passed", map[string]any{"connection_id": body.ConnectionID, "type": body.Type})
		progress("Polytomic reached the upstream service: the test of " + what + " passed.")
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		resp.Diagnostics.AddError("Timed out testing "+what, fmt.Sprintf(
			"timed out after %s waiting for Polytomic to answer the test of %s; last state seen: the test was sent (POST /api/connections/test) "+
				"and Polytomic had not answered (it may still be checking the upstream service). A test saves nothing: raise timeouts.invoke "+
				"if the upstream service is slow to answer.\n\nLast error: %v", time.Since(start).Round(time.Second), what, err))
	case transport.StatusOf(err) == http.StatusNotFound:
		resp.Diagnostics.AddError("Polytomic connection test failed", platform.ErrorDetail(err,
			"Check connection_id: Polytomic has no such connection, or the provider's credentials cannot see it."))
	default:
		resp.Diagnostics.AddError("Polytomic connection test failed", platform.ErrorDetail(err,
			"Polytomic could not use this configuration: fix it (or the upstream service) and invoke the action again. Nothing was saved."))
	}
}
