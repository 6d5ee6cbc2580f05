package elasticsearch

import (
	"encoding/json"
	"io"
	"net/http"
	"time"

	"github.com/syncops/terraform-provider-syncops/internal/emulator"
)

// Test controls of the emulated connector service, under /_emulator/elasticsearch/ (loopback
// only), each with a Go method for in-process tests:
//
//	POST /_emulator/elasticsearch/service/hold                  the service stops (jobs and drafts stay as they are)
//	POST /_emulator/elasticsearch/service/release               it starts again, every unfinished step timed from now
//	POST /_emulator/elasticsearch/sync-jobs/{id}/advance        one step of one job now, held or not: {"status"}
//	POST /_emulator/elasticsearch/fail-next-sync-job            {"error"}: the next job to end ends in error
//	POST /_emulator/elasticsearch/fail-next-validation          {"ids", "messages"}: added to the next draft validation
//	POST /_emulator/elasticsearch/connectors/{id}/validate      validate the connector's draft now: {"state"}
func (p *Platform) registerControls(r *emulator.Router) {
	const base = "/_emulator/elasticsearch"
	r.Control("POST "+base+"/service/hold", func(w http.ResponseWriter, _ *http.Request) {
		p.HoldService()
		w.WriteHeader(http.StatusNoContent)
	})
	r.Control("POST "+base+"/service/release", func(w http.ResponseWriter, _ *http.Request) {
		p.ReleaseService()
		w.WriteHeader(http.StatusNoContent)
	})
	r.Control("POST "+base+"/sync-jobs/{id}/advance", func(w http.ResponseWriter, r *http.Request) {
		status, err := p.AdvanceSyncJob(r.PathValue("id"))
		if err != nil {
			emulator.WriteJSON(w, http.StatusConflict, map[string]any{"error": err.Error(), "status": status})
			return
		}
		emulator.WriteJSON(w, http.StatusOK, map[string]any{"status": status})
	})
	r.Control("POST "+base+"/fail-next-sync-job", func(w http.ResponseWriter, r *http.Request) {
		var body struct {
			Error string `json:"error"`
		}
		if !decodeControl(w, r, &body) {
			return
		}
		p.FailNextSyncJob(body.Error)
		w.WriteHeader(http.StatusNoContent)
	})
	r.Control("POST "+base+"/fail-next-validation", func(w http.ResponseWriter, r *http.Request) {
		var body struct {
			IDs      []string `json:"ids"`
			Messages []string `json:"messages"`
		}
		if !decodeControl(w, r, &body) {
			return
		}
		p.FailNextValidation(body.IDs, body.Messages)
		w.WriteHeader(http.StatusNoContent)
	})
	r.Control("POST "+base+"/connectors/{id}/validate", func(w http.ResponseWriter, r *http.Request) {
		state, ok := p.ValidateDraft(r.PathValue("id"))
		if !ok {
			emulator.WriteJSON(w, http.StatusNotFound, map[string]any{"error": "no connector " + r.PathValue("id")})
			return
		}
		emulator.WriteJSON(w, http.StatusOK, map[string]any{"state": state})
	})
}

func decodeControl(w http.ResponseWriter, r *http.Request, out any) bool {
	data, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if len(data) == 0 {
		return true
	}
	if err := json.Unmarshal(data, out); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return false
	}
	return true
}

// HoldService stops the emulated connector service: jobs stay where they are and drafts stay
// edited, as on a cluster whose connector service is down.
func (p *Platform) HoldService() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.runService(p.clock())
	p.service.held = true
}

// ReleaseService starts the service again; every unfinished step is timed from now.
func (p *Platform) ReleaseService() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.service.held = false
	t := p.clock()
	for _, j := range p.syncJobs {
		j.since = t
	}
	for id := range p.service.drafts {
		p.service.drafts[id] = t
	}
}

// SetJobDelay changes the service's delay for the steps to come.
func (p *Platform) SetJobDelay(d time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.service.delay = d
}

// AdvanceSyncJob moves one job one step now (pending to in_progress, in_progress to completed or
// error, canceling to canceled), held or not, and returns its new status.
func (p *Platform) AdvanceSyncJob(id string) (string, error) { return p.syncJobStep(id) }

// FailNextSyncJob makes the next job to end end in error with this message (a default one when
// empty).
func (p *Platform) FailNextSyncJob(message string) {
	if message == "" {
		message = "Sync failed: the emulated connector service was asked to fail this job."
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.service.failNextJob = &message
}

// FailNextValidation adds this error to the next validation of a draft, which is then invalid.
func (p *Platform) FailNextValidation(ids, messages []string) {
	toAny := func(list []string) []any {
		out := make([]any, len(list))
		for i, s := range list {
			out[i] = s
		}
		return out
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.service.failNextValidation = append(p.service.failNextValidation, map[string]any{"ids": toAny(ids), "messages": toAny(messages)})
}

// ValidateDraft validates a connector's filtering draft now, held or not, and returns the state
// it got ("" when the connector has no draft); ok is false when there is no such connector.
func (p *Platform) ValidateDraft(id string) (state string, ok bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if _, ok := p.connectors[id]; !ok {
		return "", false
	}
	return p.validateDraft(id), true
}

// SyncJob returns a copy of a sync job document, for tests.
func (p *Platform) SyncJob(id string) (map[string]any, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	j, ok := p.syncJobs[id]
	if !ok {
		return nil, false
	}
	return deepCopy(j.doc).(map[string]any), true
}

// SyncJobs returns copies of every sync job document, oldest first.
func (p *Platform) SyncJobs() []map[string]any {
	p.mu.Lock()
	defer p.mu.Unlock()
	var out []map[string]any
	for _, j := range p.jobsInOrder() {
		out = append(out, deepCopy(j.doc).(map[string]any))
	}
	return out
}
