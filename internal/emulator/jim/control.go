package jim

import (
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/syncops/terraform-provider-syncops/internal/emulator"
)

// Control endpoints (loopback only) that let tests put a JIM server in states the API alone cannot
// reach:
//
//	POST /_emulator/jim/connected-systems/{id}/objects       {"count": N, "pendingExports": N, "joinedMetaverseObjects": N}
//	POST /_emulator/jim/connected-systems/{id}/running-sync  {"running": true|false}
//	POST /_emulator/jim/connected-systems/{id}/partitions    {"names": ["dc=a", ...], "selected": true}
//	POST /_emulator/jim/fail-next-deletion                   {"message": "..."}
//	GET  /_emulator/jim/deletions                            [{"id":12,"deleteChangeHistory":true,"changeReason":"...","outcome":"..."}]
//
// The first three answer 200 with {"id": N, ...} (the partitions route with the created
// partitions), 404 for an unknown system; fail-next-deletion answers 204.
func (e *Emulator) registerControl(r *emulator.Router) {
	base := "/_emulator/jim/connected-systems/{id}"
	r.Control("POST "+base+"/objects", e.controlObjects)
	r.Control("POST "+base+"/running-sync", e.controlRunningSync)
	r.Control("POST "+base+"/partitions", e.controlPartitions)
	r.Control("POST /_emulator/jim/fail-next-deletion", e.controlFailNextDeletion)
	r.Control("GET /_emulator/jim/deletions", e.controlDeletions)
}

func controlError(w http.ResponseWriter, status int, msg string) {
	emulator.WriteJSON(w, status, map[string]string{"error": msg})
}

// controlSystem decodes the body into v and finds the system; nil means an answer was written.
func (e *Emulator) controlSystem(w http.ResponseWriter, r *http.Request, v any) *connectedSystem {
	id, err := strconv.Atoi(r.PathValue("id"))
	if err != nil {
		controlError(w, http.StatusBadRequest, "id must be an integer")
		return nil
	}
	if err := json.NewDecoder(r.Body).Decode(v); err != nil {
		controlError(w, http.StatusBadRequest, "bad JSON body: "+err.Error())
		return nil
	}
	cs := e.store.system(id)
	if cs == nil {
		controlError(w, http.StatusNotFound, csNotFound(id))
		return nil
	}
	return cs
}

func (e *Emulator) controlObjects(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Count                  *int `json:"count"`
		PendingExports         *int `json:"pendingExports"`
		JoinedMetaverseObjects *int `json:"joinedMetaverseObjects"`
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.settleLocked()
	cs := e.controlSystem(w, r, &body)
	if cs == nil {
		return
	}
	if body.Count != nil {
		cs.objects = max(0, *body.Count)
	}
	if body.PendingExports != nil {
		cs.pendingExports = max(0, *body.PendingExports)
	}
	if body.JoinedMetaverseObjects != nil {
		cs.joinedMVOs = max(0, *body.JoinedMetaverseObjects)
	}
	emulator.WriteJSON(w, http.StatusOK, map[string]int{"id": cs.id, "count": cs.objects, "pendingExports": cs.pendingExports, "joinedMetaverseObjects": cs.joinedMVOs})
}

func (e *Emulator) controlRunningSync(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Running bool `json:"running"`
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.settleLocked()
	cs := e.controlSystem(w, r, &body)
	if cs == nil {
		return
	}
	if cs.runningSync && !body.Running {
		cs.syncEndedAt = e.now()
	}
	cs.runningSync = body.Running
	e.settleLocked()
	emulator.WriteJSON(w, http.StatusOK, map[string]any{"id": cs.id, "running": cs.runningSync})
}

func (e *Emulator) controlPartitions(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Names    []string `json:"names"`
		Selected *bool    `json:"selected"`
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.settleLocked()
	cs := e.controlSystem(w, r, &body)
	if cs == nil {
		return
	}
	if !cs.def.Caps.Partitions {
		controlError(w, http.StatusBadRequest, cs.def.Name+" does not support partitions")
		return
	}
	selected := body.Selected == nil || *body.Selected
	out := []partitionDto{}
	for _, name := range body.Names {
		e.store.nextPart++
		p := &partition{id: e.store.nextPart, name: name, externalID: name, selected: selected}
		cs.partitions = append(cs.partitions, p)
		out = append(out, partitionDto{ID: p.id, Name: p.name, ExternalID: p.externalID, Selected: p.selected, ConnectedSystemID: cs.id, Containers: []any{}})
	}
	emulator.WriteJSON(w, http.StatusOK, out)
}

func (e *Emulator) controlFailNextDeletion(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Message string `json:"message"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		controlError(w, http.StatusBadRequest, "bad JSON body: "+err.Error())
		return
	}
	if body.Message == "" {
		body.Message = "An unexpected error occurred while deleting the Connected System."
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.store.failNextDeletion = &body.Message
	w.WriteHeader(http.StatusNoContent)
}

func (e *Emulator) controlDeletions(w http.ResponseWriter, _ *http.Request) {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := append([]deletionRecord{}, e.store.deletions...)
	emulator.WriteJSON(w, http.StatusOK, out)
}
