package elasticsearch

import (
	"net/http"
	"time"

	"github.com/syncops/terraform-provider-syncops/internal/emulator"
)

// The sync job endpoints of the connector protocol (stack only): what a connector service calls
// while it runs a job. _claim and _error read the job first (404 reason: the id); _check_in and
// _stats go straight to a partial update (404 reason: "connector sync job [id] not found").

// updateJob runs change on a copy of the job and stores it, answering "noop" when nothing
// changed. change writes its own error and returns false to abort.
func (p *Platform) updateJob(w http.ResponseWriter, id string, direct bool, change func(j *syncJob, doc map[string]any) bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	j, ok := p.syncJobs[id]
	if !ok {
		p.writeJobNotFound(w, id, direct)
		return
	}
	next := deepCopy(j.doc).(map[string]any)
	if !change(j, next) {
		return
	}
	if sameDocument(j.doc, next) {
		emulator.WriteJSON(w, http.StatusOK, map[string]any{"result": "noop"})
		return
	}
	j.doc = next
	emulator.WriteJSON(w, http.StatusOK, map[string]any{"result": "updated"})
}

// handleSyncJobCheckIn sets last_seen to now: always "updated" (Elasticsearch's instants are
// finer than the milliseconds written here, so two check-ins never write the same value).
func (p *Platform) handleSyncJobCheckIn(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	p.mu.Lock()
	defer p.mu.Unlock()
	j, ok := p.syncJobs[id]
	if !ok {
		p.writeJobNotFound(w, id, true)
		return
	}
	j.doc["last_seen"] = now()
	emulator.WriteJSON(w, http.StatusOK, map[string]any{"result": "updated"})
}

// handleSyncJobClaim sets the worker, in_progress, started_at and last_seen whatever the job's
// status (ConnectorSyncJobIndexService.claimConnectorSyncJob checks none); a claimed job belongs
// to its caller, so the emulated connector service no longer moves it.
func (p *Platform) handleSyncJobClaim(w http.ResponseWriter, r *http.Request) {
	body, ok := readBody(w, r, "claim_connector_sync_job", map[string]string{"worker_hostname": kindString, "sync_cursor": kindObject}, false)
	if !ok {
		return
	}
	host, has := body["worker_hostname"].(string)
	if !has {
		writeRequired(w, "worker_hostname")
		return
	}
	p.updateJob(w, r.PathValue("id"), false, func(j *syncJob, doc map[string]any) bool {
		ts := now()
		doc["worker_hostname"] = host
		doc["status"] = "in_progress"
		doc["last_seen"], doc["started_at"] = ts, ts
		if cursor, ok := body["sync_cursor"].(map[string]any); ok {
			deepMerge(doc, map[string]any{"connector": map[string]any{"sync_cursor": cursor}})
		}
		j.claimed = true
		j.since = p.clock()
		return true
	})
}

func (p *Platform) handleSyncJobError(w http.ResponseWriter, r *http.Request) {
	body, ok := readBody(w, r, "connector_sync_job_error_request", map[string]string{"error": kindString}, false)
	if !ok {
		return
	}
	msg, has := body["error"].(string)
	if !has {
		writeRequired(w, "error")
		return
	}
	if msg == "" {
		writeValidation(w, "[error] of the connector sync job cannot be null or empty")
		return
	}
	p.updateJob(w, r.PathValue("id"), false, func(j *syncJob, doc map[string]any) bool {
		from, _ := doc["status"].(string)
		if !contains(syncTransitions[from], "error") {
			writeSyncTransition(w, from, "error")
			return false
		}
		doc["error"], doc["status"] = msg, "error"
		j.since = p.clock()
		return true
	})
}

// handleSyncJobStats is _stats (connector.sync_job_update_stats): the three counters are
// required and none may be negative; last_seen defaults to now; metadata merges.
func (p *Platform) handleSyncJobStats(w http.ResponseWriter, r *http.Request) {
	body, ok := readBody(w, r, "connector_sync_job_update_ingestion_stats", map[string]string{
		"deleted_document_count": kindLong, "indexed_document_count": kindLong, "indexed_document_volume": kindLong,
		"total_document_count": kindLong, "last_seen": kindString, "metadata": kindObject,
	}, false)
	if !ok {
		return
	}
	var missing []string
	for _, k := range []string{"deleted_document_count", "indexed_document_count", "indexed_document_volume"} {
		if _, has := body[k]; !has {
			missing = append(missing, k)
		}
	}
	if len(missing) > 0 {
		writeRequired(w, missing...)
		return
	}
	var problems []string
	for _, k := range []string{"deleted_document_count", "indexed_document_count", "indexed_document_volume", "total_document_count"} {
		if v, has := body[k]; has && longValue(v) < 0 {
			problems = append(problems, "["+k+"] cannot be negative.")
		}
	}
	if len(problems) > 0 {
		writeValidation(w, problems...)
		return
	}
	lastSeen := now()
	if v, ok := body["last_seen"].(string); ok {
		if _, err := time.Parse(time.RFC3339Nano, v); err != nil {
			writeBuildFailure(w, "connector_sync_job_update_ingestion_stats", "Failed to parse instant ["+v+"] of field [last_seen]")
			return
		}
		lastSeen = v
	}
	p.updateJob(w, r.PathValue("id"), true, func(_ *syncJob, doc map[string]any) bool {
		for _, k := range []string{"deleted_document_count", "indexed_document_count", "indexed_document_volume", "total_document_count"} {
			if v, has := body[k]; has {
				doc[k] = longValue(v)
			}
		}
		doc["last_seen"] = lastSeen
		if m, ok := body["metadata"].(map[string]any); ok {
			deepMerge(doc, map[string]any{"metadata": m})
		}
		return true
	})
}
