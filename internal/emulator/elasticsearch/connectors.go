package elasticsearch

import (
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/syncops/terraform-provider-syncops/internal/emulator"
)

var createFields = map[string]string{
	"description":  kindStringOrNull,
	"index_name":   kindStringOrNull,
	"is_native":    kindBool,
	"language":     kindStringOrNull,
	"name":         kindStringOrNull,
	"service_type": kindStringOrNull,
}

func isDeleted(c map[string]any) bool { d, _ := c["deleted"].(bool); return d }

// lookup returns a connector that is not soft-deleted. Callers hold p.mu.
func (p *Platform) lookup(id string) (map[string]any, bool) {
	c, ok := p.connectors[id]
	if !ok || isDeleted(c) {
		return nil, false
	}
	return c, true
}

// indexInUse reports whether another live connector uses the index. Callers hold p.mu.
func (p *Platform) indexInUse(index, exceptID string) bool {
	for id, c := range p.connectors {
		if id != exceptID && !isDeleted(c) && c["index_name"] == index {
			return true
		}
	}
	return false
}

// defaultConnector is createConnectorWithDefaultValues: the whole document a create writes.
func (p *Platform) defaultConnector(req map[string]any) map[string]any {
	ts := now()
	native, _ := req["is_native"].(bool)
	status := "created"
	if native {
		status = "needs_configuration"
	}
	name := ""
	if n, ok := req["name"].(string); ok {
		name = n
	}
	disabled := func() map[string]any { return map[string]any{"enabled": false, "interval": "0 0 0 * * ?"} }
	c := map[string]any{
		"configuration":     map[string]any{},
		"custom_scheduling": map[string]any{},
		"filtering":         []any{map[string]any{"active": defaultFilteringRules(ts), "domain": "DEFAULT", "draft": defaultFilteringRules(ts)}},
		"is_native":         native,
		"name":              name,
		"scheduling":        map[string]any{"access_control": disabled(), "full": disabled(), "incremental": disabled()},
		"status":            status,
		"sync_now":          false,
	}
	for _, k := range []string{"description", "index_name", "language", "service_type"} {
		if v, ok := req[k].(string); ok {
			c[k] = v
		}
	}
	if p.version.atLeast(9, 0) {
		c["deleted"] = false
	}
	return c
}

func defaultFilteringRules(ts string) map[string]any {
	return map[string]any{
		"advanced_snippet": map[string]any{"created_at": ts, "updated_at": ts, "value": map[string]any{}},
		"rules": []any{map[string]any{
			"created_at": ts, "field": "_", "id": "DEFAULT", "order": int64(0),
			"policy": "include", "rule": "regex", "updated_at": ts, "value": ".*",
		}},
		"validation": map[string]any{"errors": []any{}, "state": "valid"},
	}
}

func (p *Platform) handlePut(w http.ResponseWriter, r *http.Request) {
	p.create(w, r, r.PathValue("id"), "connector_put_request")
}

func (p *Platform) handlePutNoID(w http.ResponseWriter, r *http.Request) {
	p.create(w, r, "", "connector_put_request")
}

func (p *Platform) handlePost(w http.ResponseWriter, r *http.Request) {
	p.create(w, r, "", "connector_post_request")
}

func (p *Platform) create(w http.ResponseWriter, r *http.Request, id, parser string) {
	optional := p.version.atLeast(8, 16)
	req, ok := readBody(w, r, parser, createFields, optional)
	if !ok {
		return
	}
	if req == nil {
		req = map[string]any{}
	}
	var problems []string
	index, hasIndex := req["index_name"].(string)
	if !hasIndex && !p.version.atLeast(8, 16) {
		problems = append(problems, `[index_name] cannot be [null] or [""].`)
	}
	if hasIndex {
		// Both checks run and both problems are reported (PostConnectorAction/PutConnectorAction.validate).
		if why := indexNameProblem(index); why != "" {
			problems = append(problems, why)
		}
		if native, _ := req["is_native"].(bool); native && p.managedPrefixEnforced() {
			if why := managedIndexProblem(index); why != "" {
				problems = append(problems, why)
			}
		}
	}
	if len(problems) > 0 {
		writeValidation(w, problems...)
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if id == "" {
		id = randomID(20)
	}
	if hasIndex && p.indexInUse(index, id) {
		writeError(w, http.StatusBadRequest, "status_exception", fmt.Sprintf("Index name [%s] is used by another connector.", index))
		return
	}
	_, existed := p.lookup(id)
	p.connectors[id] = p.defaultConnector(req)
	if p.router != nil {
		name, _ := req["name"].(string)
		if name == "" {
			name = id
		}
		p.router.RecordCreation(name, principal(r))
	}
	if existed {
		emulator.WriteJSON(w, http.StatusOK, map[string]any{"result": "updated", "id": id})
		return
	}
	emulator.WriteJSON(w, http.StatusCreated, map[string]any{"result": "created", "id": id})
}

func withID(id string, c map[string]any) map[string]any {
	out := deepCopy(c).(map[string]any)
	out["id"] = id
	return out
}

func (p *Platform) handleGet(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	includeDeleted := r.URL.Query().Get("include_deleted") == "true"
	p.mu.Lock()
	defer p.mu.Unlock()
	c, ok := p.connectors[id]
	if !ok || (isDeleted(c) && !includeDeleted) {
		p.writeNotFound(w, id)
		return
	}
	emulator.WriteJSON(w, http.StatusOK, withID(id, c))
}

// HideFromList leaves the given connectors out of GET /_connector while GET /_connector/{id}
// still finds them, as a search that has not caught up with a write would (the list is a search
// over the connectors index); ShowInList ends it. For tests of clients that must not take "not
// listed" for "gone".
func (p *Platform) HideFromList(ids ...string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, id := range ids {
		p.unlisted[id] = true
	}
}

// ShowInList undoes HideFromList.
func (p *Platform) ShowInList(ids ...string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, id := range ids {
		delete(p.unlisted, id)
	}
}

func (p *Platform) handleList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	from, size := 0, 100
	var problems []string
	if v := q.Get("from"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			writeError(w, http.StatusBadRequest, "illegal_argument_exception", fmt.Sprintf("Failed to parse int parameter [from] with value [%s]", v))
			return
		}
		from = n
	}
	if v := q.Get("size"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			writeError(w, http.StatusBadRequest, "illegal_argument_exception", fmt.Sprintf("Failed to parse int parameter [size] with value [%s]", v))
			return
		}
		size = n
	}
	switch {
	case from < 0:
		problems = append(problems, "Parameter [from] cannot be < 0")
	case size < 0:
		problems = append(problems, "Parameter [size] cannot be < 0")
	case from+size > 10000:
		problems = append(problems, "The sum of parameters [from] and [size] cannot be higher than 10000.")
	}
	split := func(name string) []string {
		if v := q.Get(name); v != "" {
			return strings.Split(v, ",")
		}
		return nil
	}
	indexes, names, types := split("index_name"), split("connector_name"), split("service_type")
	for _, ix := range indexes {
		if why := indexNameProblem(ix); why != "" {
			problems = append(problems, why)
		}
	}
	if len(problems) > 0 {
		writeError(w, http.StatusBadRequest, "illegal_argument_exception", strings.Join(problems, "; "))
		return
	}
	query := q.Get("query")
	includeDeleted := q.Get("include_deleted") == "true"
	match := func(list []string, v any) bool {
		s, ok := v.(string)
		return len(list) == 0 || (ok && contains(list, s))
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	type hit struct {
		id  string
		doc map[string]any
	}
	var hits []hit
	for id, c := range p.connectors {
		if (isDeleted(c) && !includeDeleted) || p.unlisted[id] {
			continue
		}
		if !match(indexes, c["index_name"]) || !match(names, c["name"]) || !match(types, c["service_type"]) {
			continue
		}
		if query != "" {
			found := false
			for _, k := range []string{"index_name", "name", "description"} {
				if s, ok := c[k].(string); ok && wildcardMatch("*"+query+"*", s) {
					found = true
				}
			}
			if !found {
				continue
			}
		}
		hits = append(hits, hit{id, c})
	}
	// index_name ascending, connectors without an index last.
	sort.Slice(hits, func(i, j int) bool {
		a, aok := hits[i].doc["index_name"].(string)
		b, bok := hits[j].doc["index_name"].(string)
		if aok != bok {
			return aok
		}
		if a != b {
			return a < b
		}
		return hits[i].id < hits[j].id
	})
	results := []any{}
	for i := from; i < len(hits) && i < from+size; i++ {
		results = append(results, withID(hits[i].id, hits[i].doc))
	}
	emulator.WriteJSON(w, http.StatusOK, map[string]any{"count": len(hits), "results": results})
}

func (p *Platform) handleDelete(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	q := r.URL.Query()
	hard := q.Get("hard") == "true"
	deleteJobs := q.Get("delete_sync_jobs") == "true"
	p.mu.Lock()
	defer p.mu.Unlock()
	c, ok := p.connectors[id]
	if !ok || (isDeleted(c) && !hard) {
		p.writeNotFound(w, id)
		return
	}
	if p.version.atLeast(9, 0) && !hard {
		c["deleted"] = true
	} else {
		delete(p.connectors, id)
	}
	if deleteJobs {
		for jid, j := range p.syncJobs {
			if conn, _ := j.doc["connector"].(map[string]any); conn["id"] == id {
				delete(p.syncJobs, jid)
			}
		}
	}
	emulator.WriteJSON(w, http.StatusOK, map[string]any{"acknowledged": true})
}

// wildcardMatch is Lucene's wildcard query on a keyword, as RestListConnectorAction's query runs it
// ("*<q>*"): * is any run of characters, ? any one, \ makes the next one literal. Case-sensitive.
func wildcardMatch(pattern, s string) bool {
	p, t := []rune(pattern), []rune(s)
	// match reports whether p[i:] matches t[j:].
	var match func(i, j int) bool
	memo := map[[2]int]bool{}
	match = func(i, j int) bool {
		key := [2]int{i, j}
		if v, ok := memo[key]; ok {
			return v
		}
		var ok bool
		switch {
		case i == len(p):
			ok = j == len(t)
		case p[i] == '*':
			ok = match(i+1, j) || (j < len(t) && match(i, j+1))
		case p[i] == '?':
			ok = j < len(t) && match(i+1, j+1)
		case p[i] == '\\' && i+1 < len(p):
			ok = j < len(t) && t[j] == p[i+1] && match(i+2, j+1)
		default:
			ok = j < len(t) && t[j] == p[i] && match(i+1, j+1)
		}
		memo[key] = ok
		return ok
	}
	return match(0, 0)
}
