package jim

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// systemID is the connected system's id in state; a malformed one is an error in diags.
func (m *connectedSystemModel) systemID(diags *diag.Diagnostics) (int64, bool) {
	id, err := parseID(m.ID.ValueString())
	if err != nil {
		diags.AddError("Invalid JIM connected system id in state", err.Error())
		return 0, false
	}
	return id, true
}

// readSystem reads connected system id into m as a refresh does: GET, then the settings (see
// refreshSettings; seen is what the settings in m were last seen at). Read and the list resource
// both map through it, so that a listed system's configuration plans empty once imported.
func (c *Client) readSystem(ctx context.Context, id int64, m *connectedSystemModel, seen settingsSeen) (settingsSeen, error) {
	cs, err := c.GetConnectedSystem(ctx, id)
	if err != nil {
		return settingsSeen{}, err
	}
	m.ID = types.StringValue(strconv.FormatInt(cs.ID, 10))
	applySystem(m, cs)
	return c.refreshSettings(ctx, cs, m, seen), nil
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
	if m.SynchronisedDeprovisioning.IsNull() || m.SynchronisedDeprovisioning.IsUnknown() {
		m.SynchronisedDeprovisioning = types.BoolValue(false)
	}
	if m.DeleteChangeHistory.IsNull() || m.DeleteChangeHistory.IsUnknown() {
		m.DeleteChangeHistory = types.BoolValue(false)
	}
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
