package jim

import (
	"math"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/syncops/terraform-provider-syncops/internal/emulator"
)

// Activity statuses (ActivityStatus).
const (
	activityInProgress      = "InProgress"
	activityComplete        = "Complete"
	activityFailedWithError = "FailedWithError"
)

type activity struct {
	id                  string
	created             time.Time
	status              string
	targetType          string
	targetOperationType string
	targetName          string
	targetContext       *string
	message             *string
	errorMessage        *string
	warningMessage      *string
	changeReason        *string
	connectedSystemID   *int
	runProfileID        *int
	runType             *string
	objectsToProcess    int
	objectsProcessed    int
	configVersion       *int
	// start and end bound the work while InProgress (end is zero while a job waits to start).
	start, end time.Time
	ended      *time.Time
}

type workerTask struct {
	id         string
	name       string
	taskType   string
	timestamp  time.Time
	status     string
	activityID string
	objects    int
}

// job is background work: a deletion or a run profile execution. A deletion queued behind a
// running sync has a zero start until the sync ends.
type job struct {
	kind       string // "delete" or "run"
	systemID   int
	profile    *runProfile
	activity   *activity
	task       *workerTask
	start, end time.Time
}

func (e *Emulator) newActivity(cs *connectedSystem, operation string, changeReason *string) *activity {
	now := e.now().UTC()
	id := cs.id
	a := &activity{
		id: newGUID(), created: now, status: activityInProgress, targetType: "ConnectedSystem",
		targetOperationType: operation, targetName: cs.name, connectedSystemID: &id, changeReason: changeReason,
		start: now,
	}
	e.store.activities[a.id] = a
	return a
}

// completedActivity records the Activity every CRUD operation is tracked with.
func (e *Emulator) completedActivity(cs *connectedSystem, operation string, changeReason *string) *activity {
	a := e.newActivity(cs, operation, changeReason)
	e.finishActivity(a, activityComplete, nil, a.created)
	return a
}

func (e *Emulator) finishActivity(a *activity, status string, errMsg *string, at time.Time) {
	a.status = status
	a.ended = &at
	a.objectsProcessed = a.objectsToProcess
	if errMsg != nil {
		// Only errorMessage: JIM's FailActivityWithErrorAsync leaves message at the last progress text.
		a.errorMessage = errMsg
	}
}

// syncRunning reports whether a sync (a control-flag sync or a run profile execution) is running
// on the system.
func (e *Emulator) syncRunning(cs *connectedSystem) bool {
	if cs.runningSync {
		return true
	}
	for _, j := range e.store.jobs {
		if j.kind == "run" && j.systemID == cs.id {
			return true
		}
	}
	return false
}

// settleLocked finishes, in time order, every background job whose end has passed, starting
// deletions that waited for a sync as soon as that sync ended.
func (e *Emulator) settleLocked() {
	if !e.store.workerPausedAt.IsZero() {
		return
	}
	now := e.now()
	for {
		for _, j := range e.store.jobs {
			if j.kind != "delete" || !j.start.IsZero() {
				continue
			}
			cs := e.store.system(j.systemID)
			if cs == nil || e.syncRunning(cs) {
				continue
			}
			j.start = cs.syncEndedAt
			if j.start.Before(j.activity.created) {
				j.start = j.activity.created
			}
			if j.start.Before(e.store.workerResumedAt) {
				j.start = e.store.workerResumedAt
			}
			j.end = j.start.Add(e.opts.JobDelay)
			j.activity.start, j.activity.end = j.start, j.end
			j.task.status = "Processing"
		}
		var next *job
		for _, j := range e.store.jobs {
			if j.start.IsZero() || j.end.After(now) {
				continue
			}
			if next == nil || j.end.Before(next.end) {
				next = j
			}
		}
		if next == nil {
			return
		}
		e.completeJob(next)
	}
}

func (e *Emulator) completeJob(j *job) {
	for i, x := range e.store.jobs {
		if x == j {
			e.store.jobs = append(e.store.jobs[:i], e.store.jobs[i+1:]...)
			break
		}
	}
	// Worker tasks are ephemeral: the record goes whatever the outcome.
	delete(e.store.tasks, j.task.id)
	cs := e.store.system(j.systemID)
	switch j.kind {
	case "run":
		if f := e.store.failNextRun; f != nil {
			e.store.failNextRun = nil
			e.failRun(j, f)
		} else {
			e.finishActivity(j.activity, activityComplete, nil, j.end)
		}
		if cs != nil {
			cs.syncEndedAt = j.end
		}
	case "delete":
		if msg := e.store.failNextDeletion; msg != nil {
			e.store.failNextDeletion = nil
			m := *msg
			e.finishActivity(j.activity, activityFailedWithError, &m, j.end)
			j.activity.objectsProcessed = 0
			if cs != nil {
				cs.status = "Active"
			}
			return
		}
		e.finishActivity(j.activity, activityComplete, nil, j.end)
		delete(e.store.systems, j.systemID)
	}
}

// progress is how far an InProgress activity is, 0..1.
func (a *activity) progress(now time.Time) float64 {
	if a.status != activityInProgress {
		if a.status == activityComplete || a.status == activityCompleteWithError {
			return 1
		}
		return 0
	}
	if a.end.IsZero() || !a.end.After(a.start) {
		return 0
	}
	f := float64(now.Sub(a.start)) / float64(a.end.Sub(a.start))
	return math.Max(0, math.Min(f, 0.99))
}

func (a *activity) processed(now time.Time) int {
	if a.status != activityInProgress {
		return a.objectsProcessed
	}
	return int(float64(a.objectsToProcess) * a.progress(now))
}

func timeSpanPtr(d time.Duration) *string {
	s := formatTimeSpan(d.Truncate(100 * time.Nanosecond))
	return &s
}

// activityHeader is ActivityHeader (list item).
type activityHeader struct {
	ID                          string    `json:"id"`
	Created                     jsonTime  `json:"created"`
	Executed                    *jsonTime `json:"executed"`
	Status                      string    `json:"status"`
	TargetType                  string    `json:"targetType"`
	TargetOperationType         string    `json:"targetOperationType"`
	TargetName                  string    `json:"targetName"`
	TargetContext               *string   `json:"targetContext"`
	Message                     *string   `json:"message"`
	InitiatedByType             string    `json:"initiatedByType"`
	InitiatedByID               *string   `json:"initiatedById"`
	InitiatedByName             string    `json:"initiatedByName"`
	ObjectsToProcess            int       `json:"objectsToProcess"`
	ObjectsProcessed            int       `json:"objectsProcessed"`
	ExecutionTime               *string   `json:"executionTime"`
	TotalActivityTime           *string   `json:"totalActivityTime"`
	ConnectedSystemRunType      *string   `json:"connectedSystemRunType"`
	TotalAdded                  int       `json:"totalAdded"`
	TotalUpdated                int       `json:"totalUpdated"`
	TotalDeleted                int       `json:"totalDeleted"`
	TotalProjected              int       `json:"totalProjected"`
	TotalJoined                 int       `json:"totalJoined"`
	TotalAttributeFlows         int       `json:"totalAttributeFlows"`
	TotalDisconnected           int       `json:"totalDisconnected"`
	TotalDisconnectedOutOfScope int       `json:"totalDisconnectedOutOfScope"`
	TotalOutOfScopeRetainJoin   int       `json:"totalOutOfScopeRetainJoin"`
	TotalDriftCorrections       int       `json:"totalDriftCorrections"`
	TotalProvisioned            int       `json:"totalProvisioned"`
	TotalExported               int       `json:"totalExported"`
	TotalDeprovisioned          int       `json:"totalDeprovisioned"`
	TotalCreated                int       `json:"totalCreated"`
	TotalPendingExports         int       `json:"totalPendingExports"`
	TotalErrors                 int       `json:"totalErrors"`
}

// activityDetail is ActivityDetailDto.
type activityDetail struct {
	ID                          string    `json:"id"`
	ParentActivityID            *string   `json:"parentActivityId"`
	Created                     jsonTime  `json:"created"`
	Executed                    *jsonTime `json:"executed"`
	Status                      string    `json:"status"`
	TargetType                  string    `json:"targetType"`
	TargetOperationType         string    `json:"targetOperationType"`
	TargetName                  string    `json:"targetName"`
	TargetContext               *string   `json:"targetContext"`
	Message                     *string   `json:"message"`
	InitiatedByType             string    `json:"initiatedByType"`
	InitiatedByID               *string   `json:"initiatedById"`
	InitiatedByName             string    `json:"initiatedByName"`
	ObjectsToProcess            int       `json:"objectsToProcess"`
	ObjectsProcessed            int       `json:"objectsProcessed"`
	ExecutionTime               *string   `json:"executionTime"`
	TotalActivityTime           *string   `json:"totalActivityTime"`
	WarningMessage              *string   `json:"warningMessage"`
	ErrorMessage                *string   `json:"errorMessage"`
	ErrorStackTrace             *string   `json:"errorStackTrace"`
	ErrorDetail                 *string   `json:"errorDetail"`
	ConnectedSystemRunType      *string   `json:"connectedSystemRunType"`
	ConnectedSystemID           *int      `json:"connectedSystemId"`
	ConnectedSystemRunProfileID *int      `json:"connectedSystemRunProfileId"`
	SyncRuleID                  *int      `json:"syncRuleId"`
	MetaverseObjectID           *string   `json:"metaverseObjectId"`
	ExampleDataTemplateID       *int      `json:"exampleDataTemplateId"`
	ExecutionStats              any       `json:"executionStats"`
	Phases                      any       `json:"phases"`
	ScheduleExecutionID         *string   `json:"scheduleExecutionId"`
	ScheduleStepIndex           *int      `json:"scheduleStepIndex"`
	ScheduledByScheduleID       *string   `json:"scheduledByScheduleId"`
	ScheduledByScheduleName     *string   `json:"scheduledByScheduleName"`
	ChangeReason                *string   `json:"changeReason"`
	ConfigurationChangeVersion  *int      `json:"configurationChangeVersion"`
	ConfigurationChangeSnapshot any       `json:"configurationChangeSnapshot"`
}

func (a *activity) times() (executed *jsonTime, exec, total *string) {
	if !a.start.IsZero() && (a.status != activityInProgress || !a.end.IsZero()) {
		executed = timePtr(a.start)
	}
	if a.ended != nil {
		exec = timeSpanPtr(a.ended.Sub(a.start))
		total = timeSpanPtr(a.ended.Sub(a.created))
	}
	return
}

func (a *activity) header(now time.Time) activityHeader {
	executed, exec, total := a.times()
	return activityHeader{
		ID: a.id, Created: jsonTime(a.created), Executed: executed, Status: a.status, TargetType: a.targetType,
		TargetOperationType: a.targetOperationType, TargetName: a.targetName, TargetContext: a.targetContext,
		Message: a.message, InitiatedByType: "ApiKey", InitiatedByName: apiKeyName,
		ObjectsToProcess: a.objectsToProcess, ObjectsProcessed: a.processed(now), ExecutionTime: exec,
		TotalActivityTime: total, ConnectedSystemRunType: a.runType,
	}
}

func (a *activity) detail(now time.Time) activityDetail {
	executed, exec, total := a.times()
	return activityDetail{
		ID: a.id, Created: jsonTime(a.created), Executed: executed, Status: a.status, TargetType: a.targetType,
		TargetOperationType: a.targetOperationType, TargetName: a.targetName, TargetContext: a.targetContext,
		Message: a.message, InitiatedByType: "ApiKey", InitiatedByName: apiKeyName,
		ObjectsToProcess: a.objectsToProcess, ObjectsProcessed: a.processed(now), ExecutionTime: exec,
		TotalActivityTime: total, ErrorMessage: a.errorMessage, WarningMessage: a.warningMessage, ConnectedSystemRunType: a.runType,
		ConnectedSystemID: a.connectedSystemID, ConnectedSystemRunProfileID: a.runProfileID,
		ChangeReason: a.changeReason, ConfigurationChangeVersion: a.configVersion,
	}
}

// activityProgress is ActivityProgressDto, the cheap polling shape.
type activityProgress struct {
	ID                        string           `json:"id"`
	Status                    string           `json:"status"`
	Message                   *string          `json:"message"`
	ObjectsProcessed          int              `json:"objectsProcessed"`
	ObjectsToProcess          int              `json:"objectsToProcess"`
	PercentComplete           *float64         `json:"percentComplete"`
	ElapsedSeconds            float64          `json:"elapsedSeconds"`
	ObjectsPerSecond          *float64         `json:"objectsPerSecond"`
	EstimatedSecondsRemaining *float64         `json:"estimatedSecondsRemaining"`
	TargetType                string           `json:"targetType"`
	RunType                   *string          `json:"runType"`
	OperationCounts           map[string]int64 `json:"operationCounts"`
	TotalErrors               int              `json:"totalErrors"`
	RetrievedAt               jsonTime         `json:"retrievedAt"`
	Phases                    []any            `json:"phases"`
	CurrentPhase              *string          `json:"currentPhase"`
	CurrentPhaseNumber        *int             `json:"currentPhaseNumber"`
	TotalPhases               *int             `json:"totalPhases"`
}

// percentOf is ActivityProgressDto.percentComplete: processed of total, rounded to one decimal,
// and null while there are no objects to process.
func percentOf(processed, total int) *float64 {
	if total == 0 {
		return nil
	}
	p := math.Round(float64(processed)/float64(total)*1000) / 10
	return &p
}

func (a *activity) progressDto(now time.Time) activityProgress {
	p := activityProgress{
		ID: a.id, Status: a.status, Message: a.message, ObjectsProcessed: a.processed(now),
		ObjectsToProcess: a.objectsToProcess, PercentComplete: percentOf(a.processed(now), a.objectsToProcess),
		TargetType: a.targetType, RunType: a.runType, OperationCounts: map[string]int64{},
		RetrievedAt: jsonTime(now), Phases: []any{},
	}
	end := now
	if a.ended != nil {
		end = *a.ended
	}
	if !a.start.IsZero() && end.After(a.start) {
		p.ElapsedSeconds = math.Round(end.Sub(a.start).Seconds()*100) / 100
	}
	if a.status == activityInProgress && !a.end.IsZero() {
		remaining := math.Max(0, math.Round(a.end.Sub(now).Seconds()*100)/100)
		p.EstimatedSecondsRemaining = &remaining
		if p.ElapsedSeconds > 0 {
			rate := math.Round(float64(p.ObjectsProcessed)/p.ElapsedSeconds*100) / 100
			p.ObjectsPerSecond = &rate
		}
	}
	if a.status == activityFailedWithError || a.status == activityCompleteWithError {
		p.TotalErrors = 1
	}
	return p
}

func (e *Emulator) lookupActivity(w http.ResponseWriter, r *http.Request) *activity {
	id := strings.ToLower(r.PathValue("id"))
	if !isGUID(id) {
		writeWebUIPage(w)
		return nil
	}
	a := e.store.activities[id]
	if a == nil {
		e.notFound(w, "Activity with ID "+id+" not found.")
		return nil
	}
	return a
}

func isGUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i, c := range s {
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !strings.ContainsRune("0123456789abcdef", c) {
				return false
			}
		}
	}
	return true
}

func (e *Emulator) handleGetActivity(w http.ResponseWriter, r *http.Request) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.settleLocked()
	if a := e.lookupActivity(w, r); a != nil {
		emulator.WriteJSON(w, http.StatusOK, a.detail(e.now().UTC()))
	}
}

func (e *Emulator) handleGetActivityProgress(w http.ResponseWriter, r *http.Request) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.settleLocked()
	if a := e.lookupActivity(w, r); a != nil {
		emulator.WriteJSON(w, http.StatusOK, a.progressDto(e.now().UTC()))
	}
}

// handleListActivities lists activities newest first (paginated, no filters).
func (e *Emulator) handleListActivities(w http.ResponseWriter, r *http.Request) {
	p, ok := e.readPagination(w, r)
	if !ok {
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.settleLocked()
	now := e.now().UTC()
	all := make([]*activity, 0, len(e.store.activities))
	for _, a := range e.store.activities {
		all = append(all, a)
	}
	sort.Slice(all, func(i, j int) bool {
		if all[i].created.Equal(all[j].created) {
			return all[i].id < all[j].id
		}
		return all[i].created.After(all[j].created)
	})
	items := make([]activityHeader, 0, len(all))
	for _, a := range all {
		items = append(items, a.header(now))
	}
	emulator.WriteJSON(w, http.StatusOK, paginate(items, p.page, p.pageSize))
}

// workerTaskHeader is WorkerTaskHeader.
type workerTaskHeader struct {
	ID                       string   `json:"id"`
	Name                     string   `json:"name"`
	Type                     string   `json:"type"`
	Timestamp                jsonTime `json:"timestamp"`
	Status                   string   `json:"status"`
	InitiatedByType          string   `json:"initiatedByType"`
	InitiatedByID            *string  `json:"initiatedById"`
	InitiatedByName          string   `json:"initiatedByName"`
	ActivityID               string   `json:"activityId"`
	ObjectsToProcess         int      `json:"objectsToProcess"`
	ObjectsProcessed         int      `json:"objectsProcessed"`
	ProgressMessage          *string  `json:"progressMessage"`
	Steps                    any      `json:"steps"`
	ScheduleExecutionID      *string  `json:"scheduleExecutionId"`
	ScheduleExecutionName    *string  `json:"scheduleExecutionName"`
	ScheduleStepIndex        *int     `json:"scheduleStepIndex"`
	ScheduleTotalSteps       *int     `json:"scheduleTotalSteps"`
	ScheduleCurrentStepIndex *int     `json:"scheduleCurrentStepIndex"`
}

func (e *Emulator) taskHeader(t *workerTask, now time.Time) workerTaskHeader {
	processed := 0
	if a := e.store.activities[t.activityID]; a != nil {
		processed = a.processed(now)
	}
	return workerTaskHeader{
		ID: t.id, Name: t.name, Type: t.taskType, Timestamp: jsonTime(t.timestamp), Status: t.status,
		InitiatedByType: "ApiKey", InitiatedByName: apiKeyName, ActivityID: t.activityID,
		ObjectsToProcess: t.objects, ObjectsProcessed: processed,
	}
}

func (e *Emulator) handleListWorkerTasks(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	page, pageSize := 1, 50
	if v, err := strconv.Atoi(q.Get("page")); err == nil && v >= 1 {
		page = v
	}
	if v, err := strconv.Atoi(q.Get("pageSize")); err == nil && v >= 1 {
		pageSize = min(v, 100)
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.settleLocked()
	now := e.now().UTC()
	all := make([]*workerTask, 0, len(e.store.tasks))
	for _, t := range e.store.tasks {
		all = append(all, t)
	}
	sort.Slice(all, func(i, j int) bool { return all[i].timestamp.Before(all[j].timestamp) })
	items := make([]workerTaskHeader, 0, len(all))
	for _, t := range all {
		items = append(items, e.taskHeader(t, now))
	}
	emulator.WriteJSON(w, http.StatusOK, paginate(items, page, pageSize))
}

func (e *Emulator) handleGetWorkerTask(w http.ResponseWriter, r *http.Request) {
	id := strings.ToLower(r.PathValue("id"))
	if !isGUID(id) {
		writeWebUIPage(w)
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.settleLocked()
	t := e.store.tasks[id]
	if t == nil {
		e.notFound(w, "Worker Task with ID "+id+" not found.")
		return
	}
	emulator.WriteJSON(w, http.StatusOK, e.taskHeader(t, e.now().UTC()))
}
