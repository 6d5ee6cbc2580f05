// Package jim emulates the JIM (Junctional Identity Manager) REST API as described in
// ../shared/reference/jim.md: connector definitions, connected systems (with write-only settings,
// live-probe validation and change history), run profiles, partitions, connected system deletion
// with its background worker, activities and worker tasks, X-API-Key authentication, the
// per-key rate limiter and the four error body shapes.
//
// Background work (queued deletions, run profile executions) is advanced lazily: every request
// first settles the jobs whose time has come, so the emulator needs no goroutines and a test sees
// exactly the state the clock implies.
package jim

import (
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/syncops/terraform-provider-syncops/internal/emulator"
)

// DefaultAPIKey is the API key the emulator accepts unless Options.APIKey says otherwise. It has the
// real format: "jim_ak_" followed by 64 lowercase hex characters.
const DefaultAPIKey = "jim_ak_" + "0123456789abcdef" + "0123456789abcdef" + "0123456789abcdef" + "0123456789abcdef"

// apiKeyName is how activities and worker tasks name the key that initiated them.
const apiKeyName = "Emulator API Key"

// apiKeyID is the id (a GUID) of that key, as change history names who made a change.
const apiKeyID = "6a1e3c2b-5d4f-4e8a-9b7c-0d1e2f3a4b5c"

// backgroundDeletionThreshold is the connector-space object count above which a deletion is queued.
const backgroundDeletionThreshold = 1000

// Options configure the emulated JIM server.
type Options struct {
	// APIKey is the accepted X-API-Key (default DefaultAPIKey). It has the Administrator role.
	APIKey string
	// UserAPIKey, when set, is a second accepted key with only the User role: JIM authenticates
	// it, then every Administrator-only route (all of them but health and auth config) answers
	// the framework's 403 with an empty body.
	UserAPIKey string
	// InfrastructureAPIKey, when set, is JIM_INFRASTRUCTURE_API_KEY, the bootstrap/CI key: it must
	// start with jim_ak_ and be at least 32 characters (any alphabet), has the Administrator role
	// and is exempt from rate limiting (reference §2; its 24-hour expiry is not emulated).
	InfrastructureAPIKey string
	// JobDelay is how long a queued background job (deletion, run profile execution) takes
	// (default 2s).
	JobDelay time.Duration
	// RateLimit is the number of requests per minute per key, in a sliding window (default 300;
	// 0 turns the limiter off).
	RateLimit int
}

// DefaultOptions are the options of a stock JIM server.
func DefaultOptions() Options {
	return Options{APIKey: DefaultAPIKey, JobDelay: 2 * time.Second, RateLimit: 300}
}

// Emulator is the JIM platform of the emulator.
type Emulator struct {
	opts Options
	// now is the clock; tests may replace it.
	now func() time.Time
	// routes re-dispatches requests whose path differs only in case (JIM matches routes
	// case-insensitively; Go's mux does not).
	routes  *http.ServeMux
	limiter *rateLimiter
	// router is kept to record creations in /_emulator/stats.
	router *emulator.Router

	mu    sync.Mutex
	store *store
}

// New builds a JIM emulator. Zero fields of o are not defaulted except APIKey and JobDelay, so
// RateLimit 0 really turns the limiter off; start from DefaultOptions() for stock behaviour.
func New(o Options) *Emulator {
	if o.APIKey == "" {
		o.APIKey = DefaultAPIKey
	}
	if o.JobDelay <= 0 {
		o.JobDelay = DefaultOptions().JobDelay
	}
	e := &Emulator{opts: o, now: time.Now, routes: http.NewServeMux()}
	e.limiter = newRateLimiter(o.RateLimit)
	e.store = newStore(e.now())
	return e
}

// Name is the emulator platform key.
func (e *Emulator) Name() string { return "jim" }

// State counts the platform's objects.
func (e *Emulator) State() map[string]int {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.settleLocked()
	runProfiles := 0
	for _, cs := range e.store.systems {
		runProfiles += len(cs.runProfiles)
	}
	return map[string]int{
		"connectedSystems": len(e.store.systems),
		"runProfiles":      runProfiles,
		"activities":       len(e.store.activities),
		"workerTasks":      len(e.store.tasks),
	}
}

// Reset forgets every connected system, activity and task, and re-seeds the connector definitions.
func (e *Emulator) Reset() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.store = newStore(e.now())
	e.limiter.reset()
}

const (
	apiPrefix = "/api/v1"
	syncBase  = apiPrefix + "/synchronisation"
	csBase    = syncBase + "/connected-systems"
)

// Register adds the JIM API and control routes.
func (e *Emulator) Register(r *emulator.Router) {
	e.router = r
	// Anonymous endpoints: not authenticated, not rate limited.
	r.API("GET "+apiPrefix+"/health", e.handleHealth)
	r.API("GET "+apiPrefix+"/health/ready", e.handleHealth)
	r.API("GET "+apiPrefix+"/health/live", e.handleHealth)
	r.API("GET "+apiPrefix+"/health/version", e.handleHealthVersion)
	r.API("GET "+apiPrefix+"/auth/config", e.handleAuthConfig)

	api := func(pattern string, h http.HandlerFunc) {
		wrapped := e.guard(h)
		r.API(pattern, wrapped)
		e.routes.HandleFunc(pattern, wrapped)
	}
	api("GET "+syncBase+"/connector-definitions", e.handleListConnectorDefinitions)
	api("GET "+syncBase+"/connector-definitions/{id}", e.handleGetConnectorDefinition)
	api("GET "+syncBase+"/connector-definitions/by-name/{name}", e.handleGetConnectorDefinitionByName)

	api("GET "+csBase, e.handleListConnectedSystems)
	api("POST "+csBase, e.handleCreateConnectedSystem)
	api("GET "+csBase+"/{id}", e.handleGetConnectedSystem)
	api("PUT "+csBase+"/{id}", e.handleUpdateConnectedSystem)
	api("DELETE "+csBase+"/{id}", e.handleDeleteConnectedSystem)
	api("GET "+csBase+"/{id}/deletion-preview", e.handleDeletionPreview)
	api("GET "+csBase+"/{id}/partitions", e.handleListPartitions)
	api("GET "+csBase+"/{id}/object-types", e.handleListObjectTypes)
	api("GET "+csBase+"/{id}/change-history", e.handleListChangeHistory)
	api("GET "+csBase+"/{id}/change-history/compare", e.handleCompareChangeHistory)
	api("GET "+csBase+"/{id}/change-history/{version}", e.handleGetChangeHistoryVersion)

	api("GET "+csBase+"/{id}/run-profiles", e.handleListRunProfiles)
	api("POST "+csBase+"/{id}/run-profiles", e.handleCreateRunProfile)
	api("PUT "+csBase+"/{id}/run-profiles/{runProfileId}", e.handleUpdateRunProfile)
	api("DELETE "+csBase+"/{id}/run-profiles/{runProfileId}", e.handleDeleteRunProfile)
	api("POST "+csBase+"/{id}/run-profiles/{runProfileId}/execute", e.handleExecuteRunProfile)

	api("GET "+apiPrefix+"/activities", e.handleListActivities)
	api("GET "+apiPrefix+"/activities/{id}", e.handleGetActivity)
	api("GET "+apiPrefix+"/activities/{id}/progress", e.handleGetActivityProgress)
	api("GET "+apiPrefix+"/worker-tasks", e.handleListWorkerTasks)
	api("GET "+apiPrefix+"/worker-tasks/{id}", e.handleGetWorkerTask)

	// Everything else under /api/v1 falls through to the web UI page (JIM's MapFallbackToPage),
	// after authentication; a path that only differs in case is routed as JIM would.
	r.API(apiPrefix+"/", e.guardFallback(e.handleFallback))

	e.registerControl(r)
}

// guard applies what ASP.NET does before a controller runs: authentication (401 framework body),
// the rate limiter (429) and the api-supported-versions header; then it settles background jobs.
func (e *Emulator) guard(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !e.admit(w, r) {
			return
		}
		if !e.isAdministrator(r) {
			// AuthenticationHandler.HandleForbiddenAsync: status only, no body.
			w.WriteHeader(http.StatusForbidden)
			return
		}
		w.Header().Set("api-supported-versions", "1.0")
		h(w, r)
	}
}

// admit authenticates and rate-limits one /api request; false means an answer was written.
func (e *Emulator) admit(w http.ResponseWriter, r *http.Request) bool {
	principal, ok := e.authenticate(r)
	if !ok {
		// Unauthenticated callers are limited per IP in a fixed window before the challenge.
		if retry, limited := e.limiter.allowAnonymous(clientIP(r), e.now()); limited {
			writeTooManyRequests(w, retry, e.now())
			return false
		}
		writeUnauthorized(w)
		return false
	}
	if principal == infrastructurePrincipal {
		return true
	}
	if retry, limited := e.limiter.allow(principal, e.now()); limited {
		writeTooManyRequests(w, retry, e.now())
		return false
	}
	return true
}

// authenticate checks X-API-Key (header names are case-insensitive in net/http already). Keys
// without the jim_ak_ prefix are rejected before any lookup, exactly like a wrong key.
func (e *Emulator) authenticate(r *http.Request) (string, bool) {
	key := r.Header.Get("X-API-Key")
	if key == "" {
		// A Bearer token would be validated against the OIDC authority, which the emulator does
		// not have: every token is refused.
		return "", false
	}
	if !strings.HasPrefix(key, "jim_ak_") {
		return "", false
	}
	if e.isInfrastructureKey(key) {
		return infrastructurePrincipal, true
	}
	if key != e.opts.APIKey && (e.opts.UserAPIKey == "" || key != e.opts.UserAPIKey) {
		return "", false
	}
	return "apikey:" + key[:12], true
}

// infrastructurePrincipal is the infrastructure key's principal, which the rate limiter skips.
const infrastructurePrincipal = "infrastructure"

func (e *Emulator) isInfrastructureKey(key string) bool {
	k := e.opts.InfrastructureAPIKey
	return len(k) >= 32 && strings.HasPrefix(k, "jim_ak_") && key == k
}

// isAdministrator reports whether an authenticated request's key has the Administrator role.
func (e *Emulator) isAdministrator(r *http.Request) bool {
	key := r.Header.Get("X-API-Key")
	return key == e.opts.APIKey || e.isInfrastructureKey(key)
}

func (e *Emulator) guardFallback(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		// A route that exists in another letter case, or with a trailing slash, is the real route.
		path := r.URL.Path
		if len(path) > len(apiPrefix)+1 {
			path = strings.TrimSuffix(path, "/")
		}
		lower := strings.ToLower(path)
		if lower != r.URL.Path {
			if byName := strings.ToLower(syncBase + "/connector-definitions/by-name/"); strings.HasPrefix(lower, byName) {
				lower = syncBase + "/connector-definitions/by-name/" + path[len(byName):]
			}
			r2 := r.Clone(r.Context())
			r2.URL.Path = lower
			r2.URL.RawPath = ""
			if _, pattern := e.routes.Handler(r2); pattern != "" {
				e.routes.ServeHTTP(w, r2)
				return
			}
		}
		if !e.admit(w, r) {
			return
		}
		h(w, r)
	}
}

func (e *Emulator) handleFallback(w http.ResponseWriter, _ *http.Request) {
	writeWebUIPage(w)
}

// writeWebUIPage answers like JIM's Blazor host page (_Host), which the fallback route serves
// with 200 to any authenticated caller.
func writeWebUIPage(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write([]byte(webUIPage))
}

const webUIPage = `<!DOCTYPE html>
<html lang="en">
<head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1.0" />
    <title>JIM</title>
    <base href="/" />
    <link href="css/site.css" rel="stylesheet" />
</head>
<body>
    <div id="app">Loading...</div>
    <script src="_framework/blazor.web.js"></script>
</body>
</html>
`

func (e *Emulator) handleHealth(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("api-supported-versions", "1.0")
	emulator.WriteJSON(w, http.StatusOK, map[string]string{"status": "Healthy"})
}

func (e *Emulator) handleHealthVersion(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("api-supported-versions", "1.0")
	emulator.WriteJSON(w, http.StatusOK, struct {
		Product string `json:"product"`
		Version string `json:"version"`
	}{"JIM", "0.14.0"})
}

func (e *Emulator) handleAuthConfig(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("api-supported-versions", "1.0")
	emulator.WriteJSON(w, http.StatusOK, map[string]any{
		"authority": "https://login.invalid/jim",
		"clientId":  "jim-web",
		"scopes":    []string{"openid", "profile", "api://jim/access"},
	})
}

// recordCreation counts a creation in /_emulator/stats (duplicates by name show there).
func (e *Emulator) recordCreation(kind, name string) {
	if e.router != nil {
		e.router.RecordCreation(kind+":"+name, "apikey")
	}
}
