package polytomic

import (
	"context"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/syncops/terraform-provider-syncops/internal/base"
)

// NewConnectionListResource lists syncops_polytomic_connection for `terraform query`
// (Terraform 1.14+): every connection the credentials see, optionally filtered.
func NewConnectionListResource() list.ListResource {
	return &connectionListResource{ListResource: base.NewListResource[*Client](platform, "polytomic_connection")}
}

type connectionListResource struct {
	base.ListResource[*Client]
}

var _ list.ListResourceWithConfigure = &connectionListResource{}

type connectionListModel struct {
	Type types.String `tfsdk:"type"`
	Name types.String `tfsdk:"name"`
}

func (l *connectionListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = listschema.Schema{
		MarkdownDescription: "Finds Polytomic connections (`GET /api/connections`, every connection of the organization " +
			"the credentials act in) for `terraform query`. Each result has the connection's identity, its name as display " +
			"name and, with `include_resource = true`, the resource as a refresh would read it. Secret configuration values " +
			"are never returned by Polytomic and never appear in results: `sensitive_configuration_wo` is left for you to set.",
		Attributes: map[string]listschema.Attribute{
			"type": listschema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only connections of this type id, e.g. `postgresql` (exact match).",
			},
			"name": listschema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only connections with exactly this name (exact, case-sensitive match).",
			},
		},
	}
}

func (l *connectionListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var filter connectionListModel
	if diags := req.Config.Get(ctx, &filter); diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	ctx, cancel, ok := l.Begin(ctx, stream)
	if !ok {
		return
	}
	// Everything is read and mapped before List returns, within the context's deadline; the
	// stream only hands the results over.
	defer cancel()
	all, err := l.Client.ListConnections(ctx)
	if err != nil {
		var diags diag.Diagnostics
		diags.AddError("Unable to list Polytomic connections", platform.ErrorDetail(err, "Check the Polytomic URL and credentials, then run the query again."))
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	var results []list.ListResult
	for i := range all {
		c := &all[i]
		if !filter.Type.IsNull() && c.Type.ID != filter.Type.ValueString() ||
			!filter.Name.IsNull() && c.Name != filter.Name.ValueString() {
			continue
		}
		if req.Limit > 0 && int64(len(results)) >= req.Limit {
			break
		}
		result := req.NewListResult(ctx)
		result.DisplayName = c.Name
		setIdentity(ctx, result.Identity, c.ID, &result.Diagnostics)
		if req.IncludeResource {
			m := newListedModel()
			result.Diagnostics.Append(mapConnection(ctx, l.Client, c, &m)...)
			result.Diagnostics.Append(result.Resource.Set(ctx, &m)...)
		}
		results = append(results, result)
	}
	stream.Results = slices.Values(results)
}
