package jim

import (
	"context"
	"encoding/json"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/syncops/terraform-provider-syncops/internal/base"
)

// Private state keys of a connected system: what the settings in state were last seen at.
const (
	// settingsVersionKey keeps the change-history version whose snapshot the settings in state
	// reflect: while JIM's newest version is the same, the snapshot need not be read again.
	settingsVersionKey = "jim_settings_version"
	// settingsLastUpdatedKey keeps JIM's lastUpdated (the JSON value, `null` for a system never
	// updated) at which the settings in state were known to be JIM's: while GET answers the same
	// lastUpdated, no change history is read at all. JIM sets lastUpdated on every update of a
	// connected system, settings included; its list does not carry it.
	settingsLastUpdatedKey = "jim_settings_last_updated"
)

// settingsSeen is what private state says the settings in state were read at. Empty fields are
// unknown: a resource imported or written by an older provider, or one whose settings this process
// changed (then the next read looks at the change history again).
type settingsSeen struct {
	Version     string
	LastUpdated string
}

func loadSettingsSeen(ctx context.Context, p base.PrivateGetter) settingsSeen {
	v, _ := p.GetKey(ctx, settingsVersionKey)
	u, _ := p.GetKey(ctx, settingsLastUpdatedKey)
	return settingsSeen{Version: string(v), LastUpdated: string(u)}
}

// store keeps the known fields; an unknown one leaves the key as it is.
func (s settingsSeen) store(ctx context.Context, p base.PrivateSetter) diag.Diagnostics {
	var diags diag.Diagnostics
	if s.Version != "" {
		diags.Append(p.SetKey(ctx, settingsVersionKey, []byte(s.Version))...)
	}
	if s.LastUpdated != "" {
		diags.Append(p.SetKey(ctx, settingsLastUpdatedKey, []byte(s.LastUpdated))...)
	}
	return diags
}

// lastUpdatedMark is cs's lastUpdated as private state keeps it.
func lastUpdatedMark(cs *ConnectedSystem) string {
	b, _ := json.Marshal(cs.LastUpdated)
	return string(b)
}

// refreshSettings brings the settings in m up to date for cs, just read with GET, so that a setting
// changed outside Terraform shows as drift. When JIM's lastUpdated is the one the settings were
// last seen at, nothing changed and nothing is read; otherwise the newest change-history row is
// read (readSettings). It returns what the
// settings in m now reflect (fields it could not establish stay empty).
func (c *Client) refreshSettings(ctx context.Context, cs *ConnectedSystem, m *connectedSystemModel, seen settingsSeen) settingsSeen {
	mark := lastUpdatedMark(cs)
	if seen.LastUpdated != "" && seen.LastUpdated == mark {
		return settingsSeen{}
	}
	version, ok := c.readSettings(ctx, cs.ID, cs.Connector.Name, m, seen.Version)
	if !ok {
		return settingsSeen{}
	}
	// A change made after the GET and before the history was listed bumps lastUpdated again, so
	// keeping the GET's value can only make the next read look again, never miss a change.
	return settingsSeen{Version: version, LastUpdated: mark}
}

// readSettings takes the settings in m from JIM's newest configuration version. Managed settings
// (the keys in state) take its value; after an import (no settings in state) the settings that
// differ from the connector's defaults are adopted. Secret settings are hashed there and never
// compared.
//
// One request: the change-history list's newest row, whose diff carries every setting of that
// version. Only a JIM whose list rows carry no diff costs the version's snapshot too. seen is the
// version the state already reflects: while it is JIM's newest, nothing is compared. It returns
// the newest version ("" when the system has none) and ok=false when the change history or the
// connector could not be read (logged; the state's settings are kept).
func (c *Client) readSettings(ctx context.Context, id int64, connector string, m *connectedSystemModel, seen string) (version string, ok bool) {
	latest, err := c.LatestChange(ctx, id)
	if err != nil {
		tflog.Warn(ctx, "settings drift not checked: change history unreadable", map[string]any{"id": id, "error": err.Error()})
		return "", false
	}
	if latest.Version == 0 {
		return "", true
	}
	version = strconv.FormatInt(latest.Version, 10)
	if version == seen {
		return version, true
	}
	def, err := c.ConnectorDefinitionByName(ctx, connector)
	if err != nil {
		tflog.Warn(ctx, "settings drift not checked: connector definition unreadable", map[string]any{"id": id, "error": err.Error()})
		return "", false
	}
	snap := latest.Settings
	if snap == nil {
		if snap, err = c.SettingsAt(ctx, id, latest.Version); err != nil {
			tflog.Warn(ctx, "settings drift not checked: change history unreadable", map[string]any{"id": id, "error": err.Error()})
			return "", false
		}
	}
	current := map[string]string{}
	for _, s := range def.Settings {
		v, found := snap[s.ID]
		if !found || v.IsSecret || !s.HasValue() || s.Type == SettingStringEncrypted {
			continue
		}
		current[s.Name] = NormaliseSettingValue(s, v.Value)
	}
	m.Settings = mergeSettings(def, m.Settings, current)
	return version, true
}

// mergeSettings is the settings attribute for the values JIM holds (current, by name): the
// managed keys of settings take JIM's values (a configured value JIM stores equivalently is kept as
// written); with no settings managed, those that differ from the connector's defaults.
func mergeSettings(def *ConnectorDefinition, settings types.Map, current map[string]string) types.Map {
	var diags diag.Diagnostics
	managed, _ := stringMap(settings, &diags)
	out := map[string]attr.Value{}
	if settings.IsNull() {
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
		if len(out) == 0 {
			return settings
		}
		return types.MapValueMust(types.StringType, out)
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
	return types.MapValueMust(types.StringType, out)
}
