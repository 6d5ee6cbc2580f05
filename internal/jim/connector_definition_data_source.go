package jim

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/syncops/terraform-provider-syncops/internal/base"
)

// NewConnectorDefinitionDataSource is the factory of syncops_jim_connector_definition.
func NewConnectorDefinitionDataSource() datasource.DataSource {
	return &connectorDefinitionDataSource{DataSource: base.NewDataSource[*Client](platform, "jim_connector_definition")}
}

type connectorDefinitionDataSource struct {
	base.DataSource[*Client]
}

type connectorSettingModel struct {
	ID             types.Int64  `tfsdk:"id"`
	Name           types.String `tfsdk:"name"`
	Description    types.String `tfsdk:"description"`
	Type           types.String `tfsdk:"type"`
	Category       types.String `tfsdk:"category"`
	Required       types.Bool   `tfsdk:"required"`
	Secret         types.Bool   `tfsdk:"secret"`
	Default        types.String `tfsdk:"default"`
	DropDownValues []string     `tfsdk:"drop_down_values"`
}

type connectorDefinitionModel struct {
	ID                                types.Int64             `tfsdk:"id"`
	Name                              types.String            `tfsdk:"name"`
	Description                       types.String            `tfsdk:"description"`
	SupportedRunTypes                 []string                `tfsdk:"supported_run_types"`
	SupportsFullImport                types.Bool              `tfsdk:"supports_full_import"`
	SupportsDeltaImport               types.Bool              `tfsdk:"supports_delta_import"`
	SupportsExport                    types.Bool              `tfsdk:"supports_export"`
	SupportsPartitions                types.Bool              `tfsdk:"supports_partitions"`
	SupportsPartitionContainers       types.Bool              `tfsdk:"supports_partition_containers"`
	SupportsSecondaryExternalID       types.Bool              `tfsdk:"supports_secondary_external_id"`
	SupportsUserSelectedExternalID    types.Bool              `tfsdk:"supports_user_selected_external_id"`
	SupportsUserSelectedAttributeType types.Bool              `tfsdk:"supports_user_selected_attribute_types"`
	SupportsAutoConfirmExport         types.Bool              `tfsdk:"supports_auto_confirm_export"`
	SupportsParallelExport            types.Bool              `tfsdk:"supports_parallel_export"`
	SupportsPaging                    types.Bool              `tfsdk:"supports_paging"`
	SupportsFilePaths                 types.Bool              `tfsdk:"supports_file_paths"`
	SupportsPasswordSet               types.Bool              `tfsdk:"supports_password_set"`
	SupportsPasswordPolicyDiscovery   types.Bool              `tfsdk:"supports_password_policy_discovery"`
	Settings                          []connectorSettingModel `tfsdk:"settings"`
}

func boolAttr(desc string) schema.BoolAttribute {
	return schema.BoolAttribute{Computed: true, MarkdownDescription: desc}
}

func (d *connectorDefinitionDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A JIM connector definition, by `name` or `id`: its capabilities, the run types it supports, and its settings, " +
			"so that modules can validate their inputs.",
		Attributes: map[string]schema.Attribute{
			"id":                                     schema.Int64Attribute{Optional: true, Computed: true, MarkdownDescription: "Connector definition id. Give `id` or `name`."},
			"name":                                   schema.StringAttribute{Optional: true, Computed: true, MarkdownDescription: "Connector definition name, e.g. `JIM File Connector`. Give `id` or `name`."},
			"description":                            schema.StringAttribute{Computed: true, MarkdownDescription: "Description."},
			"supported_run_types":                    schema.ListAttribute{ElementType: types.StringType, Computed: true, MarkdownDescription: "Run types JIM accepts for run profiles of this connector."},
			"supports_full_import":                   boolAttr("Full imports are supported."),
			"supports_delta_import":                  boolAttr("Delta imports are supported."),
			"supports_export":                        boolAttr("Exports are supported."),
			"supports_partitions":                    boolAttr("The connector has partitions (LDAP)."),
			"supports_partition_containers":          boolAttr("Partitions have containers."),
			"supports_secondary_external_id":         boolAttr("A secondary external id is supported."),
			"supports_user_selected_external_id":     boolAttr("The external id attribute can be chosen."),
			"supports_user_selected_attribute_types": boolAttr("Attribute types can be chosen."),
			"supports_auto_confirm_export":           boolAttr("Exports can be confirmed automatically."),
			"supports_parallel_export":               boolAttr("Exports can run in parallel."),
			"supports_paging":                        boolAttr("Imports are paged."),
			"supports_file_paths":                    boolAttr("Run profiles can carry a file path."),
			"supports_password_set":                  boolAttr("Passwords can be set."),
			"supports_password_policy_discovery":     boolAttr("Password policies can be discovered."),
			"settings": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "Settings that hold a value (headings, labels and dividers are left out), in JIM's order.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":               schema.Int64Attribute{Computed: true, MarkdownDescription: "Setting id (deployment-specific)."},
					"name":             schema.StringAttribute{Computed: true, MarkdownDescription: "Setting name, the key in `settings` of `syncops_jim_connected_system`."},
					"description":      schema.StringAttribute{Computed: true, MarkdownDescription: "Description."},
					"type":             schema.StringAttribute{Computed: true, MarkdownDescription: "`String`, `StringEncrypted`, `Integer`, `Text`, `DropDown`, `CheckBox` or `File`."},
					"category":         schema.StringAttribute{Computed: true, MarkdownDescription: "`Connectivity`, `General`, `Capabilities`, `Schema`, `Import` or `Export`."},
					"required":         schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether JIM requires it."},
					"secret":           schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether it is a secret (goes in `secret_settings_wo`)."},
					"default":          schema.StringAttribute{Computed: true, MarkdownDescription: "Default value as a string, or null."},
					"drop_down_values": schema.ListAttribute{ElementType: types.StringType, Computed: true, MarkdownDescription: "Allowed values of a DropDown setting."},
				}},
			},
		},
	}
}

func (d *connectorDefinitionDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{datasourcevalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("name"))}
}

func (d *connectorDefinitionDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	base.Read(ctx, &d.DataSource, req, resp, d.read)
}

func (d *connectorDefinitionDataSource) read(ctx context.Context, resp *datasource.ReadResponse, m connectorDefinitionModel) {
	var def *ConnectorDefinition
	var err error
	if !m.Name.IsNull() {
		def, err = d.Client.ConnectorDefinitionByName(ctx, m.Name.ValueString())
	} else {
		def, err = d.Client.ConnectorDefinitionByID(ctx, m.ID.ValueInt64())
	}
	if err != nil {
		resp.Diagnostics.AddError("Unable to read JIM connector definition", platform.ErrorDetail(err, ""))
		return
	}
	m.ID, m.Name, m.Description = types.Int64Value(def.ID), types.StringValue(def.Name), types.StringPointerValue(def.Description)
	m.SupportedRunTypes = def.SupportedRunTypes()
	m.SupportsFullImport = types.BoolValue(def.SupportsFullImport)
	m.SupportsDeltaImport = types.BoolValue(def.SupportsDeltaImport)
	m.SupportsExport = types.BoolValue(def.SupportsExport)
	m.SupportsPartitions = types.BoolValue(def.SupportsPartitions)
	m.SupportsPartitionContainers = types.BoolValue(def.SupportsPartitionContainers)
	m.SupportsSecondaryExternalID = types.BoolValue(def.SupportsSecondaryExternalID)
	m.SupportsUserSelectedExternalID = types.BoolValue(def.SupportsUserSelectedExternalID)
	m.SupportsUserSelectedAttributeType = types.BoolValue(def.SupportsUserSelectedAttributeType)
	m.SupportsAutoConfirmExport = types.BoolValue(def.SupportsAutoConfirmExport)
	m.SupportsParallelExport = types.BoolValue(def.SupportsParallelExport)
	m.SupportsPaging = types.BoolValue(def.SupportsPaging)
	m.SupportsFilePaths = types.BoolValue(def.SupportsFilePaths)
	m.SupportsPasswordSet = types.BoolValue(def.SupportsPasswordSet)
	m.SupportsPasswordPolicyDiscovery = types.BoolValue(def.SupportsPasswordPolicyDiscovery)
	m.Settings = []connectorSettingModel{}
	for _, s := range def.Settings {
		if !s.HasValue() {
			continue
		}
		sm := connectorSettingModel{
			ID: types.Int64Value(s.ID), Name: types.StringValue(s.Name), Description: types.StringPointerValue(s.Description),
			Type: types.StringValue(s.Type), Category: types.StringValue(s.Category), Required: types.BoolValue(s.Required),
			Secret: types.BoolValue(s.Type == SettingStringEncrypted), Default: types.StringNull(), DropDownValues: s.DropDownValues,
		}
		if v, ok := s.Default(); ok {
			sm.Default = types.StringValue(v)
		}
		if sm.DropDownValues == nil {
			sm.DropDownValues = []string{}
		}
		m.Settings = append(m.Settings, sm)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
