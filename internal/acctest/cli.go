package acctest

import (
	"bytes"
	"errors"
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
	// mainRuns is set by Run, which removes the shared directories when the tests end.
	mainRuns   bool
	sharedMu   sync.Mutex
	sharedDirs []string
	builds     = map[string]*build{}
)

// build is one binary built by BuildBinary.
type build struct {
	once sync.Once
	path string
	err  error
}

// Main is the TestMain of a package whose tests use SharedDir (BuildBinary, BuildProvider,
// NewWorkdir): it runs the tests and removes the shared directories.
func Main(m *testing.M) { os.Exit(Run(m)) }

// Run is m.Run followed by the removal of the directories SharedDir made, for a TestMain that has
// more to do.
func Run(m *testing.M) int {
	mainRuns = true
	code := m.Run()
	sharedMu.Lock()
	defer sharedMu.Unlock()
	for _, dir := range sharedDirs {
		_ = os.RemoveAll(dir)
	}
	return code
}

// SharedDir makes a temporary directory for something every test of the process shares (a binary
// built once), which must outlive the test that happens to make it, so t.TempDir cannot hold it.
// Run removes it when the tests end; without that, each test run left a built provider (about
// 30 MB) behind, so SharedDir refuses a package whose TestMain is not Main or Run.
func SharedDir(prefix string) (string, error) {
	if !mainRuns {
		return "", errors.New("acctest.SharedDir needs the package's TestMain to be acctest.Main (or to call acctest.Run), which removes what the tests share")
	}
	dir, err := os.MkdirTemp("", prefix) //nolint:usetesting // outlives the test, removed by Run
	if err != nil {
		return "", err
	}
	sharedMu.Lock()
	defer sharedMu.Unlock()
	sharedDirs = append(sharedDirs, dir)
	return dir, nil
}

// BuildBinary builds the Go package pkg once per test process, as a binary named name in a
// SharedDir, and returns the binary's path.
func BuildBinary(t testing.TB, pkg, name string) string {
	t.Helper()
	sharedMu.Lock()
	b := builds[pkg]
	if b == nil {
		b = &build{}
		builds[pkg] = b
	}
	sharedMu.Unlock()
	b.once.Do(func() {
		dir, err := SharedDir(name + "-")
		if err != nil {
			b.err = err
			return
		}
		path := filepath.Join(dir, name)
		if out, err := exec.Command("go", "build", "-o", path, pkg).CombinedOutput(); err != nil {
			b.err = fmt.Errorf("building %s: %w\n%s", name, err, out)
			return
		}
		b.path = path
	})
	if b.err != nil {
		t.Fatal(b.err)
	}
	return b.path
}

// BuildProvider builds the provider binary once per test process and returns its directory.
func BuildProvider(t testing.TB) string {
	t.Helper()
	return filepath.Dir(BuildBinary(t, "github.com/syncops/terraform-provider-syncops", "terraform-provider-syncops"))
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
