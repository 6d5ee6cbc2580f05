package elasticsearch

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/syncops/terraform-provider-syncops/internal/emulator"
)

// writeError writes Elasticsearch's error body: {"error": {root_cause, type, reason}, "status"}.
func writeError(w http.ResponseWriter, status int, typ, reason string) {
	writeErrorCause(w, status, map[string]any{"type": typ, "reason": reason})
}

func writeErrorCause(w http.ResponseWriter, status int, cause map[string]any) {
	root := map[string]any{}
	for k, v := range cause {
		if k != "caused_by" {
			root[k] = v
		}
	}
	body := map[string]any{}
	for k, v := range cause {
		body[k] = v
	}
	body["root_cause"] = []any{root}
	emulator.WriteJSON(w, status, map[string]any{"error": body, "status": status})
}

func writeValidation(w http.ResponseWriter, reasons ...string) {
	var b strings.Builder
	b.WriteString("Validation Failed: ")
	for i, r := range reasons {
		fmt.Fprintf(&b, "%d: %s;", i+1, r)
	}
	writeError(w, http.StatusBadRequest, "action_request_validation_exception", b.String())
}

func (p *Platform) writeNotFound(w http.ResponseWriter, id string) {
	reason := fmt.Sprintf("connector [%s] not found", id)
	if !p.version.atLeast(8, 14) {
		// 8.12 and 8.13 gave only the id as the reason.
		reason = id
	}
	writeError(w, http.StatusNotFound, "resource_not_found_exception", reason)
}

// writeDocumentMissing is the 404 of the sub-endpoints that update the document directly.
func writeDocumentMissing(w http.ResponseWriter, id string) {
	writeErrorCause(w, http.StatusNotFound, map[string]any{
		"type": "document_missing_exception", "reason": fmt.Sprintf("[%s]: document missing", id),
		"index": ".elastic-connectors-v1", "shard": "0",
	})
}

func writeNoHandler(w http.ResponseWriter, r *http.Request) {
	emulator.WriteJSON(w, http.StatusBadRequest, map[string]any{
		"error":  fmt.Sprintf("no handler found for uri [%s] and method [%s]", r.URL.Path, r.Method),
		"status": http.StatusBadRequest,
	})
}

func (p *Platform) handleDeleteNoID(w http.ResponseWriter, r *http.Request) {
	p.writeMethodNotAllowed(w, r)
}

// writeMethodNotAllowed is Elasticsearch's 405 for /_connector, whose PUT (create without an
// id) came with 8.16.
func (p *Platform) writeMethodNotAllowed(w http.ResponseWriter, r *http.Request) {
	allowed := "POST, GET, PUT"
	if !p.version.atLeast(8, 16) {
		allowed = "POST, GET"
	}
	emulator.WriteJSON(w, http.StatusMethodNotAllowed, map[string]any{
		"error":  fmt.Sprintf("Incorrect HTTP method for uri [%s] and method [%s], allowed: [%s]", r.URL.Path, r.Method, allowed),
		"status": http.StatusMethodNotAllowed,
	})
}
