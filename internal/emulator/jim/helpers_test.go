package jim

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/syncops/terraform-provider-syncops/internal/emulator"
)

// fakeClock lets tests move time instead of sleeping.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

type testServer struct {
	t     *testing.T
	url   string
	emu   *Emulator
	clock *fakeClock
	key   string
}

// start runs one emulator with only JIM on a loopback port, with a fake clock.
func start(t *testing.T, mutate ...func(*Options)) *testServer {
	t.Helper()
	t.Parallel()
	o := DefaultOptions()
	o.JobDelay = 2 * time.Second
	for _, m := range mutate {
		m(&o)
	}
	e := New(o)
	clock := &fakeClock{now: time.Date(2026, 7, 13, 12, 0, 0, 0, time.UTC)}
	e.now = clock.Now
	e.Reset()
	run, err := emulator.Start("127.0.0.1:0", "", emulator.New(e))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = run.Close() })
	return &testServer{t: t, url: run.URL, emu: e, clock: clock, key: o.APIKey}
}

type response struct {
	status int
	header http.Header
	body   []byte
}

func (r response) json(t *testing.T) map[string]any {
	t.Helper()
	var out map[string]any
	if err := json.Unmarshal(r.body, &out); err != nil {
		t.Fatalf("body is not a JSON object: %v\n%s", err, r.body)
	}
	return out
}

func (r response) list(t *testing.T) []any {
	t.Helper()
	var out []any
	if err := json.Unmarshal(r.body, &out); err != nil {
		t.Fatalf("body is not a JSON array: %v\n%s", err, r.body)
	}
	return out
}

// settingValuesNode is the settingValues collection under the root of a snapshot or diff.
func settingValuesNode(t *testing.T, root map[string]any) map[string]any {
	t.Helper()
	children, _ := root["children"].([]any)
	for _, c := range children {
		if m := c.(map[string]any); m["key"] == "settingValues" {
			return m
		}
	}
	t.Fatalf("node %v has no settingValues child", root["key"])
	return nil
}

// nodesByKey indexes a collection node's items by key.
func nodesByKey(t *testing.T, node map[string]any) map[string]map[string]any {
	t.Helper()
	out := map[string]map[string]any{}
	children, _ := node["children"].([]any)
	for _, c := range children {
		m := c.(map[string]any)
		out[m["key"].(string)] = m
	}
	return out
}

// raw sends a request with the given headers (the API key is not added).
func (s *testServer) raw(method, path, body string, headers map[string]string) response {
	s.t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, s.url+path, rd)
	if err != nil {
		s.t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer func() { _ = resp.Body.Close() }()
	b, _ := io.ReadAll(resp.Body)
	return response{status: resp.StatusCode, header: resp.Header, body: b}
}

// do sends an authenticated request; body may be a string (sent as is) or a value (JSON).
func (s *testServer) do(method, path string, body any) response {
	s.t.Helper()
	var text string
	switch b := body.(type) {
	case nil:
	case string:
		text = b
	default:
		buf, _ := json.Marshal(b)
		text = string(buf)
	}
	return s.raw(method, path, text, map[string]string{"X-API-Key": s.key})
}

func (s *testServer) expect(r response, status int) response {
	s.t.Helper()
	if r.status != status {
		s.t.Fatalf("status %d, want %d; body: %s", r.status, status, r.body)
	}
	return r
}

// createSystem creates a connected system and returns its id.
func (s *testServer) createSystem(name string, defID int) int {
	s.t.Helper()
	r := s.expect(s.do("POST", csBase, map[string]any{"name": name, "connectorDefinitionId": defID}), http.StatusCreated)
	return int(r.json(s.t)["id"].(float64))
}

// settingID finds a setting id by name in a connector definition.
func (s *testServer) settingID(defID int, name string) int {
	s.t.Helper()
	r := s.expect(s.do("GET", syncBase+"/connector-definitions/"+itoa(defID), nil), http.StatusOK)
	for _, item := range r.json(s.t)["settings"].([]any) {
		m := item.(map[string]any)
		if m["name"] == name {
			return int(m["id"].(float64))
		}
	}
	s.t.Fatalf("no setting %q in definition %d", name, defID)
	return 0
}

func itoa(i int) string { return strconv.Itoa(i) }

// keys returns the top-level keys of a JSON object in document order.
func keys(t *testing.T, body []byte) []string {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(body))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		t.Fatalf("not an object: %s", body)
	}
	var out []string
	for dec.More() {
		tok, _ := dec.Token()
		out = append(out, tok.(string))
		var skip json.RawMessage
		_ = dec.Decode(&skip)
	}
	return out
}

func (s *testServer) control(method, path string, body any) response {
	s.t.Helper()
	buf, _ := json.Marshal(body)
	if body == nil {
		buf = nil
	}
	return s.raw(method, path, string(buf), nil)
}

func assertEqual[T comparable](t *testing.T, what string, got, want T) {
	t.Helper()
	if got != want {
		t.Errorf("%s = %v, want %v", what, got, want)
	}
}
