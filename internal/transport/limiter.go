package transport

import (
	"context"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Limiter paces requests to one endpoint.
type Limiter interface {
	Wait(ctx context.Context) error
}

// pauser is a Limiter that can hold every request after a 429 (EndpointLimiter).
type pauser interface {
	PauseFor(d time.Duration)
}

// EndpointLimiter paces every request to one platform endpoint made by this provider process,
// whatever Terraform's -parallelism: a token bucket at the platform's documented rate, and a
// shared pause when the server answers 429 with Retry-After (so that parallel resources do not
// all hit the limit again).
type EndpointLimiter struct {
	bucket *rate.Limiter
	mu     sync.Mutex
	until  time.Time
}

// Wait blocks until a request may be sent.
func (l *EndpointLimiter) Wait(ctx context.Context) error {
	l.mu.Lock()
	until := l.until
	l.mu.Unlock()
	if d := time.Until(until); d > 0 {
		t := time.NewTimer(d)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
	}
	if l.bucket == nil {
		return nil
	}
	return l.bucket.Wait(ctx)
}

// PauseFor holds every request to the endpoint for d (a server's Retry-After).
func (l *EndpointLimiter) PauseFor(d time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if t := time.Now().Add(d); t.After(l.until) {
		l.until = t
	}
}

var (
	limitersMu sync.Mutex
	limiters   = map[string]*EndpointLimiter{}
)

// SharedLimiter returns the process-wide limiter of an endpoint (platform + base URL + identity),
// created at perMinute requests a minute with the given burst; perMinute <= 0 means no pacing,
// only the shared Retry-After pause.
func SharedLimiter(key string, perMinute, burst int) *EndpointLimiter {
	limitersMu.Lock()
	defer limitersMu.Unlock()
	if l, ok := limiters[key]; ok {
		return l
	}
	l := &EndpointLimiter{}
	if perMinute > 0 {
		l.bucket = rate.NewLimiter(rate.Limit(float64(perMinute)/60), max(burst, 1))
	}
	limiters[key] = l
	return l
}
