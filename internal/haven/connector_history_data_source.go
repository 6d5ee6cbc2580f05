package haven

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/syncops/terraform-provider-syncops/internal/base"
)

// ConnectorHistoryDataSource is syncops_haven_connector_history: a cloud connector's last runs.
type ConnectorHistoryDataSource struct {
	base.DataSource[*Client]
}

// NewConnectorHistoryDataSource builds the data source.
func NewConnectorHistoryDataSource() datasource.DataSource {
	return &ConnectorHistoryDataSource{DataSource: base.NewDataSource[*Client](platform, "haven_connector_history")}
}

type historyModel struct {
	ID         types.String `tfsdk:"id"`
	Name       types.String `tfsdk:"name"`
	MaxResults types.Int64  `tfsdk:"max_results"`
	Runs       []runModel   `tfsdk:"runs"`
}

type runModel struct {
	Token            types.String `tfsdk:"token"`
	Status           types.String `tfsdk:"status"`
	QueuedTime       types.String `tfsdk:"queued_time"`
	StartTime        types.String `tfsdk:"start_time"`
	ProcessStartTime types.String `tfsdk:"process_start_time"`
	ProcessEndTime   types.String `tfsdk:"process_end_time"`
	TimeInQueue      types.Int64  `tfsdk:"time_in_queue"`
	TimeProcessing   types.Int64  `tfsdk:"time_processing"`
	Error            types.String `tfsdk:"error"`
	Failed           types.String `tfsdk:"failed"`
	DocumentCounts   types.Map    `tfsdk:"document_counts"`
}

const defaultHistoryResults = 10

func (d *ConnectorHistoryDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	str := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: desc}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "The last runs of a Haven OnDemand cloud connector (`connectorhistory`), newest first. Onsite flavors have no history.",
		Attributes: map[string]schema.Attribute{
			"id": str("The connector name."),
			"name": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "Connector name.",
				Validators: []validator.String{
					stringvalidator.LengthBetween(1, 100),
					stringvalidator.RegexMatches(NamePattern, "must be "+NameRule),
				},
			},
			"max_results": schema.Int64Attribute{
				Optional:            true,
				MarkdownDescription: fmt.Sprintf("How many runs to return, newest first (1 to 1000, default %d).", defaultHistoryResults),
				Validators:          []validator.Int64{int64validator.Between(1, 1000)},
			},
			"runs": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "Runs, newest first. Times are as Haven OnDemand writes them (`DD/MM/YYYY HH:mm:ss +00:00`); durations are seconds.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"token":              str("Run token (opaque)."),
					"status":             str("Run status: `QUEUED`, `PROCESSING`, `FINISHED`, `ERROR`, `STOPPING` or `STOPPED`."),
					"queued_time":        str("When the run was queued."),
					"start_time":         str("When the run was requested."),
					"process_start_time": str("When processing started; null while queued."),
					"process_end_time":   str("When processing ended; null while running."),
					"time_in_queue":      schema.Int64Attribute{Computed: true, MarkdownDescription: "Seconds spent queued."},
					"time_processing":    schema.Int64Attribute{Computed: true, MarkdownDescription: "Seconds spent processing."},
					"error":              str("Error message of a failed run."),
					"failed":             str("Failure reason of a failed run."),
					"document_counts": schema.MapAttribute{Computed: true, ElementType: types.Int64Type,
						MarkdownDescription: "Document counts by kind (`added`, `deleted`, `errors`, `ingest_added`, `ingest_deleted`, `ingest_failed`)."},
				}},
			},
		},
	}
}

func int64OrNull(v *int64) types.Int64 {
	if v == nil {
		return types.Int64Null()
	}
	return types.Int64Value(*v)
}

func (d *ConnectorHistoryDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	base.Read(ctx, &d.DataSource, req, resp, d.read)
}

func (d *ConnectorHistoryDataSource) read(ctx context.Context, resp *datasource.ReadResponse, m historyModel) {
	name := m.Name.ValueString()
	limit := defaultHistoryResults
	if !m.MaxResults.IsNull() {
		limit = int(m.MaxResults.ValueInt64())
	}
	runs, err := d.Client.ConnectorHistory(ctx, name, limit)
	if err != nil {
		detail := err.Error()
		if IsNotFound(err) {
			detail = fmt.Sprintf("No connector named %s exists in this Haven OnDemand account.\n\n%s", name, detail)
		}
		resp.Diagnostics.AddError("Unable to read the history of Haven OnDemand connector "+name, detail)
		return
	}
	if len(runs) > limit {
		runs = runs[:limit]
	}
	m.ID = types.StringValue(name)
	m.Runs = make([]runModel, 0, len(runs))
	for _, r := range runs {
		counts, diags := types.MapValueFrom(ctx, types.Int64Type, r.DocumentCounts)
		resp.Diagnostics.Append(diags...)
		if r.DocumentCounts == nil {
			counts = types.MapNull(types.Int64Type)
		}
		m.Runs = append(m.Runs, runModel{
			Token:            stringOrNull(r.Token),
			Status:           stringOrNull(r.Status),
			QueuedTime:       stringOrNull(r.QueuedTime),
			StartTime:        stringOrNull(r.StartTime),
			ProcessStartTime: stringOrNull(r.ProcessStartTime),
			ProcessEndTime:   stringOrNull(r.ProcessEndTime),
			TimeInQueue:      int64OrNull(r.TimeInQueue),
			TimeProcessing:   int64OrNull(r.TimeProcessing),
			Error:            stringOrNull(r.Error),
			Failed:           stringOrNull(r.Failed),
			DocumentCounts:   counts,
		})
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
