package examples

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/syncops/terraform-provider-syncops/internal/acctest"
	emues "github.com/syncops/terraform-provider-syncops/internal/emulator/elasticsearch"
	emuhaven "github.com/syncops/terraform-provider-syncops/internal/emulator/haven"
	emujim "github.com/syncops/terraform-provider-syncops/internal/emulator/jim"
	emupolytomic "github.com/syncops/terraform-provider-syncops/internal/emulator/polytomic"
)

// driftConfig has one resource per platform. The Polytomic configuration comes from a sensitive
// variable and the JIM password is write-only: neither may reach the report. The plain output
// makes Terraform 1.11's `plan -refresh-only -detailed-exitcode` exit 2 without drift
// (hashicorp/terraform issue 36403), which drift.sh must not take for drift.
const driftConfig = `
provider "syncops" {}

variable "price_list_url" {
  type      = string
  sensitive = true
  default   = "https://example.com/secret-prices.csv"
}

resource "syncops_jim_connected_system" "directory" {
  name        = "Corporate directory"
  description = "Staff accounts"
  connector   = "JIM LDAP Connector"
  settings = {
    "Host"                = "ldap.example.com"
    "Username"            = "cn=jim,ou=service,dc=example,dc=com"
    "Authentication Type" = "Simple"
  }
  secret_settings_wo         = { "Password" = "drift-test-bind-password" }
  secret_settings_wo_version = 1
}

resource "syncops_polytomic_connection" "prices" {
  name          = "Price list"
  type          = "csv"
  configuration = jsonencode({ url = var.price_list_url })
}

resource "syncops_elasticsearch_connector" "drive" {
  connector_id = "company-drive"
  name         = "Company drive"
  index_name   = "search-company-drive"
  service_type = "google_drive"
  scheduling = {
    full = { enabled = true, interval = "0 0 0 * * ?" }
  }
}

resource "syncops_haven_connector" "site" {
  name        = "company-site"
  flavor      = "web_cloud"
  description = "Public web site"
  config      = jsonencode({ url = "https://www.example.com", max_pages = 500 })
  destination = jsonencode({ action = "addtotextindex", index = "site" })
}

output "ids" {
  value = {
    jim       = syncops_jim_connected_system.directory.id
    polytomic = syncops_polytomic_connection.prices.id
  }
}
`

// driftJob runs examples/ci/drift.sh on the working directory, as a scheduled job would (init
// skipped: the provider is a dev override, which `init` cannot install offline).
type driftJob struct {
	t       *testing.T
	w       *acctest.Workdir
	summary string
}

func (j *driftJob) run(extraEnv ...string) (code int, stdout, stderr string) {
	j.t.Helper()
	cmd := exec.Command("bash", filepath.Join(repoRoot(j.t), "examples", "ci", "drift.sh"), j.w.Dir)
	cmd.Env = append(append([]string(nil), j.w.Env...),
		"TERRAFORM="+os.Getenv("TF_ACC_TERRAFORM_PATH"),
		"SYNCOPS_DRIFT="+buildDrift(j.t),
		"DRIFT_SKIP_INIT=1",
		"GITHUB_STEP_SUMMARY="+j.summary,
	)
	cmd.Env = append(cmd.Env, extraEnv...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	code = exitCode(err)
	if code < 0 {
		j.t.Fatalf("drift.sh did not run: %v", err)
	}
	return code, out.String(), errOut.String()
}

// TestDriftJob is the drift-detection recipe end to end: apply one resource per platform, run the
// job (no drift: exit 0), change each platform through its own API as someone would in its UI, run
// the job again (exit 2, each drifted attribute named under its platform), and run it with a wrong
// credential (exit 1, the API's error shown).
func TestDriftJob(t *testing.T) {
	t.Parallel()
	acctest.PreCheckCLI(t)
	emu := startEmulator(t)
	w := acctest.NewWorkdir(t, driftConfig, platformEnv(emu.URL)...)
	w.MustRun("apply", "-auto-approve", "-input=false", "-no-color")
	job := &driftJob{t: t, w: w, summary: filepath.Join(t.TempDir(), "summary.md")}

	code, out, errOut := job.run()
	if code != 0 {
		t.Fatalf("drift.sh right after apply: exit code %d, want 0\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	if !strings.Contains(out, "No drift") {
		t.Errorf("drift.sh without drift should say so:\n%s", out)
	}

	var ids struct{ JIM, Polytomic string }
	if err := json.Unmarshal([]byte(w.MustRun("output", "-json", "ids")), &ids); err != nil {
		t.Fatal(err)
	}
	makeDrift(t, emu, ids.JIM, ids.Polytomic)

	code, out, errOut = job.run()
	if code != 2 {
		t.Fatalf("drift.sh after changes on every platform: exit code %d, want 2\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	for _, want := range []string{
		"Drift detected: 4 resources changed outside Terraform (JIM: 1, Polytomic: 1, Elasticsearch: 1, Haven OnDemand: 1).\n",
		"\nJIM\n  syncops_jim_connected_system.directory: changed outside Terraform\n" +
			"      description: \"Staff accounts\" -> \"Staff and contractors\"\n",
		"\nPolytomic\n  syncops_polytomic_connection.prices: changed outside Terraform\n" +
			"      configuration: (sensitive) -> (sensitive)\n" +
			"      name: \"Price list\" -> \"Price list (old)\"\n",
		"\nElasticsearch\n  syncops_elasticsearch_connector.drive: changed outside Terraform\n" +
			"      scheduling.full.enabled: true -> false\n" +
			"      scheduling.full.interval: \"0 0 0 * * ?\" -> \"0 30 2 * * ?\"\n",
		"\nHaven OnDemand\n  syncops_haven_connector.site: changed outside Terraform\n" +
			"      description: \"Public web site\" -> \"Edited in Haven\"\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the drift report lacks\n%s\nreport:\n%s", want, out)
		}
	}
	summary, err := os.ReadFile(job.summary)
	if err != nil {
		t.Fatalf("the job summary was not written: %v", err)
	}
	if !strings.Contains(string(summary), "| `syncops_haven_connector.site` | `description` | `\"Public web site\"` | `\"Edited in Haven\"` |") {
		t.Errorf("the job summary lacks the Haven OnDemand row:\n%s", summary)
	}
	for _, secret := range []string{"secret-prices.csv", "prices-2024.csv", "drift-test-bind-password"} {
		if strings.Contains(out+errOut+string(summary), secret) {
			t.Errorf("the drift report shows the secret %q:\n%s%s\n%s", secret, out, errOut, summary)
		}
	}

	code, out, errOut = job.run("JIM_API_KEY=jim_ak_" + strings.Repeat("f", 64))
	if code != 1 {
		t.Fatalf("drift.sh with a wrong JIM key: exit code %d, want 1\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	if !strings.Contains(errOut, "Error: syncops_jim_connected_system.directory: Unable to read JIM connected system") || !strings.Contains(errOut, "HTTP 401") {
		t.Errorf("drift.sh should show JIM's error:\n%s", errOut)
	}
}

// makeDrift changes one resource per platform through the platform's own API.
func makeDrift(t *testing.T, emu *acctest.Emulator, jimID, polytomicID string) {
	t.Helper()
	must := func(what string, status int, body []byte) {
		t.Helper()
		if status >= 300 {
			t.Fatalf("%s: HTTP %d: %s", what, status, body)
		}
	}
	status, body := emu.Raw(http.MethodPut, "/api/v1/synchronisation/connected-systems/"+jimID,
		map[string]any{"description": "Staff and contractors"},
		http.Header{"X-Api-Key": {emujim.DefaultAPIKey}})
	must("JIM: changing the description", status, body)

	status, body = emu.Raw(http.MethodPut, "/api/connections/"+polytomicID,
		map[string]any{"name": "Price list (old)", "configuration": map[string]any{"url": "https://example.com/prices-2024.csv"}},
		http.Header{"Authorization": {"Bearer " + emupolytomic.DefaultAPIKey}})
	must("Polytomic: renaming and changing the configuration", status, body)

	status, body = emu.Raw(http.MethodPut, "/_connector/company-drive/_scheduling",
		map[string]any{"scheduling": map[string]any{"full": map[string]any{"enabled": false, "interval": "0 30 2 * * ?"}}},
		http.Header{"Authorization": {"ApiKey " + emues.DefaultAPIKey}})
	must("Elasticsearch: changing the full sync schedule", status, body)

	q := url.Values{"apikey": {emuhaven.DefaultAPIKey}, "connector": {"company-site"}, "description": {"Edited in Haven"}}
	status, body = emu.Raw(http.MethodGet, "/1/api/sync/updateconnector/v1?"+q.Encode(), nil, nil)
	must("Haven OnDemand: changing the description", status, body)
}
