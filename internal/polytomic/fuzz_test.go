package polytomic

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/syncops/terraform-provider-syncops/internal/transport"
)

// roundTripFunc answers requests in memory: fuzzing needs no sockets.
type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

var fuzzClients atomic.Int64

// fuzzClient is a client whose every request is answered with status and body. Each client
// has its own schema cache key, so that one input's schema never answers for another.
func fuzzClient(t testing.TB, status int, contentType string, body []byte) *Client {
	t.Helper()
	tc, err := newTransport("https://polytomic.test", "Bearer "+hostileKey, DefaultAPIVersion, transport.NewMasker(hostileKey), transportOptions{
		attemptTimeout: time.Second,
		tune: func(c *transport.Config) {
			c.MaxRetries = 1
			c.HTTPClient = &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
				return &http.Response{StatusCode: status, Header: http.Header{"Content-Type": {contentType}, "X-Request-Id": {"req-fuzz"}},
					Body: io.NopCloser(bytes.NewReader(body)), Request: r}, nil
			})}
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	return NewClient(tc, fmt.Sprintf("https://polytomic.test/%d", fuzzClients.Add(1)), DefaultAPIVersion)
}

// checkFuzzError: a failure names Polytomic, never shows the key and stays readable.
func checkFuzzError(t *testing.T, call string, err error) {
	t.Helper()
	if err == nil {
		return
	}
	msg := err.Error()
	if !strings.Contains(msg, "Polytomic") {
		t.Errorf("%s: the error does not name Polytomic: %s", call, msg)
	}
	if strings.Contains(msg, hostileKey) {
		t.Errorf("%s: the error shows the API key: %s", call, msg)
	}
	if len(msg) > 15000 {
		t.Errorf("%s: the error is %d characters long", call, len(msg))
	}
}

var responseSeeds = []string{
	`{"data":{"id":"c-1","name":"Warehouse","type":{"id":"postgresql","name":"PostgreSQL"},"configuration":{"hostname":"h","password":"********"},"policies":["p"],"healthcheck_interval":"1h","status":"healthy"}}`,
	`{"data":[{"id":"c-1","name":"a"},{"id":"c-2","name":"b"}]}`,
	`{"data":[{"id":"postgresql","name":"PostgreSQL","capabilities":{"source":true,"destination":false},"use_oauth":false}]}`, `{"data":[{"id":"x","capabilities":"oops"}]}`,
	`{"type":"object","required":["hostname",1,null],"properties":{"hostname":{"type":"string"},"password":{"type":"string","sensitive":true},"token":"not an object","x":{"readOnly":"yes"}}}`,
	`{"properties":[]}`,
	`{"data":null}`, `{"data":{}}`, `{"data":[]}`, `{"data":"x"}`, `{}`, `[]`, `null`, ``, `<html>`, `{"data":{"id":5}}`,
	`{"key":"invalid_configuration","message":"m","metadata":{"errors":["e"],"used_by":[{"type":"sync","name":"n","id":"s"}]},"status":422}`,
	`{"code":401,"error":"invalid API key","status":"Unauthorized"}`,
	`{"error":{"message":"legacy"}}`, `{"error":[1]}`, `{"metadata":{"used_by":{"a":1}}}`, `{"metadata":"x"}`,
	`{"message":"` + hostileKey + `"}`,
}

// Every answer body of the connections API, as a 200: decoding never panics and every failure
// names Polytomic.
func FuzzDecodeResponses(f *testing.F) {
	for _, s := range responseSeeds {
		f.Add([]byte(s), "application/json")
	}
	f.Add([]byte(`<!DOCTYPE html>`), "text/html")
	f.Fuzz(func(t *testing.T, body []byte, contentType string) {
		ctx := context.Background()
		c := fuzzClient(t, 200, contentType, body)
		conn, err := c.GetConnection(ctx, "c-1")
		checkFuzzError(t, "GetConnection", err)
		if err == nil {
			// What Read does with the answer.
			_ = PublicConfiguration(conn.Configuration, nil)
			_ = SensitiveKeys(conn.Configuration, nil)
		}
		_, err = c.ListConnections(ctx)
		checkFuzzError(t, "ListConnections", err)
		_, err = c.FindConnectionsByName(ctx, "a")
		checkFuzzError(t, "FindConnectionsByName", err)
		_, err = c.ConnectionTypes(ctx)
		checkFuzzError(t, "ConnectionTypes", err)
		_, err = c.CreateConnection(ctx, ConnectionRequest{Name: "x"}, "idem-fuzz-1", nil)
		checkFuzzError(t, "CreateConnection", err)
		_, err = c.UpdateConnection(ctx, "c-1", ConnectionRequest{Name: "x"}, nil)
		checkFuzzError(t, "UpdateConnection", err)
		s, err := c.ConnectionTypeSchema(ctx, "postgresql")
		checkFuzzError(t, "ConnectionTypeSchema", err)
		schemaCache.Delete(c.cacheKey + "|postgresql")
		if err == nil {
			// What plan-time checks and the connection type data source do with a schema.
			_ = s.Fields()
			_ = s.CheckConfiguration(map[string]any{"hostname": "h", "port": float64(1)}, map[string]any{"password": "p"}, true)
			if conn != nil {
				_ = PublicConfiguration(conn.Configuration, s)
			}
		}
	})
}

// Every error body, through decodeAPIError alone (the transport recovers from a panicking
// decoder, which would hide the API's message) and through the client.
func FuzzDecodeAPIError(f *testing.F) {
	for _, s := range responseSeeds {
		f.Add([]byte(s), uint8(0))
	}
	statuses := []int{400, 401, 403, 404, 409, 422}
	f.Fuzz(func(t *testing.T, body []byte, pick uint8) {
		status := statuses[int(pick)%len(statuses)]
		resp := &transport.Response{StatusCode: status, Header: http.Header{"X-Request-Id": {"req-fuzz"}}, Body: body, Method: "DELETE", Path: "/api/connections/c-1"}
		decodeAPIError(resp, &transport.APIError{})

		c := fuzzClient(t, status, "application/json", body)
		err := c.DeleteConnection(context.Background(), "c-1", false)
		if err == nil {
			t.Fatalf("HTTP %d must be an error", status)
		}
		checkFuzzError(t, "DeleteConnection", err)
		if msg := err.Error(); !strings.Contains(msg, "DELETE /api/connections/c-1") || !strings.Contains(msg, fmt.Sprintf("HTTP %d", status)) {
			t.Errorf("the error does not name the request and status: %s", msg)
		}
		_ = IsConnectionInUse(err)
	})
}

// Import ids: a connection id, or "name:<name>" looked up in the list. An id is never invented:
// the one imported is the id given, or the id of the one connection with exactly that name.
func FuzzImportID(f *testing.F) {
	for _, s := range []string{"c-1", "name:Warehouse", "name:", "name:Twin", "name:name:x", "NAME:Warehouse", "name: Warehouse", "", "name:Ware\x00house", "name:\xff"} {
		f.Add(s)
	}
	list := `{"data":[{"id":"c-1","name":"Warehouse"},{"id":"c-2","name":"Twin"},{"id":"c-3","name":"Twin"},{"id":"c-4","name":""},{"id":"c-5","name":"name:x"}]}`
	r := configuredResource(f, fuzzClient(f, 200, "application/json", []byte(list)))
	ctx := context.Background()
	var sresp resource.SchemaResponse
	r.Schema(ctx, resource.SchemaRequest{}, &sresp)
	byName := map[string][]string{"Warehouse": {"c-1"}, "Twin": {"c-2", "c-3"}, "": {"c-4"}, "name:x": {"c-5"}}
	f.Fuzz(func(t *testing.T, id string) {
		resp := &resource.ImportStateResponse{State: tfsdk.State{Schema: sresp.Schema, Raw: tftypes.NewValue(sresp.Schema.Type().TerraformType(ctx), nil)}}
		r.ImportState(ctx, resource.ImportStateRequest{ID: id}, resp)
		name, isName := strings.CutPrefix(id, "name:")
		if resp.Diagnostics.HasError() {
			if !isName {
				t.Fatalf("import by id %q failed: %v", id, resp.Diagnostics)
			}
			if len(byName[name]) == 1 {
				t.Fatalf("import of the one connection named %q failed: %v", name, resp.Diagnostics)
			}
			for _, d := range resp.Diagnostics {
				if !strings.Contains(d.Summary(), "Polytomic") {
					t.Errorf("the error does not name Polytomic: %s", d.Summary())
				}
			}
			return
		}
		var got string
		if diags := resp.State.GetAttribute(ctx, path.Root("id"), &got); diags.HasError() {
			t.Fatal(diags)
		}
		switch {
		case !isName && got != id:
			t.Errorf("import id %q imported %q", id, got)
		case isName && (len(byName[name]) != 1 || byName[name][0] != got):
			t.Errorf("import by name %q imported %q", name, got)
		}
	})
}
