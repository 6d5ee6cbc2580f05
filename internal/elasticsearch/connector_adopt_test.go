package elasticsearch_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/syncops/terraform-provider-syncops/internal/acctest"
)

// TestAccConnectorList_adoptEstate adopts 200 connectors made outside Terraform, through the
// emulator's API, as a user would: terraform query -generate-config-out, apply (200 imports), and
// an empty plan. The estate has what real connectors have: pipelines, schedules, descriptions,
// API key ids, native connectors, connectors without an index, and configurations registered by
// the connector service with secret values (sensitive or not), which must appear nowhere.
func TestAccConnectorList_adoptEstate(t *testing.T) {
	acctest.PreCheckFeature(t, acctest.ListResources)
	c := startCluster(t, "9.1.0")
	const n = 200
	var secrets []string
	for i := range n {
		id := fmt.Sprintf("estate-%03d", i)
		body := fmt.Sprintf(`{"index_name":"search-estate-%03d","name":"Estate %d","service_type":"mysql","language":"english"}`, i, i)
		switch i % 10 {
		case 1:
			body = fmt.Sprintf(`{"index_name":"content-estate-%03d","name":"Native %d","service_type":"google_drive","is_native":true}`, i, i)
		case 2:
			body = `{"name":"No index","service_type":"confluence"}`
		case 3:
			body = fmt.Sprintf(`{"index_name":"search-estate-%03d","description":"Described \"%d\"","service_type":"jira"}`, i, i)
		}
		c.es("PUT", "/_connector/"+id, body)
		switch i % 5 {
		case 0:
			c.es("PUT", "/_connector/"+id+"/_pipeline", `{"pipeline":{"name":"search-default-ingestion","extract_binary_content":true,"reduce_whitespace":true,"run_ml_inference":false}}`)
			c.es("PUT", "/_connector/"+id+"/_scheduling", `{"scheduling":{"incremental":{"enabled":true,"interval":"0 0 */4 * * ?"}}}`)
		case 4:
			c.es("PUT", "/_connector/"+id+"/_api_key_id", `{"api_key_id":"key-`+id+`","api_key_secret_id":"secret-id-`+id+`"}`)
		}
		if i%4 == 0 {
			secret, dsn := "estate-password-"+id, "mysql://user:estate-dsn-"+id+"@db"
			secrets = append(secrets, secret, "estate-dsn-"+id)
			c.es("PUT", "/_connector/"+id+"/_configuration", fmt.Sprintf(`{"configuration":{
				"host":{"label":"Host","display":"textbox","value":"db-%d.example.com"},
				"password":{"label":"Password","display":"textbox","sensitive":true,"value":%q},
				"dsn":{"label":"DSN","display":"textbox","value":%q}}}`, i, secret, dsn))
		}
	}
	before := asFloat(c.Stats()["total"])
	a := acctest.AdoptEstate(t, c.provider(), `
list "syncops_elasticsearch_connector" "estate" {
  provider         = syncops
  include_resource = true
  limit            = 1000
}
`)
	t.Logf("adopting %d connectors (query, apply, plan) cost %.0f requests", n, asFloat(c.Stats()["total"])-before)
	if a.Imports != n {
		t.Errorf("%d import blocks generated, want %d", a.Imports, n)
	}
	if !regexp.MustCompile(`Apply complete! Resources: 200 imported, 0 added, 0 changed, 0 destroyed`).MatchString(a.ApplyOutput) {
		t.Errorf("the apply did not import 200 connectors:\n%s", a.ApplyOutput[max(0, len(a.ApplyOutput)-400):])
	}
	state := a.Workdir.StateFile()
	for _, s := range secrets {
		if strings.Contains(a.Generated, s) {
			t.Errorf("generated.tf holds the secret %q", s)
		}
		if strings.Contains(state, s) {
			t.Errorf("the state holds the secret %q", s)
		}
	}
	// What Terraform writes for the write-only secrets and the configuration values (documented
	// in the resource's Query section): null, never a value; the user replaces
	// configuration_secrets_wo with a variable and adds the keys of configuration_values to manage.
	for _, want := range []string{`configuration_secrets_wo         = null # sensitive`, `configuration_values             = null`} {
		if got := strings.Count(a.Generated, want); got != n {
			t.Errorf("generated.tf has %q %d times, want once per connector (%d):\n%s", want, got, n, generatedBlock(a.Generated, "estate-000"))
		}
	}
	if strings.Contains(a.Generated, "status") {
		t.Errorf("generated.tf sets the computed status:\n%s", generatedBlock(a.Generated, "estate-000"))
	}
	t.Logf("generated for estate-000:\n%s", generatedBlock(a.Generated, "estate-000"))
}

// generatedBlock is the resource block of generated.tf for one connector id, for messages.
func generatedBlock(generated, id string) string {
	for _, b := range strings.Split(generated, "\n\n") {
		if strings.HasPrefix(strings.TrimSpace(b), "resource ") && strings.Contains(b, `connector_id                     = "`+id+`"`) {
			return b
		}
	}
	return "(no resource block for " + id + ")"
}
