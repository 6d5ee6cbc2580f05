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
	// DefaultJobDelay is how long the emulated connector service takes over a sync job (and half
	// of it over the validation of a filtering draft) when Options.JobDelay is zero.
	DefaultJobDelay = 2 * time.Second
)

// Options configure the emulated cluster. Zero fields take the defaults above.
type Options struct {
	Username    string
	Password    string
	APIKey      string
	BearerToken string
	// Version is "major.minor.patch", from 8.12.0 on.
	Version string
	// JobDelay is how long the emulated connector service takes over a sync job: pending for the
	// first half, in progress for the second (half the documents are counted half-way), then
	// completed or failed; an edited filtering draft is validated after half of it. Zero means
	// DefaultJobDelay; tests that must not wait set a tiny delay, or hold the service.
	JobDelay time.Duration
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
	// jobsIndex tells whether the sync jobs index exists (a job was ever created): some 404
	// reasons of the sync job endpoints depend on it.
	jobsIndex bool
	secrets   map[string]string
	seq       int
	// unlisted connectors are left out of GET /_connector (HideFromList).
	unlisted map[string]bool
	// service is the emulated connector service (service.go).
	service service
	// clock times the service's steps (SetClock).
	clock func() time.Time
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
	if o.JobDelay <= 0 {
		o.JobDelay = DefaultJobDelay
	}
	v, err := parseVersion(o.Version)
	if err != nil {
		panic(err)
	}
	p := &Platform{opts: o, version: v, clusterUUID: randomID(22), clock: time.Now}
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

// State implements emulator.Platform: live connectors, soft-deleted ones (9.x), sync jobs (and
// those not finished yet) and connector secrets.
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
	running := 0
	for _, j := range p.syncJobs {
		if !terminalSyncStatus(j.status()) {
			running++
		}
	}
	return map[string]int{"connectors": live, "deletedConnectors": deleted, "syncJobs": len(p.syncJobs),
		"unfinishedSyncJobs": running, "secrets": len(p.secrets)}
}

// Reset implements emulator.Platform.
func (p *Platform) Reset() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.connectors = map[string]map[string]any{}
	p.syncJobs = map[string]*syncJob{}
	p.jobsIndex = false
	p.secrets = map[string]string{}
	p.unlisted = map[string]bool{}
	p.service = service{delay: p.opts.JobDelay, drafts: map[string]time.Time{}}
}

// SetClock replaces the clock that times the emulated connector service (tests that step through
// a job's life without waiting). Timestamps written to documents stay real.
func (p *Platform) SetClock(clock func() time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.clock = clock
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

func now() string { return timestamp(time.Now()) }

// timestamp is an Instant as Elasticsearch writes it: UTC with milliseconds.
func timestamp(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

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
