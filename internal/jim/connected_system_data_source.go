package jim

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/syncops/terraform-provider-syncops/internal/base"
	"github.com/syncops/terraform-provider-syncops/internal/transport"
)

// NewConnectedSystemDataSource is the factory of the syncops_jim_connected_system data source.
func NewConnectedSystemDataSource() datasource.DataSource {
	return &connectedSystemDataSource{DataSource: base.NewDataSource[*Client](platform, "jim_connected_system")}
}

type connectedSystemDataSource struct {
	base.DataSource[*Client]
}

type connectedSystemDataModel struct {
	ID                          types.String `tfsdk:"id"`
	Name                        types.String `tfsdk:"name"`
	Description                 types.String `tfsdk:"description"`
	Connector                   types.String `tfsdk:"connector"`
	ConnectorID                 types.Int64  `tfsdk:"connector_id"`
	Status                      types.String `tfsdk:"status"`
	Created                     types.String `tfsdk:"created"`
	SettingValuesValid          types.Bool   `tfsdk:"setting_values_valid"`
	ObjectCount                 types.Int64  `tfsdk:"object_count"`
	PendingExportCount          types.Int64  `tfsdk:"pending_export_count"`
	MaxExportParallelism        types.Int64  `tfsdk:"max_export_parallelism"`
	RequireSecureTransport      types.Bool   `tfsdk:"require_secure_transport"`
	UnresolvedReferenceHandling types.String `tfsdk:"unresolved_reference_handling"`
}

func (d *connectedSystemDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A JIM connected system by `id` or `name`. A name shared by several systems is an error that lists their ids.",
		Attributes: map[string]schema.Attribute{
			"id":                            schema.StringAttribute{Optional: true, Computed: true, MarkdownDescription: "Connected system id. Give `id` or `name`."},
			"name":                          schema.StringAttribute{Optional: true, Computed: true, MarkdownDescription: "Connected system name (exact). Give `id` or `name`."},
			"description":                   schema.StringAttribute{Computed: true, MarkdownDescription: "Description."},
			"connector":                     schema.StringAttribute{Computed: true, MarkdownDescription: "Connector definition name."},
			"connector_id":                  schema.Int64Attribute{Computed: true, MarkdownDescription: "Connector definition id."},
			"status":                        schema.StringAttribute{Computed: true, MarkdownDescription: "`Active`, `Disabled` or `Deleting`."},
			"created":                       schema.StringAttribute{Computed: true, MarkdownDescription: "Creation time."},
			"setting_values_valid":          schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether JIM considers the settings valid."},
			"object_count":                  schema.Int64Attribute{Computed: true, MarkdownDescription: "Connector-space objects."},
			"pending_export_count":          schema.Int64Attribute{Computed: true, MarkdownDescription: "Pending exports."},
			"max_export_parallelism":        schema.Int64Attribute{Computed: true, MarkdownDescription: "Export parallelism, or null."},
			"require_secure_transport":      schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether password operations require a secure connection."},
			"unresolved_reference_handling": schema.StringAttribute{Computed: true, MarkdownDescription: "`Error`, `Warn` or `Ignore`."},
		},
	}
}

func (d *connectedSystemDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{datasourcevalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("name"))}
}

func (d *connectedSystemDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	base.Read(ctx, &d.DataSource, req, resp, d.read)
}

func (d *connectedSystemDataSource) read(ctx context.Context, resp *datasource.ReadResponse, m connectedSystemDataModel) {
	var id int64
	if !m.ID.IsNull() {
		var err error
		if id, err = parseID(m.ID.ValueString()); err != nil {
			resp.Diagnostics.AddAttributeError(path.Root("id"), "Invalid id", err.Error())
			return
		}
	} else {
		var err error
		if id, err = d.Client.ConnectedSystemIDByName(ctx, m.Name.ValueString()); err != nil {
			summary := "Unable to find the JIM connected system"
			var amb *AmbiguousNameError
			if errors.As(err, &amb) {
				summary = "Several JIM connected systems share this name"
			}
			resp.Diagnostics.AddAttributeError(path.Root("name"), summary, platform.ErrorDetail(err, ""))
			return
		}
	}
	cs, err := d.Client.GetConnectedSystem(ctx, id)
	if err != nil {
		summary := fmt.Sprintf("Unable to read JIM connected system %d", id)
		if transport.IsNotFound(err) {
			summary = fmt.Sprintf("JIM connected system %d not found", id)
		}
		resp.Diagnostics.AddError(summary, platform.ErrorDetail(err, ""))
		return
	}
	m.ID = types.StringValue(strconv.FormatInt(cs.ID, 10))
	m.Name = types.StringValue(cs.Name)
	m.Description = types.StringPointerValue(cs.Description)
	m.Connector = types.StringValue(cs.Connector.Name)
	m.ConnectorID = types.Int64Value(cs.Connector.ID)
	m.Status = types.StringValue(cs.Status)
	m.Created = types.StringValue(cs.Created)
	m.SettingValuesValid = types.BoolValue(cs.SettingValuesValid)
	m.ObjectCount = types.Int64Value(cs.ObjectCount)
	m.PendingExportCount = types.Int64Value(cs.PendingExportCount)
	m.MaxExportParallelism = types.Int64PointerValue(cs.MaxExportParallelism)
	m.RequireSecureTransport = types.BoolValue(cs.RequireSecureTransport)
	m.UnresolvedReferenceHandling = types.StringValue(cs.UnresolvedReferenceHandling)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
