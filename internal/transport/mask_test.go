package transport

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"
)

// Secret values used by the masking tests; none may ever show in logs or errors.
const (
	secretAPIKey   = "key-AAA111aaa"
	secretBearer   = "tok-BBB222bbb"
	secretQueryKey = "qkey-CCC333ccc"
	secretPassword = "pw-DDD444ddd"
	secretLiteral  = "s3cr3t-value"
)

var allSecrets = []string{secretAPIKey, secretBearer, secretQueryKey, secretPassword, secretLiteral}

func assertNoSecrets(t *testing.T, where, text string) {
	t.Helper()
	for _, s := range allSecrets {
		if strings.Contains(text, s) {
			t.Errorf("%s contains secret %q:\n%s", where, s, text)
		}
	}
}

// syncBuffer is a bytes.Buffer safe for the logger and the test to share.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// echoHandler answers with an error whose message echoes every credential it was sent, like a
// careless API would.
func echoHandler(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	msg := "rejected key " + r.Header.Get("X-API-Key") + " token " + strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ") +
		" apikey " + r.URL.Query().Get("apikey") + " body " + string(body)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusBadRequest)
	_ = json.NewEncoder(w).Encode(map[string]any{"message": msg, "echo": string(body), "password": secretPassword})
}

func maskingClient(t *testing.T, baseURL string) *Client {
	return newTestClient(t, baseURL, func(c *Config) {
		c.Header = http.Header{"X-Api-Key": {secretAPIKey}, "Authorization": {"Bearer " + secretBearer}}
		c.Query = url.Values{"apikey": {secretQueryKey}}
		c.DecodeError = func(resp *Response, e *APIError) {
			var b struct{ Message string }
			if json.Unmarshal(resp.Body, &b) == nil {
				e.Message = b.Message
				e.Details = []string{"detail: " + b.Message}
			}
		}
	})
}

func secretRequest() *Request {
	return &Request{
		Method:  http.MethodPost,
		Path:    "/v1/things",
		JSON:    map[string]any{"name": "thing", "password": secretPassword, "note": secretLiteral, "nested": map[string]any{"token": secretBearer}},
		Secrets: []string{secretLiteral},
	}
}

func TestMaskingInLogsAndAPIErrors(t *testing.T) {
	t.Parallel()
	var seen struct {
		sync.Mutex
		header, query string
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen.Lock()
		seen.header, seen.query = r.Header.Get("X-API-Key"), r.URL.Query().Get("apikey")
		seen.Unlock()
		echoHandler(w, r)
	}))
	defer srv.Close()
	c := maskingClient(t, srv.URL)
	var buf syncBuffer
	ctx := tflogtest.RootLogger(context.Background(), &buf)

	_, err := c.Do(ctx, secretRequest())
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.Status != 400 {
		t.Fatalf("err = %v, want *APIError 400", err)
	}
	// The credentials were really sent (masking must not touch the wire).
	seen.Lock()
	if seen.header != secretAPIKey || seen.query != secretQueryKey {
		t.Errorf("server saw X-API-Key %q apikey %q", seen.header, seen.query)
	}
	seen.Unlock()

	assertNoSecrets(t, "APIError", err.Error())
	if !strings.Contains(err.Error(), "rejected key") {
		t.Errorf("the API message was lost: %v", err)
	}
	logs := buf.String()
	assertNoSecrets(t, "TRACE log", logs)
	for _, want := range []string{`"method":"POST"`, `"path":"/v1/things"`, "API request body", "API response body", "X-Api-Key"} {
		if !strings.Contains(logs, want) {
			t.Errorf("log lacks %q:\n%s", want, logs)
		}
	}

	t.Run("DoJSON decode error echoing a secret", func(t *testing.T) {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			_, _ = io.WriteString(w, `{"note": "`+secretLiteral+`", "key": "`+secretAPIKey+`", "id": `)
		}))
		defer srv.Close()
		c := maskingClient(t, srv.URL)
		var out struct{ ID int }
		_, err := c.DoJSON(ctx, &Request{Method: http.MethodGet, Path: "/v1/things/1", Secrets: []string{secretLiteral}}, &out)
		var de *DecodeError
		if !errors.As(err, &de) {
			t.Fatalf("err = %v, want *DecodeError", err)
		}
		assertNoSecrets(t, "DecodeError", err.Error())
	})
	t.Run("decode error quoting a body with secret-named fields", func(t *testing.T) {
		// Haven's retrieveconfig returns credentials in clear: a body of the wrong shape is quoted
		// in the error with those values masked, though the client never knew them.
		const clearValue = "clear-EEE555eee"
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			_, _ = io.WriteString(w, `{"config": "not an object <b>", "credentials": {"login": {"app_key": "`+clearValue+`"}}, "password": "`+clearValue+`"}`)
		}))
		defer srv.Close()
		c := maskingClient(t, srv.URL)
		var out struct{ Config map[string]any }
		_, err := c.DoJSON(ctx, &Request{Method: http.MethodGet, Path: "/v1/things/1"}, &out)
		var de *DecodeError
		if !errors.As(err, &de) {
			t.Fatalf("err = %v, want *DecodeError", err)
		}
		if strings.Contains(err.Error(), clearValue) {
			t.Errorf("DecodeError quotes a clear credential: %v", err)
		}
		for _, want := range []string{`"config":"not an object <b>"`, `"app_key":"` + Redacted + `"`} {
			if !strings.Contains(de.Snippet, want) {
				t.Errorf("the quoted body lacks %s (it must keep the shape and be unescaped): %s", want, de.Snippet)
			}
		}
	})
	t.Run("a body without secret fields is quoted as it came", func(t *testing.T) {
		const body = `{"id": "x",  "note": "a <b> c"}`
		if got := snippet([]byte(body), c.cfg.Masker); got != body {
			t.Errorf("snippet = %s, want the body unchanged: %s", got, body)
		}
	})
}

func TestMaskingInNetworkErrors(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		dropConnection(t, w)
	}))
	defer srv.Close()
	refused := "http://" + closedAddress(t)

	for name, base := range map[string]string{"dropped": srv.URL, "refused": refused} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			c := maskingClient(t, base)
			var buf syncBuffer
			ctx := tflogtest.RootLogger(context.Background(), &buf)
			req := &Request{Method: http.MethodGet, Path: "/v1/things", Query: url.Values{"api_key": {secretAPIKey}}, Secrets: []string{secretLiteral}}
			_, err := c.Do(ctx, req)
			var netErr *NetworkError
			if !errors.As(err, &netErr) {
				t.Fatalf("err = %v (%T), want *NetworkError", err, err)
			}
			assertNoSecrets(t, "NetworkError", err.Error())
			assertNoSecrets(t, "log", buf.String())
			if !strings.Contains(err.Error(), "/v1/things") {
				t.Errorf("error does not name the path: %v", err)
			}
		})
	}
}

func TestMasker(t *testing.T) {
	t.Parallel()
	m := NewMasker("hunter2-long", "a", "")
	t.Run("Mask", func(t *testing.T) {
		for in, want := range map[string]string{
			"the password is hunter2-long!":     "the password is ***!",
			"password=abc&user=bob":             "password=***&user=bob",
			`{"apikey": "zzz-9"}`:               `{"apikey": "***"}`,
			"token: tttttt next":                "token: *** next",
			"a short value a is not masked":     "a short value a is not masked",
			"Authorization: Basic dXNlcjpwdw==": "Authorization: ***",
			`{"password":"ab[cd{e"}`:            `{"password":"***"}`,
		} {
			if got := m.Mask(in); got != want {
				t.Errorf("Mask(%q) = %q, want %q", in, got, want)
			}
		}
	})
	t.Run("With leaves the parent unchanged", func(t *testing.T) {
		child := m.With("child-secret")
		if got := child.Mask("child-secret hunter2-long"); got != "*** ***" {
			t.Errorf("child Mask = %q", got)
		}
		if got := m.Mask("child-secret"); got != "child-secret" {
			t.Errorf("parent masks the child's secret: %q", got)
		}
	})
	t.Run("longest secret first", func(t *testing.T) {
		m := NewMasker("abc", "abcdef")
		if got := m.Mask("xabcdefx"); got != "x***x" {
			t.Errorf("Mask = %q, want x***x", got)
		}
	})
	t.Run("MaskURL", func(t *testing.T) {
		got := m.MaskURL("/things/hunter2-long", url.Values{"apikey": {"q-value-1"}, "page": {"2"}, "access_token": {"t-value-2"}})
		if strings.Contains(got, "hunter2-long") || strings.Contains(got, "q-value-1") || strings.Contains(got, "t-value-2") {
			t.Errorf("MaskURL = %q", got)
		}
		if !strings.Contains(got, "page=2") || !strings.HasPrefix(got, "/things/") {
			t.Errorf("MaskURL hid too much: %q", got)
		}
		if got := m.MaskURL("/plain", nil); got != "/plain" {
			t.Errorf("MaskURL without query = %q", got)
		}
	})
	t.Run("MaskLocation", func(t *testing.T) {
		got := m.MaskLocation("https://user:pw-in-url@other.example.com/x?token=t-value-3&a=1")
		if strings.Contains(got, "pw-in-url") || strings.Contains(got, "t-value-3") || !strings.Contains(got, "other.example.com/x") {
			t.Errorf("MaskLocation = %q", got)
		}
	})
	t.Run("MaskBody JSON nested", func(t *testing.T) {
		body := `{"name":"x","password":"p-1","credentials":{"client_secret":"p-2","app_key":"p-6","user":"p-7"},"list":[{"token":"p-3"},{"ok":"hunter2-long"}],"secret_id":"keep-me",` +
			`"configuration":{"password":{"label":"p-8","value":"p-9"}},"user":"u","passwords":["p-10"]}`
		got := m.MaskBody("application/json", []byte(body))
		for _, s := range []string{"p-1", "p-2", "p-3", "p-6", "p-7", "p-8", "p-9", "p-10", "hunter2-long"} {
			if strings.Contains(got, s) {
				t.Errorf("MaskBody kept %q: %s", s, got)
			}
		}
		for _, s := range []string{`"name":"x"`, `"user":"u"`, `"secret_id":"keep-me"`, `"app_key":`, `"value":`} {
			if !strings.Contains(got, s) {
				t.Errorf("MaskBody lost %s: %s", s, got)
			}
		}
		var v any
		if err := json.Unmarshal([]byte(got), &v); err != nil {
			t.Errorf("masked body is not JSON: %v\n%s", err, got)
		}
	})
	t.Run("MaskBody auth blocks and secret name/value items", func(t *testing.T) {
		// Polytomic returns csv's auth values in clear (its schema does not mark them sensitive).
		body := `{"configuration":{"url":"u","headers":[{"name":"Accept","value":"text/csv"},{"name":"Authorization","value":"p-11"}],` +
			`"auth":{"header":{"name":"X-Custom","value":"p-12"},"query":[{"name":"sig","value":"p-13"}]}}}`
		got := m.MaskBody("application/json", []byte(body))
		for _, s := range []string{"p-11", "p-12", "p-13"} {
			if strings.Contains(got, s) {
				t.Errorf("MaskBody kept %q: %s", s, got)
			}
		}
		if !strings.Contains(got, `"value":"text/csv"`) {
			t.Errorf("MaskBody masked a header that is no secret: %s", got)
		}
	})
	t.Run("MaskBody JSON without content type", func(t *testing.T) {
		got := m.MaskBody("", []byte(`[{"password":"p-4"}]`))
		if strings.Contains(got, "p-4") {
			t.Errorf("MaskBody = %s", got)
		}
	})
	t.Run("MaskBody invalid JSON", func(t *testing.T) {
		got := m.MaskBody("application/json", []byte(`{"password":"p-5", "x": hunter2-long`))
		if strings.Contains(got, "p-5") || strings.Contains(got, "hunter2-long") {
			t.Errorf("MaskBody = %s", got)
		}
	})
	t.Run("MaskBody form", func(t *testing.T) {
		got := m.MaskBody("application/x-www-form-urlencoded", []byte("username=bob&password=p%20w-6&note=hunter2-long"))
		if strings.Contains(got, "p%20w-6") || strings.Contains(got, "p+w-6") || strings.Contains(got, "hunter2-long") {
			t.Errorf("MaskBody = %s", got)
		}
		if !strings.Contains(got, "username=bob") {
			t.Errorf("MaskBody lost username: %s", got)
		}
	})
	t.Run("MaskHeader", func(t *testing.T) {
		got := m.MaskHeader(http.Header{
			"Authorization":   {"Bearer xyz-7"},
			"X-Api-Key":       {"k-8"},
			"Cookie":          {"session=c-9"},
			"Idempotency-Key": {"idem-1"},
			"X-Note":          {"hunter2-long"},
			"Accept":          {"application/json"},
		})
		for _, k := range []string{"Authorization", "X-Api-Key", "Cookie", "X-Note"} {
			if got[k] != Redacted {
				t.Errorf("MaskHeader[%s] = %q, want %q", k, got[k], Redacted)
			}
		}
		if got["Idempotency-Key"] != "idem-1" || got["Accept"] != "application/json" {
			t.Errorf("MaskHeader hid too much: %v", got)
		}
	})
	t.Run("URL-encoded and JSON-escaped secrets", func(t *testing.T) {
		sec := `p@ss w/rd&"q"`
		m := NewMasker(sec)
		for _, in := range []string{
			"raw " + sec,
			"query x=" + url.QueryEscape(sec),
			`json {"v":` + mustJSON(sec) + `}`,
		} {
			got := m.Mask(in)
			if strings.Contains(got, "w/rd") || strings.Contains(got, "w%2Frd") {
				t.Errorf("Mask(%q) = %q", in, got)
			}
		}
	})
	t.Run("Error keeps the chain", func(t *testing.T) {
		base := &url.Error{Op: "Get", URL: "http://h/?apikey=zz-top", Err: errors.New("boom hunter2-long")}
		err := m.Error(base)
		if strings.Contains(err.Error(), "zz-top") || strings.Contains(err.Error(), "hunter2-long") {
			t.Errorf("Error = %q", err)
		}
		var ue *url.Error
		if !errors.As(err, &ue) {
			t.Errorf("errors.As lost the *url.Error")
		}
		if m.Error(nil) != nil {
			t.Errorf("Error(nil) != nil")
		}
		// A *url.Error deeper in the chain loses its URL too; the outer text stays.
		wrapped := m.Error(fmt.Errorf("%w (last failure: %w)", context.DeadlineExceeded, base))
		if got, want := wrapped.Error(), "context deadline exceeded (last failure: boom ***)"; got != want {
			t.Errorf("wrapped Error = %q, want %q", got, want)
		}
	})
	t.Run("nil masker", func(t *testing.T) {
		var nm *Masker
		if got := nm.Mask("plain"); got != "plain" {
			t.Errorf("nil Mask = %q", got)
		}
	})
}

func mustJSON(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func TestIsSecretName(t *testing.T) {
	t.Parallel()
	for name, want := range map[string]bool{
		"password": true, "X-API-Key": true, "apikey": true, "Authorization": true, "client_secret": true,
		"access_token": true, "key": true, "deployment_key": true, "Cookie": true,
		"Idempotency-Key": false, "secret_id": false, "token_version": false, "name": false, "keyword": false,
	} {
		if got := isSecretName(name); got != want {
			t.Errorf("isSecretName(%q) = %v, want %v", name, got, want)
		}
	}
}
