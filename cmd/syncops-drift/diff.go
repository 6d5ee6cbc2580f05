package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// sensitiveMask replaces every sensitive value in a report.
const sensitiveMask = "(sensitive)"

// maxValueLen bounds a rendered value: a report names what changed, it is not a dump.
const maxValueLen = 200

// attributeChanges compares a resource's attributes in the state (before) and now (after). The
// *Sensitive arguments are Terraform's sensitivity markers: true for a sensitive value, or an
// object/array of markers mirroring the value.
func attributeChanges(beforeRaw, afterRaw, beforeSensRaw, afterSensRaw json.RawMessage) ([]Change, error) {
	before, err := decodeValue(beforeRaw)
	if err != nil {
		return nil, err
	}
	after, err := decodeValue(afterRaw)
	if err != nil {
		return nil, err
	}
	bs, err := decodeValue(beforeSensRaw)
	if err != nil {
		return nil, err
	}
	as, err := decodeValue(afterSensRaw)
	if err != nil {
		return nil, err
	}
	bm, _ := before.(map[string]any)
	am, _ := after.(map[string]any)
	var changes []Change
	for _, k := range unionKeys(bm, am) {
		// Write-only attributes are always null in plans and states; this provider names them
		// *_wo, and they are skipped by name too so that no future plan format can show them.
		if strings.HasSuffix(k, "_wo") {
			continue
		}
		walk(k, bm[k], am[k], child(bs, k), child(as, k), &changes)
	}
	return changes, nil
}

// walk appends a Change for every leaf that differs under path.
func walk(path string, before, after, bs, as any, out *[]Change) {
	if isSensitive(bs) || isSensitive(as) {
		if !reflect.DeepEqual(before, after) {
			*out = append(*out, Change{Path: path, Before: renderMasked(before, bs), After: renderMasked(after, as)})
		}
		return
	}
	if reflect.DeepEqual(before, after) {
		return
	}
	switch b := before.(type) {
	case map[string]any:
		if a, ok := after.(map[string]any); ok {
			for _, k := range unionKeys(b, a) {
				walk(path+keyPath(k), b[k], a[k], child(bs, k), child(as, k), out)
			}
			return
		}
	case []any:
		if a, ok := after.([]any); ok {
			for i := 0; i < max(len(a), len(b)); i++ {
				walk(fmt.Sprintf("%s[%d]", path, i), index(b, i), index(a, i), indexMarker(bs, i), indexMarker(as, i), out)
			}
			return
		}
	case string:
		// A JSON document in a string attribute (jsonencode) is compared key by key.
		if a, ok := after.(string); ok {
			if bj, aj, ok := jsonDocuments(b, a); ok {
				walk("jsondecode("+path+")", bj, aj, nil, nil, out)
				return
			}
		}
	}
	*out = append(*out, Change{Path: path, Before: render(before), After: render(after)})
}

// jsonDocuments decodes two strings that both hold a JSON object or array.
func jsonDocuments(before, after string) (any, any, bool) {
	decode := func(s string) (any, bool) {
		s = strings.TrimSpace(s)
		if !strings.HasPrefix(s, "{") && !strings.HasPrefix(s, "[") {
			return nil, false
		}
		v, err := decodeValue(json.RawMessage(s))
		return v, err == nil
	}
	b, ok := decode(before)
	if !ok {
		return nil, nil, false
	}
	a, ok := decode(after)
	if !ok {
		return nil, nil, false
	}
	return b, a, true
}

var identifier = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_-]*$`)

// keyPath is how a key extends a path: .name for identifiers, ["File Path"] otherwise.
func keyPath(k string) string {
	if identifier.MatchString(k) {
		return "." + k
	}
	return "[" + strconv.Quote(k) + "]"
}

func unionKeys(a, b map[string]any) []string {
	seen := map[string]bool{}
	var keys []string
	for _, m := range []map[string]any{a, b} {
		for k := range m {
			if !seen[k] {
				seen[k] = true
				keys = append(keys, k)
			}
		}
	}
	sort.Strings(keys)
	return keys
}

func isSensitive(marker any) bool {
	b, ok := marker.(bool)
	return ok && b
}

func child(marker any, k string) any {
	if m, ok := marker.(map[string]any); ok {
		return m[k]
	}
	return nil
}

func indexMarker(marker any, i int) any {
	if l, ok := marker.([]any); ok {
		return index(l, i)
	}
	return nil
}

func index(l []any, i int) any {
	if i < len(l) {
		return l[i]
	}
	return nil
}

// decodeValue decodes JSON keeping numbers as written (json.Number), so 10 and 10.0 stay distinct
// only when Terraform wrote them so.
func decodeValue(raw json.RawMessage) (any, error) {
	if len(raw) == 0 {
		return nil, nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	return v, nil
}

// renderMasked renders a value, or the mask when its marker says it is sensitive. A value with
// sensitive parts inside is masked whole.
func renderMasked(v, marker any) string {
	if isSensitive(marker) || hasSensitive(marker) {
		return sensitiveMask
	}
	return render(v)
}

func hasSensitive(marker any) bool {
	switch m := marker.(type) {
	case bool:
		return m
	case map[string]any:
		for _, v := range m {
			if hasSensitive(v) {
				return true
			}
		}
	case []any:
		for _, v := range m {
			if hasSensitive(v) {
				return true
			}
		}
	}
	return false
}

// render writes a value as JSON (strings quoted, null as null), cut to maxValueLen.
func render(v any) string {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return fmt.Sprint(v)
	}
	s := strings.TrimSpace(buf.String())
	if r := []rune(s); len(r) > maxValueLen {
		s = string(r[:maxValueLen]) + "…"
	}
	return s
}
