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
)

var uuidPattern = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

// The connection's identity is its UUID, set on create and kept by every read; an import block
// with identity = { id = ... } imports it, and so do the classic id and name: forms.
func TestAccConnection_identity(t *testing.T) {
	t.Parallel()
	e := startFor(t, acctest.ResourceIdentity)
	files := e.provider() + `
resource "syncops_polytomic_connection" "warehouse" {
  name          = "Files"
  type          = "csv"
  configuration = jsonencode({ url = "https://example.com/users.csv" })
}
`
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             e.checkDestroyed,
		Steps: []resource.TestStep{
			{
				Config: files,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentity(resourceName, map[string]knownvalue.Check{"id": knownvalue.StringRegexp(uuidPattern)}),
					statecheck.ExpectIdentityValueMatchesState(resourceName, tfjsonpath.New("id")),
				},
			},
			{
				// An update keeps the identity (the framework fails an update that changes it).
				Config: e.provider() + `
resource "syncops_polytomic_connection" "warehouse" {
  name          = "Files renamed"
  type          = "csv"
  configuration = jsonencode({ url = "https://example.com/users.csv" })
}
`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentityValueMatchesState(resourceName, tfjsonpath.New("id")),
				},
			},
			{
				ResourceName:    resourceName,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithResourceIdentity,
			},
			{
				ResourceName:    resourceName,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
			},
			{
				ResourceName:      resourceName,
				ImportState:       true,
				ImportStateVerify: true,
			},
			{
				ResourceName:      resourceName,
				ImportState:       true,
				ImportStateId:     "name:Files renamed",
				ImportStateVerify: true,
			},
			{
				// plan -generate-config-out from an identity import: the generated resource block
				// plans no change.
				ResourceName:    resourceName,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithResourceIdentity,
				GenerateConfig:  true,
			},
		},
	})
}

// An identity with an id that no connection has is refused by the read that follows the import.
func TestAccConnection_identityOfNoConnection(t *testing.T) {
	t.Parallel()
	e := startFor(t, acctest.ResourceIdentity)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: e.provider() + fmt.Sprintf(`
import {
  to       = syncops_polytomic_connection.warehouse
  identity = { id = %q }
}
resource "syncops_polytomic_connection" "warehouse" {
  name          = "Files"
  type          = "csv"
  configuration = jsonencode({ url = "https://example.com/users.csv" })
}
`, "00000000-0000-4000-8000-000000000000"),
			ExpectError: regexp.MustCompile(`Cannot import non-existent remote object`),
		}},
	})
}
