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
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/syncops/terraform-provider-syncops/internal/transport"
)

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

// ModifyPlan checks the run type and partition against the connector of the connected system,
// or against `connector` when the system is still to be created (its id unknown).
func (r *RunProfileResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || !r.Ready() {
		return
	}
	var plan runProfileModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !req.State.Raw.IsNull() {
		var state runProfileModel
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
		if state.RunType.Equal(plan.RunType) && state.ConnectedSystemID.Equal(plan.ConnectedSystemID) &&
			state.PartitionID.Equal(plan.PartitionID) && state.Connector.Equal(plan.Connector) {
			return // nothing the connector decides about changed: no API call
		}
	}
	def, diags := r.checkConnector(ctx, plan)
	resp.Diagnostics.Append(diags...)
	if def == nil || diags.HasError() || !plan.Connector.IsUnknown() {
		return
	}
	// connector left out: the plan shows the system's (a configured unknown stays unknown).
	var configured types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("connector"), &configured)...)
	if configured.IsNull() {
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("connector"), def.Name)...)
	}
}

// checkConnector reports a connector that is not the connected system's, and a run type or
// partition the connector cannot take. The connector is the connected system's when its id is
// known, else the one `connector` names; with neither known nothing is checked (def is nil).
func (r *RunProfileResource) checkConnector(ctx context.Context, plan runProfileModel) (*ConnectorDefinition, diag.Diagnostics) {
	var diags diag.Diagnostics
	given := plan.Connector.ValueString()
	hasGiven := !plan.Connector.IsNull() && !plan.Connector.IsUnknown()
	var def *ConnectorDefinition
	if csID, err := strconv.ParseInt(plan.ConnectedSystemID.ValueString(), 10, 64); err == nil && !plan.ConnectedSystemID.IsUnknown() {
		def, err = r.Client.ConnectorOfSystem(ctx, csID)
		if err != nil {
			if transport.IsNotFound(err) {
				diags.AddAttributeError(path.Root("connected_system_id"), "JIM connected system not found",
					fmt.Sprintf("JIM has no connected system %d.", csID))
				return nil, diags
			}
			diags.AddAttributeError(path.Root("connected_system_id"), "Unable to read JIM connected system", platform.ErrorDetail(err, ""))
			return nil, diags
		}
		if hasGiven && def.Name != given {
			addConnectorMismatch(&diags, given, csID, def.Name)
			return nil, diags
		}
	} else if hasGiven {
		def, err = r.Client.ConnectorDefinitionByName(ctx, given)
		if err != nil {
			if transport.IsNotFound(err) {
				diags.AddAttributeError(path.Root("connector"), "JIM connector not found",
					fmt.Sprintf("JIM has no connector definition named %q; connector must be the connected system's, e.g. syncops_jim_connected_system.<name>.connector.", given))
				return nil, diags
			}
			diags.AddAttributeError(path.Root("connector"), fmt.Sprintf("Unable to read JIM connector definition %q", given), platform.ErrorDetail(err, ""))
			return nil, diags
		}
	} else {
		return nil, diags
	}
	supported := def.SupportedRunTypes()
	if rt := plan.RunType.ValueString(); !plan.RunType.IsUnknown() && !plan.RunType.IsNull() && !slices.Contains(supported, rt) {
		diags.AddAttributeError(path.Root("run_type"), "Run type not supported by the connector",
			fmt.Sprintf("run_type = %q: %s does not support %s run profiles. It supports: %s.", rt, def.Name, rt, strings.Join(supported, ", ")))
	}
	if !plan.PartitionID.IsNull() && !plan.PartitionID.IsUnknown() && !def.SupportsPartitions {
		diags.AddAttributeError(path.Root("partition_id"), "Connector has no partitions",
			fmt.Sprintf("%s does not support partitions; remove partition_id.", def.Name))
	}
	return def, diags
}

// addConnectorMismatch reports a configured connector that is not the connected system's.
func addConnectorMismatch(diags *diag.Diagnostics, given string, csID int64, actual string) {
	diags.AddAttributeError(path.Root("connector"), "Connector is not the connected system's",
		fmt.Sprintf("connector = %q, but JIM connected system %d uses %s. Set connector from the connected system "+
			"(connector = syncops_jim_connected_system.<name>.connector), or leave it out.", given, csID, actual))
}
