package elasticsearch

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/syncops/terraform-provider-syncops/internal/transport"
)

// roundTripFunc answers requests in memory: fuzzing needs no sockets.
type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// fuzzClient answers every request with status and body (and the product header).
func fuzzClient(t testing.TB, status int, body []byte) *Client {
	const endpoint = "https://es.test:9200"
	rt := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		return &http.Response{StatusCode: status, Request: r, Body: io.NopCloser(bytes.NewReader(body)),
			Header: http.Header{"Content-Type": {"application/json"}, "X-Elastic-Product": {"Elasticsearch"}, "X-Opaque-Id": {"op-fuzz"}}}, nil
	})
	return NewClient([]string{endpoint}, []*transport.Client{hostileTransport(t, endpoint, rt)})
}

func checkFuzzError(t *testing.T, call string, err error) {
	t.Helper()
	if err == nil {
		return
	}
	msg := err.Error()
	if !strings.Contains(msg, "Elasticsearch") {
		t.Errorf("%s: the error does not name Elasticsearch: %s", call, msg)
	}
	if strings.Contains(msg, hostileKey) {
		t.Errorf("%s: the error shows the API key: %s", call, msg)
	}
	if len(msg) > 15000 {
		t.Errorf("%s: the error is %d characters long", call, len(msg))
	}
}

var responseSeeds = []string{
	`{"id":"c-1","name":"Share","index_name":"search-x","service_type":"sharepoint_online","is_native":true,"status":"connected",` +
		`"pipeline":{"name":"p","extract_binary_content":true},"scheduling":{"full":{"enabled":true,"interval":"0 0 * * * ?"},"odd":{}},` +
		`"configuration":{"host":{"label":"Host","value":"h"},"secret":{"sensitive":true,"value":{"nested":[1]}},"empty":{}}}`,
	`{"count":2,"results":[{"id":"a"},{"id":"b","configuration":null}]}`,
	`{"count":1000000,"results":[]}`,
	`{"id":"c-9","result":"created"}`, `{"result":"updated"}`, `{"result":"noop"}`, `{"acknowledged":true}`,
	`{"cluster_uuid":"u","version":{"number":"8.17.2","build_flavor":"default"}}`,
	`{"version":{"number":"9"}}`, `{"version":{"number":"x.y"}}`, `{"version":{"number":"8.-1"}}`,
	`{"error":{"type":"status_exception","reason":"r","caused_by":{"type":"t","reason":"x","caused_by":null}},"status":400}`,
	`{"error":"routing","status":405}`, `{"error":[1]}`, `{"error":{"caused_by":"x"}}`, `{"error":null}`,
	`{"scheduling":[]}`, `{"configuration":{"k":1}}`, `{"pipeline":null}`,
	``, `null`, `[]`, `<html>`, `{"id":7}`,
}

// Every answer body of the connector API, as a 200: decoding and mapping into state never panic,
// and every failure names Elasticsearch.
func FuzzDecodeResponses(f *testing.F) {
	for _, s := range responseSeeds {
		f.Add([]byte(s))
	}
	ctx := context.Background()
	f.Fuzz(func(t *testing.T, body []byte) {
		c := fuzzClient(t, 200, body)
		conn, err := c.GetConnector(ctx, "c-1")
		checkFuzzError(t, "GetConnector", err)
		if err == nil {
			// What Read and the data source do with the answer.
			m := connectorModel{ConfigurationValues: jsontypes.NewNormalizedValue(`{"host":"x","empty":null,"gone":1}`)}
			_ = m.fromAPI(conn)
			var dm connectorDataModel
			_ = dm.fromAPI(conn)
		}
		_, err = c.ListConnectors(ctx, ListFilter{Query: "q"})
		checkFuzzError(t, "ListConnectors", err)
		_, err = c.CreateConnector(ctx, "", CreateConnectorRequest{})
		checkFuzzError(t, "CreateConnector (POST)", err)
		_, err = c.CreateConnector(ctx, "c-1", CreateConnectorRequest{})
		checkFuzzError(t, "CreateConnector (PUT)", err)
		_, err = c.UpdateScheduling(ctx, "c-1", map[string]Schedule{"full": {Enabled: true, Interval: "0 0 * * * ?"}})
		checkFuzzError(t, "UpdateScheduling", err)
		checkFuzzError(t, "DeleteConnector", c.DeleteConnector(ctx, "c-1", true, false))
		info, err := c.Info(ctx)
		checkFuzzError(t, "Info", err)
		if err == nil {
			_ = info.AtLeast(9, 0)
		}
	})
}

// Every error body, through decodeError alone (the transport recovers from a panicking decoder,
// which would hide the API's message) and through the client.
func FuzzDecodeError(f *testing.F) {
	for _, s := range responseSeeds {
		f.Add([]byte(s), uint8(0))
	}
	statuses := []int{400, 401, 403, 404, 405, 409}
	f.Fuzz(func(t *testing.T, body []byte, pick uint8) {
		status := statuses[int(pick)%len(statuses)]
		resp := &transport.Response{StatusCode: status, Header: http.Header{"X-Opaque-Id": {"op"}}, Body: body, Method: "GET", Path: "/_connector/c-1"}
		decodeError(resp, &transport.APIError{})

		_, err := fuzzClient(t, status, body).GetConnector(context.Background(), "c-1")
		if err == nil {
			t.Fatalf("HTTP %d must be an error", status)
		}
		checkFuzzError(t, "GetConnector", err)
		if msg := err.Error(); !strings.Contains(msg, "GET /_connector/c-1") || !strings.Contains(msg, fmt.Sprintf("HTTP %d", status)) {
			t.Errorf("the error does not name the request and status: %s", msg)
		}
	})
}

// Import ids: accepted ids are one path segment that names a connector, and are imported as
// given; refused ones say why.
func FuzzImportID(f *testing.F) {
	for _, s := range []string{"c-1", "_sync_job", "_secret", ".", "..", "", "a/b", "%2F", "-x_Y.9", "a\x00", "\xff", strings.Repeat("z", 600)} {
		f.Add(s)
	}
	ctx := context.Background()
	r := &ConnectorResource{}
	var sresp resource.SchemaResponse
	r.Schema(ctx, resource.SchemaRequest{}, &sresp)
	f.Fuzz(func(t *testing.T, id string) {
		resp := &resource.ImportStateResponse{State: tfsdk.State{Schema: sresp.Schema, Raw: tftypes.NewValue(sresp.Schema.Type().TerraformType(ctx), nil)}}
		r.ImportState(ctx, resource.ImportStateRequest{ID: id}, resp)
		if resp.Diagnostics.HasError() {
			if checkConnectorID(id) == nil {
				t.Fatalf("valid id %q refused: %v", id, resp.Diagnostics)
			}
			return
		}
		if checkConnectorID(id) != nil {
			t.Fatalf("invalid id %q imported", id)
		}
		// One path segment, the id itself.
		if p := connectorPath(id); p != "/_connector/"+id || strings.Count(p, "/") != 2 {
			t.Errorf("id %q addresses %s", id, p)
		}
		var got, cid string
		_ = resp.State.GetAttribute(ctx, path.Root("id"), &got)
		_ = resp.State.GetAttribute(ctx, path.Root("connector_id"), &cid)
		if got != id || cid != id {
			t.Errorf("import of %q set id %q, connector_id %q", id, got, cid)
		}
	})
}
