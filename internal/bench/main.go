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
	"strings"
	"text/tabwriter"
	"time"

	"github.com/syncops/terraform-provider-syncops/internal/emulator"
)

// scenario is one kind of resource to measure.
type scenario struct {
	name string
	// resources is how many Terraform resources config(n) declares.
	resources func(n int) int
	config    func(emuURL string, n int) string
}

func main() {
	n := flag.Int("n", 200, "resources per scenario")
	parallelism := flag.Int("parallelism", 10, "terraform -parallelism")
	only := flag.String("scenarios", "", "comma-separated scenarios to run (default: all)")
	flag.Parse()
	if err := run(*n, *parallelism, *only); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

type result struct {
	name                        string
	resources                   int
	apply, plan, destroy        time.Duration
	applyReqs, planReqs, delReq int
}

func run(n, parallelism int, only string) error {
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
	bin := filepath.Join(work, "bin")
	fmt.Println("building the provider...")
	build := exec.Command("go", "build", "-o", filepath.Join(bin, "terraform-provider-syncops"), ".")
	build.Stdout, build.Stderr = os.Stdout, os.Stderr
	if err := build.Run(); err != nil {
		return fmt.Errorf("building the provider: %w", err)
	}
	rc := filepath.Join(work, "terraformrc")
	if err := os.WriteFile(rc, []byte(fmt.Sprintf(`provider_installation {
  dev_overrides {
    "registry.terraform.io/syncops/syncops" = %q
  }
  direct {}
}
`, bin)), 0o600); err != nil {
		return err
	}

	srv := emulator.New(platforms(n)...)
	running, err := emulator.Start("127.0.0.1:0", "", srv)
	if err != nil {
		return err
	}
	defer func() {
		if err := running.Close(); err != nil {
			fmt.Fprintln(os.Stderr, "bench: stopping the emulator:", err)
		}
	}()

	all := append([]scenario{baseline()}, scenarios()...)
	var results []result
	for _, sc := range all {
		if only != "" && sc.name != "terraform_data" && !strings.Contains(","+only+",", ","+sc.name+",") {
			continue
		}
		dir := filepath.Join(work, sc.name)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(sc.config(running.URL, n)), 0o600); err != nil {
			return err
		}
		fmt.Printf("scenario %s: %d resources\n", sc.name, sc.resources(n))
		tfrun := func(args ...string) (time.Duration, int, error) {
			resetStats(running.URL)
			start := time.Now()
			cmd := exec.Command(tf, append(args, "-input=false", fmt.Sprintf("-parallelism=%d", parallelism))...)
			cmd.Dir = dir
			cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+rc, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1")
			var out bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &out
			err := cmd.Run()
			d := time.Since(start)
			if err != nil {
				return d, 0, fmt.Errorf("terraform %s: %w\n%s", args[0], err, tail(out.String()))
			}
			return d, totalRequests(running.URL), nil
		}
		r := result{name: sc.name, resources: sc.resources(n)}
		if r.apply, r.applyReqs, err = tfrun("apply", "-auto-approve"); err != nil {
			return err
		}
		if r.plan, r.planReqs, err = tfrun("plan"); err != nil {
			return err
		}
		if r.destroy, r.delReq, err = tfrun("destroy", "-auto-approve"); err != nil {
			return err
		}
		results = append(results, r)
	}
	return report(results)
}

func report(results []result) error {
	if len(results) == 0 {
		return nil
	}
	base := results[0]
	w := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	// tabwriter buffers everything until Flush, so a write error shows up there.
	_, _ = fmt.Fprintln(w, "scenario\tresources\tapply\tx data\tplan\tx data\tdestroy\tx data\treq/res apply\treq/res refresh\treq/res destroy\t")
	for _, r := range results {
		_, _ = fmt.Fprintf(w, "%s\t%d\t%s\t%.1f\t%s\t%.1f\t%s\t%.1f\t%.2f\t%.2f\t%.2f\t\n", r.name, r.resources,
			r.apply.Round(10*time.Millisecond), ratio(r.apply, base.apply),
			r.plan.Round(10*time.Millisecond), ratio(r.plan, base.plan),
			r.destroy.Round(10*time.Millisecond), ratio(r.destroy, base.destroy),
			per(r.applyReqs, r.resources), per(r.planReqs, r.resources), per(r.delReq, r.resources))
	}
	if err := w.Flush(); err != nil {
		return fmt.Errorf("writing the report: %w", err)
	}
	fmt.Println("x data: wall time divided by the same step for the same number of terraform_data resources.")
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
