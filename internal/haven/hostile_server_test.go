package haven

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// hostileClient is a client as Configure builds it, with short retry waits.
func hostileClient(t testing.TB, u string) *Client {
	t.Helper()
	c, err := NewClient(ClientConfig{URL: u, APIKey: testKey, AttemptTimeout: 2 * time.Second, RetryWaitMin: time.Millisecond, RetryWaitMax: 5 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// carriesKey reports a request that holds the API key anywhere (query, headers, body).
func carriesKey(r *http.Request) bool {
	if strings.Contains(r.URL.String(), testKey) || strings.Contains(r.URL.String(), url.QueryEscape(testKey)) {
		return true
	}
	for _, vs := range r.Header {
		for _, v := range vs {
			if strings.Contains(v, testKey) {
				return true
			}
		}
	}
	_ = r.ParseForm()
	return r.Form.Get("apikey") != ""
}

// Broken or hostile servers give a clear error naming the platform, the request and the status:
// never a panic, and never the API key, which travels in the URL of every request.
func TestHostileServers(t *testing.T) {
	var leaked atomic.Bool
	elsewhere := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if carriesKey(r) {
			leaked.Store(true)
		}
		_, _ = w.Write([]byte(`{"name":"site","flavor":"web_cloud","config":{}}`))
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
	const request = "GET /1/api/sync/retrieveconfig/v1?connector=site&output=config_attributes"
	cases := []struct {
		name    string
		handler http.HandlerFunc
		want    []string
	}{
		{"HTML page", func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			_, _ = w.Write([]byte("<!DOCTYPE html><html><body>Haven OnDemand is down for maintenance</body></html>"))
		}, []string{"Haven OnDemand API", request, "HTTP 200", "HTML page where JSON was expected"}},
		{"HTML page echoing the URL", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			_, _ = w.Write([]byte("<html>Not found: " + r.URL.String() + "</html>"))
		}, []string{"Haven OnDemand API", "HTTP 200", "HTML page"}},
		{"truncated JSON", jsonAnswer(200, `{"name":"site","flavor":"web_cl`),
			[]string{"Haven OnDemand API", request, "HTTP 200", "not valid JSON"}},
		{"wrong shape", jsonAnswer(200, `{"name":["site"],"config":"none"}`),
			[]string{"Haven OnDemand API", "HTTP 200", "expected shape"}},
		{"missing fields", jsonAnswer(200, `{}`), []string{"Haven OnDemand API", "retrieveconfig", "no name"}},
		{"empty 200", func(w http.ResponseWriter, _ *http.Request) {}, []string{"Haven OnDemand API", "HTTP 200", "empty"}},
		{"500 with a huge body", func(w http.ResponseWriter, _ *http.Request) {
			w.WriteHeader(500)
			_, _ = w.Write([]byte(huge))
		}, []string{"Haven OnDemand API", request, "HTTP 500"}},
		{"500 with a huge reason and detail", jsonAnswer(500, `{"error":5000,"reason":"`+long+`","detail":{"message":"`+long+`"}}`),
			[]string{"Haven OnDemand API", "HTTP 500", "(5000)"}},
		{"error echoing the request URL", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(400)
			_, _ = w.Write([]byte(`{"error":4005,"reason":"Invalid parameters","detail":{"message":"bad request ` + r.URL.String() + `","params":["` + r.URL.RawQuery + `"]}}`))
		}, []string{"Haven OnDemand API", "HTTP 400", "(4005)", "Invalid parameters"}},
		{"error echoing the key across the snippet cut", func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(502)
			_, _ = w.Write([]byte(strings.Repeat("-", 180) + r.URL.RawQuery))
		}, []string{"Haven OnDemand API", "HTTP 502"}},
		{"redirect to another host", func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, elsewhere.URL+r.URL.RequestURI(), http.StatusFound)
		}, []string{"Haven OnDemand API", request, "redirect", "another host"}},
		{"redirect loop carrying the key", func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, r.URL.RequestURI()+"&loop=1", http.StatusFound)
		}, []string{"Haven OnDemand API", request, "HTTP 302", "redirect loop"}},
		{"300 with a location carrying the key", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Location", elsewhere.URL+"/choose?"+r.URL.RawQuery+"&pad="+strings.Repeat("p", 200<<10))
			w.WriteHeader(http.StatusMultipleChoices)
		}, []string{"Haven OnDemand API", request, "HTTP 300", "redirect"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := httptest.NewServer(tc.handler)
			defer srv.Close()
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			_, err := hostileClient(t, srv.URL).RetrieveConfig(ctx, "site")
			checkHostileError(t, err, tc.want)
		})
	}
	if leaked.Load() {
		t.Error("the API key followed a redirect to another host")
	}
}

// retrieveconfig answers with the credentials in clear text (reference §3): when the answer
// cannot be decoded, the start of the body in the error must not show them.
func TestUndecodableConfigHidesCredentials(t *testing.T) {
	for _, body := range []string{
		`{"name":"site","flavor":7,"config":{"credentials":{"login_value":"admin","password_value":"hunter2-secret"}}}`,
		`{"flavor":"web_cloud","config":{"credentials":{"password_value":"hunter2-secret","login_value":"adm`,
		`{"name":"site","config":"{\"credentials\":{\"password_value\":\"hunter2-secret\"}}","flavor":[]}`,
	} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte(body)) }))
		_, err := hostileClient(t, srv.URL).RetrieveConfig(context.Background(), "site")
		srv.Close()
		checkHostileError(t, err, []string{"Haven OnDemand API", "retrieveconfig", "HTTP 200"})
		if strings.Contains(err.Error(), "hunter2") {
			t.Errorf("the error shows the credentials: %s", err)
		}
	}
}

// An asynchronous call answered badly says so, and the POST is not sent again.
func TestHostileJobSubmission(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		want       []string
	}{
		{"no job id", `{"status":"queued"}`, []string{"Haven OnDemand API", "POST /1/api/async/createconnector/v1", "no jobID"}},
		{"HTML", `<html>`, []string{"Haven OnDemand API", "POST /1/api/async/createconnector/v1", "HTML page"}},
		{"job id of the wrong type", `{"jobID":["a"]}`, []string{"Haven OnDemand API", "expected shape"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var posts atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				posts.Add(1)
				_, _ = w.Write([]byte(tc.body))
			}))
			defer srv.Close()
			_, err := hostileClient(t, srv.URL).StartCreateConnector(context.Background(), Spec{Name: "site", Flavor: "web_cloud", Config: "{}", Destination: "{}", Credentials: `{"password":"hunter2-secret"}`})
			checkHostileError(t, err, tc.want)
			if strings.Contains(err.Error(), "hunter2-secret") {
				t.Errorf("the error shows the credentials: %s", err)
			}
			if n := posts.Load(); n != 1 {
				t.Errorf("the job was submitted %d times", n)
			}
		})
	}
}

// A job status answered badly ends the wait with a clear error, not a hang.
func TestHostileJobStatus(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		want       []string
	}{
		{"unknown status", `{"jobID":"j-1","status":"exploded","actions":[]}`, []string{"Haven OnDemand", "j-1", `"exploded"`}},
		{"finished without a result", `{"jobID":"j-1","status":"finished","actions":[]}`, []string{"Haven OnDemand", "j-1", "without a result"}},
		{"finished with a result of the wrong shape", `{"jobID":"j-1","status":"finished","actions":[{"action":"createconnector","status":"finished","result":{"connector":7}}]}`,
			[]string{"Haven OnDemand", "j-1", "expected shape"}},
		{"failed with odd errors", `{"jobID":"j-1","status":"failed","actions":[{"action":"createconnector","status":"failed","errors":[{"error":9003,"reason":"quota","detail":[1,{"a":null}]},{}]}]}`,
			[]string{"Haven OnDemand job j-1", "error 9003", "connector count quota"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				_, _ = w.Write([]byte(tc.body))
			}))
			defer srv.Close()
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			var out CreateResult
			err := hostileClient(t, srv.URL).WaitJob(ctx, "j-1", "creation of Haven OnDemand connector site", "Run `terraform apply` again.", &out)
			checkHostileError(t, err, tc.want)
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
	if strings.Contains(msg, testKey[:len(testKey)-4]) || strings.Contains(msg, url.QueryEscape(testKey)[:len(testKey)-4]) {
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
