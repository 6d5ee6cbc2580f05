package base

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	dsschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/syncops/terraform-provider-syncops/internal/providerdata"
)

type thingModel struct {
	Name     types.String   `tfsdk:"name"`
	Timeouts timeouts.Value `tfsdk:"timeouts"`
}

func (m thingModel) TimeoutsBlock() timeouts.Value { return m.Timeouts }

var thingSchema = schema.Schema{
	Attributes: map[string]schema.Attribute{"name": schema.StringAttribute{Required: true}},
	Blocks:     map[string]schema.Block{"timeouts": timeouts.Block(context.Background(), timeouts.Opts{Create: true, Update: true, Delete: true})},
}

// thingValue is a raw value of thingSchema: name, and create/update/delete timeouts ("" for none).
func thingValue(name, timeout string) tftypes.Value {
	typ := thingSchema.Type().TerraformType(context.Background()).(tftypes.Object)
	tt := typ.AttributeTypes["timeouts"].(tftypes.Object)
	to := tftypes.NewValue(tt, nil)
	if timeout != "" {
		s := tftypes.NewValue(tftypes.String, timeout)
		to = tftypes.NewValue(tt, map[string]tftypes.Value{"create": s, "update": s, "delete": s})
	}
	return tftypes.NewValue(typ, map[string]tftypes.Value{"name": tftypes.NewValue(tftypes.String, name), "timeouts": to})
}

func configured(t *testing.T) *Resource[*struct{}] {
	t.Helper()
	r := NewResource[*struct{}](testPlatform, "jim_thing")
	data := providerdata.NewData(nil, map[string]providerdata.Configured{"jim": {Client: &struct{}{}}})
	var resp resource.ConfigureResponse
	r.Configure(context.Background(), resource.ConfigureRequest{ProviderData: data}, &resp)
	if resp.Diagnostics.HasError() {
		t.Fatal(resp.Diagnostics)
	}
	return &r
}

// deadlineIn fails unless ctx ends in about d.
func deadlineIn(t *testing.T, ctx context.Context, d time.Duration) {
	t.Helper()
	dl, ok := ctx.Deadline()
	if left := time.Until(dl); !ok || left > d || left < d-10*time.Second {
		t.Errorf("deadline in %v (set: %v), want %v", left, ok, d)
	}
}

func TestOperationsReadModelsAndApplyTimeouts(t *testing.T) {
	ctx := context.Background()
	r := configured(t)
	planned := tfsdk.Plan{Schema: thingSchema, Raw: thingValue("planned", "3m")}
	config := tfsdk.Config{Schema: thingSchema, Raw: thingValue("configured", "3m")}
	prior := tfsdk.State{Schema: thingSchema, Raw: thingValue("prior", "")}

	ran := 0
	Create(ctx, r, resource.CreateRequest{Plan: planned, Config: config}, &resource.CreateResponse{}, time.Hour,
		func(ctx context.Context, _ resource.CreateRequest, _ *resource.CreateResponse, plan, config thingModel) {
			ran++
			if plan.Name.ValueString() != "planned" || config.Name.ValueString() != "configured" {
				t.Errorf("create got plan %q, config %q", plan.Name, config.Name)
			}
			deadlineIn(t, ctx, 3*time.Minute)
		})
	Update(ctx, r, resource.UpdateRequest{Plan: planned, State: prior, Config: config}, &resource.UpdateResponse{}, time.Hour,
		func(ctx context.Context, _ resource.UpdateRequest, _ *resource.UpdateResponse, plan, state, config thingModel) {
			ran++
			if plan.Name.ValueString() != "planned" || state.Name.ValueString() != "prior" || config.Name.ValueString() != "configured" {
				t.Errorf("update got plan %q, state %q, config %q", plan.Name, state.Name, config.Name)
			}
			deadlineIn(t, ctx, 3*time.Minute)
		})
	// The state has no timeouts block: the default applies.
	Delete(ctx, r, resource.DeleteRequest{State: prior}, &resource.DeleteResponse{}, 7*time.Minute,
		func(ctx context.Context, _ resource.DeleteRequest, _ *resource.DeleteResponse, state thingModel) {
			ran++
			if state.Name.ValueString() != "prior" {
				t.Errorf("delete got state %q", state.Name)
			}
			deadlineIn(t, ctx, 7*time.Minute)
		})
	if ran != 3 {
		t.Fatalf("%d of 3 bodies ran", ran)
	}
}

func TestOperationsStopBeforeTheBody(t *testing.T) {
	ctx := context.Background()
	body := func(context.Context, resource.CreateRequest, *resource.CreateResponse, thingModel, thingModel) {
		t.Error("the body ran")
	}
	planned := tfsdk.Plan{Schema: thingSchema, Raw: thingValue("x", "")}
	config := tfsdk.Config{Schema: thingSchema, Raw: thingValue("x", "")}

	// No client: the platform's "not known yet" error.
	unready := NewResource[*struct{}](testPlatform, "jim_thing")
	var resp resource.CreateResponse
	Create(ctx, &unready, resource.CreateRequest{Plan: planned, Config: config}, &resp, time.Hour, body)
	if !resp.Diagnostics.HasError() || !strings.Contains(resp.Diagnostics[0].Summary(), "not known yet") {
		t.Errorf("without a client: %v", resp.Diagnostics)
	}

	// A timeout that does not parse names itself.
	resp = resource.CreateResponse{}
	bad := tfsdk.Plan{Schema: thingSchema, Raw: thingValue("x", "soon")}
	Create(ctx, configured(t), resource.CreateRequest{Plan: bad, Config: config}, &resp, time.Hour, body)
	if !resp.Diagnostics.HasError() {
		t.Error("an unparsable timeout gave no error")
	}

	// A plan that does not fit the model.
	resp = resource.CreateResponse{}
	wrong := tfsdk.Plan{Schema: thingSchema, Raw: tftypes.NewValue(tftypes.String, "x")}
	Create(ctx, configured(t), resource.CreateRequest{Plan: wrong, Config: config}, &resp, time.Hour, body)
	if !resp.Diagnostics.HasError() {
		t.Error("a plan of the wrong type gave no error")
	}
}

func TestDataSourceReadRunsWithTheConfigAndItsTimeout(t *testing.T) {
	ctx := context.Background()
	type lookup struct {
		Name types.String `tfsdk:"name"`
	}
	sch := dsschema.Schema{Attributes: map[string]dsschema.Attribute{"name": dsschema.StringAttribute{Required: true}}}
	typ := sch.Type().TerraformType(ctx)
	config := tfsdk.Config{Schema: sch, Raw: tftypes.NewValue(typ, map[string]tftypes.Value{"name": tftypes.NewValue(tftypes.String, "hr")})}

	unready := NewDataSource[*struct{}](testPlatform, "jim_thing")
	var resp datasource.ReadResponse
	Read(ctx, &unready, datasource.ReadRequest{Config: config}, &resp, func(context.Context, *datasource.ReadResponse, lookup) {
		t.Error("the body ran without a client")
	})
	if !resp.Diagnostics.HasError() || !strings.Contains(resp.Diagnostics[0].Summary(), "not known yet") {
		t.Errorf("without a client: %v", resp.Diagnostics)
	}

	d := NewDataSource[*struct{}](testPlatform, "jim_thing")
	data := providerdata.NewData(nil, map[string]providerdata.Configured{"jim": {Client: &struct{}{}}})
	d.Configure(ctx, datasource.ConfigureRequest{ProviderData: data}, &datasource.ConfigureResponse{})
	ran := false
	Read(ctx, &d, datasource.ReadRequest{Config: config}, &datasource.ReadResponse{}, func(ctx context.Context, _ *datasource.ReadResponse, m lookup) {
		ran = true
		if m.Name.ValueString() != "hr" {
			t.Errorf("got name %q", m.Name)
		}
		deadlineIn(t, ctx, DataSourceTimeout)
	})
	if !ran {
		t.Fatal("the body did not run")
	}
}

func TestProgressPrefixesAndToleratesNoListener(t *testing.T) {
	// A CLI that does not listen leaves SendProgress nil: reporting must not panic.
	Progress(&action.InvokeResponse{}, "job 1")("started")

	var got []string
	resp := &action.InvokeResponse{SendProgress: func(e action.InvokeProgressEvent) { got = append(got, e.Message) }}
	Progress(resp, "job 1")("started")
	Progress(resp, "")("done")
	if want := []string{"job 1: started", "done"}; strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("progress messages %q, want %q", got, want)
	}
}
