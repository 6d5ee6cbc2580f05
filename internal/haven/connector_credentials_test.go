package haven_test

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/syncops/terraform-provider-syncops/internal/acctest"
	havenemu "github.com/syncops/terraform-provider-syncops/internal/emulator/haven"
)

// TestAccConnector_credentialsDigest: a change of credentials_wo alone (same version) plans an
// update with a warning and sends the new value; the same value plans nothing; a version bump
// sends the same value again; the private state keeps a digest, never the value.
func TestAccConnector_credentialsDigest(t *testing.T) {
	t.Parallel()
	acctest.PreCheck(t)
	h := start(t, havenemu.Options{})
	config := func(version int) string {
		return h.config(`
variable "password" {
  type      = string
  sensitive = true
}
` + connectorHCL("digest", `
  credentials_policy     = jsonencode({ notification_email = "ops@example.com" })
  credentials_wo         = jsonencode({ login_value = "crawler", password_value = var.password })
  credentials_wo_version = `+strconv.Itoa(version)))
	}
	const first, second = "first-password-0a9c", "second-password-77e1"
	w := acctest.NewWorkdir(t, config(1))
	run := func(want int, args ...string) string {
		t.Helper()
		out, err := w.Run(args...)
		code := 0
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			code = exit.ExitCode()
		} else if err != nil {
			t.Fatalf("terraform %v: %v", args, err)
		}
		if code != want {
			t.Fatalf("terraform %v: exit %d, want %d\n%s", args, code, want, out)
		}
		return out
	}
	stored := func() string {
		t.Helper()
		var cfg struct {
			Config struct {
				Credentials map[string]string `json:"credentials"`
			} `json:"config"`
		}
		b, _ := json.Marshal(h.mustHOD("retrieveconfig", map[string][]string{"connector": {"digest"}}))
		_ = json.Unmarshal(b, &cfg)
		return cfg.Config.Credentials["password_value"]
	}
	updates := func() int { return h.requests("updateconnector") }

	run(0, "apply", "-auto-approve", "-input=false", "-var", "password="+first)
	if got := stored(); got != first {
		t.Fatalf("created with password %q, want %q", got, first)
	}
	checkStateHasDigestNotValue(t, w, first)

	// The same value: nothing planned.
	run(0, "plan", "-detailed-exitcode", "-input=false", "-var", "password="+first)

	// Another value, same version: an update, with the warning naming the attribute.
	out := run(2, "plan", "-detailed-exitcode", "-input=false", "-no-color", "-var", "password="+second)
	for _, want := range []string{"credentials_wo changed since it was last sent; it will be sent", "will be updated in-place"} {
		if !strings.Contains(out, want) {
			t.Fatalf("the plan does not say %q:\n%s", want, out)
		}
	}
	run(0, "apply", "-auto-approve", "-input=false", "-var", "password="+second)
	if got, n := stored(), updates(); got != second || n != 1 {
		t.Fatalf("after the apply Haven holds %q after %d update(s), want %q after 1", got, n, second)
	}
	checkStateHasDigestNotValue(t, w, second)
	run(0, "plan", "-detailed-exitcode", "-input=false", "-var", "password="+second)

	// The version sends the same value again.
	w.SetConfig(config(2))
	run(0, "apply", "-auto-approve", "-input=false", "-var", "password="+second)
	if got, n := stored(), updates(); got != second || n != 2 {
		t.Fatalf("after the version bump Haven holds %q after %d update(s), want %q after 2", got, n, second)
	}
	run(0, "plan", "-detailed-exitcode", "-input=false", "-var", "password="+second)
	run(0, "destroy", "-auto-approve", "-input=false", "-var", "password="+second)
}

// checkStateHasDigestNotValue scans the state file: the secret appears nowhere (raw, base64, nor
// inside the decoded private state), and the private state holds the digest.
func checkStateHasDigestNotValue(t *testing.T, w *acctest.Workdir, secret string) {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(w.Dir, "terraform.tfstate"))
	if err != nil {
		t.Fatal(err)
	}
	for _, form := range []string{secret, base64.StdEncoding.EncodeToString([]byte(secret)), base64.RawStdEncoding.EncodeToString([]byte(secret))} {
		if strings.Contains(string(raw), form) {
			t.Fatalf("the state file holds the secret (%q)", form)
		}
	}
	var state struct {
		Resources []struct {
			Instances []struct {
				Private string `json:"private"`
			} `json:"instances"`
		} `json:"resources"`
	}
	if err := json.Unmarshal(raw, &state); err != nil || len(state.Resources) != 1 || len(state.Resources[0].Instances) != 1 {
		t.Fatalf("unexpected state: %v\n%s", err, raw)
	}
	private, err := base64.StdEncoding.DecodeString(state.Resources[0].Instances[0].Private)
	if err != nil {
		t.Fatalf("private state is not base64: %v", err)
	}
	if strings.Contains(string(private), secret) {
		t.Fatal("the private state holds the secret")
	}
	if !strings.Contains(string(private), "wo_digest_credentials") {
		t.Fatalf("the private state holds no digest of credentials_wo: %s", private)
	}
}
