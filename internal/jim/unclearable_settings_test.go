package jim

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/syncops/terraform-provider-syncops/internal/emulator"
	emujim "github.com/syncops/terraform-provider-syncops/internal/emulator/jim"
	"github.com/syncops/terraform-provider-syncops/internal/providerdata"
)

func TestWarnUnclearableSettings(t *testing.T) {
	run, err := emulator.Start("127.0.0.1:0", "", emulator.New(emujim.New(emujim.DefaultOptions())))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = run.Close() })
	client, err := NewClient(run.URL, emujim.DefaultAPIKey, providerdata.Common{})
	if err != nil {
		t.Fatal(err)
	}
	def, err := client.ConnectorDefinitionByName(context.Background(), "JIM SQL Connector")
	if err != nil {
		t.Fatal(err)
	}
	m := func(kv ...string) types.Map {
		vals := map[string]string{}
		for i := 0; i < len(kv); i += 2 {
			vals[kv[i]] = kv[i+1]
		}
		v, _ := types.MapValueFrom(context.Background(), types.StringType, vals)
		return v
	}
	old := m("Host", "db", "Port", "1433", "Connection Timeout", "60", "Database Time Zone", "CET")
	// Port (Integer, no default) removed: JIM keeps 1433. Connection Timeout (Integer, default 30)
	// and Database Time Zone (String) go back to a value, so they are no warning.
	diags := warnUnclearableSettings(def, old, m("Host", "db"))
	if len(diags) != 1 {
		t.Fatalf("want one warning, got %d: %v", len(diags), diags)
	}
	d := diags[0]
	if d.Severity().String() != "Warning" || !strings.Contains(d.Detail(), `"Port" (type Integer, no default)`) || !strings.Contains(d.Detail(), "(1433)") {
		t.Errorf("unexpected diagnostic: %s: %s", d.Summary(), d.Detail())
	}
	if diags := warnUnclearableSettings(def, old, old); len(diags) != 0 {
		t.Errorf("nothing removed: want no warning, got %v", diags)
	}
	if diags := warnUnclearableSettings(def, types.MapNull(types.StringType), m()); len(diags) != 0 {
		t.Errorf("no settings before: want no warning, got %v", diags)
	}
}
