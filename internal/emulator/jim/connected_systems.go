package jim

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/syncops/terraform-provider-syncops/internal/emulator"
)

// connectedSystemHeader is a list item. The list projection never sets status, so it is always
// "Active".
type connectedSystemHeader struct {
	ID                        int      `json:"id"`
	Name                      string   `json:"name"`
	Description               *string  `json:"description"`
	Created                   jsonTime `json:"created"`
	Status                    string   `json:"status"`
	ObjectCount               int      `json:"objectCount"`
	ConnectorsCount           int      `json:"connectorsCount"`
	PendingExportObjectsCount int      `json:"pendingExportObjectsCount"`
	ConnectorName             string   `json:"connectorName"`
	ConnectorID               int      `json:"connectorId"`
}

type connectorRef struct {
	ID   int    `json:"id"`
	Name string `json:"name"`
}

type configurationDrift struct {
	HasPendingChanges       bool      `json:"hasPendingChanges"`
	IsDeterminable          bool      `json:"isDeterminable"`
	NeverFullySynchronised  bool      `json:"neverFullySynchronised"`
	TrackingDisabled        bool      `json:"trackingDisabled"`
	LastFullSynchronisation *jsonTime `json:"lastFullSynchronisation"`
	MostRecentChange        *jsonTime `json:"mostRecentChange"`
	ChangeCount             int       `json:"changeCount"`
	HighestChangeClass      string    `json:"highestChangeClass"`
}

// connectedSystemDetail is ConnectedSystemDetailDto. It has no settingValues, runProfiles or
// partitions.
type connectedSystemDetail struct {
	ID                          int                 `json:"id"`
	Name                        string              `json:"name"`
	Description                 *string             `json:"description"`
	Created                     jsonTime            `json:"created"`
	LastUpdated                 *jsonTime           `json:"lastUpdated"`
	Status                      string              `json:"status"`
	SettingValuesValid          bool                `json:"settingValuesValid"`
	Connector                   connectorRef        `json:"connector"`
	ObjectTypes                 []any               `json:"objectTypes"`
	ObjectCount                 int                 `json:"objectCount"`
	PendingExportCount          int                 `json:"pendingExportCount"`
	MaxExportParallelism        *int                `json:"maxExportParallelism"`
	InitialPasswordTimeToLive   *string             `json:"initialPasswordTimeToLive"`
	RequireSecureTransport      bool                `json:"requireSecureTransport"`
	UnresolvedReferenceHandling string              `json:"unresolvedReferenceHandling"`
	ConfigurationDrift          *configurationDrift `json:"configurationDrift"`
	ParkedInitialPasswordCount  *int                `json:"parkedInitialPasswordCount"`
	ExpiredInitialPasswordCount *int                `json:"expiredInitialPasswordCount"`
}

// detail builds the DTO; full adds what only GET-by-id computes.
func (cs *connectedSystem) detail(full bool) connectedSystemDetail {
	d := connectedSystemDetail{
		ID: cs.id, Name: cs.name, Description: cs.description, Created: jsonTime(cs.created),
		Status: cs.status, SettingValuesValid: cs.settingValuesValid,
		Connector: connectorRef{ID: cs.def.ID, Name: cs.def.Name}, ObjectTypes: []any{},
		ObjectCount: cs.objects, PendingExportCount: cs.pendingExports,
		MaxExportParallelism: cs.maxExportParallelism, InitialPasswordTimeToLive: cs.initialPasswordTimeToLive,
		RequireSecureTransport: cs.requireSecureTransport, UnresolvedReferenceHandling: cs.unresolvedReferenceHandling,
	}
	if cs.lastUpdated != nil {
		d.LastUpdated = timePtr(*cs.lastUpdated)
	}
	if full {
		d.ConfigurationDrift = &configurationDrift{NeverFullySynchronised: true, HighestChangeClass: "NotClassified"}
		d.ParkedInitialPasswordCount = intPtr(0)
		d.ExpiredInitialPasswordCount = intPtr(0)
	}
	return d
}

func (cs *connectedSystem) header() connectedSystemHeader {
	return connectedSystemHeader{
		ID: cs.id, Name: cs.name, Description: cs.description, Created: jsonTime(cs.created), Status: "Active",
		ObjectCount: cs.objects, ConnectorsCount: cs.joinedMVOs, PendingExportObjectsCount: cs.pendingExports,
		ConnectorName: cs.def.Name, ConnectorID: cs.def.ID,
	}
}

func csNotFound(id int) string { return fmt.Sprintf("Connected System with ID %d not found.", id) }

// lookupSystem parses {id} and finds the system; it writes the answer (web UI page for a non-int
// id, 404 NOT_FOUND for a missing system) and returns nil when there is nothing to work on.
func (e *Emulator) lookupSystem(w http.ResponseWriter, r *http.Request) *connectedSystem {
	id, ok := intPathValue(r, "id")
	if !ok {
		writeWebUIPage(w)
		return nil
	}
	cs := e.store.system(id)
	if cs == nil {
		e.notFound(w, csNotFound(id))
		return nil
	}
	return cs
}

func (e *Emulator) handleGetConnectedSystem(w http.ResponseWriter, r *http.Request) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.settleLocked()
	if cs := e.lookupSystem(w, r); cs != nil {
		emulator.WriteJSON(w, http.StatusOK, cs.detail(true))
	}
}

// paginated is PaginatedResponse<T>.
type paginated[T any] struct {
	Items           []T  `json:"items"`
	TotalCount      int  `json:"totalCount"`
	Page            int  `json:"page"`
	PageSize        int  `json:"pageSize"`
	TotalPages      int  `json:"totalPages"`
	HasNextPage     bool `json:"hasNextPage"`
	HasPreviousPage bool `json:"hasPreviousPage"`
}

func paginate[T any](all []T, page, pageSize int) paginated[T] {
	total := len(all)
	pages := int(math.Ceil(float64(total) / float64(pageSize)))
	start := (page - 1) * pageSize
	items := []T{}
	if start < total {
		end := min(start+pageSize, total)
		items = all[start:end]
	}
	return paginated[T]{Items: items, TotalCount: total, Page: page, PageSize: pageSize, TotalPages: pages,
		HasNextPage: page < pages, HasPreviousPage: page > 1}
}

// pagination is the query model of list endpoints; ok=false means an answer was written.
type pagination struct {
	page, pageSize  int
	sortBy, sortDir string
	filter          string
	sortDesc        bool
}

// queryInt reads an integer query parameter into dst when it is present; a value that is not an
// integer adds ASP.NET's model-binding message for display (the bound property or parameter name)
// to errs and leaves dst alone.
func queryInt(q url.Values, name, display string, dst *int, errs map[string][]string) {
	v := q.Get(name)
	if v == "" {
		return
	}
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil {
		errs[name] = append(errs[name], fmt.Sprintf("The value '%s' is not valid for %s.", v, display))
		return
	}
	*dst = n
}

func (e *Emulator) readPagination(w http.ResponseWriter, r *http.Request) (pagination, bool) {
	q := r.URL.Query()
	p := pagination{page: 1, pageSize: 25}
	errs := map[string][]string{}
	queryInt(q, "page", upperFirst("page"), &p.page, errs)
	queryInt(q, "pageSize", upperFirst("pageSize"), &p.pageSize, errs)
	p.sortBy = q.Get("sortBy")
	p.sortDir = q.Get("sortDirection")
	if p.sortDir != "" && p.sortDir != "asc" && p.sortDir != "desc" {
		errs["SortDirection"] = append(errs["SortDirection"], "The field SortDirection must match the regular expression '^(asc|desc)$'.")
	}
	p.sortDesc = p.sortDir == "desc"
	p.filter = q.Get("filter")
	if len([]rune(p.filter)) > 500 {
		errs["Filter"] = append(errs["Filter"], "The field Filter must be a string with a maximum length of 500.")
	}
	if len(errs) > 0 {
		writeProblem(w, errs)
		return p, false
	}
	if p.page < 1 {
		p.page = 1
	}
	if p.pageSize < 1 {
		p.pageSize = 25
	}
	if p.pageSize > 100 {
		p.pageSize = 100
	}
	if int64(p.page-1)*int64(p.pageSize) > 1_000_000 {
		writeAPIError(w, http.StatusBadRequest, codeValidation, "Pagination depth limit exceeded.",
			map[string][]string{"page": {fmt.Sprintf("The requested page is too deep: (page - 1) * pageSize must not exceed %d. Narrow the query with a filter instead.", 1_000_000)}}, e.now())
		return p, false
	}
	return p, true
}

// headerField returns a header property by case-insensitive name, as the reflection-based sort
// and filter do; ok=false for unknown properties (which are ignored).
func headerField(h connectedSystemHeader, name string) (any, bool) {
	switch strings.ToLower(name) {
	case "id":
		return h.ID, true
	case "name":
		return h.Name, true
	case "description":
		if h.Description == nil {
			return "", true
		}
		return *h.Description, true
	case "created":
		return time.Time(h.Created), true
	case "status":
		return h.Status, true
	case "objectcount":
		return h.ObjectCount, true
	case "connectorscount":
		return h.ConnectorsCount, true
	case "pendingexportobjectscount":
		return h.PendingExportObjectsCount, true
	case "connectorname":
		return h.ConnectorName, true
	case "connectorid":
		return h.ConnectorID, true
	}
	return nil, false
}

func compareValues(a, b any) int {
	switch x := a.(type) {
	case int:
		return x - b.(int)
	case string:
		return strings.Compare(x, b.(string))
	case time.Time:
		return x.Compare(b.(time.Time))
	}
	return 0
}

// matchFilter applies "property:operator:value"; malformed filters and unknown properties match
// everything (they are silently ignored).
func matchFilter(h connectedSystemHeader, filter string) bool {
	parts := strings.SplitN(filter, ":", 3)
	if len(parts) != 3 {
		return true
	}
	v, ok := headerField(h, parts[0])
	if !ok {
		return true
	}
	op, want := strings.ToLower(parts[1]), parts[2]
	switch x := v.(type) {
	case string:
		got, want := strings.ToLower(x), strings.ToLower(want)
		switch op {
		case "eq":
			return got == want
		case "ne":
			return got != want
		case "contains":
			return strings.Contains(got, want)
		case "startswith":
			return strings.HasPrefix(got, want)
		case "endswith":
			return strings.HasSuffix(got, want)
		}
	case int:
		n, err := strconv.Atoi(want)
		if err != nil {
			return true
		}
		switch op {
		case "eq":
			return x == n
		case "ne":
			return x != n
		case "gt":
			return x > n
		case "gte":
			return x >= n
		case "lt":
			return x < n
		case "lte":
			return x <= n
		}
	}
	return true
}

func (e *Emulator) handleListConnectedSystems(w http.ResponseWriter, r *http.Request) {
	p, ok := e.readPagination(w, r)
	if !ok {
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.settleLocked()
	var all []connectedSystemHeader
	for _, cs := range e.store.sortedSystems() {
		h := cs.header()
		if p.filter == "" || matchFilter(h, p.filter) {
			all = append(all, h)
		}
	}
	sortBy := "name"
	if _, known := headerField(connectedSystemHeader{}, p.sortBy); known {
		sortBy = p.sortBy
	}
	sort.SliceStable(all, func(i, j int) bool {
		a, _ := headerField(all[i], sortBy)
		b, _ := headerField(all[j], sortBy)
		if p.sortDesc {
			return compareValues(a, b) > 0
		}
		return compareValues(a, b) < 0
	})
	if all == nil {
		all = []connectedSystemHeader{}
	}
	emulator.WriteJSON(w, http.StatusOK, paginate(all, p.page, p.pageSize))
}

func (e *Emulator) handleCreateConnectedSystem(w http.ResponseWriter, r *http.Request) {
	b := readBody(w, r, "JIM.Web.Models.Api.CreateConnectedSystemRequest")
	if b == nil {
		return
	}
	name := b.String("name")
	description := b.String("description")
	defID := b.Int("connectorDefinitionId", "System.Int32")
	changeReason := b.String("changeReason")
	if b.convErr == nil {
		if b.required("Name", name) {
			b.stringLength("Name", name, 1, 200)
		}
		b.stringLength("Description", description, 0, 1000)
		b.stringLength("ChangeReason", changeReason, 0, 2000)
	}
	if b.failed(w) {
		return
	}
	id := 0
	if defID != nil {
		id = *defID
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.settleLocked()
	def := e.store.definition(id)
	if def == nil {
		e.badRequest(w, fmt.Sprintf("Connector definition with ID %d not found.", id))
		return
	}
	now := e.now().UTC()
	e.store.nextSystem++
	cs := &connectedSystem{
		id: e.store.nextSystem, name: strings.TrimSpace(*name), created: now, status: "Active", def: def,
		values: map[int]*settingValue{}, unresolvedReferenceHandling: "Error",
	}
	if description != nil {
		d := strings.TrimSpace(*description)
		cs.description = &d
	}
	// The connector's defaults are applied; create accepts no settings.
	for _, s := range def.Settings {
		// A checkbox without a declared default starts false (JIM sets it only when not null).
		v := &settingValue{checkbox: s.DefaultCheckboxValue != nil && *s.DefaultCheckboxValue}
		switch s.Type {
		case typeString, typeDropDown, typeFile:
			if s.DefaultStringValue != nil && *s.DefaultStringValue != "" {
				d := strings.TrimSpace(*s.DefaultStringValue)
				v.stringValue = &d
			}
		case typeInteger:
			if s.DefaultIntValue != nil {
				n := *s.DefaultIntValue
				v.intValue = &n
			}
		}
		cs.values[s.ID] = v
	}
	e.store.systems[cs.id] = cs
	act := e.completedActivity(cs, "Create", changeReason)
	e.recordVersion(cs, "Create", changeReason, act)
	e.recordCreation("connectedSystem", cs.name)
	w.Header().Set("Location", fmt.Sprintf("%s/%d", csBase, cs.id))
	emulator.WriteJSON(w, http.StatusCreated, cs.detail(false))
}

// settingUpdate is one entry of settingValues in an update request.
type settingUpdate struct {
	stringValue   *string
	intValue      *int
	checkboxValue *bool
}

// readSettingValues parses {"<settingId>": {stringValue?, intValue?, checkboxValue?}}.
func (b *body) readSettingValues() map[int]settingUpdate {
	raw, ok := b.raw("settingValues")
	if !ok {
		return nil
	}
	var entries map[string]json.RawMessage
	if raw[0] != '{' || json.Unmarshal(raw, &entries) != nil {
		b.conversionFailed("settingValues", "System.Collections.Generic.Dictionary`2[System.Int32,JIM.Web.Models.Api.SettingValueUpdate]")
		return nil
	}
	out := map[int]settingUpdate{}
	for key, v := range entries {
		id, err := strconv.ParseInt(strings.TrimSpace(key), 10, 32)
		if err != nil {
			b.conversionFailed("settingValues."+key, "System.Int32")
			return nil
		}
		if string(v) == "null" {
			out[int(id)] = settingUpdate{}
			continue
		}
		var item map[string]json.RawMessage
		if v[0] != '{' || json.Unmarshal(v, &item) != nil {
			b.conversionFailed("settingValues."+key, "JIM.Web.Models.Api.SettingValueUpdate")
			return nil
		}
		inner := &body{fields: map[string]json.RawMessage{}}
		for k, x := range item {
			inner.fields[strings.ToLower(k)] = x
		}
		u := settingUpdate{
			stringValue:   inner.String("stringValue"),
			intValue:      inner.Int("intValue", "System.Nullable`1[System.Int32]"),
			checkboxValue: inner.Bool("checkboxValue", "System.Nullable`1[System.Boolean]"),
		}
		if inner.convErr != nil {
			for k, msgs := range inner.convErr {
				if k == "request" {
					continue
				}
				path := "settingValues." + key + "." + strings.TrimPrefix(k, "$.")
				b.convErr = map[string][]string{"$." + path: {strings.ReplaceAll(msgs[0], k, "$."+path)}, "request": {"The request field is required."}}
			}
			return nil
		}
		out[int(id)] = u
	}
	return out
}

func (e *Emulator) handleUpdateConnectedSystem(w http.ResponseWriter, r *http.Request) {
	if _, ok := intPathValue(r, "id"); !ok {
		writeWebUIPage(w)
		return
	}
	b := readBody(w, r, "JIM.Web.Models.Api.UpdateConnectedSystemRequest")
	if b == nil {
		return
	}
	name := b.String("name")
	description := b.String("description")
	settings := b.readSettingValues()
	maxPar := b.Int("maxExportParallelism", "System.Nullable`1[System.Int32]")
	ttl := b.TimeSpan("initialPasswordTimeToLive")
	secure := b.Bool("requireSecureTransport", "System.Nullable`1[System.Boolean]")
	unresolved := b.Enum("unresolvedReferenceHandling", "System.Nullable`1[JIM.Models.Staging.UnresolvedReferenceHandling]", "Error", "Warn", "Ignore")
	changeReason := b.String("changeReason")
	if b.convErr == nil {
		b.stringLength("Name", name, 1, 200)
		b.stringLength("Description", description, 0, 1000)
		b.rangeCheck("MaxExportParallelism", maxPar, 1, 16)
		b.stringLength("ChangeReason", changeReason, 0, 2000)
	}
	if b.failed(w) {
		return
	}

	e.mu.Lock()
	defer e.mu.Unlock()
	e.settleLocked()
	cs := e.lookupSystem(w, r)
	if cs == nil {
		return
	}
	// Work on a copy: a rejected settings write persists nothing.
	next := *cs
	next.values = map[int]*settingValue{}
	for id, v := range cs.values {
		c := *v
		next.values[id] = &c
	}
	if name != nil && *name != "" {
		next.name = *name
	}
	if description != nil {
		d := *description
		next.description = &d
	}
	if maxPar != nil {
		next.maxExportParallelism = maxPar
	}
	if ttl != nil {
		next.initialPasswordTimeToLive = ttl
	}
	if secure != nil {
		next.requireSecureTransport = *secure
	}
	if unresolved != nil {
		next.unresolvedReferenceHandling = *unresolved
	}
	if settings != nil {
		for id, u := range settings {
			v := next.values[id]
			s := cs.def.settingsByID[id]
			if v == nil || s == nil {
				continue // unknown setting ids are ignored
			}
			if u.stringValue != nil {
				sv := *u.stringValue
				if s.Type == typeStringEncrypted {
					v.encrypted = &sv
				} else {
					v.stringValue = &sv
				}
			}
			if u.intValue != nil {
				n := *u.intValue
				v.intValue = &n
			}
			if u.checkboxValue != nil {
				v.checkbox = *u.checkboxValue
			}
		}
		if errs := validateSettings(&next); len(errs) > 0 {
			writeAPIError(w, http.StatusBadRequest, codeValidation, "One or more Connected System settings are invalid.", errs, e.now())
			return
		}
	}
	// Every update recomputes validity over the whole set, probe included.
	next.settingValuesValid = len(validateSettings(&next)) == 0
	now := e.now().UTC()
	next.lastUpdated = &now
	sanitise(&next)
	*cs = next
	act := e.completedActivity(cs, "Update", changeReason)
	e.recordVersion(cs, "Update", changeReason, act)
	emulator.WriteJSON(w, http.StatusOK, cs.detail(false))
}

// sanitise trims what SanitiseConnectedSystemUserInput trims, after validation (so a value of
// spaces passes "required" and is then stored empty, as on the real server).
func sanitise(cs *connectedSystem) {
	cs.name = strings.TrimSpace(cs.name)
	if cs.description != nil {
		d := strings.TrimSpace(*cs.description)
		cs.description = &d
	}
	for _, v := range cs.values {
		if v.stringValue != nil {
			s := strings.TrimSpace(*v.stringValue)
			v.stringValue = &s
		}
	}
}

// valueString is a value as the RequiredWhen comparison reads it.
func valueString(s *settingDef, v *settingValue) string {
	switch s.Type {
	case typeCheckBox:
		if v.checkbox {
			return "true"
		}
		return "false"
	case typeInteger:
		if v.intValue == nil {
			return ""
		}
		return strconv.Itoa(*v.intValue)
	case typeStringEncrypted:
		return deref(v.encrypted)
	}
	return deref(v.stringValue)
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func conditionMet(cs *connectedSystem, s *settingDef) bool {
	if s.RequiredWhenSetting == nil {
		return true
	}
	ctrl := cs.def.setting(*s.RequiredWhenSetting)
	if ctrl == nil {
		return false
	}
	return strings.EqualFold(valueString(ctrl, cs.values[ctrl.ID]), deref(s.RequiredWhenValue))
}

func suppliedForRequired(s *settingDef, v *settingValue) bool {
	switch s.Type {
	case typeInteger:
		return v.intValue != nil
	case typeStringEncrypted:
		return deref(v.encrypted) != ""
	case typeCheckBox, typeHeading, typeLabel, typeDivider, typeText:
		return true
	}
	return deref(v.stringValue) != ""
}

func userSupplied(s *settingDef, v *settingValue) bool {
	switch s.Type {
	case typeInteger:
		return v.intValue != nil
	case typeCheckBox:
		return v.checkbox
	case typeStringEncrypted:
		return deref(v.encrypted) != ""
	}
	return strings.TrimSpace(deref(v.stringValue)) != ""
}

// validateSettings runs ConnectorSettingValidator (required, required groups, required-when) and
// then the connector's own validation with its simulated live probe. Errors are keyed by setting
// name, or "settings" for failures that belong to no single setting.
func validateSettings(cs *connectedSystem) map[string][]string {
	errs := map[string][]string{}
	add := func(key, msg string) { errs[key] = append(errs[key], msg) }
	for _, s := range cs.def.Settings {
		v := cs.values[s.ID]
		required := conditionMet(cs, s) && (s.Required || s.RequiredWhenSetting != nil)
		if required && !suppliedForRequired(s, v) {
			add(s.Name, "Please supply a value for "+s.Name)
		}
	}
	groups := map[string][]*settingDef{}
	var order []string
	for _, s := range cs.def.Settings {
		if s.RequiredGroup != nil {
			if _, seen := groups[*s.RequiredGroup]; !seen {
				order = append(order, *s.RequiredGroup)
			}
			groups[*s.RequiredGroup] = append(groups[*s.RequiredGroup], s)
		}
	}
	for _, g := range order {
		members := groups[g]
		supplied, exactlyOne := 0, false
		var names []string
		for _, s := range members {
			if userSupplied(s, cs.values[s.ID]) {
				supplied++
			}
			exactlyOne = exactlyOne || s.RequiredGroupCardinality == "ExactlyOne"
			names = append(names, "'"+s.Name+"'")
		}
		switch {
		case supplied == 0 && exactlyOne:
			add("settings", "Provide a value for exactly one of these settings: "+strings.Join(names, ", ")+".")
		case supplied == 0:
			add("settings", "Provide a value for at least one of these settings: "+strings.Join(names, ", ")+".")
		case exactlyOne && supplied > 1:
			add("settings", "Provide a value for only one of these settings, not more than one: "+strings.Join(names, ", ")+".")
		}
	}
	probeConnector(cs, add)
	return errs
}

func (cs *connectedSystem) str(name string) string {
	s := cs.def.setting(name)
	if s == nil {
		return ""
	}
	return deref(cs.values[s.ID].stringValue)
}

// invalidHost is how a test says "this target does not answer": RFC 2606 reserves .invalid.
func invalidHost(host string) bool {
	h := strings.ToLower(strings.TrimSuffix(strings.TrimSpace(host), "."))
	return h == "invalid" || strings.HasSuffix(h, ".invalid")
}

// probeConnector simulates each connector's ValidateSettingValues, including its live probe.
func probeConnector(cs *connectedSystem, add func(key, msg string)) {
	switch cs.def.Name {
	case fileConnectorName:
		path := cs.str("File Path")
		if path == "" {
			return
		}
		mode := cs.str("Mode")
		if mode == "" {
			mode = "Import Only"
		}
		switch mode {
		case "Import Only", "Bidirectional":
			if st, err := os.Stat(path); err != nil || st.IsDir() {
				add("File Path", fmt.Sprintf("File not found: '%s'. For %s mode, the file must exist. Check the path and ensure it maps to a Docker Volume.", path, mode))
			}
		}
		// Export Only: the real connector creates the directory; the emulator leaves the disk alone.
	case ldapConnectorName:
		host := cs.str("Host")
		if host != "" && invalidHost(host) {
			add("settings", "Unable to connect. Message: The LDAP server is unavailable.")
		}
	case sqlConnectorName:
		host := cs.str("Host")
		if host != "" && invalidHost(host) {
			add("settings", fmt.Sprintf("Unable to connect to the database server '%s'. Message: No such host is known.", host))
		}
	case scimConnectorName:
		raw := cs.str("Base URL")
		if raw == "" {
			return
		}
		u, err := url.Parse(raw)
		if err != nil || !u.IsAbs() || u.Host == "" {
			add("Base URL", fmt.Sprintf("Base URL '%s' is not a valid absolute URL. Supply the full SCIM endpoint URL, i.e. https://example.com/scim/v2.", raw))
			return
		}
		if u.Scheme != "https" && u.Scheme != "http" {
			add("Base URL", fmt.Sprintf("Base URL '%s' must use the https scheme (or http for loopback addresses only).", raw))
			return
		}
		host := u.Hostname()
		if u.Scheme == "http" && host != "localhost" && !strings.HasPrefix(host, "127.") && host != "::1" {
			add("Base URL", fmt.Sprintf("Base URL '%s' uses http against a non-loopback host. HTTPS is required for SCIM service providers; http is only permitted for loopback addresses.", raw))
			return
		}
		if invalidHost(host) {
			add("Base URL", fmt.Sprintf("Unable to connect to the SCIM service provider at '%s'. Message: No such host is known.", raw))
		}
	}
}
