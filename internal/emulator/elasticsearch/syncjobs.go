package elasticsearch

import (
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/syncops/terraform-provider-syncops/internal/emulator"
)

var (
	jobTypes       = []string{"full", "incremental", "access_control"}
	triggerMethods = []string{"on_demand", "scheduled"}
	syncStatuses   = []string{"canceling", "canceled", "completed", "error", "in_progress", "pending", "suspended"}
)

// syncJob is one document of .elastic-connectors-sync-jobs-v1.
type syncJob struct {
	seq int
	doc map[string]any
	// since is when the job entered its current status, for the emulated connector service.
	since time.Time
	// counted is set once the service has reported half the documents of an in-progress job.
	counted bool
	// claimed jobs were claimed through the API (_claim): their worker is the caller, and the
	// emulated connector service leaves them alone.
	claimed bool
}

func (j *syncJob) status() string { s, _ := j.doc["status"].(string); return s }

func (j *syncJob) connectorID() string {
	conn, _ := j.doc["connector"].(map[string]any)
	id, _ := conn["id"].(string)
	return id
}

// terminalSyncStatus tells the statuses a job never leaves (ConnectorSyncJobStateMachine has no
// transition out of them).
func terminalSyncStatus(s string) bool { return s == "canceled" || s == "completed" || s == "error" }

// syncTransitions is ConnectorSyncJobStateMachine.
var syncTransitions = map[string][]string{
	"pending":     {"in_progress", "canceled"},
	"in_progress": {"canceling", "completed", "suspended", "error"},
	"completed":   {},
	"suspended":   {"in_progress", "canceled"},
	"canceling":   {"canceled", "error"},
	"canceled":    {},
	"error":       {},
}

// writeSyncTransition is the 400 of a transition the state machine refuses: a status_exception
// caused by ConnectorSyncJobInvalidStatusTransitionException, both with the same message.
func writeSyncTransition(w http.ResponseWriter, from, to string) {
	msg := fmt.Sprintf("Invalid transition attempt from [%s] to [%s]. Such a ConnectorSyncStatus transition is not supported by the Connector Protocol.", from, to)
	writeErrorCause(w, http.StatusBadRequest, map[string]any{
		"type": "status_exception", "reason": msg,
		"caused_by": map[string]any{"type": "connector_sync_job_invalid_status_transition_exception", "reason": msg},
	})
}

// parseEnum is the enums' fromString: case-insensitive, answered in lower case.
func parseEnum(values []string, s string) (string, bool) {
	for _, v := range values {
		if strings.EqualFold(v, s) {
			return v, true
		}
	}
	return "", false
}

// writeJobNotFound is the 404 of a missing sync job. Endpoints that read the job first answer
// the bare id as reason (ResourceNotFoundException(id)); a missing index, or an endpoint that goes
// straight to an update (check_in, _stats), answers "connector sync job [id] not found".
func (p *Platform) writeJobNotFound(w http.ResponseWriter, id string, direct bool) {
	reason := id
	if direct || !p.jobsIndex {
		reason = fmt.Sprintf("connector sync job [%s] not found", id)
	}
	writeError(w, http.StatusNotFound, "resource_not_found_exception", reason)
}

func (p *Platform) handleSyncJobPost(w http.ResponseWriter, r *http.Request) {
	const parser = "connector_sync_job_post_request"
	body, ok := readBody(w, r, parser, map[string]string{"id": kindString, "job_type": kindString, "trigger_method": kindString}, false)
	if !ok {
		return
	}
	if _, has := body["id"]; !has {
		writeRequired(w, "id")
		return
	}
	jobType, trigger := "full", "on_demand"
	if v, ok := body["job_type"].(string); ok {
		if jobType, ok = parseEnum(jobTypes, v); !ok {
			writeBuildFailure(w, parser, fmt.Sprintf("Unknown ConnectorSyncJobType [%s].", v))
			return
		}
	}
	if v, ok := body["trigger_method"].(string); ok {
		if trigger, ok = parseEnum(triggerMethods, v); !ok {
			writeBuildFailure(w, parser, fmt.Sprintf("Unknown ConnectorSyncJobTriggerMethod [%s].", v))
			return
		}
	}
	connID, _ := body["id"].(string)
	if connID == "" {
		writeValidation(w, "[id] of the connector cannot be null or empty")
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	// A plain GET of the connector document: a soft-deleted connector (9.x) still gets its job.
	c, found := p.connectors[connID]
	if !found {
		writeError(w, http.StatusNotFound, "resource_not_found_exception", fmt.Sprintf("Connector with id '%s' does not exist.", connID))
		return
	}
	index, _ := c["index_name"].(string)
	if index == "" {
		writeError(w, http.StatusBadRequest, "status_exception", fmt.Sprintf(
			"Cannot start a sync for connector [%s] with no index attached. Set the [index_name] property for the connector to enable syncing data.", connID))
		return
	}
	if st, _ := c["service_type"].(string); st == "" {
		writeError(w, http.StatusBadRequest, "status_exception", fmt.Sprintf(
			"Cannot start a sync for connector [%s] with [service_type] not defined. Set the service type of your connector before starting the sync.", connID))
		return
	}
	if jobType == "access_control" {
		index = ".search-acl-filter-" + index
	}
	conn := map[string]any{"id": connID, "configuration": deepCopy(c["configuration"]), "index_name": index, "service_type": c["service_type"]}
	if f, ok := c["filtering"].([]any); ok && len(f) > 0 {
		if first, ok := f[0].(map[string]any); ok && first["active"] != nil {
			conn["filtering"] = deepCopy(first["active"])
		}
	}
	for _, k := range []string{"language", "pipeline", "sync_cursor"} {
		if v, ok := c[k]; ok {
			conn[k] = deepCopy(v)
		}
	}
	ts := p.clock()
	id := randomID(20)
	p.seq++
	p.jobsIndex = true
	p.syncJobs[id] = &syncJob{seq: p.seq, since: ts, doc: map[string]any{
		"connector": conn, "created_at": timestamp(ts), "deleted_document_count": int64(0), "id": id,
		"indexed_document_count": int64(0), "indexed_document_volume": int64(0), "job_type": jobType,
		"last_seen": timestamp(ts), "metadata": map[string]any{}, "status": "pending", "total_document_count": int64(0),
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
		p.writeJobNotFound(w, id, false)
		return
	}
	emulator.WriteJSON(w, http.StatusOK, deepCopy(j.doc))
}

func (p *Platform) handleSyncJobList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	from, size := 0, 100
	for _, name := range []string{"from", "size"} {
		if v := q.Get(name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil {
				writeError(w, http.StatusBadRequest, "illegal_argument_exception", fmt.Sprintf("Failed to parse int parameter [%s] with value [%s]", name, v))
				return
			}
			if name == "from" {
				from = n
			} else {
				size = n
			}
		}
	}
	var problem string
	switch {
	case from < 0:
		problem = "Parameter [from] cannot be < 0"
	case size < 0:
		problem = "Parameter [size] cannot be < 0"
	case from+size > 10000:
		problem = "The sum of parameters [from] and [size] cannot be higher than 10000."
	}
	status := ""
	if v, has := q["status"]; has {
		var ok bool
		if status, ok = parseEnum(syncStatuses, v[0]); !ok {
			problem = fmt.Sprintf("Unknown ConnectorSyncStatus [%s].", v[0])
		}
	}
	var types []string
	if v := q.Get("job_type"); v != "" {
		for _, t := range strings.Split(v, ",") {
			jt, ok := parseEnum(jobTypes, t)
			if !ok {
				problem = fmt.Sprintf("Unknown ConnectorSyncJobType [%s].", t)
				break
			}
			types = append(types, jt)
		}
	}
	if problem != "" {
		writeError(w, http.StatusBadRequest, "illegal_argument_exception", problem)
		return
	}
	connID, byConnector := q["connector_id"]
	p.mu.Lock()
	defer p.mu.Unlock()
	var hits []*syncJob
	for _, j := range p.syncJobs {
		if (byConnector && j.connectorID() != connID[0]) || (status != "" && j.status() != status) {
			continue
		}
		if len(types) > 0 && !contains(types, j.doc["job_type"].(string)) {
			continue
		}
		hits = append(hits, j)
	}
	// Newest first (sort on created_at descending), as the YAML tests assert.
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
		p.writeJobNotFound(w, id, false)
		return
	}
	delete(p.syncJobs, id)
	emulator.WriteJSON(w, http.StatusOK, map[string]any{"acknowledged": true})
}

// handleSyncJobCancel: a pending or suspended job is canceled at once; any other job the state
// machine lets go to canceling (in progress) goes there, and the connector service that runs it
// ends it as canceled.
func (p *Platform) handleSyncJobCancel(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	p.mu.Lock()
	defer p.mu.Unlock()
	j, ok := p.syncJobs[id]
	if !ok {
		p.writeJobNotFound(w, id, false)
		return
	}
	now := p.clock()
	ts := timestamp(now)
	switch from := j.status(); from {
	case "pending", "suspended":
		j.doc["status"] = "canceled"
		j.doc["cancelation_requested_at"], j.doc["canceled_at"], j.doc["completed_at"] = ts, ts, ts
	default:
		if !contains(syncTransitions[from], "canceling") {
			writeSyncTransition(w, from, "canceling")
			return
		}
		j.doc["status"] = "canceling"
		j.doc["cancelation_requested_at"] = ts
	}
	j.since = now
	emulator.WriteJSON(w, http.StatusOK, map[string]any{"result": "updated"})
}
