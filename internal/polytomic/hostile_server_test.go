package polytomic

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/syncops/terraform-provider-syncops/internal/transport"
)

const hostileKey = "pk_live_hostile_0123456789abcdef"

// hostileClient is a client with the provider's real transport settings, but short retry waits.
func hostileClient(t *testing.T, url string) *Client {
	t.Helper()
	tc, err := newTransport(url, "Bearer "+hostileKey, DefaultAPIVersion, transport.NewMasker(hostileKey), transportOptions{
		attemptTimeout: 2 * time.Second,
		tune:           func(c *transport.Config) { c.RetryWaitMin, c.RetryWaitMax = time.Millisecond, 5*time.Millisecond },
	})
	if err != nil {
		t.Fatal(err)
	}
	return NewClient(tc, url, DefaultAPIVersion)
}

// Broken or hostile servers give a clear error naming the platform, the request and the status:
// never a panic, never the API key.
func TestHostileServers(t *testing.T) {
	var leaked atomic.Bool
	elsewhere := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "" || strings.Contains(r.URL.String(), hostileKey) {
			leaked.Store(true)
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"data":{"id":"evil","name":"evil"}}`))
	}))
	defer elsewhere.Close()
	huge := strings.Repeat("x", 4<<20)
	// Retried answers are kept up to 1 MiB: a longer JSON error would arrive cut, and unparsed.
	long := strings.Repeat("y", 200<<10)
	jsonAnswer := func(status int, body string) http.HandlerFunc {
		return func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(status)
			_, _ = w.Write([]byte(body))
		}
	}
	cases := []struct {
		name    string
		handler http.HandlerFunc
		want    []string
	}{
		{"HTML page", func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			_, _ = w.Write([]byte("<!DOCTYPE html><html><body>Sign in to Polytomic</body></html>"))
		}, []string{"Polytomic API", "GET /api/connections/conn-7", "HTTP 200", "HTML page where JSON was expected"}},
		{"HTML page without a content type", func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "application/octet-stream")
			_, _ = w.Write([]byte("\n  <html><body>maintenance</body></html>"))
		}, []string{"Polytomic API", "HTTP 200", "HTML page"}},
		{"truncated JSON", jsonAnswer(200, `{"data":{"id":"conn-7","name":"Ware`),
			[]string{"Polytomic API", "GET /api/connections/conn-7", "HTTP 200", "not valid JSON"}},
		{"wrong shape", jsonAnswer(200, `{"data":{"id":7,"name":["Warehouse"]}}`),
			[]string{"Polytomic API", "HTTP 200", "expected shape"}},
		{"data is a list", jsonAnswer(200, `{"data":[{"id":"conn-7"}]}`),
			[]string{"Polytomic API", "HTTP 200", "expected shape"}},
		{"no envelope", jsonAnswer(200, `{}`), []string{"Polytomic API", "HTTP 200", `no "data" object`}},
		{"null data", jsonAnswer(200, `{"data":null}`), []string{"Polytomic API", "HTTP 200", `no "data" object`}},
		{"empty 200", func(w http.ResponseWriter, _ *http.Request) {}, []string{"Polytomic API", "HTTP 200", "empty"}},
		{"500 with a huge body", func(w http.ResponseWriter, _ *http.Request) {
			w.WriteHeader(500)
			_, _ = w.Write([]byte(huge))
		}, []string{"Polytomic API", "GET /api/connections/conn-7", "HTTP 500"}},
		{"500 with a huge JSON message", jsonAnswer(500, `{"key":"internal","message":"`+long+`","metadata":{"errors":["`+long+`"]}}`),
			[]string{"Polytomic API", "HTTP 500", "(internal)"}},
		{"422 with thousands of errors", jsonAnswer(422, `{"message":"invalid","metadata":{"errors":[`+strings.Repeat(`"bad field",`, 5000)+`"last"]}}`),
			[]string{"Polytomic API", "HTTP 422", "invalid", "more not shown"}},
		{"error echoing the key", jsonAnswer(401, `{"code":401,"error":"invalid API key `+hostileKey+`","status":"Unauthorized"}`),
			[]string{"Polytomic API", "HTTP 401", "invalid API key ***"}},
		{"error echoing the key across the snippet cut", jsonAnswer(502, strings.Repeat("-", 190)+hostileKey),
			[]string{"Polytomic API", "HTTP 502"}},
		{"redirect to another host", func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, elsewhere.URL+r.URL.Path, http.StatusFound)
		}, []string{"Polytomic API", "GET /api/connections/conn-7", "redirect", "another host"}},
		{"redirect without a location", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusFound) },
			[]string{"Polytomic API", "HTTP 302", "redirect"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := httptest.NewServer(tc.handler)
			defer srv.Close()
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			_, err := hostileClient(t, srv.URL).GetConnection(ctx, "conn-7")
			checkHostileError(t, err, tc.want)
		})
	}
	if leaked.Load() {
		t.Error("the API key followed a redirect to another host")
	}
}

// A create answered badly says so, and never re-sends the POST without its idempotency key.
func TestHostileCreateAnswers(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		want       []string
	}{
		{"no id", `{"data":{"name":"Warehouse"}}`, []string{"Polytomic API", "POST /api/connections", "HTTP 200", "no connection id"}},
		{"HTML", `<html>`, []string{"Polytomic API", "POST /api/connections", "HTML page"}},
		{"id of the wrong type", `{"data":{"id":{"nested":true}}}`, []string{"Polytomic API", "POST /api/connections", "expected shape"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var posts atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				posts.Add(1)
				if r.Header.Get("Idempotency-Key") == "" {
					t.Error("create sent without an Idempotency-Key")
				}
				_, _ = w.Write([]byte(tc.body))
			}))
			defer srv.Close()
			_, err := hostileClient(t, srv.URL).CreateConnection(context.Background(), ConnectionRequest{Name: "Warehouse"}, "idem-123456", nil)
			checkHostileError(t, err, tc.want)
			if n := posts.Load(); n != 1 {
				t.Errorf("the create was sent %d times", n)
			}
		})
	}
}

func checkHostileError(t *testing.T, err error, want []string) {
	t.Helper()
	if err == nil {
		t.Fatal("want an error")
	}
	msg := err.Error()
	t.Log(clip(msg, 600))
	for _, w := range want {
		if !strings.Contains(msg, w) {
			t.Errorf("error lacks %q: %s", w, msg)
		}
	}
	if strings.Contains(msg, hostileKey[:len(hostileKey)-4]) {
		t.Errorf("the error shows the API key: %s", msg)
	}
	if len(msg) > 15000 {
		t.Errorf("the error is %d characters long: a huge body must not be copied whole", len(msg))
	}
}

func clip(s string, n int) string {
	if len(s) > n {
		return s[:n] + "..."
	}
	return s
}
