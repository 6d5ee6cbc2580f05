package polytomic

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
	emupolytomic "github.com/syncops/terraform-provider-syncops/internal/emulator/polytomic"
	"github.com/syncops/terraform-provider-syncops/internal/transport"
)

// A connection deleted in Polytomic (out of band): the refresh removes it from the state with a
// warning, worded as users see it in plan and apply output, and the next apply creates it again
// (TestAccConnection_driftAndOutOfBandDeletion). The acceptance harness does not show warnings,
// so the wording is pinned here, against the emulator.
func TestReadOfAConnectionDeletedOutOfBand(t *testing.T) {
	run, err := emulator.Start("127.0.0.1:0", "", emulator.New(emupolytomic.New(emupolytomic.Options{})))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = run.Close() })
	tc, err := newTransport(run.URL, "Bearer "+emupolytomic.DefaultAPIKey, DefaultAPIVersion, transport.NewMasker(emupolytomic.DefaultAPIKey),
		transportOptions{attemptTimeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	c := NewClient(tc, run.URL, DefaultAPIVersion)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	created, err := c.CreateConnection(ctx, ConnectionRequest{Name: "Files", Type: "csv", Configuration: map[string]any{"url": "https://example.com/users.csv"}}, "removed-key-0001", nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.DeleteConnection(ctx, created.ID, true); err != nil {
		t.Fatal(err)
	}

	r := configuredResource(t, c)
	var sresp resource.SchemaResponse
	r.Schema(ctx, resource.SchemaRequest{}, &sresp)
	state := tfsdk.State{Schema: sresp.Schema, Raw: tftypes.NewValue(sresp.Schema.Type().TerraformType(ctx), nil)}
	if diags := state.SetAttribute(ctx, path.Root("id"), created.ID); diags.HasError() {
		t.Fatal(diags)
	}
	resp := resource.ReadResponse{State: state}
	r.Read(ctx, resource.ReadRequest{State: state}, &resp)

	if !resp.State.Raw.IsNull() {
		t.Error("the deleted connection is still in the state")
	}
	want := diag.Diagnostics{diag.NewWarningDiagnostic(
		"Polytomic connection "+created.ID+" no longer exists",
		"It was deleted outside Terraform and has been removed from the state; the next apply creates it again.",
	)}
	if !resp.Diagnostics.Equal(want) {
		t.Errorf("diagnostics:\n%v\nwant:\n%v", resp.Diagnostics, want)
	}
}
