package polytomic

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/syncops/terraform-provider-syncops/internal/base"
)

// NewConnectionDataSource is the syncops_polytomic_connection data source.
func NewConnectionDataSource() datasource.DataSource {
	return &connectionDataSource{DataSource: base.NewDataSource[*Client](platform, "polytomic_connection")}
}

type connectionDataSource struct {
	base.DataSource[*Client]
}

var _ datasource.DataSourceWithConfigValidators = &connectionDataSource{}

type connectionDataModel struct {
	ID             types.String         `tfsdk:"id"`
	Name           types.String         `tfsdk:"name"`
	Type           types.String         `tfsdk:"type"`
	Configuration  jsontypes.Normalized `tfsdk:"configuration"`
	SensitiveKeys  types.List           `tfsdk:"sensitive_keys"`
	OrganizationID types.String         `tfsdk:"organization_id"`
	Policies       types.List           `tfsdk:"policies"`
	Status         types.String         `tfsdk:"status"`
	StatusError    types.String         `tfsdk:"status_error"`
	CreatedAt      types.String         `tfsdk:"created_at"`
	UpdatedAt      types.String         `tfsdk:"updated_at"`
}

func (d *connectionDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Looks up one Polytomic connection by `id` or by `name` (an error when several connections " +
			"share the name). Secret configuration values are never exposed: `sensitive_keys` names them.",
		Attributes: map[string]schema.Attribute{
			"id":   schema.StringAttribute{Optional: true, Computed: true, MarkdownDescription: "Connection UUID. Exactly one of `id` or `name`."},
			"name": schema.StringAttribute{Optional: true, Computed: true, MarkdownDescription: "Connection name. Exactly one of `id` or `name`."},
			"type": schema.StringAttribute{Computed: true, MarkdownDescription: "Connection type id, e.g. `postgresql`."},
			"configuration": schema.StringAttribute{
				Computed: true, CustomType: jsontypes.NormalizedType{},
				MarkdownDescription: "Non-secret configuration as a JSON object (use `jsondecode`), as Polytomic returns it: every field of the type, unset ones with their default or an empty value.",
			},
			"sensitive_keys": schema.ListAttribute{
				Computed: true, ElementType: types.StringType,
				MarkdownDescription: "Configuration keys that hold a secret (masked by Polytomic, or secrets by their name; their values are never in this data source); nested ones as paths, e.g. `auth.basic.password` or `auth.query[0].value`. Empty secret fields are not listed.",
			},
			"organization_id": schema.StringAttribute{Computed: true, MarkdownDescription: "Organization UUID."},
			"policies":        schema.ListAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: "Policy UUIDs."},
			"status":          schema.StringAttribute{Computed: true, MarkdownDescription: "Connection health, e.g. `healthy`."},
			"status_error":    schema.StringAttribute{Computed: true, MarkdownDescription: "Last health-check error, empty when healthy."},
			"created_at":      schema.StringAttribute{Computed: true, MarkdownDescription: "Creation time (RFC 3339)."},
			"updated_at":      schema.StringAttribute{Computed: true, MarkdownDescription: "Last update time (RFC 3339)."},
		},
	}
}

func (d *connectionDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{
		datasourcevalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("name")),
	}
}

func (d *connectionDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	base.Read(ctx, &d.DataSource, req, resp, d.read)
}

func (d *connectionDataSource) read(ctx context.Context, resp *datasource.ReadResponse, m connectionDataModel) {
	var conn *Connection
	if !m.ID.IsNull() {
		got, err := d.Client.GetConnection(ctx, m.ID.ValueString())
		if err != nil {
			resp.Diagnostics.AddError("Unable to read Polytomic connection "+m.ID.ValueString(), platform.ErrorDetail(err, "Check the id."))
			return
		}
		conn = got
	} else {
		name := m.Name.ValueString()
		found, err := d.Client.FindConnectionsByName(ctx, name)
		if err != nil {
			resp.Diagnostics.AddError("Unable to list Polytomic connections", platform.ErrorDetail(err, ""))
			return
		}
		switch len(found) {
		case 0:
			resp.Diagnostics.AddAttributeError(path.Root("name"), fmt.Sprintf("No Polytomic connection named %q", name), "Check the name (it is case-sensitive).")
			return
		case 1:
			conn = &found[0]
		default:
			ids := make([]string, len(found))
			for i, c := range found {
				ids[i] = c.ID
			}
			resp.Diagnostics.AddAttributeError(path.Root("name"), fmt.Sprintf("%d Polytomic connections are named %q", len(found), name),
				"Look the connection up by id instead; the matching ids are: "+strings.Join(ids, ", "))
			return
		}
	}
	schema, err := d.Client.ConnectionTypeSchema(ctx, conn.Type.ID)
	if err != nil {
		schema = nil
	}
	b, err := json.Marshal(PublicConfiguration(conn.Configuration, schema))
	if err != nil {
		resp.Diagnostics.AddError("Unable to encode the configuration of Polytomic connection "+conn.ID, err.Error())
		return
	}
	m.ID = types.StringValue(conn.ID)
	m.Name = types.StringValue(conn.Name)
	m.Type = types.StringValue(conn.Type.ID)
	m.Configuration = jsontypes.NewNormalizedValue(string(b))
	sensitiveKeys, diags := types.ListValueFrom(ctx, types.StringType, nonNilStrings(SensitiveKeys(conn.Configuration, schema)))
	resp.Diagnostics.Append(diags...)
	m.SensitiveKeys = sensitiveKeys
	m.OrganizationID = types.StringValue(conn.OrganizationID)
	m.Policies, diags = types.ListValueFrom(ctx, types.StringType, nonNilStrings(conn.Policies))
	resp.Diagnostics.Append(diags...)
	m.Status = types.StringValue(conn.Status)
	m.StatusError = types.StringValue(conn.StatusError)
	m.CreatedAt = types.StringValue(conn.CreatedAt)
	m.UpdatedAt = types.StringValue(conn.UpdatedAt)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func nonNilStrings(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
