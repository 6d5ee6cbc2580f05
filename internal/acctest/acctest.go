// Package acctest holds what every acceptance test needs: provider factories for the real
// terraform CLI, an in-process emulator per test, and small helpers to ask the emulator.
package acctest

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/syncops/terraform-provider-syncops/internal/emulator"
	"github.com/syncops/terraform-provider-syncops/internal/provider"
)

// ProviderFactories serves the provider in-process to the terraform CLI.
var ProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"syncops": providerserver.NewProtocol6WithError(provider.New("test")()),
}

// PreCheck fails early when the terraform CLI the tests must use is missing; the tests never
// download one.
func PreCheck(t *testing.T) {
	t.Helper()
	if os.Getenv(NewerPassEnv) != "" {
		t.Skip("ran in the first pass of `make test`, on the terraform on PATH")
	}
	preCheckCLI(t)
}

func preCheckCLI(t *testing.T) {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Fatal("acceptance tests need TF_ACC=1 (run them through `make test`)")
	}
	p := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if p == "" {
		t.Fatal("TF_ACC_TERRAFORM_PATH must point at the terraform CLI on PATH; the tests never download one")
	}
	if _, err := exec.LookPath(p); err != nil {
		t.Fatalf("TF_ACC_TERRAFORM_PATH=%s: %v", p, err)
	}
}

// Emulator is an emulator serving one test.
type Emulator struct {
	URL    string
	Server *emulator.Server
	t      testing.TB
}

// StartEmulator starts an in-process emulator with the given platforms, stopped at test end.
func StartEmulator(t testing.TB, platforms ...emulator.Platform) *Emulator {
	t.Helper()
	srv := emulator.New(platforms...)
	run, err := emulator.Start("127.0.0.1:0", "", srv)
	if err != nil {
		t.Fatalf("starting the emulator: %v", err)
	}
	t.Cleanup(func() { _ = run.Close() })
	return &Emulator{URL: run.URL, Server: srv, t: t}
}

// StartEmulatorTLS is StartEmulator serving HTTPS; it returns the CA file too.
func StartEmulatorTLS(t testing.TB, platforms ...emulator.Platform) (*Emulator, string) {
	t.Helper()
	srv := emulator.New(platforms...)
	run, err := emulator.Start("127.0.0.1:0", t.TempDir(), srv)
	if err != nil {
		t.Fatalf("starting the emulator: %v", err)
	}
	t.Cleanup(func() { _ = run.Close() })
	return &Emulator{URL: run.URL, Server: srv, t: t}, run.CAFile
}

// State returns /_emulator/state.
func (e *Emulator) State() map[string]map[string]int {
	var out map[string]map[string]int
	e.Call(http.MethodGet, "/_emulator/state", nil, &out)
	return out
}

// Count returns one count from /_emulator/state, e.g. Count("jim", "connectedSystems").
func (e *Emulator) Count(platform, key string) int {
	return e.State()[platform][key]
}

// Stats returns /_emulator/stats.
func (e *Emulator) Stats() map[string]any {
	var out map[string]any
	e.Call(http.MethodGet, "/_emulator/stats", nil, &out)
	return out
}

// Requests returns the count of one route in /_emulator/stats, e.g.
// Requests("GET /api/v1/synchronisation/connected-systems/{id}").
func (e *Emulator) Requests(route string) int {
	v, _ := e.Stats()[route].(float64)
	return int(v)
}

// Call sends a request to the emulator (control endpoints, or API calls made "out of band" by a
// test) and decodes a JSON answer into out when out is not nil. It fails the test on a status
// >= 400.
func (e *Emulator) Call(method, path string, body any, out any) {
	e.t.Helper()
	status, data := e.Raw(method, path, body, nil)
	if status >= 400 {
		e.t.Fatalf("%s %s: HTTP %d: %s", method, path, status, data)
	}
	if out != nil && len(data) > 0 {
		if err := json.Unmarshal(data, out); err != nil {
			e.t.Fatalf("%s %s: decoding %s: %v", method, path, data, err)
		}
	}
}

// Raw sends a request with optional headers and returns the status and body.
func (e *Emulator) Raw(method, path string, body any, header http.Header) (int, []byte) {
	e.t.Helper()
	var r io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			e.t.Fatal(err)
		}
		r = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, e.URL+path, r)
	if err != nil {
		e.t.Fatal(err)
	}
	for k, vs := range header {
		req.Header[k] = vs
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer func() { _ = resp.Body.Close() }()
	data, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, data
}

// Fault installs a fault rule in the emulator.
func (e *Emulator) Fault(rule emulator.FaultRule) {
	e.t.Helper()
	if err := e.Server.Faults().Set(rule); err != nil {
		e.t.Fatal(err)
	}
}
