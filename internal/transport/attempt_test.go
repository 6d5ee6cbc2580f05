package transport

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"
)

// ctxLimiter holds every request until the context ends, like a limiter whose turn never comes.
type ctxLimiter struct {
	entered chan struct{}
	waits   atomic.Int32
}

func (l *ctxLimiter) Wait(ctx context.Context) error {
	if l.waits.Add(1) == 1 {
		close(l.entered)
	}
	<-ctx.Done()
	return ctx.Err()
}

// A limiter wait ended by the operation's context fails the call: nothing reaches the server,
// the request is not tried again, and the error says where it stopped.
func TestLimiterWaitEndedByContextSendsNothing(t *testing.T) {
	t.Parallel()
	for _, method := range []string{http.MethodGet, http.MethodPost} {
		for _, ending := range []string{"cancelled", "deadline"} {
			t.Run(method+"_"+ending, func(t *testing.T) {
				t.Parallel()
				var log requestLog
				srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					log.add(r)
					w.WriteHeader(http.StatusCreated)
				}))
				defer srv.Close()
				lim := &ctxLimiter{entered: make(chan struct{})}
				c := newTestClient(t, srv.URL, func(c *Config) { c.Limiter = lim })
				ctx, cancel := context.WithCancel(context.Background())
				want := context.Canceled
				if ending == "deadline" {
					ctx, cancel = context.WithTimeout(context.Background(), 50*time.Millisecond)
					want = context.DeadlineExceeded
				} else {
					go func() { <-lim.entered; cancel() }()
				}
				defer cancel()
				_, err := c.Do(ctx, &Request{Method: method, Path: "/things", JSON: map[string]int{"n": 1}})
				var netErr *NetworkError
				if !errors.As(err, &netErr) {
					t.Fatalf("err = %v (%T), want *NetworkError", err, err)
				}
				if !errors.Is(err, want) || IsTransient(err) {
					t.Errorf("err = %v: want %v, not transient", err, want)
				}
				if !strings.Contains(err.Error(), "waiting for the shared rate limiter") {
					t.Errorf("the error does not say the limiter held the request: %v", err)
				}
				if netErr.MaybeProcessed || netErr.Attempts != 1 {
					t.Errorf("MaybeProcessed = %v, Attempts = %d; want false, 1", netErr.MaybeProcessed, netErr.Attempts)
				}
				if n := log.count(); n != 0 {
					t.Errorf("the server received %d requests after the context ended", n)
				}
				if n := lim.waits.Load(); n != 1 {
					t.Errorf("the limiter was waited on %d times, want 1 (no retry once the context ended)", n)
				}
			})
		}
	}
}

// A limiter whose next turn comes after the operation's deadline refuses at once (rate.Limiter
// does): the request is not sent, rather than sent past the limit.
func TestLimiterTurnAfterTheDeadlineSendsNothing(t *testing.T) {
	t.Parallel()
	var log requestLog
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		log.add(r)
		w.WriteHeader(http.StatusCreated)
	}))
	defer srv.Close()
	lim := SharedLimiter(t.Name(), 1, 1) // one request a minute
	if err := lim.Wait(context.Background()); err != nil {
		t.Fatal(err)
	}
	c := newTestClient(t, srv.URL, func(c *Config) { c.Limiter = lim })
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, err := c.Do(ctx, &Request{Method: http.MethodPost, Path: "/things", JSON: map[string]int{"n": 1}})
	var netErr *NetworkError
	if !errors.As(err, &netErr) {
		t.Fatalf("err = %v (%T), want *NetworkError", err, err)
	}
	if !strings.Contains(err.Error(), "waiting for the shared rate limiter") || IsTransient(err) || netErr.MaybeProcessed {
		t.Errorf("err = %v: want the limiter named, not transient, not processed", err)
	}
	if n := log.count(); n != 0 {
		t.Errorf("the server received %d requests that the limiter had refused", n)
	}
}

// The limiter's wait is not part of an attempt: a request queued at the shared limiter for
// longer than AttemptTimeout is still sent, and says how long it waited.
func TestLimiterWaitIsNotPartOfTheAttempt(t *testing.T) {
	t.Parallel()
	var log requestLog
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		log.add(r)
		w.WriteHeader(http.StatusNoContent)
	}))
	defer srv.Close()
	// One request every 2 seconds, no burst beyond the first: the second request waits ~2s,
	// twice the attempt timeout. (rate.Limiter refuses at once a wait past its context's deadline.)
	lim := SharedLimiter(t.Name(), 30, 1)
	c := newTestClient(t, srv.URL, func(c *Config) {
		c.Limiter = lim
		c.AttemptTimeout = time.Second
	})
	var buf syncBuffer
	ctx := tflogtest.RootLogger(context.Background(), &buf)
	for i := range 2 {
		resp, err := c.Do(ctx, &Request{Method: http.MethodGet, Path: fmt.Sprintf("/x/%d", i)})
		if err != nil {
			t.Fatalf("request %d: %v", i, err)
		}
		if resp.Attempts != 1 {
			t.Errorf("request %d took %d attempts, want 1", i, resp.Attempts)
		}
	}
	if n := log.count(); n != 2 {
		t.Errorf("server saw %d requests, want 2", n)
	}
	if !strings.Contains(buf.String(), "for the shared rate limiter before GET /x/1") {
		t.Errorf("no INFO line about the wait:\n%s", buf.String())
	}
}

// A 429 with Retry-After pauses the shared limiter: the next request waits for the pause, and
// when its deadline comes first it is not sent at all.
func TestRetryAfterPausesTheSharedLimiter(t *testing.T) {
	t.Parallel()
	var log requestLog
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		log.add(r)
		w.Header().Set("Retry-After", "60")
		w.WriteHeader(http.StatusTooManyRequests)
	}))
	defer srv.Close()
	c := newTestClient(t, srv.URL, func(c *Config) { c.Limiter = &EndpointLimiter{} })
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	// Retry-After exceeds the deadline: not retried, but the pause is shared.
	if _, err := c.Do(ctx, &Request{Method: http.MethodGet, Path: "/first"}); StatusOf(err) != http.StatusTooManyRequests {
		t.Fatalf("first request: err = %v, want 429", err)
	}
	ctx, cancel = context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	_, err := c.Do(ctx, &Request{Method: http.MethodGet, Path: "/second"})
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "rate limiter") {
		t.Errorf("second request: err = %v, want the limiter's pause to outlast its deadline", err)
	}
	if n := log.count(); n != 1 {
		t.Errorf("server saw %d requests, want 1 (the second waits for the pause)", n)
	}
}

// AttemptTimeout covers reading the body too, as http.Client.Timeout did.
func TestAttemptTimeoutCoversTheBody(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"items": [`)
		w.(http.Flusher).Flush()
		select {
		case <-r.Context().Done():
		case <-time.After(10 * time.Second):
		}
	}))
	defer srv.Close()
	c := newTestClient(t, srv.URL, func(c *Config) { c.AttemptTimeout = 200 * time.Millisecond })
	start := time.Now()
	_, err := c.Do(context.Background(), &Request{Method: http.MethodPost, Path: "/x"})
	if el := time.Since(start); el > 5*time.Second {
		t.Errorf("Do took %s: the body read was not cut by the attempt timeout", el)
	}
	var netErr *NetworkError
	if !errors.As(err, &netErr) || !netErr.MaybeProcessed {
		t.Fatalf("err = %v (%T), want a *NetworkError that may have been processed", err, err)
	}
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "the attempt timeout (200ms) ran out") {
		t.Errorf("err = %v: want the attempt timeout named", err)
	}
}
