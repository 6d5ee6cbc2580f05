// Package wait is the one waiter for queued work on every platform: it polls with backoff and
// jitter until the work is done, has failed, or the operation's deadline passes.
package wait

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/syncops/terraform-provider-syncops/internal/transport"
)

// Status is what one poll saw.
type Status struct {
	// State is the platform's own word for the state ("InProgress", "Deleting", "in progress").
	State string
	// Done means the work finished successfully; Failed means it finished unsuccessfully.
	Done   bool
	Failed bool
	// Message is the platform's progress or failure message.
	Message string
	// Percent is the progress in percent, when HasPercent.
	Percent    float64
	HasPercent bool
	// RetryAfter is the server's suggested delay before the next poll.
	RetryAfter time.Duration
}

// Options tune a wait.
type Options struct {
	// What is waited for, e.g. "deletion of JIM connected system 12".
	What string
	// NextStep tells the user what to do after a deadline, e.g.
	// "Run `terraform destroy` again: it resumes waiting for the same deletion."
	NextStep string
	// FirstDelay is the delay before the first poll (default 250ms); delays then grow to MaxDelay
	// (default 5s).
	FirstDelay time.Duration
	MaxDelay   time.Duration
	// MaxTransientErrors is how many consecutive transient poll errors are tolerated (default 3).
	MaxTransientErrors int
	// IsTransient classifies poll errors (default transport.IsTransient).
	IsTransient func(error) bool
}

// FailedError is work that finished unsuccessfully.
type FailedError struct {
	What   string
	Status Status
}

func (e *FailedError) Error() string {
	msg := fmt.Sprintf("%s failed (state %s)", e.What, e.Status.State)
	if e.Status.Message != "" {
		msg += ": " + e.Status.Message
	}
	return msg
}

// TimeoutError is work still unfinished at the deadline.
type TimeoutError struct {
	What     string
	Last     Status
	Seen     bool
	Waited   time.Duration
	NextStep string
	Cause    error
}

func (e *TimeoutError) Error() string {
	msg := fmt.Sprintf("timed out after %s waiting for %s", e.Waited.Round(time.Second), e.What)
	if e.Seen {
		msg += fmt.Sprintf("; last state seen: %s", e.Last.State)
		if e.Last.Message != "" {
			msg += fmt.Sprintf(" (%s)", e.Last.Message)
		}
		if e.Last.HasPercent {
			msg += fmt.Sprintf(", %.0f%% complete", e.Last.Percent)
		}
	} else {
		msg += "; no state was seen yet"
	}
	if e.Cause != nil {
		msg += fmt.Sprintf("; last error: %v", e.Cause)
	}
	msg += ". The work may still be running on the server."
	if e.NextStep != "" {
		msg += " " + e.NextStep
	}
	return msg
}

func (e *TimeoutError) Unwrap() error { return context.DeadlineExceeded }

// For polls until the status is Done (returned with a nil error), Failed (*FailedError), the
// context ends (*TimeoutError on a deadline), or a poll fails with a non-transient error or with
// more consecutive transient errors than tolerated.
func For(ctx context.Context, opts Options, poll func(context.Context) (Status, error)) (Status, error) {
	if opts.FirstDelay <= 0 {
		opts.FirstDelay = 250 * time.Millisecond
	}
	if opts.MaxDelay <= 0 {
		opts.MaxDelay = 5 * time.Second
	}
	if opts.MaxTransientErrors <= 0 {
		opts.MaxTransientErrors = 3
	}
	if opts.IsTransient == nil {
		opts.IsTransient = transport.IsTransient
	}
	start := time.Now()
	delay := opts.FirstDelay
	var last Status
	seen := false
	transient := 0
	var lastErr error
	next := jitter(delay)
	for {
		timer := time.NewTimer(next)
		select {
		case <-ctx.Done():
			timer.Stop()
			return last, timeoutOrCancel(ctx, opts, last, seen, start, lastErr)
		case <-timer.C:
		}
		st, err := poll(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return last, timeoutOrCancel(ctx, opts, last, seen, start, err)
			}
			if !opts.IsTransient(err) {
				return last, err
			}
			transient++
			lastErr = err
			if transient > opts.MaxTransientErrors {
				return last, fmt.Errorf("waiting for %s: %d consecutive errors while polling, the last: %w", opts.What, transient, err)
			}
			tflog.Warn(ctx, fmt.Sprintf("waiting for %s: transient error while polling (%d of %d tolerated): %v", opts.What, transient, opts.MaxTransientErrors, err))
			var apiErr *transport.APIError
			next = jitter(delay)
			if errors.As(err, &apiErr) && apiErr.RetryAfter > next {
				next = apiErr.RetryAfter
			}
			continue
		}
		transient, lastErr = 0, nil
		last, seen = st, true
		fields := map[string]any{"state": st.State, "elapsed": time.Since(start).Round(time.Millisecond).String()}
		if st.HasPercent {
			fields["percent"] = st.Percent
		}
		if st.Message != "" {
			fields["message"] = st.Message
		}
		tflog.Info(ctx, "waiting for "+opts.What, fields)
		if st.Failed {
			return st, &FailedError{What: opts.What, Status: st}
		}
		if st.Done {
			return st, nil
		}
		delay = min(delay*2, opts.MaxDelay)
		next = jitter(delay)
		if st.RetryAfter > next {
			next = st.RetryAfter
		}
	}
}

func timeoutOrCancel(ctx context.Context, opts Options, last Status, seen bool, start time.Time, lastErr error) error {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return &TimeoutError{What: opts.What, Last: last, Seen: seen, Waited: time.Since(start), NextStep: opts.NextStep, Cause: lastErr}
	}
	msg := fmt.Sprintf("stopped waiting for %s: %v", opts.What, ctx.Err())
	if opts.NextStep != "" {
		msg += ". " + opts.NextStep
	}
	return errors.New(msg)
}

// jitter spreads a delay over [d/2, d] so that parallel waits do not poll in step.
func jitter(d time.Duration) time.Duration {
	return d/2 + time.Duration(rand.Int64N(int64(d/2)+1)) //nolint:gosec // G404: poll jitter, not a secret; predictability is harmless
}
