package elasticsearch_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/syncops/terraform-provider-syncops/internal/acctest"
	"github.com/syncops/terraform-provider-syncops/internal/emulator"
	esemu "github.com/syncops/terraform-provider-syncops/internal/emulator/elasticsearch"
)

// lateCreate stands in front of the emulator and loses the answer to the first PUT of one
// connector while holding the request back: the cluster processes it only after the provider has
// looked for the connector twice and not found it the first time, as a busy cluster still working
// on a request whose client gave up would. The test, not a timer, decides when the PUT lands.
type lateCreate struct {
	next http.Handler
	path string

	mu     sync.Mutex
	puts   int           // PUTs of path received
	held   *http.Request // the lost PUT, until it lands
	looks  int           // GETs of path while the PUT was held
	landed bool
}

func (l *lateCreate) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == l.path {
		l.mu.Lock()
		switch r.Method {
		case http.MethodPut:
			l.puts++
			if l.puts == 1 {
				body, err := io.ReadAll(r.Body)
				if err == nil {
					l.held = r.Clone(context.WithoutCancel(r.Context()))
					l.held.Body = io.NopCloser(bytes.NewReader(body))
				}
				l.mu.Unlock()
				// No answer after the whole request was written: it may have been processed.
				conn, _, _ := w.(http.Hijacker).Hijack()
				_ = conn.Close()
				return
			}
		case http.MethodGet:
			if l.held != nil {
				l.looks++
				if l.looks == 2 {
					l.next.ServeHTTP(httptest.NewRecorder(), l.held)
					l.held, l.landed = nil, true
				}
			}
		}
		l.mu.Unlock()
	}
	l.next.ServeHTTP(w, r)
}

// TestAccConnector_lateCreate: a create with an id whose answer was lost, and that the cluster
// processes only later. Sent again at once, the PUT would make the connector, and the late one
// would then land on it and reset the scheduling set after it. The provider looks for the
// connector instead, adopts it once it shows up, and never sends the PUT again.
func TestAccConnector_lateCreate(t *testing.T) {
	t.Parallel()
	acctest.PreCheck(t)
	c := startCluster(t, "9.1.0")
	late := &lateCreate{next: c.Server, path: "/_connector/late"}
	front := httptest.NewServer(late)
	t.Cleanup(front.Close)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: `
provider "syncops" {
  elasticsearch {
    endpoints = ["` + front.URL + `"]
    api_key   = "` + esemu.DefaultAPIKey + `"
  }
}
resource "syncops_elasticsearch_connector" "test" {
  connector_id = "late"
  index_name   = "search-late"
  scheduling   = { full = { enabled = true, interval = "0 0 0 * * ?" } }
}
`,
			Check: check(func() error {
				late.mu.Lock()
				puts, landed, looks := late.puts, late.landed, late.looks
				late.mu.Unlock()
				if puts != 1 {
					return fmt.Errorf("PUT /_connector/late sent %d times, want 1 (never sent again)", puts)
				}
				if !landed {
					return fmt.Errorf("the late PUT never landed: the provider looked for the connector %d times, want 2", looks)
				}
				full, _ := c.doc("late")["scheduling"].(map[string]any)["full"].(map[string]any)
				if full["enabled"] != true {
					return fmt.Errorf("the late create's scheduling is %v, want full enabled", full)
				}
				return nil
			}),
		}},
	})
}

// TestAccConnector_lostCreateWithoutIndex: a POST without id or index name whose answer was lost
// (after the cluster made the connector) cannot be told apart from any other connector: it is
// never sent again, and the error says that a connector may exist and how to find it.
func TestAccConnector_lostCreateWithoutIndex(t *testing.T) {
	t.Parallel()
	acctest.PreCheck(t)
	c := startCluster(t, "9.1.0")
	c.Fault(emulator.FaultRule{Route: "POST /_connector", Kind: emulator.FaultDrop, Count: 1})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: c.provider() + `
resource "syncops_elasticsearch_connector" "test" {
  name = "No index"
}
`,
			ExpectError: regexp.MustCompile(`(?s)Unable to create Elasticsearch connector.*` +
				strings.Join(strings.Fields(regexp.QuoteMeta("A connector may have been created: look for it with GET /_connector and import it")), `\s+`)),
		}},
	})
	if n := c.Server.Faults().Injected()[emulator.FaultDrop]; n != 1 {
		t.Errorf("%d answers dropped, want 1", n)
	}
	if n := c.Requests("POST /_connector"); n != 1 {
		t.Errorf("POST /_connector sent %d times, want 1 (never sent again)", n)
	}
	if n := c.Count("elasticsearch", "connectors"); n != 1 {
		t.Errorf("%d connectors, want the 1 the lost create made", n)
	}
}
