package elasticsearch

import (
	"fmt"
	"sort"
	"time"
)

// The emulated connector service: what the Elastic connector service (elastic/connectors) does to
// the documents while it runs, so that jobs and sync rules move on their own as they do on a
// cluster with a connector service deployed. It catches up on every API request (wrap), from the
// clock: a sync job is pending for the first half of the job delay, then claimed (in_progress; the
// connector's last sync status follows), half its documents are counted a quarter later, and it
// ends completed (or error, when a failure was asked for) at the full delay, the connector's
// last_* fields, status and error written as Connector.sync_done writes them. A job being canceled
// ends canceled half a delay after the cancel. An edited filtering draft is validated half a delay
// after it was written (Connector.validate_filtering: invalid keeps the active rules; valid copies
// the draft to active). Jobs claimed through the API are left to their caller. Held, the service
// does nothing until released (a cluster whose connector service is down).

// serviceHostname is the worker_hostname of the jobs the emulated service claims.
const serviceHostname = "syncops-emulator"

type service struct {
	delay time.Duration
	held  bool
	// failNextJob, when set, is the error the next job to end ends with.
	failNextJob *string
	// failNextValidation are error entries ({ids, messages}) added to the next draft validation.
	failNextValidation []any
	// drafts holds when each connector's filtering draft was last edited.
	drafts map[string]time.Time
}

// documentsOf is what the emulated service syncs: a full sync indexes 120 documents, an
// incremental one 12 and deletes 3, an access control sync 8 identities (none without document
// level security, which the connector service then skips).
func documentsOf(jobType string, dls bool) (indexed, deleted int64) {
	switch jobType {
	case "incremental":
		return 12, 3
	case "access_control":
		if !dls {
			return 0, 0
		}
		return 8, 0
	}
	return 120, 0
}

// catchUp lets the service do what it would have done by now.
func (p *Platform) catchUp() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.runService(p.clock())
}

// runService advances every job and validates every draft that is due. Callers hold p.mu.
func (p *Platform) runService(now time.Time) {
	if p.service.held {
		return
	}
	for _, j := range p.jobsInOrder() {
		for p.stepJobIfDue(j, now) {
		}
	}
	ids := make([]string, 0, len(p.connectors))
	for id := range p.connectors {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		if draftState(p.connectors[id]) != "edited" {
			continue
		}
		if since, ok := p.service.drafts[id]; !ok || now.Sub(since) >= p.service.delay/2 {
			p.validateDraft(id)
		}
	}
}

func (p *Platform) jobsInOrder() []*syncJob {
	out := make([]*syncJob, 0, len(p.syncJobs))
	for _, j := range p.syncJobs {
		out = append(out, j)
	}
	sort.Slice(out, func(a, b int) bool { return out[a].seq < out[b].seq })
	return out
}

// stepJobIfDue moves a job one step when its time has come, and says whether it did.
func (p *Platform) stepJobIfDue(j *syncJob, now time.Time) bool {
	if j.claimed {
		return false
	}
	half := p.service.delay / 2
	elapsed := now.Sub(j.since)
	switch j.status() {
	case "pending", "canceling":
		if elapsed >= half {
			p.stepJob(j, j.since.Add(half))
			return true
		}
	case "in_progress":
		if !j.counted && elapsed >= half/2 {
			p.countHalf(j, j.since.Add(half/2))
			return true
		}
		if elapsed >= half {
			p.stepJob(j, j.since.Add(half))
			return true
		}
	}
	return false
}

// stepJob moves a job one step at time at: pending is claimed, in_progress ends, canceling ends
// canceled. It returns false for a job no step moves (suspended, or finished).
func (p *Platform) stepJob(j *syncJob, at time.Time) bool {
	ts := timestamp(at)
	switch j.status() {
	case "pending":
		j.doc["status"], j.doc["worker_hostname"] = "in_progress", serviceHostname
		j.doc["started_at"], j.doc["last_seen"] = ts, ts
		p.connectorSyncStarted(j)
	case "in_progress":
		indexed, deleted := p.documents(j)
		if p.service.failNextJob != nil {
			j.doc["status"], j.doc["error"] = "error", *p.service.failNextJob
			p.service.failNextJob = nil
			indexed, deleted = indexed/2, deleted/2
		} else {
			j.doc["status"] = "completed"
		}
		p.setCounts(j, indexed, deleted)
		j.doc["completed_at"], j.doc["last_seen"] = ts, ts
		p.connectorSyncDone(j, ts)
	case "canceling":
		j.doc["status"] = "canceled"
		j.doc["canceled_at"], j.doc["completed_at"], j.doc["last_seen"] = ts, ts, ts
		p.connectorSyncDone(j, ts)
	default:
		return false
	}
	j.since, j.counted = at, false
	return true
}

func (p *Platform) countHalf(j *syncJob, at time.Time) {
	indexed, deleted := p.documents(j)
	p.setCounts(j, indexed/2, deleted/2)
	j.doc["last_seen"] = timestamp(at)
	j.counted = true
}

func (p *Platform) setCounts(j *syncJob, indexed, deleted int64) {
	j.doc["indexed_document_count"], j.doc["deleted_document_count"] = indexed, deleted
	j.doc["indexed_document_volume"], j.doc["total_document_count"] = indexed*3, indexed
}

func (p *Platform) documents(j *syncJob) (int64, int64) {
	jobType, _ := j.doc["job_type"].(string)
	return documentsOf(jobType, dlsEnabled(p.connectors[j.connectorID()]))
}

// dlsEnabled reads features.document_level_security.enabled.
func dlsEnabled(c map[string]any) bool {
	f, _ := c["features"].(map[string]any)
	dls, _ := f["document_level_security"].(map[string]any)
	on, _ := dls["enabled"].(bool)
	return on
}

// connectorSyncStarted is what the connector service writes to the connector when it claims a job.
func (p *Platform) connectorSyncStarted(j *syncJob) {
	c, ok := p.connectors[j.connectorID()]
	if !ok {
		return
	}
	prefix := syncInfoPrefix(j)
	c["status"], c["error"] = "connected", nil
	c[prefix+"status"], c[prefix+"error"] = "in_progress", nil
}

// connectorSyncDone is Connector.sync_done: the job's status and error become the connector's
// last sync status and error, its error and (error or connected) status.
func (p *Platform) connectorSyncDone(j *syncJob, ts string) {
	c, ok := p.connectors[j.connectorID()]
	if !ok {
		return
	}
	prefix := syncInfoPrefix(j)
	status := j.status()
	var jobErr any
	if e, ok := j.doc["error"].(string); ok {
		jobErr = e
	}
	c["last_synced"] = ts
	c["status"], c["error"] = "connected", jobErr
	if status == "error" {
		c["status"] = "error"
	}
	c[prefix+"status"], c[prefix+"error"] = status, jobErr
	c["last_indexed_document_count"] = j.doc["indexed_document_count"]
	c["last_deleted_document_count"] = j.doc["deleted_document_count"]
}

func syncInfoPrefix(j *syncJob) string {
	if j.doc["job_type"] == "access_control" {
		return "last_access_control_sync_"
	}
	return "last_sync_"
}

// draftState is filtering[0].draft.validation.state.
func draftState(c map[string]any) string {
	first := firstFiltering(c)
	draft, _ := first["draft"].(map[string]any)
	v, _ := draft["validation"].(map[string]any)
	s, _ := v["state"].(string)
	return s
}

func firstFiltering(c map[string]any) map[string]any {
	f, _ := c["filtering"].([]any)
	if len(f) == 0 {
		return nil
	}
	first, _ := f[0].(map[string]any)
	return first
}

// validateDraft is Connector.validate_filtering: the draft's rules are checked as the connector
// service's basic rule validators check them (plus any failure asked for); the result is written
// to the draft, and a valid draft becomes the active rules. Callers hold p.mu.
func (p *Platform) validateDraft(id string) string {
	c := p.connectors[id]
	first := firstFiltering(c)
	draft, _ := first["draft"].(map[string]any)
	if draft == nil {
		return ""
	}
	rules, _ := draft["rules"].([]any)
	errs := ValidateSyncRules(rules)
	errs = append(errs, p.service.failNextValidation...)
	p.service.failNextValidation = nil
	state := "valid"
	if len(errs) > 0 {
		state = "invalid"
	}
	draft["validation"] = map[string]any{"errors": errs, "state": state}
	if state == "valid" {
		first["active"] = deepCopy(draft)
	}
	delete(p.service.drafts, id)
	return state
}

// syncJobStep moves one job one step now, whatever the clock or a hold (the advance control).
func (p *Platform) syncJobStep(id string) (string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	j, ok := p.syncJobs[id]
	if !ok {
		return "", fmt.Errorf("no sync job %s", id)
	}
	if !p.stepJob(j, p.clock()) {
		return j.status(), fmt.Errorf("sync job %s is %s: no step of the connector service moves it", id, j.status())
	}
	return j.status(), nil
}
