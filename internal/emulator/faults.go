package emulator

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"sync"
	"time"
)

// Fault kinds. Status kinds answer with that status (429 and 503 carry Retry-After);
// reset-before closes the connection without processing; drop-after-processing processes the
// request and then closes the connection with no answer; slow processes and answers after
// SlowDelay, longer than a client's per-attempt timeout; process-late closes the connection with
// no answer and processes the request LateDelay later, as a server still working on a request the
// client gave up on.
const (
	FaultReset = "reset-before"
	FaultDrop  = "drop-after-processing"
	FaultSlow  = "slow"
	FaultLate  = "process-late"
)

// AllFaultKinds is every kind a rate picks from when a rule names none.
var AllFaultKinds = []string{"500", "502", "503", "429", FaultReset, FaultDrop, FaultSlow}

// validFaultKinds adds the kinds a rule must name to get: process-late changes the server after
// the client has looked, which only targeted tests want.
var validFaultKinds = append(slices.Clone(AllFaultKinds), FaultLate)

// FaultRule is the body of POST /_emulator/faults. Either a counted rule
// ({"route": "POST /api/connections", "kind": "drop-after-processing", "count": 1}) or a rate
// ({"rate": 0.2, "kinds": [...], "seed": 1, "routes": [...]}); routes are route keys as in
// /_emulator/stats and are optional for rates.
type FaultRule struct {
	Route  string   `json:"route,omitempty"`
	Kind   string   `json:"kind,omitempty"`
	Count  int      `json:"count,omitempty"`
	Rate   float64  `json:"rate,omitempty"`
	Kinds  []string `json:"kinds,omitempty"`
	Seed   int64    `json:"seed,omitempty"`
	Routes []string `json:"routes,omitempty"`
	// RetryAfter is the Retry-After seconds sent with 429 and 503 (default 1).
	RetryAfter int `json:"retry_after,omitempty"`
	// SlowDelayMS is how long a slow answer takes (default 3000).
	SlowDelayMS int `json:"slow_delay_ms,omitempty"`
	// LateDelayMS is how long after the dropped connection a process-late request is processed
	// (default 1000).
	LateDelayMS int `json:"late_delay_ms,omitempty"`
}

type countedFault struct {
	route string
	kind  string
	left  int
}

// Faults decides, per request, whether to inject a fault.
type Faults struct {
	mu         sync.Mutex
	counted    []*countedFault
	rate       float64
	kinds      []string
	routes     []string
	rng        *rand.Rand
	retryAfter int
	slowDelay  time.Duration
	lateDelay  time.Duration
	injected   map[string]int
}

func newFaults() *Faults {
	f := &Faults{}
	f.clear()
	return f
}

func (f *Faults) clear() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.counted = nil
	f.rate = 0
	f.kinds = nil
	f.routes = nil
	f.rng = rand.New(rand.NewSource(1))
	f.retryAfter = 1
	f.slowDelay = 3 * time.Second
	f.lateDelay = time.Second
	f.injected = map[string]int{}
}

// Set installs a rule (counted rules add up; a rate replaces the previous rate).
func (f *Faults) Set(rule FaultRule) error {
	kinds := rule.Kinds
	if rule.Kind != "" {
		kinds = append(kinds, rule.Kind)
	}
	for _, k := range kinds {
		if !slices.Contains(validFaultKinds, k) {
			return fmt.Errorf("unknown fault kind %q, want one of %v", k, validFaultKinds)
		}
	}
	if rule.Rate < 0 || rule.Rate > 1 {
		return fmt.Errorf("rate must be between 0 and 1, got %v", rule.Rate)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if rule.RetryAfter > 0 {
		f.retryAfter = rule.RetryAfter
	}
	if rule.SlowDelayMS > 0 {
		f.slowDelay = time.Duration(rule.SlowDelayMS) * time.Millisecond
	}
	if rule.LateDelayMS > 0 {
		f.lateDelay = time.Duration(rule.LateDelayMS) * time.Millisecond
	}
	if rule.Rate > 0 {
		if len(kinds) == 0 {
			kinds = AllFaultKinds
		}
		f.rate, f.kinds, f.routes = rule.Rate, kinds, rule.Routes
		f.rng = rand.New(rand.NewSource(rule.Seed))
		return nil
	}
	if rule.Kind == "" {
		return fmt.Errorf("a fault needs either rate and kinds, or kind (with route and count)")
	}
	count := rule.Count
	if count <= 0 {
		count = 1
	}
	f.counted = append(f.counted, &countedFault{route: rule.Route, kind: rule.Kind, left: count})
	return nil
}

// Injected returns how many faults of each kind were injected since the last clear.
func (f *Faults) Injected() map[string]int {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := map[string]int{}
	for k, v := range f.injected {
		out[k] = v
	}
	return out
}

func (f *Faults) pick(route string) (kind string, retryAfter int, slow, late time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for i, c := range f.counted {
		if c.route == "" || c.route == route {
			kind = c.kind
			c.left--
			if c.left <= 0 {
				f.counted = slices.Delete(f.counted, i, i+1)
			}
			break
		}
	}
	if kind == "" && f.rate > 0 && (len(f.routes) == 0 || slices.Contains(f.routes, route)) {
		if f.rng.Float64() < f.rate {
			kind = f.kinds[f.rng.Intn(len(f.kinds))]
		}
	}
	if kind != "" {
		f.injected[kind]++
	}
	return kind, f.retryAfter, f.slowDelay, f.lateDelay
}

func (f *Faults) handleSet(w http.ResponseWriter, r *http.Request) {
	var rule FaultRule
	if err := json.NewDecoder(r.Body).Decode(&rule); err != nil {
		http.Error(w, "bad fault rule: "+err.Error(), http.StatusBadRequest)
		return
	}
	if err := f.Set(rule); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (f *Faults) handleClear(w http.ResponseWriter, _ *http.Request) {
	f.clear()
	w.WriteHeader(http.StatusNoContent)
}

// serve applies a fault (if one is due) around the real handler.
func (f *Faults) serve(w http.ResponseWriter, r *http.Request, route string, next http.Handler) {
	kind, retryAfter, slow, late := f.pick(route)
	switch kind {
	case "":
		next.ServeHTTP(w, r)
	case "429", "503":
		w.Header().Set("Retry-After", strconv.Itoa(retryAfter))
		fallthrough
	case "500", "502":
		code, _ := strconv.Atoi(kind)
		http.Error(w, "emulator: injected fault "+kind, code)
	case FaultReset:
		closeConnection(w)
	case FaultDrop:
		rec := httptest.NewRecorder()
		next.ServeHTTP(rec, r)
		closeConnection(w)
	case FaultLate:
		body, err := io.ReadAll(r.Body)
		if err != nil {
			closeConnection(w)
			return
		}
		later := r.Clone(context.WithoutCancel(r.Context()))
		later.Body = io.NopCloser(bytes.NewReader(body))
		closeConnection(w)
		go func() {
			time.Sleep(late)
			next.ServeHTTP(httptest.NewRecorder(), later)
		}()
	case FaultSlow:
		rec := httptest.NewRecorder()
		next.ServeHTTP(rec, r)
		select {
		case <-time.After(slow):
		case <-r.Context().Done():
			return
		}
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		_, _ = w.Write(rec.Body.Bytes())
	}
}

// closeConnection drops the TCP connection with no HTTP answer.
func closeConnection(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler)
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	_ = conn.Close()
}
