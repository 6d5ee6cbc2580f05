package elasticsearch

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/syncops/terraform-provider-syncops/internal/providerdata"
)

// TestReadRemovedOutsideTerraform pins what a user sees when the connector was deleted outside
// Terraform (a 404, or on 9.x a soft-deleted document): the resource leaves the state with a
// warning that says so and that the next apply creates it again; nothing is an error.
func TestReadRemovedOutsideTerraform(t *testing.T) {
	for name, answer := range map[string]struct {
		status int
		body   string
	}{
		"not found":    {404, `{"error":{"type":"resource_not_found_exception","reason":"connector [gone-1] not found"},"status":404}`},
		"soft-deleted": {200, `{"id":"gone-1","index_name":"search-gone","is_native":false,"status":"created","deleted":true}`},
	} {
		t.Run(name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.Method != http.MethodGet || r.URL.Path != "/_connector/gone-1" {
					t.Errorf("unexpected request %s %s", r.Method, r.URL.Path)
				}
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(answer.status)
				_, _ = w.Write([]byte(answer.body))
			}))
			defer srv.Close()
			ctx := context.Background()
			r := NewConnectorResource().(*ConnectorResource)
			data := providerdata.NewData(nil, map[string]providerdata.Configured{"elasticsearch": {Client: testClient(t, srv.URL)}})
			var cresp resource.ConfigureResponse
			r.Configure(ctx, resource.ConfigureRequest{ProviderData: data}, &cresp)
			if cresp.Diagnostics.HasError() {
				t.Fatal(cresp.Diagnostics)
			}
			var sresp resource.SchemaResponse
			r.Schema(ctx, resource.SchemaRequest{}, &sresp)
			state := tfsdk.State{Schema: sresp.Schema, Raw: tftypes.NewValue(sresp.Schema.Type().TerraformType(ctx), nil)}
			if d := state.SetAttribute(ctx, path.Root("id"), "gone-1"); d.HasError() {
				t.Fatal(d)
			}
			resp := &resource.ReadResponse{State: state}
			r.Read(ctx, resource.ReadRequest{State: state}, resp)

			if !resp.State.Raw.IsNull() {
				t.Error("the connector is still in the state")
			}
			if len(resp.Diagnostics) != 1 || resp.Diagnostics[0].Severity() != diag.SeverityWarning {
				t.Fatalf("diagnostics %v, want one warning", resp.Diagnostics)
			}
			if got, want := resp.Diagnostics[0].Summary(), "Elasticsearch connector gone-1 no longer exists"; got != want {
				t.Errorf("summary %q, want %q", got, want)
			}
			if got, want := resp.Diagnostics[0].Detail(), "It was deleted outside Terraform and has been removed from the state; the next apply creates it again."; got != want {
				t.Errorf("detail %q, want %q", got, want)
			}
		})
	}
}
