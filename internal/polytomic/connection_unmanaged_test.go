package polytomic_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/syncops/terraform-provider-syncops/internal/acctest"
	"github.com/syncops/terraform-provider-syncops/internal/emulator"
	emupolytomic "github.com/syncops/terraform-provider-syncops/internal/emulator/polytomic"
)

// A field someone set in Polytomic that configuration does not set is not drift (Polytomic
// returns every field; only configured ones are compared), but the next update, a full
// replacement, resets it: that plan says so, naming the field.
func TestAccConnection_updateWarnsOfUnmanagedFields(t *testing.T) {
	t.Parallel()
	e := start(t)
	w := acctest.NewWorkdir(t, e.warehouse("Warehouse", "db.internal", secretPrefix+"u", 1, ""))
	w.MustRun("apply", "-auto-approve", "-input=false")
	id := e.onlyConnection(t)
	e.api(t, http.MethodPut, "/api/connections/"+id, map[string]any{
		"name": "Warehouse",
		"configuration": map[string]any{"hostname": "db.internal", "port": 5432, "username": "sync", "database": "dw",
			"password": emupolytomic.Mask, "ssl": false, "publication": "pub1"},
	})
	if code, out := planExitCode(t, w); code != 0 || strings.Contains(out, "resets fields") {
		t.Fatalf("a field set outside Terraform planned a change or warned without an update (exit %d):\n%s", code, out)
	}
	w.SetConfig(e.warehouse("Warehouse 2", "db.internal", secretPrefix+"u", 1, ""))
	code, out := planExitCode(t, w)
	flat := strings.Join(strings.Fields(out), " ")
	if code != 2 || !strings.Contains(flat, "This update resets fields set outside Terraform") || !strings.Contains(flat, `"publication", "ssl"`) {
		t.Fatalf("the update plan does not warn that it resets publication and ssl (exit %d):\n%s", code, out)
	}
}

// Without the type's schema at refresh, defaults cannot be told from values someone set: no field
// is named then (Polytomic fills in ssl, ssh_user and ssh_port, all at their defaults here).
func TestAccConnection_unmanagedFieldsNeedTheSchema(t *testing.T) {
	t.Parallel()
	e := start(t)
	w := acctest.NewWorkdir(t, e.warehouse("Warehouse", "db.internal", secretPrefix+"s", 1, ""))
	w.MustRun("apply", "-auto-approve", "-input=false")
	if err := e.Server.Faults().Set(emulator.FaultRule{Route: "GET /api/connection_types/{id}", Kind: "503", Count: 1000, RetryAfter: 1}); err != nil {
		t.Fatal(err)
	}
	w.SetConfig(e.warehouse("Warehouse 2", "db.internal", secretPrefix+"s", 1, ""))
	code, out := planExitCode(t, w)
	if e.Server.Faults().Injected()["503"] == 0 {
		t.Fatal("the plan never asked for the connection type's schema: the fault proved nothing")
	}
	if flat := strings.Join(strings.Fields(out), " "); code != 2 || strings.Contains(flat, "resets fields") {
		t.Fatalf("without the schema the update plan warned about resetting fields, or planned no update (exit %d):\n%s", code, out)
	}
}
