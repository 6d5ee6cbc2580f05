package transport

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// attemptTransport is where each request to the endpoint begins: it waits for the endpoint's
// limiter, then gives the request AttemptTimeout to be answered and its body read. The wait is
// not part of the attempt's time (it is not http.Client.Timeout), so that a queue at the shared
// limiter, or its pause after a 429, never times an attempt out.
type attemptTransport struct {
	next     http.RoundTripper
	limiter  Limiter
	timeout  time.Duration
	platform string
}

func (t *attemptTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if err := t.waitLimiter(req); err != nil {
		// A RoundTripper closes the body, even when it sends nothing.
		if req.Body != nil {
			_ = req.Body.Close()
		}
		return nil, err
	}
	ctx, cancel := context.WithTimeoutCause(req.Context(), t.timeout, &attemptTimeoutError{timeout: t.timeout})
	resp, err := t.next.RoundTrip(req.WithContext(ctx))
	if err != nil {
		cancel()
		return nil, attemptError(ctx, err)
	}
	if resp.Request == nil {
		resp.Request = req
	}
	resp.Body = &attemptBody{ReadCloser: resp.Body, ctx: ctx, cancel: cancel}
	return resp, nil
}

// waitLimiter waits for the limiter with the request's context (the operation's): when that
// context ends first, the request is not sent.
func (t *attemptTransport) waitLimiter(req *http.Request) error {
	if t.limiter == nil {
		return nil
	}
	start := time.Now()
	if err := t.limiter.Wait(req.Context()); err != nil {
		return &limiterError{err: err}
	}
	if d := time.Since(start); d > 50*time.Millisecond {
		what := req.Method + " request"
		if call := callFrom(req.Context()); call != nil {
			what = call.method + " " + call.path
		}
		tflog.Info(req.Context(), fmt.Sprintf("%s: waited %s for the shared rate limiter before %s", t.platform, d.Round(time.Millisecond), what))
	}
	return nil
}

// CloseIdleConnections lets the retry loop close the pool's idle connections, as it does after
// a failure.
func (t *attemptTransport) CloseIdleConnections() {
	if ci, ok := t.next.(interface{ CloseIdleConnections() }); ok {
		ci.CloseIdleConnections()
	}
}

// limiterError is a limiter that did not let the request go (its context ended, or would
// before its turn): the request was not sent.
type limiterError struct{ err error }

func (e *limiterError) Error() string { return "waiting for the shared rate limiter: " + e.err.Error() }
func (e *limiterError) Unwrap() error { return e.err }

// attemptTimeoutError is an attempt that outlived AttemptTimeout. Like net/http's own timeout
// errors it matches context.DeadlineExceeded.
type attemptTimeoutError struct{ timeout time.Duration }

func (e *attemptTimeoutError) Error() string {
	return fmt.Sprintf("the attempt timeout (%s) ran out", e.timeout)
}
func (e *attemptTimeoutError) Timeout() bool        { return true }
func (e *attemptTimeoutError) Is(target error) bool { return target == context.DeadlineExceeded }

// attemptError names the attempt timeout when it is what ended the attempt.
func attemptError(ctx context.Context, err error) error {
	var timeout *attemptTimeoutError
	if !errors.As(context.Cause(ctx), &timeout) || errors.As(err, &timeout) {
		return err
	}
	return fmt.Errorf("%w (%w)", err, timeout)
}

// attemptBody ends the attempt's context when the body is closed.
type attemptBody struct {
	io.ReadCloser
	ctx    context.Context
	cancel context.CancelFunc
}

func (b *attemptBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err != nil && !errors.Is(err, io.EOF) {
		err = attemptError(b.ctx, err)
	}
	return n, err
}

func (b *attemptBody) Close() error {
	err := b.ReadCloser.Close()
	b.cancel()
	return err
}
