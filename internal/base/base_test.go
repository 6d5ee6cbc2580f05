package base

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/syncops/terraform-provider-syncops/internal/providerdata"
	"github.com/syncops/terraform-provider-syncops/internal/transport"
)

var testPlatform = Platform{Block: "jim", Name: "JIM", Unauthorized: "Check api_key in the jim block."}

func fixed(d time.Duration) TimeoutFunc {
	return func(context.Context, time.Duration) (time.Duration, diag.Diagnostics) { return d, nil }
}

func TestBeginWithoutClient(t *testing.T) {
	r := NewResource[*struct{}](testPlatform, "jim_thing")
	var diags diag.Diagnostics
	if _, _, ok := r.Begin(context.Background(), &diags, fixed(time.Minute), time.Minute); ok || !diags.HasError() {
		t.Fatalf("Begin without a client: ok=%v diags=%v, want an error", ok, diags)
	}
	if s := diags[0].Summary(); !strings.Contains(s, "jim provider configuration is not known yet") {
		t.Errorf("summary %q does not name the block", s)
	}
	diags = nil
	if _, _, ok := r.BeginRead(context.Background(), &diags, fixed(time.Minute), time.Minute); ok || diags.HasError() {
		t.Fatalf("BeginRead without a client: ok=%v diags=%v, want the state kept with no error", ok, diags)
	}
}

func TestBeginAppliesTimeout(t *testing.T) {
	r := NewResource[*struct{}](testPlatform, "jim_thing")
	data := providerdata.NewData(nil, map[string]providerdata.Configured{"jim": {Client: &struct{}{}}})
	var cresp resource.ConfigureResponse
	r.Configure(context.Background(), resource.ConfigureRequest{ProviderData: data}, &cresp)
	if cresp.Diagnostics.HasError() || !r.Ready() {
		t.Fatalf("configure: %v", cresp.Diagnostics)
	}
	var diags diag.Diagnostics
	ctx, cancel, ok := r.Begin(context.Background(), &diags, fixed(42*time.Second), time.Minute)
	if !ok {
		t.Fatalf("Begin: %v", diags)
	}
	defer cancel()
	dl, has := ctx.Deadline()
	if !has || time.Until(dl) > 42*time.Second || time.Until(dl) < 40*time.Second {
		t.Errorf("deadline in %v, want the configured 42s", time.Until(dl))
	}
	// An earlier error stops the operation before it starts.
	diags.AddError("earlier", "")
	if _, _, ok := r.Begin(context.Background(), &diags, fixed(time.Minute), time.Minute); ok {
		t.Error("Begin went on after an earlier error")
	}
}

func TestConfigureUnconfiguredPlatform(t *testing.T) {
	r := NewResource[*struct{}](testPlatform, "jim_thing")
	data := providerdata.NewData(nil, map[string]providerdata.Configured{})
	var resp resource.ConfigureResponse
	r.Configure(context.Background(), resource.ConfigureRequest{ProviderData: data}, &resp)
	if !resp.Diagnostics.HasError() || !strings.Contains(resp.Diagnostics[0].Summary(), "jim platform is not configured") {
		t.Fatalf("diags %v, want the platform-not-configured error", resp.Diagnostics)
	}
}

func TestErrorDetail(t *testing.T) {
	lost := &transport.NetworkError{Platform: "JIM", Method: "POST", Path: "/x", Err: errors.New("reset"), MaybeProcessed: true}
	if d := testPlatform.ErrorDetail(lost, "Look in JIM."); !strings.Contains(d, "may have been processed by JIM") || !strings.HasSuffix(d, "Look in JIM.") {
		t.Errorf("lost create detail %q", d)
	}
	unauth := &transport.APIError{Platform: "JIM", Status: 401, Message: "bad key"}
	if d := testPlatform.ErrorDetail(unauth, "Run apply again."); !strings.Contains(d, "bad key") || !strings.HasSuffix(d, "Check api_key in the jim block.") || strings.Contains(d, "Run apply again.") {
		t.Errorf("401 detail %q, want the credential hint instead of the generic next step", d)
	}
	forbidden := &transport.APIError{Platform: "JIM", Status: 403}
	if d := testPlatform.ErrorDetail(forbidden, ""); !strings.HasSuffix(d, "Check api_key in the jim block.") {
		t.Errorf("403 detail %q, want the Unauthorized hint when Forbidden is empty", d)
	}
	if d := (Platform{Name: "X"}).ErrorDetail(errors.New("boom"), ""); d != "boom" {
		t.Errorf("plain detail %q", d)
	}
}

func TestWarnRemoved(t *testing.T) {
	var diags diag.Diagnostics
	testPlatform.WarnRemoved(&diags, "connected system 12")
	if len(diags) != 1 || diags[0].Severity() != diag.SeverityWarning ||
		diags[0].Summary() != "JIM connected system 12 no longer exists" ||
		!strings.Contains(diags[0].Detail(), "deleted outside Terraform") {
		t.Fatalf("diags %v", diags)
	}
}
