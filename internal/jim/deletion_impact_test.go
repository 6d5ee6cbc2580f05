package jim

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/syncops/terraform-provider-syncops/internal/emulator"
	emujim "github.com/syncops/terraform-provider-syncops/internal/emulator/jim"
	"github.com/syncops/terraform-provider-syncops/internal/providerdata"
)

// planDestroy runs the resource's ModifyPlan for a destroy of the system with the given id and
// returns the diagnostics' summaries and details.
func planDestroy(t *testing.T, client *Client, id int64, opts DeleteOptions) []string {
	t.Helper()
	ctx := context.Background()
	r := NewConnectedSystemResource().(*ConnectedSystemResource)
	var cresp resource.ConfigureResponse
	r.Configure(ctx, resource.ConfigureRequest{ProviderData: providerdata.NewData(nil, map[string]providerdata.Configured{"jim": {Client: client}})}, &cresp)
	if cresp.Diagnostics.HasError() || !r.Ready() {
		t.Fatalf("configure: %v", cresp.Diagnostics)
	}
	var sr resource.SchemaResponse
	r.Schema(ctx, resource.SchemaRequest{}, &sr)
	typ := sr.Schema.Type().TerraformType(ctx)
	state := tfsdk.State{Schema: sr.Schema, Raw: tftypes.NewValue(typ, nil)}
	if diags := state.SetAttribute(ctx, path.Root("id"), strconv.FormatInt(id, 10)); diags.HasError() {
		t.Fatal(diags)
	}
	if diags := state.SetAttribute(ctx, path.Root("delete_change_history"), opts.ChangeHistory); diags.HasError() {
		t.Fatal(diags)
	}
	if diags := state.SetAttribute(ctx, path.Root("synchronised_deprovisioning"), opts.Deprovision); diags.HasError() {
		t.Fatal(diags)
	}
	plan := tfsdk.Plan{Schema: sr.Schema, Raw: tftypes.NewValue(typ, nil)}
	resp := resource.ModifyPlanResponse{Plan: plan}
	r.ModifyPlan(ctx, resource.ModifyPlanRequest{State: state, Plan: plan, Config: tfsdk.Config{Schema: sr.Schema, Raw: tftypes.NewValue(typ, nil)}}, &resp)
	var out []string
	for _, d := range resp.Diagnostics {
		out = append(out, d.Severity().String()+": "+d.Summary()+"\n"+d.Detail())
	}
	return out
}

func TestDeletionImpactWarning(t *testing.T) {
	o := emujim.DefaultOptions()
	o.JobDelay = 200 * time.Millisecond
	run, err := emulator.Start("127.0.0.1:0", "", emulator.New(emujim.New(o)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = run.Close() })
	client, err := NewClient(run.URL, emujim.DefaultAPIKey, providerdata.Common{AttemptTimeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	def, err := client.ConnectorDefinitionByName(ctx, "JIM File Connector")
	if err != nil {
		t.Fatal(err)
	}
	cs, err := client.CreateConnectedSystem(ctx, CreateConnectedSystemRequest{Name: "HR feed", ConnectorDefinitionID: def.ID})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"Full Import", "Export"} {
		if _, err := client.CreateRunProfile(ctx, cs.ID, RunProfileRequest{Name: &name, RunType: strings.ReplaceAll(name, "Full Import", "FullImport")}); err != nil {
			t.Fatal(err)
		}
	}
	resp, err := http.Post(run.URL+"/_emulator/jim/connected-systems/"+strconv.FormatInt(cs.ID, 10)+"/objects", "application/json",
		strings.NewReader(`{"count": 1500, "pendingExports": 3}`))
	if err != nil || resp.StatusCode >= 300 {
		t.Fatalf("adding objects: %v %v", resp, err)
	}
	_ = resp.Body.Close()

	diags := planDestroy(t, client, cs.ID, DeleteOptions{ChangeHistory: true, Deprovision: true})
	if len(diags) != 1 {
		t.Fatalf("want exactly one diagnostic, got %d: %v", len(diags), diags)
	}
	got := diags[0]
	for _, want := range []string{
		"Warning: Destroying JIM connected system " + strconv.FormatInt(cs.ID, 10) + ` ("HR feed")`,
		"1500 connector-space objects",
		"2 run profiles",
		"3 pending exports",
		"background job (estimated 00:00:15)",
		"Change history: DELETED too (delete_change_history = true)",
		"Deprovisioning: every connector-space object is obsoleted through synchronisation first",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("warning lacks %q:\n%s", want, got)
		}
	}

	kept := planDestroy(t, client, cs.ID, DeleteOptions{})
	if len(kept) != 1 || !strings.Contains(kept[0], "Change history: kept") || !strings.Contains(kept[0], "Deprovisioning: none") {
		t.Errorf("want the change history reported as kept and no deprovisioning, got %v", kept)
	}

	// A system that is already gone: no warning and no error.
	if d := planDestroy(t, client, 999999, DeleteOptions{}); len(d) != 0 {
		t.Errorf("want no diagnostic for a missing system, got %v", d)
	}
}
