package jim

import (
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/syncops/terraform-provider-syncops/internal/emulator"
)

func (s *testServer) setObjects(id int, body map[string]any) {
	s.t.Helper()
	s.expect(s.control("POST", "/_emulator/jim/connected-systems/"+itoa(id)+"/objects", body), http.StatusOK)
}

func TestDeletionPreview(t *testing.T) {
	s := start(t)
	id := s.createSystem("dir", 1)
	s.setObjects(id, map[string]any{"count": 2500, "pendingExports": 3, "joinedMetaverseObjects": 7})
	s.expect(s.control("POST", "/_emulator/jim/connected-systems/"+itoa(id)+"/partitions", map[string]any{"names": []string{"dc=a", "dc=b"}}), http.StatusOK)
	s.expect(s.do("POST", csBase+"/"+itoa(id)+"/run-profiles", map[string]any{"name": "Full Import", "runType": "FullImport"}), http.StatusCreated)
	r := s.expect(s.do("GET", csBase+"/"+itoa(id)+"/deletion-preview", nil), http.StatusOK)
	want := []string{"connectedSystemId", "connectedSystemName", "connectedSystemObjectCount", "syncRuleCount", "runProfileCount", "partitionCount",
		"containerCount", "pendingExportCount", "activityCount", "joinedMvoCount", "mvosWithOtherConnectorsCount", "mvosWithDeletionRuleCount",
		"mvosWithGracePeriodCount", "warnings", "estimatedDeletionTime", "willRunAsBackgroundJob", "hasRunningSyncOperation"}
	if got := keys(t, r.body); !slices.Equal(got, want) {
		t.Fatalf("keys %v", got)
	}
	p := r.json(t)
	assertEqual(t, "objects", p["connectedSystemObjectCount"], any(float64(2500)))
	assertEqual(t, "runProfileCount", p["runProfileCount"], any(float64(1)))
	assertEqual(t, "partitionCount", p["partitionCount"], any(float64(2)))
	assertEqual(t, "pendingExportCount", p["pendingExportCount"], any(float64(3)))
	assertEqual(t, "joinedMvoCount", p["joinedMvoCount"], any(float64(7)))
	assertEqual(t, "activityCount (create + run profile create)", p["activityCount"], any(float64(2)))
	assertEqual(t, "estimatedDeletionTime", p["estimatedDeletionTime"], any("00:00:25"))
	assertEqual(t, "willRunAsBackgroundJob", p["willRunAsBackgroundJob"], any(true))
	warnings := p["warnings"].([]any)
	assertEqual(t, "warnings", len(warnings), 2)
	assertEqual(t, "mvo warning", warnings[0], any("7 Metaverse Object(s) are joined to CSOs in this system. They will be disconnected."))
	assertEqual(t, "export warning", warnings[1], any("3 Pending Export(s) will be deleted."))

	small := s.createSystem("small", 2)
	p = s.expect(s.do("GET", csBase+"/"+itoa(small)+"/deletion-preview", nil), http.StatusOK).json(t)
	assertEqual(t, "minimum estimate", p["estimatedDeletionTime"], any("00:00:01"))
	assertEqual(t, "small stays in the foreground", p["willRunAsBackgroundJob"], any(false))
	s.expect(s.do("GET", csBase+"/99/deletion-preview", nil), http.StatusNotFound)
}

func TestDeleteCompletesImmediately(t *testing.T) {
	s := start(t)
	id := s.createSystem("small", 2)
	r := s.expect(s.do("DELETE", csBase+"/"+itoa(id)+"?deleteChangeHistory=true&changeReason=retired", nil), http.StatusOK)
	if got := keys(t, r.body); !slices.Equal(got, []string{"success", "outcome", "errorMessage", "workerTaskId", "activityId"}) {
		t.Fatalf("keys %v", got)
	}
	b := r.json(t)
	assertEqual(t, "outcome", b["outcome"], any("CompletedImmediately"))
	assertEqual(t, "workerTaskId", b["workerTaskId"], nil)
	act := s.expect(s.do("GET", apiPrefix+"/activities/"+b["activityId"].(string), nil), http.StatusOK).json(t)
	assertEqual(t, "activity status", act["status"], any("Complete"))
	assertEqual(t, "activity changeReason", act["changeReason"], any("retired"))
	s.expect(s.do("GET", csBase+"/"+itoa(id), nil), http.StatusNotFound)

	var deletions []Deletion
	_ = json.Unmarshal(s.expect(s.control("GET", "/_emulator/jim/deletions", nil), http.StatusOK).body, &deletions)
	if len(deletions) != 1 || !deletions[0].DeleteChangeHistory || deref(deletions[0].ChangeReason) != "retired" || deletions[0].Outcome != "CompletedImmediately" {
		t.Fatalf("deletions %+v", deletions)
	}
}

func TestDeleteOfMissingSystemIsBadRequestNotNotFound(t *testing.T) {
	s := start(t)
	b := s.expect(s.do("DELETE", csBase+"/42", nil), http.StatusBadRequest).json(t)
	assertEqual(t, "code", b["code"], any("BAD_REQUEST"))
	assertEqual(t, "message", b["message"], any("Connected System with ID 42 not found."))
	problem(t, s.do("DELETE", csBase+"/42?deleteChangeHistory=maybe", nil))
}

func TestQueuedDeletionKeepsDeletingThenDisappears(t *testing.T) {
	s := start(t)
	id := s.createSystem("big", 2)
	s.setObjects(id, map[string]any{"count": 1001})
	r := s.expect(s.do("DELETE", csBase+"/"+itoa(id), nil), http.StatusAccepted)
	b := r.json(t)
	assertEqual(t, "outcome", b["outcome"], any("QueuedAsBackgroundJob"))
	taskID, activityID := b["workerTaskId"].(string), b["activityId"].(string)

	assertEqual(t, "GET status", s.expect(s.do("GET", csBase+"/"+itoa(id), nil), http.StatusOK).json(t)["status"], any("Deleting"))
	items := s.do("GET", csBase, nil).json(t)["items"].([]any)
	assertEqual(t, "list status stays Active", items[0].(map[string]any)["status"], any("Active"))
	again := s.expect(s.do("DELETE", csBase+"/"+itoa(id), nil), http.StatusBadRequest).json(t)
	assertEqual(t, "already deleting", again["message"], any("Connected System is already being deleted."))
	task := s.expect(s.do("GET", apiPrefix+"/worker-tasks/"+taskID, nil), http.StatusOK).json(t)
	assertEqual(t, "task type", task["type"], any("Delete Connected System Worker Task"))
	assertEqual(t, "task activity", task["activityId"], any(activityID))
	preview := s.do("GET", csBase+"/"+itoa(id)+"/deletion-preview", nil).json(t)
	assertEqual(t, "preview warning", preview["warnings"].([]any)[0], any("This Connected System is already being deleted."))

	s.clock.Advance(time.Second)
	p := s.expect(s.do("GET", apiPrefix+"/activities/"+activityID+"/progress", nil), http.StatusOK).json(t)
	assertEqual(t, "half way", p["status"], any("InProgress"))
	if pc := p["percentComplete"].(float64); pc < 40 || pc > 60 {
		t.Fatalf("percentComplete %v, want about 50", pc)
	}
	assertEqual(t, "objectsToProcess", p["objectsToProcess"], any(float64(1001)))

	s.clock.Advance(time.Second)
	s.expect(s.do("GET", csBase+"/"+itoa(id), nil), http.StatusNotFound)
	s.expect(s.do("GET", apiPrefix+"/worker-tasks/"+taskID, nil), http.StatusNotFound)
	p = s.expect(s.do("GET", apiPrefix+"/activities/"+activityID+"/progress", nil), http.StatusOK).json(t)
	assertEqual(t, "final status", p["status"], any("Complete"))
	assertEqual(t, "final percent", p["percentComplete"], any(float64(100)))
	detail := s.expect(s.do("GET", apiPrefix+"/activities/"+activityID, nil), http.StatusOK).json(t)
	assertEqual(t, "targetOperationType", detail["targetOperationType"], any("Delete"))
	assertEqual(t, "executionTime", detail["executionTime"], any("00:00:02"))
}

func TestDeletionQueuedAfterSyncWaitsForTheSync(t *testing.T) {
	s := start(t)
	id := s.createSystem("busy", 2)
	s.expect(s.control("POST", "/_emulator/jim/connected-systems/"+itoa(id)+"/running-sync", map[string]any{"running": true}), http.StatusOK)
	preview := s.do("GET", csBase+"/"+itoa(id)+"/deletion-preview", nil).json(t)
	assertEqual(t, "hasRunningSyncOperation", preview["hasRunningSyncOperation"], any(true))
	b := s.expect(s.do("DELETE", csBase+"/"+itoa(id), nil), http.StatusAccepted).json(t)
	assertEqual(t, "outcome", b["outcome"], any("QueuedAfterSync"))
	taskID := b["workerTaskId"].(string)
	assertEqual(t, "task waits", s.do("GET", apiPrefix+"/worker-tasks/"+taskID, nil).json(t)["status"], any("Queued"))

	s.clock.Advance(10 * time.Second)
	assertEqual(t, "still deleting while the sync runs", s.expect(s.do("GET", csBase+"/"+itoa(id), nil), http.StatusOK).json(t)["status"], any("Deleting"))

	s.expect(s.control("POST", "/_emulator/jim/connected-systems/"+itoa(id)+"/running-sync", map[string]any{"running": false}), http.StatusOK)
	assertEqual(t, "task processing", s.do("GET", apiPrefix+"/worker-tasks/"+taskID, nil).json(t)["status"], any("Processing"))
	s.clock.Advance(2 * time.Second)
	s.expect(s.do("GET", csBase+"/"+itoa(id), nil), http.StatusNotFound)
	assertEqual(t, "activity", s.do("GET", apiPrefix+"/activities/"+b["activityId"].(string)+"/progress", nil).json(t)["status"], any("Complete"))
}

func TestRunProfileExecutionMakesDeletionWait(t *testing.T) {
	s := start(t)
	id := s.createSystem("file", 2)
	rp := s.expect(s.do("POST", csBase+"/"+itoa(id)+"/run-profiles", map[string]any{"name": "Export", "runType": "Export"}), http.StatusCreated).json(t)
	s.expect(s.do("POST", csBase+"/"+itoa(id)+"/run-profiles/"+itoa(int(rp["id"].(float64)))+"/execute", nil), http.StatusAccepted)
	b := s.expect(s.do("DELETE", csBase+"/"+itoa(id), nil), http.StatusAccepted).json(t)
	assertEqual(t, "outcome", b["outcome"], any("QueuedAfterSync"))
	s.clock.Advance(3 * time.Second) // run ends at 2s, deletion at 4s
	s.expect(s.do("GET", csBase+"/"+itoa(id), nil), http.StatusOK)
	s.clock.Advance(time.Second)
	s.expect(s.do("GET", csBase+"/"+itoa(id), nil), http.StatusNotFound)
}

func TestFailedBackgroundDeletionReturnsSystemToActive(t *testing.T) {
	s := start(t)
	id := s.createSystem("big", 2)
	s.setObjects(id, map[string]any{"count": 5000})
	s.expect(s.control("POST", "/_emulator/jim/fail-next-deletion", map[string]any{"message": "database is on fire"}), http.StatusNoContent)
	b := s.expect(s.do("DELETE", csBase+"/"+itoa(id), nil), http.StatusAccepted).json(t)
	s.clock.Advance(3 * time.Second)
	act := s.expect(s.do("GET", apiPrefix+"/activities/"+b["activityId"].(string), nil), http.StatusOK).json(t)
	assertEqual(t, "status", act["status"], any("FailedWithError"))
	assertEqual(t, "errorMessage", act["errorMessage"], any("database is on fire"))
	p := s.do("GET", apiPrefix+"/activities/"+b["activityId"].(string)+"/progress", nil).json(t)
	if p["message"] == "database is on fire" {
		t.Errorf("the progress message became the error (JIM sets errorMessage only): %v", p["message"])
	}
	assertEqual(t, "system back to Active", s.expect(s.do("GET", csBase+"/"+itoa(id), nil), http.StatusOK).json(t)["status"], any("Active"))
	s.expect(s.do("GET", apiPrefix+"/worker-tasks/"+b["workerTaskId"].(string), nil), http.StatusNotFound)
	// A retry succeeds.
	s.expect(s.do("DELETE", csBase+"/"+itoa(id), nil), http.StatusAccepted).json(t)
	s.clock.Advance(3 * time.Second)
	s.expect(s.do("GET", csBase+"/"+itoa(id), nil), http.StatusNotFound)
}

func TestWorkerTaskListAndBadIDs(t *testing.T) {
	s := start(t)
	id := s.createSystem("big", 2)
	s.setObjects(id, map[string]any{"count": 1500})
	s.expect(s.do("DELETE", csBase+"/"+itoa(id), nil), http.StatusAccepted)
	list := s.expect(s.do("GET", apiPrefix+"/worker-tasks", nil), http.StatusOK).json(t)
	assertEqual(t, "one task", list["totalCount"], any(float64(1)))
	assertEqual(t, "pageSize default", list["pageSize"], any(float64(50)))
	s.expect(s.do("GET", apiPrefix+"/worker-tasks/"+newGUID(), nil), http.StatusNotFound)
	r := s.expect(s.do("GET", apiPrefix+"/activities/not-a-guid", nil), http.StatusOK)
	if !strings.HasPrefix(r.header.Get("Content-Type"), "text/html") {
		t.Fatal("a non-GUID id misses the route constraint and gets the web UI page")
	}
	acts := s.expect(s.do("GET", apiPrefix+"/activities", nil), http.StatusOK).json(t)
	assertEqual(t, "activities", acts["totalCount"], any(float64(2)))
}

func TestStateCountsSystemsAndRunProfiles(t *testing.T) {
	s := start(t)
	id := s.createSystem("a", 2)
	s.expect(s.do("POST", csBase+"/"+itoa(id)+"/run-profiles", map[string]any{"name": "x", "runType": "FullImport"}), http.StatusCreated)
	st := s.emu.State()
	assertEqual(t, "connectedSystems", st["connectedSystems"], 1)
	assertEqual(t, "runProfiles", st["runProfiles"], 1)
	s.emu.Reset()
	assertEqual(t, "after reset", s.emu.State()["connectedSystems"], 0)
}

// TestQueuedDeletionWithTheRealClock runs a queued deletion against wall time, as the acceptance
// tests do.
func TestQueuedDeletionWithTheRealClock(t *testing.T) {
	t.Parallel()
	e := New(Options{JobDelay: 200 * time.Millisecond})
	run, err := emulator.Start("127.0.0.1:0", "", emulator.New(e))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = run.Close() })
	s := &testServer{t: t, url: run.URL, emu: e, key: DefaultAPIKey}
	id := s.createSystem("big", 2)
	s.setObjects(id, map[string]any{"count": 1200})
	b := s.expect(s.do("DELETE", csBase+"/"+itoa(id), nil), http.StatusAccepted).json(t)
	assertEqual(t, "status", s.expect(s.do("GET", csBase+"/"+itoa(id), nil), http.StatusOK).json(t)["status"], any("Deleting"))
	deadline := time.Now().Add(5 * time.Second)
	for s.do("GET", csBase+"/"+itoa(id), nil).status != http.StatusNotFound {
		if time.Now().After(deadline) {
			t.Fatal("the deletion never finished")
		}
		time.Sleep(50 * time.Millisecond)
	}
	assertEqual(t, "activity", s.do("GET", apiPrefix+"/activities/"+b["activityId"].(string)+"/progress", nil).json(t)["status"], any("Complete"))
}

func TestControlMethodsMirrorTheEndpoints(t *testing.T) {
	s := start(t)
	id := s.createSystem("dir", 1)
	n := 1500
	if err := s.emu.SetObjects(id, &n, nil, nil); err != nil {
		t.Fatal(err)
	}
	if err := s.emu.SetObjects(999, &n, nil, nil); !errors.Is(err, ErrNoSuchSystem) {
		t.Fatalf("unknown system: %v", err)
	}
	if ids, err := s.emu.AddPartitions(id, true, "dc=a"); err != nil || len(ids) != 1 {
		t.Fatalf("AddPartitions: %v %v", ids, err)
	}
	s.emu.FailNextDeletion("boom")
	b := s.expect(s.do("DELETE", csBase+"/"+itoa(id)+"?changeReason=why", nil), http.StatusAccepted).json(t)
	s.clock.Advance(3 * time.Second)
	assertEqual(t, "failed", s.do("GET", apiPrefix+"/activities/"+b["activityId"].(string), nil).json(t)["errorMessage"], any("boom"))
	d := s.emu.Deletions()
	if len(d) != 1 || d[0].ID != id || d[0].Outcome != "QueuedAsBackgroundJob" || deref(d[0].ChangeReason) != "why" {
		t.Fatalf("Deletions %+v", d)
	}
	s.expect(s.control("POST", "/_emulator/jim/connected-systems/999/objects", map[string]any{"count": 1}), http.StatusNotFound)
}

// Reference §10.3 step 6: a synchronous deletion that throws fails its activity, puts the system
// back to Active and answers 400 BAD_REQUEST with the result's errorMessage (never a 2xx Failed).
func TestFailedImmediateDeletionIs400AndSystemStaysActive(t *testing.T) {
	s := start(t)
	id := s.createSystem("small", 2)
	s.expect(s.control("POST", "/_emulator/jim/fail-next-deletion", map[string]any{"message": "Export file not found on the worker", "immediate": true}), http.StatusNoContent)
	b := s.expect(s.do("DELETE", csBase+"/"+itoa(id), nil), http.StatusBadRequest).json(t)
	assertEqual(t, "code", b["code"], any("BAD_REQUEST"))
	assertEqual(t, "message", b["message"], any("Export file not found on the worker"))
	assertEqual(t, "system back to Active", s.expect(s.do("GET", csBase+"/"+itoa(id), nil), http.StatusOK).json(t)["status"], any("Active"))
	acts := s.expect(s.do("GET", apiPrefix+"/activities", nil), http.StatusOK).json(t)["items"].([]any)
	failed := 0
	for _, a := range acts {
		if a.(map[string]any)["targetOperationType"] == "Delete" && a.(map[string]any)["status"] == "FailedWithError" {
			failed++
		}
	}
	assertEqual(t, "failed delete activities", failed, 1)
	// The failure is used up: a retry completes immediately.
	s.expect(s.do("DELETE", csBase+"/"+itoa(id), nil), http.StatusOK)
	s.expect(s.do("GET", csBase+"/"+itoa(id), nil), http.StatusNotFound)
}

// A background failure armed without "immediate" leaves immediate deletions alone.
func TestBackgroundFailureDoesNotHitImmediateDeletion(t *testing.T) {
	s := start(t)
	id := s.createSystem("small", 2)
	s.emu.FailNextDeletion("boom")
	s.expect(s.do("DELETE", csBase+"/"+itoa(id), nil), http.StatusOK)
}

// A paused worker lets a test, not the clock, decide when queued work ends: the deletion stays
// InProgress however long the pause, and goes on where it stood once the worker resumes.
func TestPausedWorkerHoldsQueuedDeletion(t *testing.T) {
	s := start(t)
	id := s.createSystem("big", 2)
	s.setObjects(id, map[string]any{"count": 1001})
	b := s.expect(s.do("DELETE", csBase+"/"+itoa(id), nil), http.StatusAccepted).json(t)
	activityID := b["activityId"].(string)
	s.clock.Advance(time.Second) // half of the 2 s job
	assertEqual(t, "paused", s.expect(s.control("POST", "/_emulator/jim/worker", map[string]any{"paused": true}), http.StatusOK).json(t)["paused"], any(true))

	s.clock.Advance(time.Hour)
	assertEqual(t, "still deleting while paused", s.expect(s.do("GET", csBase+"/"+itoa(id), nil), http.StatusOK).json(t)["status"], any("Deleting"))
	assertEqual(t, "activity while paused", s.do("GET", apiPrefix+"/activities/"+activityID+"/progress", nil).json(t)["status"], any("InProgress"))
	// A deletion that would start while the worker is paused waits for it too.
	other := s.createSystem("busy", 2)
	s.expect(s.control("POST", "/_emulator/jim/connected-systems/"+itoa(other)+"/running-sync", map[string]any{"running": true}), http.StatusOK)
	s.expect(s.do("DELETE", csBase+"/"+itoa(other), nil), http.StatusAccepted)
	s.expect(s.control("POST", "/_emulator/jim/connected-systems/"+itoa(other)+"/running-sync", map[string]any{"running": false}), http.StatusOK)
	s.clock.Advance(time.Hour)
	s.expect(s.do("GET", csBase+"/"+itoa(other), nil), http.StatusOK)

	s.expect(s.control("POST", "/_emulator/jim/worker", map[string]any{"paused": false}), http.StatusOK)
	s.clock.Advance(900 * time.Millisecond)
	s.expect(s.do("GET", csBase+"/"+itoa(id), nil), http.StatusOK)
	s.clock.Advance(200 * time.Millisecond) // the second half of the job, after the resume
	s.expect(s.do("GET", csBase+"/"+itoa(id), nil), http.StatusNotFound)
	assertEqual(t, "activity", s.do("GET", apiPrefix+"/activities/"+activityID+"/progress", nil).json(t)["status"], any("Complete"))
	s.expect(s.do("GET", csBase+"/"+itoa(other), nil), http.StatusOK) // its 2 s began at the resume
	s.clock.Advance(time.Second)
	s.expect(s.do("GET", csBase+"/"+itoa(other), nil), http.StatusNotFound)

	var deletions []Deletion
	_ = json.Unmarshal(s.expect(s.control("GET", "/_emulator/jim/deletions", nil), http.StatusOK).body, &deletions)
	if len(deletions) != 2 || deletions[0].ActivityID != activityID {
		t.Fatalf("deletions %+v, want the first with activity %s", deletions, activityID)
	}
	s.expect(s.control("POST", "/_emulator/jim/worker", map[string]any{}), http.StatusBadRequest)
}
