package jim

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// body is a request's JSON object read the way JIM's System.Text.Json options read it: property
// names matched case-insensitively, unknown properties ignored, duplicate properties rejected,
// enums only as strings, no strings for numbers. The first conversion error is kept (STJ stops at
// the first one) and reported as ProblemDetails with the extra "request" entry ASP.NET adds when
// the whole argument could not be bound.
type body struct {
	fields map[string]json.RawMessage // lower-cased name → value
	// convErr is the first JSON conversion error, keyed by its JSON path.
	convErr map[string][]string
	// invalid holds DataAnnotations failures keyed by C# property name.
	invalid map[string][]string
	// dto is the C# type name used in conversion messages.
	dto string
}

// readBody parses r's JSON object body. It returns nil after writing a ProblemDetails answer when
// the body is missing, malformed, not an object, or has duplicate properties.
func readBody(w http.ResponseWriter, r *http.Request, dto string) *body {
	// [FromBody] with System.Text.Json only reads JSON media types; anything else (or none) is 415.
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || (mt != "application/json" && mt != "text/json" && !strings.HasSuffix(mt, "+json")) {
		writeUnsupportedMediaType(w)
		return nil
	}
	raw, err := io.ReadAll(io.LimitReader(r.Body, 4<<20))
	if err != nil {
		writeProblem(w, map[string][]string{"": {"A non-empty request body is required."}, "request": {"The request field is required."}})
		return nil
	}
	if len(bytes.TrimSpace(raw)) == 0 {
		writeProblem(w, map[string][]string{"": {"A non-empty request body is required."}, "request": {"The request field is required."}})
		return nil
	}
	if !json.Valid(raw) {
		var probe any
		msg := "The input does not contain any JSON tokens or is not valid JSON. Path: $ | LineNumber: 0 | BytePositionInLine: 0."
		var syn *json.SyntaxError
		if err := json.Unmarshal(raw, &probe); errors.As(err, &syn) {
			msg = fmt.Sprintf("%s. Path: $ | LineNumber: 0 | BytePositionInLine: %d.", upperFirst(syn.Error()), syn.Offset)
		}
		writeProblem(w, map[string][]string{"$": {msg}, "request": {"The request field is required."}})
		return nil
	}
	trimmed := bytes.TrimSpace(raw)
	if trimmed[0] != '{' {
		writeProblem(w, map[string][]string{"$": {fmt.Sprintf("The JSON value could not be converted to %s. Path: $ | LineNumber: 0 | BytePositionInLine: 1.", dto)}, "request": {"The request field is required."}})
		return nil
	}
	if path, name := findDuplicate(trimmed, "$"); path != "" {
		writeProblem(w, map[string][]string{path: {fmt.Sprintf("Duplicate property '%s' encountered during deserialization of type '%s'.", name, dto)}, "request": {"The request field is required."}})
		return nil
	}
	var fields map[string]json.RawMessage
	_ = json.Unmarshal(trimmed, &fields)
	b := &body{fields: map[string]json.RawMessage{}, invalid: map[string][]string{}, dto: dto}
	for k, v := range fields {
		b.fields[strings.ToLower(k)] = v
	}
	return b
}

// findDuplicate walks raw (valid JSON) and returns the path and name of the first property that
// repeats within one object, compared case-insensitively as JIM's options do.
func findDuplicate(raw json.RawMessage, path string) (string, string) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return "", ""
	}
	switch raw[0] {
	case '{':
		dec := json.NewDecoder(bytes.NewReader(raw))
		_, _ = dec.Token()
		seen := map[string]bool{}
		for dec.More() {
			tok, _ := dec.Token()
			name, _ := tok.(string)
			var v json.RawMessage
			if err := dec.Decode(&v); err != nil {
				return "", ""
			}
			if seen[strings.ToLower(name)] {
				return path + "." + name, name
			}
			seen[strings.ToLower(name)] = true
			if p, n := findDuplicate(v, path+"."+name); p != "" {
				return p, n
			}
		}
	case '[':
		var items []json.RawMessage
		_ = json.Unmarshal(raw, &items)
		for i, it := range items {
			if p, n := findDuplicate(it, fmt.Sprintf("%s[%d]", path, i)); p != "" {
				return p, n
			}
		}
	}
	return "", ""
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// conversionFailed records the first JSON conversion error.
func (b *body) conversionFailed(name, netType string) {
	if b.convErr != nil {
		return
	}
	b.convErr = map[string][]string{
		"$." + name: {fmt.Sprintf("The JSON value could not be converted to %s. Path: $.%s | LineNumber: 0 | BytePositionInLine: 0.", netType, name)},
		"request":   {"The request field is required."},
	}
}

func (b *body) raw(name string) (json.RawMessage, bool) {
	v, ok := b.fields[strings.ToLower(name)]
	if !ok || string(v) == "null" {
		return nil, false
	}
	return v, true
}

func (b *body) String(name string) *string {
	v, ok := b.raw(name)
	if !ok {
		return nil
	}
	var s string
	if v[0] != '"' || json.Unmarshal(v, &s) != nil {
		b.conversionFailed(name, "System.String")
		return nil
	}
	return &s
}

func (b *body) Int(name, netType string) *int {
	v, ok := b.raw(name)
	if !ok {
		return nil
	}
	i, ok := parseInt32(v)
	if !ok {
		b.conversionFailed(name, netType)
		return nil
	}
	return &i
}

func parseInt32(v json.RawMessage) (int, bool) {
	s := string(v)
	if strings.ContainsAny(s, ".eE\"") {
		return 0, false
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n > math.MaxInt32 || n < math.MinInt32 {
		return 0, false
	}
	return int(n), true
}

func (b *body) Bool(name, netType string) *bool {
	v, ok := b.raw(name)
	if !ok {
		return nil
	}
	switch string(v) {
	case "true":
		t := true
		return &t
	case "false":
		f := false
		return &f
	}
	b.conversionFailed(name, netType)
	return nil
}

// Enum reads a string enum (JsonStringEnumConverter, allowIntegerValues: false): names match
// case-insensitively and are returned in canonical form; numbers and unknown names fail.
func (b *body) Enum(name, netType string, allowed ...string) *string {
	v, ok := b.raw(name)
	if !ok {
		return nil
	}
	var s string
	if v[0] == '"' && json.Unmarshal(v, &s) == nil {
		for _, a := range allowed {
			if strings.EqualFold(a, strings.TrimSpace(s)) {
				return &a
			}
		}
	}
	b.conversionFailed(name, netType)
	return nil
}

// TimeSpan reads a TimeSpan in STJ's constant format ("[-][d.]hh:mm:ss[.fffffff]") and returns
// it re-formatted canonically.
func (b *body) TimeSpan(name string) *string {
	v, ok := b.raw(name)
	if !ok {
		return nil
	}
	var s string
	if v[0] != '"' || json.Unmarshal(v, &s) != nil {
		b.conversionFailed(name, "System.Nullable`1[System.TimeSpan]")
		return nil
	}
	d, ok := parseTimeSpan(s)
	if !ok {
		b.conversionFailed(name, "System.Nullable`1[System.TimeSpan]")
		return nil
	}
	f := formatTimeSpan(d)
	return &f
}

func parseTimeSpan(s string) (time.Duration, bool) {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	days := 0
	if i := strings.IndexByte(s, '.'); i >= 0 && i < strings.IndexByte(s+":", ':') {
		d, err := strconv.Atoi(s[:i])
		if err != nil {
			return 0, false
		}
		days, s = d, s[i+1:]
	}
	frac := time.Duration(0)
	if i := strings.IndexByte(s, '.'); i >= 0 {
		digits := s[i+1:]
		if len(digits) == 0 || len(digits) > 7 {
			return 0, false
		}
		n, err := strconv.Atoi(digits)
		if err != nil {
			return 0, false
		}
		for k := len(digits); k < 7; k++ {
			n *= 10
		}
		frac, s = time.Duration(n)*100, s[:i]
	}
	parts := strings.Split(s, ":")
	if len(parts) != 3 {
		return 0, false
	}
	var hms [3]int
	limits := [3]int{23, 59, 59}
	for i, p := range parts {
		if len(p) != 2 {
			return 0, false
		}
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 || n > limits[i] {
			return 0, false
		}
		hms[i] = n
	}
	d := time.Duration(days)*24*time.Hour + time.Duration(hms[0])*time.Hour + time.Duration(hms[1])*time.Minute + time.Duration(hms[2])*time.Second + frac
	if neg {
		d = -d
	}
	return d, true
}

// formatTimeSpan is TimeSpan.ToString("c"): [-][d.]hh:mm:ss[.fffffff].
func formatTimeSpan(d time.Duration) string {
	sign := ""
	if d < 0 {
		sign, d = "-", -d
	}
	days := int(d / (24 * time.Hour))
	d -= time.Duration(days) * 24 * time.Hour
	h := int(d / time.Hour)
	d -= time.Duration(h) * time.Hour
	m := int(d / time.Minute)
	d -= time.Duration(m) * time.Minute
	sec := int(d / time.Second)
	d -= time.Duration(sec) * time.Second
	out := sign
	if days > 0 {
		out += strconv.Itoa(days) + "."
	}
	out += fmt.Sprintf("%02d:%02d:%02d", h, m, sec)
	if ticks := int(d / 100); ticks > 0 {
		out += fmt.Sprintf(".%07d", ticks)
	}
	return out
}

// stringLength applies [StringLength(max, MinimumLength = min)] to a present value.
func (b *body) stringLength(prop string, v *string, minLen, maxLen int) {
	if v == nil {
		return
	}
	n := len([]rune(*v))
	if n >= minLen && n <= maxLen {
		return
	}
	if minLen > 0 {
		b.invalid[prop] = append(b.invalid[prop], fmt.Sprintf("The field %s must be a string with a minimum length of %d and a maximum length of %d.", prop, minLen, maxLen))
		return
	}
	b.invalid[prop] = append(b.invalid[prop], fmt.Sprintf("The field %s must be a string with a maximum length of %d.", prop, maxLen))
}

// required applies [Required] to a string: AllowEmptyStrings is false, so null, "" and
// whitespace-only strings (string.IsNullOrWhiteSpace) fail.
func (b *body) required(prop string, v *string) bool {
	if v == nil || strings.TrimSpace(*v) == "" {
		b.invalid[prop] = append(b.invalid[prop], fmt.Sprintf("The %s field is required.", prop))
		return false
	}
	return true
}

func (b *body) rangeCheck(prop string, v *int, lo, hi int) {
	if v != nil && (*v < lo || *v > hi) {
		b.invalid[prop] = append(b.invalid[prop], fmt.Sprintf("The field %s must be between %d and %d.", prop, lo, hi))
	}
}

// failed writes the ProblemDetails answer when binding or validation failed.
func (b *body) failed(w http.ResponseWriter) bool {
	if b.convErr != nil {
		writeProblem(w, b.convErr)
		return true
	}
	if len(b.invalid) > 0 {
		writeProblem(w, b.invalid)
		return true
	}
	return false
}
