package haven

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/syncops/terraform-provider-syncops/internal/transport"
	"github.com/syncops/terraform-provider-syncops/internal/wait"
)

const testKey = "0b7c2f4e-1d3a-4e5b-8c6d-7f8091a2b3c4"

func testClient(t *testing.T, h http.HandlerFunc) *Client {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	c, err := NewClient(ClientConfig{URL: srv.URL, APIKey: testKey, AttemptTimeout: 2 * time.Second, RetryWaitMin: 10 * time.Millisecond, RetryWaitMax: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestErrorsAreDecodedAndMasked(t *testing.T) {
	c := testClient(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("apikey") != testKey {
			t.Errorf("apikey not sent in the query: %s", r.URL.RawQuery)
		}
		w.WriteHeader(http.StatusBadRequest)
		_, _ = w.Write([]byte(`{"error": 4015, "reason": "Missing required parameter(s)", "detail": {"message": "bad key ` + testKey + `", "params": ["connector"]}}`))
	})
	_, err := c.RetrieveConfig(context.Background(), "site")
	var apiErr *transport.APIError
	if !errors.As(err, &apiErr) || apiErr.Code != "4015" || apiErr.Status != 400 {
		t.Fatalf("want APIError 4015, got %#v", err)
	}
	msg := err.Error()
	for _, want := range []string{"Missing required parameter(s)", "parameters: connector", "HTTP 400"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q should contain %q", msg, want)
		}
	}
	if strings.Contains(msg, testKey) {
		t.Fatalf("the key leaked into the error: %s", msg)
	}
	if IsNotFound(err) {
		t.Fatal("4015 is not 'not found'")
	}
}

func TestNotFoundIsRecognised(t *testing.T) {
	c := testClient(t, func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusBadRequest)
		_, _ = w.Write([]byte(`{"error": 4005, "reason": "Invalid job action parameters", "detail": {"message": "connector site does not exist"}}`))
	})
	_, err := c.ConnectorStatus(context.Background(), "site")
	if !IsNotFound(err) {
		t.Fatalf("want not found, got %v", err)
	}
	busy := &JobFailedError{Errors: []Error{{Code: 4005, Detail: "connector site is PROCESSING"}}}
	if IsNotFound(busy) {
		t.Fatal("a busy connector is not 'not found'")
	}
	gone := &JobFailedError{Errors: []Error{{Code: 4008, Detail: "Connector not found"}}}
	if !IsNotFound(gone) {
		t.Fatal("4008 with 'not found' should be recognised")
	}
	// A connector whose name holds "token" is not found, not asking for its decryption token:
	// a create of that free name must not be refused as "already exists".
	named := &JobFailedError{Errors: []Error{{Code: 4008, Detail: "connector token-sync does not exist"}}}
	if !IsNotFound(named) || NeedsDecryptionToken(named) {
		t.Fatalf("not found=%v needs token=%v, want not found only", IsNotFound(named), NeedsDecryptionToken(named))
	}
}

func TestThrottlingIsRetriedWithoutRetryAfter(t *testing.T) {
	var calls atomic.Int32
	c := testClient(t, func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) <= 2 {
			w.WriteHeader(http.StatusTooManyRequests)
			_, _ = w.Write([]byte(`{"error": 4030, "reason": "Too many requests for this project"}`))
			return
		}
		_, _ = w.Write([]byte(`{"jobID": "usw3p_1"}`))
	})
	id, err := c.SubmitJob(context.Background(), "deleteconnector", nil)
	if err != nil || id != "usw3p_1" || calls.Load() != 3 {
		t.Fatalf("id %q, err %v, calls %d", id, err, calls.Load())
	}
}

func TestBadBodies(t *testing.T) {
	for name, body := range map[string]string{
		"html":      "<html><body>Maintenance</body></html>",
		"truncated": `{"name": "site", "flavor"`,
		"empty":     "",
		"no name":   `{"flavor": "web_cloud"}`,
		"wrong":     `{"name": 12}`,
	} {
		t.Run(name, func(t *testing.T) {
			c := testClient(t, func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte(body)) })
			cfg, err := c.RetrieveConfig(context.Background(), "site")
			if err == nil || cfg != nil {
				t.Fatalf("want an error, got %v", cfg)
			}
			if !strings.Contains(err.Error(), PlatformName) {
				t.Fatalf("error should name the platform: %v", err)
			}
		})
	}
}

func TestWaitJob(t *testing.T) {
	var polls atomic.Int32
	c := testClient(t, func(w http.ResponseWriter, r *http.Request) {
		switch {
		case strings.HasSuffix(r.URL.Path, "/ok"):
			if polls.Add(1) < 2 {
				_, _ = w.Write([]byte(`{"jobID": "ok", "status": "in progress", "actions": [{"action": "createconnector", "status": "in progress"}]}`))
				return
			}
			_, _ = w.Write([]byte(`{"jobID": "ok", "status": "finished", "actions": [{"action": "createconnector", "status": "finished", "result": {"connector": "site", "message": "connector created", "download_link": {"linux_x86": "https://x"}}}]}`))
		case strings.HasSuffix(r.URL.Path, "/failed"):
			_, _ = w.Write([]byte(`{"jobID": "failed", "status": "failed", "actions": [{"action": "createconnector", "status": "failed", "errors": [{"error": 9003, "reason": "Reached connector count quota", "detail": "at most 5"}]}]}`))
		case strings.HasSuffix(r.URL.Path, "/odd"):
			_, _ = w.Write([]byte(`{"jobID": "odd", "status": "exploded"}`))
		default:
			_, _ = w.Write([]byte(`{"jobID": "slow", "status": "queued", "actions": [{"action": "deleteconnector", "status": "queued"}]}`))
		}
	})
	ctx := context.Background()
	var res CreateResult
	if err := c.WaitJob(ctx, "ok", "creation", "", &res); err != nil || res.Connector != "site" || res.DownloadLink["linux_x86"] != "https://x" {
		t.Fatalf("finished job: %v %+v", err, res)
	}
	err := c.WaitJob(ctx, "failed", "creation of site", "", nil)
	var jf *JobFailedError
	if !errors.As(err, &jf) || len(jf.Errors) != 1 || jf.Errors[0].Code != 9003 || !strings.Contains(err.Error(), "connector count quota reached") {
		t.Fatalf("failed job: %v", err)
	}
	if err := c.WaitJob(ctx, "odd", "x", "", nil); err == nil || !strings.Contains(err.Error(), `"exploded"`) {
		t.Fatalf("unexpected status: %v", err)
	}
	// The job never ends: the deadline is reached whatever the speed; it only has to leave room
	// for a first poll (about 250 ms in), so that a state was seen.
	tctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	err = c.WaitJob(tctx, "slow", "deletion of site", "Run `terraform destroy` again.", nil)
	var te *wait.TimeoutError
	if !errors.As(err, &te) || !strings.Contains(err.Error(), "last state seen: queued") || !strings.Contains(err.Error(), "terraform destroy") {
		t.Fatalf("timeout: %v", err)
	}
}
