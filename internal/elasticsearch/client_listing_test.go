package elasticsearch

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/syncops/terraform-provider-syncops/internal/emulator"
	esemu "github.com/syncops/terraform-provider-syncops/internal/emulator/elasticsearch"
	"github.com/syncops/terraform-provider-syncops/internal/transport"
)

// emulatedClient is a client of an in-process emulated cluster, and the emulator's server.
func emulatedClient(t *testing.T) (*Client, *emulator.Server, func(method, path, body string)) {
	t.Helper()
	srv := emulator.New(esemu.New(esemu.Options{}))
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	tc, err := transport.New(transport.Config{Platform: "Elasticsearch", BaseURL: hs.URL, DecodeError: decodeError, MaxRetries: 1,
		Header: http.Header{"Authorization": {"ApiKey " + esemu.DefaultAPIKey}}})
	if err != nil {
		t.Fatal(err)
	}
	outOfBand := func(method, path, body string) {
		t.Helper()
		if _, err := tc.DoJSON(context.Background(), &transport.Request{Method: method, Path: path, Body: []byte(body), ContentType: "application/json"}, nil); err != nil {
			t.Fatalf("%s %s: %v", method, path, err)
		}
	}
	return NewClient([]string{hs.URL}, []*transport.Client{tc}), srv, outOfBand
}

// TestReadConnectorAfterWrite: once a listing answers the reads of a run, a connector this
// process changed is read again by GET, never answered from the older listing; the others still
// come from the listing.
func TestReadConnectorAfterWrite(t *testing.T) {
	ctx := context.Background()
	c, srv, outOfBand := emulatedClient(t)
	outOfBand("PUT", "/_connector/a", `{"index_name":"search-a","name":"A"}`)
	outOfBand("PUT", "/_connector/b", `{"index_name":"search-b","name":"B"}`)
	outOfBand("PUT", "/_connector/c", `{"index_name":"search-c","name":"C"}`)

	for _, id := range []string{"a", "b"} { // the first read goes alone, the second takes the listing
		if _, err := c.ReadConnector(ctx, id); err != nil {
			t.Fatal(err)
		}
	}
	if n := srv.Stats().Requests("GET /_connector"); n != 1 {
		t.Fatalf("GET /_connector sent %d times, want 1 (the listing)", n)
	}
	if _, err := c.UpdateName(ctx, "a", ptr("A renamed"), nil); err != nil {
		t.Fatal(err)
	}
	gets := srv.Stats().Requests("GET /_connector/{id}")
	got, err := c.ReadConnector(ctx, "a")
	if err != nil {
		t.Fatal(err)
	}
	if got.Name == nil || *got.Name != "A renamed" {
		t.Errorf("read after the rename: name %v, want \"A renamed\" (answered from the listing taken before the write)", deref(got.Name))
	}
	if n := srv.Stats().Requests("GET /_connector/{id}") - gets; n != 1 {
		t.Errorf("the read after the write sent %d GETs, want 1", n)
	}
	// A connector this process did not write is still answered from the listing.
	if _, err := c.ReadConnector(ctx, "c"); err != nil {
		t.Fatal(err)
	}
	if n := srv.Stats().Requests("GET /_connector/{id}") - gets; n != 1 {
		t.Errorf("GETs after reading c: %d, want still 1 (c is in the listing)", n)
	}
	// A delete is a write too: the deleted connector is not answered from the listing.
	if err := c.DeleteConnector(ctx, "c", false, true); err != nil {
		t.Fatal(err)
	}
	if _, err := c.ReadConnector(ctx, "c"); !transport.IsNotFound(err) {
		t.Errorf("read after the delete: %v, want a 404", err)
	}
}

func ptr(s string) *string { return &s }

func deref(s *string) string {
	if s == nil {
		return "<nil>"
	}
	return *s
}

// TestEachConnectorPageWindow: GET /_connector pages stop at the 10,000 window of from + size
// (Elasticsearch refuses pages beyond it) and report the total it counts, so that the list
// resource can warn that not every connector was listed.
func TestEachConnectorPageWindow(t *testing.T) {
	requests := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests++
		from, _ := strconv.Atoi(r.URL.Query().Get("from"))
		size, _ := strconv.Atoi(r.URL.Query().Get("size"))
		if from+size > 10000 {
			t.Errorf("page from=%d size=%d is beyond the window", from, size)
		}
		var results []string
		for i := from; i < from+size; i++ {
			results = append(results, fmt.Sprintf(`{"id":"c%05d","status":"created"}`, i))
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = fmt.Fprintf(w, `{"count":20000,"results":[%s]}`, strings.Join(results, ","))
	}))
	defer srv.Close()
	seen := 0
	total, err := testClient(t, srv.URL).EachConnectorPage(context.Background(), ListFilter{}, func(page []Connector) bool {
		seen += len(page)
		return true
	})
	if err != nil || total != 20000 || seen != 10000 || requests != 100 {
		t.Errorf("total %d, seen %d, %d requests, err %v; want 20000, 10000, 100, nil", total, seen, requests, err)
	}
}
