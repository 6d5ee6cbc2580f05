package transport

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"unicode/utf8"
)

// Decode reads a JSON body into out, with an error that names the platform, the request and the
// status when the body is not the JSON expected.
func (c *Client) Decode(resp *Response, out any) error {
	masker := c.cfg.Masker
	if resp.masker != nil {
		// The request's masker: a body echoing a Request.Secrets value must not show it.
		masker = resp.masker
	}
	return DecodeJSON(c.cfg.Platform, resp, out, masker)
}

// DecodeJSON is Client.Decode for callers without a client (tests, fuzzing).
func DecodeJSON(platform string, resp *Response, out any, masker *Masker) error {
	fail := func(what string) error {
		return &DecodeError{Platform: platform, Method: resp.Method, Path: resp.Path, Status: resp.StatusCode, What: clip(masker.Mask(what), 500), Snippet: snippet(resp.Body, masker)}
	}
	trimmed := bytes.TrimSpace(resp.Body)
	if len(trimmed) == 0 {
		return fail("the response body is empty where JSON was expected")
	}
	ct := strings.ToLower(resp.Header.Get("Content-Type"))
	if strings.Contains(ct, "text/html") || bytes.HasPrefix(trimmed, []byte("<")) {
		return fail("received an HTML page where JSON was expected (check the URL: a web UI may be answering instead of the API)")
	}
	if err := json.Unmarshal(trimmed, out); err != nil {
		var syn *json.SyntaxError
		var typ *json.UnmarshalTypeError
		switch {
		case errors.As(err, &typ):
			// Value holds a number's whole literal, which can be any length.
			return fail(fmt.Sprintf("the JSON does not have the expected shape (field %q: got %s, want %s)", typ.Field, clip(typ.Value, 60), jsonKind(typ.Type)))
		case errors.As(err, &syn), errors.Is(err, io.ErrUnexpectedEOF):
			return fail("the response is not valid JSON (" + err.Error() + ")")
		default:
			return fail("the response is not valid JSON (" + err.Error() + ")")
		}
	}
	return nil
}

// jsonKind names what JSON a Go type expects: "want an object" reads better than the Go
// spelling of an anonymous struct, which can run to hundreds of characters.
func jsonKind(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Pointer:
		return jsonKind(t.Elem())
	case reflect.Struct, reflect.Map:
		return "an object"
	case reflect.Slice, reflect.Array:
		return "a list"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "a boolean"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return "an integer"
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a non-negative integer"
	case reflect.Float32, reflect.Float64:
		return "a number"
	}
	return t.String()
}

// snippet is the start of a body for an error message. It is masked before it is cut: a cut
// through a secret would leave the secret's start showing. A JSON body that holds secret-named
// fields (Haven's retrieveconfig returns credentials in clear) is quoted with their values masked,
// as TRACE logs show it; any other body is quoted as it came.
func snippet(b []byte, masker *Masker) string {
	if masked, ok := maskSecretFields(b); ok {
		b = masked
	}
	if len(b) > 64<<10 {
		b = b[:64<<10]
	}
	return clip(masker.Mask(strings.TrimSpace(string(b))), 200)
}

// clip cuts s to about n bytes, on a character boundary.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "..."
}
