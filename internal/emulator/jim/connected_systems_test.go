package jim

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// defaultCheckboxValue is bool? in JIM: null unless the connector declares a default, so null for
// every setting that is not a checkbox and for a checkbox without one.
func TestDefaultCheckboxValueIsNullUnlessDeclared(t *testing.T) {
	s := start(t)
	byName := func(id int) map[string]map[string]any {
		out := map[string]map[string]any{}
		for _, it := range s.expect(s.do("GET", syncBase+"/connector-definitions/"+itoa(id), nil), http.StatusOK).json(t)["settings"].([]any) {
			m := it.(map[string]any)
			out[m["name"].(string)] = m
		}
		return out
	}
	ldap, file := byName(1), byName(2)
	assertEqual(t, "LDAPS checkbox", ldap["Use Secure Connection (LDAPS)?"]["defaultCheckboxValue"], any(false))
	assertEqual(t, "Skip Hidden Partitions", ldap["Skip Hidden Partitions"]["defaultCheckboxValue"], any(true))
	assertEqual(t, "a string setting", ldap["Host"]["defaultCheckboxValue"], nil)
	assertEqual(t, "a checkbox without a default", file["Stop On First Error"]["defaultCheckboxValue"], nil)
}

func TestConnectorDefinitionsAreSeededInOrder(t *testing.T) {
	s := start(t)
	items := s.expect(s.do("GET", syncBase+"/connector-definitions", nil), http.StatusOK).list(t)
	var names []string
	for i, it := range items {
		m := it.(map[string]any)
		names = append(names, m["name"].(string))
		assertEqual(t, "id", int(m["id"].(float64)), i+1)
		assertEqual(t, "builtIn", m["builtIn"], any(true))
	}
	want := []string{ldapConnectorName, fileConnectorName, scimConnectorName, sqlConnectorName}
	if !slices.Equal(names, want) {
		t.Fatalf("names %v, want %v", names, want)
	}
	r := s.expect(s.do("GET", syncBase+"/connector-definitions/1", nil), http.StatusOK)
	wantKeys := []string{"id", "name", "description", "url", "builtIn", "created", "createdByName", "lastUpdated", "lastUpdatedByName", "settings", "files",
		"supportsFullImport", "supportsDeltaImport", "supportsExport", "supportsPartitions", "supportsPartitionContainers", "supportsSecondaryExternalId",
		"supportsUserSelectedExternalId", "supportsUserSelectedAttributeTypes", "supportsAutoConfirmExport", "supportsParallelExport", "supportsPaging",
		"supportsFilePaths", "supportsPasswordSet", "supportsPasswordPolicyDiscovery", "schemaStandard"}
	if got := keys(t, r.body); !slices.Equal(got, wantKeys) {
		t.Fatalf("keys %v\nwant %v", got, wantKeys)
	}
	ldap := r.json(t)
	settings := ldap["settings"].([]any)
	first := settings[0].(map[string]any)
	assertEqual(t, "first LDAP setting", first["name"], any("Directory Server"))
	assertEqual(t, "first LDAP setting type", first["type"], any("Heading"))
	assertEqual(t, "second LDAP setting type", settings[1].(map[string]any)["type"], any("Label"))
	assertEqual(t, "LDAP partitions", ldap["supportsPartitions"], any(true))
}

func TestFileConnectorDefinitionSettings(t *testing.T) {
	s := start(t)
	d := s.expect(s.do("GET", syncBase+"/connector-definitions/by-name/"+strings.ReplaceAll(fileConnectorName, " ", "%20"), nil), http.StatusOK).json(t)
	assertEqual(t, "supportsDeltaImport", d["supportsDeltaImport"], any(false))
	assertEqual(t, "supportsFilePaths", d["supportsFilePaths"], any(true))
	byName := map[string]map[string]any{}
	for _, it := range d["settings"].([]any) {
		m := it.(map[string]any)
		byName[m["name"].(string)] = m
	}
	mode := byName["Mode"]
	assertEqual(t, "Mode type", mode["type"], any("DropDown"))
	assertEqual(t, "Mode default", mode["defaultStringValue"], any("Import Only"))
	assertEqual(t, "Mode values", fmt.Sprint(mode["dropDownValues"]), "[Import Only Export Only Bidirectional]")
	ot := byName["Object Type"]
	assertEqual(t, "Object Type group", ot["requiredGroup"], any("Object Type"))
	assertEqual(t, "Object Type cardinality", ot["requiredGroupCardinality"], any("ExactlyOne"))
	assertEqual(t, "File Path type", byName["File Path"]["type"], any("File"))
	assertEqual(t, "File Path required", byName["File Path"]["required"], any(true))
	s.expect(s.do("GET", syncBase+"/connector-definitions/by-name/nope", nil), http.StatusNotFound)
	s.expect(s.do("GET", syncBase+"/connector-definitions/99", nil), http.StatusNotFound)
}

func TestCreateConnectedSystem(t *testing.T) {
	s := start(t)
	r := s.expect(s.do("POST", csBase, `{"name":"  HR System ","description":" feed ","connectorDefinitionId":2,"changeReason":"setup"}`), http.StatusCreated)
	assertEqual(t, "Location", r.header.Get("Location"), csBase+"/1")
	want := `{"id":1,"name":"HR System","description":"feed","created":"2026-07-13T12:00:00Z","lastUpdated":null,"status":"Active",` +
		`"settingValuesValid":false,"connector":{"id":2,"name":"JIM File Connector"},"objectTypes":[],"objectCount":0,"pendingExportCount":0,` +
		`"maxExportParallelism":null,"initialPasswordTimeToLive":null,"requireSecureTransport":false,"unresolvedReferenceHandling":"Error",` +
		`"configurationDrift":null,"parkedInitialPasswordCount":null,"expiredInitialPasswordCount":null}`
	assertEqual(t, "body", strings.TrimSpace(string(r.body)), want)
	// GET-by-id adds configurationDrift and the password counts; no settings anywhere.
	got := s.expect(s.do("GET", csBase+"/1", nil), http.StatusOK)
	if strings.Contains(string(got.body), `"settingValues":`) {
		t.Fatal("GET must never return settingValues")
	}
	if got.json(t)["configurationDrift"] == nil {
		t.Fatal("GET-by-id populates configurationDrift")
	}
}

func TestCreateWithUnknownConnectorDefinitionIsBadRequest(t *testing.T) {
	s := start(t)
	r := s.expect(s.do("POST", csBase, `{"name":"x"}`), http.StatusBadRequest)
	body := r.json(t)
	assertEqual(t, "code", body["code"], any("BAD_REQUEST"))
	assertEqual(t, "message", body["message"], any("Connector definition with ID 0 not found."))
	if got := keys(t, r.body); !slices.Equal(got, []string{"code", "message", "details", "validationErrors", "timestamp"}) {
		t.Fatalf("ApiErrorResponse keys %v", got)
	}
}

func problem(t *testing.T, r response) map[string]any {
	t.Helper()
	if r.status != http.StatusBadRequest {
		t.Fatalf("status %d, want 400: %s", r.status, r.body)
	}
	if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/problem+json") {
		t.Fatalf("Content-Type %q, want application/problem+json", ct)
	}
	b := r.json(t)
	assertEqual(t, "title", b["title"], any("One or more validation errors occurred."))
	assertEqual(t, "type", b["type"], any("https://tools.ietf.org/html/rfc9110#section-15.5.1"))
	return b["errors"].(map[string]any)
}

func TestNameLengthIsProblemDetails(t *testing.T) {
	s := start(t)
	errs := problem(t, s.do("POST", csBase, map[string]any{"name": strings.Repeat("n", 201), "connectorDefinitionId": 2}))
	assertEqual(t, "Name", fmt.Sprint(errs["Name"]), "[The field Name must be a string with a minimum length of 1 and a maximum length of 200.]")
	errs = problem(t, s.do("POST", csBase, map[string]any{"name": "", "connectorDefinitionId": 2}))
	assertEqual(t, "Name", fmt.Sprint(errs["Name"]), "[The Name field is required.]")
	id := s.createSystem("a", 2)
	errs = problem(t, s.do("PUT", csBase+"/"+itoa(id), map[string]any{"name": ""}))
	if _, ok := errs["Name"]; !ok {
		t.Fatalf("update with empty name: %v", errs)
	}
}

// [Required] has AllowEmptyStrings = false, which refuses whitespace-only strings too: a name of
// spaces never reaches the server's trimming.
func TestWhitespaceOnlyRequiredNameIsProblemDetails(t *testing.T) {
	s := start(t)
	errs := problem(t, s.do("POST", csBase, map[string]any{"name": "   ", "connectorDefinitionId": 2}))
	assertEqual(t, "Name", fmt.Sprint(errs["Name"]), "[The Name field is required.]")
	id := s.createSystem("a", 2)
	errs = problem(t, s.do("POST", csBase+"/"+itoa(id)+"/run-profiles", map[string]any{"name": " \t ", "runType": "FullImport"}))
	assertEqual(t, "run profile Name", fmt.Sprint(errs["Name"]), "[The Name field is required.]")
}

func TestRangeViolationIsProblemDetails(t *testing.T) {
	s := start(t)
	id := s.createSystem("a", 2)
	errs := problem(t, s.do("PUT", csBase+"/"+itoa(id), map[string]any{"maxExportParallelism": 17}))
	assertEqual(t, "MaxExportParallelism", fmt.Sprint(errs["MaxExportParallelism"]), "[The field MaxExportParallelism must be between 1 and 16.]")
}

func TestNumericAndUnknownEnumsAreProblemDetails(t *testing.T) {
	s := start(t)
	id := s.createSystem("a", 2)
	for _, v := range []string{`1`, `"Sometimes"`} {
		errs := problem(t, s.do("PUT", csBase+"/"+itoa(id), `{"unresolvedReferenceHandling":`+v+`}`))
		if _, ok := errs["$.unresolvedReferenceHandling"]; !ok {
			t.Fatalf("%s: errors %v", v, errs)
		}
		if _, ok := errs["request"]; !ok {
			t.Fatalf("%s: the unbound argument is reported too: %v", v, errs)
		}
	}
	// Names match case-insensitively and come back canonical.
	r := s.expect(s.do("PUT", csBase+"/"+itoa(id), `{"unresolvedReferenceHandling":"warn"}`), http.StatusOK)
	assertEqual(t, "unresolvedReferenceHandling", r.json(t)["unresolvedReferenceHandling"], any("Warn"))
}

func TestDuplicatePropertiesAreProblemDetails(t *testing.T) {
	s := start(t)
	errs := problem(t, s.do("POST", csBase, `{"name":"a","Name":"b","connectorDefinitionId":2}`))
	if _, ok := errs["$.Name"]; !ok {
		t.Fatalf("errors %v", errs)
	}
}

func TestMalformedJSONIsProblemDetails(t *testing.T) {
	s := start(t)
	errs := problem(t, s.do("POST", csBase, `{"name":`))
	if _, ok := errs["$"]; !ok {
		t.Fatalf("errors %v", errs)
	}
	errs = problem(t, s.do("POST", csBase, `{"name":"a","connectorDefinitionId":"2"}`))
	if _, ok := errs["$.connectorDefinitionId"]; !ok {
		t.Fatalf("a string for an int is a conversion error: %v", errs)
	}
}

func TestUnknownPropertiesAreIgnoredAndNamesCaseInsensitive(t *testing.T) {
	s := start(t)
	r := s.expect(s.do("POST", csBase, `{"NAME":"x","ConnectorDefinitionId":1,"bogus":true}`), http.StatusCreated)
	assertEqual(t, "connector", r.json(t)["connector"].(map[string]any)["id"], any(float64(1)))
}

func TestDuplicateNamesAreAllowed(t *testing.T) {
	s := start(t)
	s.createSystem("same", 2)
	s.createSystem("same", 2)
	list := s.expect(s.do("GET", csBase, nil), http.StatusOK).json(t)
	assertEqual(t, "totalCount", list["totalCount"], any(float64(2)))
}

func TestListEnvelopeOrderAndClamping(t *testing.T) {
	s := start(t)
	for _, n := range []string{"charlie", "alpha", "bravo"} {
		s.createSystem(n, 2)
	}
	r := s.expect(s.do("GET", csBase, nil), http.StatusOK)
	if got := keys(t, r.body); !slices.Equal(got, []string{"items", "totalCount", "page", "pageSize", "totalPages", "hasNextPage", "hasPreviousPage"}) {
		t.Fatalf("envelope keys %v", got)
	}
	body := r.json(t)
	var names []string
	for _, it := range body["items"].([]any) {
		m := it.(map[string]any)
		names = append(names, m["name"].(string))
		assertEqual(t, "status", m["status"], any("Active"))
	}
	assertEqual(t, "order", strings.Join(names, ","), "alpha,bravo,charlie")
	assertEqual(t, "default pageSize", body["pageSize"], any(float64(25)))
	assertEqual(t, "pageSize 0", s.do("GET", csBase+"?pageSize=0", nil).json(t)["pageSize"], any(float64(25)))
	assertEqual(t, "pageSize 500", s.do("GET", csBase+"?pageSize=500", nil).json(t)["pageSize"], any(float64(100)))
	p := s.do("GET", csBase+"?pageSize=2&page=2", nil).json(t)
	assertEqual(t, "page 2 items", len(p["items"].([]any)), 1)
	assertEqual(t, "hasPreviousPage", p["hasPreviousPage"], any(true))
	assertEqual(t, "page below 1", s.do("GET", csBase+"?page=-3", nil).json(t)["page"], any(float64(1)))
	desc := s.do("GET", csBase+"?sortBy=NAME&sortDirection=desc", nil).json(t)["items"].([]any)
	assertEqual(t, "desc first", desc[0].(map[string]any)["name"], any("charlie"))
	problem(t, s.do("GET", csBase+"?sortDirection=down", nil))
}

func TestListFilter(t *testing.T) {
	s := start(t)
	s.createSystem("HR", 2)
	s.createSystem("Directory", 1)
	items := s.do("GET", csBase+"?filter=name:eq:HR", nil).json(t)["items"].([]any)
	assertEqual(t, "eq matches", len(items), 1)
	items = s.do("GET", csBase+"?filter=connectorId:eq:1", nil).json(t)["items"].([]any)
	assertEqual(t, "int eq", len(items), 1)
	assertEqual(t, "int eq name", items[0].(map[string]any)["name"], any("Directory"))
	items = s.do("GET", csBase+"?filter=bogus:eq:1", nil).json(t)["items"].([]any)
	assertEqual(t, "unknown property ignored", len(items), 2)
	items = s.do("GET", csBase+"?filter=malformed", nil).json(t)["items"].([]any)
	assertEqual(t, "malformed filter ignored", len(items), 2)
}

func TestPaginationDepthLimit(t *testing.T) {
	s := start(t)
	r := s.expect(s.do("GET", csBase+"?page=10002&pageSize=100", nil), http.StatusBadRequest)
	b := r.json(t)
	assertEqual(t, "code", b["code"], any("VALIDATION_ERROR"))
	if _, ok := b["validationErrors"].(map[string]any)["page"]; !ok {
		t.Fatalf("validationErrors.page missing: %s", r.body)
	}
}

func TestGetMissingSystemIsNotFound(t *testing.T) {
	s := start(t)
	b := s.expect(s.do("GET", csBase+"/42", nil), http.StatusNotFound).json(t)
	assertEqual(t, "code", b["code"], any("NOT_FOUND"))
	assertEqual(t, "message", b["message"], any("Connected System with ID 42 not found."))
	s.expect(s.do("PUT", csBase+"/42", `{}`), http.StatusNotFound)
}

// fileSettings returns a settingValues body for the File connector.
// fileSettings are valid File connector settings for user objects.
func fileSettings(s *testServer, path, mode string) map[string]any {
	return map[string]any{
		itoa(s.settingID(2, "File Path")):   map[string]any{"stringValue": path},
		itoa(s.settingID(2, "Mode")):        map[string]any{"stringValue": mode},
		itoa(s.settingID(2, "Object Type")): map[string]any{"stringValue": "user"},
	}
}

func TestSettingsValidationErrorsAreKeyedBySettingName(t *testing.T) {
	s := start(t)
	id := s.createSystem("f", 2)
	r := s.expect(s.do("PUT", csBase+"/"+itoa(id), map[string]any{"settingValues": map[string]any{
		itoa(s.settingID(2, "Delimiter")): map[string]any{"stringValue": ";"},
	}}), http.StatusBadRequest)
	b := r.json(t)
	assertEqual(t, "code", b["code"], any("VALIDATION_ERROR"))
	assertEqual(t, "message", b["message"], any("One or more Connected System settings are invalid."))
	ve := b["validationErrors"].(map[string]any)
	assertEqual(t, "File Path", fmt.Sprint(ve["File Path"]), "[Please supply a value for File Path]")
	assertEqual(t, "group", fmt.Sprint(ve["settings"]), "[Provide a value for exactly one of these settings: 'Object Type Column', 'Object Type'.]")
	// Nothing was persisted by the rejected write.
	assertEqual(t, "versions", s.do("GET", csBase+"/"+itoa(id)+"/change-history", nil).json(t)["totalCount"], any(float64(1)))
}

func TestExactlyOneGroupRejectsBothMembers(t *testing.T) {
	s := start(t)
	id := s.createSystem("f", 2)
	settings := fileSettings(s, "/tmp/out.csv", "Export Only")
	settings[itoa(s.settingID(2, "Object Type Column"))] = map[string]any{"stringValue": "type"}
	b := s.expect(s.do("PUT", csBase+"/"+itoa(id), map[string]any{"settingValues": settings}), http.StatusBadRequest).json(t)
	assertEqual(t, "settings", fmt.Sprint(b["validationErrors"].(map[string]any)["settings"]),
		"[Provide a value for only one of these settings, not more than one: 'Object Type Column', 'Object Type'.]")
}

func TestFileExportOnlyPassesWithoutAFile(t *testing.T) {
	s := start(t)
	id := s.createSystem("f", 2)
	path := filepath.Join(t.TempDir(), "missing", "out.csv")
	r := s.expect(s.do("PUT", csBase+"/"+itoa(id), map[string]any{"settingValues": fileSettings(s, path, "Export Only")}), http.StatusOK)
	b := r.json(t)
	assertEqual(t, "settingValuesValid", b["settingValuesValid"], any(true))
	if b["lastUpdated"] == nil {
		t.Error("lastUpdated is set by an update")
	}
	if strings.Contains(string(r.body), `"settingValues":`) {
		t.Error("settings are never returned")
	}
}

func TestFileImportModesNeedTheFile(t *testing.T) {
	s := start(t)
	id := s.createSystem("f", 2)
	missing := filepath.Join(t.TempDir(), "nope.csv")
	for _, mode := range []string{"Import Only", "Bidirectional"} {
		b := s.expect(s.do("PUT", csBase+"/"+itoa(id), map[string]any{"settingValues": fileSettings(s, missing, mode)}), http.StatusBadRequest).json(t)
		want := fmt.Sprintf("[File not found: '%s'. For %s mode, the file must exist. Check the path and ensure it maps to a Docker Volume.]", missing, mode)
		assertEqual(t, mode, fmt.Sprint(b["validationErrors"].(map[string]any)["File Path"]), want)
	}
	present := filepath.Join(t.TempDir(), "hr.csv")
	if err := os.WriteFile(present, []byte("id\n1\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	s.expect(s.do("PUT", csBase+"/"+itoa(id), map[string]any{"settingValues": fileSettings(s, present, "Import Only")}), http.StatusOK)
}

func TestUnknownSettingIDsAreIgnored(t *testing.T) {
	s := start(t)
	id := s.createSystem("f", 2)
	settings := fileSettings(s, "/tmp/x.csv", "Export Only")
	settings["99999"] = map[string]any{"stringValue": "ignored"}
	settings[itoa(s.settingID(1, "Host"))] = map[string]any{"stringValue": "other connector's setting"}
	s.expect(s.do("PUT", csBase+"/"+itoa(id), map[string]any{"settingValues": settings}), http.StatusOK)
}

func TestLDAPProbeFailsForInvalidHosts(t *testing.T) {
	s := start(t)
	id := s.createSystem("dir", 1)
	settings := map[string]any{
		itoa(s.settingID(1, "Host")):                map[string]any{"stringValue": "dc1.corp.invalid"},
		itoa(s.settingID(1, "Username")):            map[string]any{"stringValue": "svc"},
		itoa(s.settingID(1, "Password")):            map[string]any{"stringValue": "secret"},
		itoa(s.settingID(1, "Authentication Type")): map[string]any{"stringValue": "Simple"},
	}
	b := s.expect(s.do("PUT", csBase+"/"+itoa(id), map[string]any{"settingValues": settings}), http.StatusBadRequest).json(t)
	ve := b["validationErrors"].(map[string]any)
	if len(ve) != 1 || ve["settings"] == nil {
		t.Fatalf("want only the connectivity failure, got %v", ve)
	}
	settings[itoa(s.settingID(1, "Host"))] = map[string]any{"stringValue": "dc1.corp.example"}
	r := s.expect(s.do("PUT", csBase+"/"+itoa(id), map[string]any{"settingValues": settings}), http.StatusOK)
	assertEqual(t, "valid", r.json(t)["settingValuesValid"], any(true))
	if strings.Contains(string(r.body), "secret") {
		t.Fatal("secret leaked in the response")
	}
}

func TestSQLAndSCIMProbes(t *testing.T) {
	s := start(t)
	sql := s.createSystem("db", 4)
	b := s.expect(s.do("PUT", csBase+"/"+itoa(sql), map[string]any{"settingValues": map[string]any{
		itoa(s.settingID(4, "Database Type")): map[string]any{"stringValue": "Microsoft SQL Server"},
		itoa(s.settingID(4, "Host")):          map[string]any{"stringValue": "db.invalid"},
		itoa(s.settingID(4, "Database Name")): map[string]any{"stringValue": "hr"},
		itoa(s.settingID(4, "Username")):      map[string]any{"stringValue": "sa"},
		itoa(s.settingID(4, "Password")):      map[string]any{"stringValue": "pw"},
	}}), http.StatusBadRequest).json(t)
	if b["validationErrors"].(map[string]any)["settings"] == nil {
		t.Fatalf("SQL probe: %v", b)
	}
	scim := s.createSystem("scim", 3)
	b = s.expect(s.do("PUT", csBase+"/"+itoa(scim), map[string]any{"settingValues": map[string]any{
		itoa(s.settingID(3, "Base URL")):              map[string]any{"stringValue": "http://scim.example.com/v2"},
		itoa(s.settingID(3, "Authentication Method")): map[string]any{"stringValue": "Static Bearer Token"},
		itoa(s.settingID(3, "Bearer Token")):          map[string]any{"stringValue": "tok"},
	}}), http.StatusBadRequest).json(t)
	if b["validationErrors"].(map[string]any)["Base URL"] == nil {
		t.Fatalf("SCIM http to a non-loopback host: %v", b)
	}
}

func TestRequiredWhenSetting(t *testing.T) {
	s := start(t)
	id := s.createSystem("dir", 1)
	settings := map[string]any{
		itoa(s.settingID(1, "Host")):                map[string]any{"stringValue": "dc1"},
		itoa(s.settingID(1, "Username")):            map[string]any{"stringValue": "svc"},
		itoa(s.settingID(1, "Password")):            map[string]any{"stringValue": "pw"},
		itoa(s.settingID(1, "Authentication Type")): map[string]any{"stringValue": "Simple"},
		itoa(s.settingID(1, "Delete Behaviour")):    map[string]any{"stringValue": "Disable"},
		itoa(s.settingID(1, "Disable Attribute")):   map[string]any{"stringValue": ""},
	}
	b := s.expect(s.do("PUT", csBase+"/"+itoa(id), map[string]any{"settingValues": settings}), http.StatusBadRequest).json(t)
	assertEqual(t, "Disable Attribute", fmt.Sprint(b["validationErrors"].(map[string]any)["Disable Attribute"]), "[Please supply a value for Disable Attribute]")
}

func TestPartialUpdateAndTrimming(t *testing.T) {
	s := start(t)
	id := s.createSystem("sys", 2)
	path := itoa(id)
	b := s.expect(s.do("PUT", csBase+"/"+path, map[string]any{"description": "  some  "}), http.StatusOK).json(t)
	assertEqual(t, "description trimmed", b["description"], any("some"))
	assertEqual(t, "name unchanged", b["name"], any("sys"))
	// An update without settings still computes validity (defaults alone are not valid).
	assertEqual(t, "settingValuesValid", b["settingValuesValid"], any(false))
	b = s.expect(s.do("PUT", csBase+"/"+path, map[string]any{"description": ""}), http.StatusOK).json(t)
	assertEqual(t, "description cleared", b["description"], any(""))
	b = s.expect(s.do("PUT", csBase+"/"+path, map[string]any{"initialPasswordTimeToLive": "30.00:00:00", "requireSecureTransport": true, "maxExportParallelism": 4}), http.StatusOK).json(t)
	assertEqual(t, "ttl", b["initialPasswordTimeToLive"], any("30.00:00:00"))
	assertEqual(t, "secure", b["requireSecureTransport"], any(true))
	assertEqual(t, "parallelism", b["maxExportParallelism"], any(float64(4)))
	problem(t, s.do("PUT", csBase+"/"+path, map[string]any{"initialPasswordTimeToLive": "thirty days"}))
}

func TestChangeHistorySnapshots(t *testing.T) {
	s := start(t)
	id := s.createSystem("dir", 1)
	secret := "hunter2"
	s.expect(s.do("PUT", csBase+"/"+itoa(id), map[string]any{"changeReason": "configure", "settingValues": map[string]any{
		itoa(s.settingID(1, "Host")):                map[string]any{"stringValue": "  dc1.corp.example  "},
		itoa(s.settingID(1, "Username")):            map[string]any{"stringValue": "svc"},
		itoa(s.settingID(1, "Password")):            map[string]any{"stringValue": secret},
		itoa(s.settingID(1, "Authentication Type")): map[string]any{"stringValue": "Simple"},
		itoa(s.settingID(1, "Port")):                map[string]any{"intValue": 636},
	}}), http.StatusOK)
	list := s.expect(s.do("GET", csBase+"/"+itoa(id)+"/change-history", nil), http.StatusOK).json(t)
	assertEqual(t, "totalCount", list["totalCount"], any(float64(2)))
	assertEqual(t, "default pageSize", list["pageSize"], any(float64(25)))
	items := list["items"].([]any)
	newest := items[0].(map[string]any)
	assertEqual(t, "newest first", newest["version"], any(float64(2)))
	assertEqual(t, "operation", newest["operation"], any("Update"))
	assertEqual(t, "reason", newest["reason"], any("configure"))
	assertEqual(t, "summary", newest["summary"], any("Settings"))
	assertEqual(t, "first is the creation", items[1].(map[string]any)["summary"], any("Created"))
	v := s.expect(s.do("GET", csBase+"/"+itoa(id)+"/change-history/2", nil), http.StatusOK)
	if strings.Contains(string(v.body), secret) {
		t.Fatal("the secret appears in the snapshot")
	}
	snap := v.json(t)["snapshot"].(map[string]any)
	assertEqual(t, "objectType", snap["objectType"], any("ConnectedSystem"))
	values := nodesByKey(t, settingValuesNode(t, snap["root"].(map[string]any)))
	assertEqual(t, "Host trimmed", values["Host"]["value"], any("dc1.corp.example"))
	assertEqual(t, "Host label", values["Host"]["label"], any("Host"))
	assertEqual(t, "Host itemId", values["Host"]["itemId"], any(float64(s.settingID(1, "Host"))))
	assertEqual(t, "Port as string", values["Port"]["value"], any("636"))
	assertEqual(t, "checkbox as string", values["Skip Hidden Partitions"]["value"], any("true"))
	assertEqual(t, "Password isSecret", values["Password"]["isSecret"], any(true))
	if pw, err := base64.StdEncoding.DecodeString(values["Password"]["value"].(string)); err != nil || len(pw) != 32 {
		t.Fatalf("Password value %q is not a base64 HMAC-SHA256", values["Password"]["value"])
	}
	if _, ok := values["Preferred Domain Controller"]; ok {
		t.Error("unset settings are omitted")
	}
	if _, ok := values["Directory Server"]; ok {
		t.Error("headings carry no value")
	}
	s.expect(s.do("GET", csBase+"/"+itoa(id)+"/change-history/9", nil), http.StatusNotFound)
	s.expect(s.do("GET", csBase+"/77/change-history", nil), http.StatusNotFound)
}

// Each row of the list carries its diff against the version before it, with the new value of every
// setting the new version holds (unchanged ones too) and no value for a secret, as JIM computes it.
func TestChangeHistoryListCarriesDiffs(t *testing.T) {
	s := start(t)
	id := s.createSystem("dir", 1)
	path := csBase + "/" + itoa(id)
	s.expect(s.do("PUT", path, map[string]any{"settingValues": map[string]any{
		itoa(s.settingID(1, "Host")):                map[string]any{"stringValue": "dc1.corp.example"},
		itoa(s.settingID(1, "Username")):            map[string]any{"stringValue": "svc"},
		itoa(s.settingID(1, "Password")):            map[string]any{"stringValue": "pw"},
		itoa(s.settingID(1, "Authentication Type")): map[string]any{"stringValue": "Simple"},
		itoa(s.settingID(1, "Port")):                map[string]any{"intValue": 389},
	}}), http.StatusOK)
	s.expect(s.do("PUT", path, map[string]any{"settingValues": map[string]any{
		itoa(s.settingID(1, "Port")): map[string]any{"intValue": 636},
	}}), http.StatusOK)
	s.expect(s.do("PUT", path, map[string]any{"description": "renamed only"}), http.StatusOK)

	b := s.expect(s.do("GET", path+"/change-history?pageSize=2", nil), http.StatusOK).json(t)
	assertEqual(t, "totalCount", b["totalCount"], any(float64(4)))
	assertEqual(t, "hasNextPage", b["hasNextPage"], any(true))
	items := b["items"].([]any)
	assertEqual(t, "page size honoured", len(items), 2)
	v4, v3 := items[0].(map[string]any), items[1].(map[string]any)
	assertEqual(t, "v4 summary", v4["summary"], any("Description"))
	d4 := v4["diff"].(map[string]any)
	assertEqual(t, "v4 oldVersion", d4["oldVersion"], any(float64(3)))
	assertEqual(t, "v4 newVersion", d4["newVersion"], any(float64(4)))
	assertEqual(t, "v4 added (description)", d4["addedCount"], any(float64(1)))
	unchanged := nodesByKey(t, settingValuesNode(t, d4["root"].(map[string]any)))
	assertEqual(t, "unchanged setting keeps its change type", unchanged["Port"]["changeType"], any("Unchanged"))
	assertEqual(t, "unchanged setting carries its value", unchanged["Port"]["newValue"], any("636"))

	d3 := v3["diff"].(map[string]any)
	assertEqual(t, "v3 summary", v3["summary"], any("Settings"))
	assertEqual(t, "v3 modified", d3["modifiedCount"], any(float64(1)))
	changed := nodesByKey(t, settingValuesNode(t, d3["root"].(map[string]any)))
	assertEqual(t, "changeType", changed["Port"]["changeType"], any("Modified"))
	assertEqual(t, "oldValue", changed["Port"]["oldValue"], any("389"))
	assertEqual(t, "newValue", changed["Port"]["newValue"], any("636"))

	// The last page has the creation, whose diff adds the whole object.
	p2 := s.expect(s.do("GET", path+"/change-history?pageSize=2&page=2", nil), http.StatusOK).json(t)["items"].([]any)
	v1 := p2[1].(map[string]any)
	assertEqual(t, "v1 operation", v1["operation"], any("Create"))
	assertEqual(t, "v1 root added", v1["diff"].(map[string]any)["root"].(map[string]any)["changeType"], any("Added"))

	// compare diffs any two versions; a missing target version is 404 with JIM's message.
	c := s.expect(s.do("GET", path+"/change-history/compare?fromVersion=2&toVersion=4", nil), http.StatusOK).json(t)
	assertEqual(t, "compare modified (Port)", c["modifiedCount"], any(float64(1)))
	assertEqual(t, "compare added (description)", c["addedCount"], any(float64(1)))
	nf := s.expect(s.do("GET", path+"/change-history/compare?fromVersion=1&toVersion=7", nil), http.StatusNotFound).json(t)
	assertEqual(t, "compare 404", nf["message"], any(fmt.Sprintf("Could not compare versions 1 and 7 for Connected System %d.", id)))
	s.expect(s.do("GET", path+"/change-history/compare?fromVersion=x&toVersion=3", nil), http.StatusBadRequest)
	s.expect(s.do("GET", path+"/change-history?page=40002", nil), http.StatusBadRequest)
}

// A secret's change shows in the diff by its change type alone, never by value or hash.
func TestChangeHistoryDiffHidesSecrets(t *testing.T) {
	s := start(t)
	id := s.createSystem("dir", 1)
	path := csBase + "/" + itoa(id)
	for _, pw := range []string{"first-secret", "second-secret"} {
		s.expect(s.do("PUT", path, map[string]any{"settingValues": map[string]any{
			itoa(s.settingID(1, "Host")):                map[string]any{"stringValue": "dc1.corp.example"},
			itoa(s.settingID(1, "Username")):            map[string]any{"stringValue": "svc"},
			itoa(s.settingID(1, "Password")):            map[string]any{"stringValue": pw},
			itoa(s.settingID(1, "Authentication Type")): map[string]any{"stringValue": "Simple"},
		}}), http.StatusOK)
	}
	r := s.expect(s.do("GET", path+"/change-history?pageSize=1", nil), http.StatusOK)
	if strings.Contains(string(r.body), "secret") {
		t.Fatalf("a secret is in the list: %s", r.body)
	}
	item := r.json(t)["items"].([]any)[0].(map[string]any)
	pw := nodesByKey(t, settingValuesNode(t, item["diff"].(map[string]any)["root"].(map[string]any)))["Password"]
	assertEqual(t, "secret changed", pw["changeType"], any("Modified"))
	assertEqual(t, "no old value", pw["oldValue"], nil)
	assertEqual(t, "no new value", pw["newValue"], nil)
}

func TestNonJSONBodyIsUnsupportedMediaType(t *testing.T) {
	s := start(t)
	r := s.expect(s.raw("POST", csBase, `{"name":"x","connectorDefinitionId":2}`, map[string]string{"X-API-Key": s.key, "Content-Type": "text/plain"}), http.StatusUnsupportedMediaType)
	if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/problem+json") {
		t.Fatalf("Content-Type %q", ct)
	}
	s.expect(s.raw("POST", csBase, `{"name":"x","connectorDefinitionId":2}`, map[string]string{"X-API-Key": s.key, "Content-Type": "application/json; charset=utf-8"}), http.StatusCreated)
}

func TestTrailingSlashRoutesLikeJIM(t *testing.T) {
	s := start(t)
	r := s.expect(s.do("GET", csBase+"/", nil), http.StatusOK)
	if _, ok := r.json(t)["items"]; !ok {
		t.Fatalf("trailing slash should reach the list: %s", r.body)
	}
}

func TestCreateAppliesConnectorDefaults(t *testing.T) {
	s := start(t)
	id := s.createSystem("f", 2)
	v := s.expect(s.do("GET", csBase+"/"+itoa(id)+"/change-history/1", nil), http.StatusOK).json(t)
	assertEqual(t, "operation", v["operation"], any("Create"))
	values := map[string]any{}
	for label, m := range nodesByKey(t, settingValuesNode(t, v["snapshot"].(map[string]any)["root"].(map[string]any))) {
		values[label] = m["value"]
	}
	assertEqual(t, "Mode", values["Mode"], any("Import Only"))
	assertEqual(t, "Delimiter", values["Delimiter"], any(","))
	assertEqual(t, "Multi-Value Delimiter", values["Multi-Value Delimiter"], any("|"))
	assertEqual(t, "Stop On First Error", values["Stop On First Error"], any("false"))
	if _, ok := values["File Path"]; ok {
		t.Error("File Path has no default and must be omitted")
	}
}

// The provider pages by id (sortBy=id): names tie, ids do not. String filters ignore case.
func TestListPagesByIDAndFiltersIgnoreCase(t *testing.T) {
	s := start(t)
	for i := range 120 {
		s.createSystem([]string{"twin", "other"}[i%2], 1+i%4)
	}
	var ids []int
	for page := 1; page <= 2; page++ {
		b := s.do("GET", csBase+"?sortBy=id&sortDirection=asc&pageSize=100&page="+itoa(page), nil).json(t)
		for _, it := range b["items"].([]any) {
			ids = append(ids, int(it.(map[string]any)["id"].(float64)))
		}
		assertEqual(t, "hasNextPage", b["hasNextPage"], any(page == 1))
	}
	assertEqual(t, "ids seen", len(ids), 120)
	if !slices.IsSorted(ids) || slices.Compact(slices.Clone(ids))[119] != ids[119] {
		t.Fatalf("pages by id are not in id order, each once: %v", ids)
	}
	items := s.do("GET", csBase+"?pageSize=100&filter=connectorName:eq:jim%20sql%20connector", nil).json(t)["items"].([]any)
	assertEqual(t, "connectorName eq ignores case", len(items), 30)
	items = s.do("GET", csBase+"?pageSize=100&filter=name:eq:TWIN", nil).json(t)["items"].([]any)
	assertEqual(t, "name eq ignores case", len(items), 60)
}
