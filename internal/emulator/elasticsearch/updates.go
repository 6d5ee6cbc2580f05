package elasticsearch

import (
	"fmt"
	"net/http"
	"sort"
	"strings"

	"github.com/syncops/terraform-provider-syncops/internal/emulator"
)

// update runs change on a copy of the connector and stores it, answering "noop" when nothing
// changed. direct endpoints (⚡ in the reference) go straight to a partial update: a missing
// document is document_missing_exception and a soft-deleted one is updated regardless; the
// others load the connector first (resource_not_found_exception, soft-deleted included).
// change writes its own error and returns false to abort.
func (p *Platform) update(w http.ResponseWriter, id string, direct bool, change func(c map[string]any) bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	stored, ok := p.connectors[id]
	if !ok || (!direct && isDeleted(stored)) {
		if direct {
			writeDocumentMissing(w, id)
		} else {
			p.writeNotFound(w, id)
		}
		return
	}
	next := deepCopy(stored).(map[string]any)
	if !change(next) {
		return
	}
	if sameDocument(stored, next) {
		emulator.WriteJSON(w, http.StatusOK, map[string]any{"result": "noop"})
		return
	}
	p.connectors[id] = next
	emulator.WriteJSON(w, http.StatusOK, map[string]any{"result": "updated"})
}

func (p *Platform) handleUpdateName(w http.ResponseWriter, r *http.Request) {
	body, ok := readBody(w, r, "connector_update_name_request", map[string]string{"name": kindStringOrNull, "description": kindStringOrNull}, false)
	if !ok {
		return
	}
	if body["name"] == nil && body["description"] == nil {
		writeValidation(w, "[name] and [description] cannot both be [null]. Please provide a value for at least one of them.")
		return
	}
	p.update(w, r.PathValue("id"), true, func(c map[string]any) bool {
		for _, k := range []string{"name", "description"} {
			if v, ok := body[k].(string); ok {
				c[k] = v
			}
		}
		return true
	})
}

func (p *Platform) handleUpdateServiceType(w http.ResponseWriter, r *http.Request) {
	body, ok := readBody(w, r, "connector_update_service_type_request", map[string]string{"service_type": kindString}, false)
	if !ok {
		return
	}
	st, _ := body["service_type"].(string)
	if st == "" {
		writeValidation(w, `[service_type] cannot be [null] or [""].`)
		return
	}
	p.update(w, r.PathValue("id"), false, func(c map[string]any) bool {
		// The status moves even when the service type is the same one (reference §6): only a
		// connector already at needs_configuration (or still created) gets "noop".
		c["service_type"] = st
		if c["status"] != "created" {
			c["status"] = "needs_configuration"
		}
		return true
	})
}

func (p *Platform) handleUpdateIndexName(w http.ResponseWriter, r *http.Request) {
	body, ok := readBody(w, r, "connector_update_index_name_request", map[string]string{"index_name": kindStringOrNull}, false)
	if !ok {
		return
	}
	id := r.PathValue("id")
	index, hasIndex := body["index_name"].(string)
	if hasIndex {
		if why := indexNameProblem(index); why != "" {
			writeValidation(w, why)
			return
		}
		// The in-use check runs before the connector is loaded, so a missing connector may get
		// this 400 rather than a 404 (reference §6).
		p.mu.Lock()
		inUse := p.indexInUse(index, id)
		p.mu.Unlock()
		if inUse {
			writeError(w, http.StatusBadRequest, "status_exception", fmt.Sprintf("Index name [%s] is used by another connector.", index))
			return
		}
	}
	p.update(w, id, false, func(c map[string]any) bool {
		if !hasIndex {
			delete(c, "index_name")
			return true
		}
		if native, _ := c["is_native"].(bool); native && p.managedPrefixEnforced() {
			if managedIndexProblem(index) != "" {
				writeError(w, http.StatusBadRequest, "status_exception",
					fmt.Sprintf("Index attached to an Elastic-managed connector must start with the prefix: [%s]. The index name [%s] does not.", managedIndexPrefix, index))
				return false
			}
		}
		c["index_name"] = index
		return true
	})
}

func (p *Platform) handleUpdateConfiguration(w http.ResponseWriter, r *http.Request) {
	body, ok := readBody(w, r, "connector_update_configuration_request", map[string]string{"configuration": kindObjectOrNull, "values": kindObjectOrNull}, false)
	if !ok {
		return
	}
	config, hasConfig := body["configuration"].(map[string]any)
	values, hasValues := body["values"].(map[string]any)
	switch {
	case hasConfig && hasValues:
		writeValidation(w, "[configuration] and [values] cannot both be provided in the same request.")
		return
	case !hasConfig && !hasValues:
		writeValidation(w, "[configuration] and [values] cannot both be null.")
		return
	}
	if hasConfig {
		for k, e := range config {
			entry, ok := e.(map[string]any)
			if !ok {
				writeError(w, http.StatusBadRequest, "x_content_parse_exception", fmt.Sprintf("[1:1] [connector_configuration] failed to parse field [%s]", k))
				return
			}
			if _, ok := entry["label"].(string); !ok {
				writeError(w, http.StatusBadRequest, "x_content_parse_exception", fmt.Sprintf("[1:1] [connector_configuration] failed to parse field [%s]: Required [label]", k))
				return
			}
			// The server always writes these keys.
			for _, must := range []string{"default_value", "value"} {
				if _, ok := entry[must]; !ok {
					entry[must] = nil
				}
			}
			for _, must := range []string{"required", "sensitive"} {
				if _, ok := entry[must]; !ok {
					entry[must] = false
				}
			}
		}
	}
	for _, v := range values {
		if _, isArray := v.([]any); isArray {
			writeError(w, http.StatusBadRequest, "x_content_parse_exception", "[1:1] [connector_update_configuration_request] failed to parse field [values]: arrays are not supported")
			return
		}
	}
	p.update(w, r.PathValue("id"), false, func(c map[string]any) bool {
		if hasConfig {
			c["configuration"] = config
		} else {
			current, _ := c["configuration"].(map[string]any)
			var unknown []string
			for k := range values {
				if _, ok := current[k]; !ok {
					unknown = append(unknown, k)
				}
			}
			if len(unknown) > 0 {
				sort.Strings(unknown)
				writeError(w, http.StatusBadRequest, "status_exception", fmt.Sprintf(
					"Unknown [configuration] fields in the request payload: [%s]. Remove them from request or register their schema first.", strings.Join(unknown, ", ")))
				return false
			}
			for k, v := range values {
				current[k].(map[string]any)["value"] = v
			}
		}
		c["status"] = "configured"
		return true
	})
}

func (p *Platform) handleUpdateScheduling(w http.ResponseWriter, r *http.Request) {
	body, ok := readBody(w, r, "connector_update_scheduling_request", map[string]string{"scheduling": kindObjectOrNull}, false)
	if !ok {
		return
	}
	sched, _ := body["scheduling"].(map[string]any)
	if sched == nil {
		writeValidation(w, "[scheduling] cannot be [null].")
		return
	}
	if !p.version.atLeast(8, 14) {
		// Before 8.14 (elasticsearch#107090) the three schedules were constructor arguments of
		// ConnectorScheduling's parser: all required.
		var missing []string
		for _, k := range []string{"access_control", "full", "incremental"} {
			if _, ok := sched[k]; !ok {
				missing = append(missing, k)
			}
		}
		if len(missing) > 0 {
			writeErrorCause(w, http.StatusBadRequest, map[string]any{
				"type":      "x_content_parse_exception",
				"reason":    "[1:1] [connector_update_scheduling_request] failed to parse field [scheduling]",
				"caused_by": map[string]any{"type": "illegal_argument_exception", "reason": "Required [" + strings.Join(missing, ", ") + "]"},
			})
			return
		}
	}
	for _, k := range sortedKeys(sched) {
		if k != "access_control" && k != "full" && k != "incremental" {
			writeError(w, http.StatusBadRequest, "x_content_parse_exception", fmt.Sprintf("[1:1] [connector_scheduling] unknown field [%s]", k))
			return
		}
		entry, _ := sched[k].(map[string]any)
		_, hasEnabled := entry["enabled"].(bool)
		interval, hasInterval := entry["interval"].(string)
		if entry == nil || !hasEnabled || !hasInterval {
			writeError(w, http.StatusBadRequest, "x_content_parse_exception", fmt.Sprintf("[1:1] [schedule_config] failed to parse field [%s]: Required [enabled, interval]", k))
			return
		}
		if bad := cronProblem(interval); bad != nil {
			// The Cron constructor throws while the parser builds the schedule_config object.
			writeErrorCause(w, http.StatusBadRequest, map[string]any{
				"type":   "x_content_parse_exception",
				"reason": "[1:1] [schedule_config] failed to parse field [interval]",
				"caused_by": map[string]any{
					"type": "illegal_argument_exception", "reason": bad.reason(),
					"caused_by": map[string]any{"type": "illegal_argument_exception", "reason": bad.causeReason()},
				},
			})
			return
		}
		// Cron keeps its expression upper-cased, and ConnectorScheduling writes that back.
		entry["interval"] = strings.ToUpper(interval)
	}
	p.update(w, r.PathValue("id"), true, func(c map[string]any) bool {
		current, _ := c["scheduling"].(map[string]any)
		if current == nil {
			current = map[string]any{}
			c["scheduling"] = current
		}
		deepMerge(current, sched)
		return true
	})
}

func (p *Platform) handleUpdatePipeline(w http.ResponseWriter, r *http.Request) {
	body, ok := readBody(w, r, "connector_update_pipeline_request", map[string]string{"pipeline": kindObjectOrNull}, false)
	if !ok {
		return
	}
	pipe, _ := body["pipeline"].(map[string]any)
	if pipe == nil {
		writeValidation(w, "[pipeline] cannot be [null].")
		return
	}
	for _, k := range sortedKeys(pipe) {
		if !contains([]string{"extract_binary_content", "name", "reduce_whitespace", "run_ml_inference"}, k) {
			writeError(w, http.StatusBadRequest, "x_content_parse_exception", fmt.Sprintf("[1:1] [ingest_pipeline_params] unknown field [%s]", k))
			return
		}
	}
	_, a := pipe["extract_binary_content"].(bool)
	_, b := pipe["name"].(string)
	_, c := pipe["reduce_whitespace"].(bool)
	_, d := pipe["run_ml_inference"].(bool)
	if !a || !b || !c || !d {
		writeError(w, http.StatusBadRequest, "x_content_parse_exception",
			"[1:1] [ingest_pipeline_params] failed to parse: Required [extract_binary_content, name, reduce_whitespace, run_ml_inference]")
		return
	}
	p.update(w, r.PathValue("id"), true, func(c map[string]any) bool {
		c["pipeline"] = pipe
		return true
	})
}

func (p *Platform) handleUpdateAPIKeyID(w http.ResponseWriter, r *http.Request) {
	body, ok := readBody(w, r, "connector_update_api_key_id_request", map[string]string{"api_key_id": kindStringOrNull, "api_key_secret_id": kindStringOrNull}, false)
	if !ok {
		return
	}
	if body["api_key_id"] == nil && body["api_key_secret_id"] == nil {
		writeValidation(w, "[api_key_id] and [api_key_secret_id] cannot both be [null]. Please provide a value for at least one of them.")
		return
	}
	p.update(w, r.PathValue("id"), true, func(c map[string]any) bool {
		for _, k := range []string{"api_key_id", "api_key_secret_id"} {
			if v, ok := body[k].(string); ok {
				c[k] = v
			}
		}
		return true
	})
}

func (p *Platform) handleUpdateNative(w http.ResponseWriter, r *http.Request) {
	body, ok := readBody(w, r, "connector_update_native_request", map[string]string{"is_native": kindBool}, false)
	if !ok {
		return
	}
	native, has := body["is_native"].(bool)
	if !has {
		writeValidation(w, "[is_native] cannot be [null].")
		return
	}
	id := r.PathValue("id")
	p.update(w, id, false, func(c map[string]any) bool {
		if index, ok := c["index_name"].(string); native && ok && p.managedPrefixEnforced() && !strings.HasPrefix(index, managedIndexPrefix) {
			writeError(w, http.StatusBadRequest, "status_exception", fmt.Sprintf(
				"The index name [%s] attached to the connector [%s] must start with the required prefix: [%s] to be Elastic-managed. Please update the attached index first to comply with this requirement.",
				index, id, managedIndexPrefix))
			return false
		}
		c["is_native"] = native
		if c["status"] == "connected" {
			c["status"] = "configured"
		}
		return true
	})
}

// statusTransitions is ConnectorStateMachine.
var statusTransitions = map[string][]string{
	"created":             {"needs_configuration", "error"},
	"needs_configuration": {"configured", "error"},
	"configured":          {"needs_configuration", "configured", "connected", "error"},
	"connected":           {"connected", "configured", "error"},
	"error":               {"connected", "configured", "error"},
}

func (p *Platform) handleUpdateStatus(w http.ResponseWriter, r *http.Request) {
	body, ok := readBody(w, r, "connector_update_status_request", map[string]string{"status": kindString}, false)
	if !ok {
		return
	}
	status, _ := body["status"].(string)
	if _, known := statusTransitions[status]; !known {
		writeError(w, http.StatusBadRequest, "illegal_argument_exception", fmt.Sprintf("Unknown ConnectorStatus: %s", status))
		return
	}
	p.update(w, r.PathValue("id"), false, func(c map[string]any) bool {
		from, _ := c["status"].(string)
		if !contains(statusTransitions[from], status) {
			writeError(w, http.StatusBadRequest, "status_exception", fmt.Sprintf(
				"Invalid transition attempt from [%s] to [%s]. Such a status transition is not supported by the Connector Protocol.", from, status))
			return false
		}
		c["status"] = status
		return true
	})
}

func (p *Platform) handleUpdateError(w http.ResponseWriter, r *http.Request) {
	body, ok := readBody(w, r, "connector_update_error_request", map[string]string{"error": kindStringOrNull}, false)
	if !ok {
		return
	}
	msg, _ := body["error"].(string)
	p.update(w, r.PathValue("id"), true, func(c map[string]any) bool {
		if msg == "" {
			c["error"] = nil
			c["status"] = "connected"
		} else {
			c["error"] = msg
			c["status"] = "error"
		}
		return true
	})
}

func (p *Platform) handleCheckIn(w http.ResponseWriter, r *http.Request) {
	p.update(w, r.PathValue("id"), true, func(c map[string]any) bool {
		c["last_seen"] = now()
		return true
	})
}

func sortedKeys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
