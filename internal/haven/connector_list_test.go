package haven_test

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/syncops/terraform-provider-syncops/internal/acctest"
	havenemu "github.com/syncops/terraform-provider-syncops/internal/emulator/haven"
)

const listAddr = "syncops_haven_connector.all"

// listSecret is the password of the credentialed connector the list tests make out of band.
const listSecret = "list-test-password-4c1d"

// seedOutOfBand makes connectors as another user of the account would: web_cloud ones named
// web-1..web-3 (web-1 with credentials, a policy and a description), a dropbox_cloud "box" and a
// filesystem_onsite "files".
func (h *harness) seedOutOfBand() {
	h.t.Helper()
	for i := 1; i <= 3; i++ {
		p := url.Values{"connector": {fmt.Sprintf("web-%d", i)}, "flavor": {"web_cloud"},
			"config": {fmt.Sprintf(`{"url":"https://www.example.com/%d","max_pages":100}`, i)}, "destination": {`{"action":"addtotextindex","index":"site"}`}}
		if i == 1 {
			p.Set("credentials", `{"login_value":"crawler","password_value":"`+listSecret+`"}`)
			p.Set("credentials_policy", `{"notification_email":"ops@example.com"}`)
			p.Set("description", "With a login")
		}
		h.mustHOD("createconnector", p)
	}
	h.mustHOD("createconnector", url.Values{"connector": {"box"}, "flavor": {"dropbox_cloud"}, "config": {`{"full_dropbox_access":false}`}, "destination": {`{"action":"addtotextindex","index":"box"}`}})
	h.mustHOD("createconnector", url.Values{"connector": {"files"}, "flavor": {"filesystem_onsite"}, "config": {`{"directory_paths":["/srv"]}`},
		"destination": {`{"action":"addtotextindex","index":"files"}`}, "schedule": {`{"frequency":{"frequency_type":"seconds","interval":21600}}`}})
}

func (h *harness) listQuery(body string) string {
	return fmt.Sprintf(`
provider "syncops" {
  haven {
    url     = %q
    api_key = %q
  }
}
list "syncops_haven_connector" "all" {
  provider = syncops
%s
}`, h.acc.URL, havenemu.DefaultAPIKey, body)
}

// requestsSince is a query check on the emulator's request counts: what the query just ran cost.
type requestsSince struct {
	h     *harness
	route string
	want  func(n int) error
}

func (c requestsSince) CheckQuery(_ context.Context, _ querycheck.CheckQueryRequest, resp *querycheck.CheckQueryResponse) {
	resp.Error = c.want(c.h.stat(c.route))
}

// TestAccConnectorList_query: terraform query lists every connector with its identity and name,
// filters by flavor exactly, honours the limit, reads each connector as the resource does only
// when include_resource asks for it, and lists no secret.
func TestAccConnectorList_query(t *testing.T) {
	t.Parallel()
	h := start(t, havenemu.Options{})
	h.seedOutOfBand()
	byName := func(name string) queryfilter.QueryFilter {
		return queryfilter.ByResourceIdentity(map[string]knownvalue.Check{"name": knownvalue.StringExact(name)})
	}
	resetStats := func() { h.control("/_emulator/stats/reset", "") }
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheckFeature(t, acctest.ListResources) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				// Names and identities only: one listresources, no per-connector read.
				PreConfig: resetStats,
				Query:     true,
				Config:    h.listQuery(""),
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength(listAddr, 5),
					querycheck.ExpectIdentity(listAddr, map[string]knownvalue.Check{"name": knownvalue.StringExact("files")}),
					querycheck.ExpectResourceDisplayName(listAddr, byName("web-2"), knownvalue.StringExact("web-2")),
					requestsSince{h, "GET /1/api/sync/listresources/v1", exactly(1)},
					requestsSince{h, "GET /1/api/sync/retrieveconfig/v1", exactly(0)},
				},
			},
			{
				// The full object, mapped as Read maps it; never the credentials.
				PreConfig: resetStats,
				Query:     true,
				Config:    h.listQuery("  include_resource = true"),
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength(listAddr, 5),
					querycheck.ExpectResourceKnownValues(listAddr, byName("web-1"), []querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("flavor"), KnownValue: knownvalue.StringExact("web_cloud")},
						{Path: tfjsonpath.New("config"), KnownValue: knownvalue.StringExact(`{"max_pages":100,"url":"https://www.example.com/1"}`)},
						{Path: tfjsonpath.New("credentials_policy"), KnownValue: knownvalue.StringExact(`{"notification_email":"ops@example.com"}`)},
						{Path: tfjsonpath.New("credentials_wo"), KnownValue: knownvalue.Null()},
						{Path: tfjsonpath.New("description"), KnownValue: knownvalue.StringExact("With a login")},
						{Path: tfjsonpath.New("status"), KnownValue: knownvalue.StringExact("IDLE")},
						{Path: tfjsonpath.New("stop_before_delete"), KnownValue: knownvalue.Bool(true)},
					}),
					querycheck.ExpectResourceKnownValues(listAddr, byName("files"), []querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("status"), KnownValue: knownvalue.Null()},
						{Path: tfjsonpath.New("schedule"), KnownValue: knownvalue.StringExact(`{"frequency":{"frequency_type":"seconds","interval":21600}}`)},
					}),
					requestsSince{h, "GET /1/api/sync/retrieveconfig/v1", exactly(5)},
					noSecretInQuery{},
				},
			},
			{
				// The flavor filter is exact.
				Query:  true,
				Config: h.listQuery(`  config { flavor = "dropbox_cloud" }`),
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength(listAddr, 1),
					querycheck.ExpectIdentity(listAddr, map[string]knownvalue.Check{"name": knownvalue.StringExact("box")}),
				},
			},
			{
				Query:             true,
				Config:            h.listQuery(`  config { flavor = "web_onsite" }`),
				QueryResultChecks: []querycheck.QueryResultCheck{querycheck.ExpectLength(listAddr, 0)},
			},
			{
				// The documentation's example.
				Query:  true,
				Config: h.config(readExample(t, "list-resources", "syncops_haven_connector", "list-resource.tfquery.hcl")),
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("syncops_haven_connector.web", 3),
				},
			},
			{
				Query:             true,
				Config:            h.listQuery("  limit = 2"),
				QueryResultChecks: []querycheck.QueryResultCheck{querycheck.ExpectLength(listAddr, 2)},
			},
		},
	})
}

func exactly(want int) func(int) error {
	return func(n int) error {
		if n != want {
			return fmt.Errorf("%d requests, want %d", n, want)
		}
		return nil
	}
}

// noSecretInQuery: no result of the query holds the credentials' password.
type noSecretInQuery struct{}

func (noSecretInQuery) CheckQuery(_ context.Context, req querycheck.CheckQueryRequest, resp *querycheck.CheckQueryResponse) {
	for _, r := range req.Query {
		if strings.Contains(fmt.Sprintf("%v", r), listSecret) {
			resp.Error = fmt.Errorf("the query result of %s holds the credentials", r.DisplayName)
		}
	}
}

func readExample(t *testing.T, parts ...string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(append([]string{"..", "..", "examples"}, parts...)...))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
