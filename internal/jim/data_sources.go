package jim

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/syncops/terraform-provider-syncops/internal/providerdata"
	"github.com/syncops/terraform-provider-syncops/internal/transport"
)

// dataSourceBase gives every JIM data source its client.
type dataSourceBase struct {
	client *Client
}

func (d *dataSourceBase) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	c, ok, diags := providerdata.Client[*Client](req.ProviderData, platformName)
	resp.Diagnostics.Append(diags...)
	if ok {
		d.client = c
	}
}

// ---- syncops_jim_connector_definition ----

// NewConnectorDefinitionDataSource is the factory of syncops_jim_connector_definition.
func NewConnectorDefinitionDataSource() datasource.DataSource {
	return &connectorDefinitionDataSource{}
}

type connectorDefinitionDataSource struct{ dataSourceBase }

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

func (d *connectorDefinitionDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_jim_connector_definition"
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
	if d.client == nil {
		errNotKnownYet(&resp.Diagnostics)
		return
	}
	var m connectorDefinitionModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var def *ConnectorDefinition
	var err error
	if !m.Name.IsNull() {
		def, err = d.client.ConnectorDefinitionByName(ctx, m.Name.ValueString())
	} else {
		def, err = d.client.ConnectorDefinitionByID(ctx, m.ID.ValueInt64())
	}
	if err != nil {
		resp.Diagnostics.AddError("Unable to read JIM connector definition", err.Error())
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

// ---- syncops_jim_connected_system ----

// NewConnectedSystemDataSource is the factory of the syncops_jim_connected_system data source.
func NewConnectedSystemDataSource() datasource.DataSource { return &connectedSystemDataSource{} }

type connectedSystemDataSource struct{ dataSourceBase }

type connectedSystemDataModel struct {
	ID                          types.String `tfsdk:"id"`
	Name                        types.String `tfsdk:"name"`
	Description                 types.String `tfsdk:"description"`
	Connector                   types.String `tfsdk:"connector"`
	ConnectorID                 types.Int64  `tfsdk:"connector_id"`
	Status                      types.String `tfsdk:"status"`
	Created                     types.String `tfsdk:"created"`
	SettingValuesValid          types.Bool   `tfsdk:"setting_values_valid"`
	ObjectCount                 types.Int64  `tfsdk:"object_count"`
	PendingExportCount          types.Int64  `tfsdk:"pending_export_count"`
	MaxExportParallelism        types.Int64  `tfsdk:"max_export_parallelism"`
	RequireSecureTransport      types.Bool   `tfsdk:"require_secure_transport"`
	UnresolvedReferenceHandling types.String `tfsdk:"unresolved_reference_handling"`
}

func (d *connectedSystemDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_jim_connected_system"
}

func (d *connectedSystemDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A JIM connected system by `id` or `name`. A name shared by several systems is an error that lists their ids.",
		Attributes: map[string]schema.Attribute{
			"id":                            schema.StringAttribute{Optional: true, Computed: true, MarkdownDescription: "Connected system id. Give `id` or `name`."},
			"name":                          schema.StringAttribute{Optional: true, Computed: true, MarkdownDescription: "Connected system name (exact). Give `id` or `name`."},
			"description":                   schema.StringAttribute{Computed: true, MarkdownDescription: "Description."},
			"connector":                     schema.StringAttribute{Computed: true, MarkdownDescription: "Connector definition name."},
			"connector_id":                  schema.Int64Attribute{Computed: true, MarkdownDescription: "Connector definition id."},
			"status":                        schema.StringAttribute{Computed: true, MarkdownDescription: "`Active`, `Disabled` or `Deleting`."},
			"created":                       schema.StringAttribute{Computed: true, MarkdownDescription: "Creation time."},
			"setting_values_valid":          schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether JIM considers the settings valid."},
			"object_count":                  schema.Int64Attribute{Computed: true, MarkdownDescription: "Connector-space objects."},
			"pending_export_count":          schema.Int64Attribute{Computed: true, MarkdownDescription: "Pending exports."},
			"max_export_parallelism":        schema.Int64Attribute{Computed: true, MarkdownDescription: "Export parallelism, or null."},
			"require_secure_transport":      schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether password operations require a secure connection."},
			"unresolved_reference_handling": schema.StringAttribute{Computed: true, MarkdownDescription: "`Error`, `Warn` or `Ignore`."},
		},
	}
}

func (d *connectedSystemDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{datasourcevalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("name"))}
}

func (d *connectedSystemDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	if d.client == nil {
		errNotKnownYet(&resp.Diagnostics)
		return
	}
	var m connectedSystemDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var id int64
	if !m.ID.IsNull() {
		var err error
		if id, err = parseID(m.ID.ValueString()); err != nil {
			resp.Diagnostics.AddAttributeError(path.Root("id"), "Invalid id", err.Error())
			return
		}
	} else {
		var err error
		if id, err = d.client.ConnectedSystemIDByName(ctx, m.Name.ValueString()); err != nil {
			summary := "Unable to find the JIM connected system"
			var amb *AmbiguousNameError
			if errors.As(err, &amb) {
				summary = "Several JIM connected systems share this name"
			}
			resp.Diagnostics.AddAttributeError(path.Root("name"), summary, err.Error())
			return
		}
	}
	cs, err := d.client.GetConnectedSystem(ctx, id)
	if err != nil {
		summary := fmt.Sprintf("Unable to read JIM connected system %d", id)
		if transport.IsNotFound(err) {
			summary = fmt.Sprintf("JIM connected system %d not found", id)
		}
		resp.Diagnostics.AddError(summary, err.Error())
		return
	}
	m.ID = types.StringValue(strconv.FormatInt(cs.ID, 10))
	m.Name = types.StringValue(cs.Name)
	m.Description = types.StringPointerValue(cs.Description)
	m.Connector = types.StringValue(cs.Connector.Name)
	m.ConnectorID = types.Int64Value(cs.Connector.ID)
	m.Status = types.StringValue(cs.Status)
	m.Created = types.StringValue(cs.Created)
	m.SettingValuesValid = types.BoolValue(cs.SettingValuesValid)
	m.ObjectCount = types.Int64Value(cs.ObjectCount)
	m.PendingExportCount = types.Int64Value(cs.PendingExportCount)
	m.MaxExportParallelism = types.Int64PointerValue(cs.MaxExportParallelism)
	m.RequireSecureTransport = types.BoolValue(cs.RequireSecureTransport)
	m.UnresolvedReferenceHandling = types.StringValue(cs.UnresolvedReferenceHandling)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// ---- syncops_jim_run_profiles ----

// NewRunProfilesDataSource is the factory of syncops_jim_run_profiles.
func NewRunProfilesDataSource() datasource.DataSource { return &runProfilesDataSource{} }

type runProfilesDataSource struct{ dataSourceBase }

type runProfileItemModel struct {
	ID                        types.String `tfsdk:"id"`
	Name                      types.String `tfsdk:"name"`
	RunType                   types.String `tfsdk:"run_type"`
	PageSize                  types.Int64  `tfsdk:"page_size"`
	PartitionName             types.String `tfsdk:"partition_name"`
	FilePath                  types.String `tfsdk:"file_path"`
	VerifyImportContentHashes types.Bool   `tfsdk:"verify_import_content_hashes"`
}

type runProfilesModel struct {
	ConnectedSystemID types.String          `tfsdk:"connected_system_id"`
	RunProfiles       []runProfileItemModel `tfsdk:"run_profiles"`
}

func (d *runProfilesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_jim_run_profiles"
}

func (d *runProfilesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The run profiles of a JIM connected system.",
		Attributes: map[string]schema.Attribute{
			"connected_system_id": schema.StringAttribute{Required: true, MarkdownDescription: "Connected system id."},
			"run_profiles": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "Run profiles, in JIM's order.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":                           schema.StringAttribute{Computed: true, MarkdownDescription: "Run profile id."},
					"name":                         schema.StringAttribute{Computed: true, MarkdownDescription: "Name."},
					"run_type":                     schema.StringAttribute{Computed: true, MarkdownDescription: "Run type."},
					"page_size":                    schema.Int64Attribute{Computed: true, MarkdownDescription: "Page size."},
					"partition_name":               schema.StringAttribute{Computed: true, MarkdownDescription: "Partition name, or null."},
					"file_path":                    schema.StringAttribute{Computed: true, MarkdownDescription: "File path, or null."},
					"verify_import_content_hashes": schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether content hashes are verified."},
				}},
			},
		},
	}
}

func (d *runProfilesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	if d.client == nil {
		errNotKnownYet(&resp.Diagnostics)
		return
	}
	var m runProfilesModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	csID, err := parseID(m.ConnectedSystemID.ValueString())
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("connected_system_id"), "Invalid connected system id", err.Error())
		return
	}
	list, err := d.client.RunProfiles(ctx, csID)
	if err != nil {
		resp.Diagnostics.AddError(fmt.Sprintf("Unable to list the run profiles of JIM connected system %d", csID), err.Error())
		return
	}
	m.RunProfiles = []runProfileItemModel{}
	for _, rp := range list {
		item := runProfileItemModel{
			ID: types.StringValue(strconv.FormatInt(rp.ID, 10)), Name: types.StringValue(rp.Name), RunType: types.StringValue(rp.RunType),
			PageSize: types.Int64Value(rp.PageSize), PartitionName: types.StringPointerValue(rp.PartitionName),
			FilePath: types.StringPointerValue(rp.FilePath), VerifyImportContentHashes: types.BoolValue(rp.VerifyImportContentHashes),
		}
		m.RunProfiles = append(m.RunProfiles, item)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
