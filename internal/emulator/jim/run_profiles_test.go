package jim

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"
)

func rpPath(cs int) string { return csBase + "/" + itoa(cs) + "/run-profiles" }

func TestCreateRunProfile(t *testing.T) {
	s := start(t)
	id := s.createSystem("file", 2)
	r := s.expect(s.do("POST", rpPath(id), map[string]any{"name": "Full Import", "runType": "FullImport", "filePath": "/data/hr.csv"}), http.StatusCreated)
	assertEqual(t, "Location is the list route", r.header.Get("Location"), rpPath(id))
	want := `{"id":1,"name":"Full Import","connectedSystemId":1,"runType":"FullImport","pageSize":100,"partitionName":null,` +
		`"targetsDeselectedPartition":false,"filePath":"/data/hr.csv","verifyImportContentHashes":false}`
	assertEqual(t, "body", strings.TrimSpace(string(r.body)), want)
	list := s.expect(s.do("GET", rpPath(id), nil), http.StatusOK).list(t)
	assertEqual(t, "list is a plain array", len(list), 1)
	if _, ok := list[0].(map[string]any)["partitionId"]; ok {
		t.Error("RunProfileDto has no partitionId")
	}
}

func TestUnsupportedRunTypeIsBadRequest(t *testing.T) {
	s := start(t)
	id := s.createSystem("file", 2)
	b := s.expect(s.do("POST", rpPath(id), map[string]any{"name": "Delta", "runType": "DeltaImport"}), http.StatusBadRequest).json(t)
	assertEqual(t, "code", b["code"], any("BAD_REQUEST"))
	assertEqual(t, "message", b["message"], any("Run Profile is not valid for the Connector!"))
	// Synchronisation run types are always allowed.
	s.expect(s.do("POST", rpPath(id), map[string]any{"name": "Sync", "runType": "DeltaSynchronisation"}), http.StatusCreated)
}

func TestRunProfileRunTypeMustBeAStringEnum(t *testing.T) {
	s := start(t)
	id := s.createSystem("file", 2)
	errs := problem(t, s.do("POST", rpPath(id), `{"name":"x","runType":1}`))
	if _, ok := errs["$.runType"]; !ok {
		t.Fatalf("errors %v", errs)
	}
	errs = problem(t, s.do("POST", rpPath(id), map[string]any{"name": "x", "runType": "FullImport", "pageSize": 0}))
	assertEqual(t, "PageSize", len(errs["PageSize"].([]any)), 1)
	// An omitted runType binds to NotSet and is accepted.
	b := s.expect(s.do("POST", rpPath(id), map[string]any{"name": "x"}), http.StatusCreated).json(t)
	assertEqual(t, "runType", b["runType"], any("NotSet"))
}

func TestVerifyImportContentHashesOnlyOnFullImport(t *testing.T) {
	s := start(t)
	id := s.createSystem("file", 2)
	b := s.expect(s.do("POST", rpPath(id), map[string]any{"name": "x", "runType": "Export", "verifyImportContentHashes": true}), http.StatusBadRequest).json(t)
	assertEqual(t, "message", b["message"], any("VerifyImportContentHashes can only be enabled on a Full Import Run Profile."))
	s.expect(s.do("POST", rpPath(id), map[string]any{"name": "x", "runType": "FullImport", "verifyImportContentHashes": true}), http.StatusCreated)
}

func TestRunProfilePartitions(t *testing.T) {
	s := start(t)
	id := s.createSystem("dir", 1)
	b := s.expect(s.do("POST", rpPath(id), map[string]any{"name": "x", "runType": "FullImport", "partitionId": 5}), http.StatusBadRequest).json(t)
	assertEqual(t, "message", b["message"], any("Partition with ID 5 not found."))
	parts := s.expect(s.control("POST", "/_emulator/jim/connected-systems/"+itoa(id)+"/partitions", map[string]any{"names": []string{"dc=corp,dc=example"}}), http.StatusOK).list(t)
	pid := int(parts[0].(map[string]any)["id"].(float64))
	var listed []json.RawMessage
	_ = json.Unmarshal(s.expect(s.do("GET", csBase+"/"+itoa(id)+"/partitions", nil), http.StatusOK).body, &listed)
	if got := keys(t, listed[0]); !slices.Equal(got, []string{"id", "name", "externalId", "selected", "connectedSystemId", "containers"}) {
		t.Fatalf("partition keys %v", got)
	}
	rp := s.expect(s.do("POST", rpPath(id), map[string]any{"name": "x", "runType": "FullImport", "partitionId": pid}), http.StatusCreated).json(t)
	assertEqual(t, "partitionName", rp["partitionName"], any("dc=corp,dc=example"))

	file := s.createSystem("file", 2)
	s.expect(s.control("POST", "/_emulator/jim/connected-systems/"+itoa(file)+"/partitions", map[string]any{"names": []string{"x"}}), http.StatusBadRequest)
	assertEqual(t, "file partitions", len(s.expect(s.do("GET", csBase+"/"+itoa(file)+"/partitions", nil), http.StatusOK).list(t)), 0)
}

func TestUpdateRunProfileIgnoresRunTypeAndKeepsPartition(t *testing.T) {
	s := start(t)
	id := s.createSystem("dir", 1)
	parts := s.control("POST", "/_emulator/jim/connected-systems/"+itoa(id)+"/partitions", map[string]any{"names": []string{"dc=a"}}).list(t)
	pid := int(parts[0].(map[string]any)["id"].(float64))
	rp := s.expect(s.do("POST", rpPath(id), map[string]any{"name": "x", "runType": "FullImport", "partitionId": pid}), http.StatusCreated).json(t)
	path := rpPath(id) + "/" + itoa(int(rp["id"].(float64)))
	b := s.expect(s.do("PUT", path, `{"name":"","runType":"Export","pageSize":500,"partitionId":null,"filePath":""}`), http.StatusOK).json(t)
	assertEqual(t, "name unchanged", b["name"], any("x"))
	assertEqual(t, "runType unchanged", b["runType"], any("FullImport"))
	assertEqual(t, "pageSize", b["pageSize"], any(float64(500)))
	assertEqual(t, "partition kept", b["partitionName"], any("dc=a"))
	assertEqual(t, "empty filePath stored", b["filePath"], any(""))
	b = s.expect(s.do("PUT", path, map[string]any{"partitionId": 999}), http.StatusBadRequest).json(t)
	assertEqual(t, "message", b["message"], any("Partition with ID 999 not found."))
	s.expect(s.do("PUT", rpPath(id)+"/77", map[string]any{"name": "y"}), http.StatusNotFound)
}

func TestDeleteRunProfile(t *testing.T) {
	s := start(t)
	id := s.createSystem("file", 2)
	rp := s.expect(s.do("POST", rpPath(id), map[string]any{"name": "x", "runType": "Export"}), http.StatusCreated).json(t)
	path := rpPath(id) + "/" + itoa(int(rp["id"].(float64)))
	r := s.expect(s.do("DELETE", path, nil), http.StatusNoContent)
	assertEqual(t, "empty body", len(r.body), 0)
	s.expect(s.do("DELETE", path, nil), http.StatusNotFound)
	s.expect(s.do("GET", rpPath(99), nil), http.StatusNotFound)
}

func TestExecuteRunProfile(t *testing.T) {
	s := start(t)
	id := s.createSystem("file", 2)
	rp := s.expect(s.do("POST", rpPath(id), map[string]any{"name": "Full Import", "runType": "FullImport"}), http.StatusCreated).json(t)
	r := s.expect(s.do("POST", rpPath(id)+"/"+itoa(int(rp["id"].(float64)))+"/execute", nil), http.StatusAccepted)
	if got := keys(t, r.body); !slices.Equal(got, []string{"activityId", "taskId", "message", "warnings"}) {
		t.Fatalf("keys %v", got)
	}
	b := r.json(t)
	assertEqual(t, "message", b["message"], any("Run Profile 'Full Import' has been queued for execution."))
	act := s.do("GET", apiPrefix+"/activities/"+b["activityId"].(string), nil).json(t)
	assertEqual(t, "running", act["status"], any("InProgress"))
	assertEqual(t, "runType", act["connectedSystemRunType"], any("FullImport"))
	assertEqual(t, "targetContext", act["targetContext"], any("file"))
	s.expect(s.do("GET", apiPrefix+"/worker-tasks/"+b["taskId"].(string), nil), http.StatusOK)
	s.clock.Advance(2 * time.Second)
	assertEqual(t, "done", s.do("GET", apiPrefix+"/activities/"+b["activityId"].(string)+"/progress", nil).json(t)["status"], any("Complete"))
	s.expect(s.do("GET", apiPrefix+"/worker-tasks/"+b["taskId"].(string), nil), http.StatusNotFound)
}

func TestExecuteRefusesDeselectedPartition(t *testing.T) {
	s := start(t)
	id := s.createSystem("dir", 1)
	parts := s.control("POST", "/_emulator/jim/connected-systems/"+itoa(id)+"/partitions", map[string]any{"names": []string{"dc=a"}, "selected": false}).list(t)
	pid := int(parts[0].(map[string]any)["id"].(float64))
	rp := s.expect(s.do("POST", rpPath(id), map[string]any{"name": "x", "runType": "FullImport", "partitionId": pid}), http.StatusCreated).json(t)
	assertEqual(t, "targetsDeselectedPartition", rp["targetsDeselectedPartition"], any(true))
	b := s.expect(s.do("POST", rpPath(id)+"/"+itoa(int(rp["id"].(float64)))+"/execute", nil), http.StatusBadRequest).json(t)
	assertEqual(t, "code", b["code"], any("BAD_REQUEST"))
}
