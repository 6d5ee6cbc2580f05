package jim

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/syncops/terraform-provider-syncops/internal/emulator"
)

// Configuration change history.
//
// The reference names the routes and says that a version's snapshot.root holds a settingValues
// collection whose items carry itemId, label and value (secrets as an HMAC, unset settings left
// out). The shapes around that follow JIM's own source: a snapshot is a generic tree of nodes
// (ConfigurationSnapshot, ConfigurationSnapshotNode), a diff mirrors it with a change type and both
// values (ConfigurationDiff, ConfigurationDiffService), and the list is a PaginatedResponse of
// ConfigurationChangeHistoryItem, newest version first, each row carrying its diff against the
// version before it (ChangeHistoryServer.GetConfigurationChangeHistoryAsync).
//
// Every create and update of a connected system records a new version (1, 2, ...).
//
//	GET .../connected-systems/{id}/change-history?page=1&pageSize=25
//	  {"items":[{"activityId":"<guid>","version":2,"operation":"Update","initiatedByType":"ApiKey",
//	    "initiatedById":"<guid>","initiatedByName":"Emulator API Key","when":"...","reason":null,
//	    "summary":"Settings","diff":{...}}],"totalCount":2,"page":1,"pageSize":25,...}
//	GET .../change-history/{version}
//	  {"activityId":"...","version":2,"operation":"Update",...,"snapshot":{"schemaVersion":1,
//	    "objectType":"ConnectedSystem","objectId":1,"objectName":"HR","root":{"key":"connectedSystem",
//	    "label":"Connected System","nodeType":"Object",...,"children":[...,{"key":"settingValues",
//	    "label":"Settings","nodeType":"Collection","children":[{"key":"File Path","label":"File Path",
//	    "nodeType":"Scalar","value":"/data/hr.csv","isSecret":false,"itemId":12,...}]},...]}},
//	    "diff":{...}}
//	GET .../change-history/compare?fromVersion=1&toVersion=2   a ConfigurationDiff
//
// Setting values are strings (integers in decimal, checkboxes "true"/"false"); StringEncrypted
// values are the base64 HMAC-SHA256 of the value with isSecret true; settings without a value are
// left out. The first version's diff (or the oldest one left) shows the whole object as added.
type historyVersion struct {
	version    int
	activityID string
	operation  string
	when       time.Time
	reason     *string
	snapshot   configurationSnapshot
}

// Node types and change types, as JIM's enums serialise.
const (
	nodeScalar     = "Scalar"
	nodeObject     = "Object"
	nodeCollection = "Collection"

	changeUnchanged = "Unchanged"
	changeAdded     = "Added"
	changeRemoved   = "Removed"
	changeModified  = "Modified"
)

// snapshotNode is ConfigurationSnapshotNode.
type snapshotNode struct {
	Key          string          `json:"key"`
	Label        *string         `json:"label"`
	NodeType     string          `json:"nodeType"`
	Value        *string         `json:"value"`
	DisplayValue *string         `json:"displayValue"`
	IsSecret     bool            `json:"isSecret"`
	ItemID       *int            `json:"itemId"`
	Children     []*snapshotNode `json:"children"`
}

// configurationSnapshot is ConfigurationSnapshot.
type configurationSnapshot struct {
	SchemaVersion int           `json:"schemaVersion"`
	ObjectType    string        `json:"objectType"`
	ObjectID      int           `json:"objectId"`
	ObjectName    *string       `json:"objectName"`
	Root          *snapshotNode `json:"root"`
}

// diffNode is ConfigurationDiffNode.
type diffNode struct {
	Key             string      `json:"key"`
	Label           *string     `json:"label"`
	NodeType        string      `json:"nodeType"`
	ChangeType      string      `json:"changeType"`
	OldValue        *string     `json:"oldValue"`
	NewValue        *string     `json:"newValue"`
	OldDisplayValue *string     `json:"oldDisplayValue"`
	NewDisplayValue *string     `json:"newDisplayValue"`
	IsSecret        bool        `json:"isSecret"`
	ItemID          *int        `json:"itemId"`
	Children        []*diffNode `json:"children"`
}

// configurationDiff is ConfigurationDiff (HasChanges is a computed property System.Text.Json writes).
type configurationDiff struct {
	ObjectType    string    `json:"objectType"`
	ObjectID      int       `json:"objectId"`
	ObjectGUIDID  *string   `json:"objectGuidId"`
	ObjectName    *string   `json:"objectName"`
	OldVersion    *int      `json:"oldVersion"`
	NewVersion    *int      `json:"newVersion"`
	Root          *diffNode `json:"root"`
	AddedCount    int       `json:"addedCount"`
	RemovedCount  int       `json:"removedCount"`
	ModifiedCount int       `json:"modifiedCount"`
	HasChanges    bool      `json:"hasChanges"`
}

// historyItem is ConfigurationChangeHistoryItem, one row of the list.
type historyItem struct {
	ActivityID      string             `json:"activityId"`
	Version         int                `json:"version"`
	Operation       string             `json:"operation"`
	InitiatedByType string             `json:"initiatedByType"`
	InitiatedByID   *string            `json:"initiatedById"`
	InitiatedByName *string            `json:"initiatedByName"`
	When            jsonTime           `json:"when"`
	Reason          *string            `json:"reason"`
	Summary         string             `json:"summary"`
	Diff            *configurationDiff `json:"diff"`
}

// historyDetail is ConfigurationChangeDetail, one version in full.
type historyDetail struct {
	ActivityID      string                 `json:"activityId"`
	Version         int                    `json:"version"`
	Operation       string                 `json:"operation"`
	InitiatedByType string                 `json:"initiatedByType"`
	InitiatedByName *string                `json:"initiatedByName"`
	When            jsonTime               `json:"when"`
	Reason          *string                `json:"reason"`
	Snapshot        *configurationSnapshot `json:"snapshot"`
	Diff            *configurationDiff     `json:"diff"`
}

func strPtr(s string) *string { return &s }

// scalar adds a scalar node unless the value is empty (JIM's Add helper skips empties).
func scalar(children []*snapshotNode, key, value, label string) []*snapshotNode {
	if value == "" {
		return children
	}
	return append(children, &snapshotNode{Key: key, Label: strPtr(label), NodeType: nodeScalar, Value: strPtr(value)})
}

// spaced renders an enum value the way JIM displays it ("FullImport" is "Full Import").
func spaced(v string) string {
	var b strings.Builder
	for i, r := range v {
		if i > 0 && unicode.IsUpper(r) {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// snapshotOf captures a connected system's configuration as JIM's ConfigurationSnapshotService does:
// scalars, the setting values (secrets as a keyed hash), run profiles, object types and partitions.
func (e *Emulator) snapshotOf(cs *connectedSystem) configurationSnapshot {
	var children []*snapshotNode
	children = scalar(children, "name", cs.name, "Name")
	children = scalar(children, "description", deref(cs.description), "Description")
	children = append(children, &snapshotNode{Key: "connectorDefinitionId", Label: strPtr("Connector"), NodeType: nodeScalar,
		Value: strPtr(strconv.Itoa(cs.def.ID)), DisplayValue: strPtr(fmt.Sprintf("%s (%d)", cs.def.Name, cs.def.ID))})
	if cs.maxExportParallelism != nil {
		children = scalar(children, "maxExportParallelism", strconv.Itoa(*cs.maxExportParallelism), "Max export parallelism")
	}

	settings := &snapshotNode{Key: "settingValues", Label: strPtr("Settings"), NodeType: nodeCollection, Children: []*snapshotNode{}}
	for _, s := range cs.def.Settings {
		v := cs.values[s.ID]
		item := &snapshotNode{Key: s.Name, Label: strPtr(s.Name), NodeType: nodeScalar, ItemID: intPtr(s.ID)}
		var value string
		switch s.Type {
		case typeHeading, typeLabel, typeDivider:
			continue
		case typeStringEncrypted:
			if deref(v.encrypted) == "" {
				continue
			}
			mac := hmac.New(sha256.New, e.store.snapshotKey)
			mac.Write([]byte(*v.encrypted))
			value, item.IsSecret = base64.StdEncoding.EncodeToString(mac.Sum(nil)), true
		case typeCheckBox:
			value = strconv.FormatBool(v.checkbox)
		case typeInteger:
			if v.intValue != nil {
				value = strconv.Itoa(*v.intValue)
			}
		default:
			value = deref(v.stringValue)
		}
		if value == "" {
			continue
		}
		item.Value = strPtr(value)
		settings.Children = append(settings.Children, item)
	}
	children = append(children, settings)

	profiles := &snapshotNode{Key: "runProfiles", Label: strPtr("Run Profiles"), NodeType: nodeCollection, Children: []*snapshotNode{}}
	for _, rp := range cs.runProfiles {
		var c []*snapshotNode
		c = scalar(c, "name", rp.name, "Name")
		c = append(c, &snapshotNode{Key: "runType", Label: strPtr("Run type"), NodeType: nodeScalar, Value: strPtr(rp.runType), DisplayValue: strPtr(spaced(rp.runType))})
		c = scalar(c, "pageSize", strconv.Itoa(rp.pageSize), "Page size")
		c = scalar(c, "filePath", deref(rp.filePath), "File path")
		if rp.partitionID != nil {
			c = scalar(c, "partitionId", strconv.Itoa(*rp.partitionID), "Partition")
		}
		profiles.Children = append(profiles.Children, &snapshotNode{Key: "runProfile", Label: strPtr("Run Profile"), NodeType: nodeObject, ItemID: intPtr(rp.id), Children: c})
	}
	children = append(children, profiles,
		&snapshotNode{Key: "objectTypes", Label: strPtr("Object Types"), NodeType: nodeCollection, Children: []*snapshotNode{}})

	partitions := &snapshotNode{Key: "partitions", Label: strPtr("Partitions"), NodeType: nodeCollection, Children: []*snapshotNode{}}
	for _, p := range cs.partitions {
		var c []*snapshotNode
		c = scalar(c, "name", p.name, "Name")
		c = scalar(c, "externalId", p.externalID, "External ID")
		c = scalar(c, "selected", strconv.FormatBool(p.selected), "Selected")
		c = append(c, &snapshotNode{Key: "containers", Label: strPtr("Containers"), NodeType: nodeCollection, Children: []*snapshotNode{}})
		partitions.Children = append(partitions.Children, &snapshotNode{Key: "partition", Label: strPtr("Partition"), NodeType: nodeObject, ItemID: intPtr(p.id), Children: c})
	}
	children = append(children, partitions)

	return configurationSnapshot{
		SchemaVersion: 1, ObjectType: "ConnectedSystem", ObjectID: cs.id, ObjectName: strPtr(cs.name),
		Root: &snapshotNode{Key: "connectedSystem", Label: strPtr("Connected System"), NodeType: nodeObject, Children: children},
	}
}

// recordVersion captures the system's configuration after a create or update.
func (e *Emulator) recordVersion(cs *connectedSystem, operation string, changeReason *string, act *activity) {
	version := len(cs.history) + 1
	act.configVersion = &version
	cs.history = append(cs.history, &historyVersion{
		version: version, activityID: act.id, operation: operation, when: act.created, reason: changeReason,
		snapshot: e.snapshotOf(cs),
	})
}

// at returns version v of cs, or nil.
func (cs *connectedSystem) at(v int) *historyVersion {
	if v < 1 || v > len(cs.history) {
		return nil
	}
	return cs.history[v-1]
}

// diffAgainstPrevious diffs version v against the version before it (none for the first).
func (cs *connectedSystem) diffAgainstPrevious(h *historyVersion) *configurationDiff {
	var old *configurationSnapshot
	var oldVersion *int
	if prev := cs.at(h.version - 1); prev != nil {
		old, oldVersion = &prev.snapshot, intPtr(prev.version)
	}
	return diffSnapshots(old, h.snapshot, oldVersion, intPtr(h.version))
}

func (e *Emulator) handleListChangeHistory(w http.ResponseWriter, r *http.Request) {
	p, ok := e.readPagination(w, r)
	if !ok {
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.settleLocked()
	cs := e.lookupSystem(w, r)
	if cs == nil {
		return
	}
	newestFirst := make([]*historyVersion, 0, len(cs.history))
	for i := len(cs.history) - 1; i >= 0; i-- {
		newestFirst = append(newestFirst, cs.history[i])
	}
	page := paginate(newestFirst, p.page, p.pageSize)
	items := make([]historyItem, 0, len(page.Items))
	for _, h := range page.Items {
		d := cs.diffAgainstPrevious(h)
		// Only the object's first version is a creation; every later one is an update of it.
		operation, summary := "Update", summarise(d)
		if h.version == 1 {
			operation, summary = "Create", "Created"
		}
		items = append(items, historyItem{ActivityID: h.activityID, Version: h.version, Operation: operation,
			InitiatedByType: "ApiKey", InitiatedByID: strPtr(apiKeyID), InitiatedByName: strPtr(apiKeyName),
			When: jsonTime(h.when), Reason: h.reason, Summary: summary, Diff: d})
	}
	emulator.WriteJSON(w, http.StatusOK, paginated[historyItem]{Items: items, TotalCount: page.TotalCount, Page: page.Page,
		PageSize: page.PageSize, TotalPages: page.TotalPages, HasNextPage: page.HasNextPage, HasPreviousPage: page.HasPreviousPage})
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
	h := cs.at(version)
	if h == nil {
		e.notFound(w, fmt.Sprintf("No change history found for Connected System %d version %d.", cs.id, version))
		return
	}
	snap := h.snapshot
	emulator.WriteJSON(w, http.StatusOK, historyDetail{ActivityID: h.activityID, Version: h.version, Operation: h.operation,
		InitiatedByType: "ApiKey", InitiatedByName: strPtr(apiKeyName), When: jsonTime(h.when), Reason: h.reason,
		Snapshot: &snap, Diff: cs.diffAgainstPrevious(h)})
}

// handleCompareChangeHistory diffs toVersion against fromVersion (a missing fromVersion compares
// against nothing, as JIM does); a missing toVersion is 404. Missing query values bind as 0.
func (e *Emulator) handleCompareChangeHistory(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	errs := map[string][]string{}
	var from, to int
	queryInt(q, "fromVersion", "fromVersion", &from, errs)
	queryInt(q, "toVersion", "toVersion", &to, errs)
	if len(errs) > 0 {
		writeProblem(w, errs)
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.settleLocked()
	cs := e.lookupSystem(w, r)
	if cs == nil {
		return
	}
	newer := cs.at(to)
	if newer == nil {
		e.notFound(w, fmt.Sprintf("Could not compare versions %d and %d for Connected System %d.", from, to, cs.id))
		return
	}
	var old *configurationSnapshot
	var oldVersion *int
	if h := cs.at(from); h != nil {
		old, oldVersion = &h.snapshot, intPtr(h.version)
	}
	emulator.WriteJSON(w, http.StatusOK, diffSnapshots(old, newer.snapshot, oldVersion, intPtr(to)))
}
