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

var rateLimitResources = flag.Int("ratelimit.resources", 40, "JIM connected systems in the rate-limit run (make ratelimit: 200)")

var waitedLine = regexp.MustCompile(`JIM: waited (\S+) for the shared rate limiter`)

// With -parallelism=50 against JIM's 300 requests a minute, apply and plan finish without
// exhausting retries: every JIM resource shares one limiter, and the logs say how long it waited.
func TestRateLimitedPlan(t *testing.T) {
	acctest.PreCheck(t)
	n := *rateLimitResources
	jo := emujim.DefaultOptions() // 300 requests a minute per key, as JIM
	emu := acctest.StartEmulator(t, emujim.New(jo))
	config := fmt.Sprintf(`
provider "syncops" {
  jim {
    url     = %q
    api_key = %q
  }
}
resource "syncops_jim_connected_system" "s" {
  count     = %d
  name      = "rate-${count.index}"
  connector = "JIM SQL Connector"
}
`, emu.URL, emujim.DefaultAPIKey, n)
	logDir := t.TempDir()
	w := acctest.NewWorkdir(t, config, "TF_LOG_PROVIDER=INFO", "TF_LOG_PATH="+filepath.Join(logDir, "apply.log"))
	start := time.Now()
	w.MustRun("apply", "-auto-approve", "-input=false", "-parallelism=50")
	applyTime := time.Since(start)
	applyReqs := emu.Stats()["total"]

	w.Env = append(w.Env, "TF_LOG_PATH="+filepath.Join(logDir, "plan.log"))
	emu.Call("POST", "/_emulator/stats/reset", nil, nil)
	start = time.Now()
	out, err := w.Run("plan", "-detailed-exitcode", "-input=false", "-parallelism=50")
	planTime := time.Since(start)
	if err != nil {
		t.Fatalf("the plan of %d resources failed or is not empty: %v\n%s", n, err, out)
	}
	planReqs := emu.Stats()["total"]

	var waited time.Duration
	waits := 0
	for _, f := range []string{"apply.log", "plan.log"} {
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
	msg := fmt.Sprintf("rate limit: %d JIM connected systems, -parallelism=50, JIM limit 300/min\n"+
		"  apply %s (%v requests), plan %s (%v requests), %d waits for the limiter logged, %s waited in all (summed over parallel requests), no 429\n",
		n, applyTime.Round(time.Second), applyReqs, planTime.Round(time.Second), planReqs, waits, waited.Round(time.Second))
	t.Log(msg)
	fmt.Print(msg)
}
