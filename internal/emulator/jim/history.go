package jim

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"strconv"

	"github.com/syncops/terraform-provider-syncops/internal/emulator"
)

// Configuration change history.
//
// The reference gives only the snapshot's settingValues items, so the envelope is the emulator's
// choice. Every create and update of a connected system records a new version (1, 2, ...).
//
// GET /api/v1/synchronisation/connected-systems/{id}/change-history answers a JSON array, newest
// first:
//
//	[{"version":2,"changeType":"Update","changedAt":"2026-07-13T12:00:00Z","changedByType":"ApiKey",
//	  "changedByName":"Emulator API Key","changeReason":null,"activityId":"<guid>"}]
//
// GET .../change-history/{version} answers one version with its snapshot:
//
//	{"version":2,"changeType":"Update","changedAt":"...","changedByType":"ApiKey",
//	 "changedByName":"Emulator API Key","changeReason":null,"activityId":"<guid>",
//	 "snapshot":{"root":{"id":1,"name":"HR","description":null,"connectorDefinitionId":2,
//	   "connectorName":"JIM File Connector","maxExportParallelism":null,
//	   "initialPasswordTimeToLive":null,"requireSecureTransport":false,
//	   "unresolvedReferenceHandling":"Error",
//	   "settingValues":[{"itemId":12,"label":"File Path","value":"/data/hr.csv","isSecret":false}]}}}
//
// settingValues are in connector-definition order; value is always a string (integers in decimal,
// checkboxes "true"/"false"); StringEncrypted values are the lower-case hex HMAC-SHA256 of the value
// with isSecret true; settings without a value (null or empty strings and integers, headings,
// labels) are omitted. A missing system is 404 NOT_FOUND "Connected System with ID {id} not
// found."; a missing version is 404 NOT_FOUND "Change history version {v} not found for Connected
// System {id}.".
type historyVersion struct {
	Version       int      `json:"version"`
	ChangeType    string   `json:"changeType"`
	ChangedAt     jsonTime `json:"changedAt"`
	ChangedByType string   `json:"changedByType"`
	ChangedByName string   `json:"changedByName"`
	ChangeReason  *string  `json:"changeReason"`
	ActivityID    string   `json:"activityId"`

	snapshot snapshotRoot
}

type snapshotSetting struct {
	ItemID   int    `json:"itemId"`
	Label    string `json:"label"`
	Value    string `json:"value"`
	IsSecret bool   `json:"isSecret"`
}

type snapshotRoot struct {
	ID                          int               `json:"id"`
	Name                        string            `json:"name"`
	Description                 *string           `json:"description"`
	ConnectorDefinitionID       int               `json:"connectorDefinitionId"`
	ConnectorName               string            `json:"connectorName"`
	MaxExportParallelism        *int              `json:"maxExportParallelism"`
	InitialPasswordTimeToLive   *string           `json:"initialPasswordTimeToLive"`
	RequireSecureTransport      bool              `json:"requireSecureTransport"`
	UnresolvedReferenceHandling string            `json:"unresolvedReferenceHandling"`
	SettingValues               []snapshotSetting `json:"settingValues"`
}

// recordVersion captures the system's configuration after a create or update.
func (e *Emulator) recordVersion(cs *connectedSystem, changeType string, changeReason *string, act *activity) {
	root := snapshotRoot{
		ID: cs.id, Name: cs.name, Description: cs.description, ConnectorDefinitionID: cs.def.ID,
		ConnectorName: cs.def.Name, MaxExportParallelism: cs.maxExportParallelism,
		InitialPasswordTimeToLive: cs.initialPasswordTimeToLive, RequireSecureTransport: cs.requireSecureTransport,
		UnresolvedReferenceHandling: cs.unresolvedReferenceHandling, SettingValues: []snapshotSetting{},
	}
	for _, s := range cs.def.Settings {
		v := cs.values[s.ID]
		item := snapshotSetting{ItemID: s.ID, Label: s.Name}
		switch s.Type {
		case typeHeading, typeLabel, typeDivider:
			continue
		case typeCheckBox:
			item.Value = strconv.FormatBool(v.checkbox)
		case typeInteger:
			if v.intValue == nil {
				continue
			}
			item.Value = strconv.Itoa(*v.intValue)
		case typeStringEncrypted:
			if deref(v.encrypted) == "" {
				continue
			}
			mac := hmac.New(sha256.New, e.store.snapshotKey)
			mac.Write([]byte(*v.encrypted))
			item.Value, item.IsSecret = hex.EncodeToString(mac.Sum(nil)), true
		default:
			if deref(v.stringValue) == "" {
				continue
			}
			item.Value = *v.stringValue
		}
		root.SettingValues = append(root.SettingValues, item)
	}
	version := len(cs.history) + 1
	act.configVersion = &version
	cs.history = append(cs.history, &historyVersion{
		Version: version, ChangeType: changeType, ChangedAt: jsonTime(act.created), ChangedByType: "ApiKey",
		ChangedByName: apiKeyName, ChangeReason: changeReason, ActivityID: act.id, snapshot: root,
	})
}

func (e *Emulator) handleListChangeHistory(w http.ResponseWriter, r *http.Request) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.settleLocked()
	cs := e.lookupSystem(w, r)
	if cs == nil {
		return
	}
	out := make([]*historyVersion, 0, len(cs.history))
	for i := len(cs.history) - 1; i >= 0; i-- {
		out = append(out, cs.history[i])
	}
	emulator.WriteJSON(w, http.StatusOK, out)
}

type historyVersionDetail struct {
	*historyVersion
	Snapshot struct {
		Root snapshotRoot `json:"root"`
	} `json:"snapshot"`
}

func (e *Emulator) handleGetChangeHistoryVersion(w http.ResponseWriter, r *http.Request) {
	version, ok := intPathValue(r, "version")
	if !ok {
		writeWebUIPage(w)
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.settleLocked()
	cs := e.lookupSystem(w, r)
	if cs == nil {
		return
	}
	if version < 1 || version > len(cs.history) {
		e.notFound(w, fmt.Sprintf("Change history version %d not found for Connected System %d.", version, cs.id))
		return
	}
	d := historyVersionDetail{historyVersion: cs.history[version-1]}
	d.Snapshot.Root = d.snapshot
	emulator.WriteJSON(w, http.StatusOK, d)
}
