package wait

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/syncops/terraform-provider-syncops/internal/transport"
)

// LostCreateWindow is how long the object of a create whose answer was lost is given to show up
// before the create is taken as never processed and sent again: the server may still be working on
// a request its client gave up on, and a second create then would make a duplicate.
const LostCreateWindow = 5 * time.Second

// CreateOptions tune Create.
type CreateOptions struct {
	// What is created, for logs and errors: "JIM connected system \"HR\"".
	What string
	// Window is how long a create whose answer was lost is watched for (default LostCreateWindow).
	// A platform whose creates are queued jobs needs longer: the object appears when the job ends.
	Window time.Duration
	// Attempts bounds how often the create is sent (default 3).
	Attempts int
}

// Created is what Create made.
type Created[T any] struct {
	Value T
	// Adopted is true when an answer was lost and Value is the object found afterwards.
	Adopted bool
	// Attempts is how many times the create was sent: above 1, an earlier create whose answer was
	// lost was seen not to be processed, yet a slow server may still make its object later.
	Attempts int
}

// Create sends a create that must happen once on a platform that has no idempotency keys. When
// send fails in a way that may have been processed (transport.MaybeProcessed: no answer after the
// request was written, or a 5xx), find looks for the object that create would have made, for up
// to the window: found, it is adopted; never found, the create is sent again, up to Attempts. find
// must only report an object this create can have made (one that did not exist before it); its
// errors (a failed look, or an ambiguous answer such as two new objects) end Create with both
// errors wrapped, the create's first: errors.As finds the create's error before the look's. A nil find never
// re-sends: the create's error is returned as it is.
func Create[T any](ctx context.Context, opts CreateOptions, send func(context.Context) (T, error), find func(context.Context) (T, bool, error)) (Created[T], error) {
	if opts.Window <= 0 {
		opts.Window = LostCreateWindow
	}
	if opts.Attempts <= 0 {
		opts.Attempts = 3
	}
	for attempt := 1; ; attempt++ {
		v, err := send(ctx)
		if err == nil {
			return Created[T]{Value: v, Attempts: attempt}, nil
		}
		if !transport.MaybeProcessed(err) || find == nil || attempt >= opts.Attempts {
			return Created[T]{Attempts: attempt}, err
		}
		var got T
		found, ferr := Appear(ctx, opts.Window, opts.What+" after a lost create answer", func(ctx context.Context) (bool, error) {
			v, ok, err := find(ctx)
			if ok {
				got = v
			}
			return ok, err
		})
		switch {
		case found:
			tflog.Info(ctx, "the answer to a create was lost but the object was made; adopting it", map[string]any{"what": opts.What, "attempt": attempt})
			return Created[T]{Value: got, Adopted: true, Attempts: attempt}, nil
		case ctx.Err() != nil:
			return Created[T]{Attempts: attempt}, err
		case ferr != nil:
			return Created[T]{Attempts: attempt}, fmt.Errorf("%w\n\nThe create may have been processed; looking for %s failed: %w", err, opts.What, ferr)
		}
		tflog.Info(ctx, "a create whose answer was lost was not processed; sending it again", map[string]any{"what": opts.What, "attempt": attempt})
	}
}

// Appear polls look until it reports that something showed up, for at most window. It serves the
// creates whose answer was lost: the object may still appear (the server processed the request, or
// is still processing it), and only when the window passes without it may the create be sent
// again. The window's end alone never says "not there": a look it cut short (a slow or retried
// listing) proved nothing, so one more look, bounded by ctx alone, decides. It returns false, and
// no error, when that look finds nothing; an error when look fails for good or ctx ends.
func Appear(ctx context.Context, window time.Duration, what string, look func(context.Context) (bool, error)) (bool, error) {
	wctx, cancel := context.WithTimeout(ctx, window)
	defer cancel()
	_, err := For(wctx, Options{What: what}, func(ctx context.Context) (Status, error) {
		found, err := look(ctx)
		switch {
		case err != nil:
			return Status{}, err
		case found:
			return Status{State: "found", Done: true}, nil
		}
		return Status{State: "not found yet"}, nil
	})
	if err == nil {
		return true, nil
	}
	if wctx.Err() == nil || ctx.Err() != nil {
		return false, err
	}
	found, err := look(ctx)
	if err != nil {
		return false, fmt.Errorf("looking for %s once more after %s: %w", what, window, err)
	}
	return found, nil
}
