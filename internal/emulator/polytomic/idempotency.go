package polytomic

import (
	"net/http"
	"net/http/httptest"
	"regexp"
	"time"
)

// idempotencyKeyFormat is the documented key format: 8-255 of [A-Za-z0-9_-].
var idempotencyKeyFormat = regexp.MustCompile(`^[A-Za-z0-9_-]{8,255}$`)

// idempotentOutcome is the first outcome for a key, replayed to every later request with it.
type idempotentOutcome struct {
	inFlight bool
	status   int
	header   http.Header
	body     []byte
	at       time.Time
}

// idempotent applies the Idempotency-Key contract: the first request with a key decides the
// outcome (errors included) and later requests get it replayed for 24 hours; a request arriving
// while the first is in flight gets 409. Keys are scoped to the credential that sent them.
func (e *Emulator) idempotent(h authedHandler) authedHandler {
	return func(w http.ResponseWriter, r *http.Request, who caller) {
		key := r.Header.Get("Idempotency-Key")
		if key == "" {
			h(w, r, who)
			return
		}
		if !idempotencyKeyFormat.MatchString(key) {
			writeAPIError(w, http.StatusBadRequest, "invalid_idempotency_key",
				"Idempotency-Key must be 8 to 255 characters of letters, digits, '-' and '_'", nil)
			return
		}
		scoped := who.Client + "\x00" + key
		e.mu.Lock()
		prior, seen := e.idempotency[scoped]
		if seen && !prior.inFlight && e.now().Sub(prior.at) > IdempotencyKeyTTL {
			seen = false
		}
		if seen {
			// Read the outcome under the lock: the first request writes it when it finishes.
			inFlight, status, header, body := prior.inFlight, prior.status, prior.header, prior.body
			if inFlight {
				e.keyInFlightConflicts++
			}
			e.mu.Unlock()
			if inFlight {
				writeAPIError(w, http.StatusConflict, "idempotency_key_in_use",
					"a request with this Idempotency-Key is still in progress; wait for it to finish, then retry", nil)
				return
			}
			for k, vs := range header {
				w.Header()[k] = vs
			}
			w.Header().Set("Idempotent-Replayed", "true")
			w.WriteHeader(status)
			_, _ = w.Write(body)
			return
		}
		outcome := &idempotentOutcome{inFlight: true}
		e.idempotency[scoped] = outcome
		e.mu.Unlock()

		rec := httptest.NewRecorder()
		func() {
			defer func() {
				e.mu.Lock()
				outcome.inFlight = false
				outcome.status, outcome.header, outcome.body, outcome.at = rec.Code, rec.Header().Clone(), rec.Body.Bytes(), e.now()
				e.mu.Unlock()
			}()
			h(rec, r, who)
		}()
		for k, vs := range rec.Header() {
			w.Header()[k] = vs
		}
		w.WriteHeader(rec.Code)
		_, _ = w.Write(rec.Body.Bytes())
	}
}
