package elasticsearch

import (
	"context"
	"fmt"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/syncops/terraform-provider-syncops/internal/base"
)

var _ list.ListResourceWithConfigure = &ConnectorListResource{}

// ConnectorListResource lists syncops_elasticsearch_connector for `terraform query` (Terraform 1.14+).
type ConnectorListResource struct {
	base.ListResource[*Client]
}

// NewConnectorListResource is the list resource factory.
func NewConnectorListResource() list.ListResource {
	return &ConnectorListResource{ListResource: base.NewListResource[*Client](platform, "elasticsearch_connector")}
}

type connectorListModel struct {
	ServiceType types.String `tfsdk:"service_type"`
	IndexName   types.String `tfsdk:"index_name"`
}

func (l *ConnectorListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = listschema.Schema{
		MarkdownDescription: "Lists the Elasticsearch content connectors (`GET /_connector`, every page), sorted by index name, for `terraform query`. " +
			"Filters are optional, exact matches, and combined with AND. Soft-deleted connectors (9.x) are not listed. " +
			"Each result has the connector's identity, its name as display name (its id when the name is empty) and, with `include_resource = true`, " +
			"the connector as `terraform import` would read it: configuration values are left out (add the keys to manage) and no secret is ever returned.",
		Attributes: map[string]listschema.Attribute{
			"service_type": listschema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only connectors of this service type (exact match), e.g. `google_drive`.",
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1), stringvalidator.RegexMatches(regexp.MustCompile(`^[^,]+$`), "must not contain `,` (Elasticsearch would read a list)")},
			},
			"index_name": listschema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only the connector attached to this index (exact match; an index has at most one connector).",
				Validators:          []validator.String{indexNameValidator{}},
			},
		},
	}
}

func (l *ConnectorListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	ctx, cancel, ok := l.Begin(ctx, stream)
	if !ok {
		return
	}
	var m connectorListModel
	if diags := req.Config.Get(ctx, &m); diags.HasError() {
		cancel()
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	f := ListFilter{}
	if v := m.ServiceType.ValueString(); v != "" {
		f.ServiceTypes = []string{v}
	}
	if v := m.IndexName.ValueString(); v != "" {
		f.IndexNames = []string{v}
	}
	stream.Results = func(push func(list.ListResult) bool) {
		defer cancel()
		var diags diag.Diagnostics
		if !checkElasticsearch(ctx, l.Client, &diags, "list Elasticsearch connectors") {
			push(list.ListResult{Diagnostics: diags})
			return
		}
		seen := map[string]bool{}
		pushed, stopped := int64(0), false
		full := func() bool { return req.Limit > 0 && pushed >= req.Limit }
		total, err := l.Client.EachConnectorPage(ctx, f, func(page []Connector) bool {
			for i := range page {
				c := &page[i]
				// A page may repeat a connector written while paging: each is listed once.
				if seen[c.ID] || c.Deleted {
					continue
				}
				seen[c.ID] = true
				if full() || !push(l.result(ctx, req, c)) {
					stopped = true
					return false
				}
				pushed++
			}
			// No page is asked for beyond what Terraform takes (its default limit is 100).
			stopped = full()
			return !stopped
		})
		switch {
		case err != nil:
			push(list.ListResult{Diagnostics: diag.Diagnostics{diag.NewErrorDiagnostic("Unable to list Elasticsearch connectors",
				l.Platform.ErrorDetail(err, "Check the filters, then run `terraform query` again."))}})
		case !stopped && len(seen) < total:
			push(list.ListResult{Diagnostics: diag.Diagnostics{diag.NewWarningDiagnostic("Not every Elasticsearch connector was listed",
				fmt.Sprintf("Elasticsearch counts %d connectors but lists at most 10,000 (from + size): %d were listed. Narrow the list with service_type or index_name.", total, len(seen)))}})
		}
	}
}

// result is one listed connector: its identity, its name, and with include_resource the
// connector mapped by Read's own code (fromAPI) from the state an import starts with.
func (l *ConnectorListResource) result(ctx context.Context, req list.ListRequest, c *Connector) list.ListResult {
	r := req.NewListResult(ctx)
	r.DisplayName = c.ID
	if c.Name != nil && *c.Name != "" {
		r.DisplayName = *c.Name
	}
	r.Diagnostics.Append(setIdentity(ctx, r.Identity, c.ID)...)
	if !req.IncludeResource {
		return r
	}
	m := importedModel(c.ID)
	r.Diagnostics.Append(m.fromAPI(c)...)
	r.Diagnostics.Append(r.Resource.Set(ctx, m)...)
	return r
}

// importedModel is the state ImportState leaves for Read: the ids and the delete options at
// their defaults, everything else null.
func importedModel(id string) connectorModel {
	return connectorModel{
		ID:                            types.StringValue(id),
		ConnectorID:                   types.StringValue(id),
		ConfigurationValues:           jsontypes.NewNormalizedNull(),
		ConfigurationSecretsWO:        jsontypes.NewNormalizedNull(),
		ConfigurationSecretsWOVersion: types.Int64Null(),
		DeleteSyncJobs:                types.BoolValue(false),
		HardDelete:                    types.BoolValue(false),
		Timeouts: timeouts.Value{Object: types.ObjectNull(map[string]attr.Type{
			"create": types.StringType, "read": types.StringType, "update": types.StringType, "delete": types.StringType,
		})},
	}
}
