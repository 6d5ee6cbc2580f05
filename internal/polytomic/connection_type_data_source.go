package polytomic

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/syncops/terraform-provider-syncops/internal/base"
	"github.com/syncops/terraform-provider-syncops/internal/transport"
)

// NewConnectionTypeDataSource is the syncops_polytomic_connection_type data source.
func NewConnectionTypeDataSource() datasource.DataSource {
	return &connectionTypeDataSource{DataSource: base.NewDataSource[*Client](platform, "polytomic_connection_type")}
}

type connectionTypeDataSource struct {
	base.DataSource[*Client]
}

type connectionTypeModel struct {
	ID           types.String `tfsdk:"id"`
	Name         types.String `tfsdk:"name"`
	Capabilities types.Object `tfsdk:"capabilities"`
	UseOAuth     types.Bool   `tfsdk:"use_oauth"`
	Fields       types.List   `tfsdk:"fields"`
}

var capabilityAttrTypes = map[string]attr.Type{
	"source": types.BoolType, "destination": types.BoolType, "enrichment": types.BoolType, "orchestration": types.BoolType,
}

var fieldAttrTypes = map[string]attr.Type{
	"name": types.StringType, "title": types.StringType, "description": types.StringType, "type": types.StringType,
	"required": types.BoolType, "sensitive": types.BoolType, "read_only": types.BoolType,
}

func (d *connectionTypeDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Describes a Polytomic connection type: its name, what it can be used for and its " +
			"configuration fields, with which are required and which are sensitive (those go in " +
			"`sensitive_configuration_wo` of `syncops_polytomic_connection`).",
		Attributes: map[string]schema.Attribute{
			"id":   schema.StringAttribute{Required: true, MarkdownDescription: "Connection type id, e.g. `postgresql`."},
			"name": schema.StringAttribute{Computed: true, MarkdownDescription: "Display name, e.g. `PostgreSQL`."},
			"capabilities": schema.SingleNestedAttribute{
				Computed: true, MarkdownDescription: "What the type can be used for, as Polytomic's type list says.",
				Attributes: map[string]schema.Attribute{
					"source":        schema.BoolAttribute{Computed: true, MarkdownDescription: "A source of syncs."},
					"destination":   schema.BoolAttribute{Computed: true, MarkdownDescription: "A destination of syncs."},
					"enrichment":    schema.BoolAttribute{Computed: true, MarkdownDescription: "An enrichment provider."},
					"orchestration": schema.BoolAttribute{Computed: true, MarkdownDescription: "An orchestration target."},
				},
			},
			"use_oauth": schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the type authenticates with OAuth."},
			"fields": schema.ListNestedAttribute{
				Computed: true, MarkdownDescription: "Top-level configuration fields, sorted by name.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"name":        schema.StringAttribute{Computed: true, MarkdownDescription: "Configuration key."},
					"title":       schema.StringAttribute{Computed: true, MarkdownDescription: "Human-readable title."},
					"description": schema.StringAttribute{Computed: true, MarkdownDescription: "Description, when the schema has one."},
					"type":        schema.StringAttribute{Computed: true, MarkdownDescription: "JSON type: `string`, `integer`, `boolean`, `object`, `array`, ..."},
					"required":    schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the field is required."},
					"sensitive":   schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the field is a secret (redacted by Polytomic; goes in `sensitive_configuration_wo`)."},
					"read_only":   schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether Polytomic sets the field itself."},
				}},
			},
		},
	}
}

func (d *connectionTypeDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	base.Read(ctx, &d.DataSource, req, resp, d.read)
}

func (d *connectionTypeDataSource) read(ctx context.Context, resp *datasource.ReadResponse, m connectionTypeModel) {
	id := m.ID.ValueString()
	all, err := d.Client.ConnectionTypes(ctx)
	if err != nil {
		resp.Diagnostics.AddError("Unable to list Polytomic connection types", platform.ErrorDetail(err, ""))
		return
	}
	var found *ConnectionType
	ids := make([]string, 0, len(all))
	for i := range all {
		ids = append(ids, all[i].ID)
		if all[i].ID == id {
			found = &all[i]
		}
	}
	if found == nil {
		resp.Diagnostics.AddAttributeError(path.Root("id"), fmt.Sprintf("Unknown Polytomic connection type %q", id),
			"Known types: "+strings.Join(ids, ", "))
		return
	}
	s, err := d.Client.ConnectionTypeSchema(ctx, id)
	if err != nil {
		summary := "Unable to read the schema of Polytomic connection type " + id
		if transport.IsNotFound(err) {
			summary = "Polytomic connection type " + id + " has no schema"
		}
		resp.Diagnostics.AddError(summary, platform.ErrorDetail(err, ""))
		return
	}
	fields := make([]attr.Value, 0)
	for _, f := range s.Fields() {
		fields = append(fields, types.ObjectValueMust(fieldAttrTypes, map[string]attr.Value{
			"name": types.StringValue(f.Name), "title": types.StringValue(f.Title), "description": types.StringValue(f.Description),
			"type": types.StringValue(f.Type), "required": types.BoolValue(f.Required), "sensitive": types.BoolValue(f.Sensitive),
			"read_only": types.BoolValue(f.ReadOnly),
		}))
	}
	m.Name = types.StringValue(found.Name)
	m.UseOAuth = types.BoolValue(found.UseOAuth)
	m.Capabilities = types.ObjectValueMust(capabilityAttrTypes, map[string]attr.Value{
		"source": types.BoolValue(found.Capabilities.Source), "destination": types.BoolValue(found.Capabilities.Destination),
		"enrichment": types.BoolValue(found.Capabilities.Enrichment), "orchestration": types.BoolValue(found.Capabilities.Orchestration),
	})
	m.Fields = types.ListValueMust(types.ObjectType{AttrTypes: fieldAttrTypes}, fields)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
