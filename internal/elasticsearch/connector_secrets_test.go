package elasticsearch_test

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/syncops/terraform-provider-syncops/internal/acctest"
)

// secretsConfig is a connector with a configuration value and write-only secrets.
func (c *cluster) secretsConfig(id, secrets string, version int) string {
	return c.provider() + fmt.Sprintf(`
resource "syncops_elasticsearch_connector" "test" {
  connector_id                     = %q
  index_name                       = "search-%s"
  service_type                     = "mysql"
  configuration_values             = jsonencode({ host = "db.example.com" })
  configuration_secrets_wo         = %s
  configuration_secrets_wo_version = %d
}
`, id, id, secrets, version)
}

// registerFields is what the connector service does when it starts: register its fields.
func (c *cluster) registerFields(id string) {
	c.es("PUT", "/_connector/"+id+"/_configuration", `{"configuration":{
		"host":{"label":"Host","display":"textbox","value":""},
		"password":{"label":"Password","display":"textbox","sensitive":true,"value":""},
		"dsn":{"label":"DSN","display":"textbox","value":""}}}`)
}

func (c *cluster) configValue(id, field string) any {
	c.t.Helper()
	return c.doc(id)["configuration"].(map[string]any)[field].(map[string]any)["value"]
}

// TestAccConnector_secretsChangeWithoutVersion: a change of configuration_secrets_wo itself plans
// an update (status, which `_configuration` moves, becomes unknown) and sends the new secrets
// although configuration_secrets_wo_version is the same; the same secrets, also written
// differently, plan nothing.
func TestAccConnector_secretsChangeWithoutVersion(t *testing.T) {
	t.Parallel()
	acctest.PreCheck(t)
	c := startCluster(t, "9.1.0")
	const id = "wo"
	writes := map[string]int{}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: c.provider() + `
resource "syncops_elasticsearch_connector" "test" {
  connector_id = "wo"
  index_name   = "search-wo"
  service_type = "mysql"
}
`,
				Check: resource.ComposeTestCheckFunc(
					c.expectWrites(&writes, map[string]int{"PUT /_connector/{id}": 1}),
					check(func() error { c.registerFields(id); return nil }),
				),
			},
			{
				Config: c.secretsConfig(id, `jsonencode({ password = "first-secret-1", dsn = "mysql://u:dsn-secret-1@db" })`, 1),
				Check: resource.ComposeTestCheckFunc(
					c.expectWrites(&writes, map[string]int{"PUT /_connector/{id}/_configuration": 2}), // registerFields + the apply
					check(func() error {
						if got := c.configValue(id, "password"); got != "first-secret-1" {
							return fmt.Errorf("password on the server: %v", got)
						}
						return nil
					}),
				),
			},
			{
				// The same secrets, written differently: no change.
				Config:   c.secretsConfig(id, `jsonencode({ dsn = "mysql://u:dsn-secret-1@db", password = "first-secret-1" })`, 1),
				PlanOnly: true,
			},
			{
				Config: c.secretsConfig(id, `jsonencode({ password = "second-secret-2", dsn = "mysql://u:dsn-secret-1@db" })`, 1),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(res, plancheck.ResourceActionUpdate),
					plancheck.ExpectUnknownValue(res, tfjsonpath.New("status")),
				}},
				// After the apply, plugin-testing's plans must be empty: the new digest is kept.
				Check: resource.ComposeTestCheckFunc(
					c.expectWrites(&writes, map[string]int{"PUT /_connector/{id}/_configuration": 1}),
					check(func() error {
						if got := c.configValue(id, "password"); got != "second-secret-2" {
							return fmt.Errorf("password on the server: %v, want the changed secret sent", got)
						}
						return nil
					}),
				),
			},
			{
				// The version still forces a resend of the same value.
				Config: c.secretsConfig(id, `jsonencode({ password = "second-secret-2", dsn = "mysql://u:dsn-secret-1@db" })`, 2),
				Check:  c.expectWrites(&writes, map[string]int{"PUT /_connector/{id}/_configuration": 1}),
			},
		},
	})
}

// TestAccConnector_secretsDigestInStateFile runs terraform as a user does and reads the state
// file: the digest of the write-only secrets is in the private state, the secrets are nowhere;
// a changed secret is announced by a warning, sent, and the next plan is empty.
func TestAccConnector_secretsDigestInStateFile(t *testing.T) {
	t.Parallel()
	acctest.PreCheck(t)
	c := startCluster(t, "9.1.0")
	const id = "wofile"
	w := acctest.NewWorkdir(t, c.provider()+`
resource "syncops_elasticsearch_connector" "test" {
  connector_id = "wofile"
  index_name   = "search-wofile"
  service_type = "mysql"
}
`)
	w.MustRun("apply", "-auto-approve", "-input=false")
	c.registerFields(id)
	secrets := []string{"file-secret-one", "file-secret-two", "dsn-file-secret"}
	w.SetConfig(c.secretsConfig(id, `jsonencode({ password = "file-secret-one", dsn = "dsn-file-secret" })`, 1))
	w.MustRun("apply", "-auto-approve", "-input=false")

	w.SetConfig(c.secretsConfig(id, `jsonencode({ password = "file-secret-two", dsn = "dsn-file-secret" })`, 1))
	out, err := w.Run("plan", "-detailed-exitcode", "-input=false")
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 2 {
		t.Fatalf("plan after changing only the secret: want exit code 2 (changes), got %v\n%s", err, out)
	}
	if !strings.Contains(out, "configuration_secrets_wo changed since it was last sent; it will be sent") {
		t.Errorf("no warning naming configuration_secrets_wo:\n%s", out)
	}
	w.MustRun("apply", "-auto-approve", "-input=false")
	if got := c.configValue(id, "password"); got != "file-secret-two" {
		t.Errorf("password on the server: %v", got)
	}
	if out, err := w.Run("plan", "-detailed-exitcode", "-input=false"); err != nil {
		t.Errorf("plan after the apply is not empty: %v\n%s", err, out)
	}

	state := w.StateFile()
	var doc struct {
		Resources []struct {
			Instances []struct {
				Private string `json:"private"`
			} `json:"instances"`
		} `json:"resources"`
	}
	if err := json.Unmarshal([]byte(state), &doc); err != nil || len(doc.Resources) != 1 || len(doc.Resources[0].Instances) != 1 {
		t.Fatalf("state file: %v\n%s", err, state)
	}
	private, err := base64.StdEncoding.DecodeString(doc.Resources[0].Instances[0].Private)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(private), "wo_digest_configuration_secrets") {
		t.Errorf("no digest in the private state: %s", private)
	}
	for _, s := range secrets {
		for where, text := range map[string]string{"state file": state, "private state": string(private)} {
			if strings.Contains(text, s) || strings.Contains(text, base64.StdEncoding.EncodeToString([]byte(s))) {
				t.Errorf("the secret %q is in the %s", s, where)
			}
		}
	}
}
