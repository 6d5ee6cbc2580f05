// Package reliability holds the cross-platform promises: a chaotic apply and destroy lose and
// duplicate nothing, secrets never leak, interrupted destroys resume, rate limits are respected.
package reliability

import (
	"flag"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/syncops/terraform-provider-syncops/internal/acctest"
	"github.com/syncops/terraform-provider-syncops/internal/emulator"
)

var (
	resources   = flag.Int("chaos.resources", 40, "resources in the configuration (make chaos: 200)")
	faultRate   = flag.Float64("chaos.rate", 0.2, "fraction of API requests that get a fault")
	parallelism = flag.Int("chaos.parallelism", 20, "terraform -parallelism")
	seed        = flag.Int64("chaos.seed", 1, "fault seed")
)

// part is one platform's share of the chaos configuration.
type part struct {
	platform string
	// hcl is the provider block content for the platform and its resources.
	providerBlock string
	resources     string
	// expect is the emulator's object counts once everything is applied.
	expect map[string]int
	// count is how many Terraform resources the part declares.
	count int
}

func TestChaos(t *testing.T) {
	t.Parallel() // alongside the paced rate-limit test, which mostly waits
	acctest.PreCheck(t)
	n := *resources
	emu := acctest.StartEmulator(t, chaosPlatforms()...)
	parts := chaosParts(emu.URL, n)
	var cfg strings.Builder
	cfg.WriteString("provider \"syncops\" {\n  request_timeout = \"2s\"\n")
	total := 0
	for _, p := range parts {
		cfg.WriteString(p.providerBlock)
		total += p.count
	}
	cfg.WriteString("}\n")
	for _, p := range parts {
		cfg.WriteString(p.resources)
	}
	w := acctest.NewWorkdir(t, cfg.String())
	faults := emulator.FaultRule{Rate: *faultRate, Kinds: emulator.AllFaultKinds, Seed: *seed, RetryAfter: 1, SlowDelayMS: 2500}

	run := func(what string, args ...string) (int, time.Duration) {
		start := time.Now()
		for attempt := 1; attempt <= 3; attempt++ {
			out, err := w.Run(append(args, "-auto-approve", "-input=false", fmt.Sprintf("-parallelism=%d", *parallelism))...)
			if err == nil {
				return attempt, time.Since(start)
			}
			t.Logf("%s attempt %d failed:\n%s", what, attempt, tail(out))
		}
		t.Fatalf("%s did not succeed in 3 attempts", what)
		return 0, 0
	}

	emu.Fault(faults)
	applyAttempts, applyTime := run("apply", "apply")
	applyStats := emu.Stats()
	injectedApply := emu.Server.Faults().Injected()
	emu.Call("DELETE", "/_emulator/faults", nil, nil)

	out, err := w.Run("plan", "-detailed-exitcode", "-input=false")
	if err != nil {
		t.Fatalf("with faults off, the plan after the chaotic apply is not empty (%v):\n%s", err, tail(out))
	}
	state := emu.State()
	for _, p := range parts {
		for k, want := range p.expect {
			if got := state[p.platform][k]; got != want {
				t.Errorf("%s %s: emulator holds %d, want exactly %d", p.platform, k, got, want)
			}
		}
	}
	if dups, ok := applyStats["duplicateNames"].(map[string]any); ok {
		for platform, v := range dups {
			if v.(float64) != 0 {
				t.Errorf("%s: %v objects were created twice under the same name", platform, v)
			}
		}
	}

	emu.Call("POST", "/_emulator/stats/reset", nil, nil)
	emu.Fault(faults)
	destroyAttempts, destroyTime := run("destroy", "destroy")
	injectedDestroy := emu.Server.Faults().Injected()
	emu.Call("DELETE", "/_emulator/faults", nil, nil)
	after := emu.State()
	for _, p := range parts {
		for k := range p.expect {
			if v := after[p.platform][k]; v != 0 {
				t.Errorf("after destroy %s still holds %d %s", p.platform, v, k)
			}
		}
	}
	stats := emu.Stats()
	msg := fmt.Sprintf("chaos: %d resources, faults %.0f%% (seed %d), -parallelism=%d\n"+
		"  apply:   %d attempt(s), %s, %v requests, faults injected %v\n"+
		"  destroy: %d attempt(s), %s, %v requests, faults injected %v\n",
		total, *faultRate*100, *seed, *parallelism,
		applyAttempts, applyTime.Round(time.Second), applyStats["total"], injectedApply,
		destroyAttempts, destroyTime.Round(time.Second), stats["total"], injectedDestroy)
	t.Log(msg)
	fmt.Print(msg)
}

func tail(s string) string {
	if len(s) > 3000 {
		return "..." + s[len(s)-3000:]
	}
	return s
}
