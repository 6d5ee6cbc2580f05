// Command bench prints figures for `make bench`: wall time of terraform apply, plan (refresh) and
// destroy for N resources of each platform against the emulator, beside the same N
// terraform_data resources in the same run, and the API requests per resource per refresh.
// It is not a test: it asserts nothing and only prints.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/syncops/terraform-provider-syncops/internal/emulator"
)

// scenario is one kind of resource to measure.
type scenario struct {
	name string
	// baseline scenarios run whatever -scenarios asks: the ratios are against them.
	baseline bool
	// resources is how many Terraform resources config(n) declares.
	resources func(n int) int
	config    func(emuURL string, n int) string
	// beforePlan, when set, changes the objects outside Terraform between the apply and the plan
	// (its requests are not counted: the counts are reset before the plan).
	beforePlan func(emuURL string) error
}

func main() {
	n := flag.Int("n", 200, "resources per scenario")
	parallelism := flag.Int("parallelism", 10, "terraform -parallelism")
	only := flag.String("scenarios", "", "comma-separated scenarios to run (default: all)")
	runs := flag.Int("runs", 1, "runs of each scenario; times are their medians")
	official := flag.String("official-polytomic", "", "path of a terraform-provider-polytomic binary (the official provider) to measure beside ours; never downloaded")
	profile := flag.Bool("profile", false, "write a CPU profile of the provider during each scenario's plan and print where the time goes")
	flag.Parse()
	opts := options{n: *n, parallelism: *parallelism, only: *only, runs: max(*runs, 1), official: *official, profile: *profile}
	if err := run(opts); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

type options struct {
	n, parallelism, runs int
	only, official       string
	profile              bool
}

type result struct {
	name                        string
	resources                   int
	apply, plan, destroy        time.Duration
	applyReqs, planReqs, delReq int
}

// binaries builds the providers of the bench into one directory and writes the CLI configuration
// that points Terraform at them.
func binaries(work, official string) (bin, rc string, err error) {
	bin = filepath.Join(work, "bin")
	fmt.Println("building the provider and the floor provider...")
	for _, b := range []struct{ out, pkg string }{
		{"terraform-provider-syncops", "."},
		{"terraform-provider-floor", "./internal/bench/floor"},
	} {
		build := exec.Command("go", "build", "-o", filepath.Join(bin, b.out), b.pkg)
		build.Stdout, build.Stderr = os.Stdout, os.Stderr
		if err := build.Run(); err != nil {
			return "", "", fmt.Errorf("building %s: %w", b.pkg, err)
		}
	}
	overrides := fmt.Sprintf("    \"registry.terraform.io/syncops/syncops\" = %q\n    \"registry.terraform.io/syncops/floor\" = %q\n", bin, bin)
	if official != "" {
		abs, err := filepath.Abs(official)
		if err != nil {
			return "", "", err
		}
		if _, err := os.Stat(abs); err != nil {
			return "", "", fmt.Errorf("-official-polytomic: %w", err)
		}
		dir := filepath.Join(work, "official")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return "", "", err
		}
		if err := os.Symlink(abs, filepath.Join(dir, "terraform-provider-polytomic")); err != nil {
			return "", "", err
		}
		overrides += fmt.Sprintf("    \"registry.terraform.io/polytomic/polytomic\" = %q\n", dir)
	}
	rc = filepath.Join(work, "terraformrc")
	cfg := "provider_installation {\n  dev_overrides {\n" + overrides + "  }\n  direct {}\n}\n"
	return bin, rc, os.WriteFile(rc, []byte(cfg), 0o600)
}

func run(o options) error {
	tf, err := exec.LookPath("terraform")
	if err != nil {
		return fmt.Errorf("terraform CLI not found on PATH")
	}
	work, err := os.MkdirTemp("", "syncops-bench-")
	if err != nil {
		return err
	}
	defer func() {
		if err := os.RemoveAll(work); err != nil {
			fmt.Fprintln(os.Stderr, "bench: removing the work directory:", err)
		}
	}()
	bin, rc, err := binaries(work, o.official)
	if err != nil {
		return err
	}

	srv := emulator.New(platforms(o.n)...)
	running, err := emulator.Start("127.0.0.1:0", "", srv)
	if err != nil {
		return err
	}
	defer func() {
		if err := running.Close(); err != nil {
			fmt.Fprintln(os.Stderr, "bench: stopping the emulator:", err)
		}
	}()

	all := append([]scenario{baseline(), floor()}, scenarios()...)
	if o.official != "" {
		all = append(all, officialPolytomic())
	}
	var results []result
	var profiled []string
	for _, sc := range all {
		if o.only != "" && !sc.baseline && !strings.Contains(","+o.only+",", ","+sc.name+",") {
			continue
		}
		dir := filepath.Join(work, sc.name)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(sc.config(running.URL, o.n)), 0o600); err != nil {
			return err
		}
		fmt.Printf("scenario %s: %d resources, %d run(s)\n", sc.name, sc.resources(o.n), o.runs)
		tfrun := func(env []string, args ...string) (time.Duration, int, error) {
			resetStats(running.URL)
			start := time.Now()
			cmd := exec.Command(tf, append(args, "-input=false", fmt.Sprintf("-parallelism=%d", o.parallelism))...)
			cmd.Dir = dir
			cmd.Env = append(append(os.Environ(), "TF_CLI_CONFIG_FILE="+rc, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1"), env...)
			var out bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &out
			err := cmd.Run()
			d := time.Since(start)
			if err != nil {
				return d, 0, fmt.Errorf("terraform %s: %w\n%s", args[0], err, tail(out.String()))
			}
			return d, totalRequests(running.URL), nil
		}
		var applies, plans, destroys []time.Duration
		r := result{name: sc.name, resources: sc.resources(o.n)}
		for i := range o.runs {
			var d time.Duration
			if d, r.applyReqs, err = tfrun(nil, "apply", "-auto-approve"); err != nil {
				return err
			}
			applies = append(applies, d)
			var env []string
			if o.profile && i == 0 && !sc.baseline && sc.name != "official_polytomic" {
				prefix := filepath.Join(work, "profiles", sc.name)
				if err := os.MkdirAll(filepath.Dir(prefix), 0o755); err != nil {
					return err
				}
				env = append(env, "SYNCOPS_CPU_PROFILE="+prefix)
				profiled = append(profiled, prefix)
			}
			if sc.beforePlan != nil {
				if err := sc.beforePlan(running.URL); err != nil {
					return fmt.Errorf("%s: changing the objects before the plan: %w", sc.name, err)
				}
			}
			if d, r.planReqs, err = tfrun(env, "plan"); err != nil {
				return err
			}
			plans = append(plans, d)
			if d, r.delReq, err = tfrun(nil, "destroy", "-auto-approve"); err != nil {
				return err
			}
			destroys = append(destroys, d)
		}
		r.apply, r.plan, r.destroy = median(applies), median(plans), median(destroys)
		results = append(results, r)
	}
	if err := report(results); err != nil {
		return err
	}
	if o.profile {
		return printProfiles(filepath.Join(bin, "terraform-provider-syncops"), profiled)
	}
	return nil
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

// printProfiles shows, per scenario, where the provider spent its CPU during the plan.
func printProfiles(binary string, prefixes []string) error {
	for _, prefix := range prefixes {
		files, _ := filepath.Glob(prefix + ".*")
		if len(files) == 0 {
			fmt.Printf("\nprofile of %s: none written\n", filepath.Base(prefix))
			continue
		}
		for _, view := range []struct{ title, args string }{
			{"where the CPU went", "-top -nodecount=20"},
			{"what is ours (stacks through this provider's code, by cumulative time)", "-top -cum -nodecount=20 -focus=terraform-provider-syncops/internal"},
		} {
			args := append(append([]string{"tool", "pprof"}, strings.Fields(view.args)...), binary)
			out, err := exec.Command("go", append(args, files...)...).CombinedOutput()
			if err != nil {
				return fmt.Errorf("go tool pprof: %w\n%s", err, out)
			}
			fmt.Printf("\nCPU profile of the provider during the plan of %s (%d process(es)), %s:\n%s", filepath.Base(prefix), len(files), view.title, out)
		}
	}
	return nil
}

func report(results []result) error {
	if len(results) == 0 {
		return nil
	}
	data, floor := results[0], results[0]
	for _, r := range results {
		if r.name == "framework_floor" {
			floor = r
		}
	}
	w := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	// tabwriter buffers everything until Flush, so a write error shows up there.
	_, _ = fmt.Fprintln(w, "scenario\tresources\tapply\tx data\tx floor\tplan\tx data\tx floor\tdestroy\tx data\tx floor\treq/res apply\treq/res refresh\treq/res destroy\t")
	for _, r := range results {
		_, _ = fmt.Fprintf(w, "%s\t%d\t%s\t%.1f\t%.1f\t%s\t%.1f\t%.1f\t%s\t%.1f\t%.1f\t%.2f\t%.2f\t%.2f\t\n", r.name, r.resources,
			r.apply.Round(10*time.Millisecond), ratio(r.apply, data.apply), ratio(r.apply, floor.apply),
			r.plan.Round(10*time.Millisecond), ratio(r.plan, data.plan), ratio(r.plan, floor.plan),
			r.destroy.Round(10*time.Millisecond), ratio(r.destroy, data.destroy), ratio(r.destroy, floor.destroy),
			per(r.applyReqs, r.resources), per(r.planReqs, r.resources), per(r.delReq, r.resources))
	}
	if err := w.Flush(); err != nil {
		return fmt.Errorf("writing the report: %w", err)
	}
	fmt.Println("x data: wall time divided by the same step for the same number of terraform_data resources (built into Terraform).")
	fmt.Println("x floor: the same, divided by framework_floor, a terraform-plugin-framework provider resource that calls no API (the plugin protocol's floor).")
	fmt.Println("req/res refresh: API requests the emulator received during `terraform plan` (a refresh of every resource), per resource.")
	return nil
}

func ratio(a, b time.Duration) float64 {
	if b <= 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func per(reqs, n int) float64 {
	if n == 0 {
		return 0
	}
	return float64(reqs) / float64(n)
}

func tail(s string) string {
	if len(s) > 4000 {
		return "..." + s[len(s)-4000:]
	}
	return s
}

func resetStats(url string) {
	resp, err := http.Post(url+"/_emulator/stats/reset", "application/json", nil)
	if err == nil {
		_, _ = io.Copy(io.Discard, resp.Body)
		_ = resp.Body.Close()
	}
}

func totalRequests(url string) int {
	resp, err := http.Get(url + "/_emulator/stats")
	if err != nil {
		return -1
	}
	defer func() { _ = resp.Body.Close() }()
	var stats map[string]any
	if json.NewDecoder(resp.Body).Decode(&stats) != nil {
		return -1
	}
	total, _ := stats["total"].(float64)
	return int(total)
}

func baseline() scenario {
	return scenario{
		name:      "terraform_data",
		baseline:  true,
		resources: func(n int) int { return n },
		config: func(_ string, n int) string {
			return fmt.Sprintf(`resource "terraform_data" "r" {
  count = %d
  input = "item-${count.index}"
}
`, n)
		},
	}
}

func floor() scenario {
	return scenario{
		name:      "framework_floor",
		baseline:  true,
		resources: func(n int) int { return n },
		config: func(_ string, n int) string {
			return fmt.Sprintf(`terraform {
  required_providers {
    floor = { source = "syncops/floor" }
  }
}
resource "floor_item" "r" {
  count = %d
  input = "item-${count.index}"
}
`, n)
		},
	}
}
