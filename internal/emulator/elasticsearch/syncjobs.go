package elasticsearch

import (
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/syncops/terraform-provider-syncops/internal/emulator"
)

var (
	jobTypes       = []string{"full", "incremental", "access_control"}
	triggerMethods = []string{"on_demand", "scheduled"}
	syncStatuses   = []string{"canceling", "canceled", "completed", "error", "in_progress", "pending", "suspended"}
)

func (p *Platform) handleSyncJobPost(w http.ResponseWriter, r *http.Request) {
	body, ok := readBody(w, r, "connector_sync_job_post_request", map[string]string{"id": kindString, "job_type": kindStringOrNull, "trigger_method": kindStringOrNull}, false)
	if !ok {
		return
	}
	connID, _ := body["id"].(string)
	if connID == "" {
		writeValidation(w, `[id] of the connector cannot be [null] or [""].`)
		return
	}
	jobType, trigger := "full", "on_demand"
	if v, ok := body["job_type"].(string); ok {
		if !contains(jobTypes, v) {
			writeError(w, http.StatusBadRequest, "illegal_argument_exception", fmt.Sprintf("Unknown ConnectorSyncJobType: %s", v))
			return
		}
		jobType = v
	}
	if v, ok := body["trigger_method"].(string); ok {
		if !contains(triggerMethods, v) {
			writeError(w, http.StatusBadRequest, "illegal_argument_exception", fmt.Sprintf("Unknown ConnectorSyncJobTriggerMethod: %s", v))
			return
		}
		trigger = v
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	c, found := p.lookup(connID)
	if !found {
		p.writeNotFound(w, connID)
		return
	}
	index, hasIndex := c["index_name"].(string)
	if !hasIndex {
		writeError(w, http.StatusBadRequest, "illegal_argument_exception", fmt.Sprintf("Cannot start a sync for connector [%s] with no index attached. Please attach an index to the connector first.", connID))
		return
	}
	if _, ok := c["service_type"].(string); !ok {
		writeError(w, http.StatusBadRequest, "illegal_argument_exception", fmt.Sprintf("Cannot start a sync for connector [%s] with no service type.", connID))
		return
	}
	if jobType == "access_control" {
		index = ".search-acl-filter-" + index
	}
	var activeRules any = map[string]any{}
	if f, ok := c["filtering"].([]any); ok && len(f) > 0 {
		if first, ok := f[0].(map[string]any); ok {
			activeRules = deepCopy(first["active"])
		}
	}
	conn := map[string]any{"id": connID, "configuration": deepCopy(c["configuration"]), "filtering": activeRules,
		"index_name": index, "service_type": c["service_type"]}
	for _, k := range []string{"language", "pipeline", "sync_cursor"} {
		if v, ok := c[k]; ok {
			conn[k] = deepCopy(v)
		}
	}
	ts := now()
	id := randomID(20)
	p.seq++
	p.syncJobs[id] = &syncJob{seq: p.seq, doc: map[string]any{
		"connector": conn, "created_at": ts, "deleted_document_count": int64(0), "id": id,
		"indexed_document_count": int64(0), "indexed_document_volume": int64(0), "job_type": jobType,
		"last_seen": ts, "metadata": map[string]any{}, "status": "pending", "total_document_count": int64(0),
		"trigger_method": trigger,
	}}
	emulator.WriteJSON(w, http.StatusCreated, map[string]any{"id": id})
}

func (p *Platform) handleSyncJobGet(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	p.mu.Lock()
	defer p.mu.Unlock()
	j, ok := p.syncJobs[id]
	if !ok {
		writeError(w, http.StatusNotFound, "resource_not_found_exception", id)
		return
	}
	emulator.WriteJSON(w, http.StatusOK, deepCopy(j.doc))
}

func (p *Platform) handleSyncJobList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	from, size := 0, 100
	for name, dst := range map[string]*int{"from": &from, "size": &size} {
		if v := q.Get(name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 {
				writeError(w, http.StatusBadRequest, "illegal_argument_exception", fmt.Sprintf("Parameter [%s] cannot be < 0", name))
				return
			}
			*dst = n
		}
	}
	status := q.Get("status")
	if status != "" && !contains(syncStatuses, status) {
		writeError(w, http.StatusBadRequest, "illegal_argument_exception", fmt.Sprintf("Unknown ConnectorSyncStatus: %s", status))
		return
	}
	var types []string
	if v := q.Get("job_type"); v != "" {
		types = strings.Split(v, ",")
		for _, t := range types {
			if !contains(jobTypes, t) {
				writeError(w, http.StatusBadRequest, "illegal_argument_exception", fmt.Sprintf("Unknown ConnectorSyncJobType: %s", t))
				return
			}
		}
	}
	connID := q.Get("connector_id")
	p.mu.Lock()
	defer p.mu.Unlock()
	var hits []*syncJob
	for _, j := range p.syncJobs {
		conn, _ := j.doc["connector"].(map[string]any)
		if connID != "" && conn["id"] != connID {
			continue
		}
		if status != "" && j.doc["status"] != status {
			continue
		}
		if len(types) > 0 && !contains(types, j.doc["job_type"].(string)) {
			continue
		}
		hits = append(hits, j)
	}
	// Newest first, as the YAML tests assert.
	sort.Slice(hits, func(a, b int) bool { return hits[a].seq > hits[b].seq })
	results := []any{}
	for i := from; i < len(hits) && i < from+size; i++ {
		results = append(results, deepCopy(hits[i].doc))
	}
	emulator.WriteJSON(w, http.StatusOK, map[string]any{"count": len(hits), "results": results})
}

func (p *Platform) handleSyncJobDelete(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	p.mu.Lock()
	defer p.mu.Unlock()
	if _, ok := p.syncJobs[id]; !ok {
		writeError(w, http.StatusNotFound, "resource_not_found_exception", id)
		return
	}
	delete(p.syncJobs, id)
	emulator.WriteJSON(w, http.StatusOK, map[string]any{"acknowledged": true})
}

func (p *Platform) handleSyncJobCancel(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	p.mu.Lock()
	defer p.mu.Unlock()
	j, ok := p.syncJobs[id]
	if !ok {
		writeError(w, http.StatusNotFound, "resource_not_found_exception", id)
		return
	}
	ts := now()
	switch j.doc["status"] {
	case "pending", "suspended":
		j.doc["status"] = "canceled"
		j.doc["cancelation_requested_at"], j.doc["canceled_at"], j.doc["completed_at"] = ts, ts, ts
	case "in_progress":
		j.doc["status"] = "canceling"
		j.doc["cancelation_requested_at"] = ts
	default:
		writeError(w, http.StatusBadRequest, "status_exception", fmt.Sprintf("Invalid transition attempt from [%s] to [canceling]. Such a status transition is not supported by the Connector Protocol.", j.doc["status"]))
		return
	}
	emulator.WriteJSON(w, http.StatusOK, map[string]any{"result": "updated"})
}
