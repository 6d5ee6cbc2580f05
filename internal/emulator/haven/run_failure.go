package haven

import (
	"encoding/json"
	"net/http"
)

// runFailure is why a run ends ERROR: connectorstatus and connectorhistory show it as the run's
// error ("Error message for this connector job") and failed ("The failed reason") strings
// (reference §3.5, SDK ConnectorStatusResponse).
type runFailure struct {
	err    string
	failed string
}

// FailNextRun makes the next run started by startconnector end ERROR, when it would have
// finished, with errMsg and failed as its error and failed strings (defaults when empty).
func (e *Emulator) FailNextRun(errMsg, failed string) {
	if errMsg == "" {
		errMsg = "The connector could not fetch its start URL"
	}
	if failed == "" {
		failed = "FETCH failed"
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.failNextRun = &runFailure{err: errMsg, failed: failed}
}

// handleControlFailNextRun is POST /_emulator/haven/fail-next-run {"error": "...", "failed": "..."}
// (both optional); it answers 204.
func (e *Emulator) handleControlFailNextRun(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Error  string `json:"error"`
		Failed string `json:"failed"`
	}
	if r.ContentLength != 0 {
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
			http.Error(w, "bad body: "+err.Error(), http.StatusBadRequest)
			return
		}
	}
	e.FailNextRun(body.Error, body.Failed)
	w.WriteHeader(http.StatusNoContent)
}
