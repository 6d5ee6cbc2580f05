package haven

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/syncops/terraform-provider-syncops/internal/emulator"
	havenemu "github.com/syncops/terraform-provider-syncops/internal/emulator/haven"
	"github.com/syncops/terraform-provider-syncops/internal/providerdata"
)

// planFor runs the resource's ModifyPlan with a state for the named connector and either a
// destroy (newName empty) or a plan that renames it, and returns the diagnostics as text.
func planFor(t *testing.T, client *Client, name, flavor string, stopBeforeDelete bool, newName string) []string {
	t.Helper()
	ctx := context.Background()
	r := configuredResource(t, client)
	var sr resource.SchemaResponse
	r.Schema(ctx, resource.SchemaRequest{}, &sr)
	typ := sr.Schema.Type().TerraformType(ctx)
	state := tfsdk.State{Schema: sr.Schema, Raw: tftypes.NewValue(typ, nil)}
	for attr, v := range map[string]any{"id": name, "name": name, "flavor": flavor, "stop_before_delete": stopBeforeDelete} {
		if diags := state.SetAttribute(ctx, path.Root(attr), v); diags.HasError() {
			t.Fatal(diags)
		}
	}
	plan := tfsdk.Plan{Schema: sr.Schema, Raw: tftypes.NewValue(typ, nil)}
	if newName != "" {
		plan.Raw = state.Raw.Copy()
		if diags := plan.SetAttribute(ctx, path.Root("name"), newName); diags.HasError() {
			t.Fatal(diags)
		}
	}
	resp := resource.ModifyPlanResponse{Plan: plan}
	r.ModifyPlan(ctx, resource.ModifyPlanRequest{State: state, Plan: plan, Config: tfsdk.Config{Schema: sr.Schema, Raw: plan.Raw}}, &resp)
	var out []string
	for _, d := range resp.Diagnostics {
		out = append(out, d.Severity().String()+": "+d.Summary()+"\n"+d.Detail())
	}
	return out
}

// configuredResource is the resource as the provider configures it, with client.
func configuredResource(t *testing.T, client *Client) *ConnectorResource {
	t.Helper()
	r, _ := NewConnectorResource().(*ConnectorResource)
	data := providerdata.NewData([]providerdata.Platform{Platform{}}, map[string]providerdata.Configured{"haven": {Client: client}})
	var resp resource.ConfigureResponse
	r.Configure(context.Background(), resource.ConfigureRequest{ProviderData: data}, &resp)
	if resp.Diagnostics.HasError() || !r.Ready() {
		t.Fatalf("configuring the resource: %v", resp.Diagnostics)
	}
	return r
}

func TestDestroyWarningForRunningConnector(t *testing.T) {
	run, err := emulator.Start("127.0.0.1:0", "", emulator.New(havenemu.New(havenemu.Options{StopDuration: time.Hour})))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = run.Close() })
	client, err := NewClient(ClientConfig{URL: run.URL, APIKey: havenemu.DefaultAPIKey, AttemptTimeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, name := range []string{"idle", "busy", "halting"} {
		jobID, err := client.StartCreateConnector(ctx, Spec{Name: name, Flavor: "web_cloud",
			Config:      `{"url":"https://www.example.com"}`,
			Destination: `{"action":"addtotextindex","index":"site"}`,
			Schedule:    `{"frequency":{"frequency_type":"seconds","interval":86400}}`})
		if err == nil {
			err = client.WaitJob(ctx, jobID, "create "+name, "", nil)
		}
		if err != nil {
			t.Fatalf("creating %s: %v", name, err)
		}
	}
	for _, name := range []string{"busy", "halting"} {
		resp, err := http.Post(run.URL+"/_emulator/haven/connectors/"+name+"/run", "application/json", nil)
		if err != nil || resp.StatusCode >= 300 {
			t.Fatalf("starting a run of %s: %v %v", name, resp, err)
		}
		_ = resp.Body.Close()
	}
	jobID, err := client.StartStopConnector(ctx, "halting")
	if err == nil {
		err = client.WaitJob(ctx, jobID, "stop halting", "", nil)
	}
	if err != nil {
		t.Fatalf("stopping halting: %v", err)
	}

	for _, tc := range []struct {
		name, connector, flavor, newName string
		stop                             bool
		want                             []string // empty: no diagnostic at all
	}{
		{name: "idle connector", connector: "idle", flavor: "web_cloud", stop: false},
		{name: "missing connector", connector: "gone", flavor: "web_cloud", stop: false},
		{name: "in-place change", connector: "busy", flavor: "web_cloud", stop: false, newName: "busy"},
		{name: "onsite flavor has no status", connector: "busy", flavor: "filesystem_onsite", stop: false},
		{name: "running, stop first", connector: "busy", flavor: "web_cloud", stop: true,
			want: []string{"Warning: Destroying running Haven OnDemand connector busy", "status PROCESSING", "stops the run (stopconnector)"}},
		{name: "running, no stop", connector: "busy", flavor: "web_cloud", stop: false,
			want: []string{"Warning: Destroying running Haven OnDemand connector busy", "stop_before_delete is false", "destroy fails", "set stop_before_delete = true and run `terraform apply`"}},
		{name: "running, replaced", connector: "busy", flavor: "web_cloud", stop: false, newName: "busy2",
			want: []string{"Warning: Replacing running Haven OnDemand connector busy", "stop_before_delete is false"}},
		{name: "stopping", connector: "halting", flavor: "web_cloud", stop: false,
			want: []string{"Warning: Destroying running Haven OnDemand connector halting", "status STOPPING", "waits until it is stopped"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			diags := planFor(t, client, tc.connector, tc.flavor, tc.stop, tc.newName)
			if len(tc.want) == 0 {
				if len(diags) != 0 {
					t.Fatalf("want no diagnostic, got %v", diags)
				}
				return
			}
			if len(diags) != 1 {
				t.Fatalf("want exactly one diagnostic, got %d: %v", len(diags), diags)
			}
			for _, w := range tc.want {
				if !strings.Contains(diags[0], w) {
					t.Errorf("diagnostic lacks %q:\n%s", w, diags[0])
				}
			}
		})
	}
}
