package transport

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestIsTransient(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		err  error
		want bool
	}{
		{"nil", nil, false},
		{"network", &NetworkError{Platform: "JIM", Err: errors.New("connection reset by peer")}, true},
		{"wrapped network", fmt.Errorf("reading: %w", &NetworkError{Platform: "JIM", Err: errors.New("EOF")}), true},
		{"429", &APIError{Status: 429}, true},
		{"500", &APIError{Status: 500}, true},
		{"503", &APIError{Status: 503}, true},
		{"404", &APIError{Status: 404}, false},
		{"400", &APIError{Status: 400}, false},
		{"decode 502 page", &DecodeError{Status: 502}, true},
		{"decode 200", &DecodeError{Status: 200}, false},
		{"canceled", context.Canceled, false},
		{"deadline", fmt.Errorf("x: %w", context.DeadlineExceeded), false},
		{"plain", errors.New("boom"), false},
	} {
		if got := IsTransient(tc.err); got != tc.want {
			t.Errorf("%s: IsTransient(%v) = %v, want %v", tc.name, tc.err, got, tc.want)
		}
	}
}

// A poll whose every attempt hit the per-attempt timeout (a slow server) got no answer: worth
// polling again, unlike a request stopped because the operation's own context ended.
func TestIsTransientAttemptTimeoutVersusContext(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(2 * time.Second):
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	c := newTestClient(t, srv.URL, func(c *Config) {
		c.AttemptTimeout = 50 * time.Millisecond
		c.MaxRetries = 1
	})
	_, err := c.Do(context.Background(), &Request{Method: http.MethodGet, Path: "/slow"})
	var netErr *NetworkError
	if !errors.As(err, &netErr) || netErr.Attempts != 2 {
		t.Fatalf("err = %v (%T), want *NetworkError after 2 attempts", err, err)
	}
	if !IsTransient(err) {
		t.Errorf("IsTransient(%v) = false for attempt timeouts", err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	c = newTestClient(t, srv.URL, func(c *Config) { c.AttemptTimeout = 5 * time.Second })
	_, err = c.Do(ctx, &Request{Method: http.MethodGet, Path: "/slow"})
	if err == nil || IsTransient(err) {
		t.Errorf("IsTransient(%v) = true after the operation's deadline", err)
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("errors.Is(%v, DeadlineExceeded) = false", err)
	}
}

func TestErrorTexts(t *testing.T) {
	t.Parallel()
	apiErr := &APIError{Platform: "JIM", Method: "DELETE", Path: "/cs/12", Status: 409, Code: "Busy", Message: "a run is in progress", RequestID: "r-1", Details: []string{"run profile 3"}}
	for _, want := range []string{"JIM API: DELETE /cs/12: HTTP 409 Conflict (Busy): a run is in progress", "\n  - run profile 3", "request id: r-1"} {
		if !strings.Contains(apiErr.Error(), want) {
			t.Errorf("APIError text %q lacks %q", apiErr.Error(), want)
		}
	}
	netErr := &NetworkError{Platform: "Haven", Method: "POST", Path: "/keys", Err: errors.New("EOF"), MaybeProcessed: true}
	if got := netErr.Error(); !strings.Contains(got, "Haven API: POST /keys: no answer from the server after 1 attempt(s): EOF") || !strings.Contains(got, "may have been processed") {
		t.Errorf("NetworkError text = %q", got)
	}
	if !errors.Is(netErr, netErr.Err) {
		t.Errorf("NetworkError does not unwrap")
	}
	cert := &tls.CertificateVerificationError{Err: x509.HostnameError{Certificate: &x509.Certificate{DNSNames: []string{"a.example"}}, Host: "b.example"}}
	hostErr := &NetworkError{Platform: "JIM", Method: "GET", Path: "/x", Err: fmt.Errorf("masked: %w", cert), Attempts: 1}
	if got := hostErr.Error(); !strings.Contains(got, "does not match the host name") || !strings.Contains(got, "URL in the provider's JIM block") {
		t.Errorf("NetworkError text for a host name mismatch = %q", got)
	}
	de := &DecodeError{Platform: "Polytomic", Method: "GET", Path: "/c/1", Status: 200, What: "bad", Snippet: "<html>"}
	if got := de.Error(); got != `Polytomic API: GET /c/1: HTTP 200: bad; body starts with: "<html>"` {
		t.Errorf("DecodeError text = %q", got)
	}
}
