package transport

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/hashicorp/go-retryablehttp"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// callState is what belongs to one Do call. The retry client is shared by every call, so its
// hooks find the call's state in the request's context.
type callState struct {
	// ctx is the caller's context with masking: the operation's deadline, and the logger.
	ctx         context.Context
	method      string
	path        string // masked, for logs and errors
	masker      *Masker
	body        []byte
	contentType string
	replayable  bool
	started     time.Time

	// The retry loop runs on the caller's goroutine: the fields below are set by its hooks and
	// read once it has returned. wrote alone is set by the transport's writing goroutine.
	attempts int
	wrote    atomic.Bool
	// lastErr and lastAnswer are the latest failure and retried HTTP answer: when the deadline
	// ends the retry loop, they are what the user needs to see, not a bare context error.
	lastErr        error
	lastAnswer     *Response
	maybeProcessed bool
}

type callStateKey struct{}

// callFrom returns the state of the call a request belongs to, or nil.
func callFrom(ctx context.Context) *callState {
	call, _ := ctx.Value(callStateKey{}).(*callState)
	return call
}

// newRetryClient is the client's one retry loop: no logger of its own (tflog instead), and the
// API's last answer or the transport's error passed through as they are.
func (c *Client) newRetryClient(hc *http.Client) *retryablehttp.Client {
	return &retryablehttp.Client{
		HTTPClient:     hc,
		Logger:         nil,
		RetryWaitMin:   c.cfg.RetryWaitMin,
		RetryWaitMax:   c.cfg.RetryWaitMax,
		RetryMax:       c.cfg.MaxRetries,
		ErrorHandler:   retryablehttp.PassthroughErrorHandler,
		RequestLogHook: c.logRequest,
		CheckRetry:     c.checkRetry,
		Backoff:        c.backoff,
	}
}

// logRequest starts an attempt: it counts it and logs it (the limiter waits in attemptTransport).
func (c *Client) logRequest(_ retryablehttp.Logger, r *http.Request, i int) {
	call := callFrom(r.Context())
	if call == nil {
		return
	}
	call.attempts = i + 1
	call.wrote.Store(false)
	ctx := call.ctx
	tflog.Debug(ctx, "API request", map[string]any{"platform": c.cfg.Platform, "method": call.method, "path": call.path, "attempt": i + 1})
	if len(call.body) > 0 {
		tflog.Trace(ctx, "API request body", map[string]any{"platform": c.cfg.Platform, "body": call.masker.MaskBody(call.contentType, call.body)})
	}
	tflog.Trace(ctx, "API request headers", map[string]any{"platform": c.cfg.Platform, "headers": call.masker.MaskHeader(r.Header)})
}

// checkRetry is the retry policy: nothing is sent twice that the server may have processed,
// unless it is safe to send twice.
func (c *Client) checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	call := callFrom(ctx)
	var le *limiterError
	if call != nil && errors.As(err, &le) {
		// Nothing was sent, and the limiter's wait ended with the operation's context (or
		// would have): trying again cannot do better.
		call.lastErr, call.lastAnswer = err, nil
		return false, nil
	}
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	if call == nil {
		return false, nil
	}
	if err != nil {
		return c.retryFailure(call, err), nil
	}
	return c.retryAnswer(ctx, call, resp), nil
}

// retryFailure decides on an attempt that got no HTTP answer.
func (c *Client) retryFailure(call *callState, err error) bool {
	call.lastErr, call.lastAnswer = err, nil
	var re *redirectError
	if errors.As(err, &re) || isCertificateError(err) {
		return false
	}
	if !call.wrote.Load() || call.replayable {
		tflog.Debug(call.ctx, "API request failed, retrying", map[string]any{"platform": c.cfg.Platform, "path": call.path, "error": call.masker.Error(err).Error()})
		return true
	}
	// The request reached the server and may have been processed: never re-send it.
	call.maybeProcessed = true
	return false
}

// retryAnswer decides on an HTTP answer.
func (c *Client) retryAnswer(ctx context.Context, call *callState, resp *http.Response) bool {
	switch resp.StatusCode {
	case http.StatusTooManyRequests, http.StatusServiceUnavailable:
		// The server says it did not process the request: always safe to retry, if the
		// wait fits in what is left of the operation's deadline.
	case http.StatusInternalServerError, http.StatusBadGateway, http.StatusGatewayTimeout:
		// The server may have processed the request: only what is safe to send twice
		// (reads, PUTs, DELETEs, idempotency-keyed POSTs) goes again.
		if !call.replayable {
			return false
		}
	default:
		return false
	}
	wait := retryAfter(resp)
	if pl, ok := c.cfg.Limiter.(pauser); ok && wait > 0 && resp.StatusCode == http.StatusTooManyRequests {
		pl.PauseFor(wait)
	}
	if dl, ok := ctx.Deadline(); ok && time.Until(dl) < wait {
		tflog.Warn(call.ctx, "not retrying: the server's Retry-After exceeds the time left", map[string]any{"platform": c.cfg.Platform, "retry_after": wait.String()})
		return false
	}
	// Keep this answer (the body is buffered so that the retry loop can still drain it).
	data, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	_ = resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(data))
	call.lastErr, call.lastAnswer = nil, &Response{StatusCode: resp.StatusCode, Header: resp.Header, Body: data, Method: call.method, Path: call.path, masker: call.masker}
	msg := fmt.Sprintf("%s answered HTTP %d to %s %s; retrying", c.cfg.Platform, resp.StatusCode, call.method, call.path)
	if wait > 0 {
		msg += fmt.Sprintf(" after %s (Retry-After)", wait)
	}
	tflog.Info(call.ctx, msg)
	return true
}

// backoff waits Retry-After when the server sent one, else an exponential wait with jitter;
// never past the operation's deadline. With no answer (resp nil) there is no request to find
// the deadline in: the retry loop's own wait ends with the request's context.
func (c *Client) backoff(minWait, maxWait time.Duration, n int, resp *http.Response) time.Duration {
	wait := retryAfter(resp)
	if wait <= 0 {
		exp := float64(minWait) * math.Pow(2, float64(n))
		if exp > float64(maxWait) {
			exp = float64(maxWait)
		}
		// Full jitter keeps many parallel resources from retrying in step.
		wait = time.Duration(exp/2 + rand.Float64()*exp/2) //nolint:gosec // G404: retry jitter, not a secret; predictability is harmless
	}
	if resp == nil || resp.Request == nil {
		return wait
	}
	if call := callFrom(resp.Request.Context()); call != nil {
		if dl, ok := call.ctx.Deadline(); ok {
			wait = min(wait, max(time.Until(dl), 0))
		}
	}
	return wait
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
