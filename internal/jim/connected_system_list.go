package jim

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/syncops/terraform-provider-syncops/internal/base"
	"github.com/syncops/terraform-provider-syncops/internal/transport"
)

var _ list.ListResourceWithConfigure = (*ConnectedSystemListResource)(nil)

// NewConnectedSystemListResource is the factory of the syncops_jim_connected_system list resource.
func NewConnectedSystemListResource() list.ListResource {
	return &ConnectedSystemListResource{ListResource: base.NewListResource[*Client](platform, "jim_connected_system")}
}

// ConnectedSystemListResource lists JIM connected systems (terraform query, Terraform 1.14+).
type ConnectedSystemListResource struct {
	base.ListResource[*Client]
}

type connectedSystemListModel struct {
	Connector types.String `tfsdk:"connector"`
	Name      types.String `tfsdk:"name"`
}

func (l *ConnectedSystemListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = listschema.Schema{
		MarkdownDescription: "Lists JIM connected systems, every page of JIM's list. Each result has the system's identity and its name; " +
			"with `include_resource` (as `terraform query -generate-config-out` asks) the whole resource, read as a refresh reads it: " +
			"the settings that differ from the connector's defaults, never a secret setting.",
		Attributes: map[string]listschema.Attribute{
			"connector": listschema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only systems of this connector definition, by its exact name (case-sensitive), e.g. `JIM LDAP Connector`.",
			},
			"name": listschema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only systems with exactly this name (case-sensitive; JIM names need not be unique).",
			},
		},
	}
}

func (l *ConnectedSystemListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	ctx, cancel, ok := l.Begin(ctx, stream)
	if !ok {
		return
	}
	var filter connectedSystemListModel
	if diags := req.Config.Get(ctx, &filter); diags.HasError() {
		cancel()
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	stream.Results = func(push func(list.ListResult) bool) {
		defer cancel()
		headers, err := l.Client.listSystems(ctx, filter.Connector.ValueString(), filter.Name.ValueString())
		if err != nil {
			var diags diag.Diagnostics
			diags.AddError("Unable to list JIM connected systems", platform.ErrorDetail(err, ""))
			push(list.ListResult{Diagnostics: diags})
			return
		}
		for i, h := range headers {
			if req.Limit > 0 && int64(i) >= req.Limit {
				return
			}
			result := req.NewListResult(ctx)
			result.DisplayName = h.Name
			result.Diagnostics.Append(setSystemIdentity(ctx, result.Identity, h.ID)...)
			if req.IncludeResource {
				m := newConnectedSystemModel()
				_, err := l.Client.readSystem(ctx, h.ID, &m, settingsSeen{})
				if transport.IsNotFound(err) {
					continue // deleted since the list was taken
				}
				if err != nil {
					result.Diagnostics.AddError(fmt.Sprintf("Unable to read JIM connected system %d", h.ID), platform.ErrorDetail(err, ""))
				} else {
					result.Diagnostics.Append(result.Resource.Set(ctx, &m)...)
				}
			}
			if !push(result) {
				return
			}
		}
	}
}

// listSystems lists the systems of a connector (by name) and with a name, "" for any, matched
// exactly: JIM's own filter, one of them at most, is case-insensitive and ignored when malformed.
func (c *Client) listSystems(ctx context.Context, connector, name string) ([]ConnectedSystemHeader, error) {
	filter := nameFilter("name", name)
	if filter == "" {
		filter = nameFilter("connectorName", connector)
	}
	all, err := c.ListConnectedSystems(ctx, filter)
	if err != nil {
		return nil, err
	}
	out := all[:0]
	for _, h := range all {
		if (connector == "" || h.ConnectorName == connector) && (name == "" || h.Name == name) {
			out = append(out, h)
		}
	}
	return out, nil
}

// newConnectedSystemModel is an empty model whose every attribute is null, as state after an import.
func newConnectedSystemModel() connectedSystemModel {
	return connectedSystemModel{
		Settings:         types.MapNull(types.StringType),
		SecretSettingsWO: types.MapNull(types.StringType),
		Timeouts: timeouts.Value{Object: types.ObjectNull(map[string]attr.Type{
			"create": types.StringType, "read": types.StringType, "update": types.StringType, "delete": types.StringType,
		})},
	}
}
