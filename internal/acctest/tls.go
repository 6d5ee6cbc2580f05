package acctest

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TLSOptionsCase describes one platform for CheckTLSOptions.
type TLSOptionsCase struct {
	// Platform is the emulator platform name, the key of its creations in the emulator stats
	// (e.g. "jim").
	Platform string
	// DisplayName names the platform in diagnostics (e.g. "JIM", "Haven OnDemand").
	DisplayName string
	// Provider returns the provider block pointing at the emulator, with tls (one attribute
	// line such as `ca_file = "..."`, or "") inside the platform's block.
	Provider func(tls string) string
	// Resources creates exactly one object on the platform.
	Resources string
	// EnvCAFile is the environment variable that may stand for ca_file (e.g. "JIM_CA_FILE").
	EnvCAFile string
}

var (
	certificateNotTrusted = regexp.MustCompile(`(?s)certificate\s+is\s+not\s+trusted.*ca_file`)
	noAnswer              = regexp.MustCompile(`no\s+answer\s+from\s+the\s+server`)
)

// CheckTLSOptions drives the terraform CLI against an HTTPS emulator (see StartEmulatorTLS)
// whose CA is in caFile, the way a user meets a private CA:
//
//  1. without ca_file, apply fails with an error saying the certificate is not trusted and
//     naming ca_file, and nothing reaches the API;
//  2. with ca_file, apply creates the object and the next plan is empty; the CA file given by
//     the environment variable instead works the same;
//  3. with insecure = true, the plan is empty and carries the warning, and the provider log
//     has the tflog warning.
func CheckTLSOptions(t *testing.T, e *Emulator, caFile string, c TLSOptionsCase) {
	t.Helper()
	// Only the insecure step logs, to its own file (a package's TestMain may log to one file).
	w := NewWorkdir(t, c.Provider("")+c.Resources, "TF_LOG=", "TF_LOG_CORE=", "TF_LOG_PROVIDER=", "TF_LOG_PATH=")

	out, err := w.Run("apply", "-auto-approve", "-input=false", "-no-color")
	if err == nil || !certificateNotTrusted.MatchString(out) {
		t.Fatalf("apply without ca_file: err = %v; want an error saying the certificate is not trusted and naming ca_file:\n%s", err, out)
	}
	if noAnswer.MatchString(out) {
		t.Errorf("apply without ca_file calls a refused certificate \"no answer\":\n%s", out)
	}
	if got := e.creations(c.Platform); got != 0 {
		t.Fatalf("apply without ca_file created %d object(s)", got)
	}

	w.SetConfig(c.Provider(`ca_file = "`+filepath.ToSlash(caFile)+`"`) + c.Resources)
	w.MustRun("apply", "-auto-approve", "-input=false", "-no-color")
	if got := e.creations(c.Platform); got != 1 {
		t.Fatalf("apply with ca_file: %d creation(s), want 1", got)
	}
	w.expectEmptyPlan(t, "with ca_file")

	w.SetConfig(c.Provider("") + c.Resources)
	w.expectEmptyPlan(t, "with "+c.EnvCAFile, c.EnvCAFile+"="+caFile)

	w.SetConfig(c.Provider("insecure = true") + c.Resources)
	logFile := filepath.Join(t.TempDir(), "provider.log")
	out = w.expectEmptyPlan(t, "with insecure = true", "TF_LOG_PROVIDER=WARN", "TF_LOG_PATH="+logFile)
	warning := regexp.MustCompile(`Warning:\s+` + regexp.QuoteMeta(c.DisplayName) + `\s+TLS\s+certificate\s+verification\s+is\s+disabled`)
	if !warning.MatchString(out) {
		t.Errorf("plan with insecure = true does not warn %q:\n%s", warning, out)
	}
	log, err := os.ReadFile(logFile)
	if err != nil {
		t.Fatal(err)
	}
	if want := c.DisplayName + ": TLS certificate verification is disabled (insecure = true)"; !strings.Contains(string(log), want) {
		t.Errorf("provider log has no warning %q:\n%s", want, log)
	}
	if got := e.creations(c.Platform); got != 1 {
		t.Errorf("%d creation(s) after the plans, want 1", got)
	}
}

// expectEmptyPlan runs `terraform plan -detailed-exitcode` with extra environment variables and
// fails the test unless it succeeds with no changes. It returns the output.
func (w *Workdir) expectEmptyPlan(t *testing.T, what string, env ...string) string {
	t.Helper()
	var out bytes.Buffer
	cmd := w.Command(&out, "plan", "-detailed-exitcode", "-input=false", "-no-color")
	// The last value of a duplicated variable wins.
	cmd.Env = append(append([]string{}, cmd.Env...), env...)
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &exit) && exit.ExitCode() == 2:
		t.Fatalf("plan %s is not empty:\n%s", what, out.String())
	default:
		t.Fatalf("plan %s: %v\n%s", what, err, out.String())
	}
	return out.String()
}

// creations returns how many objects the emulator created on platform, read in process (the
// HTTPS emulator's control endpoints would need its CA).
func (e *Emulator) creations(platform string) int {
	c, _ := e.Server.Stats().Snapshot()["creations"].(map[string]int)
	return c[platform]
}
