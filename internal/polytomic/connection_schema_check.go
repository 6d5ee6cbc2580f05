package polytomic

import (
	"fmt"
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

// CheckConfiguration compares the two halves of a configuration with the type's schema:
// unknown keys, wrong JSON types, enums, read-only keys, a sensitive key placed in the public
// half or a public key placed in the secret half, and required keys missing from both. On
// update (creating false), required sensitive keys may be absent: the API keeps stored secrets.
func (s *TypeSchema) CheckConfiguration(public, secret map[string]any, creating bool) []ConfigProblem {
	var problems []ConfigProblem
	known := strings.Join(s.fieldNames(), ", ")
	check := func(attr string, cfg map[string]any, wantSensitive bool) {
		for _, k := range sortedKeys(cfg) {
			p, ok := s.property(k)
			if !ok {
				problems = append(problems, ConfigProblem{attr, k, fmt.Sprintf("unknown field for connection type %q; known fields: %s", s.TypeID, known)})
				continue
			}
			if s.Sensitive(k) && !wantSensitive {
				problems = append(problems, ConfigProblem{attr, k, "this field is sensitive: move it to sensitive_configuration_wo, which is never stored in state"})
				continue
			}
			if !s.Sensitive(k) && wantSensitive {
				problems = append(problems, ConfigProblem{attr, k, "this field is not sensitive: move it to configuration, so that changes made in Polytomic show as drift"})
				continue
			}
			if s.ReadOnly(k) {
				problems = append(problems, ConfigProblem{attr, k, "this field is read-only: Polytomic sets it"})
				continue
			}
			for _, msg := range checkValue(k, cfg[k], p) {
				problems = append(problems, ConfigProblem{attr, k, msg})
			}
		}
	}
	check("configuration", public, false)
	check("sensitive_configuration_wo", secret, true)
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

// checkValue checks a value against a (sub)schema: JSON type, enum, nested objects and arrays.
func checkValue(path string, v any, schema map[string]any) []string {
	if v == nil || schema == nil {
		return nil
	}
	if typ, ok := schema["type"].(string); ok && !jsonTypeMatches(v, typ) {
		return []string{fmt.Sprintf("%s: expected a JSON %s, got %s", path, typ, jsonType(v))}
	}
	var out []string
	if values, ok := schema["enum"].([]any); ok {
		found := false
		for _, e := range values {
			if e == v {
				found = true
			}
		}
		if !found {
			out = append(out, fmt.Sprintf("%s: must be one of %s", path, enumList(values)))
		}
	}
	switch val := v.(type) {
	case map[string]any:
		props, _ := schema["properties"].(map[string]any)
		for _, k := range sortedKeys(val) {
			if ps, ok := props[k].(map[string]any); ok {
				out = append(out, checkValue(path+"."+k, val[k], ps)...)
				continue
			}
			switch ap := schema["additionalProperties"].(type) {
			case bool:
				if !ap {
					out = append(out, fmt.Sprintf("%s.%s: unknown field", path, k))
				}
			case map[string]any:
				out = append(out, checkValue(path+"."+k, val[k], ap)...)
			}
		}
	case []any:
		items, _ := schema["items"].(map[string]any)
		for i, item := range val {
			out = append(out, checkValue(fmt.Sprintf("%s[%d]", path, i), item, items)...)
		}
	}
	return out
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
