package elasticsearch_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/syncops/terraform-provider-syncops/internal/emulator/elasticsearch"
)

// listPage is GET /_connector with the given query, decoded.
func (c *cluster) listPage(query string) (count int, ids []string) {
	c.t.Helper()
	status, _, body := c.raw("GET", "/_connector?"+query, "")
	if status != 200 {
		c.t.Fatalf("GET /_connector?%s: HTTP %d %v", query, status, body)
	}
	for _, r := range body["results"].([]any) {
		ids = append(ids, r.(map[string]any)["id"].(string))
	}
	return int(body["count"].(float64)), ids
}

// TestListPaging pins GET /_connector as reference §5.2 has it: count is the total, not the page;
// from/size page through index_name order (connectors without an index last) with every
// connector exactly once; a page past the end is empty; filters are exact terms, comma lists, ANDed.
func TestListPaging(t *testing.T) {
	c := start(t, elasticsearch.Options{})
	var want []string
	for i := range 250 {
		id := fmt.Sprintf("c%03d", i)
		st := "jira"
		if i%5 == 0 {
			st = "jira_cloud"
		}
		c.raw("PUT", "/_connector/"+id, fmt.Sprintf(`{"index_name":"search-%03d","service_type":%q}`, 249-i, st))
		want = append(want, id)
	}
	c.raw("PUT", "/_connector/no-index", `{"service_type":"jira"}`)
	slices.Reverse(want) // index_name ascending
	want = append(want, "no-index")

	var got []string
	for from := 0; ; from += 100 {
		count, ids := c.listPage(fmt.Sprintf("from=%d&size=100", from))
		if count != 251 {
			t.Fatalf("from=%d: count %d, want the total 251", from, count)
		}
		if len(ids) == 0 {
			break
		}
		got = append(got, ids...)
	}
	if !slices.Equal(got, want) {
		t.Errorf("paged ids (%d) differ from index_name order (%d): first %v, last %v", len(got), len(want), got[:3], got[len(got)-3:])
	}
	if count, ids := c.listPage("size=2"); count != 251 || len(ids) != 2 {
		t.Errorf("size=2: count %d, %d results", count, len(ids))
	}
	if count, ids := c.listPage("from=1000"); count != 251 || len(ids) != 0 {
		t.Errorf("past the end: count %d, %d results", count, len(ids))
	}
	if count, _ := c.listPage("service_type=jira"); count != 201 {
		t.Errorf("service_type=jira (exact, not jira_cloud): count %d, want 201", count)
	}
	if count, _ := c.listPage("service_type=jira,jira_cloud"); count != 251 {
		t.Errorf("service_type list: count %d, want 251", count)
	}
	if count, ids := c.listPage("index_name=search-004&service_type=jira_cloud"); count != 1 || ids[0] != "c245" {
		t.Errorf("index_name AND service_type: %d %v", count, ids)
	}
	if count, _ := c.listPage("index_name=search-004&service_type=jira"); count != 0 {
		t.Errorf("filters are ANDed: count %d", count)
	}
	if count, _ := c.listPage("index_name=search-00"); count != 0 {
		t.Errorf("index_name is an exact match: count %d", count)
	}

	// A list that has not caught up: GET finds the connector, the list does not.
	c.platform.HideFromList("c007")
	if count, _ := c.listPage("index_name=search-242"); count != 0 {
		t.Errorf("hidden connector listed: count %d", count)
	}
	if status, _, _ := c.raw("GET", "/_connector/c007", ""); status != 200 {
		t.Errorf("GET of a connector hidden from the list: HTTP %d", status)
	}
	c.platform.ShowInList("c007")
	if count, _ := c.listPage("index_name=search-242"); count != 1 {
		t.Errorf("shown again: count %d", count)
	}
}
