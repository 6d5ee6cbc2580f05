package haven_test

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/syncops/terraform-provider-syncops/internal/acctest"
	havenemu "github.com/syncops/terraform-provider-syncops/internal/emulator/haven"
)

// TestAccConnector_identity: the identity is { name } after create and after an update; an import
// block with identity imports the connector with no change planned, and so does the configuration
// Terraform generates for it; the classic import by name still works.
func TestAccConnector_identity(t *testing.T) {
	t.Parallel()
	h := start(t, havenemu.Options{})
	identity := map[string]knownvalue.Check{"name": knownvalue.StringExact("by-identity")}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheckFeature(t, acctest.ResourceIdentity) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             h.checkDestroyed,
		Steps: []resource.TestStep{
			{
				Config:            h.config(connectorHCL("by-identity", `  description = "one"`)),
				ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectIdentity(addr, identity)},
			},
			{
				Config: h.config(connectorHCL("by-identity", `  description = "two"`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectIdentity(addr, identity)},
			},
			{
				ResourceName:    addr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithResourceIdentity,
			},
			{
				// The configuration Terraform generates for the import block plans no change.
				ResourceName:    addr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithResourceIdentity,
				GenerateConfig:  true,
			},
			{
				ResourceName:      addr,
				ImportState:       true,
				ImportStateId:     "by-identity",
				ImportStateVerify: true,
			},
		},
	})
}

// TestAccConnector_identityImportRefused: an identity that is no connector name is refused before
// any request.
func TestAccConnector_identityImportRefused(t *testing.T) {
	t.Parallel()
	h := start(t, havenemu.Options{})
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheckFeature(t, acctest.ResourceIdentity) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: h.config(`
import {
  to       = syncops_haven_connector.site
  identity = { name = "not a name" }
}` + connectorHCL("whatever", "")),
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(`(?s)Invalid Haven OnDemand connector name.*"not a name"`),
		}},
	})
}
