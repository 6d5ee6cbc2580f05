package acctest

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// Adoption is the outcome of AdoptEstate.
type Adoption struct {
	Workdir *Workdir
	// Generated is the configuration terraform query wrote (import and resource blocks).
	Generated string
	// Imports is the number of import blocks in it.
	Imports int
	// QueryOutput, ApplyOutput and PlanOutput are the commands' outputs.
	QueryOutput, ApplyOutput, PlanOutput string
}

var importBlock = regexp.MustCompile(`(?m)^import\s*\{`)

// AdoptEstate adopts objects made outside Terraform as a user would with Terraform 1.14+: `terraform
// query -generate-config-out` with the list blocks of query (a .tfquery.hcl file) writes import and
// resource blocks, `terraform apply` imports them, and a plan must then be empty. providerConfig is
// main.tf (the provider block, and anything else the configuration needs, such as variables).
// The caller checks the estate's size and what the generated configuration must not hold.
func AdoptEstate(t *testing.T, providerConfig, query string, extraEnv ...string) *Adoption {
	t.Helper()
	PreCheckFeature(t, ListResources)
	w := NewWorkdir(t, providerConfig, extraEnv...)
	if err := os.WriteFile(filepath.Join(w.Dir, "adopt.tfquery.hcl"), []byte(query), 0o600); err != nil {
		t.Fatal(err)
	}
	a := &Adoption{Workdir: w}
	a.QueryOutput = w.MustRun("query", "-generate-config-out=generated.tf")
	data, err := os.ReadFile(filepath.Join(w.Dir, "generated.tf"))
	if err != nil {
		t.Fatalf("terraform query wrote no configuration: %v\n%s", err, a.QueryOutput)
	}
	a.Generated = string(data)
	a.Imports = len(importBlock.FindAllString(a.Generated, -1))
	a.ApplyOutput = w.MustRun("apply", "-auto-approve", "-input=false", "-parallelism=20")
	out, err := w.Run("plan", "-detailed-exitcode", "-input=false", "-parallelism=20")
	a.PlanOutput = out
	if err != nil {
		t.Fatalf("the plan after adopting %d objects is not empty (or failed): %v\n%s", a.Imports, err, lastLines(out, 80))
	}
	return a
}

func lastLines(s string, n int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
