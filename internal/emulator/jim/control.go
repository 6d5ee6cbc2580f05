package jim

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/syncops/terraform-provider-syncops/internal/emulator"
)

// Control endpoints (loopback only) that let tests put a JIM server in states the API alone cannot
// reach. Each has a Go method twin for in-process tests.
//
//	POST /_emulator/jim/connected-systems/{id}/objects       {"count": N, "pendingExports": N, "joinedMetaverseObjects": N}  (SetObjects)
//	POST /_emulator/jim/connected-systems/{id}/running-sync  {"running": true|false}                                       (SetRunningSync)
//	POST /_emulator/jim/connected-systems/{id}/partitions    {"names": ["dc=a", ...], "selected": true}                    (AddPartitions)
//	POST /_emulator/jim/fail-next-deletion                   {"message": "...", "immediate": false}                        (FailNextDeletion, FailNextImmediateDeletion)
//	GET  /_emulator/jim/deletions                            [{"id":12,"deleteChangeHistory":true,"changeReason":"...","outcome":"...","activityId":"..."}] (Deletions)
//	POST /_emulator/jim/worker                               {"paused": true|false}                                        (SetWorkerPaused)
//	POST /_emulator/jim/connected-systems/{id}/secret-check  {"name": "Password", "value": "..."}                          (SecretSettingIs)
//	POST /_emulator/jim/fail-next-run                        {"message": "...", "status": "FailedWithError"}               (FailNextRun)
//
// objects and running-sync answer 200 with the new values, partitions 200 with the created
// ConnectedSystemPartitionDto list (400 for connectors without supportsPartitions); all three
// answer 404 for an unknown system. fail-next-deletion answers 204; with "immediate": true it fails
// the next deletion that would complete synchronously (400 BAD_REQUEST) instead of the next
// background one. worker answers 200 with {"paused": ...}. secret-check answers 200 with {"matches":
// true|false}: whether the system's StringEncrypted setting holds value (JIM never returns it), 404
// for an unknown system or setting.
func (e *Emulator) registerControl(r *emulator.Router) {
	base := "/_emulator/jim/connected-systems/{id}"
	r.Control("POST "+base+"/objects", e.controlObjects)
	r.Control("POST "+base+"/running-sync", e.controlRunningSync)
	r.Control("POST "+base+"/partitions", e.controlPartitions)
	r.Control("POST /_emulator/jim/fail-next-deletion", e.controlFailNextDeletion)
	r.Control("GET /_emulator/jim/deletions", e.controlDeletions)
	r.Control("POST /_emulator/jim/worker", e.controlWorker)
	r.Control("POST "+base+"/secret-check", e.controlSecretCheck)
	r.Control("POST /_emulator/jim/fail-next-run", e.controlFailNextRun)
}

// ErrNoSuchSystem is returned by the control methods for an unknown connected system id.
var ErrNoSuchSystem = errors.New("no such connected system")

// ErrNoPartitions is returned by AddPartitions for connectors without supportsPartitions.
var ErrNoPartitions = errors.New("the connector does not support partitions")

// SetObjects gives a connected system connector-space objects (over 1000 makes its deletion a
// background job), pending exports and joined metaverse objects. Nil leaves a count unchanged.
func (e *Emulator) SetObjects(id int, count, pendingExports, joinedMetaverseObjects *int) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.settleLocked()
	cs := e.store.system(id)
	if cs == nil {
		return ErrNoSuchSystem
	}
	if count != nil {
		cs.objects = max(0, *count)
	}
	if pendingExports != nil {
		cs.pendingExports = max(0, *pendingExports)
	}
	if joinedMetaverseObjects != nil {
		cs.joinedMVOs = max(0, *joinedMetaverseObjects)
	}
	return nil
}

// SetRunningSync starts or ends a sync on the system: while it runs, deletion answers
// QueuedAfterSync and waits; ending it starts the queued deletion.
func (e *Emulator) SetRunningSync(id int, running bool) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.settleLocked()
	cs := e.store.system(id)
	if cs == nil {
		return ErrNoSuchSystem
	}
	if cs.runningSync && !running {
		cs.syncEndedAt = e.now()
	}
	cs.runningSync = running
	e.settleLocked()
	return nil
}

// AddPartitions creates partitions (as import-hierarchy would) on a system whose connector
// supports them.
func (e *Emulator) AddPartitions(id int, selected bool, names ...string) ([]int, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.settleLocked()
	cs := e.store.system(id)
	if cs == nil {
		return nil, ErrNoSuchSystem
	}
	if !cs.def.Caps.Partitions {
		return nil, ErrNoPartitions
	}
	var ids []int
	for _, name := range names {
		e.store.nextPart++
		cs.partitions = append(cs.partitions, &partition{id: e.store.nextPart, name: name, externalID: name, selected: selected})
		ids = append(ids, e.store.nextPart)
	}
	return ids, nil
}

// FailNextDeletion makes the next background deletion end FailedWithError with message (activity
// errorMessage and progress message); the system returns to Active.
func (e *Emulator) FailNextDeletion(message string) {
	if message == "" {
		message = "An unexpected error occurred while deleting the Connected System."
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.store.failNextDeletion = &message
}

// FailNextImmediateDeletion makes the next deletion that JIM would complete synchronously (200
// CompletedImmediately) throw instead: the activity ends FailedWithError, the system is Active
// again, and the DELETE answers 400 BAD_REQUEST with message (reference §10.3, step 6).
func (e *Emulator) FailNextImmediateDeletion(message string) {
	if message == "" {
		message = "An unexpected error occurred while deleting the Connected System."
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.store.failNextImmediate = &message
}

// Deletions returns the last accepted DELETE per connected system, in request order.
func (e *Emulator) Deletions() []Deletion {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]Deletion{}, e.store.deletions...)
}

// SetWorkerPaused pauses or resumes JIM's worker. While it is paused, no background job (a queued
// deletion, a run profile execution) starts or ends: its activity stays InProgress and a system
// being deleted stays Deleting, however long that takes, so that a test (not the clock) decides
// when queued work ends. Resumed, every job goes on where it stood.
func (e *Emulator) SetWorkerPaused(paused bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	now := e.now()
	switch {
	case paused && e.store.workerPausedAt.IsZero():
		e.settleLocked() // what ended before the pause has ended
		e.store.workerPausedAt = now
	case !paused && !e.store.workerPausedAt.IsZero():
		for _, j := range e.store.jobs {
			if j.start.IsZero() {
				continue
			}
			stood := now.Sub(j.start)
			if j.start.Before(e.store.workerPausedAt) {
				stood = now.Sub(e.store.workerPausedAt)
			}
			j.start, j.end = j.start.Add(stood), j.end.Add(stood)
			j.activity.start, j.activity.end = j.start, j.end
		}
		e.store.workerPausedAt = time.Time{}
		e.store.workerResumedAt = now
		e.settleLocked()
	}
}

// ErrNoSuchSetting is returned by SecretSettingIs for a name that is no StringEncrypted setting of
// the system's connector.
var ErrNoSuchSetting = errors.New("no such secret setting")

// SecretSettingIs reports whether a connected system's secret (StringEncrypted) setting holds
// value: a test's way to see what the provider sent, since the API never returns it.
func (e *Emulator) SecretSettingIs(id int, name, value string) (bool, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	cs := e.store.system(id)
	if cs == nil {
		return false, ErrNoSuchSystem
	}
	for _, s := range cs.def.Settings {
		if s.Name == name && s.Type == typeStringEncrypted {
			v := cs.values[s.ID]
			return v != nil && v.encrypted != nil && *v.encrypted == value, nil
		}
	}
	return false, ErrNoSuchSetting
}

func (e *Emulator) controlSecretCheck(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Name  string `json:"name"`
		Value string `json:"value"`
	}
	id, err := controlRequest(r, &body)
	var matches bool
	if err == nil {
		matches, err = e.SecretSettingIs(id, body.Name, body.Value)
	}
	if err != nil {
		controlError(w, err)
		return
	}
	emulator.WriteJSON(w, http.StatusOK, map[string]bool{"matches": matches})
}

func controlError(w http.ResponseWriter, err error) {
	status := http.StatusBadRequest
	if errors.Is(err, ErrNoSuchSystem) || errors.Is(err, ErrNoSuchSetting) {
		status = http.StatusNotFound
	}
	emulator.WriteJSON(w, status, map[string]string{"error": err.Error()})
}

// controlRequest parses {id} and the JSON body into v.
func controlRequest(r *http.Request, v any) (int, error) {
	id, err := strconv.Atoi(r.PathValue("id"))
	if err != nil {
		return 0, errors.New("id must be an integer")
	}
	if err := json.NewDecoder(r.Body).Decode(v); err != nil {
		return 0, errors.New("bad JSON body: " + err.Error())
	}
	return id, nil
}

func (e *Emulator) controlObjects(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Count                  *int `json:"count"`
		PendingExports         *int `json:"pendingExports"`
		JoinedMetaverseObjects *int `json:"joinedMetaverseObjects"`
	}
	id, err := controlRequest(r, &body)
	if err == nil {
		err = e.SetObjects(id, body.Count, body.PendingExports, body.JoinedMetaverseObjects)
	}
	if err != nil {
		controlError(w, err)
		return
	}
	e.mu.Lock()
	out := map[string]int{"id": id}
	if cs := e.store.system(id); cs != nil {
		out["count"], out["pendingExports"], out["joinedMetaverseObjects"] = cs.objects, cs.pendingExports, cs.joinedMVOs
	}
	e.mu.Unlock()
	emulator.WriteJSON(w, http.StatusOK, out)
}

func (e *Emulator) controlRunningSync(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Running bool `json:"running"`
	}
	id, err := controlRequest(r, &body)
	if err == nil {
		err = e.SetRunningSync(id, body.Running)
	}
	if err != nil {
		controlError(w, err)
		return
	}
	emulator.WriteJSON(w, http.StatusOK, map[string]any{"id": id, "running": body.Running})
}

func (e *Emulator) controlPartitions(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Names    []string `json:"names"`
		Selected *bool    `json:"selected"`
	}
	id, err := controlRequest(r, &body)
	var ids []int
	if err == nil {
		ids, err = e.AddPartitions(id, body.Selected == nil || *body.Selected, body.Names...)
	}
	if err != nil {
		controlError(w, err)
		return
	}
	e.mu.Lock()
	cs := e.store.system(id)
	out := []partitionDto{}
	for _, pid := range ids {
		if cs == nil || cs.partition(pid) == nil {
			continue
		}
		p := cs.partition(pid)
		out = append(out, partitionDto{ID: p.id, Name: p.name, ExternalID: p.externalID, Selected: p.selected, ConnectedSystemID: cs.id, Containers: []any{}})
	}
	e.mu.Unlock()
	emulator.WriteJSON(w, http.StatusOK, out)
}

func (e *Emulator) controlFailNextDeletion(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Message   string `json:"message"`
		Immediate bool   `json:"immediate"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		controlError(w, errors.New("bad JSON body: "+err.Error()))
		return
	}
	if body.Immediate {
		e.FailNextImmediateDeletion(body.Message)
	} else {
		e.FailNextDeletion(body.Message)
	}
	w.WriteHeader(http.StatusNoContent)
}

func (e *Emulator) controlWorker(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Paused *bool `json:"paused"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil || body.Paused == nil {
		controlError(w, errors.New(`the body must be {"paused": true|false}`))
		return
	}
	e.SetWorkerPaused(*body.Paused)
	emulator.WriteJSON(w, http.StatusOK, map[string]bool{"paused": *body.Paused})
}

func (e *Emulator) controlDeletions(w http.ResponseWriter, _ *http.Request) {
	emulator.WriteJSON(w, http.StatusOK, e.Deletions())
}
