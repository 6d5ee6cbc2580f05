package polytomic_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/syncops/terraform-provider-syncops/internal/acctest"
	emupolytomic "github.com/syncops/terraform-provider-syncops/internal/emulator/polytomic"
)

// The action syncops_polytomic_connection_test (Terraform 1.14+), driven through the CLI against
// the emulator, whose POST /api/connections/test fails for an "unreachable" host and is held by
// the validation hold control.

const testAction = "action.syncops_polytomic_connection_test.warehouse"

func startActionEnv(t *testing.T) *testEnv {
	t.Helper()
	t.Parallel()
	acctest.PreCheckFeature(t, acctest.Actions)
	p := emupolytomic.New(emupolytomic.Options{})
	return &testEnv{Emulator: acctest.StartEmulator(t, p), platform: p}
}

// withTestAction is the warehouse connection (with extra lines) and the action testing it (with
// actionBody as its config block's content).
func (e *testEnv) withTestAction(password string, version int, extra, actionBody string) string {
	return e.warehouse("Warehouse", "db.internal", password, version, extra) + fmt.Sprintf(`
variable "new_password" {
  type      = string
  default   = null
  sensitive = true
}

action "syncops_polytomic_connection_test" "warehouse" {
  config {
%s
  }
}
`, actionBody)
}

func (e *testEnv) connectionID(t *testing.T) string {
	t.Helper()
	var out struct {
		Data []struct {
			ID string `json:"id"`
		} `json:"data"`
	}
	if err := json.Unmarshal(e.api(t, http.MethodGet, "/api/connections", nil), &out); err != nil || len(out.Data) != 1 {
		t.Fatalf("want one connection: %v %+v", err, out)
	}
	return out.Data[0].ID
}

func TestAccConnectionTestAction_savedConnectionAndRotatedSecret(t *testing.T) {
	e := startActionEnv(t)
	saved := secretPrefix + "saved-pw"
	w := acctest.NewWorkdir(t, e.withTestAction(saved, 1, "", `    connection_id = syncops_polytomic_connection.warehouse.id`))
	w.MustRun("apply", "-auto-approve", "-input=false", "-no-color")
	id := e.connectionID(t)
	if n := len(e.platform.ConnectionTests()); n != 0 {
		t.Fatalf("creating the connection ran %d tests", n)
	}

	// The saved connection as it is: its type is read, its saved secret tested.
	out := w.MustRun(acctest.Invoke(testAction)...)
	for _, want := range []string{
		"Testing Polytomic connection " + id + " (postgresql)...",
		"Polytomic reached the upstream service: the test of Polytomic connection " + id + " (postgresql) passed.",
		"Action complete: " + testAction,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the output lacks %q:\n%s", want, out)
		}
	}
	tests := e.platform.ConnectionTests()
	if len(tests) != 1 || tests[0].Status != 200 || tests[0].ConnectionID != id || tests[0].Configuration["password"] != saved {
		t.Fatalf("the emulator saw %+v, want one passed test of %s with the saved password", tests, id)
	}

	// A rotated password, from a sensitive variable, tested over the saved connection before it
	// is saved: the test uses it, the connection keeps the saved one.
	rotated := secretPrefix + "rotated-pw"
	w.SetConfig(e.withTestAction(saved, 1, "", `    connection_id           = syncops_polytomic_connection.warehouse.id
    type                    = "postgresql"
    sensitive_configuration = jsonencode({ password = var.new_password })`))
	w.Env = append(w.Env, "TF_VAR_new_password="+rotated)
	out = w.MustRun(acctest.Invoke(testAction)...)
	if !strings.Contains(out, "Testing Polytomic connection "+id+" (postgresql) with password...") || strings.Contains(out, rotated) {
		t.Errorf("the output does not name the keys tested, or shows the secret:\n%s", out)
	}
	tests = e.platform.ConnectionTests()
	if len(tests) != 2 || tests[1].Status != 200 || tests[1].Configuration["password"] != rotated || tests[1].Configuration["hostname"] != "db.internal" {
		t.Errorf("the second test: %+v, want the rotated password over the saved configuration", tests[len(tests)-1])
	}
	if got := e.platform.StoredConfiguration(id)["password"]; got != saved {
		t.Errorf("the test saved the rotated password: %v", got)
	}
	if n := e.Requests("GET /api/connections/{id}"); n < 1 {
		t.Errorf("the type was not read from the connection (%d reads)", n)
	}
}

func TestAccConnectionTestAction_failedTestFailsWithPolytomicsMessage(t *testing.T) {
	e := startActionEnv(t)
	for _, tc := range []struct{ name, body, want string }{
		{"unreachable", `    type          = "postgresql"
    configuration = jsonencode({ hostname = "unreachable.internal", port = 5432, username = "sync", database = "dw" })
    sensitive_configuration = jsonencode({ password = var.new_password })`,
			"HTTP 400 Bad Request (connection_test_failed): connection test failed: could not reach the upstream service"},
		{"invalid", `    type          = "postgresql"
    configuration = jsonencode({ hostname = "db.internal", port = 5432, username = "sync" })`,
			"configuration.database: required field is missing"},
		{"unknown connection", `    connection_id = "0f6e1c52-0000-4000-8000-000000000000"
    type          = "postgresql"`,
			"HTTP 404 Not Found (not_found): connection 0f6e1c52-0000-4000-8000-000000000000 not found Check connection_id"},
	} {
		w := acctest.NewWorkdir(t, e.withTestAction(secretPrefix+"x", 1, "", tc.body), "TF_VAR_new_password="+secretPrefix+"unreachable")
		out, err := w.Run(acctest.Invoke(testAction)...)
		if err == nil {
			t.Fatalf("%s: the invoke succeeded:\n%s", tc.name, out)
		}
		flat := acctest.OneLine(out)
		for _, want := range []string{"Error: Error when invoking action", "Polytomic connection test failed: ", tc.want} {
			if !strings.Contains(flat, want) {
				t.Errorf("%s: the output lacks %q:\n%s", tc.name, want, out)
			}
		}
		if strings.Contains(out, secretPrefix) {
			t.Errorf("%s: the output shows a secret:\n%s", tc.name, out)
		}
	}
	tests := e.platform.ConnectionTests()
	if len(tests) != 3 || tests[0].Status != 400 || tests[1].Status != 400 || tests[2].Status != 404 {
		t.Errorf("the emulator saw %+v, want three failed tests", tests)
	}
	if n := e.Count("polytomic", "connections"); n != 0 {
		t.Errorf("%d connections: a failed test saved something", n)
	}
}

func TestAccConnectionTestAction_timeoutSaysTheTestWasSent(t *testing.T) {
	e := startActionEnv(t)
	w := acctest.NewWorkdir(t, e.withTestAction(secretPrefix+"pw", 1, "", `    connection_id = syncops_polytomic_connection.warehouse.id
    type          = "postgresql"
    timeouts {
      invoke = "3s"
    }`))
	w.MustRun("apply", "-auto-approve", "-input=false", "-no-color")
	id := e.connectionID(t)

	// The upstream check never ends while the action waits.
	if _, err := e.validation(http.MethodPost, "/hold"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _, _ = e.validation(http.MethodPost, "/release") })
	out, err := w.Run(acctest.Invoke(testAction)...)
	if err == nil {
		t.Fatalf("the invoke of a held test succeeded:\n%s", out)
	}
	if v, err := e.validation(http.MethodGet, ""); err != nil || v["held"] != float64(1) {
		t.Errorf("the test never reached Polytomic: %v %v", v, err)
	}
	flat := acctest.OneLine(out)
	for _, want := range []string{
		"Timed out testing Polytomic connection " + id + " (postgresql)",
		"timed out after 3s waiting for Polytomic to answer the test of Polytomic connection " + id + " (postgresql)",
		"last state seen: the test was sent (POST /api/connections/test) and Polytomic had not answered",
		"raise timeouts.invoke",
	} {
		if !strings.Contains(flat, want) {
			t.Errorf("the output lacks %q:\n%s", want, out)
		}
	}
}

func TestAccConnectionTestAction_triggeredAfterCreateAndUpdate(t *testing.T) {
	e := startActionEnv(t)
	trigger := fmt.Sprintf(`  lifecycle {
    action_trigger {
      events  = [after_create, after_update]
      actions = [%s]
    }
  }`, testAction)
	body := `    connection_id = syncops_polytomic_connection.warehouse.id
    type          = syncops_polytomic_connection.warehouse.type`
	first, second := secretPrefix+"first", secretPrefix+"second"
	w := acctest.NewWorkdir(t, e.withTestAction(first, 1, trigger, body))
	out := w.MustRun("apply", "-auto-approve", "-input=false", "-no-color")
	if !strings.Contains(out, "Action started: "+testAction+" (triggered by syncops_polytomic_connection.warehouse)") || !strings.Contains(out, "Actions: 1 invoked.") {
		t.Errorf("create: the action did not run after the create:\n%s", out)
	}
	id := e.connectionID(t)
	tests := e.platform.ConnectionTests()
	if len(tests) != 1 || tests[0].ConnectionID != id || tests[0].Configuration["password"] != first || tests[0].Status != 200 {
		t.Fatalf("after create the emulator saw %+v, want one passed test of %s", tests, id)
	}

	// A secret rotation (new version) updates the connection, then tests it with the new secret.
	w.SetConfig(e.withTestAction(second, 2, trigger, body))
	out = w.MustRun("apply", "-auto-approve", "-input=false", "-no-color")
	if !strings.Contains(out, "syncops_polytomic_connection.warehouse: Modifications complete") || !strings.Contains(out, "Actions: 1 invoked.") {
		t.Errorf("update: the action did not run after the update:\n%s", out)
	}
	tests = e.platform.ConnectionTests()
	if len(tests) != 2 || tests[1].Configuration["password"] != second {
		t.Errorf("after the rotation the emulator saw %+v, want a second test with the new secret", tests)
	}
}

func TestAccConnectionTestAction_badInputRefusedAtValidate(t *testing.T) {
	e := startActionEnv(t)
	w := acctest.NewWorkdir(t, e.provider()+`
action "syncops_polytomic_connection_test" "nothing" {
  config {
    configuration = jsonencode({ url = "https://example.com/a.csv" })
  }
}
action "syncops_polytomic_connection_test" "bad_id" {
  config {
    connection_id = "warehouse"
  }
}
action "syncops_polytomic_connection_test" "not_object" {
  config {
    type          = "csv"
    configuration = jsonencode([1, 2])
  }
}
action "syncops_polytomic_connection_test" "twice" {
  config {
    type                    = "postgresql"
    configuration           = jsonencode({ hostname = "db", password = "a" })
    sensitive_configuration = jsonencode({ password = "b" })
  }
}
`)
	out, err := w.Run("validate", "-no-color")
	if err == nil {
		t.Fatalf("validate accepted bad actions:\n%s", out)
	}
	flat := acctest.OneLine(out)
	for _, want := range []string{
		"Error: Missing type",
		"Set type (and configuration) to test a configuration, or connection_id to test a saved connection.",
		"Attribute connection_id must be a connection UUID such as 248df4b7-aa70-47b8-a036-33ac447e668d",
		"configuration must be a JSON object",
		"Give each key once: password is in both.",
	} {
		if !strings.Contains(flat, want) {
			t.Errorf("validate: the output lacks %q:\n%s", want, out)
		}
	}
	if n := e.Requests("POST /api/connections/test"); n != 0 {
		t.Errorf("%d tests sent for actions refused at validation", n)
	}
}

// TestAccConnectionTestAction_noSecretInTraceLogs runs the action with TF_LOG=TRACE and two
// secrets from sensitive variables that reach Polytomic, once passing and once failing: neither
// shows in the log or the output, in any of its encodings, while the request and its body are
// logged. ca_cert is a name no masking rule knows: only the action can hide it.
func TestAccConnectionTestAction_noSecretInTraceLogs(t *testing.T) {
	e := startActionEnv(t)
	secret := secretPrefix + `trace+Pw/"x"=1`
	cert := "-----BEGIN CERTIFICATE-----" + secretPrefix + "trace+Cert/=2-----END CERTIFICATE-----"
	logFile := filepath.Join(t.TempDir(), "trace.log")
	w := acctest.NewWorkdir(t, e.provider()+`
variable "pw" {
  type      = string
  sensitive = true
}
variable "cert" {
  type      = string
  sensitive = true
}
variable "host" {
  type = string
}
action "syncops_polytomic_connection_test" "warehouse" {
  config {
    type                    = "postgresql"
    configuration           = jsonencode({ hostname = var.host, port = 5432, username = "sync", database = "dw" })
    sensitive_configuration = jsonencode({ password = var.pw, ca_cert = var.cert })
  }
}
`, "TF_LOG=TRACE", "TF_LOG_PATH="+logFile, "TF_VAR_pw="+secret, "TF_VAR_cert="+cert)

	var outputs []string
	out, err := w.Run(append(acctest.Invoke(testAction), "-var=host=db.internal")...)
	if err != nil {
		t.Fatalf("passing test: %v\n%s", err, out)
	}
	outputs = append(outputs, out)
	out, err = w.Run(append(acctest.Invoke(testAction), "-var=host=unreachable.internal")...)
	if err == nil || !strings.Contains(out, "could not reach the upstream service") {
		t.Fatalf("failing test: %v\n%s", err, out)
	}
	outputs = append(outputs, out)

	tests := e.platform.ConnectionTests()
	if len(tests) != 2 || tests[0].Configuration["password"] != secret || tests[1].Configuration["ca_cert"] != cert {
		t.Fatalf("the secret did not reach Polytomic: %+v", tests)
	}
	logData, err := os.ReadFile(logFile)
	if err != nil {
		t.Fatal(err)
	}
	log := string(logData)
	if n := strings.Count(log, "path=/api/connections/test"); n < 4 {
		t.Fatalf("the TRACE log has %d lines about the test requests (want requests and responses): nothing to check", n)
	}
	if n := strings.Count(log, `\"ca_cert\":\"***\"`); n != 2 {
		t.Errorf("the TRACE log shows %d request bodies with ca_cert masked, want 2", n)
	}
	var forms []string
	for _, s := range []string{secret, cert} {
		escaped, _ := json.Marshal(s)
		forms = append(forms, s, string(escaped[1:len(escaped)-1]))
	}
	for _, form := range append(forms, "trace+Pw", "trace+Cert") {
		if strings.Contains(log, form) {
			i := strings.Index(log, form)
			t.Errorf("the TRACE log holds the secret (%q): ...%s...", form, log[max(0, i-200):min(len(log), i+100)])
		}
		for _, o := range outputs {
			if strings.Contains(o, form) {
				t.Errorf("terraform's output holds the secret (%q):\n%s", form, o)
			}
		}
	}
}

// The documentation example works: applied against the emulator, the connection's creation
// tests it with the saved password.
func TestAccConnectionTestAction_example(t *testing.T) {
	e := startActionEnv(t)
	example, err := os.ReadFile(filepath.Join("..", "..", "examples", "actions", "syncops_polytomic_connection_test", "action.tf"))
	if err != nil {
		t.Fatal(err)
	}
	w := acctest.NewWorkdir(t, e.provider()+string(example), "TF_VAR_db_password="+secretPrefix+"example")
	if out := w.MustRun("apply", "-auto-approve", "-input=false", "-no-color"); !strings.Contains(out, "Actions: 1 invoked.") {
		t.Errorf("the example's apply invoked no action:\n%s", out)
	}
	tests := e.platform.ConnectionTests()
	if len(tests) != 1 || tests[0].Status != 200 || tests[0].Configuration["password"] != secretPrefix+"example" {
		t.Errorf("the emulator saw %+v, want one passed test with the saved password", tests)
	}
}
