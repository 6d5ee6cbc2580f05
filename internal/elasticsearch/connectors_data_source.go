package elasticsearch

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/syncops/terraform-provider-syncops/internal/base"
)

// ConnectorsDataSource is data.syncops_elasticsearch_connectors.
type ConnectorsDataSource struct {
	base.DataSource[*Client]
}

// NewConnectorsDataSource is the data source factory.
func NewConnectorsDataSource() datasource.DataSource {
	return &ConnectorsDataSource{DataSource: base.NewDataSource[*Client](platform, "elasticsearch_connectors")}
}

type connectorsDataModel struct {
	IndexNames   []types.String       `tfsdk:"index_names"`
	ServiceTypes []types.String       `tfsdk:"service_types"`
	Query        types.String         `tfsdk:"query"`
	Connectors   []connectorDataModel `tfsdk:"connectors"`
}

func (d *ConnectorsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	item := connectorDataAttributes()
	item["connector_id"] = schema.StringAttribute{Computed: true, MarkdownDescription: "The connector id (same as `id`)."}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists Elasticsearch content connectors (`GET /_connector`), sorted by index name; filters are combined with AND. Soft-deleted connectors (9.x) are not listed.",
		Attributes: map[string]schema.Attribute{
			"index_names": schema.ListAttribute{
				ElementType: types.StringType, Optional: true,
				MarkdownDescription: "Only connectors attached to one of these indexes.",
				Validators:          []validator.List{listvalidator.ValueStringsAre(indexNameValidator{})},
			},
			"service_types": schema.ListAttribute{
				ElementType: types.StringType, Optional: true,
				MarkdownDescription: "Only connectors of one of these service types, e.g. `[\"google_drive\"]`.",
				Validators:          []validator.List{listvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1))},
			},
			"query": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only connectors whose index name, name or description matches Elasticsearch's wildcard `*<query>*` (case-sensitive; in the text, `*` and `?` match any characters and `\\` escapes the next one).",
			},
			"connectors": schema.ListNestedAttribute{
				Computed: true, MarkdownDescription: "The connectors found.",
				NestedObject: schema.NestedAttributeObject{Attributes: item},
			},
		},
	}
}

func (d *ConnectorsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	base.Read(ctx, &d.DataSource, req, resp, d.read)
}

func (d *ConnectorsDataSource) read(ctx context.Context, resp *datasource.ReadResponse, m connectorsDataModel) {
	if !checkElasticsearch(ctx, d.Client, &resp.Diagnostics, "list Elasticsearch connectors") {
		return
	}
	f := ListFilter{Query: m.Query.ValueString()}
	for _, v := range m.IndexNames {
		f.IndexNames = append(f.IndexNames, v.ValueString())
	}
	for _, v := range m.ServiceTypes {
		f.ServiceTypes = append(f.ServiceTypes, v.ValueString())
	}
	found, err := d.Client.ListConnectors(ctx, f)
	if err != nil {
		resp.Diagnostics.AddError("Unable to list Elasticsearch connectors", d.Platform.ErrorDetail(err, "Check the filters, then run the command again."))
		return
	}
	m.Connectors = make([]connectorDataModel, 0, len(found))
	for i := range found {
		var item connectorDataModel
		resp.Diagnostics.Append(item.fromAPI(&found[i])...)
		m.Connectors = append(m.Connectors, item)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}
