package jim

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

type runProfileModel struct {
	ID                        types.String   `tfsdk:"id"`
	ConnectedSystemID         types.String   `tfsdk:"connected_system_id"`
	Connector                 types.String   `tfsdk:"connector"`
	Name                      types.String   `tfsdk:"name"`
	RunType                   types.String   `tfsdk:"run_type"`
	PageSize                  types.Int64    `tfsdk:"page_size"`
	PartitionID               types.Int64    `tfsdk:"partition_id"`
	PartitionName             types.String   `tfsdk:"partition_name"`
	FilePath                  types.String   `tfsdk:"file_path"`
	VerifyImportContentHashes types.Bool     `tfsdk:"verify_import_content_hashes"`
	Timeouts                  timeouts.Value `tfsdk:"timeouts"`
}

// TimeoutsBlock is the model's timeouts block (base.Model).
func (m runProfileModel) TimeoutsBlock() timeouts.Value { return m.Timeouts }

func (r *RunProfileResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A run profile of a JIM connected system: a named import, synchronisation or export run.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "Run profile id (an integer, as a string).",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"connected_system_id": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "Id of the connected system. Changing it replaces the run profile.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
				Validators:          []validator.String{stringvalidator.RegexMatches(positiveInt, "must be a connected system id such as \"12\"")},
			},
			"connector": schema.StringAttribute{
				Optional: true,
				Computed: true,
				MarkdownDescription: "Connector of the connected system, e.g. `JIM File Connector`: set it from the connected system, " +
					"`connector = syncops_jim_connected_system.hr.connector`. It is known at plan time even when the connected system is created in the same apply " +
					"(its id is not), so `run_type` and `partition_id` are checked against this connector at plan time. " +
					"The provider compares it with the connected system's real connector at plan time when the system exists, and again before the run profile is created or updated: " +
					"a different connector is an error. Left out, it is read from the connected system (as after an import).",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
				Validators:    []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"name": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "Name, 1 to 200 characters. Run profile names need not be unique in JIM.",
				Validators: []validator.String{
					stringvalidator.LengthBetween(1, 200),
					stringvalidator.RegexMatches(noOuterSpace, "must not start or end with whitespace"),
				},
			},
			"run_type": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "One of `FullImport`, `DeltaImport`, `FullSynchronisation`, `DeltaSynchronisation`, `Export`. " +
					"Checked at plan time against what the connector supports (for example the File connector has no `DeltaImport`): the connector of the connected system, " +
					"or `connector` when the connected system is created in the same apply. " +
					"JIM ignores the run type on update, so changing it replaces the run profile.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
				Validators:    []validator.String{stringvalidator.OneOf(RunTypes...)},
			},
			"page_size": schema.Int64Attribute{
				Optional:            true,
				Computed:            true,
				Default:             int64default.StaticInt64(100),
				MarkdownDescription: "Objects per page, 1 to 10000. Default 100.",
				Validators:          []validator.Int64{int64validator.Between(1, 10000)},
			},
			"partition_id": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: "Partition the run targets, for connectors with partitions (LDAP). JIM cannot clear a partition once set, " +
					"so removing it replaces the run profile.",
				Validators:    []validator.Int64{int64validator.AtLeast(1)},
				PlanModifiers: []planmodifier.Int64{int64planmodifier.RequiresReplaceIf(partitionCleared, "JIM cannot clear a run profile's partition", "JIM cannot clear a run profile's partition")},
			},
			"partition_name": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "Name of the partition (JIM returns the name, not the id).",
			},
			"file_path": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "File path for file-based connectors, up to 500 characters.",
				Validators:          []validator.String{stringvalidator.LengthBetween(1, 500)},
			},
			"verify_import_content_hashes": schema.BoolAttribute{
				Optional:            true,
				Computed:            true,
				Default:             booldefault.StaticBool(false),
				MarkdownDescription: "Verify content hashes on import. Only valid with `run_type = \"FullImport\"`. Default false.",
			},
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.Block(ctx, timeouts.Opts{Create: true, Read: true, Update: true, Delete: true}),
		},
	}
}
