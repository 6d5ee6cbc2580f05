package haven

import (
	"context"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/syncops/terraform-provider-syncops/internal/emulator"
	havenemu "github.com/syncops/terraform-provider-syncops/internal/emulator/haven"
)

// A connector deleted outside Terraform is removed from the state by the refresh, with this exact
// warning (the acceptance harness does not show warnings, so the resource's Read is called here).
func TestReadWarnsWhenConnectorRemoved(t *testing.T) {
	run, err := emulator.Start("127.0.0.1:0", "", emulator.New(havenemu.New(havenemu.Options{})))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = run.Close() })
	client, err := NewClient(ClientConfig{URL: run.URL, APIKey: havenemu.DefaultAPIKey, AttemptTimeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	r := configuredResource(t, client)
	var sr resource.SchemaResponse
	r.Schema(ctx, resource.SchemaRequest{}, &sr)
	state := tfsdk.State{Schema: sr.Schema, Raw: tftypes.NewValue(sr.Schema.Type().TerraformType(ctx), nil)}
	for attr, v := range map[string]any{"id": "gone", "name": "gone", "flavor": "web_cloud", "stop_before_delete": true} {
		if diags := state.SetAttribute(ctx, path.Root(attr), v); diags.HasError() {
			t.Fatal(diags)
		}
	}
	resp := resource.ReadResponse{State: state}
	r.Read(ctx, resource.ReadRequest{State: state}, &resp)
	want := diag.Diagnostics{diag.NewWarningDiagnostic("Haven OnDemand connector gone no longer exists",
		"It was deleted outside Terraform and has been removed from the state; the next apply creates it again.")}
	if !resp.Diagnostics.Equal(want) {
		t.Fatalf("diagnostics %v, want exactly %v", resp.Diagnostics, want)
	}
	if !resp.State.Raw.IsNull() {
		t.Fatalf("the connector is still in state: %v", resp.State.Raw)
	}
}
