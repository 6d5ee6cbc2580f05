package elasticsearch

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"sort"
	"strings"
)

// Field kinds of the strict request parsers.
const (
	kindString       = "string"
	kindStringOrNull = "string|null"
	kindBool         = "bool"
	kindObject       = "object"
	kindObjectOrNull = "object|null"
	kindArray        = "array"
	kindArrayOrNull  = "array|null"
	kindLong         = "long"
	kindLongOrNull   = "long|null"
	kindAny          = "any"
)

// readBody parses a request body the way Elasticsearch's strict ObjectParsers do: unknown fields
// and wrong types are 400 x_content_parse_exception naming the parser and the position. A
// missing body gives (nil, true) when optional, else 400 parse_exception.
func readBody(w http.ResponseWriter, r *http.Request, parser string, fields map[string]string, optional bool) (map[string]any, bool) {
	raw, err := io.ReadAll(io.LimitReader(r.Body, 10<<20))
	if err != nil {
		writeError(w, http.StatusBadRequest, "parse_exception", "failed to read the request body")
		return nil, false
	}
	if len(bytes.TrimSpace(raw)) == 0 {
		if optional {
			return nil, true
		}
		writeError(w, http.StatusBadRequest, "parse_exception", "request body is required")
		return nil, false
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var body map[string]any
	if err := dec.Decode(&body); err != nil || body == nil {
		writeErrorCause(w, http.StatusBadRequest, map[string]any{
			"type":   "x_content_parse_exception",
			"reason": fmt.Sprintf("[1:1] [%s] failed to parse object: the body is not a JSON object", parser),
		})
		return nil, false
	}
	names := make([]string, 0, len(body))
	for k := range body {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		kind, known := fields[k]
		if !known {
			writeError(w, http.StatusBadRequest, "x_content_parse_exception",
				fmt.Sprintf("%s [%s] unknown field [%s]", position(raw, k), parser, k))
			return nil, false
		}
		if !kindMatches(kind, body[k]) {
			writeErrorCause(w, http.StatusBadRequest, map[string]any{
				"type":   "x_content_parse_exception",
				"reason": fmt.Sprintf("%s [%s] failed to parse field [%s]", position(raw, k), parser, k),
				"caused_by": map[string]any{
					"type":   "illegal_argument_exception",
					"reason": fmt.Sprintf("field [%s] must be %s", k, strings.ReplaceAll(kind, "|", " or ")),
				},
			})
			return nil, false
		}
	}
	return normalise(body).(map[string]any), true
}

func kindMatches(kind string, v any) bool {
	switch kind {
	case kindAny:
		return true
	case kindString:
		_, ok := v.(string)
		return ok
	case kindStringOrNull:
		_, ok := v.(string)
		return ok || v == nil
	case kindBool:
		_, ok := v.(bool)
		return ok
	case kindObject:
		_, ok := v.(map[string]any)
		return ok
	case kindObjectOrNull:
		_, ok := v.(map[string]any)
		return ok || v == nil
	case kindArray:
		_, ok := v.([]any)
		return ok
	case kindArrayOrNull:
		_, ok := v.([]any)
		return ok || v == nil
	case kindLong:
		return isLong(v)
	case kindLongOrNull:
		return v == nil || isLong(v)
	}
	return false
}

// isLong accepts what Elasticsearch's declareLong does: an integral JSON number, or a string
// holding one.
func isLong(v any) bool {
	switch t := v.(type) {
	case json.Number:
		_, err := t.Int64()
		return err == nil
	case int64:
		return true
	case string:
		_, err := json.Number(t).Int64()
		return err == nil
	}
	return false
}

// longValue is the value of a field isLong accepted (after normalise: int64, or a string).
func longValue(v any) int64 {
	switch t := v.(type) {
	case int64:
		return t
	case string:
		n, _ := json.Number(t).Int64()
		return n
	}
	return 0
}

// position is the "[line:column]" of a field name in the body, as Elasticsearch's parse errors
// start.
func position(raw []byte, field string) string {
	i := bytes.Index(raw, []byte(`"`+field+`"`))
	if i < 0 {
		return "[1:1]"
	}
	line, col := 1, 1
	for _, b := range raw[:i] {
		if b == '\n' {
			line++
			col = 1
		} else {
			col++
		}
	}
	return fmt.Sprintf("[%d:%d]", line, col+len(field)+2)
}

// normalise turns json.Number into int64 or float64 so documents compare and encode plainly.
func normalise(v any) any {
	switch t := v.(type) {
	case map[string]any:
		for k, e := range t {
			t[k] = normalise(e)
		}
		return t
	case []any:
		for i, e := range t {
			t[i] = normalise(e)
		}
		return t
	case json.Number:
		if n, err := t.Int64(); err == nil {
			return n
		}
		f, _ := t.Float64()
		return f
	}
	return v
}

// deepMerge merges src into dst the way an Elasticsearch partial update does: objects merge
// recursively, everything else (arrays included) is replaced.
func deepMerge(dst, src map[string]any) {
	for k, v := range src {
		if sm, ok := v.(map[string]any); ok {
			if dm, ok := dst[k].(map[string]any); ok {
				deepMerge(dm, sm)
				continue
			}
		}
		dst[k] = deepCopy(v)
	}
}

func deepCopy(v any) any {
	switch t := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, e := range t {
			out[k] = deepCopy(e)
		}
		return out
	case []any:
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = deepCopy(e)
		}
		return out
	}
	return v
}

func sameDocument(a, b map[string]any) bool { return reflect.DeepEqual(a, b) }

// writeRequired is the 400 of a ConstructingObjectParser whose required fields are missing.
func writeRequired(w http.ResponseWriter, fields ...string) {
	writeError(w, http.StatusBadRequest, "x_content_parse_exception", fmt.Sprintf("[1:1] Required [%s]", strings.Join(fields, ", ")))
}

// writeBuildFailure is the 400 of a ConstructingObjectParser whose builder threw (an unknown
// enum value, a bad instant) once every field was read.
func writeBuildFailure(w http.ResponseWriter, parser, reason string) {
	writeErrorCause(w, http.StatusBadRequest, map[string]any{
		"type":      "x_content_parse_exception",
		"reason":    fmt.Sprintf("[1:1] Failed to build [%s] after last required field arrived", parser),
		"caused_by": map[string]any{"type": "illegal_argument_exception", "reason": reason},
	})
}
