package haven

import (
	"crypto/rand"
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/syncops/terraform-provider-syncops/internal/emulator"
)

// Job and action statuses (reference §5.2): lower case, "in progress" with a space.
const (
	JobQueued     = "queued"
	JobInProgress = "in progress"
	JobFinished   = "finished"
	JobFailed     = "failed"
)

// job is one asynchronous call. Its action runs when the job delay has passed (queued for the
// first half, in progress for the second), so an asynchronous change is visible only once its
// job has finished.
type job struct {
	id      string
	action  string
	created time.Time
	delay   time.Duration
	done    bool
	result  any
	err     *hodError
	timer   *time.Timer
	// finish runs the action (under the emulator lock); a held job keeps it until released.
	finish func()
}

func newJobID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return fmt.Sprintf("usw3p_%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// submit creates a job for a validated request; it runs now when the delay is zero.
func (e *Emulator) submit(name string, p params) *job {
	e.mu.Lock()
	defer e.mu.Unlock()
	j := &job{id: newJobID(), action: name, created: e.now(), delay: e.jobDelay}
	failWith := e.failNext
	e.failNext = nil
	e.jobs[j.id] = j
	finish := func() {
		if failWith != nil {
			j.err = failWith
		} else {
			j.result, j.err = apis[name].run(e, p)
		}
		j.done = true
	}
	if e.holding && (e.holdAPI == "" || e.holdAPI == name) {
		j.finish = finish
		e.held = append(e.held, j)
		return j
	}
	if j.delay <= 0 {
		finish()
		return j
	}
	j.timer = time.AfterFunc(j.delay, func() {
		e.mu.Lock()
		defer e.mu.Unlock()
		if e.jobs[j.id] == j { // not reset meanwhile
			finish()
		}
	})
	return j
}

// view is the job as /1/job/status and /1/job/result show it.
func (e *Emulator) view(j *job) map[string]any {
	status := JobQueued
	switch {
	case j.done && j.err != nil:
		status = JobFailed
	case j.done:
		status = JobFinished
	case j.finish != nil || e.now().Sub(j.created) >= j.delay/2:
		// A held job has been taken up and does not end until it is released.
		status = JobInProgress
	}
	action := map[string]any{"action": j.action, "status": status, "version": "v1"}
	if j.done && j.err != nil {
		action["errors"] = []*hodError{j.err}
	} else if j.done {
		action["result"] = j.result
	}
	return map[string]any{"jobID": j.id, "status": status, "actions": []any{action}}
}

func (e *Emulator) handleAPI(name string, async bool) http.HandlerFunc {
	a := apis[name]
	return func(w http.ResponseWriter, r *http.Request) {
		p, he := e.readParams(r, name, a.arrays...)
		if he == nil {
			he = a.validate(p)
		}
		if he != nil {
			writeError(w, he)
			return
		}
		if async {
			j := e.submit(name, p)
			emulator.WriteJSON(w, http.StatusOK, map[string]string{"jobID": j.id})
			return
		}
		e.mu.Lock()
		result, he := a.run(e, p)
		e.mu.Unlock()
		if he != nil {
			writeError(w, he)
			return
		}
		emulator.WriteJSON(w, http.StatusOK, result)
	}
}

// handleUnknownAPI answers APIs and versions that do not exist (no connector API has a v2).
func (e *Emulator) handleUnknownAPI(w http.ResponseWriter, r *http.Request) {
	if _, he := e.readParams(r, ""); he != nil {
		writeError(w, he)
		return
	}
	mode, name, version := r.PathValue("mode"), r.PathValue("api"), r.PathValue("version")
	if mode != "sync" && mode != "async" {
		writeError(w, newError(6000, detailMessage("mode must be sync or async")))
		return
	}
	if _, known := apis[name]; known {
		writeError(w, newError(4004, detailMessage("API %s has no version %s", name, version)))
		return
	}
	writeError(w, newError(4004, detailMessage("API not found")))
}

func (e *Emulator) handlePageNotFound(w http.ResponseWriter, _ *http.Request) {
	writeError(w, newError(6000, nil))
}

// handleMissingJobID answers /1/job/status and /1/job/result without a job id (3000).
func (e *Emulator) handleMissingJobID(w http.ResponseWriter, r *http.Request) {
	if _, he := e.readParams(r, ""); he != nil {
		writeError(w, he)
		return
	}
	writeError(w, newError(3000, nil))
}

func (e *Emulator) lookupJob(w http.ResponseWriter, r *http.Request) *job {
	if _, he := e.readParams(r, ""); he != nil {
		writeError(w, he)
		return nil
	}
	id := r.PathValue("id")
	if id == "" {
		writeError(w, newError(3000, nil))
		return nil
	}
	e.mu.Lock()
	j := e.jobs[id]
	e.mu.Unlock()
	if j == nil {
		writeError(w, newError(3001, detailMessage("no job %s", id)))
	}
	return j
}

// handleJobStatus answers HTTP 200 whatever the job's state, failed included.
func (e *Emulator) handleJobStatus(w http.ResponseWriter, r *http.Request) {
	j := e.lookupJob(w, r)
	if j == nil {
		return
	}
	e.mu.Lock()
	v := e.view(j)
	e.mu.Unlock()
	emulator.WriteJSON(w, http.StatusOK, v)
}

// handleJobResult blocks until the job is done, or answers 7000 after ResultWait [Inferred].
func (e *Emulator) handleJobResult(w http.ResponseWriter, r *http.Request) {
	j := e.lookupJob(w, r)
	if j == nil {
		return
	}
	deadline := time.Now().Add(e.opts.ResultWait)
	for {
		e.mu.Lock()
		done, v := j.done, e.view(j)
		e.mu.Unlock()
		if done {
			emulator.WriteJSON(w, http.StatusOK, v)
			return
		}
		if time.Now().After(deadline) {
			writeError(w, newError(7000, detailMessage("job %s is still %s", j.id, v["status"])))
			return
		}
		select {
		case <-r.Context().Done():
			return
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// handleControlRun starts a long run (LongRun, or {"seconds": n}) that stays PROCESSING until
// stopped, so stop-before-delete can be tested; it counts as a run the schedule started.
func (e *Emulator) handleControlRun(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Seconds float64 `json:"seconds"`
	}
	if r.ContentLength != 0 {
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
			http.Error(w, "bad body: "+err.Error(), http.StatusBadRequest)
			return
		}
	}
	length := LongRun
	if body.Seconds > 0 {
		length = time.Duration(body.Seconds * float64(time.Second))
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	c, ok := e.connectors[r.PathValue("name")]
	if !ok {
		emulator.WriteJSON(w, http.StatusNotFound, map[string]string{"error": "no connector " + r.PathValue("name")})
		return
	}
	if isOnsite(c.flavor) {
		// Onsite connectors run at the customer's site: HOD neither runs nor reports them.
		emulator.WriteJSON(w, http.StatusConflict, map[string]string{"error": "connector " + c.name + " has onsite flavor " + c.flavor + ": only cloud connectors run in Haven OnDemand"})
		return
	}
	now := e.now()
	if st := c.status(now, e.opts.StopDuration); isRunning(st) {
		emulator.WriteJSON(w, http.StatusConflict, map[string]string{"error": "connector is " + st})
		return
	}
	run := e.newRun(now, 0, length)
	run.scheduled = true // as if the schedule had started it
	c.runs = append(c.runs, run)
	emulator.WriteJSON(w, http.StatusOK, map[string]string{"connector": c.name, "token": run.token, "status": StatusProcessing})
}

// handleControlFinish ends the connector's current run now (FINISHED), so that a test decides when
// a run ends instead of racing its length.
func (e *Emulator) handleControlFinish(w http.ResponseWriter, r *http.Request) {
	e.mu.Lock()
	defer e.mu.Unlock()
	c, ok := e.connectors[r.PathValue("name")]
	if !ok {
		emulator.WriteJSON(w, http.StatusNotFound, map[string]string{"error": "no connector " + r.PathValue("name")})
		return
	}
	now := e.now()
	if st := c.status(now, e.opts.StopDuration); st != StatusQueued && st != StatusProcessing {
		emulator.WriteJSON(w, http.StatusConflict, map[string]string{"error": "connector " + c.name + " is not running (status " + st + ")"})
		return
	}
	run := c.runs[len(c.runs)-1]
	if run.processStart.After(now) {
		run.processStart = now
	}
	run.end = now
	emulator.WriteJSON(w, http.StatusOK, map[string]string{"connector": c.name, "token": run.token, "status": StatusFinished})
}

// handleControlDecryptionToken is the email Haven sends with a credentialed cloud connector's
// decryption token: {"connector": name, "token": "..."} (404 for a connector without credentials).
func (e *Emulator) handleControlDecryptionToken(w http.ResponseWriter, r *http.Request) {
	e.mu.Lock()
	defer e.mu.Unlock()
	c, ok := e.connectors[r.PathValue("name")]
	if !ok || c.credentials == nil || isOnsite(c.flavor) {
		emulator.WriteJSON(w, http.StatusNotFound, map[string]string{"error": "no cloud connector with credentials named " + r.PathValue("name")})
		return
	}
	emulator.WriteJSON(w, http.StatusOK, map[string]string{"connector": c.name, "token": c.token()})
}

// handleControlFailNextJob makes the next asynchronous job fail with {"error": code, "reason":
// "...", "detail": ...}; the reason defaults to the code's documented reason.
func (e *Emulator) handleControlFailNextJob(w http.ResponseWriter, r *http.Request) {
	var he hodError
	if err := json.NewDecoder(r.Body).Decode(&he); err != nil || he.Code == 0 {
		http.Error(w, `body must be {"error": <code>, "reason": "..."}`, http.StatusBadRequest)
		return
	}
	if he.Reason == "" {
		he.Reason = reasons[he.Code]
	}
	if he.Reason == "" {
		// HOD always sends a reason; a code outside the documented table needs one.
		http.Error(w, fmt.Sprintf("error %d has no documented reason: give one", he.Code), http.StatusBadRequest)
		return
	}
	e.mu.Lock()
	e.failNext = &he
	e.mu.Unlock()
	w.WriteHeader(http.StatusNoContent)
}

// handleControlThrottle answers the next {"count": n} API requests with 429 4030 (no Retry-After);
// with "api": "<apiname>", only the next n calls of that connector API (sync or async).
func (e *Emulator) handleControlThrottle(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Count int    `json:"count"`
		API   string `json:"api"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil || body.Count < 0 {
		http.Error(w, `body must be {"count": n} or {"count": n, "api": "<apiname>"}`, http.StatusBadRequest)
		return
	}
	if _, known := apis[body.API]; body.API != "" && !known {
		http.Error(w, "unknown API "+body.API, http.StatusBadRequest)
		return
	}
	e.mu.Lock()
	e.throttle = body.Count
	e.throttleAPI = body.API
	e.mu.Unlock()
	w.WriteHeader(http.StatusNoContent)
}

// handleControlHold keeps the asynchronous jobs submitted from now on ({"api": "<apiname>"}: only
// that API's) in progress until /_emulator/haven/jobs/release, so that a test decides when a job
// ends instead of racing its delay. /_emulator/state counts them as heldJobs.
func (e *Emulator) handleControlHold(w http.ResponseWriter, r *http.Request) {
	var body struct {
		API string `json:"api"`
	}
	if r.ContentLength != 0 {
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
			http.Error(w, `body must be empty or {"api": "<apiname>"}`, http.StatusBadRequest)
			return
		}
	}
	if _, known := apis[body.API]; body.API != "" && !known {
		http.Error(w, "unknown API "+body.API, http.StatusBadRequest)
		return
	}
	e.mu.Lock()
	e.holding, e.holdAPI = true, body.API
	e.mu.Unlock()
	w.WriteHeader(http.StatusNoContent)
}

// handleControlRelease stops holding jobs and ends the held ones now, in the order they were
// submitted (a second create of a name then fails with "already exists", as it would have).
func (e *Emulator) handleControlRelease(w http.ResponseWriter, _ *http.Request) {
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, j := range e.held {
		if e.jobs[j.id] == j { // not reset meanwhile
			j.finish()
		}
		j.finish = nil
	}
	e.holding, e.holdAPI, e.held = false, "", nil
	w.WriteHeader(http.StatusNoContent)
}
