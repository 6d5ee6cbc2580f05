package polytomic_test

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/syncops/terraform-provider-syncops/internal/acctest"
	emupolytomic "github.com/syncops/terraform-provider-syncops/internal/emulator/polytomic"
)

func TestAccConnectionDataSources(t *testing.T) {
	t.Parallel()
	e := start(t)
	cfg := e.warehouse("Warehouse", "db.internal", secretPrefix+"ds", 1, "") + `
data "syncops_polytomic_connection" "by_id" {
  id = syncops_polytomic_connection.warehouse.id
}
data "syncops_polytomic_connection" "by_name" {
  name       = "Warehouse"
  depends_on = [syncops_polytomic_connection.warehouse]
}
data "syncops_polytomic_connection_type" "postgresql" {
  id = "postgresql"
}
`
	field := func(name string, required, sensitive bool) knownvalue.Check {
		return knownvalue.ObjectPartial(map[string]knownvalue.Check{
			"name": knownvalue.StringExact(name), "required": knownvalue.Bool(required), "sensitive": knownvalue.Bool(sensitive),
		})
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: cfg,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.CompareValuePairs("data.syncops_polytomic_connection.by_name", tfjsonpath.New("id"),
					resourceName, tfjsonpath.New("id"), compareEqual{}),
				statecheck.ExpectKnownValue("data.syncops_polytomic_connection.by_id", tfjsonpath.New("type"), knownvalue.StringExact("postgresql")),
				statecheck.ExpectKnownValue("data.syncops_polytomic_connection.by_id", tfjsonpath.New("sensitive_keys"),
					knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("password")})),
				statecheck.ExpectKnownValue("data.syncops_polytomic_connection.by_id", tfjsonpath.New("configuration"),
					// Everything Polytomic returns but the secrets: the fields set, and the others with
					// their default or zero value.
					knownvalue.StringExact(`{"change_detection":false,"client_certs":false,"database":"dw","hostname":"db.internal","port":5432,"publication":"","ssh":false,"ssh_host":"","ssh_port":22,"ssh_user":"root","ssl":true,"username":"sync"}`)),
				statecheck.ExpectKnownValue("data.syncops_polytomic_connection.by_name", tfjsonpath.New("status"), knownvalue.StringExact("healthy")),
				statecheck.ExpectKnownValue("data.syncops_polytomic_connection_type.postgresql", tfjsonpath.New("name"), knownvalue.StringExact("PostgreSQL")),
				statecheck.ExpectKnownValue("data.syncops_polytomic_connection_type.postgresql", tfjsonpath.New("capabilities"), knownvalue.ObjectExact(map[string]knownvalue.Check{
					"source": knownvalue.Bool(true), "destination": knownvalue.Bool(true), "enrichment": knownvalue.Bool(false), "orchestration": knownvalue.Bool(false),
				})),
				statecheck.ExpectKnownValue("data.syncops_polytomic_connection_type.postgresql", tfjsonpath.New("fields"), knownvalue.ListPartial(map[int]knownvalue.Check{
					// Fields are sorted by name: ca_cert, change_detection, client_certificate, client_certs, client_key, database, hostname, password, ...
					0: field("ca_cert", false, true),
					5: field("database", true, false),
					7: field("password", true, true),
				})),
			},
			Check: noSecretInState,
		}},
	})
}

type compareEqual struct{}

func (compareEqual) CompareValues(values ...any) error {
	if len(values) == 2 && fmt.Sprint(values[0]) == fmt.Sprint(values[1]) {
		return nil
	}
	return fmt.Errorf("values differ: %v", values)
}

func TestAccConnectionDataSource_errors(t *testing.T) {
	t.Parallel()
	e := start(t)
	for _, name := range []string{"Twin", "Twin"} {
		e.api(t, "POST", "/api/connections", map[string]any{"name": name, "type": "csv", "configuration": map[string]any{"url": "https://example.com/x.csv"}})
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      e.provider() + `data "syncops_polytomic_connection" "x" { name = "Twin" }`,
				ExpectError: regexp.MustCompile(`2 Polytomic connections are named "Twin"`),
			},
			{
				Config: e.provider() + `
resource "syncops_polytomic_connection" "warehouse" {
  name          = "Twin"
  type          = "csv"
  configuration = jsonencode({ url = "https://example.com/x.csv" })
}
`,
				ResourceName:  resourceName,
				ImportState:   true,
				ImportStateId: "name:Twin",
				ExpectError:   regexp.MustCompile(`(?s)2 Polytomic connections are named "Twin".*Import by id instead`),
			},
			{
				Config:      e.provider() + `data "syncops_polytomic_connection" "x" { name = "Nobody" }`,
				ExpectError: regexp.MustCompile(`No Polytomic connection named "Nobody"`),
			},
			{
				Config:      e.provider() + `data "syncops_polytomic_connection_type" "x" { id = "mysqlx" }`,
				ExpectError: regexp.MustCompile(`(?s)Unknown Polytomic connection type "mysqlx".*csv, postgresql, salesforce, snowflake`),
			},
			{
				Config:      e.provider() + `data "syncops_polytomic_connection" "x" {}`,
				ExpectError: regexp.MustCompile(`Exactly one of these attributes must be configured: \[id,name\]`),
			},
		},
	})
}

func TestAccProviderBlock_credentials(t *testing.T) {
	t.Parallel()
	e := start(t)
	typeDS := `
data "syncops_polytomic_connection_type" "csv" {
  id = "csv"
}
`
	withBlock := func(body string) string {
		return fmt.Sprintf("provider \"syncops\" {\n  polytomic {\n    url = %q\n%s\n  }\n}\n", e.URL, body) + typeDS
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      withBlock(fmt.Sprintf("    api_key = %q\n    deployment_key = %q", testAPIKey, emupolytomic.DefaultDeploymentKey)),
				ExpectError: regexp.MustCompile(`(?s)Conflicting Polytomic credentials.*exactly one of api_key`),
			},
			{
				Config:      withBlock(""),
				ExpectError: regexp.MustCompile(`(?s)Missing Polytomic credentials`),
			},
			{
				Config:      withBlock(`    api_key = "wrong-key-value"`),
				ExpectError: regexp.MustCompile(`(?s)HTTP 401 Unauthorized:\s+invalid\s+or\s+missing\s+credentials.*Check the polytomic block`),
			},
			{
				Config:      withBlock(fmt.Sprintf("    api_key = %q\n    api_version = \"latest\"", testAPIKey)),
				ExpectError: regexp.MustCompile(`(?s)must be an API version date`),
			},
			{
				// The organization goes into Basic auth: not a UUID would be a puzzling 401.
				Config:      withBlock(fmt.Sprintf("    deployment_key = %q\n    organization_id = \"acme\"", emupolytomic.DefaultDeploymentKey)),
				ExpectError: regexp.MustCompile(`(?s)polytomic.organization_id.*must be an organization UUID`),
			},
			{
				// Last, so the final destroy has a valid block. Deployment key with organization: Basic "<org>:<key>", and an older API version.
				Config: withBlock(fmt.Sprintf("    deployment_key = %q\n    organization_id = %q\n    api_version = \"2024-02-08\"",
					emupolytomic.DefaultDeploymentKey, emupolytomic.DefaultOrganizationID)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.syncops_polytomic_connection_type.csv", tfjsonpath.New("name"), knownvalue.StringExact("CSV URL")),
				},
			},
		},
	})
}
