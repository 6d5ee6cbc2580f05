package jim

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/syncops/terraform-provider-syncops/internal/transport"
)

// ModifyPlan checks settings against the connector definition (plan-time errors instead of
// apply-time ones) and, on destroy, leaves JIM untouched.
func (r *ConnectedSystemResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if !r.Ready() {
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
	def, err := r.Client.ConnectorDefinitionByName(ctx, plan.Connector.ValueString())
	if err != nil {
		if transport.IsNotFound(err) {
			resp.Diagnostics.AddAttributeError(path.Root("connector"), "Unknown JIM connector",
				fmt.Sprintf("JIM has no connector definition named %q. %s", plan.Connector.ValueString(), r.connectorNames(ctx)))
			return
		}
		resp.Diagnostics.AddAttributeError(path.Root("connector"), "Unable to read JIM connector definition", platform.ErrorDetail(err, ""))
		return
	}
	if req.State.Raw.IsNull() {
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("connector_id"), def.ID)...)
	}
	resp.Diagnostics.Append(validateSettings(def, cfg.Settings, cfg.SecretSettingsWO, state != nil && state.Connector.Equal(plan.Connector))...)
	if state != nil && state.Connector.Equal(plan.Connector) {
		resp.Diagnostics.Append(warnUnclearableSettings(def, state.Settings, cfg.Settings)...)
		if writesSystem(state, &plan) {
			// JIM computes setting_values_valid again on a write (a system created without
			// settings holds false until one): kept from state, the planned value could differ
			// from JIM's answer, which Terraform refuses as an inconsistent result.
			resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("setting_values_valid"), types.BoolUnknown())...)
		}
		r.planSecretsChange(ctx, req, resp, state, &plan, &cfg)
	}
}

// writesSystem reports a plan whose update sends JIM a PUT (buildUpdate's fields): a name,
// description, settings or system option that changes, or secrets sent again by their version.
func writesSystem(state, plan *connectedSystemModel) bool {
	changed := func(a, b attr.Value) bool { return !a.IsNull() && !a.Equal(b) }
	return !plan.Name.Equal(state.Name) || !plan.Description.Equal(state.Description) ||
		!plan.Settings.Equal(state.Settings) || !plan.SecretSettingsWOVersion.Equal(state.SecretSettingsWOVersion) ||
		changed(plan.MaxExportParallelism, state.MaxExportParallelism) ||
		changed(plan.RequireSecureTransport, state.RequireSecureTransport) ||
		changed(plan.UnresolvedReferenceHandling, state.UnresolvedReferenceHandling)
}

// planSecretsChange plans an update when the configured secrets differ from the ones last sent
// while their version stayed: setting_values_valid, which JIM computes again on every settings
// write, becomes unknown (that is the diff the plan shows), and a warning names the attribute.
func (r *ConnectedSystemResource) planSecretsChange(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse, state, plan, cfg *connectedSystemModel) {
	if !plan.SecretSettingsWOVersion.Equal(state.SecretSettingsWOVersion) {
		return // the version sends them anyway
	}
	changed, d := secretsChanged(ctx, req.Private, cfg.SecretSettingsWO)
	resp.Diagnostics.Append(d...)
	if !changed {
		return
	}
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("setting_values_valid"), types.BoolUnknown())...)
	resp.Diagnostics.AddAttributeWarning(path.Root("secret_settings_wo"), "JIM secret settings changed",
		"secret_settings_wo changed since it was last sent; it will be sent to JIM in this apply, without a change of secret_settings_wo_version.")
}

// validateSettings checks names, kinds and value types, and that the required settings are there.
// existing is a system that exists (an update, or an import): JIM keeps the secrets it holds when an
// update does not send them, so a secret setting left out of secret_settings_wo is not missing.
func validateSettings(def *ConnectorDefinition, settings, secrets types.Map, existing bool) diag.Diagnostics {
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
		given := supplied(plain, s.Name) || supplied(secret, s.Name) || (existing && s.Type == SettingStringEncrypted)
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
	defs, err := r.Client.ListConnectorDefinitions(ctx)
	if err != nil || len(defs) == 0 {
		return ""
	}
	names := make([]string, len(defs))
	for i, d := range defs {
		names[i] = strconv.Quote(d.Name)
	}
	return "Available connectors: " + strings.Join(names, ", ") + "."
}
