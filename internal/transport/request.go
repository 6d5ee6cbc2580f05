package transport

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

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

// Do sends the request, retrying what is safe to retry. A status >= 400 returns an *APIError
// (with the response); a connection failure returns a *NetworkError.
func (c *Client) Do(ctx context.Context, req *Request) (*Response, error) {
	call, rreq, err := c.newCall(ctx, req)
	if err != nil {
		return nil, err
	}
	resp, err := c.retry.Do(rreq)
	if err != nil {
		return c.failure(call, resp, err)
	}
	return c.answer(call, resp)
}

// newCall builds the request (URL, body, headers) and the call's state, which travels in the
// request's context to the retry client's hooks.
func (c *Client) newCall(ctx context.Context, req *Request) (*callState, *retryablehttp.Request, error) {
	body, contentType, encodeErr := encodeBody(req)
	masker := c.requestMasker(req, contentType, body)
	call := &callState{
		ctx:         masker.Context(ctx),
		method:      req.Method,
		path:        masker.MaskURL(req.Path, req.Query),
		masker:      masker,
		body:        body,
		contentType: contentType,
		replayable:  isReplayable(req),
	}
	if encodeErr != nil {
		return nil, nil, fmt.Errorf("%s API: %s %s: encoding the request: %w", c.cfg.Platform, req.Method, call.path, encodeErr)
	}
	trace := &httptrace.ClientTrace{WroteRequest: func(httptrace.WroteRequestInfo) { call.wrote.Store(true) }}
	rctx := httptrace.WithClientTrace(context.WithValue(call.ctx, callStateKey{}, call), trace)
	rreq, err := retryablehttp.NewRequestWithContext(rctx, req.Method, c.requestURL(req), body)
	if err != nil {
		return nil, nil, fmt.Errorf("%s API: %s %s: %w", c.cfg.Platform, req.Method, call.path, masker.Error(err))
	}
	c.setHeaders(rreq.Header, req, contentType)
	call.started = time.Now()
	return call, rreq, nil
}

// requestURL is the base URL with the request's path and the client's and request's query.
func (c *Client) requestURL(req *Request) string {
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
	return u.String()
}

func (c *Client) setHeaders(h http.Header, req *Request, contentType string) {
	for k, vs := range c.cfg.Header {
		h[k] = vs
	}
	for k, vs := range req.Header {
		h[k] = vs
	}
	h.Set("User-Agent", "terraform-provider-syncops/"+Version)
	if h.Get("Accept") == "" {
		h.Set("Accept", "application/json")
	}
	if contentType != "" {
		h.Set("Content-Type", contentType)
	}
	if req.IdempotencyKey != "" && c.cfg.IdempotencyHeader != "" {
		h.Set(c.cfg.IdempotencyHeader, req.IdempotencyKey)
	}
}

// isReplayable says whether the request may be sent again after an attempt that reached the
// server: an idempotency key protects it, the caller says so, or the method is idempotent.
func isReplayable(req *Request) bool {
	if req.IdempotencyKey != "" {
		return true
	}
	if req.Replayable != nil {
		return *req.Replayable
	}
	switch req.Method {
	case http.MethodGet, http.MethodHead, http.MethodPut, http.MethodDelete, http.MethodOptions:
		return true
	}
	return false
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
