package polytomic

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/syncops/terraform-provider-syncops/internal/transport"
)

func testClient(t *testing.T, h http.HandlerFunc) *Client {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	tc, err := newTransport(srv.URL, "Bearer k-123456", DefaultAPIVersion, transport.NewMasker("k-123456"),
		transportOptions{attemptTimeout: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return NewClient(tc, srv.URL, DefaultAPIVersion)
}

func answer(status int, contentType, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", contentType)
		w.Header().Set("X-Request-Id", "req-42")
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	}
}

func TestErrorBodies(t *testing.T) {
	cases := []struct {
		name, body string
		status     int
		want       []string
	}{
		{"ApiError", `{"key":"invalid_configuration","message":"invalid configuration: port","metadata":{"errors":["configuration.port: expected integer"]},"status":422}`, 422,
			[]string{"HTTP 422", "(invalid_configuration)", "invalid configuration: port", "configuration.port: expected integer", "request id: req-42"}},
		{"401 RestErrResponse", `{"code":401,"context":{},"error":"invalid API key","status":"Unauthorized"}`, 401, []string{"HTTP 401", "invalid API key"}},
		{"legacy nested error", `{"error":{"message":"legacy failure"}}`, 400, []string{"legacy failure"}},
		{"older message shape", `{"message":"older failure","status_code":400,"metadata":[]}`, 400, []string{"older failure"}},
		{"connection in use", `{"status":422,"message":"connection in use","metadata":{"used_by":[{"type":"sync","name":"Nightly","id":"s-1"}]}}`, 422,
			[]string{"connection in use", `sync "Nightly" (s-1)`}},
		{"not JSON", `Internal Server Error`, 500, []string{"HTTP 500", "Internal Server Error"}},
		{"errors by field beside used_by", `{"status":422,"message":"connection in use","metadata":{"errors":{"port":["expected integer"]},"used_by":[{"type":"sync","name":"Nightly","id":"s-1"}]}}`, 422,
			[]string{`sync "Nightly" (s-1)`, "port: expected integer"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := testClient(t, answer(tc.status, "application/json", tc.body))
			// DELETE with 500 is retried by the transport; answer the same each time.
			err := c.DeleteConnection(context.Background(), "abc", false)
			if err == nil {
				t.Fatal("expected an error")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
			if tc.name == "connection in use" && !IsConnectionInUse(err) {
				t.Error("IsConnectionInUse = false")
			}
		})
	}
}

func TestBadSuccessBodies(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name, ct, body, want string
	}{
		{"HTML page", "text/html", "<html>login</html>", "HTML page"},
		{"garbage", "application/json", "{not json", "not valid JSON"},
		{"no envelope", "application/json", `{"id":"x"}`, `no "data" object`},
		{"wrong shape", "application/json", `{"data":{"id":5}}`, "expected shape"},
		{"empty", "application/json", "", "empty"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := testClient(t, answer(200, tc.ct, tc.body))
			_, err := c.GetConnection(ctx, "x")
			var de *transport.DecodeError
			if !errors.As(err, &de) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want a decode error with %q", err, tc.want)
			}
		})
	}
	c := testClient(t, answer(200, "application/json", `{"data":{"name":"x"}}`))
	if _, err := c.CreateConnection(ctx, ConnectionRequest{Name: "x"}, "key-12345678", nil); err == nil || !strings.Contains(err.Error(), "no connection id") {
		t.Fatalf("create without id: %v", err)
	}
}

func TestSecretsNeverInErrors(t *testing.T) {
	// A server that echoes the request body in its error message.
	c := testClient(t, func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(422)
		_, _ = w.Write([]byte(`{"status":422,"message":` + quoteJSON(string(b)) + `}`))
	})
	secret := map[string]any{"private_key": "pk-very-secret-value"}
	_, err := c.CreateConnection(context.Background(), ConnectionRequest{Name: "x", Configuration: secret}, "key-12345678", secretValues(secret))
	if err == nil || strings.Contains(err.Error(), "pk-very-secret-value") {
		t.Fatalf("the secret leaked into the error (or no error): %v", err)
	}
}

func quoteJSON(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)
	return `"` + r.Replace(s) + `"`
}

var postgresSchema = map[string]any{
	"type":     "object",
	"required": []any{"hostname", "password", "port"},
	"properties": map[string]any{
		"hostname": map[string]any{"type": "string"},
		"port":     map[string]any{"type": "integer"},
		"password": map[string]any{"type": "string", "sensitive": true},
		"ssl":      map[string]any{"type": "boolean"},
		"mode":     map[string]any{"type": "string", "enum": []any{"a", "b"}},
		"token":    map[string]any{"type": "string", "sensitive": true, "readOnly": true},
	},
}

func TestCheckConfiguration(t *testing.T) {
	s := &TypeSchema{TypeID: "postgresql", Root: postgresSchema}
	problems := func(public, secret map[string]any, creating bool) string {
		var out []string
		for _, p := range s.CheckConfiguration(public, secret, creating) {
			out = append(out, p.Attribute+"/"+p.Field+": "+p.Message)
		}
		return strings.Join(out, "\n")
	}
	ok := map[string]any{"hostname": "h", "port": float64(5432)}
	if got := problems(ok, map[string]any{"password": "p"}, true); got != "" {
		t.Fatalf("valid configuration: %s", got)
	}
	if got := problems(ok, map[string]any{}, false); got != "" {
		t.Fatalf("update without secrets is valid (the API keeps them): %s", got)
	}
	for _, tc := range []struct {
		public, secret map[string]any
		want           string
	}{
		{map[string]any{"hostname": "h"}, map[string]any{"password": "p"}, "configuration/port: required field"},
		{map[string]any{"hostname": "h", "port": nil}, map[string]any{"password": "p"}, "configuration/port: required field"},
		{ok, map[string]any{"password": nil}, "sensitive_configuration_wo/password: required field"},
		{ok, map[string]any{}, "sensitive_configuration_wo/password: required field"},
		{map[string]any{"hostname": "h", "port": 1.5}, map[string]any{"password": "p"}, "configuration/port: expected a JSON integer, got a number"},
		{map[string]any{"hostname": "h", "port": float64(1), "colour": "x"}, map[string]any{"password": "p"}, "configuration/colour: unknown field"},
		{map[string]any{"hostname": "h", "port": float64(1), "password": "p"}, nil, "configuration/password: this field is sensitive"},
		{map[string]any{"port": float64(1)}, map[string]any{"password": "p", "hostname": "h"}, "sensitive_configuration_wo/hostname: this field is not sensitive"},
		{map[string]any{"hostname": "h", "port": float64(1), "mode": "c"}, map[string]any{"password": "p"}, `configuration/mode: must be one of "a", "b"`},
		{ok, map[string]any{"password": "p", "token": "t"}, "sensitive_configuration_wo/token: this field is read-only"},
		{ok, map[string]any{"password": float64(12345)}, "password: expected a JSON string, got a number"},
	} {
		if got := problems(tc.public, tc.secret, true); !strings.Contains(got, tc.want) {
			t.Errorf("got %q, want %q", got, tc.want)
		}
	}
}

func TestPublicConfigurationDropsSecrets(t *testing.T) {
	s := &TypeSchema{TypeID: "postgresql", Root: postgresSchema}
	cfg := map[string]any{"hostname": "h", "password": "********", "token": "unmasked-by-mistake", "extra": "***"}
	got := PublicConfiguration(cfg, s)
	if len(got) != 1 || got["hostname"] != "h" {
		t.Fatalf("public configuration: %v", got)
	}
	// Without a schema, masked values and values whose name says they are secrets are dropped.
	if got := PublicConfiguration(cfg, nil); len(got) != 1 || got["hostname"] != "h" {
		t.Fatalf("without a schema: %v", got)
	}
	cfg["note"] = "kept"
	if got := PublicConfiguration(cfg, nil); len(got) != 2 || got["note"] != "kept" {
		t.Fatalf("without a schema, a value that is no secret stays: %v", got)
	}
}

// A create whose first attempt outlives the per-attempt timeout: the server goes on processing it,
// so the transport's re-send with the same Idempotency-Key gets 409 (key in flight). The client
// waits for the first attempt to finish and takes its replayed outcome: one connection, no error.
// The server holds the first attempt until it has answered a 409, so no delay races the timeout.
func TestCreateWaitsForAnInFlightIdempotencyKey(t *testing.T) {
	var mu sync.Mutex
	created, conflicts := 0, 0
	var outcome []byte
	inFlight := false
	metKeyInFlight := make(chan struct{})
	var once sync.Once
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Idempotency-Key") == "" {
			t.Error("create sent without an Idempotency-Key")
		}
		w.Header().Set("Content-Type", "application/json")
		mu.Lock()
		switch {
		case outcome != nil:
			mu.Unlock()
			_, _ = w.Write(outcome)
			return
		case inFlight:
			conflicts++
			mu.Unlock()
			w.WriteHeader(http.StatusConflict)
			_, _ = w.Write([]byte(`{"status":409,"key":"idempotency_key_in_use","message":"a request with this Idempotency-Key is still in progress"}`))
			once.Do(func() { close(metKeyInFlight) })
			return
		}
		inFlight = true
		mu.Unlock()
		// Slow upstream validation: it lasts until the client's re-send has met the key in flight
		// (the safety deadline only keeps a broken client from hanging the test).
		select {
		case <-metKeyInFlight:
		case <-time.After(30 * time.Second):
		}
		mu.Lock()
		created++
		outcome = []byte(`{"data":{"id":"c-1","name":"slow","type":{"id":"csv"},"configuration":{}}}`)
		mu.Unlock()
		_, _ = w.Write(outcome)
	}))
	t.Cleanup(srv.Close)
	tc, err := newTransport(srv.URL, "Bearer k-123456", DefaultAPIVersion, transport.NewMasker("k-123456"), transportOptions{
		attemptTimeout: 300 * time.Millisecond,
		tune:           func(c *transport.Config) { c.RetryWaitMin, c.RetryWaitMax = 10*time.Millisecond, 50*time.Millisecond },
	})
	if err != nil {
		t.Fatal(err)
	}
	c := NewClient(tc, srv.URL, DefaultAPIVersion)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	got, err := c.CreateConnection(ctx, ConnectionRequest{Name: "slow", Type: "csv", Configuration: map[string]any{}}, "key-12345678", nil)
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	mu.Lock()
	defer mu.Unlock()
	if conflicts == 0 {
		t.Fatal("no POST met the key in flight: the test did not exercise a 409")
	}
	if got.ID != "c-1" || created != 1 {
		t.Fatalf("got id %q, %d connection(s) created; want c-1 and exactly one", got.ID, created)
	}
}

// A 409 to the first attempt of a create is not the client's own key in flight (the key is new):
// it is returned as is, not waited on.
func TestCreateDoesNotWaitOnAFirstAttempt409(t *testing.T) {
	posts := 0
	c := testClient(t, func(w http.ResponseWriter, r *http.Request) {
		posts++
		answer(http.StatusConflict, "application/json", `{"status":409,"message":"conflict"}`)(w, r)
	})
	_, err := c.CreateConnection(context.Background(), ConnectionRequest{Name: "x", Type: "csv", Configuration: map[string]any{}}, "key-12345678", nil)
	if transport.StatusOf(err) != http.StatusConflict || posts != 1 {
		t.Fatalf("err %v after %d POST(s); want the 409 after one", err, posts)
	}
}

// Keys the schema marks read-only (readOnly, or the lowercase readonly some vendor schemas use)
// are set by Polytomic: the resource's configuration leaves them out (the plan-time check forbids
// configuring them, so keeping them would make a diff no configuration can remove), and the
// plan-time check rejects both spellings.
func TestReadOnlyKeysAreServerManaged(t *testing.T) {
	root := map[string]any{
		"type": "object",
		"properties": map[string]any{
			"url":         map[string]any{"type": "string"},
			"instance":    map[string]any{"type": "string", "readOnly": true},
			"api_version": map[string]any{"type": "string", "readonly": true},
		},
	}
	s := &TypeSchema{TypeID: "crm", Root: root}
	got := managedConfiguration(map[string]any{"url": "u", "instance": "eu1", "api_version": "v58"}, s)
	if len(got) != 1 || got["url"] != "u" {
		t.Fatalf("managed configuration keeps server-set keys: %v", got)
	}
	for _, key := range []string{"instance", "api_version"} {
		problems := s.CheckConfiguration(map[string]any{"url": "u", key: "x"}, nil, true)
		if len(problems) != 1 || !strings.Contains(problems[0].Message, "read-only") {
			t.Errorf("%s: problems %v, want one read-only error", key, problems)
		}
	}
}
