// Package polytomic emulates the Polytomic connections API (see shared/reference/polytomic.md):
// the {"data": ...} envelope, create answering 200, PUT and PATCH updates that keep omitted or
// masked secrets, secrets masked on every read, the X-Polytomic-Version echo, ApiError and 401
// bodies, DELETE ?force= with 422 "connection in use", and the Idempotency-Key contract.
package polytomic

import (
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/syncops/terraform-provider-syncops/internal/emulator"
)

// Default test credentials of the emulator (documented for tests and `make demo`).
const (
	// DefaultAPIKey is the user API key, sent as "Authorization: Bearer <key>".
	DefaultAPIKey = "polytomic-emulator-api-key"
	// DefaultDeploymentKey is the deployment key, sent as Basic base64("<org id>:<key>") or
	// base64("<key>:").
	DefaultDeploymentKey = "polytomic-emulator-deployment-key"
	// DefaultOrganizationID is the organization the API key belongs to.
	DefaultOrganizationID = "8b0cc3a3-6a1e-4bd5-9d7f-0c6e2e7d5a10"
)

// Mask replaces every sensitive configuration value in responses.
const Mask = "********"

// LatestVersion is the newest documented API version, used for requests without
// X-Polytomic-Version.
const LatestVersion = "2025-09-18"

// SupportedVersions are the documented X-Polytomic-Version values.
var SupportedVersions = []string{"2025-09-18", "2024-02-08", "2023-04-25", "2022-12-12", "2021-05-23"}

// IdempotencyKeyTTL is how long an Idempotency-Key outcome is replayed.
const IdempotencyKeyTTL = 24 * time.Hour

// Options configure the emulated Polytomic deployment.
type Options struct {
	// APIKey is accepted as Bearer (default DefaultAPIKey).
	APIKey string
	// DeploymentKey is accepted in Basic auth (default DefaultDeploymentKey).
	DeploymentKey string
	// OrganizationID is the organization of the API key (default DefaultOrganizationID).
	OrganizationID string
}

// Emulator is the Polytomic platform of the emulator.
type Emulator struct {
	opts   Options
	router *emulator.Router

	mu          sync.Mutex
	connections map[string]*connection
	// order keeps list answers in creation order.
	order       []string
	idempotency map[string]*idempotentOutcome

	// validationHold, while not nil, keeps creates that validate checking the upstream service
	// until it is closed (test control, validation.go).
	validationHold chan struct{}
	// heldCreates counts the creates waiting at validationHold; keyInFlightConflicts the 409
	// answers to a request whose Idempotency-Key was in flight.
	heldCreates, keyInFlightConflicts int
	// connectionTests are the POST /api/connections/test answered (connection_tests.go).
	connectionTests []ConnectionTest

	// beforeCreate, when set (tests), runs inside a create while its Idempotency-Key is locked.
	beforeCreate func()
	now          func() time.Time
}

// New builds the Polytomic emulator.
func New(opts Options) *Emulator {
	if opts.APIKey == "" {
		opts.APIKey = DefaultAPIKey
	}
	if opts.DeploymentKey == "" {
		opts.DeploymentKey = DefaultDeploymentKey
	}
	if opts.OrganizationID == "" {
		opts.OrganizationID = DefaultOrganizationID
	}
	e := &Emulator{opts: opts, now: func() time.Time { return time.Now().UTC() }}
	e.Reset()
	return e
}

// Name implements emulator.Platform.
func (e *Emulator) Name() string { return "polytomic" }

// Reset implements emulator.Platform.
func (e *Emulator) Reset() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.connections = map[string]*connection{}
	e.order = nil
	e.idempotency = map[string]*idempotentOutcome{}
	e.keyInFlightConflicts = 0
	e.connectionTests = nil
	e.releaseValidation()
}

// State implements emulator.Platform: connections and the syncs/bulk syncs that depend on them.
func (e *Emulator) State() map[string]int {
	e.mu.Lock()
	defer e.mu.Unlock()
	deps := 0
	for _, c := range e.connections {
		deps += len(c.Dependents)
	}
	return map[string]int{"connections": len(e.connections), "dependents": deps}
}

// Register implements emulator.Platform.
func (e *Emulator) Register(r *emulator.Router) {
	e.router = r
	r.API("GET /api/me", e.authed(e.handleMe))
	r.API("GET /api/connection_types", e.authed(e.handleListTypes))
	r.API("GET /api/connection_types/{id}", e.authed(e.handleTypeSchema))
	r.API("GET /api/connections", e.authed(e.handleList))
	r.API("POST /api/connections", e.authed(e.idempotent(e.handleCreate)))
	r.API("GET /api/connections/{id}", e.authed(e.handleGet))
	r.API("PUT /api/connections/{id}", e.authed(e.idempotent(e.handleUpdate)))
	// Older API versions and clients update with PATCH; the semantics are the same.
	r.API("PATCH /api/connections/{id}", e.authed(e.idempotent(e.handleUpdate)))
	r.API("DELETE /api/connections/{id}", e.authed(e.handleDelete))
	r.API("POST /api/connections/test", e.authed(e.idempotent(e.handleTestConnection)))
	r.Control("POST /_emulator/polytomic/connections/{id}/dependents", e.handleAddDependents)
	r.Control("GET /_emulator/polytomic/validation", e.handleValidationState)
	r.Control("POST /_emulator/polytomic/validation/hold", e.handleHoldValidation)
	r.Control("POST /_emulator/polytomic/validation/release", e.handleReleaseValidation)
	r.Control("GET /_emulator/polytomic/connection-tests", e.handleConnectionTests)
}

// caller is who sent a request.
type caller struct {
	// Organization is the caller's organization; empty for a deployment key without one, which
	// sees every organization.
	Organization string
	// Client identifies the credential (for creation statistics and idempotency scope).
	Client string
}

func (c caller) sees(org string) bool { return c.Organization == "" || c.Organization == org }

type authedHandler func(w http.ResponseWriter, r *http.Request, who caller)

// authed echoes the API version, rejects unknown versions and checks credentials.
func (e *Emulator) authed(h authedHandler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		version := r.Header.Get("X-Polytomic-Version")
		if version == "" {
			version = LatestVersion
		}
		if !slices.Contains(SupportedVersions, version) {
			w.Header().Set("X-Polytomic-Version", LatestVersion)
			writeAPIError(w, http.StatusBadRequest, "invalid_version",
				"unsupported X-Polytomic-Version "+quote(version)+"; supported: "+strings.Join(SupportedVersions, ", "), nil)
			return
		}
		w.Header().Set("X-Polytomic-Version", version)
		who, ok := e.authenticate(r.Header.Get("Authorization"))
		if !ok {
			// The 401 body is the RestErrResponse shape, not ApiError (Go SDK errors.go).
			emulator.WriteJSON(w, http.StatusUnauthorized, map[string]any{
				"code": 401, "context": map[string]any{}, "error": "invalid or missing credentials", "status": "Unauthorized",
			})
			return
		}
		h(w, r, who)
	}
}

func (e *Emulator) authenticate(header string) (caller, bool) {
	scheme, value, _ := strings.Cut(header, " ")
	value = strings.TrimSpace(value)
	switch strings.ToLower(scheme) {
	case "bearer":
		if equal(value, e.opts.APIKey) {
			return caller{Organization: e.opts.OrganizationID, Client: "api-key"}, true
		}
	case "basic":
		raw, err := base64.StdEncoding.DecodeString(value)
		if err != nil {
			return caller{}, false
		}
		user, pass, _ := strings.Cut(string(raw), ":")
		// Official provider: "<org uuid>:<key>"; pre-Fern Go client: "<key>:".
		if pass == "" && equal(user, e.opts.DeploymentKey) {
			return caller{Client: "deployment-key"}, true
		}
		if equal(pass, e.opts.DeploymentKey) {
			if _, err := uuid.Parse(user); err == nil {
				return caller{Organization: user, Client: "deployment-key:" + user}, true
			}
		}
	}
	return caller{}, false
}

func equal(a, b string) bool { return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1 }

func (e *Emulator) handleMe(w http.ResponseWriter, _ *http.Request, who caller) {
	org := who.Organization
	if org == "" {
		org = e.opts.OrganizationID
	}
	emulator.WriteJSON(w, http.StatusOK, envelope{Data: map[string]any{
		"id": "3f1d2c4b-0000-4000-8000-000000000001", "email": "emulator@example.com",
		"organization_id": org, "organization_name": "Emulator", "role": "admin",
	}})
}

func (e *Emulator) handleListTypes(w http.ResponseWriter, _ *http.Request, _ caller) {
	ids := make([]string, 0, len(connectionTypes))
	for id := range connectionTypes {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	out := make([]map[string]any, 0, len(ids))
	for _, id := range ids {
		out = append(out, connectionTypes[id].summary())
	}
	emulator.WriteJSON(w, http.StatusOK, envelope{Data: out})
}

// handleTypeSchema answers with the bare JSON Schema: the one endpoint without an envelope.
func (e *Emulator) handleTypeSchema(w http.ResponseWriter, r *http.Request, _ caller) {
	t, ok := connectionTypes[r.PathValue("id")]
	if !ok {
		writeAPIError(w, http.StatusNotFound, "not_found", "connection type "+quote(r.PathValue("id"))+" not found", nil)
		return
	}
	emulator.WriteJSON(w, http.StatusOK, t.Schema)
}

type envelope struct {
	Data any `json:"data"`
}

// writeAPIError writes the ApiError body {"key", "message", "metadata", "status"}.
func writeAPIError(w http.ResponseWriter, status int, key, message string, metadata map[string]any) {
	body := map[string]any{"key": key, "message": message, "status": status}
	if metadata != nil {
		body["metadata"] = metadata
	}
	emulator.WriteJSON(w, status, body)
}

func quote(s string) string { return `"` + s + `"` }

// StoredConfiguration returns a copy of a connection's stored configuration, secrets included
// (tests use it to prove what the API kept); nil when there is no such connection.
func (e *Emulator) StoredConfiguration(id string) map[string]any {
	e.mu.Lock()
	defer e.mu.Unlock()
	c, ok := e.connections[id]
	if !ok {
		return nil
	}
	out := make(map[string]any, len(c.Configuration))
	for k, v := range c.Configuration {
		out[k] = v
	}
	return out
}
