package haven

import (
	"crypto/subtle"
	"encoding/json"
	"mime"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
)

// params are the request's parameters: the query for GET, the query plus the form-encoded or
// multipart body for POST (reference §1.3).
type params url.Values

func (p params) get(name string) string {
	if vs := p[name]; len(vs) > 0 {
		return vs[0]
	}
	return ""
}

func (p params) has(name string) bool { return len(p[name]) > 0 && p[name][0] != "" }

// list returns an array parameter: the key repeated (indexes=a&indexes=b).
func (p params) list(name string) []string {
	var out []string
	for _, v := range p[name] {
		if v != "" {
			out = append(out, v)
		}
	}
	return out
}

// boolean reads a boolean parameter: literal true/false, accepted case-insensitively [Inferred].
func (p params) boolean(name string) (bool, *hodError) {
	switch strings.ToLower(p.get(name)) {
	case "":
		return false, nil
	case "true":
		return true, nil
	case "false":
		return false, nil
	}
	return false, errInvalidValue(name, "%s must be true or false", name)
}

// object reads a json-typed parameter, which must hold a JSON object. ok is false when absent.
func (p params) object(name string) (map[string]any, bool, *hodError) {
	if !p.has(name) {
		return nil, false, nil
	}
	var v any
	if err := json.Unmarshal([]byte(p.get(name)), &v); err != nil {
		return nil, false, newError(4010, map[string]any{"message": "parameter " + name + " is not valid JSON: " + err.Error(), "param": name})
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, false, newError(4010, map[string]any{"message": "parameter " + name + " must be a JSON object", "param": name})
	}
	return m, true, nil
}

// readParams checks the method, the throttle and the apikey, and returns the parameters.
// Parameters other than arrays must not repeat (4000 Duplicate parameters).
// api names the connector API called ("" for job and unknown routes).
func (e *Emulator) readParams(r *http.Request, api string, arrays ...string) (params, *hodError) {
	if r.Method != http.MethodGet && r.Method != http.MethodPost {
		return nil, newError(7009, detailMessage("use GET or POST, not %s", r.Method))
	}
	e.mu.Lock()
	throttled := e.throttle > 0 && (e.throttleAPI == "" || e.throttleAPI == api)
	if throttled {
		e.throttle--
	}
	e.mu.Unlock()
	if throttled {
		// HOD documents no Retry-After header on 429 (reference §7).
		return nil, newError(4030, nil)
	}
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	var err error
	if r.Method == http.MethodPost && ct == "multipart/form-data" {
		err = r.ParseMultipartForm(10 << 20)
	} else {
		err = r.ParseForm()
	}
	if err != nil {
		return nil, newError(4005, detailMessage("cannot read the parameters: %v", err))
	}
	p := params(r.Form)
	key := p.get("apikey")
	switch {
	case key == "":
		return nil, newError(2000, nil)
	case !apiKeyShape.MatchString(key):
		return nil, newError(2001, nil)
	case subtle.ConstantTimeCompare([]byte(key), []byte(e.opts.APIKey)) != 1:
		return nil, newError(2002, nil)
	}
	var dups []string
	for name, vs := range p {
		if len(vs) > 1 && name != "apikey" && !slices.Contains(arrays, name) {
			dups = append(dups, name)
		}
	}
	if len(dups) > 0 {
		slices.Sort(dups)
		return nil, newError(4000, map[string]any{"message": "parameters given more than once", "params": dups})
	}
	return p, nil
}

// apiKeyShape is what a key must look like before it is looked up (else 2001 Invalid API key).
var apiKeyShape = regexp.MustCompile(`^[A-Za-z0-9_\-]{8,64}$`)
