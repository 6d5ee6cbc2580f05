package acctest

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
)

// Some scenarios need the terraform CLI as a user runs it (-parallelism, SIGINT, several runs on
// one state): they build the provider binary and drive terraform with a dev_overrides CLI config.

var (
	buildOnce sync.Once
	buildDir  string
	buildErr  error
	// mainRuns is set by Run: a package whose tests build the provider must remove it afterwards.
	mainRuns bool
)

// Main is the TestMain of a package whose tests use BuildProvider (NewWorkdir): it runs the tests
// and removes the provider binary they built.
func Main(m *testing.M) { os.Exit(Run(m)) }

// Run is m.Run followed by the removal of the provider binary BuildProvider built, for a TestMain
// that has more to do. The binary is shared by every test of the process, so no test's cleanup can
// remove it; without this, every test run left about 30 MB in the temporary directory.
func Run(m *testing.M) int {
	mainRuns = true
	code := m.Run()
	if buildDir != "" {
		_ = os.RemoveAll(buildDir)
	}
	return code
}

// BuildProvider builds the provider binary once per test process and returns its directory. The
// package's TestMain must be Main or call Run, which removes the binary at the end.
func BuildProvider(t testing.TB) string {
	t.Helper()
	if !mainRuns {
		t.Fatal("acctest.BuildProvider needs the package's TestMain to be acctest.Main (or to call acctest.Run), which removes the built provider")
	}
	buildOnce.Do(func() {
		// Built once and shared by every test of the process, so it must outlive the test that
		// happens to build it: t.TempDir would be removed when that test ends.
		dir, err := os.MkdirTemp("", "syncops-provider-") //nolint:usetesting // shared across tests, see above
		if err != nil {
			buildErr = err
			return
		}
		cmd := exec.Command("go", "build", "-o", filepath.Join(dir, "terraform-provider-syncops"), "github.com/syncops/terraform-provider-syncops")
		out, err := cmd.CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("building the provider: %w\n%s", err, out)
			return
		}
		buildDir = dir
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return buildDir
}

// Workdir is a Terraform working directory using the freshly built provider.
type Workdir struct {
	t   testing.TB
	Dir string
	Env []string
}

// NewWorkdir writes config as main.tf in a temporary directory. extraEnv is added to the
// environment of every terraform command.
func NewWorkdir(t testing.TB, config string, extraEnv ...string) *Workdir {
	t.Helper()
	PreCheckCLI(t)
	bin := BuildProvider(t)
	dir := t.TempDir()
	rc := filepath.Join(dir, ".terraformrc")
	// Terraform resolves "syncops/syncops" on registry.terraform.io, OpenTofu on registry.opentofu.org.
	overrides := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    \"registry.terraform.io/syncops/syncops\" = %q\n    \"registry.opentofu.org/syncops/syncops\" = %q\n  }\n  direct {}\n}\n", bin, bin)
	if err := os.WriteFile(rc, []byte(overrides), 0o600); err != nil {
		t.Fatal(err)
	}
	w := &Workdir{t: t, Dir: dir}
	w.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+rc, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1")
	w.Env = append(w.Env, extraEnv...)
	// The provider's source address, as a user's configuration declares it.
	versions := "terraform {\n  required_providers {\n    syncops = {\n      source = \"syncops/syncops\"\n    }\n  }\n}\n"
	if err := os.WriteFile(filepath.Join(dir, "versions.tf"), []byte(versions), 0o600); err != nil {
		t.Fatal(err)
	}
	w.SetConfig(config)
	return w
}

// SetConfig replaces main.tf.
func (w *Workdir) SetConfig(config string) {
	w.t.Helper()
	if err := os.WriteFile(filepath.Join(w.Dir, "main.tf"), []byte(config), 0o600); err != nil {
		w.t.Fatal(err)
	}
}

// Command prepares a terraform command in the working directory; output goes to out.
func (w *Workdir) Command(out *bytes.Buffer, args ...string) *exec.Cmd {
	cmd := exec.Command(os.Getenv("TF_ACC_TERRAFORM_PATH"), args...)
	cmd.Dir = w.Dir
	cmd.Env = w.Env
	cmd.Stdout, cmd.Stderr = out, out
	return cmd
}

// Run runs terraform and returns its combined output and error.
func (w *Workdir) Run(args ...string) (string, error) {
	var out bytes.Buffer
	err := w.Command(&out, args...).Run()
	return out.String(), err
}

// MustRun runs terraform and fails the test on an error.
func (w *Workdir) MustRun(args ...string) string {
	w.t.Helper()
	out, err := w.Run(args...)
	if err != nil {
		w.t.Fatalf("terraform %v: %v\n%s", args, err, out)
	}
	return out
}

// State returns `terraform show -json` of the state file.
func (w *Workdir) StateFile() string {
	data, _ := os.ReadFile(filepath.Join(w.Dir, "terraform.tfstate"))
	return string(data)
}

// PreCheckCLI checks what the CLI scenarios need (the acceptance PreCheck without TF_ACC).
func PreCheckCLI(t testing.TB) {
	t.Helper()
	if os.Getenv("TF_ACC_TERRAFORM_PATH") == "" {
		t.Fatal("TF_ACC_TERRAFORM_PATH must point at the terraform CLI on PATH; the tests never download one")
	}
}
