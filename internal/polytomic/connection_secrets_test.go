package polytomic_test

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"testing"

	"github.com/syncops/terraform-provider-syncops/internal/acctest"
)

// planExitCode runs `terraform plan -detailed-exitcode`: 0 empty, 2 changes; anything else fails.
func planExitCode(t *testing.T, w *acctest.Workdir) (int, string) {
	t.Helper()
	out, err := w.Run("plan", "-detailed-exitcode", "-input=false", "-no-color")
	var exit *exec.ExitError
	switch {
	case err == nil:
		return 0, out
	case errors.As(err, &exit) && exit.ExitCode() == 2:
		return 2, out
	}
	t.Fatalf("terraform plan: %v\n%s", err, out)
	return 0, ""
}

// privateStates decodes the private state of every resource instance in the state file.
func privateStates(t *testing.T, raw string) []string {
	t.Helper()
	var st struct {
		Resources []struct {
			Instances []struct {
				Private string `json:"private"`
			} `json:"instances"`
		} `json:"resources"`
	}
	if err := json.Unmarshal([]byte(raw), &st); err != nil {
		t.Fatalf("reading the state file: %v", err)
	}
	var out []string
	for _, r := range st.Resources {
		for _, i := range r.Instances {
			b, err := base64.StdEncoding.DecodeString(i.Private)
			if err != nil {
				t.Fatalf("private state is not base64: %v", err)
			}
			out = append(out, string(b))
		}
	}
	return out
}

// A change of the write-only secrets alone is planned and sent without a new
// sensitive_configuration_wo_version: the provider compares them with a salted digest of the
// ones it last sent, kept in private state. The value itself is never in the state file.
func TestAccConnection_secretChangeWithoutVersionBump(t *testing.T) {
	t.Parallel()
	e := start(t)
	withSecret := func(secretJSON string) string {
		return e.provider() + fmt.Sprintf(`
resource "syncops_polytomic_connection" "warehouse" {
  name          = "Warehouse"
  type          = "postgresql"
  configuration = jsonencode({ hostname = "db.internal", port = 5432, username = "sync", database = "dw" })
  sensitive_configuration_wo         = %s
  sensitive_configuration_wo_version = 1
}
`, secretJSON)
	}
	const first, second = secretPrefix + "first", secretPrefix + "second"
	w := acctest.NewWorkdir(t, withSecret(fmt.Sprintf("jsonencode({ password = %q })", first)))
	w.MustRun("apply", "-auto-approve", "-input=false")
	id := e.onlyConnection(t)
	stored := func() any { return e.platform.StoredConfiguration(id)["password"] }
	if stored() != first {
		t.Fatal("the first password was not sent on create")
	}

	// The same secrets, however written, plan nothing.
	if code, out := planExitCode(t, w); code != 0 {
		t.Fatalf("unchanged secrets planned a change:\n%s", out)
	}
	w.SetConfig(withSecret(fmt.Sprintf("%q", fmt.Sprintf(`{ "password" :   %q }`, first))))
	if code, out := planExitCode(t, w); code != 0 {
		t.Fatalf("the same secrets with other spacing planned a change:\n%s", out)
	}

	// A new password with the same version: an in-place update, with a warning naming the attribute.
	w.SetConfig(withSecret(fmt.Sprintf("jsonencode({ password = %q })", second)))
	code, out := planExitCode(t, w)
	if code != 2 || !strings.Contains(out, "syncops_polytomic_connection.warehouse will be updated in-place") {
		t.Fatalf("a changed secret planned no update (exit %d):\n%s", code, out)
	}
	if !strings.Contains(out, "sensitive_configuration_wo changed since it was last sent; it will be sent") {
		t.Errorf("the plan does not warn that sensitive_configuration_wo will be sent:\n%s", out)
	}
	if strings.Contains(out, secretPrefix) {
		t.Errorf("the plan output shows a secret:\n%s", out)
	}
	e.Call("POST", "/_emulator/stats/reset", nil, nil)
	w.MustRun("apply", "-auto-approve", "-input=false")
	if stored() != second {
		t.Fatal("the changed password was not sent")
	}
	if n := e.Requests("PUT /api/connections/{id}"); n != 1 {
		t.Errorf("%d PUT requests, want 1", n)
	}
	if code, out := planExitCode(t, w); code != 0 {
		t.Fatalf("the plan after sending the changed secret is not empty:\n%s", out)
	}

	// A secret removed from sensitive_configuration_wo is cleared in Polytomic (left out, Polytomic
	// would keep it): the private state knows the paths sent last time, never the values.
	const key = secretPrefix + "client-key"
	w.SetConfig(withSecret(fmt.Sprintf("jsonencode({ password = %q, client_key = %q })", second, key)))
	w.MustRun("apply", "-auto-approve", "-input=false")
	if got := e.platform.StoredConfiguration(id)["client_key"]; got != key {
		t.Fatalf("client_key not sent: %v", got)
	}
	w.SetConfig(withSecret(fmt.Sprintf("jsonencode({ password = %q })", second)))
	w.MustRun("apply", "-auto-approve", "-input=false")
	if got := e.platform.StoredConfiguration(id); got["client_key"] != "" || got["password"] != second {
		t.Fatalf("after removing client_key: client_key %q, password kept %v; want client_key cleared", got["client_key"], got["password"] == second)
	}
	if code, out := planExitCode(t, w); code != 0 {
		t.Fatalf("the plan after clearing a secret is not empty:\n%s", out)
	}

	// Neither value is in the state file, nor in the private state, which holds only the digest
	// and the secrets' paths.
	raw := w.StateFile()
	privates := privateStates(t, raw)
	if len(privates) != 1 || !strings.Contains(privates[0], `"wo_digest_sensitive_configuration"`) || !strings.Contains(privates[0], `"wo_paths_sensitive_configuration":"`+base64.StdEncoding.EncodeToString([]byte(`[["password"]]`))+`"`) {
		t.Fatalf("private state %q: want the digest of sensitive_configuration_wo and the paths of its secrets", privates)
	}
	for _, s := range append(privates, raw) {
		for _, secret := range []string{first, second, key, base64.StdEncoding.EncodeToString([]byte(second))} {
			if strings.Contains(s, secret) {
				t.Fatalf("the state file holds a secret (%.12s...)", secret)
			}
		}
	}
}

// An OAuth type's create answer carries the address where the user authorises the connection
// (only create and update answers have it): the apply shows it in a warning.
func TestAccConnection_oauthAuthorisationURL(t *testing.T) {
	t.Parallel()
	e := start(t)
	w := acctest.NewWorkdir(t, e.provider()+`
resource "syncops_polytomic_connection" "crm" {
  name          = "CRM"
  type          = "salesforce"
  configuration = jsonencode({ domain = "acme.my.salesforce.com", connect_mode = "browser" })
}
`)
	out := w.MustRun("apply", "-auto-approve", "-input=false")
	id := e.onlyConnection(t)
	if !strings.Contains(out, "needs its OAuth authorisation") || !strings.Contains(out, "https://login.example.com/oauth/authorize?connection="+id) {
		t.Fatalf("the apply does not show the OAuth authorisation address:\n%s", out)
	}
	if code, plan := planExitCode(t, w); code != 0 {
		t.Fatalf("the plan after creating an OAuth connection is not empty:\n%s", plan)
	}
}
