// Package haven emulates the Haven OnDemand connector APIs (see shared/reference/haven.md): the
// nine connector APIs and List Resources under /1/api/{sync|async}/<api>/v1 by GET query or POST (form-encoded and
// multipart), the apikey parameter with the 2000-range errors, asynchronous jobs that go queued,
// in progress, then finished or failed while still answering HTTP 200, the HOD error body and
// code table, connector runs (start, stop through STOPPING), and the documented quotas.
package haven

import (
	"net/http"
	"sync"
	"time"

	"github.com/syncops/terraform-provider-syncops/internal/emulator"
)

// DefaultAPIKey is the emulator's test API key (HOD keys are UUIDs), sent as the apikey parameter.
const DefaultAPIKey = "5f0c8a52-6f7e-4d1b-9c3a-8e2d4b7a1c90"

// Defaults for Options left zero.
const (
	DefaultRunDuration   = 30 * time.Second
	DefaultStopDuration  = 2 * time.Second
	DefaultMaxConnectors = 50
	DefaultMaxRunsPerDay = 100
	// DefaultMaxRunning is how many connectors may run at the same time (quota 9004; the real
	// number is not documented).
	DefaultMaxRunning = 10
	// DefaultResultWait is how long /1/job/result blocks before answering 7000.
	DefaultResultWait = 10 * time.Second
	// LongRun is how long a run started by the /_emulator/haven/connectors/{name}/run control
	// endpoint lasts unless stopped.
	LongRun = time.Hour
)

// Options configure the emulated Haven OnDemand account.
type Options struct {
	// APIKey is the one accepted apikey (default DefaultAPIKey).
	APIKey string
	// JobDelay is how long an asynchronous job takes: queued for the first half, in progress for
	// the second, then finished or failed. Zero runs jobs at once.
	JobDelay time.Duration
	// RunDuration is how long a startconnector run stays PROCESSING (default DefaultRunDuration).
	RunDuration time.Duration
	// StopDuration is how long a stopped connector stays STOPPING (default DefaultStopDuration).
	StopDuration time.Duration
	// MaxConnectors is the connector count quota, error 9003 (default DefaultMaxConnectors).
	MaxConnectors int
	// MaxRunsPerDay is the runs-per-24-hours quota, error 9006 (default DefaultMaxRunsPerDay).
	MaxRunsPerDay int
	// MaxRunning is the start connector quota, error 9004: how many connectors may be queued,
	// processing or stopping at the same time (default DefaultMaxRunning).
	MaxRunning int
	// ResultWait is how long /1/job/result blocks (default DefaultResultWait).
	ResultWait time.Duration
	// RequireDecryptionToken makes a cloud connector with credentials need its decryption token
	// (the `token` parameter) for retrieveconfig and startconnector, as Haven OnDemand does
	// (reference §4.3). Haven emails the token; here `GET /_emulator/haven/connectors/{name}/
	// decryption-token` gives it. Off, any or no token is accepted, as §4.3 allows.
	RequireDecryptionToken bool
}

// Emulator is the Haven OnDemand platform of the emulator.
type Emulator struct {
	opts   Options
	router *emulator.Router

	mu         sync.Mutex
	connectors map[string]*connector
	jobs       map[string]*job
	// runStarts are the start times of runs in the last 24 hours (quota 9006).
	runStarts []time.Time
	// failNext, when set, makes the next asynchronous job fail with this error.
	failNext *hodError
	// failNextRun, when set, makes the next startconnector run end ERROR (run_failure.go).
	failNextRun *runFailure
	// throttle answers the next requests (of throttleAPI only, when set) with 429 4030.
	throttle    int
	throttleAPI string
	// holding, when set, keeps the asynchronous jobs of holdAPI (of every API when empty) from
	// finishing until the test releases them; held lists them in submission order.
	holding  bool
	holdAPI  string
	held     []*job
	jobDelay time.Duration
	seq      int
	now      func() time.Time
}

// New builds the Haven OnDemand emulator.
func New(opts Options) *Emulator {
	if opts.APIKey == "" {
		opts.APIKey = DefaultAPIKey
	}
	if opts.RunDuration <= 0 {
		opts.RunDuration = DefaultRunDuration
	}
	if opts.StopDuration <= 0 {
		opts.StopDuration = DefaultStopDuration
	}
	if opts.MaxConnectors <= 0 {
		opts.MaxConnectors = DefaultMaxConnectors
	}
	if opts.MaxRunsPerDay <= 0 {
		opts.MaxRunsPerDay = DefaultMaxRunsPerDay
	}
	if opts.MaxRunning <= 0 {
		opts.MaxRunning = DefaultMaxRunning
	}
	if opts.ResultWait <= 0 {
		opts.ResultWait = DefaultResultWait
	}
	e := &Emulator{opts: opts, jobDelay: opts.JobDelay, now: time.Now}
	e.Reset()
	return e
}

// Name implements emulator.Platform.
func (e *Emulator) Name() string { return "haven" }

// Reset implements emulator.Platform.
func (e *Emulator) Reset() {
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, j := range e.jobs {
		if j.timer != nil {
			j.timer.Stop()
		}
	}
	e.connectors = map[string]*connector{}
	e.jobs = map[string]*job{}
	e.runStarts = nil
	e.failNext = nil
	e.failNextRun = nil
	e.throttle = 0
	e.throttleAPI = ""
	e.holding = false
	e.holdAPI = ""
	e.held = nil
}

// State implements emulator.Platform: connectors, asynchronous jobs not finished yet, and those
// of them held by the /_emulator/haven/jobs/hold control.
func (e *Emulator) State() map[string]int {
	e.mu.Lock()
	defer e.mu.Unlock()
	pending := 0
	for _, j := range e.jobs {
		if !j.done {
			pending++
		}
	}
	return map[string]int{"connectors": len(e.connectors), "pendingJobs": pending, "heldJobs": len(e.held)}
}

// SetJobDelay changes how long the next asynchronous jobs take (tests of deadlines).
func (e *Emulator) SetJobDelay(d time.Duration) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.jobDelay = d
}

// Register implements emulator.Platform. Each API has its own route per mode, so that
// /_emulator/stats counts e.g. "POST /1/api/async/createconnector/v1" separately.
func (e *Emulator) Register(r *emulator.Router) {
	e.router = r
	for name := range apis {
		for _, mode := range []string{"sync", "async"} {
			r.API("/1/api/"+mode+"/"+name+"/v1", e.handleAPI(name, mode == "async"))
		}
	}
	r.API("/1/api/{mode}/{api}/{version}", e.handleUnknownAPI)
	r.API("/1/job/status/{id}", e.handleJobStatus)
	r.API("/1/job/result/{id}", e.handleJobResult)
	for _, path := range []string{"/1/job/status", "/1/job/status/{$}", "/1/job/result", "/1/job/result/{$}"} {
		r.API(path, e.handleMissingJobID)
	}
	r.API("/1/", e.handlePageNotFound)
	r.Control("POST /_emulator/haven/connectors/{name}/run", e.handleControlRun)
	r.Control("POST /_emulator/haven/connectors/{name}/finish", e.handleControlFinish)
	r.Control("GET /_emulator/haven/connectors/{name}/decryption-token", e.handleControlDecryptionToken)
	r.Control("POST /_emulator/haven/jobs/hold", e.handleControlHold)
	r.Control("POST /_emulator/haven/jobs/release", e.handleControlRelease)
	r.Control("POST /_emulator/haven/fail-next-job", e.handleControlFailNextJob)
	r.Control("POST /_emulator/haven/throttle", e.handleControlThrottle)
	r.Control("POST /_emulator/haven/fail-next-run", e.handleControlFailNextRun)
}

var _ emulator.Platform = (*Emulator)(nil)

// writeError answers with the HOD error body and the HTTP status of its code.
func writeError(w http.ResponseWriter, he *hodError) {
	emulator.WriteJSON(w, he.httpStatus(), he)
}
