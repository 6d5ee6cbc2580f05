package examples

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/syncops/terraform-provider-syncops/internal/acctest"
)

// moduleDir copies a module of examples/modules into a fresh working directory that uses the
// freshly built provider; env is the environment of its terraform commands.
func moduleDir(t *testing.T, module string, env ...string) *acctest.Workdir {
	t.Helper()
	w := acctest.NewWorkdir(t, "", env...)
	// NewWorkdir's versions.tf and main.tf are replaced by the module's own.
	copyTree(t, filepath.Join(repoRoot(t), "examples", "modules", module), w.Dir)
	return w
}

var summaryLine = regexp.MustCompile(`(?m)^(Success!|Failure!) (\d+) passed, (\d+) failed`)

// terraformTest runs `terraform test` with args and returns its output and whether it succeeded.
func terraformTest(t *testing.T, w *acctest.Workdir, args ...string) (string, bool) {
	t.Helper()
	out, err := w.Run(append([]string{"test", "-no-color"}, args...)...)
	if code := exitCode(err); code < 0 {
		t.Fatalf("terraform test did not run: %v", err)
	}
	return out, err == nil
}

// moduleCase is a module and how its tests must catch a broken copy of it.
type moduleCase struct {
	module string
	runs   int // runs in tests/*.tftest.hcl
	breaks []moduleBreak
}

type moduleBreak struct {
	name string
	file string
	// from is replaced by to in file; the test fails when from is not there (the module changed).
	from, to string
	// failingRun is the run that must fail.
	failingRun string
}

var moduleCases = []moduleCase{
	{
		module: "jim-connected-system",
		runs:   7,
		breaks: []moduleBreak{{
			name:       "run profile ids output gives names",
			file:       "outputs.tf",
			from:       "type => rp.id }",
			to:         "type => rp.name }",
			failingRun: "file_connector_gets_its_standard_run_profiles",
		}, {
			name:       "File connector given a delta import",
			file:       "main.tf",
			from:       `["FullImport", "FullSynchronisation", "DeltaSynchronisation", "Export"] :`,
			to:         `["FullImport", "DeltaImport", "FullSynchronisation", "DeltaSynchronisation", "Export"] :`,
			failingRun: "file_connector_gets_its_standard_run_profiles",
		}},
	},
	{
		module: "elasticsearch-connector",
		runs:   10,
		breaks: []moduleBreak{{
			name:       "index name validation lost",
			file:       "variables.tf",
			from:       `condition     = can(regex("^[a-z0-9][^A-Z`,
			to:         `condition     = true || can(regex("^[a-z0-9][^A-Z`,
			failingRun: "refuses_an_uppercase_index_name",
		}, {
			name:       "incremental schedule dropped",
			file:       "main.tf",
			from:       "incremental    = var.schedules.incremental",
			to:         "incremental    = null",
			failingRun: "connector_with_schedules_and_pipeline",
		}, {
			name:       "sync rules not sent",
			file:       "main.tf",
			from:       "rules            = var.sync_rules == null ? [] : var.sync_rules",
			to:         "rules            = []",
			failingRun: "sync_rules_are_activated_in_order",
		}},
	},
}

// TestModules runs each module's `terraform test` files against an emulator, as `make test` and a
// user's CI do, and proves that they catch a broken module: a copy with a wrong output, a lost
// validation or a wrong resource argument must fail the named run.
func TestModules(t *testing.T) {
	t.Parallel()
	acctest.PreCheckCLI(t)
	for _, mc := range moduleCases {
		t.Run(mc.module, func(t *testing.T) {
			t.Parallel()
			emu := startEmulator(t)
			w := moduleDir(t, mc.module, platformEnv(emu.URL)...)
			out, ok := terraformTest(t, w)
			m := summaryLine.FindStringSubmatch(out)
			if !ok || m == nil || m[1] != "Success!" || m[2] != strconv.Itoa(mc.runs) || m[3] != "0" {
				t.Fatalf("terraform test of %s should pass its %d runs:\n%s", mc.module, mc.runs, out)
			}
		})
		for _, b := range mc.breaks {
			t.Run(mc.module+"/broken/"+b.name, func(t *testing.T) {
				t.Parallel()
				emu := startEmulator(t)
				w := moduleDir(t, mc.module, platformEnv(emu.URL)...)
				path := filepath.Join(w.Dir, b.file)
				src, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				if !strings.Contains(string(src), b.from) {
					t.Fatalf("%s no longer contains %q: update this test's break", b.file, b.from)
				}
				if err := os.WriteFile(path, []byte(strings.Replace(string(src), b.from, b.to, 1)), 0o600); err != nil {
					t.Fatal(err)
				}
				out, ok := terraformTest(t, w)
				if ok {
					t.Fatalf("terraform test passed on a broken %s (%s):\n%s", mc.module, b.name, out)
				}
				if !strings.Contains(out, `run "`+b.failingRun+`"... fail`) {
					t.Errorf("run %q should fail on a broken %s (%s):\n%s", b.failingRun, mc.module, b.name, out)
				}
				if m := summaryLine.FindStringSubmatch(out); m == nil || m[1] != "Failure!" {
					t.Errorf("terraform test should end with Failure!:\n%s", out)
				}
			})
		}
	}
}

// TestModuleMockProvider runs the mock_provider example: the module's logic tested with no server
// at all. The platform URL points where nothing listens, so any request would fail the runs.
func TestModuleMockProvider(t *testing.T) {
	t.Parallel()
	acctest.PreCheckCLI(t)
	w := moduleDir(t, "jim-connected-system", "JIM_URL=http://127.0.0.1:9", "JIM_API_KEY=jim_ak_"+strings.Repeat("0", 64))
	out, ok := terraformTest(t, w, "-test-directory=tests/mock")
	m := summaryLine.FindStringSubmatch(out)
	if !ok || m == nil || m[1] != "Success!" || m[2] != "3" || m[3] != "0" {
		t.Fatalf("the mock_provider tests should pass their 3 runs without a server:\n%s", out)
	}

	// The mocked tests catch a broken module too.
	path := filepath.Join(w.Dir, "main.tf")
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	broken := strings.Replace(string(src), `DeltaImport          = "Delta Import"`, `DeltaImport          = "Delta import"`, 1)
	if broken == string(src) {
		t.Fatal(`main.tf no longer names the run profile "Delta Import": update this test`)
	}
	if err := os.WriteFile(path, []byte(broken), 0o600); err != nil {
		t.Fatal(err)
	}
	out, ok = terraformTest(t, w, "-test-directory=tests/mock")
	if ok || !strings.Contains(out, `run "standard_run_profiles_of_the_ldap_connector"... fail`) {
		t.Errorf("the mock_provider tests should fail on a wrong run profile name:\n%s", out)
	}
}

// TestModuleRunTypeAtPlanTime: the JIM module passes the connected system's connector to its run
// profiles, so a run type the connector cannot do fails the plan of a fresh estate (the system's
// id still unknown) naming the run type, and nothing is created.
func TestModuleRunTypeAtPlanTime(t *testing.T) {
	t.Parallel()
	acctest.PreCheckCLI(t)
	emu := startEmulator(t)
	w := moduleDir(t, "jim-connected-system", platformEnv(emu.URL)...)
	vars := `name      = "HR feed"
connector = "JIM File Connector"
settings  = { "File Path" = "/data/hr.csv", "Mode" = "Export Only", "Object Type" = "person" }
run_types = ["FullImport", "DeltaImport"]
`
	if err := os.WriteFile(filepath.Join(w.Dir, "terraform.tfvars"), []byte(vars), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := w.Run("plan", "-no-color", "-input=false")
	if err == nil {
		t.Fatalf("a DeltaImport run profile on the File connector should fail the plan:\n%s", out)
	}
	if !regexp.MustCompile(`run_type = "DeltaImport": JIM File Connector does\s+not\s+support\s+DeltaImport`).MatchString(out) {
		t.Errorf("the plan should fail naming the run type and the connector:\n%s", out)
	}
	if n := emu.Requests("POST /api/v1/synchronisation/connected-systems"); n != 0 {
		t.Errorf("the failed plan created %d connected systems", n)
	}
}
