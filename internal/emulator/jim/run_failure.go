package jim

import (
	"encoding/json"
	"errors"
	"net/http"
	"slices"
)

// Terminal statuses of a run that did not go (entirely) well (ActivityStatus, reference §11).
const (
	activityCompleteWithWarning = "CompleteWithWarning"
	activityCompleteWithError   = "CompleteWithError"
	activityCancelled           = "Cancelled"
)

// runFailure is how the next run profile execution ends (FailNextRun).
type runFailure struct {
	status  string
	message string
}

// runFailureStatuses are the outcomes FailNextRun can give a run.
var runFailureStatuses = []string{activityFailedWithError, activityCompleteWithError, activityCancelled, activityCompleteWithWarning}

// ErrRunFailureStatus is returned by FailNextRun for a status a failed run cannot have.
var ErrRunFailureStatus = errors.New(`status must be "FailedWithError" (the default), "CompleteWithError", "Cancelled" or "CompleteWithWarning"`)

// FailNextRun makes the next run profile execution end (whenever the worker ends it) with status
// (default FailedWithError) and message as the activity's errorMessage, as JIM's worker does when a
// run throws (FailActivityWithErrorAsync), completes with object errors, or is cancelled. With
// CompleteWithWarning (some items failed, the run is a success) message is the warningMessage,
// which JIM usually leaves null: an empty message leaves it null.
func (e *Emulator) FailNextRun(status, message string) error {
	if status == "" {
		status = activityFailedWithError
	}
	if !slices.Contains(runFailureStatuses, status) {
		return ErrRunFailureStatus
	}
	if message == "" && status != activityCompleteWithWarning {
		message = "An unexpected error occurred while running the Run Profile."
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.store.failNextRun = &runFailure{status: status, message: message}
	return nil
}

// failRun ends a run job the way f says; e.mu is held.
func (e *Emulator) failRun(j *job, f *runFailure) {
	msg := f.message
	if f.status == activityCompleteWithWarning {
		e.finishActivity(j.activity, f.status, nil, j.end)
		if msg != "" {
			j.activity.warningMessage = &msg
		}
		return
	}
	e.finishActivity(j.activity, f.status, &msg, j.end)
	if f.status != activityCompleteWithError {
		// A run that threw or was cancelled stops where it was.
		j.activity.objectsProcessed = j.activity.objectsToProcess / 2
	}
	if cs := e.store.system(j.systemID); cs != nil {
		cs.syncEndedAt = j.end
	}
}

// controlFailNextRun is POST /_emulator/jim/fail-next-run {"message": "...", "status": "..."};
// it answers 204, or 400 for an unknown status.
func (e *Emulator) controlFailNextRun(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Message string `json:"message"`
		Status  string `json:"status"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		controlError(w, errors.New("bad JSON body: "+err.Error()))
		return
	}
	if err := e.FailNextRun(body.Status, body.Message); err != nil {
		controlError(w, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
