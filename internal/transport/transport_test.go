package transport

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	stdlog "log"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

const testPlatform = "TestPlatform"

// newTestClient builds a client with tiny backoff so retry tests run fast.
func newTestClient(t *testing.T, baseURL string, mod func(*Config)) *Client {
	t.Helper()
	cfg := Config{
		Platform:     testPlatform,
		BaseURL:      baseURL,
		MaxRetries:   3,
		RetryWaitMin: time.Millisecond,
		RetryWaitMax: 5 * time.Millisecond,
	}
	if mod != nil {
		mod(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c
}

// dropConnection closes the connection with no HTTP answer, after the handler has read the body
// (and so "processed" the request).
func dropConnection(t *testing.T, w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		t.Errorf("response writer cannot hijack")
		return
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		t.Errorf("hijack: %v", err)
		return
	}
	_ = conn.Close()
}

// requestLog records the requests a test server saw.
type requestLog struct {
	mu     sync.Mutex
	times  []time.Time
	reqs   []*http.Request
	bodies []string
}

func (l *requestLog) add(r *http.Request) int {
	body, _ := io.ReadAll(r.Body)
	l.mu.Lock()
	defer l.mu.Unlock()
	l.times = append(l.times, time.Now())
	l.reqs = append(l.reqs, r.Clone(context.Background()))
	l.bodies = append(l.bodies, string(body))
	return len(l.reqs)
}

func (l *requestLog) count() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.reqs)
}

func (l *requestLog) header(i int, name string) string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.reqs[i].Header.Get(name)
}

func TestRetriesTransientStatuses(t *testing.T) {
	t.Parallel()
	for _, method := range []string{http.MethodGet, http.MethodPut} {
		for _, status := range []int{429, 502, 503, 504} {
			t.Run(fmt.Sprintf("%s_%d", method, status), func(t *testing.T) {
				t.Parallel()
				var log requestLog
				srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					if log.add(r) == 1 {
						w.WriteHeader(status)
						return
					}
					w.Header().Set("Content-Type", "application/json")
					_, _ = io.WriteString(w, `{"ok":true}`)
				}))
				defer srv.Close()
				c := newTestClient(t, srv.URL, nil)
				var out struct{ OK bool }
				resp, err := c.DoJSON(context.Background(), &Request{Method: method, Path: "/thing/1", JSON: map[string]string{"a": "b"}}, &out)
				if err != nil {
					t.Fatalf("Do: %v", err)
				}
				if got := log.count(); got != 2 {
					t.Errorf("server saw %d requests, want 2", got)
				}
				if resp.Attempts != 2 {
					t.Errorf("Response.Attempts = %d, want 2", resp.Attempts)
				}
				if !out.OK {
					t.Errorf("body not decoded: %+v", out)
				}
				// The body must be re-sent whole on the retry.
				log.mu.Lock()
				if log.bodies[1] != `{"a":"b"}` {
					t.Errorf("retried body = %q", log.bodies[1])
				}
				log.mu.Unlock()
			})
		}
	}
}

func TestRetriesExhaustedKeepsStatus(t *testing.T) {
	t.Parallel()
	var log requestLog
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		log.add(r)
		http.Error(w, "still down", http.StatusServiceUnavailable)
	}))
	defer srv.Close()
	c := newTestClient(t, srv.URL, func(c *Config) { c.MaxRetries = 2 })
	_, err := c.Do(context.Background(), &Request{Method: http.MethodGet, Path: "/x"})
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.Status != 503 {
		t.Fatalf("err = %v, want *APIError 503", err)
	}
	if !strings.Contains(apiErr.Error(), "still down") {
		t.Errorf("error lost the API message: %v", apiErr)
	}
	if got := log.count(); got != 3 {
		t.Errorf("server saw %d requests, want 3 (1 + MaxRetries)", got)
	}
}

func TestRetryAfterHonoured(t *testing.T) {
	t.Parallel()
	for _, method := range []string{http.MethodGet, http.MethodPut} {
		for _, status := range []int{429, 503} {
			t.Run(fmt.Sprintf("%s_%d", method, status), func(t *testing.T) {
				t.Parallel()
				var log requestLog
				srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					if log.add(r) == 1 {
						w.Header().Set("Retry-After", "1")
						w.WriteHeader(status)
						return
					}
					w.WriteHeader(http.StatusNoContent)
				}))
				defer srv.Close()
				c := newTestClient(t, srv.URL, nil)
				ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
				defer cancel()
				start := time.Now()
				if _, err := c.Do(ctx, &Request{Method: method, Path: "/x"}); err != nil {
					t.Fatalf("Do: %v", err)
				}
				if got := log.count(); got != 2 {
					t.Fatalf("server saw %d requests, want 2", got)
				}
				log.mu.Lock()
				gap := log.times[1].Sub(log.times[0])
				log.mu.Unlock()
				if gap < 900*time.Millisecond {
					t.Errorf("retry came %s after the first attempt; Retry-After: 1 was not honoured", gap)
				}
				if el := time.Since(start); el > 5*time.Second {
					t.Errorf("took %s", el)
				}
			})
		}
	}
}

func TestRetryAfterBeyondDeadlineNotWaited(t *testing.T) {
	t.Parallel()
	var log requestLog
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		log.add(r)
		w.Header().Set("Retry-After", "30")
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusTooManyRequests)
		_, _ = io.WriteString(w, `{"message":"slow down"}`)
	}))
	defer srv.Close()
	c := newTestClient(t, srv.URL, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	start := time.Now()
	_, err := c.Do(ctx, &Request{Method: http.MethodGet, Path: "/x"})
	elapsed := time.Since(start)
	if elapsed > time.Second {
		t.Errorf("Do took %s; it should not wait for a Retry-After beyond the deadline", elapsed)
	}
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.Status != http.StatusTooManyRequests {
		t.Fatalf("err = %v (%T), want *APIError 429", err, err)
	}
	if errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err is a context error: %v", err)
	}
	if apiErr.RetryAfter != 30*time.Second {
		t.Errorf("APIError.RetryAfter = %s, want 30s", apiErr.RetryAfter)
	}
	if got := log.count(); got != 1 {
		t.Errorf("server saw %d requests, want 1", got)
	}
}

func TestPOSTDroppedAfterProcessing(t *testing.T) {
	t.Parallel()
	newServer := func(t *testing.T, log *requestLog, dropFirst int) *httptest.Server {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if log.add(r) <= dropFirst {
				dropConnection(t, w)
				return
			}
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusCreated)
			_, _ = io.WriteString(w, `{"id":7}`)
		}))
		t.Cleanup(srv.Close)
		return srv
	}

	t.Run("without idempotency key: sent once", func(t *testing.T) {
		t.Parallel()
		var log requestLog
		srv := newServer(t, &log, 100)
		c := newTestClient(t, srv.URL, func(c *Config) { c.IdempotencyHeader = "Idempotency-Key" })
		_, err := c.Do(context.Background(), &Request{Method: http.MethodPost, Path: "/things", JSON: map[string]string{"name": "a"}})
		var netErr *NetworkError
		if !errors.As(err, &netErr) {
			t.Fatalf("err = %v (%T), want *NetworkError", err, err)
		}
		if !netErr.MaybeProcessed {
			t.Errorf("MaybeProcessed = false, want true")
		}
		if !strings.Contains(err.Error(), "may have been processed") {
			t.Errorf("error does not tell the user: %v", err)
		}
		if got := log.count(); got != 1 {
			t.Errorf("server saw %d POSTs, want exactly 1", got)
		}
	})

	t.Run("with idempotency key: re-sent with the same key", func(t *testing.T) {
		t.Parallel()
		var log requestLog
		srv := newServer(t, &log, 1)
		c := newTestClient(t, srv.URL, func(c *Config) { c.IdempotencyHeader = "Idempotency-Key" })
		var out struct{ ID int }
		_, err := c.DoJSON(context.Background(), &Request{Method: http.MethodPost, Path: "/things", JSON: map[string]string{"name": "a"}, IdempotencyKey: "key-123"}, &out)
		if err != nil {
			t.Fatalf("Do: %v", err)
		}
		if out.ID != 7 {
			t.Errorf("id = %d", out.ID)
		}
		if got := log.count(); got != 2 {
			t.Fatalf("server saw %d POSTs, want 2", got)
		}
		for i := range 2 {
			if got := log.header(i, "Idempotency-Key"); got != "key-123" {
				t.Errorf("attempt %d Idempotency-Key = %q, want key-123", i+1, got)
			}
		}
	})
}

func TestPOSTStatusRetry(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		status   int
		requests int
		wantErr  bool
	}{
		{http.StatusBadGateway, 1, true},
		{http.StatusGatewayTimeout, 1, true},
		{http.StatusInternalServerError, 1, true},
		{http.StatusServiceUnavailable, 2, false},
		{http.StatusTooManyRequests, 2, false},
	} {
		t.Run(fmt.Sprint(tc.status), func(t *testing.T) {
			t.Parallel()
			var log requestLog
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if log.add(r) == 1 {
					w.WriteHeader(tc.status)
					return
				}
				w.WriteHeader(http.StatusCreated)
			}))
			defer srv.Close()
			c := newTestClient(t, srv.URL, nil)
			_, err := c.Do(context.Background(), &Request{Method: http.MethodPost, Path: "/things", JSON: map[string]int{"n": 1}})
			if got := log.count(); got != tc.requests {
				t.Errorf("server saw %d POSTs, want %d", got, tc.requests)
			}
			if tc.wantErr {
				if StatusOf(err) != tc.status {
					t.Errorf("err = %v, want *APIError %d", err, tc.status)
				}
			} else if err != nil {
				t.Errorf("Do: %v", err)
			}
		})
	}
}

// closedAddress returns the address of a listener that has been closed: dials are refused.
func closedAddress(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	_ = ln.Close()
	return addr
}

func TestConnectionRefusedRetried(t *testing.T) {
	t.Parallel()
	for _, method := range []string{http.MethodGet, http.MethodPost} {
		t.Run(method, func(t *testing.T) {
			t.Parallel()
			addr := closedAddress(t)
			var dials atomic.Int32
			tr := http.DefaultTransport.(*http.Transport).Clone()
			d := &net.Dialer{Timeout: time.Second}
			tr.DialContext = func(ctx context.Context, network, a string) (net.Conn, error) {
				dials.Add(1)
				return d.DialContext(ctx, network, a)
			}
			c := newTestClient(t, "http://"+addr, func(c *Config) {
				c.MaxRetries = 2
				c.HTTPClient = &http.Client{Transport: tr}
			})
			// A POST that never reached the server is safe to re-send.
			_, err := c.Do(context.Background(), &Request{Method: method, Path: "/x", JSON: map[string]int{"n": 1}})
			var netErr *NetworkError
			if !errors.As(err, &netErr) {
				t.Fatalf("err = %v (%T), want *NetworkError", err, err)
			}
			if got := dials.Load(); got != 3 {
				t.Errorf("dialled %d times, want 3 (1 + MaxRetries)", got)
			}
			if netErr.Attempts != 3 {
				t.Errorf("Attempts = %d, want 3", netErr.Attempts)
			}
			if netErr.MaybeProcessed {
				t.Errorf("MaybeProcessed = true for a request that was never sent")
			}
			if netErr.Platform != testPlatform || !strings.Contains(err.Error(), testPlatform) {
				t.Errorf("error does not name the platform: %v", err)
			}
			if !strings.Contains(err.Error(), "refused") {
				t.Errorf("error does not say what happened: %v", err)
			}
		})
	}
}

func TestAttemptTimeoutRetried(t *testing.T) {
	t.Parallel()
	var log requestLog
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if log.add(r) == 1 {
			select {
			case <-time.After(2 * time.Second):
			case <-r.Context().Done():
				return
			}
		}
		w.WriteHeader(http.StatusOK)
	}))
	defer srv.Close()
	c := newTestClient(t, srv.URL, func(c *Config) { c.AttemptTimeout = 200 * time.Millisecond })
	start := time.Now()
	resp, err := c.Do(context.Background(), &Request{Method: http.MethodGet, Path: "/slow"})
	if err != nil {
		t.Fatalf("Do: %v", err)
	}
	if resp.Attempts < 2 || log.count() < 2 {
		t.Errorf("attempts = %d, server saw %d; want the slow attempt retried", resp.Attempts, log.count())
	}
	if el := time.Since(start); el > 1500*time.Millisecond {
		t.Errorf("took %s; the attempt timeout did not cut the slow attempt", el)
	}
}

type apiErrorBody struct {
	Code      string `json:"code"`
	Message   string `json:"message"`
	RequestID string `json:"requestId"`
}

func TestAPIErrorSurvives(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/html":
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(http.StatusNotFound)
			_, _ = io.WriteString(w, "<html><body>Not here</body></html>")
		default:
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusConflict)
			_, _ = io.WriteString(w, `{"code":"NAME_TAKEN","message":"a system named x already exists","requestId":"req-42"}`)
		}
	}))
	defer srv.Close()
	decode := func(resp *Response, e *APIError) {
		var b apiErrorBody
		if err := DecodeJSON(testPlatform, resp, &b, nil); err == nil {
			e.Code, e.Message, e.RequestID = b.Code, b.Message, b.RequestID
		}
	}

	t.Run("with DecodeError", func(t *testing.T) {
		c := newTestClient(t, srv.URL, func(c *Config) { c.DecodeError = decode })
		_, err := c.Do(context.Background(), &Request{Method: http.MethodPost, Path: "/systems"})
		var apiErr *APIError
		if !errors.As(err, &apiErr) {
			t.Fatalf("err = %v (%T), want *APIError", err, err)
		}
		if apiErr.Status != 409 || apiErr.Code != "NAME_TAKEN" || apiErr.Message != "a system named x already exists" || apiErr.RequestID != "req-42" {
			t.Errorf("APIError = %+v", apiErr)
		}
		for _, want := range []string{testPlatform, "POST", "/systems", "409", "NAME_TAKEN", "a system named x already exists", "req-42"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("error %q lacks %q", err, want)
			}
		}
	})

	t.Run("without DecodeError", func(t *testing.T) {
		c := newTestClient(t, srv.URL, nil)
		_, err := c.Do(context.Background(), &Request{Method: http.MethodPost, Path: "/systems"})
		var apiErr *APIError
		if !errors.As(err, &apiErr) {
			t.Fatalf("err = %v (%T), want *APIError", err, err)
		}
		if !strings.Contains(apiErr.Message, `"message":"a system named x already exists"`) {
			t.Errorf("Message = %q, want the body snippet", apiErr.Message)
		}
	})

	t.Run("HTML error page", func(t *testing.T) {
		c := newTestClient(t, srv.URL, func(c *Config) { c.DecodeError = decode })
		_, err := c.Do(context.Background(), &Request{Method: http.MethodGet, Path: "/html"})
		if !IsNotFound(err) {
			t.Fatalf("err = %v, want 404", err)
		}
		if !strings.Contains(err.Error(), "HTML page") {
			t.Errorf("error does not explain the HTML answer: %v", err)
		}
	})

	t.Run("panicking DecodeError", func(t *testing.T) {
		c := newTestClient(t, srv.URL, func(c *Config) {
			c.DecodeError = func(*Response, *APIError) { panic("boom") }
		})
		_, err := c.Do(context.Background(), &Request{Method: http.MethodPost, Path: "/systems"})
		if StatusOf(err) != 409 || !strings.Contains(err.Error(), "NAME_TAKEN") {
			t.Errorf("err = %v, want 409 with the body snippet", err)
		}
	})
}

func TestDoJSONDecodeErrors(t *testing.T) {
	t.Parallel()
	type thing struct {
		ID   int    `json:"id"`
		Name string `json:"name"`
	}
	for _, tc := range []struct {
		name        string
		contentType string
		body        string
		want        string
	}{
		{"html", "text/html; charset=utf-8", "<!DOCTYPE html><html><body>Sign in</body></html>", "HTML page"},
		{"html without content type", "application/json", "  <html>login</html>", "HTML page"},
		{"empty", "application/json", "", "empty"},
		{"whitespace", "application/json", "  \n", "empty"},
		{"truncated", "application/json", `{"id": 1, "name": "x`, "not valid JSON"},
		{"garbage", "application/json", `hello`, "not valid JSON"},
		{"wrong shape: string for int", "application/json", `{"id": "seven"}`, "expected shape"},
		{"wrong shape: array for object", "application/json", `[1,2,3]`, "expected shape"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", tc.contentType)
				_, _ = io.WriteString(w, tc.body)
			}))
			defer srv.Close()
			c := newTestClient(t, srv.URL, nil)
			var out thing
			_, err := c.DoJSON(context.Background(), &Request{Method: http.MethodGet, Path: "/things/1"}, &out)
			var de *DecodeError
			if !errors.As(err, &de) {
				t.Fatalf("err = %v (%T), want *DecodeError", err, err)
			}
			if de.Platform != testPlatform || de.Method != "GET" || de.Path != "/things/1" || de.Status != 200 {
				t.Errorf("DecodeError = %+v", de)
			}
			for _, want := range []string{testPlatform, "GET", "/things/1", "200", tc.want} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q lacks %q", err, want)
				}
			}
		})
	}
}

func TestRedirects(t *testing.T) {
	t.Parallel()
	var otherLog requestLog
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		otherLog.add(r)
		w.WriteHeader(http.StatusOK)
	}))
	defer other.Close()
	var log requestLog
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		log.add(r)
		switch r.URL.Path {
		case "/elsewhere":
			http.Redirect(w, r, other.URL+"/steal", http.StatusFound)
		case "/old":
			http.Redirect(w, r, "/new", http.StatusMovedPermanently)
		case "/new":
			if r.Header.Get("X-API-Key") != "key-abc123" {
				w.WriteHeader(http.StatusUnauthorized)
				return
			}
			w.Header().Set("Content-Type", "application/json")
			_, _ = io.WriteString(w, `{"where":"new"}`)
		}
	}))
	defer srv.Close()
	c := newTestClient(t, srv.URL, func(c *Config) {
		c.Header = http.Header{"X-Api-Key": {"key-abc123"}, "Authorization": {"Bearer tok-abc123"}}
	})

	t.Run("other host refused", func(t *testing.T) {
		_, err := c.Do(context.Background(), &Request{Method: http.MethodGet, Path: "/elsewhere"})
		if err == nil {
			t.Fatal("redirect to another host was followed")
		}
		if !strings.Contains(err.Error(), "redirect") {
			t.Errorf("error does not mention the redirect: %v", err)
		}
		if strings.Contains(err.Error(), "key-abc123") || strings.Contains(err.Error(), "tok-abc123") {
			t.Errorf("error leaks a credential: %v", err)
		}
		if n := otherLog.count(); n != 0 {
			t.Errorf("the other host received %d requests (X-API-Key %q, Authorization %q)", n, otherLog.header(0, "X-API-Key"), otherLog.header(0, "Authorization"))
		}
	})

	t.Run("same host followed", func(t *testing.T) {
		var out struct{ Where string }
		_, err := c.DoJSON(context.Background(), &Request{Method: http.MethodGet, Path: "/old"}, &out)
		if err != nil {
			t.Fatalf("Do: %v", err)
		}
		if out.Where != "new" {
			t.Errorf("got %+v", out)
		}
	})
}

func TestUserAgent(t *testing.T) {
	t.Parallel()
	var log requestLog
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		log.add(r)
		w.WriteHeader(http.StatusNoContent)
	}))
	defer srv.Close()
	c := newTestClient(t, srv.URL, func(c *Config) { c.Header = http.Header{"User-Agent": {"something-else"}} })
	if _, err := c.Do(context.Background(), &Request{Method: http.MethodGet, Path: "/"}); err != nil {
		t.Fatal(err)
	}
	want := "terraform-provider-syncops/" + Version
	if got := log.header(0, "User-Agent"); got != want {
		t.Errorf("User-Agent = %q, want %q", got, want)
	}
	if got := log.header(0, "Accept"); got != "application/json" {
		t.Errorf("Accept = %q", got)
	}
}

func TestNewRejectsBadBaseURL(t *testing.T) {
	t.Parallel()
	for _, u := range []string{"", "jim.example.com", "ftp://host", "http://", "://x"} {
		if _, err := New(Config{Platform: testPlatform, BaseURL: u}); err == nil {
			t.Errorf("New accepted base URL %q", u)
		}
	}
}

// A deadline that ends the retry loop while it backs off must not replace the API's last answer
// with a bare context error.
func TestDeadlineDuringBackoffKeepsLastAnswer(t *testing.T) {
	t.Parallel()
	var log requestLog
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		log.add(r)
		http.Error(w, "down for the maintenance window", http.StatusServiceUnavailable)
	}))
	defer srv.Close()
	c := newTestClient(t, srv.URL, func(c *Config) {
		c.MaxRetries = 20
		c.RetryWaitMin = 150 * time.Millisecond
		c.RetryWaitMax = 150 * time.Millisecond
	})
	ctx, cancel := context.WithTimeout(context.Background(), 400*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := c.Do(ctx, &Request{Method: http.MethodGet, Path: "/x"})
	if el := time.Since(start); el > time.Second {
		t.Errorf("Do took %s, past the 400ms deadline", el)
	}
	if err == nil {
		t.Fatal("no error")
	}
	if !strings.Contains(err.Error(), "maintenance window") || StatusOf(err) != 503 {
		t.Errorf("err = %v (%T); want the last answer (*APIError 503 with its message)", err, err)
	}
	if log.count() < 2 {
		t.Errorf("server saw %d requests; want retries before the deadline", log.count())
	}
}

func TestRetryAfterParsing(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name       string
		status     int // 0: no response at all
		retryAfter string
		min, max   time.Duration
	}{
		{"seconds", 429, "3", 3 * time.Second, 3 * time.Second},
		{"503 seconds", 503, " 2 ", 2 * time.Second, 2 * time.Second},
		{"http date", 503, time.Now().Add(10 * time.Second).UTC().Format(http.TimeFormat), 8 * time.Second, 10 * time.Second},
		{"past date", 429, "Mon, 02 Jan 2006 15:04:05 GMT", 0, 0},
		{"negative", 429, "-5", 0, 0},
		{"garbage", 429, "soon", 0, 0},
		{"capped", 429, "86400", maxRetryAfter, maxRetryAfter},
		{"ignored on 502", 502, "3", 0, 0},
		{"nil", 0, "", 0, 0},
	} {
		var resp *http.Response
		if tc.status != 0 {
			resp = &http.Response{StatusCode: tc.status, Header: http.Header{"Retry-After": {tc.retryAfter}}}
		}
		if got := retryAfter(resp); got < tc.min || got > tc.max {
			t.Errorf("%s: retryAfter = %s, want [%s, %s]", tc.name, got, tc.min, tc.max)
		}
	}
}

func TestReplayableFalseAndBaseURL(t *testing.T) {
	t.Parallel()
	var log requestLog
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		log.add(r)
		if r.Method == http.MethodPut {
			w.WriteHeader(http.StatusBadGateway)
			return
		}
		w.WriteHeader(http.StatusOK)
	}))
	defer srv.Close()
	c := newTestClient(t, srv.URL+"/api/", func(c *Config) { c.Query = map[string][]string{"apikey": {"k-123456"}} })

	_, err := c.Do(context.Background(), &Request{Method: http.MethodPut, Path: "/v1/x", Replayable: Bool(false)})
	if StatusOf(err) != 502 || log.count() != 1 {
		t.Errorf("PUT with Replayable false: err %v, %d requests; want one 502", err, log.count())
	}
	if _, err := c.Do(context.Background(), &Request{Method: http.MethodGet, Path: "/v1/x", Query: map[string][]string{"page": {"2"}}}); err != nil {
		t.Fatal(err)
	}
	log.mu.Lock()
	u := log.reqs[1].URL
	log.mu.Unlock()
	if u.Path != "/api/v1/x" || u.Query().Get("apikey") != "k-123456" || u.Query().Get("page") != "2" {
		t.Errorf("request URL = %s", u)
	}
}

type countingLimiter struct{ n atomic.Int32 }

func (l *countingLimiter) Wait(context.Context) error { l.n.Add(1); return nil }

func TestLimiterWaitedBeforeEveryAttempt(t *testing.T) {
	t.Parallel()
	var log requestLog
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if log.add(r) < 3 {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		w.WriteHeader(http.StatusOK)
	}))
	defer srv.Close()
	lim := &countingLimiter{}
	c := newTestClient(t, srv.URL, func(c *Config) { c.Limiter = lim })
	if _, err := c.Do(context.Background(), &Request{Method: http.MethodGet, Path: "/"}); err != nil {
		t.Fatal(err)
	}
	if got := lim.n.Load(); got != 3 {
		t.Errorf("limiter waited %d times, want 3 (one per attempt)", got)
	}
}

// One client shared by parallel resources: run under -race.
func TestConcurrentUse(t *testing.T) {
	t.Parallel()
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1)%3 == 0 {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"ok":true}`)
	}))
	defer srv.Close()
	c := newTestClient(t, srv.URL, func(c *Config) {
		c.Header = http.Header{"X-Api-Key": {"key-concurrent"}}
		c.MaxRetries = 10
	})
	var wg sync.WaitGroup
	errs := make(chan error, 20)
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c.Masker().AddSecrets(fmt.Sprintf("write-only-%d", i))
			var out struct{ OK bool }
			_, err := c.DoJSON(context.Background(), &Request{Method: http.MethodPut, Path: fmt.Sprintf("/x/%d", i), JSON: map[string]int{"i": i}, Secrets: []string{"per-request-secret"}}, &out)
			if err == nil && !out.OK {
				err = errors.New("not decoded")
			}
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
}

func TestTLS(t *testing.T) {
	t.Parallel()
	var log requestLog
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		log.add(r)
		w.WriteHeader(http.StatusNoContent)
	}))
	srv.Config.ErrorLog = stdlog.New(io.Discard, "", 0) // the refused handshake is expected
	srv.StartTLS()
	defer srv.Close()

	// Without the server's CA: a certificate error, not retried.
	c := newTestClient(t, srv.URL, nil)
	_, err := c.Do(context.Background(), &Request{Method: http.MethodGet, Path: "/"})
	var netErr *NetworkError
	if !errors.As(err, &netErr) || !isCertificateError(err) {
		t.Fatalf("err = %v (%T), want a *NetworkError for the certificate", err, err)
	}
	if netErr.Attempts != 1 {
		t.Errorf("certificate error tried %d times, want 1", netErr.Attempts)
	}
	for _, want := range []string{"certificate is not trusted", "unknown authority", "`ca_file`", "TestPlatform block"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
	if strings.Contains(err.Error(), "no answer") {
		t.Errorf("error %q calls a refused certificate \"no answer\"", err)
	}

	pool := x509.NewCertPool()
	pool.AddCert(srv.Certificate())
	c = newTestClient(t, srv.URL, func(c *Config) { c.TLSConfig = &tls.Config{RootCAs: pool} })
	if _, err := c.Do(context.Background(), &Request{Method: http.MethodGet, Path: "/"}); err != nil {
		t.Errorf("with the CA: %v", err)
	}
	if log.count() != 1 {
		t.Errorf("server saw %d requests, want 1", log.count())
	}
}
