package elasticsearch_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/syncops/terraform-provider-syncops/internal/emulator/elasticsearch"
)

// esCase is one row of the tables in internal/testdata/elasticsearch: what Elasticsearch answers
// for an input. The provider's plan-time checks read the same files.
type esCase struct {
	Input   string `json:"input"`
	Valid   bool   `json:"valid"`
	Message string `json:"message"`
	Source  string `json:"source"`
}

func loadCases(t *testing.T, name string) []esCase {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "elasticsearch", name))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Cases []esCase `json:"cases"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if len(doc.Cases) == 0 {
		t.Fatalf("%s: no cases", name)
	}
	return doc.Cases
}

// reasons gathers every reason of an error body, caused_by chain included.
func reasons(body map[string]any) []string {
	var out []string
	var walk func(any)
	walk = func(v any) {
		m, ok := v.(map[string]any)
		if !ok {
			return
		}
		if r, ok := m["reason"].(string); ok {
			out = append(out, r)
		}
		walk(m["caused_by"])
	}
	walk(body["error"])
	return out
}

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// checkAnswer asserts one answer of the emulator against a row of the table.
func checkAnswer(t *testing.T, what string, row esCase, okStatus, status int, body map[string]any, alsoWant ...string) {
	t.Helper()
	if row.Valid {
		if status != okStatus {
			t.Errorf("%s %q (%s): status %d, want %d; %v", what, row.Input, row.Source, status, okStatus, reasons(body))
		}
		return
	}
	if status != 400 {
		t.Errorf("%s %q (%s): status %d, want 400", what, row.Input, row.Source, status)
		return
	}
	all := strings.Join(reasons(body), "\n")
	for _, want := range append([]string{row.Message}, alsoWant...) {
		if !strings.Contains(all, want) {
			t.Errorf("%s %q (%s): reasons %q do not contain %q", what, row.Input, row.Source, all, want)
		}
	}
}

func TestIndexNamesAsElasticsearch(t *testing.T) {
	rows := loadCases(t, "index_names.json")
	t.Run("PUT /_connector/{id}", func(t *testing.T) {
		c := start(t, elasticsearch.Options{})
		for i, row := range rows {
			status, _, body := c.raw("PUT", fmt.Sprintf("/_connector/c%d", i), `{"index_name":`+jsonString(row.Input)+`}`)
			checkAnswer(t, "create", row, 201, status, body, "Validation Failed: 1: ")
			if e, _ := body["error"].(map[string]any); status == 400 && e["type"] != "action_request_validation_exception" {
				t.Errorf("create %q: error type %v", row.Input, e["type"])
			}
		}
	})
	t.Run("PUT /_connector/{id}/_index_name", func(t *testing.T) {
		c := start(t, elasticsearch.Options{})
		if status, _, _ := c.raw("PUT", "/_connector/u", `{"name":"no index yet"}`); status != 201 {
			t.Fatalf("create without index: %d", status)
		}
		for _, row := range rows {
			status, _, body := c.raw("PUT", "/_connector/u/_index_name", `{"index_name":`+jsonString(row.Input)+`}`)
			checkAnswer(t, "_index_name", row, 200, status, body)
			if doc, _ := c.platform.Connector("u"); row.Valid && doc["index_name"] != row.Input {
				t.Errorf("_index_name %q: stored %v", row.Input, doc["index_name"])
			}
		}
	})
}

func TestNativeCreateReportsBothIndexProblems(t *testing.T) {
	c := start(t, elasticsearch.Options{})
	status, _, body := c.raw("PUT", "/_connector/n", `{"index_name":"search:x","is_native":true}`)
	all := strings.Join(reasons(body), "\n")
	if status != 400 || !strings.Contains(all, "1: [search:x] org.elasticsearch.indices.InvalidIndexNameException: Invalid index name [search:x], must not contain ':';") ||
		!strings.Contains(all, "2: Index [search:x] is invalid. Index attached to an Elastic-managed connector must start with the prefix: [content-];") {
		t.Errorf("native create with a bad name: %d %q", status, all)
	}
}

func TestCronAsElasticsearch(t *testing.T) {
	c := start(t, elasticsearch.Options{})
	if status, _, _ := c.raw("PUT", "/_connector/s", `{"index_name":"search-s"}`); status != 201 {
		t.Fatalf("create: %d", status)
	}
	for _, row := range loadCases(t, "cron.json") {
		status, _, body := c.raw("PUT", "/_connector/s/_scheduling", `{"scheduling":{"full":{"enabled":true,"interval":`+jsonString(row.Input)+`}}}`)
		checkAnswer(t, "_scheduling", row, 200, status, body, "invalid cron expression ["+row.Input+"]")
		doc, _ := c.platform.Connector("s")
		scheduling, _ := doc["scheduling"].(map[string]any)
		full, _ := scheduling["full"].(map[string]any)
		// Cron upper-cases its expression, and that is what is stored.
		if want := strings.ToUpper(row.Input); row.Valid && full["interval"] != want {
			t.Errorf("_scheduling %q: stored %v, want %q", row.Input, full["interval"], want)
		}
	}
}
