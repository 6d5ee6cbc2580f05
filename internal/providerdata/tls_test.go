package providerdata

import (
	"context"
	"crypto/tls"
	"encoding/pem"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var testTLS = TLSSettings{Block: "demo", Platform: "Demo", EnvCAFile: "SYNCOPS_TEST_DEMO_CA_FILE", EnvInsecure: "SYNCOPS_TEST_DEMO_INSECURE"}

var tlsBlockTypes = map[string]attr.Type{"ca_file": types.StringType, "insecure": types.BoolType}

func tlsBlock(caFile types.String, insecure types.Bool) types.Object {
	return types.ObjectValueMust(tlsBlockTypes, map[string]attr.Value{"ca_file": caFile, "insecure": insecure})
}

// caPEM writes the certificate of a TLS test server as a PEM file.
func caPEM(t *testing.T) (string, *httptest.Server) {
	t.Helper()
	srv := httptest.NewTLSServer(nil)
	t.Cleanup(srv.Close)
	file := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(file, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw}), 0o600); err != nil {
		t.Fatal(err)
	}
	return file, srv
}

func errorText(diags diag.Diagnostics) string {
	var b strings.Builder
	for _, d := range diags.Errors() {
		b.WriteString(d.Summary() + ": " + d.Detail() + "\n")
	}
	return b.String()
}

func TestTLSConfig_unset(t *testing.T) {
	for _, block := range []types.Object{types.ObjectNull(tlsBlockTypes), tlsBlock(types.StringNull(), types.BoolNull()), tlsBlock(types.StringValue(""), types.BoolValue(false))} {
		cfg, unknown, diags := testTLS.Config(context.Background(), block)
		if cfg != nil || unknown || len(diags) != 0 {
			t.Errorf("Config(%v) = %v, %v, %v; want the system defaults (nil) and no diagnostics", block, cfg, unknown, diags)
		}
	}
}

func TestTLSConfig_unknown(t *testing.T) {
	for _, block := range []types.Object{
		types.ObjectUnknown(tlsBlockTypes),
		tlsBlock(types.StringUnknown(), types.BoolNull()),
		tlsBlock(types.StringNull(), types.BoolUnknown()),
	} {
		if _, unknown, diags := testTLS.Config(context.Background(), block); !unknown || diags.HasError() {
			t.Errorf("Config(%v): unknown = %v, diags = %v; want unknown", block, unknown, diags)
		}
	}
}

func TestTLSConfig_caFile(t *testing.T) {
	file, srv := caPEM(t)
	cfg, _, diags := testTLS.Config(context.Background(), tlsBlock(types.StringValue(file), types.BoolNull()))
	if diags.HasError() || cfg == nil {
		t.Fatalf("Config: %v", diags)
	}
	if cfg.MinVersion != tls.VersionTLS12 || cfg.InsecureSkipVerify {
		t.Errorf("MinVersion = %x, InsecureSkipVerify = %v; want TLS 1.2 and verification on", cfg.MinVersion, cfg.InsecureSkipVerify)
	}
	// The CA is trusted: a handshake with the server succeeds.
	conn, err := tls.Dial("tcp", srv.Listener.Addr().String(), cfg)
	if err != nil {
		t.Fatalf("handshake with the CA from ca_file: %v", err)
	}
	_ = conn.Close()
	if len(diags) != 0 {
		t.Errorf("unexpected diagnostics: %v", diags)
	}
}

func TestTLSConfig_caFileFromEnv(t *testing.T) {
	file, _ := caPEM(t)
	t.Setenv(testTLS.EnvCAFile, file)
	cfg, _, diags := testTLS.Config(context.Background(), types.ObjectNull(tlsBlockTypes))
	if diags.HasError() || cfg == nil || cfg.RootCAs == nil {
		t.Fatalf("Config from %s: %v, %v", testTLS.EnvCAFile, cfg, diags)
	}
}

func TestTLSConfig_badCAFile(t *testing.T) {
	notPEM := filepath.Join(t.TempDir(), "not.pem")
	if err := os.WriteFile(notPEM, []byte("hello"), 0o600); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(t.TempDir(), "missing.pem")
	for file, want := range map[string][]string{
		missing: {"Unable to read the Demo CA file", "demo block's ca_file (or SYNCOPS_TEST_DEMO_CA_FILE)", missing, "no such file"},
		notPEM:  {"Invalid Demo CA file", "demo block's ca_file", notPEM, "holds no PEM certificate"},
	} {
		cfg, _, diags := testTLS.Config(context.Background(), tlsBlock(types.StringValue(file), types.BoolNull()))
		if cfg != nil || !diags.HasError() {
			t.Fatalf("Config(%s) = %v, %v; want an error", file, cfg, diags)
		}
		text := errorText(diags)
		for _, w := range want {
			if !strings.Contains(text, w) {
				t.Errorf("error for %s does not say %q:\n%s", file, w, text)
			}
		}
		d, ok := diags.Errors()[0].(diag.DiagnosticWithPath)
		if !ok || !d.Path().Equal(path.Root("demo").AtName("ca_file")) {
			t.Errorf("error is not on demo.ca_file: %v", diags)
		}
	}
}

func TestTLSConfig_insecure(t *testing.T) {
	cfg, _, diags := testTLS.Config(context.Background(), tlsBlock(types.StringNull(), types.BoolValue(true)))
	if diags.HasError() || cfg == nil || !cfg.InsecureSkipVerify {
		t.Fatalf("Config = %v, %v; want verification off", cfg, diags)
	}
	warnings := diags.Warnings()
	if len(warnings) != 1 {
		t.Fatalf("warnings = %v, want one", diags)
	}
	w, ok := warnings[0].(diag.DiagnosticWithPath)
	if !ok || !w.Path().Equal(path.Root("demo").AtName("insecure")) {
		t.Errorf("warning is not on demo.insecure: %v", warnings[0])
	}
	if !strings.Contains(w.Summary(), "Demo TLS certificate verification is disabled") || !strings.Contains(w.Detail(), "ca_file") {
		t.Errorf("warning = %q: %q", w.Summary(), w.Detail())
	}
}

func TestTLSConfig_insecureFromEnv(t *testing.T) {
	t.Setenv(testTLS.EnvInsecure, "true")
	cfg, _, diags := testTLS.Config(context.Background(), types.ObjectNull(tlsBlockTypes))
	if cfg == nil || !cfg.InsecureSkipVerify || len(diags.Warnings()) != 1 {
		t.Fatalf("Config = %v, %v; want verification off with a warning", cfg, diags)
	}
	// The block wins over the environment.
	cfg, _, diags = testTLS.Config(context.Background(), tlsBlock(types.StringNull(), types.BoolValue(false)))
	if cfg != nil || len(diags) != 0 {
		t.Errorf("insecure = false with %s=true: %v, %v; want the defaults", testTLS.EnvInsecure, cfg, diags)
	}
	t.Setenv(testTLS.EnvInsecure, "yes please")
	_, _, diags = testTLS.Config(context.Background(), types.ObjectNull(tlsBlockTypes))
	if text := errorText(diags); !strings.Contains(text, `SYNCOPS_TEST_DEMO_INSECURE environment variable is "yes please"`) {
		t.Errorf("invalid %s: %q", testTLS.EnvInsecure, text)
	}
}

func TestTLSAttributes(t *testing.T) {
	attrs := testTLS.Attributes()
	if len(attrs) != 2 {
		t.Fatalf("attributes = %v", attrs)
	}
	for name, env := range map[string]string{"ca_file": testTLS.EnvCAFile, "insecure": testTLS.EnvInsecure} {
		a, ok := attrs[name]
		if !ok || !a.IsOptional() || !strings.Contains(a.GetMarkdownDescription(), "`"+env+"`") {
			t.Errorf("%s: optional=%v, description %q does not name %s", name, ok && a.IsOptional(), a.GetMarkdownDescription(), env)
		}
	}
}
