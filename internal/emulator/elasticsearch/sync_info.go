package elasticsearch

import (
	"fmt"
	"net/http"
	"time"
)

// _features and _last_sync: what the connector service reports about a connector. Both are
// partial updates straight to the document (⚡): objects merge, a missing connector is
// document_missing_exception.

var featureFlags = []string{"document_level_security", "incremental_sync", "native_connector_api_keys"}

// parseFeatures is ConnectorFeatures' lenient parser: the known flags ({"enabled": bool}) and
// sync_rules.{advanced,basic} are kept, anything else is dropped; a flag without enabled is left
// out. It returns the field that is not an object when one is not.
func parseFeatures(in map[string]any) (map[string]any, string) {
	flag := func(v any) (map[string]any, bool) {
		m, ok := v.(map[string]any)
		if !ok {
			return nil, false
		}
		if on, ok := m["enabled"].(bool); ok {
			return map[string]any{"enabled": on}, true
		}
		return nil, true
	}
	out := map[string]any{}
	for _, k := range featureFlags {
		if v, has := in[k]; has {
			f, ok := flag(v)
			if !ok {
				return nil, k
			}
			if f != nil {
				out[k] = f
			}
		}
	}
	if v, has := in["sync_rules"]; has {
		rules, ok := v.(map[string]any)
		if !ok {
			return nil, "sync_rules"
		}
		sr := map[string]any{}
		for _, k := range []string{"advanced", "basic"} {
			if v, has := rules[k]; has {
				f, ok := flag(v)
				if !ok {
					return nil, "sync_rules"
				}
				if f != nil {
					sr[k] = f
				}
			}
		}
		out["sync_rules"] = sr
	}
	return out, ""
}

func (p *Platform) handleUpdateFeatures(w http.ResponseWriter, r *http.Request) {
	body, ok := readBody(w, r, "connector_update_features_request", map[string]string{"features": kindObject}, false)
	if !ok {
		return
	}
	raw, _ := body["features"].(map[string]any)
	if raw == nil {
		writeValidation(w, "[features] cannot be [null].")
		return
	}
	features, bad := parseFeatures(raw)
	if bad != "" {
		writeErrorCause(w, http.StatusBadRequest, map[string]any{
			"type": "x_content_parse_exception", "reason": "[1:1] [connector_update_features_request] failed to parse field [features]",
			"caused_by": map[string]any{"type": "x_content_parse_exception", "reason": fmt.Sprintf("[1:1] [connector_features] %s doesn't support values of this type", bad)},
		})
		return
	}
	p.update(w, r.PathValue("id"), true, func(c map[string]any) bool {
		current, _ := c["features"].(map[string]any)
		if current == nil {
			current = map[string]any{}
			c["features"] = current
		}
		deepMerge(current, features)
		return true
	})
}

// lastSyncFields are the fields of connector.last_sync (UpdateConnectorLastSyncStatsAction).
var lastSyncFields = map[string]string{
	"last_access_control_sync_error":        kindStringOrNull,
	"last_access_control_sync_scheduled_at": kindStringOrNull,
	"last_access_control_sync_status":       kindStringOrNull,
	"last_deleted_document_count":           kindLong,
	"last_incremental_sync_scheduled_at":    kindStringOrNull,
	"last_indexed_document_count":           kindLong,
	"last_sync_error":                       kindStringOrNull,
	"last_sync_scheduled_at":                kindStringOrNull,
	"last_sync_status":                      kindStringOrNull,
	"last_synced":                           kindStringOrNull,
	"sync_cursor":                           kindObjectOrNull,
}

// handleUpdateLastSync is _last_sync (private): the given non-null sync info fields and the sync
// cursor are merged; statuses must be sync statuses and timestamps instants.
func (p *Platform) handleUpdateLastSync(w http.ResponseWriter, r *http.Request) {
	const parser = "connector_update_last_sync_stats_request"
	body, ok := readBody(w, r, parser, lastSyncFields, false)
	if !ok {
		return
	}
	doc := map[string]any{}
	for _, k := range sortedKeys(body) {
		v := body[k]
		if v == nil {
			continue
		}
		switch k {
		case "last_access_control_sync_status", "last_sync_status":
			s, ok := parseEnum(syncStatuses, v.(string))
			if !ok {
				writeBuildFailure(w, parser, fmt.Sprintf("Unknown ConnectorSyncStatus [%s].", v))
				return
			}
			v = s
		case "last_access_control_sync_scheduled_at", "last_incremental_sync_scheduled_at", "last_sync_scheduled_at", "last_synced":
			if _, err := time.Parse(time.RFC3339Nano, v.(string)); err != nil {
				writeBuildFailure(w, parser, fmt.Sprintf("Failed to parse instant [%s] of field [%s]", v, k))
				return
			}
		case "last_deleted_document_count", "last_indexed_document_count":
			v = longValue(v)
		}
		doc[k] = v
	}
	p.update(w, r.PathValue("id"), true, func(c map[string]any) bool {
		deepMerge(c, doc)
		return true
	})
}
