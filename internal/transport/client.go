// Package transport is the one HTTP layer every platform client uses: go-retryablehttp tuned so
// that nothing is sent twice by accident, the API's own errors survive, secrets are masked in
// logs and errors, and every wait respects the operation's deadline.
package transport

import (
	"crypto/tls"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/hashicorp/go-cleanhttp"
	"github.com/hashicorp/go-retryablehttp"
)

// Version is the provider version sent in User-Agent; main sets it from ldflags.
var Version = "dev"

// Defaults for Config fields left zero.
const (
	DefaultAttemptTimeout = 30 * time.Second
	DefaultMaxRetries     = 6
	DefaultRetryWaitMin   = 250 * time.Millisecond
	DefaultRetryWaitMax   = 8 * time.Second
	// maxRetryAfter caps a server's Retry-After so a bad header cannot park a run for hours.
	maxRetryAfter = 5 * time.Minute
	// maxBody is the most of a response body that is read.
	maxBody = 32 << 20
)

// Config describes one platform endpoint.
type Config struct {
	// Platform names the platform in errors and logs ("JIM", "Polytomic", ...).
	Platform string
	// BaseURL is the endpoint, e.g. "https://jim.example.com". Paths in requests are appended.
	BaseURL string
	// Header is sent on every request (authentication, API version headers).
	Header http.Header
	// Query is added to every request's query (Haven's apikey).
	Query url.Values
	// Masker hides the platform's secrets in logs and errors. It always hides Header and Query values
	// named as secret; add literal secrets with Masker.AddSecrets.
	Masker *Masker
	// TLSConfig, when set, replaces the default TLS settings (custom CA, insecure).
	TLSConfig *tls.Config
	// AttemptTimeout bounds each attempt (not the whole retry loop).
	AttemptTimeout time.Duration
	MaxRetries     int
	RetryWaitMin   time.Duration
	RetryWaitMax   time.Duration
	// IdempotencyHeader is the header carrying Request.IdempotencyKey, e.g. "Idempotency-Key".
	IdempotencyHeader string
	// DecodeError turns an error response into an APIError; it should fill Code, Message and
	// RequestID from the platform's error body. Status, platform and request are filled in for it.
	// It sees every error answer but HTML pages, empty and unparsable bodies included.
	DecodeError func(resp *Response, apiErr *APIError)
	// Limiter, when set, is waited on before every request is sent (one per platform endpoint):
	// every attempt, and every same-host redirect. When the operation's context ends during the
	// wait, nothing is sent and Do fails.
	Limiter Limiter
	// HTTPClient replaces the pooled client (tests). It is copied, not changed: the copy's
	// transport is wrapped (limiter, AttemptTimeout), and its Timeout and CheckRedirect replaced.
	HTTPClient *http.Client
}

// Client sends requests to one platform endpoint.
type Client struct {
	cfg  Config
	base *url.URL
	// retry is built once and shared by every call; what belongs to one call travels in its
	// request's context (callState).
	retry *retryablehttp.Client
}

// New builds a client. The base URL must be absolute http(s).
func New(cfg Config) (*Client, error) {
	base, err := ParseBaseURL(cfg.BaseURL)
	if err != nil {
		return nil, err
	}
	if cfg.Masker == nil {
		cfg.Masker = NewMasker()
	}
	if cfg.AttemptTimeout <= 0 {
		cfg.AttemptTimeout = DefaultAttemptTimeout
	}
	if cfg.MaxRetries <= 0 {
		cfg.MaxRetries = DefaultMaxRetries
	}
	if cfg.RetryWaitMin <= 0 {
		cfg.RetryWaitMin = DefaultRetryWaitMin
	}
	if cfg.RetryWaitMax <= 0 {
		cfg.RetryWaitMax = DefaultRetryWaitMax
	}
	for k, vs := range cfg.Header {
		if isSecretName(k) {
			cfg.Masker.AddSecrets(credentialValues(vs)...)
		}
	}
	for k, vs := range cfg.Query {
		if isSecretName(k) {
			cfg.Masker.AddSecrets(vs...)
		}
	}
	c := &Client{cfg: cfg, base: base}
	c.retry = c.newRetryClient(newHTTPClient(cfg))
	return c, nil
}

// newHTTPClient is the pooled client (or a copy of the one the configuration supplies, whose
// transport it wraps) with the endpoint's limiter, the per-attempt timeout and the redirect policy.
func newHTTPClient(cfg Config) *http.Client {
	var hc http.Client
	var next http.RoundTripper
	if cfg.HTTPClient != nil {
		hc = *cfg.HTTPClient
		next = hc.Transport
		if next == nil {
			next = http.DefaultTransport
		}
	} else {
		pooled := cleanhttp.DefaultPooledTransport()
		if cfg.TLSConfig != nil {
			pooled.TLSClientConfig = cfg.TLSConfig
		}
		next = pooled
	}
	hc.Transport = &attemptTransport{next: next, limiter: cfg.Limiter, timeout: cfg.AttemptTimeout, platform: cfg.Platform}
	// The attempt timeout is attemptTransport's: it starts once the limiter lets the request go.
	hc.Timeout = 0
	hc.CheckRedirect = checkRedirect
	return &hc
}

// checkRedirect follows redirects on the same host only: credentials must never follow a
// redirect to another host.
func checkRedirect(req *http.Request, via []*http.Request) error {
	status := http.StatusFound
	if req.Response != nil {
		status = req.Response.StatusCode
	}
	if len(via) >= 5 {
		// A loop answers the same way every time: not worth retrying.
		return &redirectError{to: req.URL.Scheme + "://" + req.URL.Host, status: status, loop: true}
	}
	if req.URL.Host != via[0].URL.Host || req.URL.Scheme != via[0].URL.Scheme {
		return &redirectError{to: req.URL.Scheme + "://" + req.URL.Host, status: status}
	}
	return nil
}

// ParseBaseURL checks that s is an absolute http or https URL.
func ParseBaseURL(s string) (*url.URL, error) {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("%q is not an absolute http(s) URL such as https://host.example.com", s)
	}
	u.Path = strings.TrimRight(u.Path, "/")
	return u, nil
}

// Platform returns the platform name.
func (c *Client) Platform() string { return c.cfg.Platform }

// Masker returns the client's masker (resources add write-only values to it).
func (c *Client) Masker() *Masker { return c.cfg.Masker }
