package jim

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/syncops/terraform-provider-syncops/internal/providerdata"
	"github.com/syncops/terraform-provider-syncops/internal/transport"
)

var (
	_ resource.ResourceWithConfigure   = (*ConnectedSystemResource)(nil)
	_ resource.ResourceWithImportState = (*ConnectedSystemResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*ConnectedSystemResource)(nil)
)

// noOuterSpace matches values JIM would store unchanged: it trims names and descriptions, so a
// value with outer spaces would read back different and never converge.
var noOuterSpace = regexp.MustCompile(`^\S(.*\S)?$|^\S$`)

var positiveInt = regexp.MustCompile(`^[1-9][0-9]*$`)

const (
	defaultCreateTimeout = 10 * time.Minute
	defaultUpdateTimeout = 10 * time.Minute
	defaultDeleteTimeout = 30 * time.Minute
	defaultReadTimeout   = 5 * time.Minute
)

// NewConnectedSystemResource is the factory of syncops_jim_connected_system.
func NewConnectedSystemResource() resource.Resource { return &ConnectedSystemResource{} }

// ConnectedSystemResource manages a JIM connected system.
type ConnectedSystemResource struct {
	client *Client
}

type connectedSystemModel struct {
	ID                          types.String   `tfsdk:"id"`
	Name                        types.String   `tfsdk:"name"`
	Description                 types.String   `tfsdk:"description"`
	Connector                   types.String   `tfsdk:"connector"`
	ConnectorID                 types.Int64    `tfsdk:"connector_id"`
	Settings                    types.Map      `tfsdk:"settings"`
	SecretSettingsWO            types.Map      `tfsdk:"secret_settings_wo"`
	SecretSettingsWOVersion     types.Int64    `tfsdk:"secret_settings_wo_version"`
	MaxExportParallelism        types.Int64    `tfsdk:"max_export_parallelism"`
	RequireSecureTransport      types.Bool     `tfsdk:"require_secure_transport"`
	UnresolvedReferenceHandling types.String   `tfsdk:"unresolved_reference_handling"`
	DeleteChangeHistory         types.Bool     `tfsdk:"delete_change_history"`
	Status                      types.String   `tfsdk:"status"`
	Created                     types.String   `tfsdk:"created"`
	SettingValuesValid          types.Bool     `tfsdk:"setting_values_valid"`
	ObjectCount                 types.Int64    `tfsdk:"object_count"`
	PendingExportCount          types.Int64    `tfsdk:"pending_export_count"`
	Timeouts                    timeouts.Value `tfsdk:"timeouts"`
}

func (r *ConnectedSystemResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_jim_connected_system"
}

func (r *ConnectedSystemResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A JIM connected system: an instance of a built-in connector (LDAP, File, SQL, SCIM 2.0) with its settings. " +
			"Destroy waits for JIM's deletion to finish, including deletions JIM queues as background jobs.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "Connected system id (an integer, as a string).",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"name": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "Name, 1 to 200 characters, without leading or trailing spaces (JIM trims them). Names need not be unique in JIM.",
				Validators: []validator.String{
					stringvalidator.LengthBetween(1, 200),
					stringvalidator.RegexMatches(noOuterSpace, "must not start or end with whitespace (JIM trims names)"),
				},
			},
			"description": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Description, up to 1000 characters, without leading or trailing spaces.",
				Validators: []validator.String{
					stringvalidator.LengthBetween(1, 1000),
					stringvalidator.RegexMatches(noOuterSpace, "must not start or end with whitespace (JIM trims descriptions)"),
				},
			},
			"connector": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "Connector definition name, e.g. `JIM File Connector`, `JIM LDAP Connector`, `JIM SQL Connector`, " +
					"`JIM SCIM 2.0 Client Connector`. JIM cannot change the connector of a system, so changing it replaces the system.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
				Validators:    []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"connector_id": schema.Int64Attribute{
				Computed:            true,
				MarkdownDescription: "Id of the connector definition the name resolved to.",
				PlanModifiers:       []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
			},
			"settings": schema.MapAttribute{
				ElementType: types.StringType,
				Optional:    true,
				MarkdownDescription: "Connector settings by setting name, values as strings (`\"389\"` for Integer settings, `\"true\"`/`\"false\"` for CheckBox " +
					"settings, one of the listed values for DropDown settings). Names and values are checked against the connector definition at plan time. " +
					"Secret (StringEncrypted) settings go in `secret_settings_wo`. JIM validates the whole set on every write, including a live connection " +
					"to the target system. A setting removed from this map is set back to the connector's default.",
			},
			"secret_settings_wo": schema.MapAttribute{
				ElementType: types.StringType,
				Optional:    true,
				Sensitive:   true,
				WriteOnly:   true,
				MarkdownDescription: "Secret (StringEncrypted) settings by name, such as `Password`. Write-only: never stored in state or plan. " +
					"Sent on create and whenever `secret_settings_wo_version` changes.",
			},
			"secret_settings_wo_version": schema.Int64Attribute{
				Optional:            true,
				MarkdownDescription: "Change this number to send `secret_settings_wo` again (for example after rotating a password).",
			},
			"max_export_parallelism": schema.Int64Attribute{
				Optional:            true,
				Computed:            true,
				MarkdownDescription: "Number of export operations JIM runs in parallel, 1 to 16. When not set, JIM's value is kept.",
				Validators:          []validator.Int64{int64validator.Between(1, 16)},
				PlanModifiers:       []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
			},
			"require_secure_transport": schema.BoolAttribute{
				Optional:            true,
				Computed:            true,
				MarkdownDescription: "Whether password operations require a secure connection to the target. When not set, JIM's value is kept (false for a new system).",
				PlanModifiers:       []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()},
			},
			"unresolved_reference_handling": schema.StringAttribute{
				Optional:            true,
				Computed:            true,
				MarkdownDescription: "What an export does with references it cannot resolve: `Error`, `Warn` or `Ignore`. When not set, JIM's value is kept (`Error` for a new system).",
				Validators:          []validator.String{stringvalidator.OneOf("Error", "Warn", "Ignore")},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"delete_change_history": schema.BoolAttribute{
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(false),
				MarkdownDescription: "Whether destroying the system also deletes its change history in JIM (`deleteChangeHistory`). Default `false`: the audit " +
					"trail is kept. Changing only this attribute calls no API; apply the change before `terraform destroy` for it to take effect.",
			},
			"status": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "Status in JIM: `Active`, `Disabled` or `Deleting`.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"created": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "Creation time (RFC 3339, UTC).",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"setting_values_valid": schema.BoolAttribute{
				Computed:            true,
				MarkdownDescription: "Whether JIM considers the settings valid. JIM computes this only when settings are written, so it is false until `settings` are set.",
				PlanModifiers:       []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()},
			},
			"object_count": schema.Int64Attribute{
				Computed:            true,
				MarkdownDescription: "Number of connector-space objects. Deleting a system with more than 1000 objects runs as a background job.",
				PlanModifiers:       []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
			},
			"pending_export_count": schema.Int64Attribute{
				Computed:            true,
				MarkdownDescription: "Number of pending exports.",
				PlanModifiers:       []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
			},
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.Block(ctx, timeouts.Opts{Create: true, Read: true, Update: true, Delete: true}),
		},
	}
}

func (r *ConnectedSystemResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	c, ok, diags := providerdata.Client[*Client](req.ProviderData, platformName)
	resp.Diagnostics.Append(diags...)
	if ok {
		r.client = c
	}
}

// ModifyPlan checks settings against the connector definition (plan-time errors instead of
// apply-time ones) and, on destroy, leaves JIM untouched.
func (r *ConnectedSystemResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if r.client == nil {
		return
	}
	var state *connectedSystemModel
	if !req.State.Raw.IsNull() {
		state = &connectedSystemModel{}
		resp.Diagnostics.Append(req.State.Get(ctx, state)...)
	}
	if req.Plan.Raw.IsNull() {
		if state != nil {
			r.warnDeletionImpact(ctx, state, "Destroying", &resp.Diagnostics)
		}
		return
	}
	var plan connectedSystemModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	var cfg connectedSystemModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() || plan.Connector.IsUnknown() || plan.Connector.IsNull() {
		return
	}
	if state != nil && !state.Connector.Equal(plan.Connector) {
		r.warnDeletionImpact(ctx, state, "Replacing", &resp.Diagnostics)
	}
	def, err := r.client.ConnectorDefinitionByName(ctx, plan.Connector.ValueString())
	if err != nil {
		if transport.IsNotFound(err) {
			resp.Diagnostics.AddAttributeError(path.Root("connector"), "Unknown JIM connector",
				fmt.Sprintf("JIM has no connector definition named %q. %s", plan.Connector.ValueString(), r.connectorNames(ctx)))
			return
		}
		resp.Diagnostics.AddAttributeError(path.Root("connector"), "Unable to read JIM connector definition", err.Error())
		return
	}
	if req.State.Raw.IsNull() {
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("connector_id"), def.ID)...)
	}
	resp.Diagnostics.Append(validateSettings(def, cfg.Settings, cfg.SecretSettingsWO)...)
	if state != nil && state.Connector.Equal(plan.Connector) {
		resp.Diagnostics.Append(warnUnclearableSettings(def, state.Settings, cfg.Settings)...)
	}
}

// warnUnclearableSettings warns about settings removed from the configuration that JIM cannot
// reset: an Integer or CheckBox setting without a default has no value to go back to, so JIM keeps
// the one it has, and the removal changes nothing there.
func warnUnclearableSettings(def *ConnectorDefinition, old, now types.Map) diag.Diagnostics {
	var diags diag.Diagnostics
	if old.IsNull() || old.IsUnknown() || now.IsUnknown() {
		return diags
	}
	before, _ := stringMap(old, &diags)
	after, _ := stringMap(now, &diags)
	for _, name := range sortedKeys(before) {
		if _, still := after[name]; still {
			continue
		}
		s, ok := def.Setting(name)
		if !ok || (s.Type != SettingInteger && s.Type != SettingCheckBox) {
			continue
		}
		if _, has := s.Default(); has {
			continue
		}
		was := ""
		if v := before[name]; v != nil {
			was = fmt.Sprintf(" (%s)", *v)
		}
		diags.AddAttributeWarning(path.Root("settings").AtMapKey(name), "JIM keeps a removed setting",
			fmt.Sprintf("%q (type %s, no default) is a setting of %s that JIM cannot clear: removing it from settings leaves the value JIM has%s, and Terraform stops tracking it. "+
				"Set the value you want instead.", name, s.Type, def.Name, was))
	}
	return diags
}

func (r *ConnectedSystemResource) connectorNames(ctx context.Context) string {
	defs, err := r.client.ListConnectorDefinitions(ctx)
	if err != nil || len(defs) == 0 {
		return ""
	}
	names := make([]string, len(defs))
	for i, d := range defs {
		names[i] = strconv.Quote(d.Name)
	}
	return "Available connectors: " + strings.Join(names, ", ") + "."
}

// validateSettings checks names, kinds and value types, and that the required settings are there.
func validateSettings(def *ConnectorDefinition, settings, secrets types.Map) diag.Diagnostics {
	var diags diag.Diagnostics
	plain, unknownPlain := stringMap(settings, &diags)
	secret, unknownSecret := stringMap(secrets, &diags)
	if diags.HasError() {
		return diags
	}
	names := func(secret bool) string {
		n := def.SettingNames(secret)
		if len(n) == 0 {
			return "none"
		}
		return quoteList(n)
	}
	for _, name := range sortedKeys(plain) {
		s, ok := def.Setting(name)
		switch {
		case !ok:
			diags.AddAttributeError(path.Root("settings").AtMapKey(name), "Unknown JIM setting",
				fmt.Sprintf("%s has no setting named %q. Valid settings: %s.", def.Name, name, names(false)))
		case s.Type == SettingStringEncrypted:
			diags.AddAttributeError(path.Root("settings").AtMapKey(name), "Secret JIM setting in settings",
				fmt.Sprintf("%q is a secret (StringEncrypted) setting of %s: put it in secret_settings_wo so that it never reaches the state.", name, def.Name))
		default:
			if v := plain[name]; v != nil {
				if _, err := ConvertSettingValue(s, *v); err != nil {
					diags.AddAttributeError(path.Root("settings").AtMapKey(name), "Invalid JIM setting value", err.Error()+".")
				}
			}
		}
	}
	for _, name := range sortedKeys(secret) {
		s, ok := def.Setting(name)
		if !ok || s.Type != SettingStringEncrypted {
			diags.AddAttributeError(path.Root("secret_settings_wo").AtMapKey(name), "Unknown JIM secret setting",
				fmt.Sprintf("%s has no secret (StringEncrypted) setting named %q. Valid secret settings: %s.", def.Name, name, names(true)))
		}
	}
	if diags.HasError() || unknownPlain || unknownSecret || (settings.IsNull() && secrets.IsNull()) {
		return diags
	}
	// JIM validates the whole set on every settings write: report what it would refuse.
	var missing []string
	groups := map[string][]string{}
	groupCard := map[string]string{}
	for _, s := range def.Settings {
		if !s.HasValue() {
			continue
		}
		_, hasDefault := s.Default()
		// JIM trims values and counts an empty one as not supplied.
		given := supplied(plain, s.Name) || supplied(secret, s.Name)
		if s.RequiredGroup != nil && *s.RequiredGroup != "" {
			if given {
				groups[*s.RequiredGroup] = append(groups[*s.RequiredGroup], s.Name)
			} else if _, ok := groups[*s.RequiredGroup]; !ok {
				groups[*s.RequiredGroup] = nil
			}
			if s.RequiredGroupCardinality != nil {
				groupCard[*s.RequiredGroup] = *s.RequiredGroupCardinality
			}
			continue
		}
		required := s.Required
		if s.RequiredWhenSetting != nil && s.RequiredWhenValue != nil {
			// The controlling setting takes its configured value, or else its default (what a
			// setting left out of the configuration holds in JIM).
			other, configured := plain[*s.RequiredWhenSetting]
			if !configured {
				if ctrl, ok := def.Setting(*s.RequiredWhenSetting); ok {
					if dv, has := ctrl.Default(); has {
						other = &dv
					}
				}
			}
			required = other != nil && *other == *s.RequiredWhenValue
		}
		if required && !given && !hasDefault && s.Type != SettingCheckBox && s.Type != SettingText {
			missing = append(missing, s.Name)
		}
	}
	if len(missing) > 0 {
		diags.AddAttributeError(path.Root("settings"), "Missing required JIM settings",
			fmt.Sprintf("%s requires %s (JIM validates the complete set of settings on every write). Secret ones go in secret_settings_wo.", def.Name, quoteList(missing)))
	}
	for _, g := range sortedKeys(groups) {
		given := groups[g]
		members := []string{}
		for _, s := range def.Settings {
			if s.RequiredGroup != nil && *s.RequiredGroup == g {
				members = append(members, s.Name)
			}
		}
		switch {
		case len(given) == 0:
			diags.AddAttributeError(path.Root("settings"), "Missing required JIM setting group",
				fmt.Sprintf("%s requires one of %s (group %q).", def.Name, quoteList(members), g))
		case groupCard[g] == "ExactlyOne" && len(given) > 1:
			diags.AddAttributeError(path.Root("settings"), "Conflicting JIM settings",
				fmt.Sprintf("%s accepts exactly one of %s (group %q), got %s.", def.Name, quoteList(members), g, quoteList(given)))
		}
	}
	return diags
}

// supplied reports a setting present in m with a value that is not blank after trimming (an
// unknown value counts as supplied).
func supplied(m map[string]*string, name string) bool {
	v, ok := m[name]
	return ok && (v == nil || strings.TrimSpace(*v) != "")
}

// stringMap converts a map attribute; unknown is true when the map or an element is unknown.
func stringMap(m types.Map, diags *diag.Diagnostics) (map[string]*string, bool) {
	out := map[string]*string{}
	if m.IsNull() {
		return out, false
	}
	if m.IsUnknown() {
		return out, true
	}
	unknown := false
	for k, v := range m.Elements() {
		s, ok := v.(types.String)
		if !ok {
			diags.AddError("Unexpected setting value", fmt.Sprintf("setting %q is not a string", k))
			continue
		}
		if s.IsUnknown() {
			unknown = true
			out[k] = nil
			continue
		}
		val := s.ValueString()
		out[k] = &val
	}
	return out, unknown
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func parseID(s string) (int64, error) {
	id, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil || id <= 0 {
		return 0, fmt.Errorf("%q is not a JIM connected system id: expected a positive integer such as 12", s)
	}
	return id, nil
}

func (r *ConnectedSystemResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	if r.client == nil {
		errNotKnownYet(&resp.Diagnostics)
		return
	}
	var plan, cfg connectedSystemModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := plan.Timeouts.Create(ctx, defaultCreateTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	def, err := r.client.ConnectorDefinitionByName(ctx, plan.Connector.ValueString())
	if err != nil {
		resp.Diagnostics.AddError("Unable to create JIM connected system", "Reading connector definition "+strconv.Quote(plan.Connector.ValueString())+": "+err.Error())
		return
	}
	create := CreateConnectedSystemRequest{Name: plan.Name.ValueString(), ConnectorDefinitionID: def.ID}
	if !plan.Description.IsNull() {
		d := plan.Description.ValueString()
		create.Description = &d
	}
	cs, err := r.client.CreateConnectedSystemSafely(ctx, create)
	if err != nil {
		detail := err.Error()
		var ne *transport.NetworkError
		if errors.As(err, &ne) && ne.MaybeProcessed {
			detail += "\n\nJIM may have created the system anyway; JIM has no idempotency keys, so the request was not sent again. " +
				"Check JIM for a connected system named " + strconv.Quote(plan.Name.ValueString()) + " and import it (terraform import) instead of applying again."
		}
		resp.Diagnostics.AddError("Unable to create JIM connected system "+strconv.Quote(plan.Name.ValueString()), detail)
		return
	}
	// The id goes to state at once: whatever happens next, the object is never lost.
	state := plan
	state.ID = types.StringValue(strconv.FormatInt(cs.ID, 10))
	state.SecretSettingsWO = types.MapNull(types.StringType)
	applySystem(&state, cs)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}

	upd, secrets, d := buildUpdate(def, nil, &plan, cfg.SecretSettingsWO, true)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !upd.IsEmpty() {
		updated, err := r.client.UpdateConnectedSystem(ctx, cs.ID, upd, secrets)
		if err != nil {
			resp.Diagnostics.AddError(fmt.Sprintf("Unable to configure JIM connected system %d", cs.ID),
				err.Error()+"\n\nThe connected system was created and is in the state as tainted: the next apply replaces it.")
			return
		}
		cs = updated
	}
	applySystem(&state, cs)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// buildUpdate makes the PUT body for what differs between state (nil on create) and plan.
func buildUpdate(def *ConnectorDefinition, state, plan *connectedSystemModel, secretCfg types.Map, sendSecrets bool) (UpdateConnectedSystemRequest, []string, diag.Diagnostics) {
	var diags diag.Diagnostics
	var upd UpdateConnectedSystemRequest
	if state != nil && !plan.Name.Equal(state.Name) {
		n := plan.Name.ValueString()
		upd.Name = &n
	}
	if state != nil && !plan.Description.Equal(state.Description) {
		d := plan.Description.ValueString() // null clears it: "" is JIM's "clear"
		upd.Description = &d
	}
	if !plan.MaxExportParallelism.IsUnknown() && !plan.MaxExportParallelism.IsNull() && (state == nil || !plan.MaxExportParallelism.Equal(state.MaxExportParallelism)) {
		v := plan.MaxExportParallelism.ValueInt64()
		upd.MaxExportParallelism = &v
	}
	if !plan.RequireSecureTransport.IsUnknown() && !plan.RequireSecureTransport.IsNull() && (state == nil || !plan.RequireSecureTransport.Equal(state.RequireSecureTransport)) {
		v := plan.RequireSecureTransport.ValueBool()
		upd.RequireSecureTransport = &v
	}
	if !plan.UnresolvedReferenceHandling.IsUnknown() && !plan.UnresolvedReferenceHandling.IsNull() && (state == nil || !plan.UnresolvedReferenceHandling.Equal(state.UnresolvedReferenceHandling)) {
		v := plan.UnresolvedReferenceHandling.ValueString()
		upd.UnresolvedReferenceHandling = &v
	}

	newSettings, _ := stringMap(plan.Settings, &diags)
	oldSettings := map[string]*string{}
	if state != nil {
		oldSettings, _ = stringMap(state.Settings, &diags)
	}
	values := map[string]SettingValue{}
	for name, v := range newSettings {
		if v == nil {
			continue
		}
		if old, ok := oldSettings[name]; ok && old != nil && *old == *v {
			continue
		}
		s, ok := def.Setting(name)
		if !ok {
			diags.AddAttributeError(path.Root("settings").AtMapKey(name), "Unknown JIM setting", fmt.Sprintf("%s has no setting named %q.", def.Name, name))
			continue
		}
		sv, err := ConvertSettingValue(s, *v)
		if err != nil {
			diags.AddAttributeError(path.Root("settings").AtMapKey(name), "Invalid JIM setting value", err.Error())
			continue
		}
		values[strconv.FormatInt(s.ID, 10)] = sv
	}
	// A setting removed from the configuration goes back to the connector's default.
	for name := range oldSettings {
		if _, still := newSettings[name]; still {
			continue
		}
		s, ok := def.Setting(name)
		if !ok {
			continue
		}
		if dv, has := s.Default(); has {
			if sv, err := ConvertSettingValue(s, dv); err == nil {
				values[strconv.FormatInt(s.ID, 10)] = sv
			}
		} else if s.Type != SettingInteger && s.Type != SettingCheckBox {
			empty := ""
			values[strconv.FormatInt(s.ID, 10)] = SettingValue{StringValue: &empty}
		}
	}
	var secrets []string
	if sendSecrets {
		secretVals, _ := stringMap(secretCfg, &diags)
		for name, v := range secretVals {
			if v == nil {
				continue
			}
			s, ok := def.Setting(name)
			if !ok || s.Type != SettingStringEncrypted {
				diags.AddAttributeError(path.Root("secret_settings_wo").AtMapKey(name), "Unknown JIM secret setting", fmt.Sprintf("%s has no secret setting named %q.", def.Name, name))
				continue
			}
			val := *v
			secrets = append(secrets, val)
			values[strconv.FormatInt(s.ID, 10)] = SettingValue{StringValue: &val}
		}
	}
	if len(values) > 0 {
		upd.SettingValues = values
	}
	return upd, secrets, diags
}

// applySystem copies what JIM returns into the model.
func applySystem(m *connectedSystemModel, cs *ConnectedSystem) {
	m.Name = types.StringValue(cs.Name)
	if cs.Description == nil || *cs.Description == "" {
		m.Description = types.StringNull()
	} else {
		m.Description = types.StringValue(*cs.Description)
	}
	if cs.Connector.Name != "" {
		m.Connector = types.StringValue(cs.Connector.Name)
	}
	m.ConnectorID = types.Int64Value(cs.Connector.ID)
	if cs.MaxExportParallelism != nil {
		m.MaxExportParallelism = types.Int64Value(*cs.MaxExportParallelism)
	} else {
		m.MaxExportParallelism = types.Int64Null()
	}
	m.RequireSecureTransport = types.BoolValue(cs.RequireSecureTransport)
	if cs.UnresolvedReferenceHandling != "" {
		m.UnresolvedReferenceHandling = types.StringValue(cs.UnresolvedReferenceHandling)
	} else {
		m.UnresolvedReferenceHandling = types.StringNull()
	}
	m.Status = types.StringValue(cs.Status)
	m.Created = types.StringValue(cs.Created)
	m.SettingValuesValid = types.BoolValue(cs.SettingValuesValid)
	m.ObjectCount = types.Int64Value(cs.ObjectCount)
	m.PendingExportCount = types.Int64Value(cs.PendingExportCount)
	if m.DeleteChangeHistory.IsNull() || m.DeleteChangeHistory.IsUnknown() {
		m.DeleteChangeHistory = types.BoolValue(false)
	}
}

func (r *ConnectedSystemResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	if r.client == nil {
		// The jim block is not known yet (planning with values from other resources): keep the state.
		return
	}
	var state connectedSystemModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := state.Timeouts.Read(ctx, defaultReadTimeout)
	resp.Diagnostics.Append(diags...)
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	id, err := parseID(state.ID.ValueString())
	if err != nil {
		resp.Diagnostics.AddError("Invalid JIM connected system id in state", err.Error())
		return
	}
	cs, err := r.client.GetConnectedSystem(ctx, id)
	if transport.IsNotFound(err) {
		resp.Diagnostics.AddWarning(fmt.Sprintf("JIM connected system %d no longer exists", id),
			"It was deleted outside Terraform and has been removed from the state; the next apply creates it again.")
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError(fmt.Sprintf("Unable to read JIM connected system %d", id), err.Error())
		return
	}
	applySystem(&state, cs)
	seen, _ := req.Private.GetKey(ctx, settingsVersionKey)
	if now := r.readSettings(ctx, id, cs.Connector.Name, &state, string(seen)); now != "" {
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, settingsVersionKey, []byte(now))...)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// settingsVersionKey keeps, in private state, the change-history version whose settings the state
// reflects: while JIM's newest version is the same, the snapshot need not be read again.
const settingsVersionKey = "jim_settings_version"

// readSettings brings the settings in state up to date from JIM's newest configuration snapshot,
// so that a setting changed outside Terraform shows as drift. Managed settings (the keys in state)
// take the snapshot's value; after an import (no settings in state) the settings that differ from
// the connector's defaults are adopted. Secret settings are hashed in snapshots and never compared.
//
// It returns the version read (as a string, for private state), or "" when nothing was read.
// seen is the version the state already reflects: while it is JIM's newest, the snapshot is
// not read again (one request instead of two per refresh).
func (r *ConnectedSystemResource) readSettings(ctx context.Context, id int64, connector string, m *connectedSystemModel, seen string) string {
	latest, err := r.client.LatestVersion(ctx, id)
	if err != nil {
		tflog.Warn(ctx, "settings drift not checked: change history unreadable", map[string]any{"id": id, "error": err.Error()})
		return ""
	}
	version := strconv.FormatInt(latest, 10)
	if latest == 0 || version == seen {
		return ""
	}
	def, err := r.client.ConnectorDefinitionByName(ctx, connector)
	if err != nil {
		tflog.Warn(ctx, "settings drift not checked: connector definition unreadable", map[string]any{"id": id, "error": err.Error()})
		return ""
	}
	snap, err := r.client.SettingsAt(ctx, id, latest)
	if err != nil {
		tflog.Warn(ctx, "settings drift not checked: change history unreadable", map[string]any{"id": id, "error": err.Error()})
		return ""
	}
	current := map[string]string{}
	for _, s := range def.Settings {
		v, found := snap[s.ID]
		if !found || v.IsSecret || !s.HasValue() || s.Type == SettingStringEncrypted {
			continue
		}
		current[s.Name] = NormaliseSettingValue(s, v.Value)
	}
	var diags diag.Diagnostics
	managed, _ := stringMap(m.Settings, &diags)
	out := map[string]attr.Value{}
	if m.Settings.IsNull() {
		for _, s := range def.Settings {
			v, found := current[s.Name]
			if !found {
				continue
			}
			if dv, has := s.Default(); has && NormaliseSettingValue(s, dv) == v {
				continue
			}
			out[s.Name] = types.StringValue(v)
		}
		if len(out) > 0 {
			m.Settings = types.MapValueMust(types.StringType, out)
		}
		return version
	}
	for name, v := range managed {
		s, known := def.Setting(name)
		switch {
		case v == nil:
			out[name] = types.StringUnknown()
		case !known:
			out[name] = types.StringValue(*v)
		default:
			now, found := current[name]
			if !found {
				// Snapshots leave unset settings out: the setting was cleared (in JIM's UI, say).
				now = ""
				if s.Type == SettingCheckBox {
					now = "false"
				}
			}
			if SettingValuesEquivalent(s, *v, now) {
				// What JIM stores for the configured value (trimmed, canonical): keep it as written.
				out[name] = types.StringValue(*v)
			} else {
				out[name] = types.StringValue(now)
			}
		}
	}
	m.Settings = types.MapValueMust(types.StringType, out)
	return version
}

func (r *ConnectedSystemResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	if r.client == nil {
		errNotKnownYet(&resp.Diagnostics)
		return
	}
	var plan, state, cfg connectedSystemModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := plan.Timeouts.Update(ctx, defaultUpdateTimeout)
	resp.Diagnostics.Append(diags...)
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	id, err := parseID(state.ID.ValueString())
	if err != nil {
		resp.Diagnostics.AddError("Invalid JIM connected system id in state", err.Error())
		return
	}
	def, err := r.client.ConnectorDefinitionByName(ctx, plan.Connector.ValueString())
	if err != nil {
		resp.Diagnostics.AddError(fmt.Sprintf("Unable to update JIM connected system %d", id), "Reading the connector definition: "+err.Error())
		return
	}
	rotate := !plan.SecretSettingsWOVersion.Equal(state.SecretSettingsWOVersion)
	upd, secrets, d := buildUpdate(def, &state, &plan, cfg.SecretSettingsWO, rotate)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	out := plan
	out.SecretSettingsWO = types.MapNull(types.StringType)
	if upd.IsEmpty() {
		// Only provider-side attributes changed (delete_change_history, timeouts): no API call.
		out.copyComputed(&state)
		resp.Diagnostics.Append(resp.State.Set(ctx, &out)...)
		return
	}
	cs, err := r.client.UpdateConnectedSystem(ctx, id, upd, secrets)
	if err != nil {
		resp.Diagnostics.AddError(fmt.Sprintf("Unable to update JIM connected system %d", id), err.Error())
		return
	}
	applySystem(&out, cs)
	resp.Diagnostics.Append(resp.State.Set(ctx, &out)...)
}

func (m *connectedSystemModel) copyComputed(from *connectedSystemModel) {
	m.ID = from.ID
	m.ConnectorID = from.ConnectorID
	m.Status = from.Status
	m.Created = from.Created
	m.SettingValuesValid = from.SettingValuesValid
	m.ObjectCount = from.ObjectCount
	m.PendingExportCount = from.PendingExportCount
	if m.MaxExportParallelism.IsUnknown() {
		m.MaxExportParallelism = from.MaxExportParallelism
	}
	if m.RequireSecureTransport.IsUnknown() {
		m.RequireSecureTransport = from.RequireSecureTransport
	}
	if m.UnresolvedReferenceHandling.IsUnknown() {
		m.UnresolvedReferenceHandling = from.UnresolvedReferenceHandling
	}
}

func (r *ConnectedSystemResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	if r.client == nil {
		errNotKnownYet(&resp.Diagnostics)
		return
	}
	var state connectedSystemModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := state.Timeouts.Delete(ctx, defaultDeleteTimeout)
	resp.Diagnostics.Append(diags...)
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	id, err := parseID(state.ID.ValueString())
	if err != nil {
		resp.Diagnostics.AddError("Invalid JIM connected system id in state", err.Error())
		return
	}
	summary := fmt.Sprintf("Unable to delete JIM connected system %d", id)
	if err := r.client.DeleteAndWait(ctx, id, state.DeleteChangeHistory.ValueBool()); err != nil {
		resp.Diagnostics.AddError(summary, err.Error())
	}
}

func (r *ConnectedSystemResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	var id int64
	var err error
	if name, ok := strings.CutPrefix(req.ID, "name:"); ok && r.client != nil {
		id, err = r.client.ConnectedSystemIDByName(ctx, name)
		if err != nil {
			resp.Diagnostics.AddError("Unable to import JIM connected system by name", err.Error())
			return
		}
	} else if id, err = parseID(req.ID); err != nil {
		resp.Diagnostics.AddError("Invalid import id", err.Error()+", or name:<name>. Import a JIM connected system by its id: terraform import syncops_jim_connected_system.NAME 12")
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), strconv.FormatInt(id, 10))...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("delete_change_history"), false)...)
	tflog.Debug(ctx, "imported JIM connected system", map[string]any{"id": id})
}
