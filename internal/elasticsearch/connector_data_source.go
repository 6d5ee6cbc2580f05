package elasticsearch

import (
	"context"
	"encoding/json"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/syncops/terraform-provider-syncops/internal/base"
	"github.com/syncops/terraform-provider-syncops/internal/transport"
)

// ConnectorDataSource is data.syncops_elasticsearch_connector.
type ConnectorDataSource struct {
	base.DataSource[*Client]
}

// NewConnectorDataSource is the data source factory.
func NewConnectorDataSource() datasource.DataSource {
	return &ConnectorDataSource{DataSource: base.NewDataSource[*Client](platform, "elasticsearch_connector")}
}

type connectorDataModel struct {
	ConnectorID         types.String         `tfsdk:"connector_id"`
	ID                  types.String         `tfsdk:"id"`
	Name                types.String         `tfsdk:"name"`
	Description         types.String         `tfsdk:"description"`
	IndexName           types.String         `tfsdk:"index_name"`
	ServiceType         types.String         `tfsdk:"service_type"`
	IsNative            types.Bool           `tfsdk:"is_native"`
	Language            types.String         `tfsdk:"language"`
	Status              types.String         `tfsdk:"status"`
	Error               types.String         `tfsdk:"error"`
	APIKeyID            types.String         `tfsdk:"api_key_id"`
	APIKeySecretID      types.String         `tfsdk:"api_key_secret_id"`
	Scheduling          types.Object         `tfsdk:"scheduling"`
	Pipeline            types.Object         `tfsdk:"pipeline"`
	ConfigurationValues jsontypes.Normalized `tfsdk:"configuration_values"`
	LastSyncStatus      types.String         `tfsdk:"last_sync_status"`
	LastSynced          types.String         `tfsdk:"last_synced"`
	LastSeen            types.String         `tfsdk:"last_seen"`
}

func connectorDataAttributes() map[string]schema.Attribute {
	str := func(d string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: d}
	}
	schedule := func(what string) schema.SingleNestedAttribute {
		return schema.SingleNestedAttribute{Computed: true, MarkdownDescription: "Schedule of " + what + ".", Attributes: map[string]schema.Attribute{
			"enabled":  schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the schedule is on."},
			"interval": schema.StringAttribute{Computed: true, MarkdownDescription: "Quartz cron expression."},
		}}
	}
	return map[string]schema.Attribute{
		"id":                str("The connector id."),
		"name":              str("Display name (`\"\"` when none was given)."),
		"description":       str("Description."),
		"index_name":        str("Attached index, null when none."),
		"service_type":      str("Service type, e.g. `google_drive`."),
		"is_native":         schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the connector is Elastic-managed."},
		"language":          str("Index language."),
		"status":            str("`created`, `needs_configuration`, `configured`, `connected` or `error`."),
		"error":             str("Last error reported by the connector service."),
		"api_key_id":        str("Id of the API key the connector uses."),
		"api_key_secret_id": str("Id of the connector secret holding the API key."),
		"scheduling": schema.SingleNestedAttribute{Computed: true, MarkdownDescription: "Sync schedules.", Attributes: map[string]schema.Attribute{
			"full": schedule("full syncs"), "incremental": schedule("incremental syncs"), "access_control": schedule("access control syncs"),
		}},
		"pipeline": schema.SingleNestedAttribute{Computed: true, MarkdownDescription: "Ingest pipeline settings, null when never set.", Attributes: map[string]schema.Attribute{
			"name":                   str("Pipeline name."),
			"extract_binary_content": schema.BoolAttribute{Computed: true, MarkdownDescription: "Extract text from binary documents."},
			"reduce_whitespace":      schema.BoolAttribute{Computed: true, MarkdownDescription: "Collapse whitespace."},
			"run_ml_inference":       schema.BoolAttribute{Computed: true, MarkdownDescription: "Run ML inference."},
		}},
		"configuration_values": schema.StringAttribute{CustomType: jsontypes.NormalizedType{}, Computed: true,
			MarkdownDescription: "JSON object of the configuration values; fields marked `sensitive` by the connector service are left out."},
		"last_sync_status": str("Status of the last content sync."),
		"last_synced":      str("When the last content sync finished."),
		"last_seen":        str("When the connector service last checked in."),
	}
}

func (d *ConnectorDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := connectorDataAttributes()
	attrs["connector_id"] = schema.StringAttribute{Required: true, MarkdownDescription: "Id of the connector to read.", Validators: connectorIDValidators()}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads one Elasticsearch content connector by id, including what the connector service reports (status, last sync).",
		Attributes:          attrs,
	}
}

func (d *ConnectorDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	base.Read(ctx, &d.DataSource, req, resp, d.read)
}

func (d *ConnectorDataSource) read(ctx context.Context, resp *datasource.ReadResponse, m connectorDataModel) {
	id := m.ConnectorID.ValueString()
	if !checkElasticsearch(ctx, d.Client, &resp.Diagnostics, "read Elasticsearch connector "+id) {
		return
	}
	c, err := d.Client.GetConnector(ctx, id)
	if err == nil && c.Deleted {
		err = &transport.APIError{Platform: "Elasticsearch", Method: "GET", Path: connectorPath(id), Status: 404, Message: "the connector is soft-deleted"}
	}
	if err != nil {
		next := "Check the connector id."
		if !transport.IsNotFound(err) {
			next = "Run the command again once the cluster answers."
		}
		resp.Diagnostics.AddError("Unable to read Elasticsearch connector "+id, d.Platform.ErrorDetail(err, next))
		return
	}
	resp.Diagnostics.Append(m.fromAPI(c)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

func (m *connectorDataModel) fromAPI(c *Connector) diag.Diagnostics {
	var diags diag.Diagnostics
	m.ID = types.StringValue(c.ID)
	m.ConnectorID = types.StringValue(c.ID)
	m.Name = types.StringPointerValue(c.Name)
	m.Description = types.StringPointerValue(c.Description)
	m.IndexName = types.StringPointerValue(c.IndexName)
	m.ServiceType = types.StringPointerValue(c.ServiceType)
	m.IsNative = types.BoolValue(c.IsNative)
	m.Language = types.StringPointerValue(c.Language)
	m.Status = types.StringValue(c.Status)
	m.Error = types.StringPointerValue(c.Error)
	m.APIKeyID = types.StringPointerValue(c.APIKeyID)
	m.APIKeySecretID = types.StringPointerValue(c.APIKeySecretID)
	m.LastSyncStatus = types.StringPointerValue(c.LastSyncStatus)
	m.LastSynced = types.StringPointerValue(c.LastSynced)
	m.LastSeen = types.StringPointerValue(c.LastSeen)
	sched, d := schedulingValue(c.Scheduling, types.ObjectNull(schedulingAttrTypes))
	diags.Append(d...)
	m.Scheduling = sched
	pipeline, d := pipelineValue(c.Pipeline)
	diags.Append(d...)
	m.Pipeline = pipeline
	values := map[string]json.RawMessage{}
	for k, e := range c.Configuration {
		if e.Sensitive {
			continue
		}
		if len(e.Value) == 0 {
			values[k] = json.RawMessage("null")
		} else {
			values[k] = e.Value
		}
	}
	b, _ := json.Marshal(values)
	m.ConfigurationValues = jsontypes.NewNormalizedValue(string(b))
	return diags
}

// checkElasticsearch asks GET / (once per provider process) whether the server is Elasticsearch,
// for the data sources, which have no plan-time check: a server of another product could
// otherwise answer the connector paths with something that reads as an empty result.
func checkElasticsearch(ctx context.Context, c *Client, d *diag.Diagnostics, what string) bool {
	if _, err := c.Info(ctx); err != nil {
		d.AddError("Unable to "+what, platform.ErrorDetail(err, "Check `endpoints` in the elasticsearch block (or ELASTICSEARCH_ENDPOINTS): it must be an Elasticsearch cluster."))
		return false
	}
	return true
}
