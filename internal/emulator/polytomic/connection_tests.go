package polytomic

import (
	"encoding/json"
	"maps"
	"net/http"
	"sort"
	"strings"

	"github.com/syncops/terraform-provider-syncops/internal/emulator"
)

// POST /api/connections/test (Go SDK TestConnection, TestConnectionRequest): body {type
// (required), configuration, connection_id?}. With connection_id, the configuration sent is
// merged over the saved one before the test; nothing is saved, whatever the outcome. 200 with no
// body when the upstream service accepts the configuration; errors 400 (bad request, invalid
// configuration, failed test), 401, 404 (unknown connection_id). The statuses of the individual
// failures and the merge of a masked secret (kept, as on update) are inferred: the SDKs document
// only the status codes.
//
// The test checks the upstream service like a create that validates: a hostname, url, account or
// domain holding "unreachable" fails it, and the validation hold control (validation.go) holds it.
//
//	GET /_emulator/polytomic/connection-tests   every test answered, oldest first (never the values)

// ConnectionTest is one connection test the emulator answered.
type ConnectionTest struct {
	ConnectionID string `json:"connection_id,omitempty"`
	Type         string `json:"type"`
	// Keys are the configuration keys tested (after the merge over a saved connection).
	Keys []string `json:"keys"`
	// Status is the HTTP status of the answer: 200 when the test passed.
	Status  int    `json:"status"`
	Message string `json:"message,omitempty"`
	// Configuration is what was tested, secrets included: for in-process tests only (ConnectionTests).
	Configuration map[string]any `json:"-"`
}

// testConnectionRequest is TestConnectionRequest.
type testConnectionRequest struct {
	Type          *string        `json:"type"`
	Configuration map[string]any `json:"configuration"`
	ConnectionID  *string        `json:"connection_id"`
}

func (e *Emulator) handleTestConnection(w http.ResponseWriter, r *http.Request, who caller) {
	var req testConnectionRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		writeAPIError(w, http.StatusBadRequest, "invalid_request", "request body is not valid JSON: "+err.Error(), nil)
		return
	}
	test := ConnectionTest{}
	answer := func(status int, key, message string, metadata map[string]any) {
		test.Status, test.Message = status, message
		e.mu.Lock()
		e.connectionTests = append(e.connectionTests, test)
		e.mu.Unlock()
		if status == http.StatusOK {
			w.WriteHeader(http.StatusOK) // no body
			return
		}
		writeAPIError(w, status, key, message, metadata)
	}
	if req.Type == nil || *req.Type == "" {
		answer(http.StatusBadRequest, "invalid_request", "type is required", nil)
		return
	}
	test.Type = *req.Type
	t, known := connectionTypes[*req.Type]
	if !known {
		answer(http.StatusBadRequest, "invalid_connection_type", "unknown connection type "+quote(*req.Type), nil)
		return
	}
	cfg := map[string]any{}
	if req.ConnectionID != nil && *req.ConnectionID != "" {
		test.ConnectionID = *req.ConnectionID
		e.mu.Lock()
		c, ok := e.connections[*req.ConnectionID]
		var saved map[string]any
		if ok && who.sees(c.OrganizationID) {
			saved = maps.Clone(c.Configuration)
		}
		e.mu.Unlock()
		if saved == nil {
			answer(http.StatusNotFound, "not_found", "connection "+*req.ConnectionID+" not found", nil)
			return
		}
		if c.Type != t {
			answer(http.StatusBadRequest, "invalid_request", "type "+quote(t.ID)+" does not match the type of connection "+c.ID+", "+quote(c.Type.ID), nil)
			return
		}
		cfg = saved
	}
	for k, v := range req.Configuration {
		prev, saved := cfg[k]
		if !saved {
			cfg[k] = v
			continue
		}
		sub := child(t.Schema, k)
		if isSensitive(sub) && isMask(v) {
			continue // a masked secret keeps the saved value
		}
		cfg[k] = keepSecrets(v, prev, sub) // and so do masked secrets below it
	}
	test.Configuration = cfg
	for k := range cfg {
		test.Keys = append(test.Keys, k)
	}
	sort.Strings(test.Keys)
	if problems := t.validateConfiguration(cfg); len(problems) > 0 {
		answer(http.StatusBadRequest, "invalid_configuration", "invalid configuration: "+strings.Join(problems, "; "), map[string]any{"errors": problems})
		return
	}
	// Checking the upstream service; a test may hold it there (validation.go).
	e.awaitValidation()
	if upstreamUnreachable(cfg) {
		answer(http.StatusBadRequest, "connection_test_failed", "connection test failed: could not reach the upstream service", nil)
		return
	}
	answer(http.StatusOK, "", "", nil)
}

// ConnectionTests returns the connection tests answered so far, oldest first, with what each
// tested (secrets included).
func (e *Emulator) ConnectionTests() []ConnectionTest {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := make([]ConnectionTest, len(e.connectionTests))
	for i, t := range e.connectionTests {
		t.Configuration = maps.Clone(t.Configuration)
		out[i] = t
	}
	return out
}

func (e *Emulator) handleConnectionTests(w http.ResponseWriter, _ *http.Request) {
	tests := e.ConnectionTests()
	emulator.WriteJSON(w, http.StatusOK, tests)
}
