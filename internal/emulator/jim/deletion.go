package jim

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/syncops/terraform-provider-syncops/internal/emulator"
)

// deletionPreview is ConnectedSystemDeletionPreview.
type deletionPreview struct {
	ConnectedSystemID            int      `json:"connectedSystemId"`
	ConnectedSystemName          string   `json:"connectedSystemName"`
	ConnectedSystemObjectCount   int      `json:"connectedSystemObjectCount"`
	SyncRuleCount                int      `json:"syncRuleCount"`
	RunProfileCount              int      `json:"runProfileCount"`
	PartitionCount               int      `json:"partitionCount"`
	ContainerCount               int      `json:"containerCount"`
	PendingExportCount           int      `json:"pendingExportCount"`
	ActivityCount                int      `json:"activityCount"`
	JoinedMvoCount               int      `json:"joinedMvoCount"`
	MvosWithOtherConnectorsCount int      `json:"mvosWithOtherConnectorsCount"`
	MvosWithDeletionRuleCount    int      `json:"mvosWithDeletionRuleCount"`
	MvosWithGracePeriodCount     int      `json:"mvosWithGracePeriodCount"`
	Warnings                     []string `json:"warnings"`
	EstimatedDeletionTime        string   `json:"estimatedDeletionTime"`
	WillRunAsBackgroundJob       bool     `json:"willRunAsBackgroundJob"`
	HasRunningSyncOperation      bool     `json:"hasRunningSyncOperation"`
}

func (e *Emulator) handleDeletionPreview(w http.ResponseWriter, r *http.Request) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.settleLocked()
	cs := e.lookupSystem(w, r)
	if cs == nil {
		return
	}
	activities := 0
	for _, a := range e.store.activities {
		if a.connectedSystemID != nil && *a.connectedSystemID == cs.id {
			activities++
		}
	}
	p := deletionPreview{
		ConnectedSystemID: cs.id, ConnectedSystemName: cs.name, ConnectedSystemObjectCount: cs.objects,
		RunProfileCount: len(cs.runProfiles), PartitionCount: len(cs.partitions), PendingExportCount: cs.pendingExports,
		ActivityCount: activities, JoinedMvoCount: cs.joinedMVOs, Warnings: []string{},
		HasRunningSyncOperation: e.syncRunning(cs), WillRunAsBackgroundJob: cs.objects > backgroundDeletionThreshold,
	}
	// Roughly 100 connector space objects per second, at least a second.
	est := time.Duration(float64(cs.objects) / 100 * float64(time.Second))
	p.EstimatedDeletionTime = formatTimeSpan(max(time.Second, est))
	if p.HasRunningSyncOperation {
		p.Warnings = append(p.Warnings, "A synchronisation operation is currently running. Deletion will be queued to run after it completes.")
	}
	if p.JoinedMvoCount > 0 {
		p.Warnings = append(p.Warnings, fmt.Sprintf("%d Metaverse Object(s) are joined to CSOs in this system. They will be disconnected.", p.JoinedMvoCount))
	}
	if p.PendingExportCount > 0 {
		p.Warnings = append(p.Warnings, fmt.Sprintf("%d Pending Export(s) will be deleted.", p.PendingExportCount))
	}
	if cs.status == "Deleting" {
		p.Warnings = append(p.Warnings, "This Connected System is already being deleted.")
	}
	emulator.WriteJSON(w, http.StatusOK, p)
}

// deletionResult is ConnectedSystemDeletionResult.
type deletionResult struct {
	Success      bool    `json:"success"`
	Outcome      string  `json:"outcome"`
	ErrorMessage *string `json:"errorMessage"`
	WorkerTaskID *string `json:"workerTaskId"`
	ActivityID   *string `json:"activityId"`
}

// Deletion is one item of GET /_emulator/jim/deletions (and of Emulator.Deletions): what the last accepted DELETE of a
// system carried and how it was answered.
type Deletion struct {
	ID                  int     `json:"id"`
	DeleteChangeHistory bool    `json:"deleteChangeHistory"`
	ChangeReason        *string `json:"changeReason"`
	// SynchronisedDeprovisioning is the synchronisedDeprovisioning parameter as sent (null when
	// absent). JIM 0.14 has no such parameter and ignores it, and so does the emulator; later JIM
	// releases deprovision through synchronisation unless it is false.
	SynchronisedDeprovisioning *string `json:"synchronisedDeprovisioning"`
	Outcome                    string  `json:"outcome"`
	// ActivityID is the deletion's activity (every accepted DELETE has one).
	ActivityID string `json:"activityId"`
}

func (e *Emulator) recordDeletion(rec Deletion) {
	kept := e.store.deletions[:0]
	for _, d := range e.store.deletions {
		if d.ID != rec.ID {
			kept = append(kept, d)
		}
	}
	e.store.deletions = append(kept, rec)
}

func (e *Emulator) handleDeleteConnectedSystem(w http.ResponseWriter, r *http.Request) {
	id, ok := intPathValue(r, "id")
	if !ok {
		writeWebUIPage(w)
		return
	}
	q := r.URL.Query()
	deleteHistory := false
	if v := q.Get("deleteChangeHistory"); v != "" {
		b, err := strconv.ParseBool(strings.TrimSpace(v))
		if err != nil || (!strings.EqualFold(strings.TrimSpace(v), "true") && !strings.EqualFold(strings.TrimSpace(v), "false")) {
			writeProblem(w, map[string][]string{"deleteChangeHistory": {fmt.Sprintf("The value '%s' is not valid for deleteChangeHistory.", v)}})
			return
		}
		deleteHistory = b
	}
	var changeReason *string
	if q.Has("changeReason") {
		c := q.Get("changeReason")
		changeReason = &c
	}

	e.mu.Lock()
	defer e.mu.Unlock()
	e.settleLocked()
	cs := e.store.system(id)
	if cs == nil {
		e.badRequest(w, csNotFound(id))
		return
	}
	if cs.status == "Deleting" {
		e.badRequest(w, "Connected System is already being deleted.")
		return
	}
	cs.status = "Deleting"
	act := e.newActivity(cs, "Delete", changeReason)
	act.objectsToProcess = cs.objects
	rec := Deletion{ID: id, DeleteChangeHistory: deleteHistory, ChangeReason: changeReason, ActivityID: act.id}
	if q.Has("synchronisedDeprovisioning") {
		v := q.Get("synchronisedDeprovisioning")
		rec.SynchronisedDeprovisioning = &v
	}

	queue := func(outcome string, waitForSync bool) {
		task := &workerTask{
			id: newGUID(), name: "Delete Connected System: " + cs.name, taskType: "Delete Connected System Worker Task",
			timestamp: e.now().UTC(), status: "Processing", activityID: act.id, objects: cs.objects,
		}
		j := &job{kind: "delete", systemID: id, activity: act, task: task}
		if waitForSync {
			task.status = "Queued"
			act.start = time.Time{}
		} else {
			j.start = act.created
			j.end = j.start.Add(e.opts.JobDelay)
			act.start, act.end = j.start, j.end
		}
		e.store.tasks[task.id] = task
		e.store.jobs = append(e.store.jobs, j)
		rec.Outcome = outcome
		e.recordDeletion(rec)
		emulator.WriteJSON(w, http.StatusAccepted, deletionResult{Success: true, Outcome: outcome, WorkerTaskID: &task.id, ActivityID: &act.id})
	}
	switch {
	case e.syncRunning(cs):
		queue("QueuedAfterSync", true)
	case cs.objects > backgroundDeletionThreshold:
		queue("QueuedAsBackgroundJob", false)
	case e.store.failNextImmediate != nil:
		// The synchronous deletion threw: the activity fails, the system is Active again and the
		// controller answers 400 BAD_REQUEST with the result's errorMessage.
		msg := *e.store.failNextImmediate
		e.store.failNextImmediate = nil
		e.finishActivity(act, activityFailedWithError, &msg, act.created)
		act.objectsProcessed = 0
		cs.status = "Active"
		rec.Outcome = "Failed"
		e.recordDeletion(rec)
		e.badRequest(w, msg)
	default:
		e.finishActivity(act, activityComplete, nil, act.created)
		delete(e.store.systems, id)
		rec.Outcome = "CompletedImmediately"
		e.recordDeletion(rec)
		emulator.WriteJSON(w, http.StatusOK, deletionResult{Success: true, Outcome: "CompletedImmediately", ActivityID: &act.id})
	}
}
