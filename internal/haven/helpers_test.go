package haven_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/syncops/terraform-provider-syncops/internal/acctest"
	havenemu "github.com/syncops/terraform-provider-syncops/internal/emulator/haven"
)

// testJobDelay keeps asynchronous jobs short in tests.
const testJobDelay = 200 * time.Millisecond

type harness struct {
	t   *testing.T
	acc *acctest.Emulator
	emu *havenemu.Emulator
}

func start(t *testing.T, opts havenemu.Options) *harness {
	t.Helper()
	if opts.JobDelay == 0 {
		opts.JobDelay = testJobDelay
	}
	if opts.StopDuration == 0 {
		opts.StopDuration = 300 * time.Millisecond
	}
	emu := havenemu.New(opts)
	return &harness{t: t, acc: acctest.StartEmulator(t, emu), emu: emu}
}

// config prefixes a configuration with the provider block pointing at this emulator.
func (h *harness) config(body string) string {
	return fmt.Sprintf(`
provider "syncops" {
  haven {
    url     = %q
    api_key = %q
  }
}
%s`, h.acc.URL, havenemu.DefaultAPIKey, body)
}

// hod calls a synchronous HOD API out of band (as another user of the account would).
func (h *harness) hod(api string, params url.Values) (int, map[string]any) {
	h.t.Helper()
	q := url.Values{"apikey": {havenemu.DefaultAPIKey}}
	for k, v := range params {
		q[k] = v
	}
	status, body := h.acc.Raw(http.MethodGet, "/1/api/sync/"+api+"/v1?"+q.Encode(), nil, nil)
	var out map[string]any
	_ = json.Unmarshal(body, &out)
	return status, out
}

// outOfBand is hod for another goroutine than the test's: it returns the failure.
func (h *harness) outOfBand(api string, params url.Values) error {
	q := url.Values{"apikey": {havenemu.DefaultAPIKey}}
	for k, v := range params {
		q[k] = v
	}
	resp, err := http.Get(h.acc.URL + "/1/api/sync/" + api + "/v1?" + q.Encode())
	if err != nil {
		return err
	}
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s: HTTP %d", api, resp.StatusCode)
	}
	return nil
}

func (h *harness) mustHOD(api string, params url.Values) map[string]any {
	h.t.Helper()
	status, out := h.hod(api, params)
	if status != http.StatusOK {
		h.t.Fatalf("%s: HTTP %d %v", api, status, out)
	}
	return out
}

// storedBlock returns one block of the connector's stored configuration as compact JSON.
func (h *harness) storedBlock(name, block string) string {
	h.t.Helper()
	cfg := h.mustHOD("retrieveconfig", url.Values{"connector": {name}})
	inner, _ := cfg["config"].(map[string]any)
	v, ok := inner[block]
	if !ok {
		return ""
	}
	b, _ := json.Marshal(v)
	return string(b)
}

func (h *harness) control(path, body string) {
	h.t.Helper()
	var payload any
	if body != "" {
		payload = json.RawMessage(body)
	}
	status, out := h.acc.Raw(http.MethodPost, path, payload, nil)
	if status >= 300 {
		h.t.Fatalf("POST %s: HTTP %d %s", path, status, out)
	}
}

// checkDestroyed asks the emulator that no connector is left.
func (h *harness) checkDestroyed(*terraform.State) error {
	if n := h.acc.Count("haven", "connectors"); n != 0 {
		return fmt.Errorf("%d Haven OnDemand connector(s) left after destroy", n)
	}
	return nil
}

func (h *harness) requests(api string) int {
	return h.acc.Requests("POST /1/api/async/" + api + "/v1")
}

// injected is how many faults of a kind the emulator injected: a test that installs a fault
// asserts it fired, or it would pass just as well without the behaviour it is about.
func (h *harness) injected(kind string) int {
	return h.acc.Server.Faults().Injected()[kind]
}

// hold keeps the jobs of api submitted from now on in progress until release.
func (h *harness) hold(api string) {
	h.t.Helper()
	h.control("/_emulator/haven/jobs/hold", fmt.Sprintf(`{"api": %q}`, api))
}

// release ends the held jobs now, in the order they were submitted.
func (h *harness) release() error { return h.post("/_emulator/haven/jobs/release") }

// post sends a control request without a body and returns its failure; unlike control it may be
// called from another goroutine than the test's.
func (h *harness) post(path string) error {
	resp, err := http.Post(h.acc.URL+path, "application/json", http.NoBody)
	if err != nil {
		return err
	}
	_ = resp.Body.Close()
	if resp.StatusCode >= 300 {
		return fmt.Errorf("POST %s: HTTP %d", path, resp.StatusCode)
	}
	return nil
}

// when runs action once cond holds, from a goroutine that watches the emulator while Terraform
// runs: a step that must act in the middle of an apply (end a run while an update job is in
// progress, release a job once the provider waits for it) waits for the provider to get there
// instead of racing a delay. cond must not call t.Fatal (read h.emu or h.acc.Server directly).
func (h *harness) when(what string, cond func() bool, action func() error) {
	ctx, cancel := context.WithCancel(context.Background())
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		for !cond() {
			select {
			case <-ctx.Done():
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
		if err := action(); err != nil {
			h.t.Errorf("%s: %v", what, err)
		}
	}()
	h.t.Cleanup(func() { cancel(); <-finished })
}

// stat is one request count of the emulator, read without the test's t (safe in when's cond).
func (h *harness) stat(route string) int { return h.acc.Server.Stats().Requests(route) }

// waitFor polls cond; the deadline is only a safety net for a condition that never comes.
func (h *harness) waitFor(what string, cond func() bool) {
	h.t.Helper()
	deadline := time.Now().Add(time.Minute)
	for !cond() {
		if time.Now().After(deadline) {
			h.t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// connectorHCL renders a web_cloud connector with the given extra lines.
func connectorHCL(name, extra string) string {
	return fmt.Sprintf(`
resource "syncops_haven_connector" "site" {
  name        = %q
  flavor      = "web_cloud"
  config      = jsonencode({ url = "https://www.example.com", max_pages = 500 })
  destination = jsonencode({ action = "addtotextindex", index = "site" })
%s
}
`, name, extra)
}
