package jim

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/syncops/terraform-provider-syncops/internal/providerdata"
	"github.com/syncops/terraform-provider-syncops/internal/transport"
)

// Broken or hostile servers give a clear error naming the platform, the request and the status:
// never a panic, never the API key.
func TestHostileServers(t *testing.T) {
	var leaked atomic.Bool
	elsewhere := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-Api-Key") != "" || strings.Contains(r.URL.String(), "jim_ak_") {
			leaked.Store(true)
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"id":1,"name":"evil"}`))
	}))
	defer elsewhere.Close()
	huge := strings.Repeat("x", 4<<20)
	cases := []struct {
		name    string
		handler http.HandlerFunc
		want    []string
	}{
		{"HTML page", func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			_, _ = w.Write([]byte("<!DOCTYPE html><html><body>JIM</body></html>"))
		}, []string{"JIM API", "GET /api/v1/synchronisation/connected-systems/7", "HTTP 200", "HTML page where JSON was expected"}},
		{"truncated JSON", func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(`{"id":7,"name":"HR`))
		}, []string{"JIM API", "HTTP 200", "not valid JSON"}},
		{"wrong shape", func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(`{"id":"seven","name":["HR"]}`))
		}, []string{"JIM API", "HTTP 200", "expected shape"}},
		{"missing fields", func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(`{}`))
		}, []string{"JIM API", "no connected system id"}},
		{"empty 200", func(w http.ResponseWriter, _ *http.Request) {}, []string{"JIM API", "HTTP 200", "empty"}},
		{"500 with a huge body", func(w http.ResponseWriter, _ *http.Request) {
			w.WriteHeader(500)
			_, _ = w.Write([]byte(huge))
		}, []string{"JIM API", "HTTP 500"}},
		{"redirect to another host", func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, elsewhere.URL+r.URL.Path, http.StatusFound)
		}, []string{"JIM API", "redirect"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := httptest.NewServer(tc.handler)
			defer srv.Close()
			c, err := NewClient(srv.URL, testKey, providerdata.Common{AttemptTimeout: 2 * time.Second}, WithRateLimit(0),
				WithTransport(func(c *transport.Config) { c.RetryWaitMin, c.RetryWaitMax = time.Millisecond, 5*time.Millisecond }))
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			_, err = c.GetConnectedSystem(ctx, 7)
			if err == nil {
				t.Fatal("want an error")
			}
			msg := err.Error()
			for _, w := range tc.want {
				if !strings.Contains(msg, w) {
					t.Errorf("error lacks %q: %s", w, msg)
				}
			}
			if strings.Contains(msg, testKey) {
				t.Error("the error shows the API key")
			}
			if len(msg) > 2000 {
				t.Errorf("the error is %d characters long: a huge body must not be copied whole", len(msg))
			}
		})
	}
	if leaked.Load() {
		t.Error("the API key followed a redirect to another host")
	}
}

func FuzzDecodeError(f *testing.F) {
	for _, s := range []string{`{"code":"X","message":"m"}`, `{"error":"Unauthorized"}`, `{"title":"t","errors":{"a":["b"]}}`, `<html>`, ``, `{"validationErrors":{"":[""]}}`, `[1,2]`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		c := fakeJIM(t, func(w http.ResponseWriter, _ *http.Request) {
			w.WriteHeader(400)
			_, _ = w.Write(body)
		})
		_, err := c.GetConnectedSystem(context.Background(), 1)
		if err == nil {
			t.Fatal("a 400 must be an error")
		}
	})
}
