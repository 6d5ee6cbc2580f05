package jim

import (
	"net"
	"net/http"
	"sync"
	"time"
)

// rateLimiter mirrors JIM's limiter (issue #500): per authenticated principal a sliding window of
// one minute in six 10-second segments; per IP for unauthenticated callers a fixed one-minute
// window of 30 requests.
type rateLimiter struct {
	limit int

	mu        sync.Mutex
	segments  map[string]map[int64]int // principal → segment index → count
	anonymous map[string]*fixedWindow
}

type fixedWindow struct {
	start time.Time
	count int
}

const (
	segment         = 10 * time.Second
	segmentsPerMin  = 6
	anonymousPerMin = 30
)

func newRateLimiter(limit int) *rateLimiter {
	l := &rateLimiter{limit: limit}
	l.reset()
	return l
}

func (l *rateLimiter) reset() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.segments = map[string]map[int64]int{}
	l.anonymous = map[string]*fixedWindow{}
}

// allow counts one request; limited=true means it is refused, with the time until a permit frees.
func (l *rateLimiter) allow(principal string, now time.Time) (retryAfter time.Duration, limited bool) {
	if l.limit <= 0 {
		return 0, false
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	cur := now.UnixNano() / int64(segment)
	segs := l.segments[principal]
	if segs == nil {
		segs = map[int64]int{}
		l.segments[principal] = segs
	}
	total := 0
	oldest := cur
	for idx, n := range segs {
		if idx <= cur-segmentsPerMin {
			delete(segs, idx)
			continue
		}
		total += n
		if n > 0 && idx < oldest {
			oldest = idx
		}
	}
	if total >= l.limit {
		// The oldest segment's permits come back when it slides out of the window.
		freeAt := time.Unix(0, (oldest+segmentsPerMin)*int64(segment))
		return freeAt.Sub(now), true
	}
	segs[cur]++
	return 0, false
}

func (l *rateLimiter) allowAnonymous(ip string, now time.Time) (time.Duration, bool) {
	if l.limit <= 0 {
		return 0, false
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	w := l.anonymous[ip]
	if w == nil || now.Sub(w.start) >= time.Minute {
		w = &fixedWindow{start: now}
		l.anonymous[ip] = w
	}
	if w.count >= anonymousPerMin {
		return w.start.Add(time.Minute).Sub(now), true
	}
	w.count++
	return 0, false
}

func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
