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
		{"", "FailedWithError", 1, 0},
		{"CompleteWithError", "CompleteWithError", 1, 100},
		{"Cancelled", "Cancelled", 0, 0},
	} {
		t.Run(tc.want, func(t *testing.T) {
			s := start(t)
			id := s.createSystem("file", 2)
			rp := s.expect(s.do("POST", rpPath(id), map[string]any{"name": "Full Import", "runType": "FullImport"}), http.StatusCreated).json(t)
			execute := rpPath(id) + "/" + itoa(int(rp["id"].(float64))) + "/execute"
			s.expect(s.raw("POST", "/_emulator/jim/fail-next-run", `{"message": "LDAP bind failed", "status": "`+tc.status+`"}`, nil), http.StatusNoContent)

			act := s.expect(s.do("POST", execute, nil), http.StatusAccepted).json(t)["activityId"].(string)
			assertEqual(t, "still running", s.do("GET", apiPrefix+"/activities/"+act+"/progress", nil).json(t)["status"], any("InProgress"))
			s.clock.Advance(2 * time.Second)
			p := s.do("GET", apiPrefix+"/activities/"+act+"/progress", nil).json(t)
			assertEqual(t, "status", p["status"], any(tc.want))
			assertEqual(t, "message", p["message"], any("LDAP bind failed"))
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
