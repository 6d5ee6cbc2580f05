package jim

import (
	"context"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

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
	latest, err := r.Client.LatestVersion(ctx, id)
	if err != nil {
		tflog.Warn(ctx, "settings drift not checked: change history unreadable", map[string]any{"id": id, "error": err.Error()})
		return ""
	}
	version := strconv.FormatInt(latest, 10)
	if latest == 0 || version == seen {
		return ""
	}
	def, err := r.Client.ConnectorDefinitionByName(ctx, connector)
	if err != nil {
		tflog.Warn(ctx, "settings drift not checked: connector definition unreadable", map[string]any{"id": id, "error": err.Error()})
		return ""
	}
	snap, err := r.Client.SettingsAt(ctx, id, latest)
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
