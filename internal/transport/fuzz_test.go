package transport

import (
	"errors"
	"net/http"
	"strings"
	"testing"
)

const fuzzSecret = "sk-fuzz-0123456789abcdef"

// decodeTargets are the shapes platform clients decode into: objects with typed fields, maps,
// lists and envelopes.
func decodeTargets() []any {
	type item struct {
		ID      int64             `json:"id"`
		Name    string            `json:"name"`
		Enabled bool              `json:"enabled"`
		Tags    []string          `json:"tags"`
		Config  map[string]any    `json:"config"`
		Labels  map[string]string `json:"labels"`
		Next    *item             `json:"next"`
	}
	return []any{
		&item{},
		&map[string]any{},
		&[]item{},
		&struct {
			Data *[]item `json:"data"`
		}{},
		new(any),
		new(int),
		new(string),
	}
}

// DecodeJSON never panics, and every failure is a *DecodeError that names the platform, the
// request and the status, stays short, and never shows a secret, whatever the body.
func FuzzDecodeJSON(f *testing.F) {
	for _, s := range []struct{ ct, body string }{
		{"application/json", `{"id":7,"name":"x","tags":["a"],"config":{"k":[1,{"a":null}]}}`},
		{"application/json", `{"id":"seven"}`},
		{"application/json", `{"id":7,"name":"HR`},
		{"application/json", ``},
		{"application/json", `   `},
		{"text/html; charset=utf-8", `<!DOCTYPE html><html>login</html>`},
		{"application/json", `<html>`},
		{"application/json", `[1,2,3]`},
		{"application/json", `{"id":1e999}`},
		{"application/json", `{"id":` + strings.Repeat("9", 5000) + `}`},
		{"application/json", `{"name":"` + fuzzSecret + `"}`},
		// The secret straddles the 200th character, where the body snippet is cut.
		{"application/json", `{"id":"` + strings.Repeat("x", 170) + fuzzSecret + `"}`},
		{"application/json", `{"a":` + strings.Repeat("[", 20000)},
		{"", "\xff\xfe\x00"},
		{"application/json", `null`},
		{"application/json", `{"id":7}{"id":8}`},
	} {
		f.Add(s.ct, []byte(s.body), 200)
	}
	f.Add("application/json", []byte(`{"error":"x"}`), 500)
	masker := NewMasker(fuzzSecret)
	f.Fuzz(func(t *testing.T, contentType string, body []byte, status int) {
		resp := &Response{StatusCode: status, Header: http.Header{"Content-Type": {contentType}}, Body: body, Method: "GET", Path: "/api/things/7"}
		for _, out := range decodeTargets() {
			err := DecodeJSON("Fuzzplatform", resp, out, masker)
			if err == nil {
				continue
			}
			var de *DecodeError
			if !errors.As(err, &de) {
				t.Fatalf("want a *DecodeError, got %T: %v", err, err)
			}
			msg := err.Error()
			for _, want := range []string{"Fuzzplatform API", "GET /api/things/7", "HTTP "} {
				if !strings.Contains(msg, want) {
					t.Errorf("the error lacks %q: %s", want, msg)
				}
			}
			// Not even most of it: a snippet cut in the middle of a secret must not show its start.
			// (Only starts the body holds outside a whole secret may show.)
			prefix := fuzzSecret[:len(fuzzSecret)-4]
			partials := strings.Count(string(body), prefix) - strings.Count(string(body), fuzzSecret)
			if strings.Count(msg, prefix) > partials {
				t.Errorf("the error shows the secret: %s", msg)
			}
			if len(msg) > 2000 {
				t.Errorf("the error is %d characters long", len(msg))
			}
		}
	})
}

// Secret-named fields are hidden in error text even when the masker does not know their value
// (Haven's retrieveconfig answers with the credentials in clear text), JSON-escaped ones too.
func TestMaskSecretNamedFields(t *testing.T) {
	m := NewMasker()
	for in, want := range map[string]string{
		`"credentials": {"login_value": "login", "password_value": "hunter2"}`: `"credentials": {"login_value": "login", "password_value": "***"}`,
		`{"config":"{\"password_value\":\"hunter2\"}"}`:                        `{"config":"{\"password_value\":\"***\"}"}`,
		`"client_secret": 12345, "secret_id": "keep-me", "api_key_id": "k1"`:   `"client_secret": ***, "secret_id": "keep-me", "api_key_id": "k1"`,
		`password=hunter2&user=u`:                                              `password=***&user=u`,
		`Authorization: Bearer abc.def`:                                        `Authorization: ***`,
	} {
		if got := m.Mask(in); got != want {
			t.Errorf("Mask(%s)\n got %s\nwant %s", in, got, want)
		}
	}
}

// Mask runs on every log line and error: it never panics, and never lets a known secret through.
func FuzzMask(f *testing.F) {
	for _, s := range []string{`password=hunter2`, `{"password_value":"x"}`, `Authorization: Bearer ` + fuzzSecret, `token\":\"` + fuzzSecret, "secret_id=1&apikey=" + fuzzSecret, ""} {
		f.Add(s)
	}
	m := NewMasker(fuzzSecret)
	f.Fuzz(func(t *testing.T, s string) {
		if got := m.Mask(s); strings.Contains(got, fuzzSecret) {
			t.Errorf("Mask(%q) = %q", s, got)
		}
	})
}
