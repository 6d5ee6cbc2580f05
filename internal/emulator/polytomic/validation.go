package polytomic

import (
	"net/http"

	"github.com/syncops/terraform-provider-syncops/internal/emulator"
)

// Test controls for a slow upstream validation. A create that validates (validate is true by
// default) can be held while "checking the upstream service" until the test releases it, so that
// a test sees its client give up and retry with the same Idempotency-Key (409 while the first is
// in flight) without racing a delay against the client's timeout:
//
//	POST /_emulator/polytomic/validation/hold     hold creates that validate (and connection tests) from now on
//	POST /_emulator/polytomic/validation/release  let held and later creates through
//	GET  /_emulator/polytomic/validation          {"holding": bool, "held": N, "keyInFlightConflicts": N}
//
// A held create finishes when released even if its client has gone away, as a real server does.

// awaitValidation blocks a create while validation is held.
func (e *Emulator) awaitValidation() {
	e.mu.Lock()
	hold := e.validationHold
	if hold == nil {
		e.mu.Unlock()
		return
	}
	e.heldCreates++
	e.mu.Unlock()
	<-hold
	e.mu.Lock()
	e.heldCreates--
	e.mu.Unlock()
}

// releaseValidation lets held creates through; e.mu must be held.
func (e *Emulator) releaseValidation() {
	if e.validationHold != nil {
		close(e.validationHold)
		e.validationHold = nil
	}
}

func (e *Emulator) handleHoldValidation(w http.ResponseWriter, _ *http.Request) {
	e.mu.Lock()
	if e.validationHold == nil {
		e.validationHold = make(chan struct{})
	}
	e.mu.Unlock()
	w.WriteHeader(http.StatusNoContent)
}

func (e *Emulator) handleReleaseValidation(w http.ResponseWriter, _ *http.Request) {
	e.mu.Lock()
	e.releaseValidation()
	e.mu.Unlock()
	w.WriteHeader(http.StatusNoContent)
}

func (e *Emulator) handleValidationState(w http.ResponseWriter, _ *http.Request) {
	e.mu.Lock()
	defer e.mu.Unlock()
	emulator.WriteJSON(w, http.StatusOK, map[string]any{
		"holding": e.validationHold != nil, "held": e.heldCreates, "keyInFlightConflicts": e.keyInFlightConflicts,
	})
}
