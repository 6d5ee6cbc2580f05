package acctest

import (
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"sync"
	"testing"

	"github.com/hashicorp/go-version"
)

// Feature is something of the provider that only newer CLIs can drive.
type Feature struct {
	Name string
	// Terraform and OpenTofu are the first versions with the feature; "" means none has it.
	Terraform, OpenTofu string
}

// Features the tests need a newer CLI for.
var (
	ResourceIdentity = Feature{Name: "resource identity", Terraform: "1.12.0", OpenTofu: "1.12.0"}
	ListResources    = Feature{Name: "list resources and terraform query", Terraform: "1.14.0", OpenTofu: ""}
	Actions          = Feature{Name: "actions", Terraform: "1.14.0", OpenTofu: ""}
)

// NewerPassEnv is set by `make test` in its second pass, which runs only the tests that need a newer
// CLI than the one on PATH, on that newer CLI.
const NewerPassEnv = "SYNCOPS_NEWER_CLI_PASS"

// CLI is the name and version of TF_ACC_TERRAFORM_PATH.
type CLI struct {
	OpenTofu bool
	Version  *version.Version
}

func (c CLI) String() string {
	if c.Version == nil {
		return "an unknown CLI"
	}
	if c.OpenTofu {
		return "OpenTofu " + c.Version.String()
	}
	return "Terraform " + c.Version.String()
}

var (
	cliOnce sync.Once
	cli     CLI
	cliErr  error
)

var versionLine = regexp.MustCompile(`(?m)^(Terraform|OpenTofu) v(\S+)`)

// CurrentCLI is the name and version of TF_ACC_TERRAFORM_PATH, read once per test process.
func CurrentCLI(t testing.TB) CLI {
	t.Helper()
	c, err := detectCLI()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func detectCLI() (CLI, error) {
	cliOnce.Do(func() {
		path := os.Getenv("TF_ACC_TERRAFORM_PATH")
		out, err := exec.Command(path, "version").Output()
		if err != nil {
			cliErr = fmt.Errorf("%s version: %w", path, err)
			return
		}
		m := versionLine.FindSubmatch(out)
		if m == nil {
			cliErr = fmt.Errorf("cannot read the version of %s from %q", path, out)
			return
		}
		cli.OpenTofu = string(m[1]) == "OpenTofu"
		cli.Version, cliErr = version.NewVersion(string(m[2]))
	})
	return cli, cliErr
}

// Has reports whether the CLI has the feature.
func (c CLI) Has(f Feature) bool {
	first := f.Terraform
	if c.OpenTofu {
		first = f.OpenTofu
	}
	if first == "" || c.Version == nil {
		return false
	}
	return c.Version.Core().GreaterThanOrEqual(version.Must(version.NewVersion(first)))
}

// PreCheckFeature is the PreCheck of a test that needs a newer CLI. On a CLI without the feature
// the test is skipped with a message that names the feature, the version needed and where it runs
// instead (make test's second pass on Terraform 1.15, make test-matrix); never silently.
func PreCheckFeature(t *testing.T, f Feature) {
	t.Helper()
	preCheckCLI(t)
	c := CurrentCLI(t)
	if c.Has(f) {
		return
	}
	need := "Terraform " + f.Terraform + " or later"
	if f.OpenTofu != "" {
		need += " or OpenTofu " + f.OpenTofu + " or later"
	}
	msg := fmt.Sprintf("NEEDS A NEWER CLI: %s needs %s; TF_ACC_TERRAFORM_PATH is %s.", f.Name, need, c)
	if c.OpenTofu && f.OpenTofu == "" {
		msg = fmt.Sprintf("NOT ON OPENTOFU: %s has no OpenTofu release (%s is in use).", f.Name, c)
	}
	t.Skip(msg + " `make test` runs this test in its second pass on Terraform 1.15 (../shared/tools/newer-clis); `make test-matrix` on every CLI it finds.")
}
