// Package elasticsearch emulates the Elasticsearch content connector API (/_connector) as the
// reference describes it, version differences and quirks included: create is a full document
// write with defaults (a PUT on an existing id resets it), sub-endpoints deep-merge and answer
// "noop", 9.x deletes softly unless hard=true, and every answer carries X-Elastic-Product.
package elasticsearch

import (
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/syncops/terraform-provider-syncops/internal/emulator"
)

// Default test credentials and version of the emulated cluster.
const (
	DefaultUsername = "elastic"
	// DefaultPassword is the emulator's test password for DefaultUsername.
	DefaultPassword = "syncops-test-password"
	// DefaultAPIKey is the encoded API key (base64 of "syncops-test:emulator-api-key"), the value a
	// client sends after "Authorization: ApiKey ".
	DefaultAPIKey = "c3luY29wcy10ZXN0OmVtdWxhdG9yLWFwaS1rZXk="
	// DefaultBearerToken is accepted after "Authorization: Bearer ".
	DefaultBearerToken = "syncops-test-bearer-token"
	// DefaultVersion is the Elasticsearch version the emulator reports.
	DefaultVersion = "9.1.0"
)

// Options configure the emulated cluster. Zero fields take the defaults above.
type Options struct {
	Username    string
	Password    string
	APIKey      string
	BearerToken string
	// Version is "major.minor.patch", from 8.12.0 on.
	Version string
}

// Platform is the emulated Elasticsearch cluster.
type Platform struct {
	opts        Options
	version     version
	clusterUUID string
	router      *emulator.Router

	mu         sync.Mutex
	connectors map[string]map[string]any
	syncJobs   map[string]*syncJob
	seq        int
	// unlisted connectors are left out of GET /_connector (HideFromList).
	unlisted map[string]bool
}

type syncJob struct {
	seq int
	doc map[string]any
}

// New builds the emulated cluster; it panics on an unparsable version (a flag error).
func New(o Options) *Platform {
	if o.Username == "" {
		o.Username = DefaultUsername
	}
	if o.Password == "" {
		o.Password = DefaultPassword
	}
	if o.APIKey == "" {
		o.APIKey = DefaultAPIKey
	}
	if o.BearerToken == "" {
		o.BearerToken = DefaultBearerToken
	}
	if o.Version == "" {
		o.Version = DefaultVersion
	}
	v, err := parseVersion(o.Version)
	if err != nil {
		panic(err)
	}
	p := &Platform{opts: o, version: v, clusterUUID: randomID(22)}
	p.Reset()
	return p
}

// ParseVersion checks a version flag value.
func ParseVersion(s string) error {
	_, err := parseVersion(s)
	return err
}

type version struct{ major, minor, patch int }

func parseVersion(s string) (version, error) {
	parts := strings.Split(s, ".")
	if len(parts) != 3 {
		return version{}, fmt.Errorf("elasticsearch version %q: want major.minor.patch such as 9.1.0", s)
	}
	var n [3]int
	for i, p := range parts {
		v, err := strconv.Atoi(p)
		if err != nil || v < 0 {
			return version{}, fmt.Errorf("elasticsearch version %q: want major.minor.patch such as 9.1.0", s)
		}
		n[i] = v
	}
	v := version{n[0], n[1], n[2]}
	if !v.atLeast(8, 12) {
		return version{}, fmt.Errorf("elasticsearch version %q: the connector API exists from 8.12.0 on", s)
	}
	return v, nil
}

func (v version) atLeast(major, minor int) bool {
	return v.major > major || (v.major == major && v.minor >= minor)
}

func (v version) String() string { return fmt.Sprintf("%d.%d.%d", v.major, v.minor, v.patch) }

// Name implements emulator.Platform.
func (p *Platform) Name() string { return "elasticsearch" }

// State implements emulator.Platform: live connectors, soft-deleted ones (9.x) and sync jobs.
func (p *Platform) State() map[string]int {
	p.mu.Lock()
	defer p.mu.Unlock()
	live, deleted := 0, 0
	for _, c := range p.connectors {
		if isDeleted(c) {
			deleted++
		} else {
			live++
		}
	}
	return map[string]int{"connectors": live, "deletedConnectors": deleted, "syncJobs": len(p.syncJobs)}
}

// Reset implements emulator.Platform.
func (p *Platform) Reset() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.connectors = map[string]map[string]any{}
	p.syncJobs = map[string]*syncJob{}
	p.unlisted = map[string]bool{}
}

// Connector returns a copy of a stored connector document (soft-deleted ones too), for tests.
func (p *Platform) Connector(id string) (map[string]any, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	c, ok := p.connectors[id]
	if !ok {
		return nil, false
	}
	return deepCopy(c).(map[string]any), true
}

// Register implements emulator.Platform.
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
	api("PUT /_connector/{id}/_api_key_id", p.handleUpdateAPIKeyID)
	api("PUT /_connector/{id}/_native", p.handleUpdateNative)
	api("PUT /_connector/{id}/_status", p.handleUpdateStatus)
	api("PUT /_connector/{id}/_error", p.handleUpdateError)
	api("PUT /_connector/{id}/_features", p.handleUpdateFeatures)
	api("PUT /_connector/{id}/_check_in", p.handleCheckIn)

	api("POST /_connector/_sync_job", p.handleSyncJobPost)
	api("GET /_connector/_sync_job", p.handleSyncJobList, "from", "size", "status", "connector_id", "job_type")
	api("GET /_connector/_sync_job/{id}", p.handleSyncJobGet)
	api("DELETE /_connector/_sync_job/{id}", p.handleSyncJobDelete)
	api("PUT /_connector/_sync_job/{id}/_cancel", p.handleSyncJobCancel)
	// Everything else under /_connector is Elasticsearch's routing error, still JSON with the
	// product header (clients decode every error body).
	api("/_connector", writeNoHandler)
	api("/_connector/", writeNoHandler)
}

// endpointSince is the first stack version of each versioned route (reference §2).
var endpointSince = map[string][2]int{
	"PUT /_connector":                    {8, 16},
	"PUT /_connector/{id}/_service_type": {8, 13},
	"PUT /_connector/{id}/_index_name":   {8, 13},
	"PUT /_connector/{id}/_api_key_id":   {8, 13},
	"PUT /_connector/{id}/_native":       {8, 13},
	"PUT /_connector/{id}/_status":       {8, 13},
	"PUT /_connector/{id}/_features":     {8, 15},
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
// compatibility media types, version gating of routes and strict query parameters.
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
			if r.URL.Path == "/_connector" {
				// The path has other methods (GET, POST): Elasticsearch's answer is a 405.
				p.writeMethodNotAllowed(w, r)
				return
			}
			writeNoHandler(w, r)
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
		h(w, r)
	}
}

// checkMediaTypes accepts application/json and the vendor type compatible with this major or
// the previous one, as Elasticsearch does; a client from a newer major is refused. It returns
// the vendor media type the answer carries: the one of Accept, else of Content-Type (reference
// §10.3), or "" for plain JSON.
func (p *Platform) checkMediaTypes(w http.ResponseWriter, r *http.Request) (string, bool) {
	answer := ""
	for _, name := range []string{"Accept", "Content-Type"} {
		v := r.Header.Get(name)
		i := strings.Index(v, "compatible-with=")
		if i < 0 {
			continue
		}
		n, _ := strconv.Atoi(strings.TrimSpace(strings.SplitN(v[i+len("compatible-with="):], ";", 2)[0]))
		if n != p.version.major && n != p.version.major-1 {
			writeErrorCause(w, http.StatusBadRequest, map[string]any{
				"type":   "media_type_header_exception",
				"reason": "Invalid media-type value on headers [Accept, Content-Type]",
				"caused_by": map[string]any{
					"type": "status_exception",
					"reason": fmt.Sprintf("%s version must be either version %d or %d, but found %d. %s=%s",
						name, p.version.major, p.version.major-1, n, name, v),
				},
			})
			return "", false
		}
		if answer == "" && (name == "Accept" || r.Header.Get("Accept") == "" || r.Header.Get("Accept") == "*/*") {
			answer = fmt.Sprintf("application/vnd.elasticsearch+json;compatible-with=%d", n)
		}
	}
	return answer, true
}

// mediaTypeWriter gives the answer the negotiated vendor media type: handlers write plain JSON
// through emulator.WriteJSON, which sets application/json.
type mediaTypeWriter struct {
	http.ResponseWriter
	contentType string
	wrote       bool
}

func (m *mediaTypeWriter) WriteHeader(status int) {
	if !m.wrote {
		m.wrote = true
		m.Header().Set("Content-Type", m.contentType)
	}
	m.ResponseWriter.WriteHeader(status)
}

func (m *mediaTypeWriter) Write(b []byte) (int, error) {
	if !m.wrote {
		m.WriteHeader(http.StatusOK)
	}
	return m.ResponseWriter.Write(b)
}

var wwwAuthenticate = []string{`Basic realm="security", charset="UTF-8"`, `Bearer realm="security"`, "ApiKey"}

func (p *Platform) authenticate(w http.ResponseWriter, r *http.Request) bool {
	auth := r.Header.Get("Authorization")
	scheme, cred, _ := strings.Cut(auth, " ")
	var reason string
	switch strings.ToLower(scheme) {
	case "":
		reason = fmt.Sprintf("missing authentication credentials for REST request [%s]", r.URL.RequestURI())
	case "basic":
		raw, err := base64.StdEncoding.DecodeString(cred)
		user, pass, _ := strings.Cut(string(raw), ":")
		if err == nil && user == p.opts.Username && pass == p.opts.Password {
			return true
		}
		reason = fmt.Sprintf("unable to authenticate user [%s] for REST request [%s]", user, r.URL.RequestURI())
	case "apikey":
		if cred == p.opts.APIKey {
			return true
		}
		reason = "unable to authenticate with provided credentials and anonymous access is not allowed for this request"
	case "bearer":
		if cred == p.opts.BearerToken {
			return true
		}
		reason = "unable to authenticate with provided credentials and anonymous access is not allowed for this request"
	default:
		reason = fmt.Sprintf("missing authentication credentials for REST request [%s]", r.URL.RequestURI())
	}
	header := map[string]any{"WWW-Authenticate": wwwAuthenticate}
	for _, v := range wwwAuthenticate {
		w.Header().Add("WWW-Authenticate", v)
	}
	writeErrorCause(w, http.StatusUnauthorized, map[string]any{"type": "security_exception", "reason": reason, "header": header})
	return false
}

// principal names the authenticated client for creation statistics.
func principal(r *http.Request) string {
	scheme, cred, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	if strings.EqualFold(scheme, "basic") {
		raw, _ := base64.StdEncoding.DecodeString(cred)
		user, _, _ := strings.Cut(string(raw), ":")
		return "user:" + user
	}
	return strings.ToLower(scheme)
}

func (p *Platform) handleInfo(w http.ResponseWriter, r *http.Request) {
	emulator.WriteJSON(w, http.StatusOK, map[string]any{
		"name":         "syncops-emulator",
		"cluster_name": "syncops-emulator",
		"cluster_uuid": p.clusterUUID,
		"version": map[string]any{
			"number":                              p.version.String(),
			"build_flavor":                        "default",
			"build_type":                          "docker",
			"build_hash":                          "0000000000000000000000000000000000000000",
			"build_date":                          "2025-01-01T00:00:00.000000000Z",
			"build_snapshot":                      false,
			"lucene_version":                      "10.1.0",
			"minimum_wire_compatibility_version":  fmt.Sprintf("%d.19.0", p.version.major-1),
			"minimum_index_compatibility_version": fmt.Sprintf("%d.0.0", p.version.major-1),
		},
		"tagline": "You Know, for Search",
	})
}

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

func now() string { return time.Now().UTC().Format("2006-01-02T15:04:05.000Z") }

// randomID is an Elasticsearch-style URL-safe auto id.
func randomID(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)[:n]
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
