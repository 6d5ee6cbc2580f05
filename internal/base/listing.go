package base

import (
	"context"
	"sync"
	"time"
)

// Listing answers the reads of many objects of one platform in one run from one listing of
// everything (a paged list API), instead of one request per object.
//
// The first read of a process goes alone (a plan of one resource costs one request); the second
// starts the listing, and every read from then on is answered from it, reads that arrive while it
// loads waiting for it. A listing answers only what it holds: an object it lacks may have been
// made after it was taken, or be missed by an eventually consistent list, so the caller reads it
// by itself (and only that read may say "gone"). An object this process wrote (created, updated,
// deleted) is read by itself too: a listing never answers with a value older than the process's
// own write. A listing is used for MaxAge, then taken again on demand.
type Listing[K comparable, V any] struct {
	// List returns every object, paging through the platform's list API.
	List func(ctx context.Context) (map[K]V, error)
	// MaxAge is how long a listing answers (default 2 minutes).
	MaxAge time.Duration

	mu      sync.Mutex
	reads   int
	snap    map[K]V
	started time.Time // when the current listing began
	loading chan struct{}
	failed  bool
	written map[K]bool
	now     func() time.Time
}

// Get answers a read of key from the listing. ok is false when the caller must read the object
// itself: the first read of the process, an object the listing lacks or that this process wrote
// since, or a listing that failed (its error is the caller's read to find again).
func (l *Listing[K, V]) Get(ctx context.Context, key K) (v V, ok bool) {
	l.mu.Lock()
	if l.now == nil {
		l.now = time.Now
	}
	l.reads++
	for {
		switch {
		case l.loading != nil:
			ch := l.loading
			l.mu.Unlock()
			select {
			case <-ch:
			case <-ctx.Done():
				return v, false
			}
			l.mu.Lock()
			continue
		case l.snap != nil && l.now().Sub(l.started) < l.maxAge():
			defer l.mu.Unlock()
			if l.written[key] {
				return v, false
			}
			v, ok = l.snap[key]
			return v, ok
		case l.failed || l.reads < 2:
			l.mu.Unlock()
			return v, false
		}
		l.load(ctx)
	}
}

// load takes a listing; l.mu is held on entry and on return.
func (l *Listing[K, V]) load(ctx context.Context) {
	ch := make(chan struct{})
	l.loading = ch
	started := l.now()
	l.mu.Unlock()
	snap, err := l.List(ctx)
	l.mu.Lock()
	l.loading = nil
	close(ch)
	if err != nil {
		// Reads fall back to one request each; their errors are the ones the user sees.
		l.failed = true
		return
	}
	l.snap, l.started = snap, started
}

// Wrote records that this process changed key (create, update, delete): from then on its reads
// are never answered from a listing, which may be older than the write or, on an eventually
// consistent list, not show it yet.
func (l *Listing[K, V]) Wrote(key K) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.written == nil {
		l.written = map[K]bool{}
	}
	l.written[key] = true
}

func (l *Listing[K, V]) maxAge() time.Duration {
	if l.MaxAge > 0 {
		return l.MaxAge
	}
	return 2 * time.Minute
}
