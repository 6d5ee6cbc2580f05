package jim

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/syncops/terraform-provider-syncops/internal/transport"
)

// SnapshotSetting is one setting value in a configuration change-history snapshot. Secret values
// are HMAC hashes there (IsSecret), and unset settings are left out.
type SnapshotSetting struct {
	ItemID   int64  `json:"itemId"`
	Label    string `json:"label"`
	Value    string `json:"value"`
	IsSecret bool   `json:"isSecret"`
}

// ChangeVersion is one entry of a connected system's configuration change history.
type ChangeVersion struct {
	Version int64 `json:"version"`
}

// versionList accepts the history as a plain array or a paginated envelope.
type versionList []ChangeVersion

func (v *versionList) UnmarshalJSON(b []byte) error {
	if len(bytes.TrimSpace(b)) > 0 && bytes.TrimSpace(b)[0] == '[' {
		return json.Unmarshal(b, (*[]ChangeVersion)(v))
	}
	var env struct {
		Items []ChangeVersion `json:"items"`
	}
	if err := json.Unmarshal(b, &env); err != nil {
		return err
	}
	*v = env.Items
	return nil
}

// LatestVersion returns the newest configuration change-history version of a connected system,
// or 0 when it has none.
func (c *Client) LatestVersion(ctx context.Context, id int64) (int64, error) {
	var versions versionList
	if _, err := c.api.DoJSON(ctx, &transport.Request{Method: http.MethodGet, Path: systemPath(id) + "/change-history"}, &versions); err != nil {
		return 0, err
	}
	latest := int64(0)
	for _, v := range versions {
		latest = max(latest, v.Version)
	}
	return latest, nil
}

// SettingsAt reads the setting values of a connected system from one configuration snapshot
// (JIM's only way to read settings back), keyed by setting id.
func (c *Client) SettingsAt(ctx context.Context, id, version int64) (map[int64]SnapshotSetting, error) {
	var detail struct {
		Snapshot *struct {
			Root *struct {
				SettingValues []SnapshotSetting `json:"settingValues"`
			} `json:"root"`
		} `json:"snapshot"`
	}
	p := systemPath(id) + "/change-history/" + strconv.FormatInt(version, 10)
	if _, err := c.api.DoJSON(ctx, &transport.Request{Method: http.MethodGet, Path: p}, &detail); err != nil {
		return nil, err
	}
	if detail.Snapshot == nil || detail.Snapshot.Root == nil {
		return nil, fmt.Errorf("JIM API: GET %s: the answer has no snapshot.root", p)
	}
	out := map[int64]SnapshotSetting{}
	for _, s := range detail.Snapshot.Root.SettingValues {
		out[s.ItemID] = s
	}
	return out, nil
}

// NormaliseSettingValue renders a snapshot value the way the configuration writes it ("true",
// "389"), so that only real changes show as drift.
func NormaliseSettingValue(s ConnectorSetting, v string) string {
	switch s.Type {
	case SettingCheckBox:
		if b, err := strconv.ParseBool(v); err == nil {
			return strconv.FormatBool(b)
		}
	case SettingInteger:
		if n, err := strconv.ParseInt(v, 10, 64); err == nil {
			return strconv.FormatInt(n, 10)
		}
	}
	return v
}

// SettingValuesEquivalent reports whether JIM stores configured as remote: JIM trims every string
// value, and integers and checkboxes read back in canonical form ("0389" is 389).
func SettingValuesEquivalent(s ConnectorSetting, configured, remote string) bool {
	return NormaliseSettingValue(s, strings.TrimSpace(configured)) == NormaliseSettingValue(s, remote)
}
