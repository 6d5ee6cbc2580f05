package transport

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// answer reads the final HTTP answer: a status >= 300 is an *APIError.
func (c *Client) answer(call *callState, resp *http.Response) (*Response, error) {
	defer func() { _ = resp.Body.Close() }()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		return nil, &NetworkError{Platform: c.cfg.Platform, Method: call.method, Path: call.path, Err: fmt.Errorf("reading the response: %w", call.masker.Error(err)), MaybeProcessed: !call.replayable, Attempts: call.attempts}
	}
	out := &Response{StatusCode: resp.StatusCode, Header: resp.Header, Body: data, Method: call.method, Path: call.path, Attempts: call.attempts, masker: call.masker}
	tflog.Debug(call.ctx, "API response", map[string]any{"platform": c.cfg.Platform, "method": call.method, "path": call.path, "status": resp.StatusCode, "duration_ms": time.Since(call.started).Milliseconds(), "attempts": call.attempts})
	if len(data) > 0 {
		tflog.Trace(call.ctx, "API response body", map[string]any{"platform": c.cfg.Platform, "body": call.masker.MaskBody(resp.Header.Get("Content-Type"), data)})
	}
	if resp.StatusCode >= 300 {
		return out, c.apiError(out, call.masker)
	}
	return out, nil
}

// failure turns a retry loop that ended without a usable answer into the error the user sees:
// the last HTTP answer when the deadline cut the retries short, the redirect that was refused,
// or a *NetworkError that says whether the request may have been processed.
func (c *Client) failure(call *callState, resp *http.Response, err error) (*Response, error) {
	if resp != nil && resp.Body != nil {
		_ = resp.Body.Close()
	}
	ctx := call.ctx
	if call.lastAnswer != nil && ctx.Err() != nil {
		call.lastAnswer.Attempts = call.attempts
		apiErr := c.apiError(call.lastAnswer, call.masker)
		apiErr.Details = append(apiErr.Details, fmt.Sprintf("stopped retrying: %v", ctx.Err()))
		tflog.Debug(ctx, "API request failed", map[string]any{"platform": c.cfg.Platform, "error": apiErr.Error()})
		return call.lastAnswer, apiErr
	}
	lastErr := call.lastErr
	if lastErr == nil {
		lastErr = err
	}
	if apiErr := c.redirectFailure(call, lastErr); apiErr != nil {
		return nil, apiErr
	}
	if ctx.Err() != nil && !errors.Is(lastErr, context.Canceled) && !errors.Is(lastErr, context.DeadlineExceeded) {
		lastErr = fmt.Errorf("%w (last failure: %w)", ctx.Err(), lastErr)
	}
	netErr := &NetworkError{Platform: c.cfg.Platform, Method: call.method, Path: call.path, Err: call.masker.Error(lastErr),
		MaybeProcessed: call.maybeProcessed || (call.wrote.Load() && !call.replayable), Attempts: call.attempts, stopped: ctx.Err() != nil || isLimiterError(lastErr)}
	tflog.Debug(ctx, "API request failed", map[string]any{"platform": c.cfg.Platform, "error": netErr.Error()})
	return nil, netErr
}

// isLimiterError is a request the limiter held until the operation's context ended (or would
// have): like a request stopped by that context, not worth trying again.
func isLimiterError(err error) bool {
	var le *limiterError
	return errors.As(err, &le)
}

// redirectFailure words a refused redirect as an *APIError, or returns nil.
func (c *Client) redirectFailure(call *callState, err error) *APIError {
	var re *redirectError
	if !errors.As(err, &re) {
		return nil
	}
	msg := "the server redirected the request to another host (" + clip(call.masker.MaskLocation(re.to), 300) + "); it was not followed, so that credentials never leave the configured endpoint. Check the URL in the provider configuration"
	if re.loop {
		msg = "the server redirected the request 5 times without answering (a redirect loop). Check the URL in the provider configuration"
	}
	return &APIError{Platform: c.cfg.Platform, Method: call.method, Path: call.path, Status: re.status, Message: msg}
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
