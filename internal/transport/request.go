package transport

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"sync/atomic"
	"time"

	"github.com/hashicorp/go-retryablehttp"
	"github.com/hashicorp/terraform-plugin-log/tflog"
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
