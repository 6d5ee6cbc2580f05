package transport

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// Parallel calls share the client's one retry loop, yet each is decided by its own policy and
// reported with its own path, masker and attempt count. Every first attempt is held until all
// are in flight, so that their states coexist; run under -race.
func TestParallelCallsKeepTheirOwnRetryPolicy(t *testing.T) {
	t.Parallel()
	const n = 50
	var (
		mu       sync.Mutex
		attempts = map[string]int{}
		arrived  int
		allIn    = make(chan struct{})
	)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		attempts[r.URL.Path]++
		first := attempts[r.URL.Path] == 1
		if first {
			if arrived++; arrived == n {
				close(allIn)
			}
		}
		mu.Unlock()
		if first {
			select {
			case <-allIn:
			case <-time.After(20 * time.Second): // safety net only
			}
			// 502: the server may have processed it; only what is replayable goes again.
			http.Error(w, "gateway lost "+r.URL.Path+" with "+r.Header.Get("X-Secret"), http.StatusBadGateway)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"path":"`+r.URL.Path+`"}`)
	}))
	defer srv.Close()
	c := newTestClient(t, srv.URL, nil)
	retry := c.retry

	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = parallelCall(c, i)
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("call %d: %v", i, err)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	for i := range n {
		want := 2 // GET: retried after the 502
		if i%2 == 1 {
			want = 1 // POST: may have been processed, never re-sent
		}
		if got := attempts[fmt.Sprintf("/c/%d", i)]; got != want {
			t.Errorf("call %d (%s): server saw %d attempts, want %d", i, parallelMethod(i), got, want)
		}
	}
	if c.retry != retry {
		t.Errorf("Do replaced the client's retry loop")
	}
}

func parallelMethod(i int) string {
	if i%2 == 1 {
		return http.MethodPost
	}
	return http.MethodGet
}

// parallelCall sends call i and checks that its outcome is its own.
func parallelCall(c *Client, i int) error {
	path, secret := fmt.Sprintf("/c/%d", i), fmt.Sprintf("per-call-secret-%d", i)
	req := &Request{Method: parallelMethod(i), Path: path, Header: http.Header{"X-Secret": {secret}}, Secrets: []string{secret}}
	var out struct{ Path string }
	resp, err := c.DoJSON(context.Background(), req, &out)
	if req.Method == http.MethodGet {
		if err != nil {
			return err
		}
		if resp.Attempts != 2 || out.Path != path {
			return fmt.Errorf("GET: %d attempts, answer for %q; want 2 and %q", resp.Attempts, out.Path, path)
		}
		return nil
	}
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.Status != http.StatusBadGateway || apiErr.Path != path {
		return fmt.Errorf("POST: err = %w, want *APIError 502 for %s", err, path)
	}
	if !strings.Contains(apiErr.Message, "gateway lost "+path+" with "+Redacted) || strings.Contains(err.Error(), secret) {
		return fmt.Errorf("POST: the error is not this call's, masked with its secret: %w", err)
	}
	if resp == nil || resp.Attempts != 1 {
		return fmt.Errorf("POST: response %+v, want 1 attempt", resp)
	}
	return nil
}
