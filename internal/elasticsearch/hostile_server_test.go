package elasticsearch

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/go-cleanhttp"

	"github.com/syncops/terraform-provider-syncops/internal/transport"
)

const hostileKey = "VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw=="

// hostileTransport is one endpoint as Configure builds it (ApiKey header, the sensitive-value
// learner, the error decoder), with short retry waits; hc replaces the HTTP client's transport.
func hostileTransport(t testing.TB, endpoint string, rt http.RoundTripper) *transport.Client {
	t.Helper()
	hc := cleanhttp.DefaultPooledClient()
	if rt != nil {
		hc.Transport = rt
	}
	masker := transport.NewMasker(hostileKey)
	hc.Transport = sensitiveLearner{next: hc.Transport, masker: masker}
	c, err := transport.New(transport.Config{
		Platform:       "Elasticsearch",
		BaseURL:        endpoint,
		Header:         http.Header{"Authorization": {"ApiKey " + hostileKey}},
		Masker:         masker,
		AttemptTimeout: 2 * time.Second,
		DecodeError:    decodeError,
		HTTPClient:     hc,
		RetryWaitMin:   time.Millisecond,
		RetryWaitMax:   5 * time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// Broken or hostile servers give a clear error naming the platform, the request and the status:
// never a panic, never the API key.
func TestHostileServers(t *testing.T) {
	var leaked atomic.Bool
	elsewhere := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "" || strings.Contains(r.URL.String(), hostileKey) {
			leaked.Store(true)
		}
		w.Header().Set("X-Elastic-Product", "Elasticsearch")
		_, _ = w.Write([]byte(`{"id":"conn-7","name":"evil"}`))
	}))
	defer elsewhere.Close()
	huge := strings.Repeat("x", 4<<20)
	// Retried answers are kept up to 1 MiB: a longer JSON error would arrive cut, and unparsed.
	long := strings.Repeat("y", 200<<10)
	jsonAnswer := func(status int, body string) http.HandlerFunc {
		return func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("X-Elastic-Product", "Elasticsearch")
			w.WriteHeader(status)
			_, _ = w.Write([]byte(body))
		}
	}
	cases := []struct {
		name    string
		handler http.HandlerFunc
		want    []string
	}{
		{"HTML page (a proxy's login)", func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			_, _ = w.Write([]byte("<!DOCTYPE html><html><body>Kibana login</body></html>"))
		}, []string{"Elasticsearch API", "GET /_connector/conn-7", "HTTP 200", "HTML page where JSON was expected"}},
		{"truncated JSON", jsonAnswer(200, `{"id":"conn-7","name":"Sha`),
			[]string{"Elasticsearch API", "GET /_connector/conn-7", "HTTP 200", "not valid JSON"}},
		{"wrong shape", jsonAnswer(200, `{"id":"conn-7","is_native":"yes","scheduling":[]}`),
			[]string{"Elasticsearch API", "HTTP 200", "expected shape"}},
		{"a list where a connector was expected", jsonAnswer(200, `[{"id":"conn-7"}]`),
			[]string{"Elasticsearch API", "HTTP 200", "expected shape"}},
		{"empty 200", func(w http.ResponseWriter, _ *http.Request) {}, []string{"Elasticsearch API", "HTTP 200", "empty"}},
		{"500 with a huge body", func(w http.ResponseWriter, _ *http.Request) {
			w.WriteHeader(500)
			_, _ = w.Write([]byte(huge))
		}, []string{"Elasticsearch API", "GET /_connector/conn-7", "HTTP 500"}},
		{"500 with a huge reason and a deep cause chain", jsonAnswer(500, `{"error":{"type":"exception","reason":"`+long+`","caused_by":`+
			strings.Repeat(`{"type":"inner","reason":"r","caused_by":`, 500)+`null`+strings.Repeat(`}`, 500)+`},"status":500}`),
			[]string{"Elasticsearch API", "HTTP 500", "(exception)", "more not shown"}},
		{"error echoing the key", jsonAnswer(401, `{"error":{"type":"security_exception","reason":"unable to authenticate with provided credentials [ApiKey `+hostileKey+`]"},"status":401}`),
			[]string{"Elasticsearch API", "HTTP 401", "(security_exception)", "unable to authenticate"}},
		{"error echoing the key across the snippet cut", jsonAnswer(502, strings.Repeat("-", 190)+hostileKey),
			[]string{"Elasticsearch API", "HTTP 502"}},
		{"routing error as text", jsonAnswer(405, `{"error":"Incorrect HTTP method for uri [/_connector/conn-7]","status":405}`),
			[]string{"Elasticsearch API", "HTTP 405", "Incorrect HTTP method"}},
		{"redirect to another host", func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, elsewhere.URL+r.URL.Path, http.StatusTemporaryRedirect)
		}, []string{"Elasticsearch API", "GET /_connector/conn-7", "redirect", "another host"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := httptest.NewServer(tc.handler)
			defer srv.Close()
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			c := NewClient([]string{srv.URL}, []*transport.Client{hostileTransport(t, srv.URL, nil)})
			_, err := c.GetConnector(ctx, "conn-7")
			checkHostileError(t, err, tc.want)
		})
	}
	if leaked.Load() {
		t.Error("the API key followed a redirect to another host")
	}
}

// A create answered badly says so, and a POST that may have been processed is not sent again.
func TestHostileCreateAnswers(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		want       []string
	}{
		{"no id", `{"result":"created"}`, []string{"Elasticsearch API", "POST /_connector", "HTTP 200", "no connector id", "import"}},
		{"HTML", `<html>`, []string{"Elasticsearch API", "POST /_connector", "HTML page"}},
		{"id of the wrong type", `{"id":{"nested":true}}`, []string{"Elasticsearch API", "POST /_connector", "expected shape"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var posts atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				posts.Add(1)
				_, _ = w.Write([]byte(tc.body))
			}))
			defer srv.Close()
			c := NewClient([]string{srv.URL}, []*transport.Client{hostileTransport(t, srv.URL, nil)})
			_, err := c.CreateConnector(context.Background(), "", CreateConnectorRequest{})
			checkHostileError(t, err, tc.want)
			if n := posts.Load(); n != 1 {
				t.Errorf("the create was sent %d times", n)
			}
		})
	}
}

// GET / decides whether the server is Elasticsearch at all.
func TestHostileInfo(t *testing.T) {
	for _, tc := range []struct {
		name, product, body string
		want                []string
	}{
		{"not Elasticsearch", "", `{"version":{"number":"8.17.0"}}`, []string{"not Elasticsearch", "X-Elastic-Product"}},
		{"HTML", "", `<html>`, []string{"Elasticsearch API", "GET /", "HTML page"}},
		{"unreadable version", "Elasticsearch", `{"version":{"number":"` + strings.Repeat("v", 100000) + `"}}`, []string{"unreadable Elasticsearch version"}},
		{"no version", "Elasticsearch", `{}`, []string{"unreadable Elasticsearch version"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				if tc.product != "" {
					w.Header().Set("X-Elastic-Product", tc.product)
				}
				_, _ = w.Write([]byte(tc.body))
			}))
			defer srv.Close()
			// The endpoint carries a password, as some configurations do: it must not show.
			endpoint := strings.Replace(srv.URL, "://", "://elastic:"+hostileKey+"@", 1)
			c := NewClient([]string{endpoint}, []*transport.Client{hostileTransport(t, srv.URL, nil)})
			_, err := c.Info(context.Background())
			checkHostileError(t, err, tc.want)
		})
	}
}

// Ids that are other routes under /_connector are refused at import: GET /_connector/_sync_job
// answers with the sync job list, which would read as a connector.
func TestImportRefusesRouteIDs(t *testing.T) {
	for _, id := range []string{"_sync_job", "_secret", ".", "..", "", "a/b", "a b", strings.Repeat("a", 513)} {
		if err := checkConnectorID(id); err == nil {
			t.Errorf("%q accepted as a connector id", id)
		}
	}
	for _, id := range []string{"conn-7", "-Ab_9.x", strings.Repeat("a", 512), "_sync_jobs"} {
		if err := checkConnectorID(id); err != nil {
			t.Errorf("%q refused: %v", id, err)
		}
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
