package elasticsearch

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/syncops/terraform-provider-syncops/internal/providerdata"
	"github.com/syncops/terraform-provider-syncops/internal/transport"
)

func testClient(t *testing.T, urls ...string) *Client {
	t.Helper()
	var eps []*transport.Client
	for _, u := range urls {
		c, err := transport.New(transport.Config{Platform: "Elasticsearch", BaseURL: u, DecodeError: decodeError, MaxRetries: 1})
		if err != nil {
			t.Fatal(err)
		}
		eps = append(eps, c)
	}
	return NewClient(urls, eps)
}

func TestDecodeError(t *testing.T) {
	cases := map[string]struct {
		body              string
		code, msg, detail string
	}{
		"object": {`{"error":{"root_cause":[],"type":"status_exception","reason":"Index name [x] is used by another connector.","caused_by":{"type":"illegal_argument_exception","reason":"inner"}},"status":400}`,
			"status_exception", "Index name [x] is used by another connector.", "caused by illegal_argument_exception: inner"},
		"routing string": {`{"error":"Incorrect HTTP method for uri [/_connector] and method [DELETE], allowed: [POST, GET, PUT]","status":405}`,
			"", "Incorrect HTTP method for uri [/_connector] and method [DELETE], allowed: [POST, GET, PUT]", ""},
	}
	for name, tc := range cases {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(400)
			_, _ = w.Write([]byte(tc.body))
		}))
		_, err := testClient(t, srv.URL).GetConnector(context.Background(), "x")
		srv.Close()
		var e *transport.APIError
		if !errors.As(err, &e) {
			t.Fatalf("%s: %T %v", name, err, err)
		}
		if e.Code != tc.code || e.Message != tc.msg || (tc.detail != "" && (len(e.Details) != 1 || e.Details[0] != tc.detail)) {
			t.Errorf("%s: code %q message %q details %v", name, e.Code, e.Message, e.Details)
		}
	}
}

func TestInfoOnceAndProductCheck(t *testing.T) {
	var calls atomic.Int32
	product := "Elasticsearch"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		w.Header().Set("X-Elastic-Product", product)
		_, _ = w.Write([]byte(`{"cluster_uuid":"u","version":{"number":"8.17.2","build_flavor":"default"}}`))
	}))
	defer srv.Close()
	c := testClient(t, srv.URL)
	for range 3 {
		info, err := c.Info(context.Background())
		if err != nil || info.Version != "8.17.2" || !info.AtLeast(8, 16) || info.AtLeast(9, 0) {
			t.Fatalf("info %+v %v", info, err)
		}
	}
	if calls.Load() != 1 {
		t.Errorf("GET / sent %d times, want once per client", calls.Load())
	}
	product = ""
	if _, err := testClient(t, srv.URL).Info(context.Background()); err == nil || !strings.Contains(err.Error(), "is not Elasticsearch") {
		t.Errorf("without X-Elastic-Product: %v", err)
	}
}

// Serverless reports a fixed, old-looking version number: the version gates must not refuse it.
func TestInfoServerless(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Elastic-Product", "Elasticsearch")
		_, _ = w.Write([]byte(`{"cluster_uuid":"u","version":{"number":"8.11.0","build_flavor":"serverless"}}`))
	}))
	defer srv.Close()
	info, err := testClient(t, srv.URL).Info(context.Background())
	if err != nil || !info.Serverless() || !info.AtLeast(8, 16) || !info.AtLeast(9, 0) {
		t.Fatalf("serverless info %+v %v: want every version gate open", info, err)
	}
}

func TestFailoverToNextEndpoint(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dead := "http://" + ln.Addr().String()
	_ = ln.Close() // nothing listens there any more: connection refused
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte(`{"id":"a","status":"created","is_native":false}`))
	}))
	defer srv.Close()
	got, err := testClient(t, dead, srv.URL).GetConnector(context.Background(), "a")
	if err != nil || got.Status != "created" {
		t.Fatalf("failover: %+v %v", got, err)
	}
}

func TestSensitiveValues(t *testing.T) {
	doc := map[string]any{"configuration": map[string]any{
		"password": map[string]any{"sensitive": true, "value": "hunter22"},
		"host":     map[string]any{"sensitive": false, "value": "db"},
		"token":    map[string]any{"sensitive": true, "value": nil},
	}}
	got := sensitiveValues(doc, nil)
	if len(got) != 1 || got[0] != "hunter22" {
		t.Errorf("sensitiveValues = %v", got)
	}
}

func blockValue(values map[string]attr.Value) types.Object {
	types_ := map[string]attr.Type{"endpoints": types.ListType{ElemType: types.StringType}, "api_key": types.StringType, "username": types.StringType,
		"password": types.StringType, "bearer_token": types.StringType, "ca_file": types.StringType, "insecure": types.BoolType}
	all := map[string]attr.Value{"endpoints": types.ListNull(types.StringType), "api_key": types.StringNull(), "username": types.StringNull(),
		"password": types.StringNull(), "bearer_token": types.StringNull(), "ca_file": types.StringNull(), "insecure": types.BoolNull()}
	for k, v := range values {
		all[k] = v
	}
	return types.ObjectValueMust(types_, all)
}

// TestConfigure covers the environment fallbacks and the configuration errors. Not parallel:
// it sets environment variables.
func TestConfigure(t *testing.T) {
	ctx := context.Background()
	common := providerdata.Common{}
	nullBlock := types.ObjectNull(blockValue(nil).AttributeTypes(ctx))
	for _, env := range []string{EnvEndpoints, EnvAPIKey, EnvUsername, EnvPassword, EnvBearerToken, EnvCAFile, EnvInsecure} {
		t.Setenv(env, "")
	}
	if got, diags := (Platform{}).Configure(ctx, nullBlock, common); got.Client != nil || got.Unknown || diags.HasError() {
		t.Errorf("no block, no env: %+v %v", got, diags)
	}
	t.Setenv(EnvEndpoints, "http://127.0.0.1:1, http://127.0.0.1:2")
	t.Setenv(EnvAPIKey, "k3y-from-env")
	got, diags := (Platform{}).Configure(ctx, nullBlock, common)
	if diags.HasError() || got.Client == nil || len(got.Client.(*Client).urls) != 2 {
		t.Fatalf("env only: %+v %v", got, diags)
	}
	endpoints := types.ListValueMust(types.StringType, []attr.Value{types.StringValue("http://127.0.0.1:9200")})
	t.Setenv(EnvAPIKey, "")
	_, diags = (Platform{}).Configure(ctx, blockValue(map[string]attr.Value{"endpoints": endpoints, "username": types.StringValue("elastic")}), common)
	if !diags.HasError() || !strings.Contains(diags.Errors()[0].Detail(), "go together") {
		t.Errorf("username without password: %v", diags)
	}
	bad := filepath.Join(t.TempDir(), "ca.pem")
	_ = os.WriteFile(bad, []byte("not a certificate"), 0o600)
	_, diags = (Platform{}).Configure(ctx, blockValue(map[string]attr.Value{"endpoints": endpoints, "ca_file": types.StringValue(bad)}), common)
	if !diags.HasError() || !strings.Contains(diags.Errors()[0].Summary(), "Invalid Elasticsearch CA file") {
		t.Errorf("bad ca_file: %v", diags)
	}
	got, diags = (Platform{}).Configure(ctx, blockValue(map[string]attr.Value{"endpoints": endpoints, "insecure": types.BoolValue(true)}), common)
	if diags.HasError() || diags.WarningsCount() != 1 || got.Client == nil {
		t.Errorf("insecure: want one warning, got %v", diags)
	}
	got, _ = (Platform{}).Configure(ctx, blockValue(map[string]attr.Value{"endpoints": types.ListUnknown(types.StringType)}), common)
	if !got.Unknown {
		t.Errorf("unknown endpoints: %+v", got)
	}
}

// The draft always ends with the catch-all rule, ordered after the configured rules: Elasticsearch
// 8.14 refused a rule set without it (the empty one included).
func TestFilteringDraftEndsWithTheDefaultRule(t *testing.T) {
	var got []map[string]any
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body struct {
			Rules []map[string]any `json:"rules"`
		}
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
			t.Error(err)
		}
		got = body.Rules
		_, _ = w.Write([]byte(`{"result":"updated"}`))
	}))
	defer srv.Close()
	c := testClient(t, srv.URL)
	for _, tc := range []struct {
		rules     []FilteringRule
		wantOrder float64
		wantLen   int
	}{
		{nil, 0, 1},
		{[]FilteringRule{{ID: "a", Order: 0, Policy: "exclude", Field: "f", Rule: "equals", Value: "x"}, {ID: "b", Order: 4, Policy: "include", Field: "g", Rule: "contains", Value: "y"}}, 5, 3},
	} {
		if _, err := c.UpdateFilteringDraft(context.Background(), "c", tc.rules, json.RawMessage(`{}`)); err != nil {
			t.Fatal(err)
		}
		last := got[len(got)-1]
		if len(got) != tc.wantLen || last["id"] != "DEFAULT" || last["field"] != "_" || last["rule"] != "regex" || last["value"] != ".*" || last["policy"] != "include" || last["order"] != tc.wantOrder {
			t.Errorf("rules sent for %d configured: %v, want them and the catch-all rule last at order %v", len(tc.rules), got, tc.wantOrder)
		}
	}
}
