// Package transport is the one HTTP layer every platform client uses: go-retryablehttp tuned so
// that nothing is sent twice by accident, the API's own errors survive, secrets are masked in
// logs and errors, and every wait respects the operation's deadline.
package transport

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/hashicorp/go-cleanhttp"
	"github.com/hashicorp/go-retryablehttp"
	"github.com/hashicorp/terraform-plugin-log/tflog"
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
	// Limiter, when set, is waited on before every attempt (one per platform endpoint).
	Limiter Limiter
	// HTTPClient replaces the pooled client (tests).
	HTTPClient *http.Client
}

// Limiter paces requests to one endpoint.
type Limiter interface {
	Wait(ctx context.Context) error
}

// pauser is a Limiter that can hold every request after a 429 (EndpointLimiter).
type pauser interface {
	PauseFor(d time.Duration)
}

// Client sends requests to one platform endpoint.
type Client struct {
	cfg  Config
	base *url.URL
	http *http.Client
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
	hc := cfg.HTTPClient
	if hc == nil {
		pooled := cleanhttp.DefaultPooledTransport()
		if cfg.TLSConfig != nil {
			pooled.TLSClientConfig = cfg.TLSConfig
		}
		hc = &http.Client{Transport: pooled}
	}
	hc.Timeout = cfg.AttemptTimeout
	// Credentials must never follow a redirect to another host; same-host redirects are fine.
	hc.CheckRedirect = func(req *http.Request, via []*http.Request) error {
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
	return &Client{cfg: cfg, base: base, http: hc}, nil
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

// Request is one API call.
type Request struct {
	Method string
	// Path is appended to the base URL, e.g. "/api/v1/synchronisation/connected-systems/12".
	Path  string
	Query url.Values
	// JSON is encoded as the body when set.
	JSON any
	// Form is sent as application/x-www-form-urlencoded when set.
	Form url.Values
	// Body and ContentType send a raw body.
	Body        []byte
	ContentType string
	Header      http.Header
	// IdempotencyKey protects a POST: with it, the request may be re-sent after a lost answer.
	IdempotencyKey string
	// Replayable says the request may be sent again even if an earlier attempt reached the
	// server. Default: true for GET, HEAD, PUT, DELETE and OPTIONS.
	Replayable *bool
	// Secrets are extra literal values (write-only attributes) masked in logs and errors.
	Secrets []string
}

// Response is a completed exchange.
type Response struct {
	StatusCode int
	Header     http.Header
	Body       []byte
	// Method and Path (masked) of the request, for error messages.
	Method string
	Path   string
	// Attempts is how many times the request was sent.
	Attempts int
	// masker is the request's masker (client secrets plus the request's own).
	masker *Masker
}

// Bool returns a pointer to b (for Request.Replayable).
func Bool(b bool) *bool { return &b }

type attempt struct {
	n     int
	wrote atomic.Bool
}

// Do sends the request, retrying what is safe to retry. A status >= 400 returns an *APIError
// (with the response); a connection failure returns a *NetworkError.
func (c *Client) Do(ctx context.Context, req *Request) (*Response, error) {
	body, contentType, err := encodeBody(req)
	masker := c.requestMasker(req, contentType, body)
	ctx = masker.Context(ctx)
	u := *c.base
	// Request paths are escaped (segments go through url.PathEscape): keep that encoding.
	u.RawPath = c.base.EscapedPath() + req.Path
	if p, err := url.PathUnescape(u.RawPath); err == nil {
		u.Path = p
	} else {
		u.Path, u.RawPath = c.base.Path+req.Path, ""
	}
	q := url.Values{}
	for k, vs := range c.cfg.Query {
		q[k] = vs
	}
	for k, vs := range req.Query {
		q[k] = vs
	}
	u.RawQuery = q.Encode()
	shownPath := masker.MaskURL(req.Path, req.Query)
	if err != nil {
		return nil, fmt.Errorf("%s API: %s %s: encoding the request: %w", c.cfg.Platform, req.Method, shownPath, err)
	}
	replayable := req.IdempotencyKey != ""
	if req.Replayable != nil {
		replayable = replayable || *req.Replayable
	} else {
		switch req.Method {
		case http.MethodGet, http.MethodHead, http.MethodPut, http.MethodDelete, http.MethodOptions:
			replayable = true
		}
	}

	att := &attempt{}
	trace := &httptrace.ClientTrace{WroteRequest: func(httptrace.WroteRequestInfo) { att.wrote.Store(true) }}
	tctx := httptrace.WithClientTrace(ctx, trace)
	rreq, err := retryablehttp.NewRequestWithContext(tctx, req.Method, u.String(), body)
	if err != nil {
		return nil, fmt.Errorf("%s API: %s %s: %w", c.cfg.Platform, req.Method, shownPath, masker.Error(err))
	}
	for k, vs := range c.cfg.Header {
		rreq.Header[k] = vs
	}
	for k, vs := range req.Header {
		rreq.Header[k] = vs
	}
	rreq.Header.Set("User-Agent", "terraform-provider-syncops/"+Version)
	if rreq.Header.Get("Accept") == "" {
		rreq.Header.Set("Accept", "application/json")
	}
	if contentType != "" {
		rreq.Header.Set("Content-Type", contentType)
	}
	if req.IdempotencyKey != "" && c.cfg.IdempotencyHeader != "" {
		rreq.Header.Set(c.cfg.IdempotencyHeader, req.IdempotencyKey)
	}

	var lastErr error
	// lastAnswer is the most recent HTTP answer that was retried: when the deadline ends the retry
	// loop, it is what the user needs to see, not a bare context error.
	var lastAnswer *Response
	maybeProcessed := false
	started := time.Now()
	rc := &retryablehttp.Client{
		HTTPClient:   c.http,
		Logger:       nil,
		RetryWaitMin: c.cfg.RetryWaitMin,
		RetryWaitMax: c.cfg.RetryWaitMax,
		RetryMax:     c.cfg.MaxRetries,
		ErrorHandler: retryablehttp.PassthroughErrorHandler,
		RequestLogHook: func(_ retryablehttp.Logger, r *http.Request, i int) {
			att.n = i + 1
			att.wrote.Store(false)
			if c.cfg.Limiter != nil {
				waitStart := time.Now()
				if err := c.cfg.Limiter.Wait(ctx); err == nil {
					if d := time.Since(waitStart); d > 50*time.Millisecond {
						tflog.Info(ctx, fmt.Sprintf("%s: waited %s for the shared rate limiter before %s %s", c.cfg.Platform, d.Round(time.Millisecond), req.Method, shownPath))
					}
				}
			}
			fields := map[string]any{"platform": c.cfg.Platform, "method": req.Method, "path": shownPath, "attempt": i + 1}
			tflog.Debug(ctx, "API request", fields)
			if len(body) > 0 {
				tflog.Trace(ctx, "API request body", map[string]any{"platform": c.cfg.Platform, "body": masker.MaskBody(contentType, body)})
			}
			tflog.Trace(ctx, "API request headers", map[string]any{"platform": c.cfg.Platform, "headers": masker.MaskHeader(r.Header)})
		},
		CheckRetry: func(cctx context.Context, resp *http.Response, err error) (bool, error) {
			if cctx.Err() != nil {
				return false, cctx.Err()
			}
			if err != nil {
				lastErr, lastAnswer = err, nil
				var re *redirectError
				if errors.As(err, &re) || isCertificateError(err) {
					return false, nil
				}
				if !att.wrote.Load() || replayable {
					tflog.Debug(ctx, "API request failed, retrying", map[string]any{"platform": c.cfg.Platform, "path": shownPath, "error": masker.Error(err).Error()})
					return true, nil
				}
				// The request reached the server and may have been processed: never re-send it.
				maybeProcessed = true
				return false, nil
			}
			switch resp.StatusCode {
			case http.StatusTooManyRequests, http.StatusServiceUnavailable:
				// The server says it did not process the request: always safe to retry, if the
				// wait fits in what is left of the operation's deadline.
			case http.StatusInternalServerError, http.StatusBadGateway, http.StatusGatewayTimeout:
				// The server may have processed the request: only what is safe to send twice
				// (reads, PUTs, DELETEs, idempotency-keyed POSTs) goes again.
				if !replayable {
					return false, nil
				}
			default:
				return false, nil
			}
			wait := retryAfter(resp)
			if pl, ok := c.cfg.Limiter.(pauser); ok && wait > 0 && resp.StatusCode == http.StatusTooManyRequests {
				pl.PauseFor(wait)
			}
			if dl, ok := cctx.Deadline(); ok && time.Until(dl) < wait {
				tflog.Warn(ctx, "not retrying: the server's Retry-After exceeds the time left", map[string]any{"platform": c.cfg.Platform, "retry_after": wait.String()})
				return false, nil
			}
			// Keep this answer (the body is buffered so that the retry loop can still drain it).
			data, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
			_ = resp.Body.Close()
			resp.Body = io.NopCloser(bytes.NewReader(data))
			lastErr, lastAnswer = nil, &Response{StatusCode: resp.StatusCode, Header: resp.Header, Body: data, Method: req.Method, Path: shownPath, masker: masker}
			msg := fmt.Sprintf("%s answered HTTP %d to %s %s; retrying", c.cfg.Platform, resp.StatusCode, req.Method, shownPath)
			if wait > 0 {
				msg += fmt.Sprintf(" after %s (Retry-After)", wait)
			}
			tflog.Info(ctx, msg)
			return true, nil
		},
		Backoff: func(minWait, maxWait time.Duration, n int, resp *http.Response) time.Duration {
			var wait time.Duration
			if ra := retryAfter(resp); ra > 0 {
				wait = ra
			} else {
				exp := float64(minWait) * math.Pow(2, float64(n))
				if exp > float64(maxWait) {
					exp = float64(maxWait)
				}
				// Full jitter keeps many parallel resources from retrying in step.
				wait = time.Duration(exp/2 + rand.Float64()*exp/2) //nolint:gosec // G404: retry jitter, not a secret; predictability is harmless
			}
			if dl, ok := ctx.Deadline(); ok {
				if left := time.Until(dl); wait > left {
					wait = max(left, 0)
				}
			}
			return wait
		},
	}

	resp, err := rc.Do(rreq)
	if err != nil {
		if resp != nil && resp.Body != nil {
			_ = resp.Body.Close()
		}
		if lastAnswer != nil && ctx.Err() != nil {
			lastAnswer.Attempts = att.n
			apiErr := c.apiError(lastAnswer, masker)
			apiErr.Details = append(apiErr.Details, fmt.Sprintf("stopped retrying: %v", ctx.Err()))
			tflog.Debug(ctx, "API request failed", map[string]any{"platform": c.cfg.Platform, "error": apiErr.Error()})
			return lastAnswer, apiErr
		}
		if lastErr == nil {
			lastErr = err
		}
		var re *redirectError
		if errors.As(lastErr, &re) && re.loop {
			return nil, &APIError{Platform: c.cfg.Platform, Method: req.Method, Path: shownPath, Status: re.status,
				Message: "the server redirected the request 5 times without answering (a redirect loop). Check the URL in the provider configuration"}
		}
		if errors.As(lastErr, &re) {
			return nil, &APIError{Platform: c.cfg.Platform, Method: req.Method, Path: shownPath, Status: re.status,
				Message: "the server redirected the request to another host (" + clip(masker.MaskLocation(re.to), 300) + "); it was not followed, so that credentials never leave the configured endpoint. Check the URL in the provider configuration"}
		}
		if ctx.Err() != nil && !errors.Is(lastErr, context.Canceled) && !errors.Is(lastErr, context.DeadlineExceeded) {
			lastErr = fmt.Errorf("%w (last failure: %w)", ctx.Err(), lastErr)
		}
		netErr := &NetworkError{Platform: c.cfg.Platform, Method: req.Method, Path: shownPath, Err: masker.Error(lastErr), MaybeProcessed: maybeProcessed || (att.wrote.Load() && !replayable), Attempts: att.n, stopped: ctx.Err() != nil}
		tflog.Debug(ctx, "API request failed", map[string]any{"platform": c.cfg.Platform, "error": netErr.Error()})
		return nil, netErr
	}
	defer func() { _ = resp.Body.Close() }()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		return nil, &NetworkError{Platform: c.cfg.Platform, Method: req.Method, Path: shownPath, Err: fmt.Errorf("reading the response: %w", masker.Error(err)), MaybeProcessed: !replayable, Attempts: att.n}
	}
	out := &Response{StatusCode: resp.StatusCode, Header: resp.Header, Body: data, Method: req.Method, Path: shownPath, Attempts: att.n, masker: masker}
	tflog.Debug(ctx, "API response", map[string]any{"platform": c.cfg.Platform, "method": req.Method, "path": shownPath, "status": resp.StatusCode, "duration_ms": time.Since(started).Milliseconds(), "attempts": att.n})
	if len(data) > 0 {
		tflog.Trace(ctx, "API response body", map[string]any{"platform": c.cfg.Platform, "body": masker.MaskBody(resp.Header.Get("Content-Type"), data)})
	}
	if resp.StatusCode >= 300 {
		return out, c.apiError(out, masker)
	}
	return out, nil
}

// requestMasker hides, on top of the client's secrets, the request's own: Request.Secrets, the
// values of secret-named request headers and query parameters, and secret-named body fields.
func (c *Client) requestMasker(req *Request, contentType string, body []byte) *Masker {
	secrets := append([]string(nil), req.Secrets...)
	for k, vs := range req.Header {
		if isSecretName(k) {
			secrets = append(secrets, credentialValues(vs)...)
		}
	}
	for k, vs := range req.Query {
		if isSecretName(k) {
			secrets = append(secrets, vs...)
		}
	}
	secrets = append(secrets, secretsInBody(contentType, body)...)
	return c.cfg.Masker.With(secrets...)
}

// DoJSON sends the request and decodes a JSON answer into out (when out is not nil).
func (c *Client) DoJSON(ctx context.Context, req *Request, out any) (*Response, error) {
	resp, err := c.Do(ctx, req)
	if err != nil || out == nil {
		return resp, err
	}
	return resp, c.Decode(resp, out)
}

// Decode reads a JSON body into out, with an error that names the platform, the request and the
// status when the body is not the JSON expected.
func (c *Client) Decode(resp *Response, out any) error {
	masker := c.cfg.Masker
	if resp.masker != nil {
		// The request's masker: a body echoing a Request.Secrets value must not show it.
		masker = resp.masker
	}
	return DecodeJSON(c.cfg.Platform, resp, out, masker)
}

// DecodeJSON is Client.Decode for callers without a client (tests, fuzzing).
func DecodeJSON(platform string, resp *Response, out any, masker *Masker) error {
	fail := func(what string) error {
		return &DecodeError{Platform: platform, Method: resp.Method, Path: resp.Path, Status: resp.StatusCode, What: clip(masker.Mask(what), 500), Snippet: snippet(resp.Body, masker)}
	}
	trimmed := bytes.TrimSpace(resp.Body)
	if len(trimmed) == 0 {
		return fail("the response body is empty where JSON was expected")
	}
	ct := strings.ToLower(resp.Header.Get("Content-Type"))
	if strings.Contains(ct, "text/html") || bytes.HasPrefix(trimmed, []byte("<")) {
		return fail("received an HTML page where JSON was expected (check the URL: a web UI may be answering instead of the API)")
	}
	if err := json.Unmarshal(trimmed, out); err != nil {
		var syn *json.SyntaxError
		var typ *json.UnmarshalTypeError
		switch {
		case errors.As(err, &typ):
			// Value holds a number's whole literal, which can be any length.
			return fail(fmt.Sprintf("the JSON does not have the expected shape (field %q: got %s, want %s)", typ.Field, clip(typ.Value, 60), jsonKind(typ.Type)))
		case errors.As(err, &syn), errors.Is(err, io.ErrUnexpectedEOF):
			return fail("the response is not valid JSON (" + err.Error() + ")")
		default:
			return fail("the response is not valid JSON (" + err.Error() + ")")
		}
	}
	return nil
}

// jsonKind names what JSON a Go type expects: "want an object" reads better than the Go
// spelling of an anonymous struct, which can run to hundreds of characters.
func jsonKind(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Pointer:
		return jsonKind(t.Elem())
	case reflect.Struct, reflect.Map:
		return "an object"
	case reflect.Slice, reflect.Array:
		return "a list"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "a boolean"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return "an integer"
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a non-negative integer"
	case reflect.Float32, reflect.Float64:
		return "a number"
	}
	return t.String()
}

// snippet is the start of a body for an error message. It is masked before it is cut: a cut
// through a secret would leave the secret's start showing.
func snippet(b []byte, masker *Masker) string {
	if len(b) > 64<<10 {
		b = b[:64<<10]
	}
	return clip(masker.Mask(strings.TrimSpace(string(b))), 200)
}

// clip cuts s to about n bytes, on a character boundary.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "..."
}

func (c *Client) apiError(resp *Response, masker *Masker) *APIError {
	e := &APIError{Platform: c.cfg.Platform, Method: resp.Method, Path: resp.Path, Status: resp.StatusCode}
	if resp.StatusCode >= 300 && resp.StatusCode < 400 {
		e.Message = "unexpected redirect to " + clip(masker.MaskLocation(resp.Header.Get("Location")), 300)
		return e
	}
	// An empty body goes to the decoder too: the status alone can mean something to the platform
	// (JIM's 403 for a key without the Administrator role has no body).
	if c.cfg.DecodeError != nil && !looksHTML(resp) {
		func() {
			defer func() { _ = recover() }()
			c.cfg.DecodeError(resp, e)
		}()
	}
	if e.Message == "" && e.Code == "" {
		if looksHTML(resp) {
			e.Message = "the server answered with an HTML page instead of an API error"
		} else {
			e.Message = snippet(resp.Body, masker)
		}
	}
	// An error body can be any size: the message and details stay readable in a terminal.
	e.Message = clip(masker.Mask(e.Message), 1000)
	const maxDetails = 20
	if n := len(e.Details); n > maxDetails {
		e.Details = append(e.Details[:maxDetails], fmt.Sprintf("(%d more not shown)", n-maxDetails))
	}
	for i := range e.Details {
		e.Details[i] = clip(masker.Mask(e.Details[i]), 500)
	}
	e.Code = clip(masker.Mask(e.Code), 100)
	e.RequestID = clip(masker.Mask(e.RequestID), 100)
	if ra := retryAfter(&http.Response{StatusCode: resp.StatusCode, Header: resp.Header}); ra > 0 {
		e.RetryAfter = ra
	}
	return e
}

func looksHTML(resp *Response) bool {
	return strings.Contains(strings.ToLower(resp.Header.Get("Content-Type")), "text/html") ||
		bytes.HasPrefix(bytes.TrimSpace(resp.Body), []byte("<"))
}

func encodeBody(req *Request) ([]byte, string, error) {
	switch {
	case req.JSON != nil:
		b, err := json.Marshal(req.JSON)
		return b, "application/json", err
	case req.Form != nil:
		return []byte(req.Form.Encode()), "application/x-www-form-urlencoded", nil
	case req.Body != nil:
		return req.Body, req.ContentType, nil
	}
	return nil, "", nil
}

// retryAfter reads Retry-After (seconds or an HTTP date) from a 429 or 503.
func retryAfter(resp *http.Response) time.Duration {
	if resp == nil || (resp.StatusCode != http.StatusTooManyRequests && resp.StatusCode != http.StatusServiceUnavailable) {
		return 0
	}
	v := strings.TrimSpace(resp.Header.Get("Retry-After"))
	if v == "" {
		return 0
	}
	var d time.Duration
	if s, err := strconv.Atoi(v); err == nil {
		d = time.Duration(s) * time.Second
	} else if t, err := http.ParseTime(v); err == nil {
		d = time.Until(t)
	}
	if d < 0 {
		d = 0
	}
	return min(d, maxRetryAfter)
}

type redirectError struct {
	to     string
	status int
	// loop is a chain of same-host redirects that never ends.
	loop bool
}

func (e *redirectError) Error() string {
	if e.loop {
		return "stopped after 5 redirects"
	}
	return "refusing to follow a redirect to another host (" + e.to + "): credentials are never sent there"
}

func isCertificateError(err error) bool {
	var verr *tls.CertificateVerificationError
	var uerr x509.UnknownAuthorityError
	var herr x509.HostnameError
	var ierr x509.CertificateInvalidError
	var rerr tls.RecordHeaderError
	return errors.As(err, &verr) || errors.As(err, &uerr) || errors.As(err, &herr) || errors.As(err, &ierr) || errors.As(err, &rerr)
}
