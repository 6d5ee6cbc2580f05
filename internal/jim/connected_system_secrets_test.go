package jim_test

import (
	"encoding/base64"
	"fmt"
	"strings"
	"testing"

	"github.com/syncops/terraform-provider-syncops/internal/acctest"
)

// A change of secret_settings_wo itself, without a new secret_settings_wo_version, is planned (with
// a warning naming the attribute) and sent; the same secret again plans nothing; neither the
// state nor its private part ever holds the value. After an import no digest is kept, so the
// version alone decides until the secrets are sent once.
func TestCLIConnectedSystem_secretChangeWithoutVersion(t *testing.T) {
	t.Parallel()
	emu := startJIM(t)
	config := providerBlock(emu.URL) + `
variable "bind_password" {
  type      = string
  sensitive = true
}
resource "syncops_jim_connected_system" "hr" {
  name      = "Directory"
  connector = "JIM LDAP Connector"
  settings = {
    "Host"                = "ldap.example.com"
    "Username"            = "cn=sync,dc=example,dc=com"
    "Authentication Type" = "Simple"
  }
  secret_settings_wo         = { "Password" = var.bind_password }
  secret_settings_wo_version = 1
}
`
	w := acctest.NewWorkdir(t, config)
	secret := func(v string) string { return "-var=bind_password=" + v }
	w.MustRun("apply", "-auto-approve", "-input=false", "-no-color", secret("first-Pw-1"))
	id := onlyID(t, emu)
	holds := func(v string) {
		t.Helper()
		var out struct {
			Matches bool `json:"matches"`
		}
		emu.Call("POST", "/_emulator/jim/connected-systems/"+id+"/secret-check", map[string]string{"name": "Password", "value": v}, &out)
		if !out.Matches {
			t.Fatalf("JIM's Password is not %q", v)
		}
	}
	holds("first-Pw-1")
	noSecretInState := func(values ...string) {
		t.Helper()
		state := w.StateFile()
		if !strings.Contains(state, `"private"`) {
			t.Fatal("the state keeps no private data: the digest is not where the test looks")
		}
		for _, v := range values {
			for _, form := range []string{v, base64.StdEncoding.EncodeToString([]byte(v)), base64.StdEncoding.EncodeToString([]byte(`"` + v + `"`))} {
				if strings.Contains(state, form) {
					t.Fatalf("the state file holds the secret %q (as %q)", v, form)
				}
			}
		}
	}
	noSecretInState("first-Pw-1")

	// The same secret: nothing to do.
	if out, err := w.Run("plan", "-detailed-exitcode", "-input=false", "-no-color", secret("first-Pw-1")); err != nil {
		t.Fatalf("the plan with the same secret is not empty: %v\n%s", err, out)
	}
	// Only the secret changes: the plan updates, says why, and the apply sends it.
	out, err := w.Run("plan", "-detailed-exitcode", "-input=false", "-no-color", secret("second-Pw-2"))
	if err == nil || !strings.Contains(out, "1 to change") {
		t.Fatalf("a changed secret plans no update: %v\n%s", err, out)
	}
	if text := diagnosticText(out); !strings.Contains(text, "secret_settings_wo changed since it was last sent; it will be sent") {
		t.Fatalf("the plan does not warn about the changed secret:\n%s", out)
	}
	w.MustRun("apply", "-auto-approve", "-input=false", "-no-color", secret("second-Pw-2"))
	holds("second-Pw-2")
	if out, err := w.Run("plan", "-detailed-exitcode", "-input=false", "-no-color", secret("second-Pw-2")); err != nil {
		t.Fatalf("the plan after sending the secret is not empty: %v\n%s", err, out)
	}
	noSecretInState("first-Pw-1", "second-Pw-2")

	// Imported: no digest, so the secret cannot be told changed; the version in state is null,
	// so the configured version (1) plans an update that sends the secrets...
	w.MustRun("state", "rm", "syncops_jim_connected_system.hr")
	w.MustRun("import", "-input=false", "-no-color", secret("third-Pw-3"), "syncops_jim_connected_system.hr", id)
	out, _ = w.Run("plan", "-input=false", "-no-color", secret("third-Pw-3"))
	if !strings.Contains(diagnosticText(out), "+ secret_settings_wo_version = 1") || strings.Contains(diagnosticText(out), "changed since it was last sent") {
		t.Fatalf("after an import the version alone should plan the update, with no digest warning:\n%s", out)
	}
	w.MustRun("apply", "-auto-approve", "-input=false", "-no-color", secret("third-Pw-3"))
	holds("third-Pw-3")
	// ... and from then on a change of the secret alone shows.
	if out, err := w.Run("plan", "-detailed-exitcode", "-input=false", "-no-color", secret("fourth-Pw-4")); err == nil || !strings.Contains(diagnosticText(out), "changed since it was last sent") {
		t.Fatalf("after the version sent the secret, a change of it alone is not planned: %v\n%s", err, out)
	}
	noSecretInState("first-Pw-1", "second-Pw-2", "third-Pw-3")
}

// onlyID is the id of the one connected system JIM holds.
func onlyID(t *testing.T, emu *acctest.Emulator) string {
	t.Helper()
	var list struct {
		Items []struct {
			ID int64 `json:"id"`
		} `json:"items"`
	}
	_, body := emu.Raw("GET", "/api/v1/synchronisation/connected-systems", nil, apiHeader())
	mustJSON(t, body, &list)
	if len(list.Items) != 1 {
		t.Fatalf("want one system in JIM, got %s", body)
	}
	return fmt.Sprint(list.Items[0].ID)
}
