package polytomic

import (
	"context"
	"fmt"
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

// emulatedClient starts an emulator and returns a new client of it (a new provider process has
// a new client, and so a new listing) and the emulator's request counts.
func emulatedClient(t *testing.T) (newClient func() *Client, stats *emulator.Stats) {
	t.Helper()
	srv := emulator.New(emupolytomic.New(emupolytomic.Options{}))
	run, err := emulator.Start("127.0.0.1:0", "", srv)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = run.Close() })
	return func() *Client {
		tc, err := newTransport(run.URL, "Bearer "+emupolytomic.DefaultAPIKey, DefaultAPIVersion, transport.NewMasker(emupolytomic.DefaultAPIKey),
			transportOptions{attemptTimeout: 10 * time.Second})
		if err != nil {
			t.Fatal(err)
		}
		return NewClient(tc, run.URL, DefaultAPIVersion)
	}, srv.Stats()
}

// refresh runs the resource's Read on a state holding only id, as a refresh after import would.
func refresh(ctx context.Context, t *testing.T, r *connectionResource, id string) resource.ReadResponse {
	t.Helper()
	var sresp resource.SchemaResponse
	r.Schema(ctx, resource.SchemaRequest{}, &sresp)
	state := tfsdk.State{Schema: sresp.Schema, Raw: tftypes.NewValue(sresp.Schema.Type().TerraformType(ctx), nil)}
	if diags := state.SetAttribute(ctx, path.Root("id"), id); diags.HasError() {
		t.Fatal(diags)
	}
	resp := resource.ReadResponse{State: state}
	r.Read(ctx, resource.ReadRequest{State: state}, &resp)
	if resp.Diagnostics.HasError() {
		t.Fatalf("read %s: %v", id, resp.Diagnostics)
	}
	return resp
}

func nameIn(ctx context.Context, t *testing.T, resp resource.ReadResponse) string {
	t.Helper()
	var m connectionModel
	if diags := resp.State.Get(ctx, &m); diags.HasError() {
		t.Fatal(diags)
	}
	return m.Name.ValueString()
}

// A refresh of many connections in one process is answered from one listing; an object the
// listing lacks is read by itself (and only that read says it is gone); an object this process
// wrote is never answered from a listing taken before the write.
func TestRefreshFromOneListing(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	newClient, stats := emulatedClient(t)
	outOfBand := newClient()
	ids := make([]string, 5)
	for i := range ids {
		created, err := outOfBand.CreateConnection(ctx, ConnectionRequest{Name: fmt.Sprintf("c%d", i), Type: "csv",
			Configuration: map[string]any{"url": fmt.Sprintf("https://example.com/%d.csv", i)}}, fmt.Sprintf("listing-key-%04d", i), nil)
		if err != nil {
			t.Fatal(err)
		}
		ids[i] = created.ID
	}
	// Deleted in Polytomic before the run: the listing will not have it.
	if err := outOfBand.DeleteConnection(ctx, ids[4], true); err != nil {
		t.Fatal(err)
	}
	client := newClient()
	r := configuredResource(t, client)
	reads := func() int { return stats.Requests("GET /api/connections/{id}") }
	lists := func() int { return stats.Requests("GET /api/connections") }
	readsBefore := reads()

	refresh(ctx, t, r, ids[0])
	if reads() != readsBefore+1 || lists() != 0 {
		t.Fatalf("the first read: %d reads, %d listings; want it to go alone (a plan of one resource pays no listing)", reads()-readsBefore, lists())
	}
	for _, id := range ids[1:4] {
		if got := nameIn(ctx, t, refresh(ctx, t, r, id)); got == "" {
			t.Fatalf("no name read for %s", id)
		}
	}
	if reads() != readsBefore+1 || lists() != 1 {
		t.Fatalf("three more reads cost %d reads and %d listings; want one listing answering them", reads()-readsBefore-1, lists())
	}

	// Gone: the listing lacks it, so it is read by itself, and removed with the warning.
	gone := refresh(ctx, t, r, ids[4])
	if !gone.State.Raw.IsNull() || reads() != readsBefore+2 {
		t.Fatalf("the connection deleted outside Terraform: state removed %v, own read %v", gone.State.Raw.IsNull(), reads() == readsBefore+2)
	}
	if want := (diag.Diagnostics{diag.NewWarningDiagnostic("Polytomic connection "+ids[4]+" no longer exists",
		"It was deleted outside Terraform and has been removed from the state; the next apply creates it again.")}); !gone.Diagnostics.Equal(want) {
		t.Errorf("diagnostics %v, want %v", gone.Diagnostics, want)
	}

	// Written by this process after the listing: read by itself, never from the older listing.
	if _, err := client.UpdateConnection(ctx, ids[2], ConnectionRequest{Name: "c2 renamed",
		Configuration: map[string]any{"url": "https://example.com/2.csv"}}, nil); err != nil {
		t.Fatal(err)
	}
	if got := nameIn(ctx, t, refresh(ctx, t, r, ids[2])); got != "c2 renamed" {
		t.Errorf("a read after this process's update answered %q, the listing's older name", got)
	}
	if err := client.DeleteConnection(ctx, ids[3], false); err != nil {
		t.Fatal(err)
	}
	if resp := refresh(ctx, t, r, ids[3]); !resp.State.Raw.IsNull() {
		t.Error("a read after this process's delete was answered from the older listing")
	}
	// Objects not written are still answered from the listing.
	before := reads()
	refresh(ctx, t, r, ids[1])
	if reads() != before || lists() != 1 {
		t.Errorf("a read of an unchanged connection cost %d reads and %d more listings, want none", reads()-before, lists()-1)
	}
}

// A listing that fails leaves every read to its own request: the user sees the read's error
// or answer, never the listing's.
func TestRefreshWhenTheListingFails(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	srv := emulator.New(emupolytomic.New(emupolytomic.Options{}))
	run, err := emulator.Start("127.0.0.1:0", "", srv)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = run.Close() })
	tc, err := newTransport(run.URL, "Bearer "+emupolytomic.DefaultAPIKey, DefaultAPIVersion, transport.NewMasker(emupolytomic.DefaultAPIKey),
		transportOptions{attemptTimeout: 10 * time.Second, tune: func(c *transport.Config) {
			c.RetryWaitMin, c.RetryWaitMax, c.MaxRetries = time.Millisecond, time.Millisecond, 1
		}})
	if err != nil {
		t.Fatal(err)
	}
	client := NewClient(tc, run.URL, DefaultAPIVersion)
	var ids []string
	for i := range 3 {
		created, err := client.CreateConnection(ctx, ConnectionRequest{Name: fmt.Sprintf("f%d", i), Type: "csv",
			Configuration: map[string]any{"url": "https://example.com/f.csv"}}, fmt.Sprintf("failing-key-%04d", i), nil)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, created.ID)
	}
	if err := srv.Faults().Set(emulator.FaultRule{Route: "GET /api/connections", Kind: "500", Count: 100}); err != nil {
		t.Fatal(err)
	}
	r := configuredResource(t, NewClient(tc, run.URL, DefaultAPIVersion))
	before := srv.Stats().Requests("GET /api/connections/{id}")
	for _, id := range ids {
		if got := nameIn(ctx, t, refresh(ctx, t, r, id)); got == "" {
			t.Fatalf("no name read for %s", id)
		}
	}
	if n := srv.Stats().Requests("GET /api/connections/{id}") - before; n != len(ids) {
		t.Errorf("%d own reads after a failed listing, want %d", n, len(ids))
	}
}
