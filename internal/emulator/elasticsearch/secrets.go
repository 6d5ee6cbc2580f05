package elasticsearch

import (
	"fmt"
	"net/http"

	"github.com/syncops/terraform-provider-syncops/internal/emulator"
)

// Connector secrets (8.13+, private, stack only): values in the .connector-secrets index that
// native connectors reference by id (api_key_secret_id).

func (p *Platform) writeNoSecret(w http.ResponseWriter, id string) {
	writeError(w, http.StatusNotFound, "resource_not_found_exception", fmt.Sprintf("No secret with id [%s]", id))
}

func (p *Platform) handleSecretPost(w http.ResponseWriter, r *http.Request) {
	body, ok := readBody(w, r, "post_secret_request", map[string]string{"value": kindString}, false)
	if !ok {
		return
	}
	value, _ := body["value"].(string)
	if value == "" {
		writeValidation(w, `[value] of the connector secret cannot be [null] or [""]`)
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	id := randomID(20)
	p.secrets[id] = value
	emulator.WriteJSON(w, http.StatusOK, map[string]any{"id": id})
}

func (p *Platform) handleSecretPut(w http.ResponseWriter, r *http.Request, id string) {
	body, ok := readBody(w, r, "connector_secret_put_request", map[string]string{"value": kindString}, false)
	if !ok {
		return
	}
	value, has := body["value"].(string)
	if !has {
		writeRequired(w, "value")
		return
	}
	if value == "" {
		writeValidation(w, `[value] cannot be [null] or [""]`)
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	result := "created"
	if _, exists := p.secrets[id]; exists {
		result = "updated"
	}
	p.secrets[id] = value
	emulator.WriteJSON(w, http.StatusOK, map[string]any{"result": result})
}

func (p *Platform) handleSecretGet(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	p.mu.Lock()
	defer p.mu.Unlock()
	value, ok := p.secrets[id]
	if !ok {
		p.writeNoSecret(w, id)
		return
	}
	emulator.WriteJSON(w, http.StatusOK, map[string]any{"id": id, "value": value})
}

func (p *Platform) handleSecretDelete(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	p.mu.Lock()
	defer p.mu.Unlock()
	if _, ok := p.secrets[id]; !ok {
		p.writeNoSecret(w, id)
		return
	}
	delete(p.secrets, id)
	emulator.WriteJSON(w, http.StatusOK, map[string]any{"deleted": true})
}
