package polytomic

import (
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strings"
)

// ConfigProblem is one plan-time finding about a connection's configuration.
type ConfigProblem struct {
	// Attribute is "configuration" or "sensitive_configuration_wo".
	Attribute string
	// Field is the configuration key (dotted for nested values).
	Field   string
	Message string
}

func (p ConfigProblem) String() string { return p.Field + ": " + p.Message }

// CheckConfiguration compares the two halves of a configuration with the type's schema, at every
// depth (auth.basic.password, headers[0].value): unknown keys, wrong JSON types, enums, read-only
// keys, a sensitive value placed in the public half or a public value placed in the secret half,
// arrays that the two halves split by position but with different lengths, and required keys
// missing from both. On update (creating false), required sensitive keys may be absent: the API
// keeps stored secrets.
func (s *TypeSchema) CheckConfiguration(public, secret map[string]any, creating bool) []ConfigProblem {
	var problems []ConfigProblem
	known := strings.Join(s.fieldNames(), ", ")
	check := func(attr string, cfg map[string]any, want half) {
		for _, k := range sortedKeys(cfg) {
			p, ok := s.property(k)
			if !ok {
				problems = append(problems, ConfigProblem{attr, k, fmt.Sprintf("unknown field for connection type %q; known fields: %s", s.TypeID, known)})
				continue
			}
			problems = append(problems, checkField(attr, k, cfg[k], p, want)...)
		}
	}
	check("configuration", public, publicHalf)
	check("sensitive_configuration_wo", secret, secretHalf)
	problems = append(problems, checkSplitArrays("", public, secret)...)
	for name := range s.required() {
		// A null value is as missing as an absent key: Polytomic rejects both.
		if v, ok := public[name]; ok && v != nil {
			continue
		}
		if v, ok := secret[name]; ok && v != nil {
			continue
		}
		if s.Sensitive(name) {
			if creating {
				problems = append(problems, ConfigProblem{"sensitive_configuration_wo", name, fmt.Sprintf("required field of connection type %q is missing from sensitive_configuration_wo", s.TypeID)})
			}
			continue
		}
		problems = append(problems, ConfigProblem{"configuration", name, fmt.Sprintf("required field of connection type %q is missing", s.TypeID)})
	}
	sort.SliceStable(problems, func(i, j int) bool { return problems[i].Field < problems[j].Field })
	return problems
}

// half is where a value was configured: which of the two attributes, or inside a value that is
// a secret as a whole (where sensitivity is no longer checked).
type half int

const (
	publicHalf half = iota
	secretHalf
	insideSecret
)

// checkField checks one configured value against its subschema, descending into objects and
// array items. path names the value ("auth.basic.password", "headers[0].value").
func checkField(attr, path string, v any, schema map[string]any, want half) []ConfigProblem {
	problem := func(msg string) []ConfigProblem { return []ConfigProblem{{attr, path, msg}} }
	sensitive := schemaSensitive(schema) || looksSecret(path)
	switch {
	case want == publicHalf && schemaSensitive(schema):
		return problem("this field is sensitive: move it to sensitive_configuration_wo, which is never stored in state" + nestedHint(path))
	case want == publicHalf && sensitive:
		return problem("this field holds a secret (Polytomic's schema does not mark it sensitive, so Polytomic shows it in clear): " +
			"move it to sensitive_configuration_wo, which is never stored in state" + nestedHint(path))
	case want == secretHalf && !holdsSecrets(path, schema):
		return problem("this field is not sensitive: move it to configuration, so that changes made in Polytomic show as drift" + nestedHint(path))
	case schemaReadOnly(schema):
		return problem("this field is read-only: Polytomic sets it")
	}
	if v == nil || schema == nil {
		return nil
	}
	if typ, ok := schema["type"].(string); ok && !jsonTypeMatches(v, typ) {
		return problem(fmt.Sprintf("expected a JSON %s, got %s", typ, jsonType(v)))
	}
	var out []ConfigProblem
	if values, ok := schema["enum"].([]any); ok && !slices.ContainsFunc(values, func(e any) bool { return reflect.DeepEqual(e, v) }) {
		out = append(out, problem("must be one of "+enumList(values))...)
	}
	if sensitive {
		want = insideSecret
	}
	switch val := v.(type) {
	case map[string]any:
		props, _ := schema["properties"].(map[string]any)
		for _, k := range sortedKeys(val) {
			sub, ok := props[k].(map[string]any)
			if !ok {
				switch ap := schema["additionalProperties"].(type) {
				case bool:
					if !ap {
						out = append(out, ConfigProblem{attr, path + "." + k, fmt.Sprintf("unknown field; allowed in %s: %s", path, strings.Join(sortedKeys(props), ", "))})
						continue
					}
				case map[string]any:
					sub = ap
				}
			}
			out = append(out, checkField(attr, path+"."+k, val[k], sub, want)...)
		}
	case []any:
		items, _ := schema["items"].(map[string]any)
		for i, item := range val {
			out = append(out, checkField(attr, fmt.Sprintf("%s[%d]", path, i), item, items, want)...)
		}
	}
	return out
}

// checkSplitArrays reports an array configured in both halves with different lengths: the two
// are merged item by item, by position (configuration's auth.query[0].name with
// sensitive_configuration_wo's auth.query[0].value), so they must have the same number of items.
func checkSplitArrays(path string, public, secret any) []ConfigProblem {
	join := func(k string) string {
		if path == "" {
			return k
		}
		return path + "." + k
	}
	switch p := public.(type) {
	case map[string]any:
		s, _ := secret.(map[string]any)
		var out []ConfigProblem
		for _, k := range sortedKeys(p) {
			if sv, ok := s[k]; ok {
				out = append(out, checkSplitArrays(join(k), p[k], sv)...)
			}
		}
		return out
	case []any:
		s, ok := secret.([]any)
		if !ok {
			return nil
		}
		if len(s) != len(p) {
			return []ConfigProblem{{"sensitive_configuration_wo", path, fmt.Sprintf("has %d items here and %d in configuration: the items "+
				"of the two are merged by position (the secret values of item N go in item N), so both need the same number", len(s), len(p))}}
		}
		var out []ConfigProblem
		for i := range p {
			out = append(out, checkSplitArrays(fmt.Sprintf("%s[%d]", path, i), p[i], s[i])...)
		}
		return out
	}
	return nil
}

// schemaSensitive reports a (sub)schema whose value the API redacts: "sensitive", or "password".
func schemaSensitive(schema map[string]any) bool {
	sens, _ := schema["sensitive"].(bool)
	pw, _ := schema["password"].(bool)
	return sens || pw
}

// schemaReadOnly reports a value Polytomic sets itself: "readOnly", or the lowercase "readonly"
// some vendor schemas use.
func schemaReadOnly(schema map[string]any) bool {
	ro, _ := schema["readOnly"].(bool)
	ro2, _ := schema["readonly"].(bool)
	return ro || ro2
}

// holdsSecrets reports a value that is a secret or has a secret part (auth holds
// auth.basic.password), by the schema or by its name (looksSecret): such a value may appear in
// sensitive_configuration_wo, to carry them. A schema-valued additionalProperties may hold any name.
func holdsSecrets(path string, schema map[string]any) bool {
	if schemaSensitive(schema) || looksSecret(path) {
		return true
	}
	if props, ok := schema["properties"].(map[string]any); ok {
		for k, p := range props {
			if sub, ok := p.(map[string]any); ok && holdsSecrets(path+"."+k, sub) {
				return true
			}
		}
	}
	if sub, ok := schema["items"].(map[string]any); ok && holdsSecrets(path+"[0]", sub) {
		return true
	}
	if sub, ok := schema["additionalProperties"].(map[string]any); ok && holdsSecrets(path+".*", sub) {
		return true
	}
	return false
}

// secretNames are the field names that hold a secret whatever the schema says; secretSuffixes end
// such names ("ssh_private_key", "oauth_refresh_token").
var (
	secretNames    = map[string]bool{"password": true, "passwd": true, "passphrase": true, "secret": true, "client_secret": true, "token": true, "access_token": true, "refresh_token": true, "api_key": true, "apikey": true, "private_key": true, "secret_key": true}
	secretSuffixes = []string{"_password", "_passphrase", "_secret", "_token", "_private_key", "_api_key", "_apikey"}
)

// looksSecret reports a field that holds a secret by its name, although a schema may not mark it
// sensitive: Polytomic publishes csv's auth.basic.password, auth.header.value, auth.query[].value
// and auth.oauth.client_secret unmarked, and returns them in clear. A password, secret, token or
// key by name, or the value of a header or query authentication; never a name such as
// token_endpoint or client_id, nor auth.oauth.extra_form_data[].value.
func looksSecret(path string) bool {
	parts := strings.Split(path, ".")
	name := func(p string) string {
		if i := strings.IndexByte(p, '['); i >= 0 {
			p = p[:i]
		}
		return strings.ToLower(p)
	}
	last := name(parts[len(parts)-1])
	if secretNames[last] {
		return true
	}
	for _, suffix := range secretSuffixes {
		if strings.HasSuffix(last, suffix) {
			return true
		}
	}
	// auth.header.value, auth.query[0].value: the credential of a header or query authentication.
	n := len(parts)
	return last == "value" && n >= 3 && name(parts[n-3]) == "auth" && (name(parts[n-2]) == "header" || name(parts[n-2]) == "query")
}

// SecretsKeptOnUpdate reports whether Polytomic keeps every value of secret when an update leaves
// it out: it keeps the values its schema marks sensitive, at any depth, and replaces the others
// like any value (csv's auth.basic.password, published unmarked, would be lost). Without a schema
// it reports false.
func (s *TypeSchema) SecretsKeptOnUpdate(secret map[string]any) bool {
	if s == nil {
		return false
	}
	var kept func(v any, schema map[string]any) bool
	kept = func(v any, schema map[string]any) bool {
		if schemaSensitive(schema) {
			return true
		}
		switch t := v.(type) {
		case map[string]any:
			for k, x := range t {
				if !kept(x, subschema(schema, k)) {
					return false
				}
			}
			return true
		case []any:
			for _, x := range t {
				if !kept(x, subschema(schema, "[]")) {
					return false
				}
			}
			return true
		}
		return v == nil
	}
	return kept(secret, s.Root)
}

// nestedHint shows, for a nested field, the shape it takes in the other attribute.
func nestedHint(path string) string {
	if !strings.ContainsAny(path, ".[") {
		return ""
	}
	return " (at the same path: " + hclShape(path) + ")"
}

// hclShape writes a path as the jsonencode argument holding it: "auth.query[0].value" is
// { auth = { query = [{ value = ... }] } } (item 0 of the list).
func hclShape(path string) string {
	var open, closing []string
	for _, part := range strings.Split(path, ".") {
		name, index, isItem := strings.Cut(part, "[")
		open = append(open, "{ "+name+" = ")
		closing = append([]string{" }"}, closing...)
		if isItem {
			open = append(open, "[")
			closing = append([]string{"]"}, closing...)
			if n := strings.TrimSuffix(index, "]"); n != "0" {
				open = append(open, "/* item "+n+" */ ")
			}
		}
	}
	return strings.Join(open, "") + "..." + strings.Join(closing, "")
}

func jsonTypeMatches(v any, typ string) bool {
	switch typ {
	case "string":
		_, ok := v.(string)
		return ok
	case "integer":
		n, ok := v.(float64)
		return ok && n == float64(int64(n))
	case "number":
		_, ok := v.(float64)
		return ok
	case "boolean":
		_, ok := v.(bool)
		return ok
	case "object":
		_, ok := v.(map[string]any)
		return ok
	case "array":
		_, ok := v.([]any)
		return ok
	}
	return true
}

func jsonType(v any) string {
	// Values are never shown: this may be a secret.
	switch v.(type) {
	case string:
		return "a string"
	case float64:
		return "a number"
	case bool:
		return "a boolean"
	case map[string]any:
		return "an object"
	case []any:
		return "an array"
	}
	return fmt.Sprintf("%T", v)
}

func enumList(values []any) string {
	parts := make([]string, len(values))
	for i, v := range values {
		parts[i] = fmt.Sprintf("%q", fmt.Sprint(v))
	}
	return strings.Join(parts, ", ")
}

func sortedKeys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
