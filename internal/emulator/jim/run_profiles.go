package jim

import (
	"fmt"
	"net/http"

	"github.com/syncops/terraform-provider-syncops/internal/emulator"
)

var runTypes = []string{"NotSet", "FullImport", "DeltaImport", "FullSynchronisation", "DeltaSynchronisation", "Export"}

const runTypeNetType = "JIM.Models.Staging.ConnectedSystemRunType"

// runProfileDto is RunProfileDto: partitionName, never partitionId.
type runProfileDto struct {
	ID                         int     `json:"id"`
	Name                       string  `json:"name"`
	ConnectedSystemID          int     `json:"connectedSystemId"`
	RunType                    string  `json:"runType"`
	PageSize                   int     `json:"pageSize"`
	PartitionName              *string `json:"partitionName"`
	TargetsDeselectedPartition bool    `json:"targetsDeselectedPartition"`
	FilePath                   *string `json:"filePath"`
	VerifyImportContentHashes  bool    `json:"verifyImportContentHashes"`
}

func (cs *connectedSystem) partition(id int) *partition {
	for _, p := range cs.partitions {
		if p.id == id {
			return p
		}
	}
	return nil
}

func (cs *connectedSystem) runProfileDto(rp *runProfile) runProfileDto {
	d := runProfileDto{ID: rp.id, Name: rp.name, ConnectedSystemID: cs.id, RunType: rp.runType, PageSize: rp.pageSize,
		FilePath: rp.filePath, VerifyImportContentHashes: rp.verify}
	if rp.partitionID != nil {
		if p := cs.partition(*rp.partitionID); p != nil {
			name := p.name
			d.PartitionName = &name
			d.TargetsDeselectedPartition = !p.selected
		}
	}
	return d
}

// runTypeSupported is IsRunProfileValid: only imports and export depend on the connector.
func runTypeSupported(c capabilities, runType string) bool {
	switch runType {
	case "FullImport":
		return c.FullImport
	case "DeltaImport":
		return c.DeltaImport
	case "Export":
		return c.Export
	}
	return true
}

func (e *Emulator) handleListRunProfiles(w http.ResponseWriter, r *http.Request) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.settleLocked()
	cs := e.lookupSystem(w, r)
	if cs == nil {
		return
	}
	out := make([]runProfileDto, 0, len(cs.runProfiles))
	for _, rp := range cs.runProfiles {
		out = append(out, cs.runProfileDto(rp))
	}
	emulator.WriteJSON(w, http.StatusOK, out)
}

func (e *Emulator) handleCreateRunProfile(w http.ResponseWriter, r *http.Request) {
	if _, ok := intPathValue(r, "id"); !ok {
		writeWebUIPage(w)
		return
	}
	b := readBody(w, r, "JIM.Web.Models.Api.CreateRunProfileRequest")
	if b == nil {
		return
	}
	name := b.String("name")
	runType := b.Enum("runType", runTypeNetType, runTypes...)
	pageSize := b.Int("pageSize", "System.Int32")
	partitionID := b.Int("partitionId", "System.Nullable`1[System.Int32]")
	filePath := b.String("filePath")
	verify := b.Bool("verifyImportContentHashes", "System.Boolean")
	if b.convErr == nil {
		if b.required("Name", name) {
			b.stringLength("Name", name, 1, 200)
		}
		b.rangeCheck("PageSize", pageSize, 1, 10000)
		b.stringLength("FilePath", filePath, 0, 500)
	}
	if b.failed(w) {
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.settleLocked()
	cs := e.lookupSystem(w, r)
	if cs == nil {
		return
	}
	rp := &runProfile{name: *name, runType: "NotSet", pageSize: 100, filePath: filePath}
	if runType != nil {
		rp.runType = *runType
	}
	if pageSize != nil {
		rp.pageSize = *pageSize
	}
	if verify != nil {
		rp.verify = *verify
	}
	if partitionID != nil {
		if cs.partition(*partitionID) == nil {
			e.badRequest(w, fmt.Sprintf("Partition with ID %d not found.", *partitionID))
			return
		}
		rp.partitionID = partitionID
	}
	if rp.verify && rp.runType != "FullImport" {
		e.badRequest(w, "VerifyImportContentHashes can only be enabled on a Full Import Run Profile.")
		return
	}
	if !runTypeSupported(cs.def.Caps, rp.runType) {
		e.badRequest(w, "Run Profile is not valid for the Connector!")
		return
	}
	e.store.nextProfile++
	rp.id = e.store.nextProfile
	cs.runProfiles = append(cs.runProfiles, rp)
	e.profileActivity(cs, rp, "Create")
	e.recordCreation("runProfile", fmt.Sprintf("%d/%s", cs.id, rp.name))
	w.Header().Set("Location", fmt.Sprintf("%s/%d/run-profiles", csBase, cs.id))
	emulator.WriteJSON(w, http.StatusCreated, cs.runProfileDto(rp))
}

func (e *Emulator) profileActivity(cs *connectedSystem, rp *runProfile, operation string) *activity {
	a := e.newActivity(cs, operation, nil)
	a.targetType = "ConnectedSystemRunProfile"
	a.targetName = rp.name
	ctx := cs.name
	a.targetContext = &ctx
	id := rp.id
	a.runProfileID = &id
	rt := rp.runType
	a.runType = &rt
	if operation != "Execute" {
		e.finishActivity(a, activityComplete, nil, a.created)
	}
	return a
}

// lookupRunProfile resolves {id} and {runProfileId}; nil means an answer was written.
func (e *Emulator) lookupRunProfile(w http.ResponseWriter, r *http.Request) (*connectedSystem, *runProfile, int) {
	rpID, ok := intPathValue(r, "runProfileId")
	if !ok {
		writeWebUIPage(w)
		return nil, nil, 0
	}
	cs := e.lookupSystem(w, r)
	if cs == nil {
		return nil, nil, 0
	}
	for i, rp := range cs.runProfiles {
		if rp.id == rpID {
			return cs, rp, i
		}
	}
	e.notFound(w, fmt.Sprintf("Run Profile with ID %d not found.", rpID))
	return nil, nil, 0
}

func (e *Emulator) handleUpdateRunProfile(w http.ResponseWriter, r *http.Request) {
	if _, ok := intPathValue(r, "id"); !ok {
		writeWebUIPage(w)
		return
	}
	if _, ok := intPathValue(r, "runProfileId"); !ok {
		writeWebUIPage(w)
		return
	}
	b := readBody(w, r, "JIM.Web.Models.Api.UpdateRunProfileRequest")
	if b == nil {
		return
	}
	// runType is not part of UpdateRunProfileRequest: if sent it is an unknown property, ignored.
	name := b.String("name")
	pageSize := b.Int("pageSize", "System.Nullable`1[System.Int32]")
	partitionID := b.Int("partitionId", "System.Nullable`1[System.Int32]")
	filePath := b.String("filePath")
	verify := b.Bool("verifyImportContentHashes", "System.Nullable`1[System.Boolean]")
	if b.convErr == nil {
		if name != nil && *name != "" {
			b.stringLength("Name", name, 1, 200)
		}
		b.rangeCheck("PageSize", pageSize, 1, 10000)
		b.stringLength("FilePath", filePath, 0, 500)
	}
	if b.failed(w) {
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.settleLocked()
	cs, rp, _ := e.lookupRunProfile(w, r)
	if rp == nil {
		return
	}
	next := *rp
	if name != nil && *name != "" {
		next.name = *name
	}
	if pageSize != nil {
		next.pageSize = *pageSize
	}
	if filePath != nil {
		fp := *filePath
		next.filePath = &fp
	}
	if verify != nil {
		next.verify = *verify
	}
	// partitionId can be changed but never cleared back to null.
	if partitionID != nil {
		if cs.partition(*partitionID) == nil {
			e.badRequest(w, fmt.Sprintf("Partition with ID %d not found.", *partitionID))
			return
		}
		next.partitionID = partitionID
	}
	if next.verify && next.runType != "FullImport" {
		e.badRequest(w, "VerifyImportContentHashes can only be enabled on a Full Import Run Profile.")
		return
	}
	*rp = next
	e.profileActivity(cs, rp, "Update")
	emulator.WriteJSON(w, http.StatusOK, cs.runProfileDto(rp))
}

func (e *Emulator) handleDeleteRunProfile(w http.ResponseWriter, r *http.Request) {
	if _, ok := intPathValue(r, "id"); !ok {
		writeWebUIPage(w)
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.settleLocked()
	cs, rp, i := e.lookupRunProfile(w, r)
	if rp == nil {
		return
	}
	cs.runProfiles = append(cs.runProfiles[:i], cs.runProfiles[i+1:]...)
	e.profileActivity(cs, rp, "Delete")
	w.WriteHeader(http.StatusNoContent)
}

// runProfileExecution is RunProfileExecutionResponse.
type runProfileExecution struct {
	ActivityID string   `json:"activityId"`
	TaskID     string   `json:"taskId"`
	Message    string   `json:"message"`
	Warnings   []string `json:"warnings"`
}

func (e *Emulator) handleExecuteRunProfile(w http.ResponseWriter, r *http.Request) {
	if _, ok := intPathValue(r, "id"); !ok {
		writeWebUIPage(w)
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.settleLocked()
	cs, rp, _ := e.lookupRunProfile(w, r)
	if rp == nil {
		return
	}
	if rp.partitionID != nil {
		if p := cs.partition(*rp.partitionID); p != nil && !p.selected {
			e.badRequest(w, fmt.Sprintf("Run Profile '%s' targets Partition '%s', which is not selected. Select the Partition or change the Run Profile.", rp.name, p.name))
			return
		}
	}
	if cs.status == "Deleting" {
		e.badRequest(w, "Connected System is being deleted.")
		return
	}
	a := e.profileActivity(cs, rp, "Execute")
	a.objectsToProcess = cs.objects
	a.end = a.start.Add(e.opts.JobDelay)
	task := &workerTask{id: newGUID(), name: rp.name, taskType: "Synchronisation Worker Task",
		timestamp: a.created, status: "Processing", activityID: a.id, objects: cs.objects}
	e.store.tasks[task.id] = task
	e.store.jobs = append(e.store.jobs, &job{kind: "run", systemID: cs.id, profile: rp, activity: a, task: task, start: a.start, end: a.end})
	emulator.WriteJSON(w, http.StatusAccepted, runProfileExecution{
		ActivityID: a.id, TaskID: task.id,
		Message:  fmt.Sprintf("Run Profile '%s' has been queued for execution.", rp.name),
		Warnings: []string{},
	})
}

// partitionDto is ConnectedSystemPartitionDto (containers are not emulated: always empty).
type partitionDto struct {
	ID                int    `json:"id"`
	Name              string `json:"name"`
	ExternalID        string `json:"externalId"`
	Selected          bool   `json:"selected"`
	ConnectedSystemID int    `json:"connectedSystemId"`
	Containers        []any  `json:"containers"`
}

func (e *Emulator) handleListPartitions(w http.ResponseWriter, r *http.Request) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.settleLocked()
	cs := e.lookupSystem(w, r)
	if cs == nil {
		return
	}
	out := make([]partitionDto, 0, len(cs.partitions))
	for _, p := range cs.partitions {
		out = append(out, partitionDto{ID: p.id, Name: p.name, ExternalID: p.externalID, Selected: p.selected, ConnectedSystemID: cs.id, Containers: []any{}})
	}
	emulator.WriteJSON(w, http.StatusOK, out)
}

// handleListObjectTypes answers the (always empty) object types: they only exist after a live
// import-schema, which the emulator does not offer.
func (e *Emulator) handleListObjectTypes(w http.ResponseWriter, r *http.Request) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.settleLocked()
	if cs := e.lookupSystem(w, r); cs != nil {
		emulator.WriteJSON(w, http.StatusOK, []any{})
	}
}
