package wait

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"

	"github.com/syncops/terraform-provider-syncops/internal/transport"
)

// fast options keep the loop quick; tests that measure the default first delay do not use them.
func fast(what string) Options {
	return Options{What: what, FirstDelay: 10 * time.Millisecond, MaxDelay: 20 * time.Millisecond}
}

// script answers polls from a list of results, repeating the last one.
type script struct {
	mu    sync.Mutex
	steps []result
	times []time.Time
}

type result struct {
	st  Status
	err error
}

func (s *script) poll(context.Context) (Status, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	i := min(len(s.times), len(s.steps)-1)
	s.times = append(s.times, time.Now())
	return s.steps[i].st, s.steps[i].err
}

func (s *script) polls() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.times)
}

var (
	running        = result{st: Status{State: "InProgress"}}
	done           = result{st: Status{State: "Complete", Done: true}}
	transient      = result{err: &transport.NetworkError{Platform: "JIM", Method: "GET", Path: "/activities/1", Err: errors.New("connection reset by peer")}}
	status502      = result{err: &transport.APIError{Platform: "JIM", Status: http.StatusBadGateway}}
	attemptTimeout = result{err: &transport.NetworkError{Platform: "JIM", Method: "GET", Path: "/activities/1", Err: fmt.Errorf("Get: %w (Client.Timeout exceeded while awaiting headers)", context.DeadlineExceeded), Attempts: 7}} //nolint:staticcheck // ST1005: mimics net/http's own "Get ..." error text
	permanent      = result{err: &transport.APIError{Platform: "JIM", Status: http.StatusForbidden, Message: "not allowed"}}
)

func TestFirstPollIsQuick(t *testing.T) {
	t.Parallel()
	s := &script{steps: []result{done}}
	start := time.Now()
	st, err := For(context.Background(), Options{What: "deletion of JIM connected system 12"}, s.poll)
	if err != nil {
		t.Fatalf("For: %v", err)
	}
	if !st.Done || st.State != "Complete" {
		t.Errorf("status = %+v", st)
	}
	if d := s.times[0].Sub(start); d >= 400*time.Millisecond {
		t.Errorf("first poll after %s, want < 400ms", d)
	}
}

func TestFailed(t *testing.T) {
	t.Parallel()
	s := &script{steps: []result{running, {st: Status{State: "CompleteWithError", Failed: true, Message: "3 objects could not be deleted"}}}}
	st, err := For(context.Background(), fast("deletion of JIM connected system 12"), s.poll)
	var fe *FailedError
	if !errors.As(err, &fe) {
		t.Fatalf("err = %v (%T), want *FailedError", err, err)
	}
	if st.State != "CompleteWithError" || fe.Status.State != "CompleteWithError" {
		t.Errorf("status = %+v, FailedError.Status = %+v", st, fe.Status)
	}
	for _, want := range []string{"deletion of JIM connected system 12", "CompleteWithError", "3 objects could not be deleted"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
}

func TestDeadline(t *testing.T) {
	t.Parallel()
	opts := fast("deletion of JIM connected system 12")
	opts.NextStep = "Run `terraform destroy` again: it resumes waiting for the same deletion."

	t.Run("last state seen", func(t *testing.T) {
		t.Parallel()
		s := &script{steps: []result{{st: Status{State: "Deleting", Message: "42 objects left", Percent: 58, HasPercent: true}}}}
		ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
		defer cancel()
		start := time.Now()
		st, err := For(ctx, opts, s.poll)
		if el := time.Since(start); el > time.Second {
			t.Errorf("For returned %s after a 300ms deadline", el)
		}
		var te *TimeoutError
		if !errors.As(err, &te) {
			t.Fatalf("err = %v (%T), want *TimeoutError", err, err)
		}
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("errors.Is(err, context.DeadlineExceeded) = false")
		}
		if !te.Seen || te.Last.State != "Deleting" || st.State != "Deleting" {
			t.Errorf("TimeoutError.Last = %+v (seen %v), returned %+v", te.Last, te.Seen, st)
		}
		for _, want := range []string{"deletion of JIM connected system 12", "Deleting", "42 objects left", "58%", "terraform destroy` again"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("error %q lacks %q", err, want)
			}
		}
	})

	t.Run("nothing seen, last error kept", func(t *testing.T) {
		t.Parallel()
		s := &script{steps: []result{transient, transient}}
		o := opts
		o.MaxTransientErrors = 100
		ctx, cancel := context.WithTimeout(context.Background(), 150*time.Millisecond)
		defer cancel()
		_, err := For(ctx, o, s.poll)
		var te *TimeoutError
		if !errors.As(err, &te) {
			t.Fatalf("err = %v (%T), want *TimeoutError", err, err)
		}
		if te.Seen || !strings.Contains(err.Error(), "no state was seen") || !strings.Contains(err.Error(), "connection reset by peer") {
			t.Errorf("error = %v", err)
		}
	})

	t.Run("cancelled is not a timeout", func(t *testing.T) {
		t.Parallel()
		s := &script{steps: []result{running}}
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(100*time.Millisecond, cancel)
		_, err := For(ctx, opts, s.poll)
		var te *TimeoutError
		if err == nil || errors.As(err, &te) {
			t.Fatalf("err = %v (%T), want a plain cancellation error", err, err)
		}
		if !strings.Contains(err.Error(), "canceled") || !strings.Contains(err.Error(), "terraform destroy") {
			t.Errorf("error = %v", err)
		}
	})
}

func TestTransientErrors(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		steps   []result
		wantErr bool
		polls   int
	}{
		{"3 transient then done", []result{transient, status502, transient, done}, false, 4},
		{"4 transient fail", []result{transient, transient, status502, transient, done}, true, 4},
		{"non-transient fails at once", []result{permanent, done}, true, 1},
		{"counter resets on success", []result{transient, transient, transient, running, transient, transient, transient, done}, false, 8},
		{"plain error is not transient", []result{{err: errors.New("decoding activity: bad")}, done}, true, 1},
		// net/http's per-attempt timeout matches context.DeadlineExceeded; the wait's own
		// context is fine, so a slow server is polled again.
		{"attempt timeout is transient", []result{attemptTimeout, attemptTimeout, done}, false, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := &script{steps: tc.steps}
			_, err := For(context.Background(), fast("run profile 3"), s.poll)
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tc.wantErr)
			}
			if got := s.polls(); got != tc.polls {
				t.Errorf("polled %d times, want %d", got, tc.polls)
			}
			if err != nil {
				// The poll's own error stays reachable.
				last := tc.steps[tc.polls-1].err
				var apiErr *transport.APIError
				var netErr *transport.NetworkError
				if !errors.Is(err, last) && !errors.As(err, &apiErr) && !errors.As(err, &netErr) {
					t.Errorf("err %v does not wrap the poll error %v", err, last)
				}
			}
		})
	}
}

func TestRetryAfterLengthensNextPoll(t *testing.T) {
	t.Parallel()
	t.Run("Status.RetryAfter", func(t *testing.T) {
		t.Parallel()
		s := &script{steps: []result{{st: Status{State: "Queued", RetryAfter: 500 * time.Millisecond}}, running, done}}
		if _, err := For(context.Background(), fast("x"), s.poll); err != nil {
			t.Fatal(err)
		}
		if gap := s.times[1].Sub(s.times[0]); gap < 450*time.Millisecond {
			t.Errorf("second poll %s after the first, want >= Retry-After 500ms", gap)
		}
		if gap := s.times[2].Sub(s.times[1]); gap > 300*time.Millisecond {
			t.Errorf("third poll %s after the second; Retry-After should not stick", gap)
		}
	})
	t.Run("APIError.RetryAfter", func(t *testing.T) {
		t.Parallel()
		busy := result{err: &transport.APIError{Platform: "JIM", Status: http.StatusTooManyRequests, RetryAfter: 500 * time.Millisecond}}
		s := &script{steps: []result{busy, done}}
		if _, err := For(context.Background(), fast("x"), s.poll); err != nil {
			t.Fatal(err)
		}
		if gap := s.times[1].Sub(s.times[0]); gap < 450*time.Millisecond {
			t.Errorf("poll after a 429 came %s later, want >= 500ms", gap)
		}
	})
}

func TestDelaysGrowToMax(t *testing.T) {
	t.Parallel()
	s := &script{steps: []result{running, running, running, running, running, running, done}}
	opts := Options{What: "x", FirstDelay: 20 * time.Millisecond, MaxDelay: 80 * time.Millisecond}
	if _, err := For(context.Background(), opts, s.poll); err != nil {
		t.Fatal(err)
	}
	for i := 1; i < len(s.times); i++ {
		if gap := s.times[i].Sub(s.times[i-1]); gap > 200*time.Millisecond {
			t.Errorf("gap %d = %s, above MaxDelay 80ms", i, gap)
		}
	}
	// Later gaps are at least half of MaxDelay (jitter spreads over [d/2, d]).
	if gap := s.times[6].Sub(s.times[5]); gap < 40*time.Millisecond {
		t.Errorf("last gap = %s; delays did not grow", gap)
	}
}

func TestProgressLoggedAtInfo(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &buf)
	s := &script{steps: []result{{st: Status{State: "InProgress", Percent: 40, HasPercent: true, Message: "syncing"}}, done}}
	if _, err := For(ctx, fast("run profile 3"), s.poll); err != nil {
		t.Fatal(err)
	}
	entries, err := tflogtest.MultilineJSONDecode(&buf)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, e := range entries {
		if e["@level"] == "info" && e["@message"] == "waiting for run profile 3" && e["state"] == "InProgress" && e["percent"] == 40.0 {
			found = true
		}
	}
	if !found {
		t.Errorf("no INFO progress entry with state and percent in %v", entries)
	}
}

func TestAppear(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	t.Run("shows up within the window", func(t *testing.T) {
		t.Parallel()
		looks := 0
		found, err := Appear(ctx, 5*time.Second, "thing", func(context.Context) (bool, error) {
			looks++
			return looks == 3, nil
		})
		if !found || err != nil || looks != 3 {
			t.Fatalf("found=%v err=%v looks=%d, want found after 3 looks", found, err, looks)
		}
	})
	t.Run("window passes", func(t *testing.T) {
		t.Parallel()
		start := time.Now()
		found, err := Appear(ctx, 700*time.Millisecond, "thing", func(context.Context) (bool, error) { return false, nil })
		if found || err != nil {
			t.Fatalf("found=%v err=%v, want false and no error", found, err)
		}
		if d := time.Since(start); d < 700*time.Millisecond || d > 3*time.Second {
			t.Errorf("returned after %v, want about the window", d)
		}
	})
	t.Run("a look the window cuts short is not a miss", func(t *testing.T) {
		t.Parallel()
		// The object is there from the start, but the looks the window allows never finish (a
		// slow listing retried past the window): only a finished look may say it is not there.
		var looks atomic.Int32
		found, err := Appear(ctx, 300*time.Millisecond, "thing", func(lctx context.Context) (bool, error) {
			if looks.Add(1) == 1 {
				<-lctx.Done()
				return false, lctx.Err()
			}
			return true, nil
		})
		if !found || err != nil || looks.Load() != 2 {
			t.Fatalf("found=%v err=%v looks=%d, want found by a second look after the window", found, err, looks.Load())
		}
	})
	t.Run("look fails for good", func(t *testing.T) {
		t.Parallel()
		boom := errors.New("forbidden")
		found, err := Appear(ctx, 5*time.Second, "thing", func(context.Context) (bool, error) { return false, boom })
		if found || !errors.Is(err, boom) {
			t.Fatalf("found=%v err=%v, want the look's error", found, err)
		}
	})
	t.Run("operation deadline is an error, not a miss", func(t *testing.T) {
		t.Parallel()
		octx, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
		defer cancel()
		found, err := Appear(octx, 5*time.Second, "thing", func(context.Context) (bool, error) { return false, nil })
		if found || err == nil {
			t.Fatalf("found=%v err=%v, want an error when the operation itself runs out of time", found, err)
		}
	})
}
