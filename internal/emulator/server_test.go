package emulator

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakePlatform is a minimal platform: POST /x creates a thing, GET /x/{id} reads one.
type fakePlatform struct {
	mu     sync.Mutex
	things int
	resets int
}

func (p *fakePlatform) Name() string { return "fake" }

func (p *fakePlatform) Register(r *Router) {
	r.API("POST /x", func(w http.ResponseWriter, req *http.Request) {
		var body struct{ Name string }
		_ = json.NewDecoder(req.Body).Decode(&body)
		p.mu.Lock()
		p.things++
		id := p.things
		p.mu.Unlock()
		r.RecordCreation(body.Name, "client-1")
		WriteJSON(w, http.StatusCreated, map[string]int{"id": id})
	})
	r.API("GET /x/{id}", func(w http.ResponseWriter, req *http.Request) {
		WriteJSON(w, http.StatusOK, map[string]string{"id": req.PathValue("id")})
	})
	r.Control("POST /_emulator/fake/poke", func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusNoContent)
	})
}

func (p *fakePlatform) State() map[string]int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return map[string]int{"things": p.things}
}

func (p *fakePlatform) Reset() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.things = 0
	p.resets++
}

func (p *fakePlatform) count() (things, resets int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.things, p.resets
}

func newTestServer(t *testing.T) (*Server, *fakePlatform, *httptest.Server) {
	t.Helper()
	p := &fakePlatform{}
	s := New(p)
	hs := httptest.NewServer(s)
	t.Cleanup(hs.Close)
	return s, p, hs
}

// noRetryClient never re-sends: keep-alives off, so net/http has no reused connection to retry on.
func noRetryClient() *http.Client {
	return &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: 5 * time.Second}
}

func post(c *http.Client, url, body string) (*http.Response, error) {
	return c.Post(url, "application/json", strings.NewReader(body))
}

func setFault(t *testing.T, s *Server, rule FaultRule) {
	t.Helper()
	if err := s.Faults().Set(rule); err != nil {
		t.Fatalf("Set(%+v): %v", rule, err)
	}
}

func TestCountedFaults(t *testing.T) {
	t.Parallel()
	c := noRetryClient()

	t.Run("reset-before: no response, not processed", func(t *testing.T) {
		t.Parallel()
		s, p, hs := newTestServer(t)
		setFault(t, s, FaultRule{Route: "POST /x", Kind: FaultReset, Count: 1})
		resp, err := post(c, hs.URL+"/x", `{"name":"a"}`)
		if err == nil {
			_ = resp.Body.Close()
			t.Fatalf("got HTTP %d, want a connection error", resp.StatusCode)
		}
		if things, _ := p.count(); things != 0 {
			t.Errorf("handler ran: things = %d", things)
		}
		// The count ran out: the next request is served.
		resp, err = post(c, hs.URL+"/x", `{"name":"a"}`)
		if err != nil || resp.StatusCode != http.StatusCreated {
			t.Fatalf("second POST: %v %v", resp, err)
		}
		_ = resp.Body.Close()
		if things, _ := p.count(); things != 1 {
			t.Errorf("things = %d, want 1", things)
		}
		if got := s.Faults().Injected()[FaultReset]; got != 1 {
			t.Errorf("Injected[reset-before] = %d", got)
		}
	})

	t.Run("drop-after-processing: processed, no response", func(t *testing.T) {
		t.Parallel()
		s, p, hs := newTestServer(t)
		setFault(t, s, FaultRule{Route: "POST /x", Kind: FaultDrop})
		resp, err := post(c, hs.URL+"/x", `{"name":"a"}`)
		if err == nil {
			_ = resp.Body.Close()
			t.Fatalf("got HTTP %d, want a connection error", resp.StatusCode)
		}
		if things, _ := p.count(); things != 1 {
			t.Errorf("handler did not run: things = %d, want 1", things)
		}
	})

	t.Run("process-late: no response, processed after the delay with the body", func(t *testing.T) {
		t.Parallel()
		s, p, hs := newTestServer(t)
		setFault(t, s, FaultRule{Route: "POST /x", Kind: FaultLate, LateDelayMS: 300})
		resp, err := post(c, hs.URL+"/x", `{"name":"late"}`)
		if err == nil {
			_ = resp.Body.Close()
			t.Fatalf("got HTTP %d, want a connection error", resp.StatusCode)
		}
		if things, _ := p.count(); things != 0 {
			t.Fatalf("processed before the client gave up: things = %d", things)
		}
		deadline := time.Now().Add(5 * time.Second)
		for {
			if things, _ := p.count(); things == 1 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatal("the late request was never processed")
			}
			time.Sleep(20 * time.Millisecond)
		}
	})

	t.Run("process-late is never picked by a rate without kinds", func(t *testing.T) {
		t.Parallel()
		if slices.Contains(AllFaultKinds, FaultLate) {
			t.Fatal("process-late must be opt-in")
		}
		s, _, _ := newTestServer(t)
		if err := s.Faults().Set(FaultRule{Rate: 0.5, Kinds: []string{FaultLate}}); err != nil {
			t.Fatalf("naming process-late in a rate: %v", err)
		}
	})

	t.Run("503 carries Retry-After, count 2 runs out", func(t *testing.T) {
		t.Parallel()
		s, _, hs := newTestServer(t)
		setFault(t, s, FaultRule{Route: "GET /x/{id}", Kind: "503", Count: 2, RetryAfter: 2})
		// Other routes are untouched by the rule.
		resp, err := post(c, hs.URL+"/x", `{}`)
		if err != nil || resp.StatusCode != http.StatusCreated {
			t.Fatalf("POST /x: %v %v", resp, err)
		}
		_ = resp.Body.Close()
		var codes []int
		for range 3 {
			resp, err := c.Get(hs.URL + "/x/5")
			if err != nil {
				t.Fatal(err)
			}
			_ = resp.Body.Close()
			codes = append(codes, resp.StatusCode)
			if resp.StatusCode == http.StatusServiceUnavailable && resp.Header.Get("Retry-After") != "2" {
				t.Errorf("Retry-After = %q, want 2", resp.Header.Get("Retry-After"))
			}
		}
		if fmt.Sprint(codes) != "[503 503 200]" {
			t.Errorf("codes = %v, want [503 503 200]", codes)
		}
	})

	t.Run("429 and 500", func(t *testing.T) {
		t.Parallel()
		s, _, hs := newTestServer(t)
		setFault(t, s, FaultRule{Kind: "429"})
		setFault(t, s, FaultRule{Kind: "500"})
		var got []string
		for range 3 {
			resp, err := c.Get(hs.URL + "/x/1")
			if err != nil {
				t.Fatal(err)
			}
			_ = resp.Body.Close()
			got = append(got, fmt.Sprintf("%d:%s", resp.StatusCode, resp.Header.Get("Retry-After")))
		}
		if fmt.Sprint(got) != "[429:1 500: 200:]" {
			t.Errorf("got %v, want [429:1 500: 200:]", got)
		}
	})

	t.Run("slow answers late with the real answer", func(t *testing.T) {
		t.Parallel()
		s, _, hs := newTestServer(t)
		setFault(t, s, FaultRule{Route: "GET /x/{id}", Kind: FaultSlow, SlowDelayMS: 300})
		start := time.Now()
		resp, err := c.Get(hs.URL + "/x/9")
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		_ = resp.Body.Close()
		if d := time.Since(start); d < 250*time.Millisecond {
			t.Errorf("slow answer came after %s", d)
		}
		if resp.StatusCode != 200 || !strings.Contains(string(body), `"9"`) {
			t.Errorf("slow answer = %d %s", resp.StatusCode, body)
		}
	})
}

func TestFaultRuleValidation(t *testing.T) {
	t.Parallel()
	s, _, _ := newTestServer(t)
	for _, body := range []string{
		`not json`,
		`{"kind":"418"}`,
		`{"rate":0.5,"kinds":["bogus"]}`,
		`{"rate":1.5}`,
		`{"route":"GET /x/{id}"}`,
	} {
		req := httptest.NewRequest(http.MethodPost, "/_emulator/faults", strings.NewReader(body))
		req.RemoteAddr = "127.0.0.1:4000"
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		if rec.Code != http.StatusBadRequest {
			t.Errorf("POST /_emulator/faults %s = %d, want 400", body, rec.Code)
		}
	}
	req := httptest.NewRequest(http.MethodPost, "/_emulator/faults", strings.NewReader(`{"route":"GET /x/{id}","kind":"502"}`))
	req.RemoteAddr = "127.0.0.1:4000"
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	if rec.Code != http.StatusNoContent {
		t.Errorf("valid rule = %d %s", rec.Code, rec.Body)
	}
	rec = httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/x/1", nil))
	if rec.Code != http.StatusBadGateway {
		t.Errorf("GET after a 502 rule = %d", rec.Code)
	}
}

// rateSequence serves n requests through a server with a seeded rate rule and returns the codes.
func rateSequence(t *testing.T, seed int64, n int) []int {
	s := New(&fakePlatform{})
	setFault(t, s, FaultRule{Rate: 0.5, Kinds: []string{"500", "502", "503", "429"}, Seed: seed, Routes: []string{"GET /x/{id}"}})
	var codes []int
	for i := range n {
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, fmt.Sprintf("/x/%d", i), nil))
		codes = append(codes, rec.Code)
		// A route outside Routes is never faulted.
		rec = httptest.NewRecorder()
		s.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/x", strings.NewReader(`{}`)))
		if rec.Code != http.StatusCreated {
			t.Errorf("POST /x outside the rate's routes = %d", rec.Code)
		}
	}
	return codes
}

func TestRateFaultsDeterministic(t *testing.T) {
	t.Parallel()
	a, b := rateSequence(t, 42, 40), rateSequence(t, 42, 40)
	if fmt.Sprint(a) != fmt.Sprint(b) {
		t.Errorf("same seed, different faults:\n%v\n%v", a, b)
	}
	faults := 0
	for _, c := range a {
		if c != http.StatusOK {
			faults++
		}
	}
	if faults < 8 || faults > 32 {
		t.Errorf("%d faults in 40 requests at rate 0.5: %v", faults, a)
	}
	if c := rateSequence(t, 7, 40); fmt.Sprint(c) == fmt.Sprint(a) {
		t.Errorf("seeds 42 and 7 gave the same faults: %v", c)
	}
}

func TestStatsByRouteTemplate(t *testing.T) {
	t.Parallel()
	s, _, hs := newTestServer(t)
	c := noRetryClient()
	for _, path := range []string{"/x/5", "/x/6", "/x/abc", "/nope"} {
		resp, err := c.Get(hs.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		_ = resp.Body.Close()
	}
	for _, name := range []string{"a", "a", "b"} {
		resp, err := post(c, hs.URL+"/x", `{"name":"`+name+`"}`)
		if err != nil {
			t.Fatal(err)
		}
		_ = resp.Body.Close()
	}
	if got := s.Stats().Requests("GET /x/{id}"); got != 3 {
		t.Errorf(`Requests("GET /x/{id}") = %d, want 3`, got)
	}
	if got := s.Stats().Requests("GET /x/5"); got != 0 {
		t.Errorf(`Requests("GET /x/5") = %d, want 0 (counted by template)`, got)
	}
	if got := s.Stats().Requests("POST /x"); got != 3 {
		t.Errorf(`Requests("POST /x") = %d, want 3`, got)
	}
	if got := s.Stats().Requests("GET /nope"); got != 1 {
		t.Errorf(`Requests("GET /nope") = %d, want 1`, got)
	}

	// The same through the control endpoint; control calls are not counted.
	resp, err := c.Get(hs.URL + "/_emulator/stats")
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = resp.Body.Close() }()
	var snap struct {
		Total          int            `json:"total"`
		Get            int            `json:"GET /x/{id}"`
		Creations      map[string]int `json:"creations"`
		DuplicateNames map[string]int `json:"duplicateNames"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&snap); err != nil {
		t.Fatal(err)
	}
	if snap.Total != 7 || snap.Get != 3 || snap.Creations["fake"] != 3 || snap.DuplicateNames["fake"] != 1 {
		t.Errorf("stats = %+v", snap)
	}
	if routes := s.Stats().Routes(); fmt.Sprint(routes) != "[GET /nope GET /x/{id} POST /x]" {
		t.Errorf("Routes = %v", routes)
	}
}

func TestRouteKey(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ method, pattern, path, want string }{
		{"GET", "GET /x/{id}", "/x/5", "GET /x/{id}"},
		{"GET", "/x/{id}", "/x/5", "GET /x/{id}"},
		{"DELETE", "", "/unknown/1", "DELETE /unknown/1"},
	} {
		if got := routeKey(tc.method, tc.pattern, tc.path); got != tc.want {
			t.Errorf("routeKey(%q, %q, %q) = %q, want %q", tc.method, tc.pattern, tc.path, got, tc.want)
		}
	}
}

func TestControlEndpointsLoopbackOnly(t *testing.T) {
	t.Parallel()
	endpoints := []struct{ method, path, body string }{
		{http.MethodGet, "/_emulator/state", ""},
		{http.MethodGet, "/_emulator/stats", ""},
		{http.MethodPost, "/_emulator/reset", ""},
		{http.MethodPost, "/_emulator/faults", `{"kind":"500"}`},
		{http.MethodDelete, "/_emulator/faults", ""},
		{http.MethodPost, "/_emulator/fake/poke", ""},
	}
	for _, remote := range []string{"203.0.113.9:5555", "10.0.0.1:80", "[2001:db8::1]:443", "garbage"} {
		for _, ep := range endpoints {
			s := New(&fakePlatform{})
			p := s.platforms[0].(*fakePlatform)
			req := httptest.NewRequest(ep.method, ep.path, strings.NewReader(ep.body))
			req.RemoteAddr = remote
			rec := httptest.NewRecorder()
			s.ServeHTTP(rec, req)
			if rec.Code != http.StatusForbidden {
				t.Errorf("%s %s from %s = %d, want 403", ep.method, ep.path, remote, rec.Code)
			}
			if _, resets := p.count(); resets != 0 {
				t.Errorf("%s %s from %s reset the platform", ep.method, ep.path, remote)
			}
			if len(s.Faults().counted) != 0 {
				t.Errorf("%s %s from %s installed a fault", ep.method, ep.path, remote)
			}
		}
	}
	for _, remote := range []string{"127.0.0.1:5555", "[::1]:5555", "127.0.0.2:1"} {
		for _, ep := range endpoints {
			s := New(&fakePlatform{})
			req := httptest.NewRequest(ep.method, ep.path, strings.NewReader(ep.body))
			req.RemoteAddr = remote
			rec := httptest.NewRecorder()
			s.ServeHTTP(rec, req)
			if rec.Code >= 300 {
				t.Errorf("%s %s from %s = %d %s", ep.method, ep.path, remote, rec.Code, rec.Body)
			}
		}
	}
}

func TestResetEndpoint(t *testing.T) {
	t.Parallel()
	s, p, hs := newTestServer(t)
	c := noRetryClient()
	resp, err := post(c, hs.URL+"/x", `{"name":"a"}`)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	setFault(t, s, FaultRule{Kind: "500", Count: 5})

	resp, err = c.Get(hs.URL + "/_emulator/state")
	if err != nil {
		t.Fatal(err)
	}
	var state map[string]map[string]int
	_ = json.NewDecoder(resp.Body).Decode(&state)
	_ = resp.Body.Close()
	if state["fake"]["things"] != 1 {
		t.Errorf("state = %v", state)
	}

	resp, err = c.Post(hs.URL+"/_emulator/reset", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent {
		t.Errorf("reset = %d", resp.StatusCode)
	}
	if things, resets := p.count(); things != 0 || resets != 1 {
		t.Errorf("after reset: things %d, resets %d", things, resets)
	}
	if s.Stats().Requests("POST /x") != 0 {
		t.Errorf("stats not cleared: %v", s.Stats().Routes())
	}
	// Faults are cleared too: the next API call is served.
	resp, err = c.Get(hs.URL + "/x/1")
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("GET after reset = %d, want 200 (faults cleared)", resp.StatusCode)
	}
}

func TestStartTLS(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "tls")
	run, err := Start("127.0.0.1:0", dir, New(&fakePlatform{}))
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := run.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	}()
	if !strings.HasPrefix(run.URL, "https://127.0.0.1:") {
		t.Errorf("URL = %q", run.URL)
	}
	if run.CAFile != filepath.Join(dir, "ca.pem") {
		t.Errorf("CAFile = %q", run.CAFile)
	}
	pemBytes, err := os.ReadFile(run.CAFile)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pemBytes) {
		t.Fatalf("ca.pem holds no certificate: %q", pemBytes)
	}

	trusting := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	resp, err := trusting.Get(run.URL + "/x/1")
	if err != nil {
		t.Fatalf("client trusting ca.pem: %v", err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("GET = %d", resp.StatusCode)
	}
	// "localhost" is in the certificate too.
	resp, err = trusting.Get(strings.Replace(run.URL, "127.0.0.1", "localhost", 1) + "/x/1")
	if err != nil {
		t.Errorf("via localhost: %v", err)
	} else {
		_ = resp.Body.Close()
	}

	untrusting := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: x509.NewCertPool()}}}
	resp, err = untrusting.Get(run.URL + "/x/1")
	if err == nil {
		_ = resp.Body.Close()
		t.Fatal("a client without ca.pem connected")
	}
	var unknown x509.UnknownAuthorityError
	var verr *tls.CertificateVerificationError
	if !errors.As(err, &unknown) && !errors.As(err, &verr) {
		t.Errorf("err = %v (%T), want a certificate error", err, err)
	}
}

func TestStartPlain(t *testing.T) {
	t.Parallel()
	run, err := Start("127.0.0.1:0", "", New(&fakePlatform{}))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(run.URL, "http://") || run.CAFile != "" {
		t.Errorf("URL %q CAFile %q", run.URL, run.CAFile)
	}
	resp, err := noRetryClient().Post(run.URL+"/x", "application/json", bytes.NewReader([]byte(`{}`)))
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		t.Errorf("POST = %d", resp.StatusCode)
	}
	if err := run.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	if resp, err := noRetryClient().Get(run.URL + "/x/1"); err == nil {
		_ = resp.Body.Close()
		t.Errorf("server still answers after Close")
	}
}

// Parallel clients with faults, stats and resets at once: run under -race.
func TestConcurrentRequests(t *testing.T) {
	t.Parallel()
	s, _, hs := newTestServer(t)
	setFault(t, s, FaultRule{Rate: 0.3, Kinds: []string{"500", "503"}, Seed: 3})
	setFault(t, s, FaultRule{Route: "POST /x", Kind: "429", Count: 5})
	c := &http.Client{Timeout: 5 * time.Second}
	var wg sync.WaitGroup
	for i := range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range 10 {
				var resp *http.Response
				var err error
				if j%2 == 0 {
					resp, err = post(c, hs.URL+"/x", fmt.Sprintf(`{"name":"n%d"}`, i))
				} else {
					resp, err = c.Get(fmt.Sprintf("%s/x/%d", hs.URL, j))
				}
				if err != nil {
					t.Error(err)
					return
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				_ = resp.Body.Close()
				_ = s.Stats().Snapshot()
			}
		}()
	}
	wg.Wait()
	if got := s.Stats().Requests("POST /x") + s.Stats().Requests("GET /x/{id}"); got != 100 {
		t.Errorf("counted %d requests, want 100", got)
	}
	inj := s.Faults().Injected()
	if inj["429"] != 5 || inj["500"]+inj["503"] == 0 {
		t.Errorf("injected = %v", inj)
	}
}
