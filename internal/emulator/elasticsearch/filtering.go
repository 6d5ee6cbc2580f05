package elasticsearch

import (
	"fmt"
	"net/http"
	"strings"
)

// The filtering (sync rules) endpoints. _filtering with rules and/or advanced_snippet writes the
// draft of filtering[0] (rules sorted by order, the default rule forced last, validation reset to
// edited); with filtering it replaces the whole array. _filtering/_validation sets the draft's
// validation (what the connector service reports) and _filtering/_activate copies a valid draft to
// active. The draft endpoints rewrite filtering as a one-element list, as ConnectorIndexService
// does.

const filteringParser = "connector_update_filtering_request"

// writeRuleProblem is the error chain of a rule the parser refused: the request parser failed on
// [rules] because the rule parser failed on one field (or missed required ones).
func writeRuleProblem(w http.ResponseWriter, field string, prob *ruleProblem) {
	inner := map[string]any{"type": "x_content_parse_exception"}
	switch {
	case len(prob.missing) > 0:
		inner["reason"] = fmt.Sprintf("[1:1] Required [%s]", strings.Join(prob.missing, ", "))
	default:
		inner["reason"] = fmt.Sprintf("[1:1] [connector_filtering_rule] failed to parse field [%s]", prob.field)
		if prob.reason != "" {
			inner["caused_by"] = map[string]any{"type": "illegal_argument_exception", "reason": prob.reason}
		}
	}
	writeErrorCause(w, http.StatusBadRequest, map[string]any{
		"type": "x_content_parse_exception", "reason": fmt.Sprintf("[1:1] [%s] failed to parse field [%s]", filteringParser, field),
		"caused_by": inner,
	})
}

// parseSnippet is FilteringAdvancedSnippet's parser: value (an object or an array) is required;
// the timestamps default to now.
func parseSnippet(v any, ts string) (map[string]any, string) {
	in, _ := v.(map[string]any)
	value, has := in["value"]
	if !has {
		return nil, "[1:1] Required [value]"
	}
	switch value.(type) {
	case map[string]any, []any:
	default:
		return nil, "[1:1] [connector_filtering_advanced_snippet] value doesn't support values of type: " + tokenOf(value)
	}
	out := map[string]any{"created_at": ts, "updated_at": ts, "value": value}
	for _, k := range []string{"created_at", "updated_at"} {
		if s, ok := in[k].(string); ok {
			out[k] = s
		}
	}
	return out, ""
}

func tokenOf(v any) string {
	switch v.(type) {
	case string:
		return "VALUE_STRING"
	case bool:
		return "VALUE_BOOLEAN"
	case nil:
		return "VALUE_NULL"
	}
	return "VALUE_NUMBER"
}

// parseRules parses a rules array; it writes the error and returns false on a refused rule.
func parseRules(w http.ResponseWriter, field string, raw []any, ts string) ([]map[string]any, bool) {
	out := make([]map[string]any, 0, len(raw))
	for _, v := range raw {
		r, prob := parseRule(v, ts)
		if prob != nil {
			writeRuleProblem(w, field, prob)
			return nil, false
		}
		out = append(out, r)
	}
	return out, true
}

// parseFilteringRules is FilteringRules: advanced_snippet, rules and validation, all required.
func parseFilteringRules(w http.ResponseWriter, v any, ts string) (map[string]any, bool) {
	in, _ := v.(map[string]any)
	var missing []string
	for _, k := range []string{"advanced_snippet", "rules", "validation"} {
		if _, has := in[k]; !has {
			missing = append(missing, k)
		}
	}
	if in == nil || len(missing) > 0 {
		writeRequired(w, missing...)
		return nil, false
	}
	snippet, why := parseSnippet(in["advanced_snippet"], ts)
	if why != "" {
		writeError(w, http.StatusBadRequest, "x_content_parse_exception", why)
		return nil, false
	}
	raw, _ := in["rules"].([]any)
	rules, ok := parseRules(w, "filtering", raw, ts)
	if !ok {
		return nil, false
	}
	validation, ok := parseValidation(w, in["validation"])
	if !ok {
		return nil, false
	}
	list := make([]any, len(rules))
	for i, r := range rules {
		list[i] = r
	}
	return map[string]any{"advanced_snippet": snippet, "rules": list, "validation": validation}, true
}

// parseValidation is FilteringValidationInfo: errors ([{ids, messages}]) and state, both required.
func parseValidation(w http.ResponseWriter, v any) (map[string]any, bool) {
	in, _ := v.(map[string]any)
	errs, hasErrs := in["errors"].([]any)
	stateText, hasState := in["state"].(string)
	if !hasErrs || !hasState {
		var missing []string
		if !hasErrs {
			missing = append(missing, "errors")
		}
		if !hasState {
			missing = append(missing, "state")
		}
		writeRequired(w, missing...)
		return nil, false
	}
	state, ok := parseEnum(validationStates, stateText)
	if !ok {
		writeErrorCause(w, http.StatusBadRequest, map[string]any{
			"type": "x_content_parse_exception", "reason": "[1:1] [filtering_validation_info] failed to parse field [state]",
			"caused_by": map[string]any{"type": "illegal_argument_exception", "reason": fmt.Sprintf("Unknown FilteringValidationState [%s].", stateText)},
		})
		return nil, false
	}
	out := make([]any, 0, len(errs))
	for _, e := range errs {
		m, _ := e.(map[string]any)
		ids, okIDs := stringList(m["ids"])
		msgs, okMsgs := stringList(m["messages"])
		if !okIDs || !okMsgs {
			writeError(w, http.StatusBadRequest, "x_content_parse_exception", "[1:1] [connector_filtering_validation] Required [ids, messages]")
			return nil, false
		}
		out = append(out, map[string]any{"ids": ids, "messages": msgs})
	}
	return map[string]any{"errors": out, "state": state}, true
}

func stringList(v any) ([]any, bool) {
	list, ok := v.([]any)
	if !ok {
		return nil, false
	}
	for _, e := range list {
		if _, ok := e.(string); !ok {
			return nil, false
		}
	}
	return list, true
}

func (p *Platform) handleUpdateFiltering(w http.ResponseWriter, r *http.Request) {
	fields := map[string]string{"filtering": kindArray}
	if p.version.atLeast(8, 14) {
		// rules and advanced_snippet came with elasticsearch#107364 (8.14); before, the parser
		// knows filtering alone.
		fields["rules"], fields["advanced_snippet"] = kindArray, kindObject
	}
	body, ok := readBody(w, r, filteringParser, fields, false)
	if !ok {
		return
	}
	ts := now()
	id := r.PathValue("id")
	var filtering []any
	if raw, has := body["filtering"].([]any); has {
		for _, f := range raw {
			in, _ := f.(map[string]any)
			domain, hasDomain := in["domain"].(string)
			if !hasDomain || in["active"] == nil || in["draft"] == nil {
				writeRequired(w, "active", "domain", "draft")
				return
			}
			active, ok := parseFilteringRules(w, in["active"], ts)
			if !ok {
				return
			}
			draft, ok := parseFilteringRules(w, in["draft"], ts)
			if !ok {
				return
			}
			filtering = append(filtering, map[string]any{"active": active, "domain": domain, "draft": draft})
		}
	}
	var rules []map[string]any
	rawRules, hasRules := body["rules"].([]any)
	if hasRules {
		if rules, ok = parseRules(w, "rules", rawRules, ts); !ok {
			return
		}
		if !p.version.atLeast(8, 15) && !endsWithDefaultRule(rules) {
			// Before elasticsearch#108612 (8.15) a rule set without the catch-all rule last, the
			// empty one included, was refused rather than completed [Inferred: the message].
			writeValidation(w, "[rules] must end with the default rule [DEFAULT] (field [_], rule [regex], value [.*], policy [include]).")
			return
		}
	}
	var snippet map[string]any
	if raw, has := body["advanced_snippet"]; has {
		var why string
		if snippet, why = parseSnippet(raw, ts); why != "" {
			writeErrorCause(w, http.StatusBadRequest, map[string]any{
				"type": "x_content_parse_exception", "reason": fmt.Sprintf("[1:1] [%s] failed to parse field [advanced_snippet]", filteringParser),
				"caused_by": map[string]any{"type": "x_content_parse_exception", "reason": why},
			})
			return
		}
	}
	_, hasFiltering := body["filtering"]
	switch {
	case !hasFiltering && !hasRules && snippet == nil:
		writeValidation(w, "[advanced_snippet] and [rules] cannot be both [null].")
		return
	case hasFiltering && (hasRules || snippet != nil):
		writeValidation(w, "If [filtering] is specified, [rules] and [advanced_snippet] should not be present in the request body.")
		return
	}
	if hasFiltering {
		// The whole array is written straight to the document (a partial update).
		p.update(w, id, true, func(c map[string]any) bool {
			c["filtering"] = filtering
			p.noteDraft(id, c)
			return true
		})
		return
	}
	p.update(w, id, false, func(c map[string]any) bool {
		first := filteringSingleton(c, ts)
		draft, _ := first["draft"].(map[string]any)
		next := map[string]any{"advanced_snippet": draft["advanced_snippet"], "rules": draft["rules"],
			"validation": map[string]any{"errors": []any{}, "state": "edited"}}
		if hasRules {
			next["rules"] = sortRules(rules, ts)
		}
		if snippet != nil {
			next["advanced_snippet"] = snippet
		}
		first["draft"] = next
		p.noteDraft(id, c)
		return true
	})
}

// filteringSingleton rewrites c's filtering as the one-element list the draft endpoints write, and
// returns that element (the default configuration when the connector has none).
func filteringSingleton(c map[string]any, ts string) map[string]any {
	first := firstFiltering(c)
	if first == nil {
		first = map[string]any{"active": defaultFilteringRules(ts), "domain": "DEFAULT", "draft": defaultFilteringRules(ts)}
	}
	c["filtering"] = []any{first}
	return first
}

// noteDraft records when a draft became edited, for the emulated connector service. Callers hold
// p.mu (update does).
func (p *Platform) noteDraft(id string, c map[string]any) {
	if draftState(c) == "edited" {
		p.service.drafts[id] = p.clock()
	} else {
		delete(p.service.drafts, id)
	}
}

func (p *Platform) handleUpdateFilteringValidation(w http.ResponseWriter, r *http.Request) {
	body, ok := readBody(w, r, "connector_update_filtering_validation", map[string]string{"validation": kindObject}, false)
	if !ok {
		return
	}
	if _, has := body["validation"]; !has {
		writeRequired(w, "validation")
		return
	}
	validation, ok := parseValidation(w, body["validation"])
	if !ok {
		return
	}
	id := r.PathValue("id")
	p.update(w, id, false, func(c map[string]any) bool {
		first := filteringSingleton(c, now())
		draft, _ := first["draft"].(map[string]any)
		if draft == nil {
			draft = defaultFilteringRules(now())
			first["draft"] = draft
		}
		draft["validation"] = validation
		p.noteDraft(id, c)
		return true
	})
}

func (p *Platform) handleActivateFiltering(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	p.update(w, id, false, func(c map[string]any) bool {
		first := filteringSingleton(c, now())
		if state := draftState(c); state != "valid" {
			writeError(w, http.StatusBadRequest, "status_exception", fmt.Sprintf(
				"Filtering draft needs to be validated by the connector service before activation. Current filtering draft validation state [%s] is not equal to [valid].", state))
			return false
		}
		first["active"] = deepCopy(first["draft"])
		return true
	})
}
