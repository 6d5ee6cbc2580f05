package jim

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/syncops/terraform-provider-syncops/internal/transport"
)

// SnapshotSetting is one setting value in a configuration change-history snapshot. Secret values
// are HMAC hashes there (IsSecret), and unset settings are left out.
type SnapshotSetting struct {
	ItemID   int64
	Label    string
	Value    string
	IsSecret bool
}

// historyNode is a node of JIM's configuration trees: a snapshot node (ConfigurationSnapshotNode,
// with value) or a diff node (ConfigurationDiffNode, with newValue and changeType). A connected
// system's root holds, among its children, the "settingValues" collection, one item per set
// setting (itemId is the setting's id).
type historyNode struct {
	Key        string          `json:"key"`
	Label      string          `json:"label"`
	Value      *string         `json:"value"`
	NewValue   *string         `json:"newValue"`
	ChangeType json.RawMessage `json:"changeType"`
	IsSecret   bool            `json:"isSecret"`
	ItemID     *int64          `json:"itemId"`
	Children   []historyNode   `json:"children"`
}

// child is the direct child with the given key.
func (n *historyNode) child(key string) *historyNode {
	for i := range n.Children {
		if n.Children[i].Key == key {
			return &n.Children[i]
		}
	}
	return nil
}

// removed reports a diff node whose item is gone from the newer version (changeType "Removed",
// or 2 where enums are written as numbers).
func (n *historyNode) removed() bool {
	ct := strings.Trim(string(bytes.TrimSpace(n.ChangeType)), `"`)
	return ct == "Removed" || ct == "2"
}

// settingsOf reads the setting values under root; fromDiff takes each item's newValue and skips
// removed items. ok=false when root has no settingValues collection.
func settingsOf(root *historyNode, fromDiff bool) (map[int64]SnapshotSetting, bool) {
	if root == nil {
		return nil, false
	}
	coll := root.child("settingValues")
	if coll == nil {
		return nil, false
	}
	out := map[int64]SnapshotSetting{}
	for _, it := range coll.Children {
		if it.ItemID == nil || (fromDiff && it.removed()) {
			continue
		}
		v := it.Value
		if fromDiff {
			v = it.NewValue
		}
		s := SnapshotSetting{ItemID: *it.ItemID, Label: it.Label, IsSecret: it.IsSecret}
		if v != nil {
			s.Value = *v
		}
		out[s.ItemID] = s
	}
	return out, true
}

// historyItem is one row of the change-history list (ConfigurationChangeHistoryItem). JIM carries
// each row's diff against the version before it; a diff holds the new value of every setting the
// version has, changed or not, so the newest row alone tells the current settings.
type historyItem struct {
	Version int64 `json:"version"`
	Diff    *struct {
		Root *historyNode `json:"root"`
	} `json:"diff"`
}

// LatestChange is the newest configuration version of a connected system (0 when it has none)
// and, when the list's diff carries them, the setting values at that version (Settings nil
// otherwise: read them with SettingsAt).
type LatestChange struct {
	Version  int64
	Settings map[int64]SnapshotSetting
}

// LatestChange lists the newest row of a connected system's configuration change history: one
// request for the version and, from its diff, the settings.
func (c *Client) LatestChange(ctx context.Context, id int64) (LatestChange, error) {
	// A PaginatedResponse, newest first; the largest version is taken all the same.
	var page struct {
		Items []historyItem `json:"items"`
	}
	req := &transport.Request{Method: http.MethodGet, Path: systemPath(id) + "/change-history", Query: url.Values{"page": {"1"}, "pageSize": {"1"}}}
	if _, err := c.api.DoJSON(ctx, req, &page); err != nil {
		return LatestChange{}, err
	}
	var newest *historyItem
	for i := range page.Items {
		if newest == nil || page.Items[i].Version > newest.Version {
			newest = &page.Items[i]
		}
	}
	if newest == nil || newest.Version <= 0 {
		return LatestChange{}, nil
	}
	out := LatestChange{Version: newest.Version}
	if newest.Diff != nil {
		out.Settings, _ = settingsOf(newest.Diff.Root, true)
	}
	return out, nil
}

// SettingsAt reads the setting values of a connected system from one configuration snapshot
// (JIM's only way to read settings back when the list carries no diff), keyed by setting id.
func (c *Client) SettingsAt(ctx context.Context, id, version int64) (map[int64]SnapshotSetting, error) {
	var detail struct {
		Snapshot *struct {
			Root *historyNode `json:"root"`
		} `json:"snapshot"`
	}
	p := systemPath(id) + "/change-history/" + strconv.FormatInt(version, 10)
	if _, err := c.api.DoJSON(ctx, &transport.Request{Method: http.MethodGet, Path: p}, &detail); err != nil {
		return nil, err
	}
	if detail.Snapshot == nil {
		return nil, fmt.Errorf("JIM API: GET %s: the answer has no snapshot", p)
	}
	out, ok := settingsOf(detail.Snapshot.Root, false)
	if !ok {
		return nil, fmt.Errorf("JIM API: GET %s: the snapshot has no settingValues collection under its root", p)
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
