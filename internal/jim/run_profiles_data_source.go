package jim

import (
	"context"
	"fmt"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/syncops/terraform-provider-syncops/internal/base"
)

// NewRunProfilesDataSource is the factory of syncops_jim_run_profiles.
func NewRunProfilesDataSource() datasource.DataSource {
	return &runProfilesDataSource{DataSource: base.NewDataSource[*Client](platform, "jim_run_profiles")}
}

type runProfilesDataSource struct {
	base.DataSource[*Client]
}

type runProfileItemModel struct {
	ID                        types.String `tfsdk:"id"`
	Name                      types.String `tfsdk:"name"`
	RunType                   types.String `tfsdk:"run_type"`
	PageSize                  types.Int64  `tfsdk:"page_size"`
	PartitionName             types.String `tfsdk:"partition_name"`
	FilePath                  types.String `tfsdk:"file_path"`
	VerifyImportContentHashes types.Bool   `tfsdk:"verify_import_content_hashes"`
}

type runProfilesModel struct {
	ConnectedSystemID types.String          `tfsdk:"connected_system_id"`
	RunProfiles       []runProfileItemModel `tfsdk:"run_profiles"`
}

func (d *runProfilesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The run profiles of a JIM connected system.",
		Attributes: map[string]schema.Attribute{
			"connected_system_id": schema.StringAttribute{Required: true, MarkdownDescription: "Connected system id."},
			"run_profiles": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "Run profiles, in JIM's order.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":                           schema.StringAttribute{Computed: true, MarkdownDescription: "Run profile id."},
					"name":                         schema.StringAttribute{Computed: true, MarkdownDescription: "Name."},
					"run_type":                     schema.StringAttribute{Computed: true, MarkdownDescription: "Run type."},
					"page_size":                    schema.Int64Attribute{Computed: true, MarkdownDescription: "Page size."},
					"partition_name":               schema.StringAttribute{Computed: true, MarkdownDescription: "Partition name, or null."},
					"file_path":                    schema.StringAttribute{Computed: true, MarkdownDescription: "File path, or null."},
					"verify_import_content_hashes": schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether content hashes are verified."},
				}},
			},
		},
	}
}

func (d *runProfilesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	base.Read(ctx, &d.DataSource, req, resp, d.read)
}

func (d *runProfilesDataSource) read(ctx context.Context, resp *datasource.ReadResponse, m runProfilesModel) {
	csID, err := parseID(m.ConnectedSystemID.ValueString())
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("connected_system_id"), "Invalid connected system id", err.Error())
		return
	}
	list, err := d.Client.RunProfiles(ctx, csID)
	if err != nil {
		resp.Diagnostics.AddError(fmt.Sprintf("Unable to list the run profiles of JIM connected system %d", csID), platform.ErrorDetail(err, ""))
		return
	}
	m.RunProfiles = []runProfileItemModel{}
	for _, rp := range list {
		item := runProfileItemModel{
			ID: types.StringValue(strconv.FormatInt(rp.ID, 10)), Name: types.StringValue(rp.Name), RunType: types.StringValue(rp.RunType),
			PageSize: types.Int64Value(rp.PageSize), PartitionName: types.StringPointerValue(rp.PartitionName),
			FilePath: types.StringPointerValue(rp.FilePath), VerifyImportContentHashes: types.BoolValue(rp.VerifyImportContentHashes),
		}
		m.RunProfiles = append(m.RunProfiles, item)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
