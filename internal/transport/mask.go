package transport

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// Redacted replaces every masked value.
const Redacted = "***"

// Masker hides secrets in log lines, URLs, bodies and error text. It knows literal secret values
// (API keys, passwords, write-only values) and field names that always hold secrets.
type Masker struct {
	mu      sync.RWMutex
	secrets []string
	parent  *Masker
}

// NewMasker returns a masker with the given literal secrets.
func NewMasker(secrets ...string) *Masker {
	m := &Masker{}
	m.AddSecrets(secrets...)
	return m
}

// AddSecrets adds literal values to hide. Empty and very short values are ignored (masking "a"
// everywhere would make logs unreadable; no real secret is that short).
func (m *Masker) AddSecrets(secrets ...string) {
	if m == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, s := range secrets {
		if len(s) < 3 {
			continue
		}
		m.secrets = append(m.secrets, s)
		// A secret can also travel URL-encoded (query strings, forms) or JSON-escaped.
		if q := url.QueryEscape(s); q != s {
			m.secrets = append(m.secrets, q)
		}
		if b, err := json.Marshal(s); err == nil {
			if j := string(b[1 : len(b)-1]); j != s {
				m.secrets = append(m.secrets, j)
			}
		}
	}
	// Longest first, so a secret that contains another is replaced whole.
	sort.Slice(m.secrets, func(i, j int) bool { return len(m.secrets[i]) > len(m.secrets[j]) })
}

// With returns a masker that also hides extra values, leaving m unchanged.
func (m *Masker) With(extra ...string) *Masker {
	child := &Masker{parent: m}
	child.AddSecrets(extra...)
	return child
}

func (m *Masker) all() []string {
	if m == nil {
		return nil
	}
	m.mu.RLock()
	out := append([]string(nil), m.secrets...)
	m.mu.RUnlock()
	if m.parent != nil {
		out = append(out, m.parent.all()...)
		sort.Slice(out, func(i, j int) bool { return len(out[i]) > len(out[j]) })
	}
	return out
}

// secretAssignment matches "password=...", "apikey: ...", `"password_value": "..."` and the like,
// JSON-escaped too (a JSON document inside a string); an authorization scheme ("Authorization:
// Basic dXNl...") is taken with its credentials, which follow the space. Groups: name, separator,
// value. Names that isSecretName does not call secret ("secret_id") are left alone.
var secretAssignment = regexp.MustCompile(`(?i)((?:apikey|api_key|api-key|password|passwd|secret|token|authorization)[\w-]*)(\\?["']?\s*[=:]\s*\\?["']?)((?:(?:bearer|basic|token|digest|negotiate|apikey)\s+)?[^&\s"',{}\[\\][^&\s"',}\\]*)`)

// Mask hides every known secret and every "password=...", "apikey=..." style assignment in s. A
// value that opens an object or a list is left to the JSON masking, so the text stays JSON.
func (m *Masker) Mask(s string) string {
	for _, sec := range m.all() {
		s = strings.ReplaceAll(s, sec, Redacted)
	}
	return secretAssignment.ReplaceAllStringFunc(s, func(match string) string {
		sub := secretAssignment.FindStringSubmatch(match)
		if len(sub) < 4 || !isSecretName(sub[1]) {
			return match
		}
		return sub[1] + sub[2] + Redacted
	})
}

// Error returns err with its text masked; errors.Is and errors.As still see the original.
func (m *Masker) Error(err error) error {
	if err == nil {
		return nil
	}
	return &maskedError{msg: m.Mask(messageWithoutURL(err)), err: err}
}

type maskedError struct {
	msg string
	err error
}

func (e *maskedError) Error() string { return e.msg }
func (e *maskedError) Unwrap() error { return e.err }

// messageWithoutURL is err's message without the `Op "URL": ` prefix (the URL may carry an
// apikey) that net/http puts in its errors, wherever in the chain the *url.Error is.
func messageWithoutURL(err error) string {
	msg := err.Error()
	var ue *url.Error
	if errors.As(err, &ue) && ue.Err != nil {
		msg = strings.Replace(msg, ue.Error(), ue.Err.Error(), 1)
	}
	return msg
}

// MaskURL renders path?query with secret-named parameters hidden.
func (m *Masker) MaskURL(path string, query url.Values) string {
	if len(query) == 0 {
		return m.Mask(path)
	}
	q := url.Values{}
	for k, vs := range query {
		if isSecretName(k) {
			q[k] = []string{Redacted}
			continue
		}
		q[k] = vs
	}
	return m.Mask(path + "?" + q.Encode())
}

// MaskLocation masks a URL such as a redirect target.
func (m *Masker) MaskLocation(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return m.Mask(raw)
	}
	u.User = nil
	q := u.Query()
	for k := range q {
		if isSecretName(k) {
			q.Set(k, Redacted)
		}
	}
	u.RawQuery = q.Encode()
	return m.Mask(u.String())
}

// MaskHeader renders headers with credentials hidden.
func (m *Masker) MaskHeader(h http.Header) map[string]string {
	out := map[string]string{}
	for k, vs := range h {
		v := strings.Join(vs, ", ")
		if isSecretName(k) {
			v = Redacted
		}
		out[k] = m.Mask(v)
	}
	return out
}

// MaskBody renders a request or response body for TRACE logs with secret fields hidden.
func (m *Masker) MaskBody(contentType string, body []byte) string {
	ct := strings.ToLower(contentType)
	switch {
	case strings.Contains(ct, "json") || (len(body) > 0 && (body[0] == '{' || body[0] == '[')):
		var v any
		if err := json.Unmarshal(body, &v); err == nil {
			if b, err := json.Marshal(maskJSON(v)); err == nil {
				return m.Mask(string(b))
			}
		}
	case strings.Contains(ct, "x-www-form-urlencoded"):
		if q, err := url.ParseQuery(string(body)); err == nil {
			for k := range q {
				if isSecretName(k) {
					q[k] = []string{Redacted}
				}
			}
			return m.Mask(q.Encode())
		}
	}
	s := string(body)
	if len(s) > 64<<10 {
		s = s[:64<<10] + "...(truncated)"
	}
	return m.Mask(s)
}

func maskJSON(v any) any { return maskJSONUnder(v, false) }

// maskSecretFields is a JSON body with the values below secret-named fields masked (as maskJSON),
// re-encoded without HTML escaping; ok is false when the body is not JSON or holds no such value,
// and then the body is best quoted as it came.
func maskSecretFields(body []byte) ([]byte, bool) {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 || (trimmed[0] != '{' && trimmed[0] != '[') {
		return nil, false
	}
	var v any
	if json.Unmarshal(trimmed, &v) != nil {
		return nil, false
	}
	before, err := json.Marshal(v)
	if err != nil {
		return nil, false
	}
	masked := maskJSON(v)
	if after, _ := json.Marshal(masked); bytes.Equal(before, after) {
		return nil, false
	}
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(false)
	if enc.Encode(masked) != nil {
		return nil, false
	}
	return bytes.TrimSpace(out.Bytes()), true
}

// maskJSONUnder masks every string, number and boolean below a field with a secret name, whatever
// the nesting (Haven's credentials object holds flavor-specific keys such as app_key; an
// Elasticsearch configuration field named password holds its value in "value"), below an "auth"
// block (Polytomic returns csv's auth.header.value and auth.query[].value in clear), and the
// "value" of a name/value item whose name is a secret's ({"name": "X-Api-Key", "value": ...}); it
// keeps the keys, so a log still shows the shape.
func maskJSONUnder(v any, secret bool) any {
	switch t := v.(type) {
	case map[string]any:
		name, _ := t["name"].(string)
		secretPair := name != "" && isSecretName(name)
		for k, val := range t {
			t[k] = maskJSONUnder(val, secret || isSecretName(k) || strings.EqualFold(k, "auth") || secretPair && k == "value")
		}
	case []any:
		for i := range t {
			t[i] = maskJSONUnder(t[i], secret)
		}
	case nil:
	default:
		if secret {
			return Redacted
		}
	}
	return v
}

// Context returns ctx with tflog masking of every known secret, so that nothing logged through
// tflog in this call shows them, whatever the field.
func (m *Masker) Context(ctx context.Context) context.Context {
	secrets := m.all()
	if len(secrets) == 0 {
		return ctx
	}
	ctx = tflog.MaskAllFieldValuesStrings(ctx, secrets...)
	return tflog.MaskMessageStrings(ctx, secrets...)
}

// credentialValues returns the values of a secret-named header with, for "Scheme credentials"
// values (Authorization: Bearer ...), the credentials alone too: an API that echoes the token
// echoes it without the scheme.
func credentialValues(vs []string) []string {
	out := append([]string(nil), vs...)
	for _, v := range vs {
		if _, cred, ok := strings.Cut(strings.TrimSpace(v), " "); ok {
			out = append(out, strings.TrimSpace(cred))
		}
	}
	return out
}

// secretsInBody returns the values of secret-named fields of a JSON or form request body, so that
// an answer echoing them (an error message, another field) cannot reveal them either.
func secretsInBody(contentType string, body []byte) []string {
	var out []string
	ct := strings.ToLower(contentType)
	switch {
	case strings.Contains(ct, "json"):
		var v any
		if json.Unmarshal(body, &v) == nil {
			collectSecretValues(v, false, &out)
		}
	case strings.Contains(ct, "x-www-form-urlencoded"):
		if q, err := url.ParseQuery(string(body)); err == nil {
			for k, vs := range q {
				if isSecretName(k) {
					out = append(out, vs...)
				}
			}
		}
	}
	return out
}

func collectSecretValues(v any, secret bool, out *[]string) {
	switch t := v.(type) {
	case map[string]any:
		for k, val := range t {
			collectSecretValues(val, secret || isSecretName(k), out)
		}
	case []any:
		for _, val := range t {
			collectSecretValues(val, secret, out)
		}
	case string:
		if secret {
			*out = append(*out, t)
		}
	}
}

// isSecretName reports a header, query parameter or JSON field name that holds a secret.
func isSecretName(name string) bool {
	n := strings.ToLower(name)
	if strings.Contains(n, "idempotency") {
		return false
	}
	for _, w := range []string{"password", "passwd", "secret", "token", "apikey", "api-key", "api_key", "authorization", "credential", "private", "cookie", "deployment_key", "deployment-key"} {
		if strings.Contains(n, w) {
			if strings.HasSuffix(n, "_id") || strings.HasSuffix(n, "-id") || strings.HasSuffix(n, "_version") || strings.HasSuffix(n, "_policy") {
				return false
			}
			return true
		}
	}
	return n == "key"
}
