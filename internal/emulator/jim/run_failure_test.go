package jim

import (
	"net/http"
	"testing"
	"time"
)

// The fail-next-run control ends the next run profile execution with the status and message a
// test chose, as JIM's worker does; the runs after it complete again.
func TestFailNextRun(t *testing.T) {
	for _, tc := range []struct {
		status, want string
		errors       float64
		percent      float64
	}{
		// A run that threw or was cancelled stops halfway through its 10 objects.
		{"", "FailedWithError", 1, 50},
		{"CompleteWithError", "CompleteWithError", 1, 100},
		{"Cancelled", "Cancelled", 0, 50},
	} {
		t.Run(tc.want, func(t *testing.T) {
			s := start(t)
			id := s.createSystem("file", 2)
			s.setObjects(id, map[string]any{"count": 10})
			rp := s.expect(s.do("POST", rpPath(id), map[string]any{"name": "Full Import", "runType": "FullImport"}), http.StatusCreated).json(t)
			execute := rpPath(id) + "/" + itoa(int(rp["id"].(float64))) + "/execute"
			s.expect(s.raw("POST", "/_emulator/jim/fail-next-run", `{"message": "LDAP bind failed", "status": "`+tc.status+`"}`, nil), http.StatusNoContent)

			act := s.expect(s.do("POST", execute, nil), http.StatusAccepted).json(t)["activityId"].(string)
			assertEqual(t, "still running", s.do("GET", apiPrefix+"/activities/"+act+"/progress", nil).json(t)["status"], any("InProgress"))
			s.clock.Advance(2 * time.Second)
			p := s.do("GET", apiPrefix+"/activities/"+act+"/progress", nil).json(t)
			assertEqual(t, "status", p["status"], any(tc.want))
			// The error is the detail's errorMessage; the progress message stays the last progress
			// text (JIM's FailActivityWithErrorAsync sets ErrorMessage only).
			if p["message"] == "LDAP bind failed" {
				t.Errorf("the progress message became the error: %v", p["message"])
			}
			assertEqual(t, "totalErrors", p["totalErrors"], any(tc.errors))
			assertEqual(t, "percentComplete", p["percentComplete"], any(tc.percent))
			d := s.do("GET", apiPrefix+"/activities/"+act, nil).json(t)
			assertEqual(t, "errorMessage", d["errorMessage"], any("LDAP bind failed"))

			next := s.expect(s.do("POST", execute, nil), http.StatusAccepted).json(t)["activityId"].(string)
			s.clock.Advance(2 * time.Second)
			assertEqual(t, "the next run", s.do("GET", apiPrefix+"/activities/"+next+"/progress", nil).json(t)["status"], any("Complete"))
		})
	}
}

func TestFailNextRunRefusesOtherStatuses(t *testing.T) {
	s := start(t)
	s.expect(s.raw("POST", "/_emulator/jim/fail-next-run", `{"status": "Complete"}`, nil), http.StatusBadRequest)
	s.expect(s.raw("POST", "/_emulator/jim/fail-next-run", `{`, nil), http.StatusBadRequest)
}

// A run that completes with warnings (some items failed) is CompleteWithWarning with no
// errorMessage; the control's message is its warningMessage, which JIM usually leaves null.
func TestNextRunCompletesWithWarning(t *testing.T) {
	s := start(t)
	id := s.createSystem("file", 2)
	rp := s.expect(s.do("POST", rpPath(id), map[string]any{"name": "Full Import", "runType": "FullImport"}), http.StatusCreated).json(t)
	execute := rpPath(id) + "/" + itoa(int(rp["id"].(float64))) + "/execute"
	for _, warning := range []string{"2 objects were skipped", ""} {
		s.expect(s.raw("POST", "/_emulator/jim/fail-next-run", `{"message": "`+warning+`", "status": "CompleteWithWarning"}`, nil), http.StatusNoContent)
		act := s.expect(s.do("POST", execute, nil), http.StatusAccepted).json(t)["activityId"].(string)
		s.clock.Advance(2 * time.Second)
		d := s.do("GET", apiPrefix+"/activities/"+act, nil).json(t)
		assertEqual(t, "status", d["status"], any("CompleteWithWarning"))
		// The system has no objects: JIM's percentComplete is null.
		assertEqual(t, "percentComplete", s.do("GET", apiPrefix+"/activities/"+act+"/progress", nil).json(t)["percentComplete"], nil)
		assertEqual(t, "errorMessage", d["errorMessage"], nil)
		var want any
		if warning != "" {
			want = warning
		}
		assertEqual(t, "warningMessage", d["warningMessage"], want)
	}
}
