package polytomic

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/syncops/terraform-provider-syncops/internal/providerdata"
	"github.com/syncops/terraform-provider-syncops/internal/transport"
)

// providerBlock builds a polytomic block value with the given string attributes set.
func providerBlock(t *testing.T, set map[string]string) types.Object {
	t.Helper()
	blk, ok := Platform{}.Block().(schema.SingleNestedBlock)
	if !ok {
		t.Fatal("the polytomic block is not a SingleNestedBlock")
	}
	attrTypes := map[string]attr.Type{}
	values := map[string]attr.Value{}
	for name, a := range blk.Attributes {
		attrTypes[name] = a.GetType()
		switch a.GetType() {
		case types.BoolType:
			values[name] = types.BoolNull()
		default:
			values[name] = types.StringNull()
			if v, ok := set[name]; ok {
				values[name] = types.StringValue(v)
			}
		}
	}
	return types.ObjectValueMust(attrTypes, values)
}

// organization_id only means something with deployment_key (Basic auth): with api_key the key's
// own organization is used, so a set organization_id is reported instead of silently ignored.
func TestOrganizationIDWithAPIKeyIsReported(t *testing.T) {
	for _, env := range []string{envURL, envAPIKey, envDeploymentKey, envOrganizationID} {
		t.Setenv(env, "")
	}
	block := providerBlock(t, map[string]string{"url": "http://127.0.0.1:1", "api_key": "k-123456", "organization_id": "8b0cc3a3-6a1e-4bd5-9d7f-0c6e2e7d5a10"})
	got, diags := Platform{}.Configure(context.Background(), block, providerdata.Common{})
	if diags.HasError() || got.Client == nil {
		t.Fatalf("configure: %v", diags)
	}
	if diags.WarningsCount() != 1 || !strings.Contains(diags.Warnings()[0].Detail(), "deployment_key") {
		t.Fatalf("want one warning about organization_id, got %v", diags)
	}
	block = providerBlock(t, map[string]string{"url": "http://127.0.0.1:1", "api_key": "k-123456"})
	if _, diags := (Platform{}).Configure(context.Background(), block, providerdata.Common{}); diags.WarningsCount() != 0 {
		t.Fatalf("api_key alone: unexpected warnings %v", diags)
	}
}

// configuredResource is the connection resource configured with c, as the provider would.
func configuredResource(t testing.TB, c *Client) *connectionResource {
	t.Helper()
	r, ok := NewConnectionResource().(*connectionResource)
	if !ok {
		t.Fatal("NewConnectionResource is not a *connectionResource")
	}
	var resp resource.ConfigureResponse
	data := providerdata.NewData([]providerdata.Platform{Platform{}}, map[string]providerdata.Configured{"polytomic": {Client: c}})
	r.Configure(context.Background(), resource.ConfigureRequest{ProviderData: data}, &resp)
	if resp.Diagnostics.HasError() || !r.Ready() {
		t.Fatalf("configure: %v", resp.Diagnostics)
	}
	return r
}

// A refusal of the credentials (401, and 403 as Polytomic has no separate privilege hint) says
// what to check in the polytomic block instead of the operation's own next step.
func TestCredentialsRefusedNamesTheBlock(t *testing.T) {
	const hint = "Check the polytomic block of the provider: api_key (POLYTOMIC_API_KEY), or deployment_key with " +
		"organization_id (POLYTOMIC_DEPLOYMENT_KEY, POLYTOMIC_ORGANIZATION_ID), and that they belong to the deployment at url."
	for _, status := range []int{http.StatusUnauthorized, http.StatusForbidden} {
		detail := platform.ErrorDetail(&transport.APIError{Platform: "Polytomic", Status: status, Message: "no"}, "Run it again.")
		if !strings.HasSuffix(detail, "\n\n"+hint) || strings.Contains(detail, "Run it again.") {
			t.Errorf("HTTP %d: detail %q, want the operation's next step replaced by the credentials hint", status, detail)
		}
	}
	if detail := platform.ErrorDetail(&transport.APIError{Platform: "Polytomic", Status: http.StatusNotFound, Message: "no"}, "Run it again."); !strings.HasSuffix(detail, "\n\nRun it again.") {
		t.Errorf("HTTP 404: detail %q, want the operation's next step", detail)
	}
}
