package reliability

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/syncops/terraform-provider-syncops/internal/acctest"
	emujim "github.com/syncops/terraform-provider-syncops/internal/emulator/jim"
)

var (
	rateLimitResources = flag.Int("ratelimit.resources", 17, "JIM connected systems in the rate-limit run (make ratelimit: 200)")
	rateLimitPerMinute = flag.Int("ratelimit.limit", 30, "JIM's requests a minute in the rate-limit run, on the emulator and in rate_limit (make ratelimit: 300, JIM's default)")
	rateLimitPlan      = flag.Bool("ratelimit.plan", false, "also plan (refresh) after the apply, paced too (make ratelimit)")
)

var waitedLine = regexp.MustCompile(`JIM: waited (\S+) for the shared rate limiter`)

func rateLimitConfig(url string, n, rateLimit int, createTimeout string) string {
	return fmt.Sprintf(`
provider "syncops" {
  jim {
    url        = %q
    api_key    = %q
    rate_limit = %d
  }
}
resource "syncops_jim_connected_system" "s" {
  count     = %d
  name      = "rate-${count.index}"
  connector = "JIM SQL Connector"
  timeouts {
    create = %q
  }
}
`, url, emujim.DefaultAPIKey, rateLimit, n, createTimeout)
}

// With -parallelism=50 against JIM's limit, apply and plan send more requests than JIM allows in
// a minute and yet never meet a 429: every JIM resource shares one limiter, and the logs say how long
// it waited. The same run without the provider's pacing does meet 429s, so the check can fail.
func TestRateLimitedPlan(t *testing.T) {
	acctest.PreCheck(t)
	t.Parallel()
	n, limit := *rateLimitResources, *rateLimitPerMinute

	t.Run("without pacing JIM answers 429", func(t *testing.T) {
		t.Parallel()
		jo := emujim.DefaultOptions()
		jo.RateLimit = limit
		emu := acctest.StartEmulator(t, emujim.New(jo))
		logFile := filepath.Join(t.TempDir(), "apply.log")
		// rate_limit = 0 turns pacing off; the short create timeout ends the run at the first long
		// Retry-After instead of waiting for it.
		w := acctest.NewWorkdir(t, rateLimitConfig(emu.URL, n, 0, "10s"), "TF_LOG_PROVIDER=INFO", "TF_LOG_PATH="+logFile)
		out, _ := w.Run("apply", "-auto-approve", "-input=false", "-parallelism=50")
		data, err := os.ReadFile(logFile)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(data), "answered HTTP 429") && !strings.Contains(out, "HTTP 429") {
			t.Fatalf("%d connected systems at -parallelism=50 never met JIM's limit of %d a minute without pacing: the paced run below proves nothing at this size", n, limit)
		}
	})

	t.Run("paced", func(t *testing.T) {
		t.Parallel()
		jo := emujim.DefaultOptions()
		jo.RateLimit = limit
		emu := acctest.StartEmulator(t, emujim.New(jo))
		logDir := t.TempDir()
		w := acctest.NewWorkdir(t, rateLimitConfig(emu.URL, n, limit, "20m"), "TF_LOG_PROVIDER=INFO", "TF_LOG_PATH="+filepath.Join(logDir, "apply.log"))
		start := time.Now()
		w.MustRun("apply", "-auto-approve", "-input=false", "-parallelism=50")
		applyTime := time.Since(start)
		applyReqs := requestCount(emu)
		if applyReqs <= limit {
			t.Fatalf("the apply sent %d requests, not more than JIM's %d a minute: the run is too small to test pacing", applyReqs, limit)
		}
		logs := []string{"apply.log"}
		planTime, planReqs := time.Duration(0), 0
		if *rateLimitPlan {
			w.Env = append(w.Env, "TF_LOG_PATH="+filepath.Join(logDir, "plan.log"))
			emu.Call("POST", "/_emulator/stats/reset", nil, nil)
			start = time.Now()
			out, err := w.Run("plan", "-detailed-exitcode", "-input=false", "-parallelism=50")
			planTime = time.Since(start)
			if err != nil {
				t.Fatalf("the plan of %d resources failed or is not empty: %v\n%s", n, err, out)
			}
			planReqs = requestCount(emu)
			logs = append(logs, "plan.log")
		}

		var waited time.Duration
		waits := 0
		for _, f := range logs {
			data, err := os.ReadFile(filepath.Join(logDir, f))
			if err != nil {
				t.Fatal(err)
			}
			log := string(data)
			if strings.Contains(log, "answered HTTP 429") {
				t.Errorf("%s: JIM answered 429: the shared limiter let too many requests through", f)
			}
			for _, m := range waitedLine.FindAllStringSubmatch(log, -1) {
				d, _ := time.ParseDuration(m[1])
				waited += d
				waits++
			}
		}
		if waits == 0 {
			t.Error("the logs never report a wait for the shared rate limiter")
		}
		msg := fmt.Sprintf("rate limit: %d JIM connected systems, -parallelism=50, JIM limit %d/min\n"+
			"  apply %s (%d requests), plan %s (%d requests), %d waits for the limiter logged, %s waited in all (summed over parallel requests), no 429\n",
			n, limit, applyTime.Round(time.Second), applyReqs, planTime.Round(time.Second), planReqs, waits, waited.Round(time.Second))
		t.Log(msg)
		fmt.Print(msg)
	})
}

func requestCount(emu *acctest.Emulator) int {
	n, _ := emu.Stats()["total"].(float64)
	return int(n)
}
