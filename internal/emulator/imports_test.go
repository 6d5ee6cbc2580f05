package emulator_test

import (
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/syncops/terraform-provider-syncops/"

// forbidden are the provider's packages the emulator must not depend on: the emulator stands for
// the platforms, so it keeps its own copy of every rule (index names, cron, ids...) and a rule that
// is wrong cannot be wrong on both sides unseen. The same rule is in .golangci.yml (depguard).
var forbidden = []string{"internal/jim", "internal/polytomic", "internal/elasticsearch", "internal/haven", "internal/provider"}

func isForbidden(pkg string) bool {
	for _, f := range forbidden {
		if pkg == module+f || strings.HasPrefix(pkg, module+f+"/") {
			return true
		}
	}
	return false
}

// TestEmulatorImportsNoProviderPackage lists every package the emulator's packages and their tests
// depend on, directly or not, and names each import that enters a provider package.
func TestEmulatorImportsNoProviderPackage(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "-test", "-f", `{{.ImportPath}}{{range .Imports}}|{{.}}{{end}}`, "./...").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	// Test variants print as "pkg [pkg.test]".
	path := func(s string) string { p, _, _ := strings.Cut(s, " ["); return p }
	emulatorPackages := 0
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Split(line, "|")
		importer := path(fields[0])
		if strings.HasPrefix(importer, module+"internal/emulator") {
			emulatorPackages++
		}
		if isForbidden(importer) {
			continue // named at the import that brought it in
		}
		for _, imp := range fields[1:] {
			if isForbidden(path(imp)) {
				t.Errorf("%s imports %s: the emulator must not depend on the provider's platform packages", importer, path(imp))
			}
		}
	}
	if emulatorPackages == 0 {
		t.Fatalf("go list found none of the emulator's packages:\n%s", out)
	}
}
