package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The fixtures in testdata are real outputs, trimmed to the parts the command reads: a
// configuration with one resource per platform applied against the emulator, then changed through
// each platform's API (a JIM description, a Polytomic name and configuration, an Elasticsearch name
// and schedule, a Haven OnDemand description and config, and a second Elasticsearch connector
// deleted), then `terraform plan -refresh-only -json -out=PLAN` and `terraform show -json PLAN`.
// The Polytomic configuration comes from a sensitive variable: its plain value is in the fixture,
// as Terraform writes it, and must never reach a report.

func runDrift(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(args, strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestRecordedDriftPlan(t *testing.T) {
	t.Parallel()
	code, out, errOut := runDrift(t, "", "testdata/terraform-1.11-drift.json")
	if code != exitDrift {
		t.Fatalf("exit code %d, want %d\nstdout:\n%s\nstderr:\n%s", code, exitDrift, out, errOut)
	}
	want := `Drift detected: 5 resources changed outside Terraform (JIM: 1, Polytomic: 1, Elasticsearch: 2, Haven OnDemand: 1).

JIM
  syncops_jim_connected_system.directory: changed outside Terraform
      description: "Staff accounts" -> "Staff and contractors"

Polytomic
  syncops_polytomic_connection.prices: changed outside Terraform
      configuration: (sensitive) -> (sensitive)
      name: "Price list" -> "Price list (old)"
      updated_at: "2026-12-05T09:04:18Z" -> "2026-12-05T09:04:23Z"

Elasticsearch
  syncops_elasticsearch_connector.drive: changed outside Terraform
      name: "Company drive" -> "Drive (renamed)"
      scheduling.full.enabled: true -> false
      scheduling.full.interval: "0 0 0 * * ?" -> "0 30 2 * * ?"
  syncops_elasticsearch_connector.wiki: deleted outside Terraform (the next apply creates it again)

Haven OnDemand
  syncops_haven_connector.site: changed outside Terraform
      jsondecode(config).max_pages: 500 -> 50
      description: "Public web site" -> "Edited in Haven"

Outputs
  drive_name: "Company drive" -> "Drive (renamed)"
  price_list_configuration: (sensitive) -> (sensitive)

Either apply the configuration to put the configured values back, or change the configuration
to the new values and accept them with ` + "`terraform apply -refresh-only`" + `.
`
	if out != want {
		t.Errorf("report:\n%s\nwant:\n%s", out, want)
	}
	if errOut != "" {
		t.Errorf("stderr: %s", errOut)
	}
	assertNoSecrets(t, out)
}

// assertNoSecrets checks that the plain values of the sensitive configuration (present in the
// fixture, as Terraform writes them) and write-only attributes are nowhere in a report.
func assertNoSecrets(t *testing.T, report string) {
	t.Helper()
	for _, secret := range []string{"prices.csv", "prices-2024.csv", "_wo"} {
		if strings.Contains(report, secret) {
			t.Errorf("the report shows %q:\n%s", secret, report)
		}
	}
}

func TestRecordedDriftPlanMarkdown(t *testing.T) {
	t.Parallel()
	summary := filepath.Join(t.TempDir(), "summary.md")
	if err := os.WriteFile(summary, []byte("# Earlier step\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, _ := runDrift(t, "", "-format", "markdown", "-summary", summary, "testdata/terraform-1.11-drift.json")
	if code != exitDrift {
		t.Fatalf("exit code %d, want %d", code, exitDrift)
	}
	for _, line := range []string{
		"### Drift detected: 5 resources changed outside Terraform (JIM: 1, Polytomic: 1, Elasticsearch: 2, Haven OnDemand: 1).",
		"#### Haven OnDemand",
		"| `syncops_jim_connected_system.directory` | `description` | `\"Staff accounts\"` | `\"Staff and contractors\"` |",
		"| `syncops_polytomic_connection.prices` | `configuration` | `(sensitive)` | `(sensitive)` |",
		"| `syncops_elasticsearch_connector.drive` | `scheduling.full.interval` | `\"0 0 0 * * ?\"` | `\"0 30 2 * * ?\"` |",
		"| `syncops_elasticsearch_connector.wiki` | *deleted outside Terraform (the next apply creates it again)* | | |",
	} {
		if !strings.Contains(out, line+"\n") {
			t.Errorf("markdown report lacks %q:\n%s", line, out)
		}
	}
	assertNoSecrets(t, out)
	data, err := os.ReadFile(summary)
	if err != nil {
		t.Fatal(err)
	}
	if want := "# Earlier step\n" + out; string(data) != want {
		t.Errorf("summary file:\n%s\nwant the earlier content followed by the markdown report:\n%s", data, want)
	}
}

func TestRecordedOpenTofuPlan(t *testing.T) {
	t.Parallel()
	code, out, _ := runDrift(t, "", "testdata/opentofu-1.12-drift.json")
	if code != exitDrift {
		t.Fatalf("exit code %d, want %d\n%s", code, exitDrift, out)
	}
	if !strings.Contains(out, "Elasticsearch\n  syncops_elasticsearch_connector.drive: changed outside Terraform\n      name: \"Company drive\" -> \"Drive (tofu)\"\n") {
		t.Errorf("report:\n%s", out)
	}
}

// Terraform 1.11 exits 2 on this refresh-only plan although nothing drifted (hashicorp/terraform
// issue 36403: outputs count); the report decides on the resources, so it says no drift.
func TestRecordedPlanWithoutDrift(t *testing.T) {
	t.Parallel()
	for _, f := range []string{"testdata/terraform-1.11-no-drift.json", "testdata/terraform-1.11-no-drift.jsonl"} {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		// Read from standard input, as in `terraform show -json PLAN | syncops-drift`.
		code, out, errOut := runDrift(t, string(data))
		if code != exitNoDrift {
			t.Errorf("%s: exit code %d, want %d\n%s%s", f, code, exitNoDrift, out, errOut)
		}
		if out != "No drift: every resource matches what its platform holds.\n" {
			t.Errorf("%s: report %q", f, out)
		}
	}
}

func TestRecordedPlanStream(t *testing.T) {
	t.Parallel()
	code, out, _ := runDrift(t, "", "testdata/terraform-1.11-drift.jsonl")
	if code != exitDrift {
		t.Fatalf("exit code %d, want %d\n%s", code, exitDrift, out)
	}
	for _, line := range []string{
		"JIM\n  syncops_jim_connected_system.directory: changed outside Terraform\n",
		"Polytomic\n  syncops_polytomic_connection.prices: changed outside Terraform\n",
		"  syncops_elasticsearch_connector.wiki: deleted outside Terraform (the next apply creates it again)\n",
		"Haven OnDemand\n  syncops_haven_connector.site: changed outside Terraform\n",
		"Attribute details are in the saved plan: terraform show -json PLANFILE | syncops-drift\n",
	} {
		if !strings.Contains(out, line) {
			t.Errorf("report lacks %q:\n%s", line, out)
		}
	}
}

func TestRecordedPlanStreamWithErrors(t *testing.T) {
	t.Parallel()
	code, out, errOut := runDrift(t, "", "testdata/terraform-1.11-error.jsonl")
	if code != exitError {
		t.Fatalf("exit code %d, want %d", code, exitError)
	}
	if out != "" {
		t.Errorf("stdout should be empty when the plan failed, got:\n%s", out)
	}
	want := "The drift check failed: the plan has errors.\n\nError: syncops_jim_connected_system.directory: Unable to read JIM connected system 1\n  JIM API: GET /api/v1/synchronisation/connected-systems/1: HTTP 401 Unauthorized"
	if !strings.HasPrefix(errOut, want) {
		t.Errorf("stderr:\n%s\nwant it to start with:\n%s", errOut, want)
	}
	// Warnings (the provider's "no longer exists", dev overrides) are not errors.
	if strings.Contains(errOut, "no longer exists") || strings.Contains(errOut, "development overrides") {
		t.Errorf("warnings reported as errors:\n%s", errOut)
	}
}

func TestSensitiveAndWriteOnlyValues(t *testing.T) {
	t.Parallel()
	// A map with one sensitive key, a whole sensitive attribute that became non-null, a nested
	// list, and a write-only attribute that (against every rule) differs: only the mask shows.
	plan := `{
  "format_version": "1.2",
  "resource_drift": [{
    "address": "syncops_jim_connected_system.hr", "mode": "managed", "type": "syncops_jim_connected_system",
    "change": {
      "actions": ["update"],
      "before": {"settings": {"Host": "a.example.com", "Token": "old-token"}, "secret_settings_wo": null, "api": null, "tags": ["x"]},
      "after":  {"settings": {"Host": "b.example.com", "Token": "new-token"}, "secret_settings_wo": {"Password": "hunter2"}, "api": "s3cr3t", "tags": ["x", "y"]},
      "before_sensitive": {"settings": {"Token": true}, "secret_settings_wo": true, "api": true},
      "after_sensitive":  {"settings": {"Token": true}, "secret_settings_wo": true, "api": true}
    }
  }]
}`
	code, out, _ := runDrift(t, plan)
	if code != exitDrift {
		t.Fatalf("exit code %d\n%s", code, out)
	}
	for _, line := range []string{
		`      api: (sensitive) -> (sensitive)`,
		`      settings.Host: "a.example.com" -> "b.example.com"`,
		`      settings.Token: (sensitive) -> (sensitive)`,
		`      tags[1]: null -> "y"`,
	} {
		if !strings.Contains(out, line+"\n") {
			t.Errorf("report lacks %q:\n%s", line, out)
		}
	}
	for _, secret := range []string{"old-token", "new-token", "hunter2", "s3cr3t", "secret_settings_wo"} {
		if strings.Contains(out, secret) {
			t.Errorf("report shows %q:\n%s", secret, out)
		}
	}
}

func TestPathsOfMapKeysAndJSONDocuments(t *testing.T) {
	t.Parallel()
	plan := `{
  "format_version": "1.2",
  "resource_drift": [{
    "address": "module.hr.syncops_jim_connected_system.this[\"a\"]", "mode": "managed", "type": "syncops_jim_connected_system",
    "change": {
      "actions": ["update"],
      "before": {"settings": {"File Path": "/a.csv"}, "configuration": "{\"hosts\":[\"a\"],\"port\":1}", "note": "{not json"},
      "after":  {"settings": {"File Path": "/b.csv"}, "configuration": "{\"hosts\":[\"a\",\"b\"],\"port\":1}", "note": "{still not json"}
    }
  }, {
    "address": "aws_s3_bucket.logs", "mode": "managed", "type": "aws_s3_bucket",
    "change": {"actions": ["update"], "before": {"bucket": "a"}, "after": {"bucket": "b"}}
  }, {
    "address": "data.syncops_jim_connected_system.x", "mode": "data", "type": "syncops_jim_connected_system",
    "change": {"actions": ["read"], "before": null, "after": {"name": "x"}}
  }]
}`
	code, out, _ := runDrift(t, plan)
	if code != exitDrift {
		t.Fatalf("exit code %d\n%s", code, out)
	}
	want := `Drift detected: 2 resources changed outside Terraform (JIM: 1, aws: 1).

JIM
  module.hr.syncops_jim_connected_system.this["a"]: changed outside Terraform
      jsondecode(configuration).hosts[1]: null -> "b"
      note: "{not json" -> "{still not json"
      settings["File Path"]: "/a.csv" -> "/b.csv"

aws
  aws_s3_bucket.logs: changed outside Terraform
      bucket: "a" -> "b"
`
	if !strings.HasPrefix(out, want) {
		t.Errorf("report:\n%s\nwant it to start with:\n%s", out, want)
	}
}

func TestLongValuesAreCut(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("x", 500)
	plan := `{"format_version":"1.2","resource_drift":[{"address":"syncops_haven_connector.a","mode":"managed","type":"syncops_haven_connector",
	  "change":{"actions":["update"],"before":{"description":"short"},"after":{"description":"` + long + `"}}}]}`
	_, out, _ := runDrift(t, plan)
	if strings.Contains(out, long) || !strings.Contains(out, strings.Repeat("x", 150)) || !strings.Contains(out, "…") {
		t.Errorf("a 500-character value should be cut to about 200 characters:\n%s", out)
	}
}

func TestUnusableInputs(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		input string
		args  []string
		want  string
	}{
		"empty":         {input: "  \n", want: "the input is empty"},
		"state":         {input: `{"format_version":"1.0","values":{"root_module":{}}}`, want: "this is a state, not a plan"},
		"not terraform": {input: `{"hello":"world"}`, want: "not a Terraform plan"},
		"garbage":       {input: "Error: something\n", want: "line 1 is not a message of `terraform plan -json`"},
		"format 2":      {input: `{"format_version":"2.0","resource_drift":[]}`, want: `plan format version "2.0" is not supported`},
		"errored plan":  {input: `{"format_version":"1.2","errored":true}`, want: "The plan failed (errored = true)"},
		"missing file":  {args: []string{"testdata/does-not-exist.json"}, want: "does-not-exist.json"},
		"bad format":    {args: []string{"-format", "html"}, want: "-format must be text or markdown"},
		"two files":     {args: []string{"a", "b"}, want: "at most one plan file"},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			code, out, errOut := runDrift(t, tc.input, tc.args...)
			if code != exitError {
				t.Errorf("exit code %d, want %d", code, exitError)
			}
			if !strings.Contains(errOut, tc.want) {
				t.Errorf("stderr %q lacks %q (stdout %q)", errOut, tc.want, out)
			}
		})
	}
}
