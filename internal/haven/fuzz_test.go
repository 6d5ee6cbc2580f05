package haven

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/syncops/terraform-provider-syncops/internal/transport"
)

// fuzzAnswer is what the fuzz server answers: one server per fuzz target, one input at a time.
type fuzzAnswer struct {
	status int
	body   []byte
}

func fuzzServer(f *testing.F) (*Client, *atomic.Pointer[fuzzAnswer]) {
	var answer atomic.Pointer[fuzzAnswer]
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		a := answer.Load()
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(a.status)
		_, _ = w.Write(a.body)
	}))
	f.Cleanup(srv.Close)
	return hostileClient(f, srv.URL), &answer
}

func checkFuzzError(t *testing.T, call string, err error) {
	t.Helper()
	if err == nil {
		return
	}
	msg := err.Error()
	if !strings.Contains(msg, "Haven OnDemand") {
		t.Errorf("%s: the error does not name Haven OnDemand: %s", call, msg)
	}
	if strings.Contains(msg, testKey) || strings.Contains(msg, url.QueryEscape(testKey)) {
		t.Errorf("%s: the error shows the API key: %s", call, msg)
	}
	if len(msg) > 15000 {
		t.Errorf("%s: the error is %d characters long", call, len(msg))
	}
}

var responseSeeds = []string{
	`{"name":"site","flavor":"web_cloud","config":{"config":{"url":"https://x"},"destination":{"action":"addtotextindex","index":"i"},"schedule":{"frequency":{"frequency_type":"seconds","interval":21600}},"credentials_policy":{"notification_email":"a@b"},"description":"d"}}`,
	`{"name":"site","flavor":"filesystem_onsite","config":"[general]\nx=1"}`,
	`{"connector":"site","status":"FINISHED","token":"t","document_counts":{"added":1},"time_in_queue":3,"schedule":{"occurrences_remaining":-1,"next_run_time":"n"}}`,
	`{"history":[{"connector":"site","status":"FAILED","error":"e","time_processing":null}]}`, `{"history":null}`, `{"history":{}}`,
	`{"jobID":"j-1"}`, `{"jobID":""}`,
	`{"jobID":"j-1","status":"failed","actions":[{"action":"createconnector","status":"failed","errors":[{"error":4005,"reason":"r","detail":{"message":"connector site does not exist","params":["connector",1,null]}}]}]}`,
	`{"jobID":"j-1","status":"finished","actions":[{"result":{"connector":"site","download_link":{"linux":"l"}}}]}`,
	`{"error":4015,"reason":"Missing required parameter(s)","detail":"connector"}`, `{"error":"x"}`, `{"error":0}`, `{"error":9003,"detail":[1,2]}`,
	``, `null`, `[]`, `<html>`, `{"name":7}`,
}

// Every answer body, as a 200: decoding and mapping never panic, and every failure names Haven
// OnDemand and never the key.
func FuzzDecodeResponses(f *testing.F) {
	for _, s := range responseSeeds {
		f.Add([]byte(s))
	}
	c, answer := fuzzServer(f)
	ctx := context.Background()
	f.Fuzz(func(t *testing.T, body []byte) {
		answer.Store(&fuzzAnswer{status: 200, body: body})
		cfg, err := c.RetrieveConfig(ctx, "site")
		checkFuzzError(t, "RetrieveConfig", err)
		if err == nil {
			// What Read does with the answer.
			for _, raw := range [][]byte{cfg.Config.Config, cfg.Config.Destination, cfg.Config.Schedule, cfg.Config.CredentialsPolicy} {
				_ = normalized(raw)
			}
			_ = IsOnsite(cfg.Flavor)
		}
		_, err = c.ConnectorStatus(ctx, "site")
		checkFuzzError(t, "ConnectorStatus", err)
		_, err = c.ConnectorHistory(ctx, "site", 5)
		checkFuzzError(t, "ConnectorHistory", err)
		_, err = c.StartCreateConnector(ctx, Spec{Name: "site", Flavor: "web_cloud", Config: "{}", Destination: "{}"})
		checkFuzzError(t, "StartCreateConnector", err)
		job, err := c.JobStatus(ctx, "j-1")
		checkFuzzError(t, "JobStatus", err)
		if err == nil {
			// What WaitJob does with a failed job (WaitJob itself polls on a timer: too slow here).
			jf := &JobFailedError{What: "creation", JobID: job.JobID}
			for _, a := range job.Actions {
				for _, e := range a.Errors {
					jf.Errors = append(jf.Errors, e.toError())
				}
			}
			_ = jf.Error()
			_ = IsNotFound(jf)
		}
	})
}

// Every error body, through decodeError alone (the transport recovers from a panicking decoder,
// which would hide the API's message) and through the client.
func FuzzDecodeError(f *testing.F) {
	for _, s := range responseSeeds {
		f.Add([]byte(s), uint8(0))
	}
	statuses := []int{400, 401, 403, 404, 409}
	c, answer := fuzzServer(f)
	f.Fuzz(func(t *testing.T, body []byte, pick uint8) {
		status := statuses[int(pick)%len(statuses)]
		resp := &transport.Response{StatusCode: status, Body: body, Method: "GET", Path: "/1/api/sync/retrieveconfig/v1"}
		decodeError(resp, &transport.APIError{})

		answer.Store(&fuzzAnswer{status: status, body: body})
		_, err := c.RetrieveConfig(context.Background(), "site")
		if err == nil {
			t.Fatalf("HTTP %d must be an error", status)
		}
		checkFuzzError(t, "RetrieveConfig", err)
		if msg := err.Error(); !strings.Contains(msg, "GET /1/api/sync/retrieveconfig/v1") || !strings.Contains(msg, "HTTP ") {
			t.Errorf("the error does not name the request and status: %s", msg)
		}
		_ = IsNotFound(err)
	})
}

// Import ids are connector names: accepted exactly when NamePattern matches, and imported as given.
func FuzzImportName(f *testing.F) {
	for _, s := range []string{"site", "my-site_2", "", "a b", "a/b", "a&apikey=x", "é", strings.Repeat("n", 100), strings.Repeat("n", 101), "site\n"} {
		f.Add(s)
	}
	ctx := context.Background()
	r := &ConnectorResource{}
	var sresp resource.SchemaResponse
	r.Schema(ctx, resource.SchemaRequest{}, &sresp)
	f.Fuzz(func(t *testing.T, name string) {
		resp := &resource.ImportStateResponse{State: tfsdk.State{Schema: sresp.Schema, Raw: tftypes.NewValue(sresp.Schema.Type().TerraformType(ctx), nil)}}
		r.ImportState(ctx, resource.ImportStateRequest{ID: name}, resp)
		valid := NamePattern.MatchString(name)
		if resp.Diagnostics.HasError() != !valid {
			t.Fatalf("name %q (valid: %v): %v", name, valid, resp.Diagnostics)
		}
		if !valid {
			return
		}
		if len(name) > 100 || strings.ContainsAny(name, "&=?/ \n") {
			t.Fatalf("name %q accepted", name)
		}
		var id, got string
		_ = resp.State.GetAttribute(ctx, path.Root("id"), &id)
		_ = resp.State.GetAttribute(ctx, path.Root("name"), &got)
		if id != name || got != name {
			t.Errorf("import of %q set id %q, name %q", name, id, got)
		}
	})
}
