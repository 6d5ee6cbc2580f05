package haven

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/syncops/terraform-provider-syncops/internal/base"
)

// ConnectorDataSource is the syncops_haven_connector data source: one connector by name.
type ConnectorDataSource struct {
	base.DataSource[*Client]
}

// NewConnectorDataSource builds the data source.
func NewConnectorDataSource() datasource.DataSource {
	return &ConnectorDataSource{DataSource: base.NewDataSource[*Client](platform, "haven_connector")}
}

type connectorDataModel struct {
	ID                types.String         `tfsdk:"id"`
	Name              types.String         `tfsdk:"name"`
	Flavor            types.String         `tfsdk:"flavor"`
	Config            jsontypes.Normalized `tfsdk:"config"`
	Destination       jsontypes.Normalized `tfsdk:"destination"`
	Schedule          jsontypes.Normalized `tfsdk:"schedule"`
	CredentialsPolicy jsontypes.Normalized `tfsdk:"credentials_policy"`
	Description       types.String         `tfsdk:"description"`
	Status            types.String         `tfsdk:"status"`
	LastRunToken      types.String         `tfsdk:"last_run_token"`
	NextRunTime       types.String         `tfsdk:"next_run_time"`
	LastRunTime       types.String         `tfsdk:"last_run_time"`
}

func (d *ConnectorDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads a Haven OnDemand connector by name: its configuration (`retrieveconfig`), and for cloud flavors its status and schedule (`connectorstatus`). Credentials are never read.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{Computed: true, MarkdownDescription: "The connector name."},
			"name": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "Connector name: " + NameRule + ".",
				Validators: []validator.String{
					stringvalidator.LengthBetween(1, 100),
					stringvalidator.RegexMatches(NamePattern, "must be "+NameRule),
				},
			},
			"flavor":             schema.StringAttribute{Computed: true, MarkdownDescription: "Connector flavor, e.g. `web_cloud`."},
			"config":             schema.StringAttribute{Computed: true, CustomType: jsontypes.NormalizedType{}, MarkdownDescription: "Flavor-specific configuration (JSON)."},
			"destination":        schema.StringAttribute{Computed: true, CustomType: jsontypes.NormalizedType{}, MarkdownDescription: "Destination (JSON)."},
			"schedule":           schema.StringAttribute{Computed: true, CustomType: jsontypes.NormalizedType{}, MarkdownDescription: "Schedule (JSON); null when the connector has none."},
			"credentials_policy": schema.StringAttribute{Computed: true, CustomType: jsontypes.NormalizedType{}, MarkdownDescription: "Credentials policy (JSON); null when the connector has none."},
			"description":        schema.StringAttribute{Computed: true, MarkdownDescription: "Description; null when empty."},
			"status": schema.StringAttribute{Computed: true, MarkdownDescription: "Status: `IDLE`, `QUEUED`, `PROCESSING`, `FINISHED`, `ERROR`, `STOPPING` or `STOPPED`. " +
				"Null for onsite flavors."},
			"last_run_token": schema.StringAttribute{Computed: true, MarkdownDescription: "Token of the latest run (the key of `syncops_haven_connector_history` entries); null when it never ran."},
			"next_run_time":  schema.StringAttribute{Computed: true, MarkdownDescription: "Next scheduled run, as Haven OnDemand writes it (`DD/MM/YYYY HH:mm:ss +00:00`); null without a schedule or for onsite flavors."},
			"last_run_time":  schema.StringAttribute{Computed: true, MarkdownDescription: "Last time the schedule ran the connector, same format; null until it has (runs started with startconnector or `syncops_haven_connector_run` do not count) and for onsite flavors."},
		},
	}
}

func stringOrNull(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}

func (d *ConnectorDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	base.Read(ctx, &d.DataSource, req, resp, d.read)
}

func (d *ConnectorDataSource) read(ctx context.Context, resp *datasource.ReadResponse, m connectorDataModel) {
	name := m.Name.ValueString()
	summary := "Unable to read Haven OnDemand connector " + name
	cfg, err := d.Client.RetrieveConfig(ctx, name)
	if IsNotFound(err) {
		resp.Diagnostics.AddError(summary, fmt.Sprintf("No connector named %s exists in this Haven OnDemand account.", name))
		return
	}
	if err != nil {
		resp.Diagnostics.AddError(summary, err.Error())
		return
	}
	m.ID = types.StringValue(cfg.Name)
	m.Flavor = types.StringValue(cfg.Flavor)
	b := blocksOf(cfg)
	m.Config, m.Destination, m.Schedule, m.CredentialsPolicy, m.Description = b.config, b.destination, b.schedule, b.credentialsPolicy, b.description
	m.Status, m.LastRunToken, m.NextRunTime, m.LastRunTime = types.StringNull(), types.StringNull(), types.StringNull(), types.StringNull()
	if !IsOnsite(cfg.Flavor) {
		st, err := d.Client.ConnectorStatus(ctx, name)
		if err != nil {
			resp.Diagnostics.AddError(summary, err.Error())
			return
		}
		m.Status = types.StringValue(st.Status)
		m.LastRunToken = stringOrNull(st.Token)
		if st.Schedule != nil {
			m.NextRunTime = stringOrNull(st.Schedule.NextRunTime)
			m.LastRunTime = stringOrNull(st.Schedule.LastRunTime)
		}
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
