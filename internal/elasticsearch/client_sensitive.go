package elasticsearch

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"sort"
	"strings"
	"sync"

	"github.com/syncops/terraform-provider-syncops/internal/transport"
)

// HideConfigurationSecrets hides, in logs and errors from now on, the given values and the values
// of the named configuration fields in every answer (fields written from
// configuration_secrets_wo, which the connector service may not have flagged sensitive).
func (c *Client) HideConfigurationSecrets(fields, values []string) {
	c.secretFields.add(fields...)
	if len(c.endpoints) > 0 && c.endpoints[0].Masker() != nil {
		c.endpoints[0].Masker().AddSecrets(values...)
	}
}

// sensitiveLearner reads connector answers before the transport logs them and adds the values
// of configuration fields that Elasticsearch marks `sensitive` to the masker. GET returns those
// values as stored, and the provider may not know them (they were written by another tool, or
// are write-only), so masking by name alone would leak them to TRACE logs.
type sensitiveLearner struct {
	next   http.RoundTripper
	masker *transport.Masker
	// fields also hides the fields written from configuration_secrets_wo (may be nil).
	fields *secretFields
}

// secretFields are the names of configuration fields whose values came from
// configuration_secrets_wo: their values are hidden in answers even when the connector service
// did not flag the field sensitive.
type secretFields struct {
	mu    sync.Mutex
	names map[string]bool
}

func (f *secretFields) add(names ...string) {
	if f == nil {
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.names == nil {
		f.names = map[string]bool{}
	}
	for _, n := range names {
		f.names[n] = true
	}
}

func (f *secretFields) list() []string {
	if f == nil {
		return nil
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make([]string, 0, len(f.names))
	for n := range f.names {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

func (s sensitiveLearner) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := s.next.RoundTrip(req)
	if err != nil || resp.Body == nil || !strings.HasPrefix(req.URL.Path, "/_connector") {
		return resp, err
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, 32<<20))
	_ = resp.Body.Close()
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	var doc any
	if json.Unmarshal(body, &doc) == nil {
		s.masker.AddSecrets(sensitiveValues(doc, nil)...)
		s.masker.AddSecrets(namedValues(doc, s.fields.list(), nil)...)
	}
	return resp, nil
}

// sensitiveValues collects the string values of every {"sensitive": true, "value": ...} object.
func sensitiveValues(v any, out []string) []string {
	switch t := v.(type) {
	case map[string]any:
		if sens, _ := t["sensitive"].(bool); sens {
			out = appendValue(out, t["value"])
		}
		for _, e := range t {
			out = sensitiveValues(e, out)
		}
	case []any:
		for _, e := range t {
			out = sensitiveValues(e, out)
		}
	}
	return out
}

// namedValues collects the values of the named fields of every "configuration" object (one
// connector, or each connector of a list).
func namedValues(v any, names, out []string) []string {
	if len(names) == 0 {
		return out
	}
	switch t := v.(type) {
	case map[string]any:
		if conf, ok := t["configuration"].(map[string]any); ok {
			for _, n := range names {
				if e, ok := conf[n].(map[string]any); ok {
					out = appendValue(out, e["value"])
				}
			}
		}
		for _, e := range t {
			out = namedValues(e, names, out)
		}
	case []any:
		for _, e := range t {
			out = namedValues(e, names, out)
		}
	}
	return out
}

// appendValue adds a configuration value as it may appear in logs: strings as they are, other
// values as JSON.
func appendValue(out []string, v any) []string {
	switch val := v.(type) {
	case string:
		return append(out, val)
	case nil:
		return out
	default:
		if b, err := json.Marshal(val); err == nil {
			out = append(out, string(b))
		}
		return out
	}
}
