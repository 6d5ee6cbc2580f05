// Package jim manages JIM (Junctional Identity Manager) connected systems and their run profiles.
package jim

import (
	"crypto/sha256"
	"crypto/tls"
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"sync"

	"github.com/syncops/terraform-provider-syncops/internal/providerdata"
	"github.com/syncops/terraform-provider-syncops/internal/transport"
)

// Client is a typed JIM API client.
type Client struct {
	api *transport.Client

	mu   sync.Mutex
	defs map[string]*ConnectorDefinition // by name; fetched once per provider process
	// defsLoading holds, by name, a channel closed when a fetch under way ends.
	defsLoading map[string]chan struct{}
	// connectorOf remembers each connected system's connector, which never changes.
	connectorOf map[int64]string
	// connectorLoading holds, by system id, a channel closed when a read of the system ends.
	connectorLoading map[int64]chan struct{}
	rpLists          runProfileLists
}

// defaultRateLimit is JIM's default limit per API key (300 requests a minute, sliding window).
const defaultRateLimit = 300

// Option tunes a client.
type Option func(*clientOptions)

type clientOptions struct {
	rateLimit int
	tls       *tls.Config
	tune      func(*transport.Config)
}

// WithTransport adjusts the transport configuration (tests shorten retry waits with it).
func WithTransport(tune func(*transport.Config)) Option {
	return func(o *clientOptions) { o.tune = tune }
}

// WithRateLimit paces requests to perMinute a minute (0: no pacing), shared by every client of
// the same server and key in this process.
func WithRateLimit(perMinute int) Option { return func(o *clientOptions) { o.rateLimit = perMinute } }

// WithTLS sets the TLS configuration built from the block's ca_file and insecure (nil: system
// roots).
func WithTLS(cfg *tls.Config) Option { return func(o *clientOptions) { o.tls = cfg } }

// NewClient builds a client for a JIM server.
func NewClient(baseURL, apiKey string, common providerdata.Common, opts ...Option) (*Client, error) {
	o := clientOptions{rateLimit: defaultRateLimit}
	for _, opt := range opts {
		opt(&o)
	}
	// JIM counts N requests in any minute (a sliding window) over every client of the key, and one
	// terraform command runs the provider more than once (the plan walk and the apply walk of
	// `terraform apply` are two processes, each with its own limiter). A tenth of N at once and 70%
	// of N a minute after that keep even three processes inside one minute under the limit.
	burst := o.rateLimit / 10
	perMinute := o.rateLimit * 7 / 10
	keyID := sha256.Sum256([]byte(apiKey))
	limiter := transport.SharedLimiter(fmt.Sprintf("JIM %s %x %d", baseURL, keyID[:8], o.rateLimit), perMinute, burst)
	cfg := transport.Config{
		Platform:       "JIM",
		BaseURL:        baseURL,
		Header:         http.Header{"X-Api-Key": {apiKey}},
		Masker:         transport.NewMasker(apiKey),
		AttemptTimeout: common.AttemptTimeout,
		DecodeError:    decodeError,
		Limiter:        limiter,
		TLSConfig:      o.tls,
	}
	if o.tune != nil {
		o.tune(&cfg)
	}
	api, err := transport.New(cfg)
	if err != nil {
		return nil, err
	}
	return &Client{api: api, defs: map[string]*ConnectorDefinition{}, defsLoading: map[string]chan struct{}{}, connectorOf: map[int64]string{}, connectorLoading: map[int64]chan struct{}{}}, nil
}

// decodeError reads JIM's three error body shapes: ApiErrorResponse, the framework 401 body, and
// RFC 7807 ProblemDetails.
func decodeError(resp *transport.Response, e *transport.APIError) {
	var body struct {
		Code             string              `json:"code"`
		Message          string              `json:"message"`
		Error            string              `json:"error"`
		ValidationErrors map[string][]string `json:"validationErrors"`
		Title            string              `json:"title"`
		Errors           map[string][]string `json:"errors"`
		TraceID          string              `json:"traceId"`
	}
	if json.Unmarshal(resp.Body, &body) != nil {
		e.Message = strings.TrimSpace(string(resp.Body))
		if len(e.Message) > 300 {
			e.Message = e.Message[:300] + "..."
		}
		return
	}
	e.Code = body.Code
	e.Message = body.Message
	if e.Code == "" && body.Error != "" {
		e.Code = body.Error
	}
	if e.Message == "" {
		e.Message = body.Title
	}
	e.RequestID = body.TraceID
	if e.RequestID == "" {
		e.RequestID = resp.Header.Get("X-Request-Id")
	}
	e.Details = append(e.Details, flattenErrors(body.ValidationErrors)...)
	e.Details = append(e.Details, flattenErrors(body.Errors)...)
}

func flattenErrors(m map[string][]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var out []string
	for _, k := range keys {
		for _, msg := range m[k] {
			out = append(out, k+": "+msg)
		}
	}
	return out
}
