package haven_test

import (
	"encoding/base64"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/syncops/terraform-provider-syncops/internal/acctest"
	havenemu "github.com/syncops/terraform-provider-syncops/internal/emulator/haven"
)

// estateSize is how many connectors the adoption test makes outside Terraform.
const estateSize = 200

// TestAccConnectorList_adoptEstate adopts 200 connectors made outside Terraform (through the
// emulator's API) as a user would: terraform query -generate-config-out, apply, and an empty plan.
// No credential reaches generated.tf or the state: Terraform writes `credentials_wo = null` for
// the write-only attribute, and the user adds `credentials_wo = var.x` (with a version) themselves.
func TestAccConnectorList_adoptEstate(t *testing.T) {
	t.Parallel()
	acctest.PreCheckFeature(t, acctest.ListResources)
	h := start(t, havenemu.Options{MaxConnectors: estateSize, MaxRunning: estateSize, MaxRunsPerDay: estateSize})
	var secrets []string
	for i := range estateSize {
		name := fmt.Sprintf("estate-%03d", i)
		p := url.Values{"connector": {name}, "flavor": {"web_cloud"},
			"config": {fmt.Sprintf(`{"url":"https://site-%d.example.com","max_pages":%d}`, i, 10+i)}, "destination": {`{"action":"addtotextindex","index":"estate"}`}}
		switch i % 10 {
		case 0:
			secret := fmt.Sprintf("estate-secret-%03d-9b2e", i)
			secrets = append(secrets, secret)
			p.Set("credentials", `{"login_value":"crawler","password_value":"`+secret+`"}`)
			p.Set("credentials_policy", `{"notification_email":"ops@example.com"}`)
		case 1:
			p.Set("flavor", "filesystem_onsite")
			p.Set("config", `{"directory_paths":["/srv/`+name+`"]}`)
			p.Set("schedule", `{"frequency":{"frequency_type":"seconds","interval":21600}}`)
		case 2:
			p.Set("description", "Crawl of site "+name)
			p.Set("schedule", `{"occurrences":5,"frequency":{"frequency_type":"seconds","interval":86400}}`)
		}
		h.mustHOD("createconnector", p)
		if i%10 == 3 {
			h.control("/_emulator/haven/connectors/"+name+"/run", "")
			h.control("/_emulator/haven/connectors/"+name+"/finish", "")
		}
	}
	providerConfig := fmt.Sprintf("provider \"syncops\" {\n  haven {\n    url     = %q\n    api_key = %q\n  }\n}\n", h.acc.URL, havenemu.DefaultAPIKey)
	query := "list \"syncops_haven_connector\" \"estate\" {\n  provider = syncops\n  limit    = 1000\n}\n"
	a := acctest.AdoptEstate(t, providerConfig, query)

	if a.Imports != estateSize {
		t.Fatalf("generated.tf imports %d connectors, want %d", a.Imports, estateSize)
	}
	state, err := os.ReadFile(filepath.Join(a.Workdir.Dir, "terraform.tfstate"))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range secrets {
		for _, form := range []string{s, base64.StdEncoding.EncodeToString([]byte(s)), url.QueryEscape(s)} {
			if strings.Contains(a.Generated, form) || strings.Contains(string(state), form) || strings.Contains(a.QueryOutput+a.ApplyOutput+a.PlanOutput, form) {
				t.Fatalf("a credential (%s) is in generated.tf, the state or the output", s)
			}
		}
	}
	// What Terraform writes for the write-only attribute: null, never a value.
	woLines := regexp.MustCompile(`(?m)^\s*credentials_wo\s*=\s*null`).FindAllString(a.Generated, -1)
	if len(woLines) != estateSize {
		t.Fatalf("generated.tf has %d `credentials_wo = null` lines, want one per connector (%d)", len(woLines), estateSize)
	}
	if got := h.acc.Count("haven", "connectors"); got != estateSize {
		t.Fatalf("the estate has %d connectors after adoption, want %d", got, estateSize)
	}
	if n := h.acc.Requests("POST /1/api/async/updateconnector/v1") + h.acc.Requests("POST /1/api/async/createconnector/v1"); n != 0 {
		t.Fatalf("adopting sent %d create or update jobs, want none", n)
	}
	t.Logf("adopted %d connectors; requests: listresources %d, retrieveconfig %d, connectorstatus %d, connectorhistory %d",
		a.Imports, h.acc.Requests("GET /1/api/sync/listresources/v1"), h.acc.Requests("GET /1/api/sync/retrieveconfig/v1"),
		h.acc.Requests("GET /1/api/sync/connectorstatus/v1"), h.acc.Requests("GET /1/api/sync/connectorhistory/v1"))
}
