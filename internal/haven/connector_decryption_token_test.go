package haven_test

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/syncops/terraform-provider-syncops/internal/acctest"
	havenemu "github.com/syncops/terraform-provider-syncops/internal/emulator/haven"
)

// A cloud connector with credentials shows its configuration only with the decryption token
// Haven OnDemand emails (reference §4.3; the emulator's RequireDecryptionToken). Without one the
// connector is still created and refreshed, its configuration kept from the state with a warning
// that says how to read it; with decryption_tokens the provider sends the token, and a change made
// in Haven shows as drift. The token never appears in a TRACE log or the state.
func TestAccConnector_decryptionToken(t *testing.T) {
	t.Parallel()
	acctest.PreCheck(t)
	h := start(t, havenemu.Options{RequireDecryptionToken: true})
	body := connectorHCL("intranet", `
  description            = "Intranet crawl"
  credentials_policy     = jsonencode({ notification_email = "ops@example.com" })
  credentials_wo         = jsonencode({ login_value = "crawler", password_value = "crawler-password-91b2" })
  credentials_wo_version = 1`)
	w := acctest.NewWorkdir(t, h.config(body))
	out := w.MustRun("apply", "-auto-approve", "-input=false", "-no-color")
	const warning = "Configuration of Haven OnDemand connector intranet not read"
	if flat := acctest.OneLine(out); !strings.Contains(flat, warning) || !strings.Contains(flat, "decryption_tokens = { intranet") {
		t.Fatalf("the apply without a decryption token does not warn how to read the configuration:\n%s", out)
	}
	if out, err := w.Run("plan", "-detailed-exitcode", "-input=false", "-no-color"); err != nil {
		t.Fatalf("the plan after the apply is not empty (%v):\n%s", err, out)
	}

	// The "email": the token Haven sent for this connector.
	status, raw := h.acc.Raw(http.MethodGet, "/_emulator/haven/connectors/intranet/decryption-token", nil, nil)
	var mail struct{ Token string }
	if status != http.StatusOK || json.Unmarshal(raw, &mail) != nil || mail.Token == "" {
		t.Fatalf("decryption token: HTTP %d %s", status, raw)
	}
	// Someone changes the description in Haven OnDemand (updateconnector needs no token).
	if status, out := h.hod("updateconnector", map[string][]string{"connector": {"intranet"}, "description": {"Changed in Haven"}}); status != http.StatusOK {
		t.Fatalf("out-of-band update: HTTP %d %v", status, out)
	}

	w.SetConfig(strings.Replace(h.config(body), "haven {", "haven {\n    decryption_tokens = { intranet = \""+mail.Token+"\" }", 1))
	logFile := filepath.Join(t.TempDir(), "plan.log")
	w.Env = append(w.Env, "TF_LOG=TRACE", "TF_LOG_PATH="+logFile)
	out, err := w.Run("plan", "-detailed-exitcode", "-input=false", "-no-color")
	if err == nil || strings.Contains(out, warning) || !strings.Contains(out, `"Changed in Haven" -> "Intranet crawl"`) {
		t.Fatalf("with the token, the plan must read the configuration and show the description changed in Haven (%v):\n%s", err, out)
	}
	logs, rerr := os.ReadFile(logFile)
	if rerr != nil {
		t.Fatal(rerr)
	}
	if !strings.Contains(string(logs), "retrieveconfig") {
		t.Fatal("the TRACE log shows no retrieveconfig request: finding no token in it proves nothing")
	}
	state, _ := os.ReadFile(filepath.Join(w.Dir, "terraform.tfstate"))
	for what, text := range map[string]string{"the TRACE log": string(logs), "the plan output": out, "the state": string(state)} {
		if strings.Contains(text, mail.Token) {
			t.Errorf("%s holds the decryption token", what)
		}
	}
}
