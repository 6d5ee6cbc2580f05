package polytomic

import (
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/syncops/terraform-provider-syncops/internal/emulator"
)

type connection struct {
	ID                  string
	Name                string
	Type                *connectionType
	OrganizationID      string
	Configuration       map[string]any
	Policies            []string
	HealthcheckInterval string
	Status              string
	StatusError         string
	CreatedAt           time.Time
	UpdatedAt           time.Time
	Dependents          []dependent
}

// dependent is a sync, bulk sync, fieldset or schedule that references a connection.
type dependent struct {
	Type string `json:"type"`
	Name string `json:"name"`
	ID   string `json:"id"`
}

// unreachableMarker in a hostname, URL, account or domain makes upstream validation fail, so
// tests can exercise validate = true/false.
const unreachableMarker = "unreachable"

// connectionRequest is the body of create (CreateConnectionRequestSchema) and update
// (UpdateConnectionRequestSchema).
type connectionRequest struct {
	Name                *string        `json:"name"`
	Type                *string        `json:"type"`
	Configuration       map[string]any `json:"configuration"`
	OrganizationID      *string        `json:"organization_id"`
	Policies            []string       `json:"policies"`
	HealthcheckInterval *string        `json:"healthcheck_interval"`
	RedirectURL         *string        `json:"redirect_url"`
	Validate            *bool          `json:"validate"`
	Reconnect           *bool          `json:"reconnect"`
}

func decodeRequest(w http.ResponseWriter, r *http.Request) (*connectionRequest, bool) {
	var req connectionRequest
	dec := json.NewDecoder(r.Body)
	if err := dec.Decode(&req); err != nil {
		writeAPIError(w, http.StatusBadRequest, "invalid_request", "request body is not valid JSON: "+err.Error(), nil)
		return nil, false
	}
	return &req, true
}

func (e *Emulator) handleCreate(w http.ResponseWriter, r *http.Request, who caller) {
	req, ok := decodeRequest(w, r)
	if !ok {
		return
	}
	if req.Name == nil || strings.TrimSpace(*req.Name) == "" {
		writeAPIError(w, http.StatusBadRequest, "invalid_request", "name is required", nil)
		return
	}
	if req.Type == nil || *req.Type == "" {
		writeAPIError(w, http.StatusBadRequest, "invalid_request", "type is required", nil)
		return
	}
	t, known := connectionTypes[*req.Type]
	if !known {
		writeAPIError(w, http.StatusUnprocessableEntity, "invalid_connection_type", "unknown connection type "+quote(*req.Type), nil)
		return
	}
	if req.Configuration == nil {
		writeAPIError(w, http.StatusBadRequest, "invalid_request", "configuration is required", nil)
		return
	}
	org := who.Organization
	if req.OrganizationID != nil && *req.OrganizationID != "" {
		if _, err := uuid.Parse(*req.OrganizationID); err != nil {
			writeAPIError(w, http.StatusBadRequest, "invalid_request", "organization_id must be a UUID", nil)
			return
		}
		if !who.sees(*req.OrganizationID) {
			writeAPIError(w, http.StatusForbidden, "forbidden", "the credentials cannot create connections in organization "+*req.OrganizationID, nil)
			return
		}
		org = *req.OrganizationID
	}
	if org == "" {
		org = e.opts.OrganizationID
	}
	if problems := t.validateConfiguration(req.Configuration); len(problems) > 0 {
		writeValidationError(w, problems)
		return
	}
	if req.Validate == nil || *req.Validate {
		// Checking the upstream service; a test may hold it there (validation.go).
		e.awaitValidation()
	}
	status, statusError := "healthy", ""
	if upstreamUnreachable(req.Configuration) {
		if req.Validate == nil || *req.Validate {
			writeAPIError(w, http.StatusUnprocessableEntity, "connection_validation_failed",
				"connection validation failed: could not reach the upstream service", nil)
			return
		}
		status, statusError = "unhealthy", "could not reach the upstream service"
	}
	if e.beforeCreate != nil {
		e.beforeCreate()
	}
	now := e.now()
	c := &connection{
		ID: uuid.NewString(), Name: *req.Name, Type: t, OrganizationID: org,
		Configuration: req.Configuration, Policies: nonNil(req.Policies),
		Status: status, StatusError: statusError, CreatedAt: now, UpdatedAt: now,
	}
	if req.HealthcheckInterval != nil {
		c.HealthcheckInterval = *req.HealthcheckInterval
	}
	e.mu.Lock()
	e.connections[c.ID] = c
	e.order = append(e.order, c.ID)
	body := e.writeView(c)
	e.mu.Unlock()
	if e.router != nil {
		e.router.RecordCreation(c.Name, who.Client)
	}
	// Create answers 200, not 201.
	emulator.WriteJSON(w, http.StatusOK, envelope{Data: body})
}

func (e *Emulator) handleList(w http.ResponseWriter, _ *http.Request, who caller) {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := []map[string]any{}
	for _, id := range e.order {
		if c := e.connections[id]; c != nil && who.sees(c.OrganizationID) {
			out = append(out, e.readView(c))
		}
	}
	emulator.WriteJSON(w, http.StatusOK, envelope{Data: out})
}

func (e *Emulator) handleGet(w http.ResponseWriter, r *http.Request, who caller) {
	e.mu.Lock()
	defer e.mu.Unlock()
	c := e.find(w, r, who)
	if c == nil {
		return
	}
	emulator.WriteJSON(w, http.StatusOK, envelope{Data: e.readView(c)})
}

// handleUpdate is PUT (and PATCH): the configuration is fully replaced, except that a sensitive
// value that is absent or equal to the mask keeps its stored value (at any depth: keepSecrets).
func (e *Emulator) handleUpdate(w http.ResponseWriter, r *http.Request, who caller) {
	req, ok := decodeRequest(w, r)
	if !ok {
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	c := e.find(w, r, who)
	if c == nil {
		return
	}
	if req.Name == nil || strings.TrimSpace(*req.Name) == "" {
		writeAPIError(w, http.StatusBadRequest, "invalid_request", "name is required", nil)
		return
	}
	if req.Configuration == nil {
		writeAPIError(w, http.StatusBadRequest, "invalid_request", "configuration is required", nil)
		return
	}
	if req.Type != nil && *req.Type != "" && *req.Type != c.Type.ID {
		writeAPIError(w, http.StatusUnprocessableEntity, "invalid_request", "the type of a connection cannot be changed", nil)
		return
	}
	if req.OrganizationID != nil && *req.OrganizationID != "" && *req.OrganizationID != c.OrganizationID {
		writeAPIError(w, http.StatusUnprocessableEntity, "invalid_request", "the organization of a connection cannot be changed", nil)
		return
	}
	cfg, _ := keepSecrets(c.withoutReadOnlyEchoes(req.Configuration), c.Configuration, c.Type.Schema).(map[string]any)
	if problems := c.Type.validateConfiguration(cfg); len(problems) > 0 {
		writeValidationError(w, problems)
		return
	}
	c.keepReadOnly(cfg)
	status, statusError := "healthy", ""
	if upstreamUnreachable(cfg) {
		if req.Validate == nil || *req.Validate {
			writeAPIError(w, http.StatusUnprocessableEntity, "connection_validation_failed",
				"connection validation failed: could not reach the upstream service", nil)
			return
		}
		status, statusError = "unhealthy", "could not reach the upstream service"
	}
	c.Name = *req.Name
	c.Configuration = cfg
	if req.Policies != nil {
		c.Policies = req.Policies
	}
	if req.HealthcheckInterval != nil {
		c.HealthcheckInterval = *req.HealthcheckInterval
	}
	c.Status, c.StatusError = status, statusError
	c.UpdatedAt = e.now()
	emulator.WriteJSON(w, http.StatusOK, envelope{Data: e.writeView(c)})
}

func (e *Emulator) handleDelete(w http.ResponseWriter, r *http.Request, who caller) {
	force := false
	if raw := r.URL.Query().Get("force"); raw != "" {
		b, err := strconv.ParseBool(raw)
		if err != nil {
			writeAPIError(w, http.StatusBadRequest, "invalid_request", "force must be true or false", nil)
			return
		}
		force = b
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	c := e.find(w, r, who)
	if c == nil {
		return
	}
	if len(c.Dependents) > 0 && !force {
		usedBy := make([]dependent, len(c.Dependents))
		copy(usedBy, c.Dependents)
		writeAPIError(w, http.StatusUnprocessableEntity, "connection_in_use", "connection in use",
			map[string]any{"used_by": usedBy})
		return
	}
	// force=true deletes the dependants first, then the connection.
	c.Dependents = nil
	delete(e.connections, c.ID)
	for i, id := range e.order {
		if id == c.ID {
			e.order = append(e.order[:i], e.order[i+1:]...)
			break
		}
	}
	// 200 with no body.
	w.WriteHeader(http.StatusOK)
}

// handleAddDependents puts a connection in use: {"syncs": N, "bulk_syncs": N}.
func (e *Emulator) handleAddDependents(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Syncs     int `json:"syncs"`
		BulkSyncs int `json:"bulk_syncs"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		http.Error(w, "bad body: "+err.Error(), http.StatusBadRequest)
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	c, ok := e.connections[r.PathValue("id")]
	if !ok {
		http.Error(w, "no connection "+r.PathValue("id"), http.StatusNotFound)
		return
	}
	for i := 0; i < body.Syncs; i++ {
		c.Dependents = append(c.Dependents, dependent{Type: "sync", Name: fmt.Sprintf("%s sync %d", c.Name, len(c.Dependents)+1), ID: uuid.NewString()})
	}
	for i := 0; i < body.BulkSyncs; i++ {
		c.Dependents = append(c.Dependents, dependent{Type: "bulk_sync", Name: fmt.Sprintf("%s bulk sync %d", c.Name, len(c.Dependents)+1), ID: uuid.NewString()})
	}
	emulator.WriteJSON(w, http.StatusOK, map[string]any{"used_by": c.Dependents})
}

// find returns the connection named in the path, or writes a 404; e.mu must be held.
func (e *Emulator) find(w http.ResponseWriter, r *http.Request, who caller) *connection {
	c, ok := e.connections[r.PathValue("id")]
	if !ok || !who.sees(c.OrganizationID) {
		writeAPIError(w, http.StatusNotFound, "not_found", "connection "+r.PathValue("id")+" not found", nil)
		return nil
	}
	return c
}

func writeValidationError(w http.ResponseWriter, problems []string) {
	writeAPIError(w, http.StatusUnprocessableEntity, "invalid_configuration",
		"invalid configuration: "+strings.Join(problems, "; "), map[string]any{"errors": problems})
}

// maskedConfiguration is the configuration as every response shows it. Polytomic's backend holds
// a configuration as its type's struct, so a response has the type's top-level fields, an unset
// one with the schema's default or else its zero value [Inferred from the Go SDK's recorded list
// response (polytomic-go fixtures/list_connections.json): a PostgreSQL connection reads back with
// "ca_cert": "", "change_detection": false, "client_certs": false, "publication": "", "ssh": false,
// "ssl": true beside the fields a caller sets]. Only scalar fields are filled, never objects or
// arrays, and never a sensitive one (a secret nobody set reads back empty, not masked).
func (c *connection) maskedConfiguration() map[string]any {
	out, _ := masked(c.Configuration, c.Type.Schema).(map[string]any)
	props, _ := c.Type.Schema["properties"].(map[string]any)
	for k, p := range props {
		p, _ := p.(map[string]any)
		if _, set := out[k]; set {
			continue
		}
		zero, scalar := map[string]any{"string": "", "boolean": false, "integer": 0, "number": 0}[fmt.Sprint(p["type"])]
		if !scalar {
			continue
		}
		if d, ok := p["default"]; ok && !isSensitive(p) {
			out[k] = d
		} else {
			out[k] = zero
		}
	}
	return out
}

// withoutReadOnlyEchoes drops the read-only fields that an update sends back as a read shows them:
// the docs' way to update is to GET the connection, edit it and PUT it whole (reference §7), so
// the server's own fields come back unchanged [Inferred: a read-only field sent with another value
// stays refused].
func (c *connection) withoutReadOnlyEchoes(sent map[string]any) map[string]any {
	shown := c.maskedConfiguration()
	out := make(map[string]any, len(sent))
	for k, v := range sent {
		p, _ := c.Type.properties()[k].(map[string]any)
		if isReadOnly(p) && reflect.DeepEqual(jsonValue(v), jsonValue(shown[k])) {
			continue
		}
		out[k] = v
	}
	return out
}

// keepReadOnly carries the server's read-only fields over a full replacement.
func (c *connection) keepReadOnly(cfg map[string]any) {
	for k, p := range c.Type.properties() {
		if p, _ := p.(map[string]any); isReadOnly(p) {
			if v, ok := c.Configuration[k]; ok {
				cfg[k] = v
			}
		}
	}
}

// jsonValue is v as JSON decodes it, so that 0 and 0.0 compare equal.
func jsonValue(v any) any {
	b, err := json.Marshal(v)
	if err != nil {
		return v
	}
	var out any
	_ = json.Unmarshal(b, &out)
	return out
}

func (c *connection) typeView() map[string]any {
	return map[string]any{
		"id": c.Type.ID, "name": c.Type.Name, "operations": c.Type.Operations,
		"logo_url": "https://connect-assets.polytomic.com/logos/" + c.Type.ID + ".svg",
	}
}

// writeView is CreateConnectionResponseSchema (create and update answers): it has
// healthcheck_interval and auth fields but no audit fields.
func (e *Emulator) writeView(c *connection) map[string]any {
	v := map[string]any{
		"id": c.ID, "name": c.Name, "organization_id": c.OrganizationID,
		"configuration": c.maskedConfiguration(), "policies": nonNil(c.Policies),
		"healthcheck_interval": c.HealthcheckInterval, "saved": true,
		"status": c.Status, "status_error": c.StatusError, "type": c.typeView(),
	}
	if c.Type.UseOAuth {
		v["auth_url"] = "https://login.example.com/oauth/authorize?connection=" + c.ID
		v["auth_code"] = ""
	}
	return v
}

// readView is ConnectionResponseSchema (get and list): audit fields, no healthcheck_interval.
func (e *Emulator) readView(c *connection) map[string]any {
	by := map[string]any{"id": "3f1d2c4b-0000-4000-8000-000000000001", "name": "Emulator User", "type": "user"}
	return map[string]any{
		"id": c.ID, "name": c.Name, "organization_id": c.OrganizationID,
		"configuration": c.maskedConfiguration(), "policies": nonNil(c.Policies),
		"saved": true, "status": c.Status, "status_error": c.StatusError, "type": c.typeView(),
		"api_calls_last_24_hours": 0,
		"created_at":              c.CreatedAt.Format(time.RFC3339), "created_by": by,
		"updated_at": c.UpdatedAt.Format(time.RFC3339), "updated_by": by,
	}
}

// isMask reports a value made only of asterisks (the mask length is not meaningful).
func isMask(v any) bool {
	s, ok := v.(string)
	return ok && s != "" && strings.Trim(s, "*") == ""
}

func upstreamUnreachable(cfg map[string]any) bool {
	for _, k := range []string{"hostname", "url", "account", "domain"} {
		if s, ok := cfg[k].(string); ok && strings.Contains(s, unreachableMarker) {
			return true
		}
	}
	return false
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
