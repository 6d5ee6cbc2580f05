package elasticsearch

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/syncops/terraform-provider-syncops/internal/emulator"
)

// Register implements emulator.Platform: every route of the connector and sync job namespaces
// of the REST API specification (connector.*, connector.sync_job_*, connector.secret_*), gated by
// the version that brought it (reference §2), and the /_emulator/elasticsearch/ test controls.
func (p *Platform) Register(r *emulator.Router) {
	p.router = r
	api := func(pattern string, h http.HandlerFunc, params ...string) {
		r.API(pattern, p.wrap(h, params))
	}
	api("GET /{$}", p.handleInfo)
	api("HEAD /{$}", p.handleInfo)

	api("PUT /_connector/{id}", p.handlePut)
	api("PUT /_connector", p.handlePutNoID)
	api("POST /_connector", p.handlePost)
	api("GET /_connector/{id}", p.handleGet, "include_deleted")
	api("GET /_connector", p.handleList, "from", "size", "index_name", "connector_name", "service_type", "query", "include_deleted")
	api("DELETE /_connector/{id}", p.handleDelete, "delete_sync_jobs", "hard")
	api("DELETE /_connector", p.handleDeleteNoID)

	api("PUT /_connector/{id}/_name", p.handleUpdateName)
	api("PUT /_connector/{id}/_service_type", p.handleUpdateServiceType)
	api("PUT /_connector/{id}/_index_name", p.handleUpdateIndexName)
	api("PUT /_connector/{id}/_configuration", p.handleUpdateConfiguration)
	api("PUT /_connector/{id}/_scheduling", p.handleUpdateScheduling)
	api("PUT /_connector/{id}/_pipeline", p.handleUpdatePipeline)
	api("PUT /_connector/{id}/_filtering", p.handleUpdateFiltering)
	api("PUT /_connector/{id}/_filtering/_validation", p.handleUpdateFilteringValidation)
	api("PUT /_connector/{id}/_filtering/_activate", p.handleActivateFiltering)
	api("PUT /_connector/{id}/_api_key_id", p.handleUpdateAPIKeyID)
	api("PUT /_connector/{id}/_native", p.handleUpdateNative)
	api("PUT /_connector/{id}/_status", p.handleUpdateStatus)
	api("PUT /_connector/{id}/_error", p.handleUpdateError)
	api("PUT /_connector/{id}/_features", p.handleUpdateFeatures)
	api("PUT /_connector/{id}/_last_sync", p.handleUpdateLastSync)
	api("PUT /_connector/{id}/_check_in", p.handleCheckIn)

	api("POST /_connector/_sync_job", p.handleSyncJobPost)
	api("GET /_connector/_sync_job", p.handleSyncJobList, "from", "size", "status", "connector_id", "job_type")
	api("GET /_connector/_sync_job/{id}", p.handleSyncJobGet)
	api("DELETE /_connector/_sync_job/{id}", p.handleSyncJobDelete)
	api("PUT /_connector/_sync_job/{id}/_cancel", p.handleSyncJobCancel)
	api("PUT /_connector/_sync_job/{id}/_check_in", p.handleSyncJobCheckIn)
	api("PUT /_connector/_sync_job/{id}/_claim", p.handleSyncJobClaim)
	api("PUT /_connector/_sync_job/{id}/_error", p.handleSyncJobError)
	api("PUT /_connector/_sync_job/{id}/_stats", p.handleSyncJobStats)

	api("POST /_connector/_secret", p.handleSecretPost)
	api("GET /_connector/_secret/{id}", p.handleSecretGet)
	api("DELETE /_connector/_secret/{id}", p.handleSecretDelete)
	// PUT /_connector/_secret/{id} would overlap PUT /_connector/{id}/_name and its siblings in
	// Go's mux (neither is more specific): it is served by this catch-all of three segments.
	api("PUT /_connector/{id}/{sub}", p.handlePutThreeSegments)
	// Everything else under /_connector is Elasticsearch's routing error, still JSON with the
	// product header (clients decode every error body).
	api("/_connector", writeNoHandler)
	api("/_connector/", writeNoHandler)

	p.registerControls(r)
}

// endpointSince is the first stack version of each versioned route (reference §2). Routes not
// listed exist from 8.12 on.
var endpointSince = map[string][2]int{
	"PUT /_connector":                             {8, 16},
	"PUT /_connector/{id}/_service_type":          {8, 13},
	"PUT /_connector/{id}/_index_name":            {8, 13},
	"PUT /_connector/{id}/_api_key_id":            {8, 13},
	"PUT /_connector/{id}/_native":                {8, 13},
	"PUT /_connector/{id}/_status":                {8, 13},
	"PUT /_connector/{id}/_filtering/_validation": {8, 14},
	"PUT /_connector/{id}/_filtering/_activate":   {8, 14},
	"PUT /_connector/{id}/_features":              {8, 15},
	"PUT /_connector/_sync_job/{id}/_claim":       {8, 15},
	"POST /_connector/_secret":                    {8, 13},
	"GET /_connector/_secret/{id}":                {8, 13},
	"DELETE /_connector/_secret/{id}":             {8, 13},
}

// paramSince is the first version of each versioned query parameter.
var paramSince = map[string][2]int{
	"include_deleted":  {9, 0},
	"hard":             {9, 0},
	"delete_sync_jobs": {8, 14},
	"index_name":       {8, 13},
	"connector_name":   {8, 13},
	"service_type":     {8, 13},
	"query":            {8, 13},
}

var commonParams = []string{"pretty", "human", "error_trace", "filter_path"}

// wrap adds what every Elasticsearch answer shares: the product header, authentication, the
// compatibility media types, version gating of routes and strict query parameters. It also lets
// the emulated connector service catch up first, so that every answer shows the jobs and the
// filtering drafts as the service would have left them by now.
func (p *Platform) wrap(h http.HandlerFunc, params []string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Elastic-Product", "Elasticsearch")
		vendorType, ok := p.checkMediaTypes(w, r)
		if !ok {
			return
		}
		if vendorType != "" {
			w = &mediaTypeWriter{ResponseWriter: w, contentType: vendorType}
		}
		if !p.authenticate(w, r) {
			return
		}
		if since, ok := endpointSince[r.Method+" "+r.Pattern[strings.IndexByte(r.Pattern, ' ')+1:]]; ok && !p.version.atLeast(since[0], since[1]) {
			p.writeMissingRoute(w, r)
			return
		}
		if r.Method == http.MethodPut && r.Pattern == "PUT /_connector/{id}" && r.PathValue("id") == "_sync_job" {
			writeNoHandler(w, r)
			return
		}
		for name := range r.URL.Query() {
			allowed := contains(commonParams, name)
			if contains(params, name) {
				if since, ok := paramSince[name]; !ok || p.version.atLeast(since[0], since[1]) {
					allowed = true
				}
			}
			if !allowed {
				writeError(w, http.StatusBadRequest, "illegal_argument_exception",
					fmt.Sprintf("request [%s] contains unrecognized parameter: [%s]", r.URL.Path, name))
				return
			}
		}
		p.catchUp()
		h(w, r)
	}
}

// writeMissingRoute is Elasticsearch's answer for a route this version does not have: 405 when
// the path has routes for other methods (listed), else 400 "no handler found".
func (p *Platform) writeMissingRoute(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.URL.Path == "/_connector":
		// The path has other methods (GET, POST): Elasticsearch's answer is a 405.
		p.writeMethodNotAllowed(w, r)
	case r.URL.Path == "/_connector/_secret" && r.Method == http.MethodPost:
		// Before 8.13 the path is /_connector/{connector_id}, which has GET, PUT and DELETE
		// (listed in RestRequest.Method order) [Inferred from RestController].
		emulator.WriteJSON(w, http.StatusMethodNotAllowed, map[string]any{
			"error":  fmt.Sprintf("Incorrect HTTP method for uri [%s] and method [%s], allowed: [GET, PUT, DELETE]", r.URL.Path, r.Method),
			"status": http.StatusMethodNotAllowed,
		})
	default:
		writeNoHandler(w, r)
	}
}

// handlePutThreeSegments serves PUT /_connector/_secret/{id}; any other PUT of three segments
// that no connector sub-endpoint took has no handler.
func (p *Platform) handlePutThreeSegments(w http.ResponseWriter, r *http.Request) {
	if r.PathValue("id") != "_secret" {
		writeNoHandler(w, r)
		return
	}
	if !p.version.atLeast(8, 13) {
		writeNoHandler(w, r)
		return
	}
	p.handleSecretPut(w, r, r.PathValue("sub"))
}
