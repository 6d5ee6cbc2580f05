package elasticsearch

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"

	"github.com/syncops/terraform-provider-syncops/internal/transport"
)

// sensitiveLearner reads connector answers before the transport logs them and adds the values
// of configuration fields that Elasticsearch marks `sensitive` to the masker. GET returns those
// values as stored, and the provider may not know them (they were written by another tool, or
// are write-only), so masking by name alone would leak them to TRACE logs.
type sensitiveLearner struct {
	next   http.RoundTripper
	masker *transport.Masker
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
	}
	return resp, nil
}

// sensitiveValues collects the string values of every {"sensitive": true, "value": ...} object.
func sensitiveValues(v any, out []string) []string {
	switch t := v.(type) {
	case map[string]any:
		if sens, _ := t["sensitive"].(bool); sens {
			switch val := t["value"].(type) {
			case string:
				out = append(out, val)
			case nil:
			default:
				if b, err := json.Marshal(val); err == nil {
					out = append(out, string(b))
				}
			}
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
