package haven

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/syncops/terraform-provider-syncops/internal/base"
)

var _ list.ListResourceWithConfigure = (*ConnectorListResource)(nil)

// ConnectorListResource is the list resource of syncops_haven_connector (terraform query,
// Terraform 1.14+).
type ConnectorListResource struct {
	base.ListResource[*Client]
}

// NewConnectorListResource builds the list resource.
func NewConnectorListResource() list.ListResource {
	return &ConnectorListResource{ListResource: base.NewListResource[*Client](platform, "haven_connector")}
}

type connectorListConfig struct {
	Flavor types.String `tfsdk:"flavor"`
}

func (l *ConnectorListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = listschema.Schema{
		MarkdownDescription: "Lists the Haven OnDemand connectors of the account (`listresources`, one request: the API does not page), " +
			"each with its identity (`name`) and its name as display name. With `include_resource = true`, each connector is read as the resource reads it " +
			"(`retrieveconfig`, and `connectorstatus` for a cloud connector), so a configuration generated from the results plans no change; `credentials_wo` is write-only and never listed.",
		Attributes: map[string]listschema.Attribute{
			"flavor": listschema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only connectors of this flavor (exact match), one of " + backquoted(Flavors) + ". All flavors when omitted.",
				Validators:          []validator.String{stringvalidator.OneOf(Flavors...)},
			},
		},
	}
}

// listReadBatch is how many connectors are read at the same time for include_resource.
const listReadBatch = 8

func (l *ConnectorListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	ctx, cancel, ok := l.Begin(ctx, stream)
	if !ok {
		return
	}
	fail := func(diags diag.Diagnostics) {
		cancel()
		stream.Results = list.ListResultsStreamDiagnostics(diags)
	}
	var cfg connectorListConfig
	if diags := req.Config.Get(ctx, &cfg); diags.HasError() {
		fail(diags)
		return
	}
	conns, err := l.Client.ListConnectors(ctx, cfg.Flavor.ValueString())
	if err != nil {
		var diags diag.Diagnostics
		diags.AddError("Unable to list Haven OnDemand connectors", platform.ErrorDetail(err, ""))
		fail(diags)
		return
	}
	if req.Limit > 0 && int64(len(conns)) > req.Limit {
		conns = conns[:req.Limit]
	}
	nullTimeouts, diags := nullTimeoutsOf(ctx, req)
	if diags.HasError() {
		fail(diags)
		return
	}
	// The stream is read after List returns: the context ends when it has been.
	stream.Results = func(push func(list.ListResult) bool) {
		defer cancel()
		for start := 0; start < len(conns); start += listReadBatch {
			batch := conns[start:min(start+listReadBatch, len(conns))]
			results := make([]list.ListResult, len(batch))
			done := make(chan struct{}, len(batch))
			for i, lc := range batch {
				go func() {
					defer func() { done <- struct{}{} }()
					results[i] = l.result(ctx, req, lc.Name, nullTimeouts)
				}()
			}
			for range batch {
				<-done
			}
			for _, res := range results {
				if res.Identity == nil && !res.Diagnostics.HasError() {
					continue // deleted between the listing and its read
				}
				if !push(res) {
					return
				}
			}
		}
	}
}

// result is one connector's list result; with include_resource it is read by readConnector, the
// code of the resource's Read. Identity nil and no error: the connector is gone.
func (l *ConnectorListResource) result(ctx context.Context, req list.ListRequest, name string, nullTimeouts timeouts.Value) list.ListResult {
	res := req.NewListResult(ctx)
	res.DisplayName = name
	if req.IncludeResource {
		m := connectorModel{
			ID:                   types.StringValue(name),
			StopBeforeDelete:     types.BoolValue(true),
			CredentialsWO:        types.StringNull(),
			CredentialsWOVersion: types.Int64Null(),
			DownloadLink:         types.MapNull(types.StringType),
			Timeouts:             nullTimeouts,
		}
		found, diags := readConnector(ctx, l.Client, &m)
		res.Diagnostics.Append(diags...)
		if diags.HasError() {
			return res
		}
		if !found {
			return list.ListResult{}
		}
		res.Diagnostics.Append(res.Resource.Set(ctx, &m)...)
	}
	res.Diagnostics.Append(setIdentity(ctx, res.Identity, name)...)
	return res
}

// nullTimeoutsOf is a null timeouts block of the resource schema.
func nullTimeoutsOf(ctx context.Context, req list.ListRequest) (timeouts.Value, diag.Diagnostics) {
	t, diags := req.ResourceSchema.TypeAtPath(ctx, path.Root("timeouts"))
	if diags.HasError() {
		return timeouts.Value{}, diags
	}
	obj, ok := t.(attr.TypeWithAttributeTypes)
	if !ok {
		diags.AddError("Unable to list Haven OnDemand connectors", fmt.Sprintf("the timeouts block has type %T, not an object", t))
		return timeouts.Value{}, diags
	}
	return timeouts.Value{Object: types.ObjectNull(obj.AttributeTypes())}, diags
}
