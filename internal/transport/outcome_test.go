package transport

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// An error body of any size is quoted in the error by its first 200 characters at most, masked
// before it is cut: a cut through a secret must not leave the secret's start showing.
func TestAPIErrorQuotesAtMost200CharactersOfTheBody(t *testing.T) {
	t.Parallel()
	const secret = "zz-secret-0123456789"
	body := strings.Repeat("a", 190) + secret + strings.Repeat("b", 1000-190-len(secret))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		w.WriteHeader(http.StatusBadRequest)
		_, _ = w.Write([]byte(body))
	}))
	defer srv.Close()
	c := newTestClient(t, srv.URL, func(c *Config) { c.Masker = NewMasker(secret) })
	_, err := c.Do(context.Background(), &Request{Method: http.MethodGet, Path: "/x"})
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.Status != http.StatusBadRequest {
		t.Fatalf("err = %v (%T), want *APIError 400", err, err)
	}
	want := strings.Repeat("a", 190) + Redacted + strings.Repeat("b", 200-190-len(Redacted)) + "..."
	if apiErr.Message != want {
		t.Errorf("Message = %q (%d characters)\nwant      %q", apiErr.Message, len(apiErr.Message), want)
	}
	if strings.Contains(err.Error(), secret[:6]) {
		t.Errorf("the error shows the start of the secret: %v", err)
	}
}

// A failure with no HTTP answer has no response for the backoff to read the deadline from: the
// retry loop's wait still ends when the operation's context does, with the last failure named.
func TestDeadlineEndsBackoffAfterConnectionFailure(t *testing.T) {
	t.Parallel()
	c := newTestClient(t, "http://"+closedAddress(t), func(c *Config) {
		c.MaxRetries = 5
		c.RetryWaitMin = time.Minute
		c.RetryWaitMax = time.Minute
	})
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := c.Do(ctx, &Request{Method: http.MethodGet, Path: "/x"})
	// The backoff is a minute: anything well under it means the deadline ended the wait.
	if el := time.Since(start); el > 30*time.Second {
		t.Errorf("Do took %s: the backoff outlived the 200ms deadline", el)
	}
	var netErr *NetworkError
	if !errors.As(err, &netErr) {
		t.Fatalf("err = %v (%T), want *NetworkError", err, err)
	}
	if !errors.Is(err, context.DeadlineExceeded) || IsTransient(err) {
		t.Errorf("err = %v: want the deadline named, and not transient", err)
	}
	if !strings.Contains(err.Error(), "refused") {
		t.Errorf("err = %v: the last failure is lost", err)
	}
	if netErr.MaybeProcessed {
		t.Errorf("MaybeProcessed = true for a request that never reached the server")
	}
}
