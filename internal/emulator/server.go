// Package emulator is the local stand-in for the four vendor APIs. The core here owns one mux
// for every platform, the loopback-only /_emulator/ control endpoints, request statistics and
// fault injection; each platform lives in its own sub-package and plugs in through Platform.
package emulator

import (
	"encoding/json"
	"net"
	"net/http"
	"sort"
	"strings"
	"sync"
)

// Platform is one vendor API served by the emulator.
type Platform interface {
	// Name is the key used in /_emulator/state and in creation statistics ("jim", "polytomic", ...).
	Name() string
	// Register adds the platform's API and control routes. The Router may be kept for later use
	// (RecordCreation).
	Register(r *Router)
	// State returns object counts, e.g. {"connectedSystems": 2, "runProfiles": 0}.
	State() map[string]int
	// Reset empties every object of the platform.
	Reset()
}

// Server is one HTTP handler serving every registered platform.
type Server struct {
	mux       *http.ServeMux
	platforms []Platform
	stats     *Stats
	faults    *Faults
}

// New builds a server for the given platforms.
func New(platforms ...Platform) *Server {
	s := &Server{mux: http.NewServeMux(), platforms: platforms, stats: newStats(), faults: newFaults()}
	s.mux.HandleFunc("GET /_emulator/state", loopbackOnly(s.handleState))
	s.mux.HandleFunc("GET /_emulator/stats", loopbackOnly(s.handleStats))
	s.mux.HandleFunc("POST /_emulator/reset", loopbackOnly(s.handleReset))
	s.mux.HandleFunc("POST /_emulator/stats/reset", loopbackOnly(func(w http.ResponseWriter, _ *http.Request) {
		s.stats.reset()
		w.WriteHeader(http.StatusNoContent)
	}))
	s.mux.HandleFunc("POST /_emulator/faults", loopbackOnly(s.faults.handleSet))
	s.mux.HandleFunc("DELETE /_emulator/faults", loopbackOnly(s.faults.handleClear))
	for _, p := range platforms {
		p.Register(&Router{server: s, platform: p.Name()})
	}
	return s
}

// Faults gives direct access to fault injection (tests and the -fault-* flags).
func (s *Server) Faults() *Faults { return s.faults }

// Stats gives direct access to request statistics.
func (s *Server) Stats() *Stats { return s.stats }

// ServeHTTP dispatches to the platforms, counting API requests by route template and applying
// injected faults first.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, "/_emulator/") {
		s.mux.ServeHTTP(w, r)
		return
	}
	_, pattern := s.mux.Handler(r)
	route := routeKey(r.Method, pattern, r.URL.Path)
	s.stats.countRequest(route)
	s.faults.serve(w, r, route, s.mux)
}

// routeKey is "METHOD /path/{template}" for a matched pattern, whatever form the pattern took.
func routeKey(method, pattern, path string) string {
	if pattern == "" {
		return method + " " + path
	}
	if i := strings.IndexByte(pattern, ' '); i >= 0 {
		pattern = pattern[i+1:]
	}
	return method + " " + pattern
}

// Router is what a platform registers its routes on.
type Router struct {
	server   *Server
	platform string
}

// API registers a vendor route, e.g. "GET /api/v1/synchronisation/connected-systems/{id}".
// API routes are counted in /_emulator/stats and subject to injected faults.
func (r *Router) API(pattern string, h http.HandlerFunc) { r.server.mux.HandleFunc(pattern, h) }

// Control registers a loopback-only test control route under /_emulator/<platform>/.
func (r *Router) Control(pattern string, h http.HandlerFunc) {
	r.server.mux.HandleFunc(pattern, loopbackOnly(h))
}

// RecordCreation counts one object created by a client (an API key, a user) so that duplicate
// creations show up in /_emulator/stats.
func (r *Router) RecordCreation(name, client string) {
	r.server.stats.recordCreation(r.platform, name, client)
}

func (s *Server) handleState(w http.ResponseWriter, _ *http.Request) {
	out := map[string]map[string]int{}
	for _, p := range s.platforms {
		out[p.Name()] = p.State()
	}
	WriteJSON(w, http.StatusOK, out)
}

func (s *Server) handleStats(w http.ResponseWriter, _ *http.Request) {
	WriteJSON(w, http.StatusOK, s.stats.Snapshot())
}

func (s *Server) handleReset(w http.ResponseWriter, _ *http.Request) {
	for _, p := range s.platforms {
		p.Reset()
	}
	s.stats.reset()
	s.faults.clear()
	w.WriteHeader(http.StatusNoContent)
}

func loopbackOnly(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		host, _, err := net.SplitHostPort(r.RemoteAddr)
		ip := net.ParseIP(host)
		if err != nil || ip == nil || !ip.IsLoopback() {
			http.Error(w, "emulator control endpoints answer loopback clients only", http.StatusForbidden)
			return
		}
		h(w, r)
	}
}

// WriteJSON writes v as JSON with the given status.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// Stats counts API requests by route template and creations by platform.
type Stats struct {
	mu        sync.Mutex
	requests  map[string]int
	total     int
	creations map[string]int
	// names counts creations per platform, client and object name.
	names map[string]map[string]int
}

func newStats() *Stats {
	s := &Stats{}
	s.reset()
	return s
}

func (s *Stats) reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = map[string]int{}
	s.total = 0
	s.creations = map[string]int{}
	s.names = map[string]map[string]int{}
}

func (s *Stats) countRequest(route string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests[route]++
	s.total++
}

func (s *Stats) recordCreation(platform, name, client string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.creations[platform]++
	if s.names[platform] == nil {
		s.names[platform] = map[string]int{}
	}
	s.names[platform][client+"\x00"+name]++
}

// Snapshot is the JSON of /_emulator/stats: request counts keyed by "METHOD /route/{template}"
// plus "total", "creations" per platform and "duplicateNames": per platform, how many extra
// objects were created under a name that the same client had already used.
func (s *Stats) Snapshot() map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]any{}
	for k, v := range s.requests {
		out[k] = v
	}
	out["total"] = s.total
	creations := map[string]int{}
	dups := map[string]int{}
	for p, n := range s.creations {
		creations[p] = n
	}
	for p, m := range s.names {
		for _, n := range m {
			if n > 1 {
				dups[p] += n - 1
			}
		}
		if _, ok := dups[p]; !ok {
			dups[p] = 0
		}
	}
	out["creations"] = creations
	out["duplicateNames"] = dups
	return out
}

// Requests returns the count for one route key, e.g. "GET /api/v1/synchronisation/connected-systems/{id}".
func (s *Stats) Requests(route string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests[route]
}

// Routes lists the route keys seen so far, sorted.
func (s *Stats) Routes() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]string, 0, len(s.requests))
	for k := range s.requests {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
