package jim

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/syncops/terraform-provider-syncops/internal/providerdata"
	"github.com/syncops/terraform-provider-syncops/internal/transport"
)

const testKey = "jim_ak_0000000000000000000000000000000000000000000000000000000000000000"

func fakeJIM(t *testing.T, h http.HandlerFunc) *Client {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	// No pacing: a fuzz run starts thousands of servers, and a port used again would share the
	// limiter of an earlier server (keyed by URL and key) and slow every iteration down.
	c, err := NewClient(srv.URL, testKey, providerdata.Common{AttemptTimeout: 2 * time.Second}, WithRateLimit(0))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestDecodeErrorShapes(t *testing.T) {
	cases := []struct {
		name, contentType, body string
		status                  int
		want                    []string
	}{
		{"ApiErrorResponse", "application/json", `{"code":"NOT_FOUND","message":"Connected System with ID 42 not found.","details":null,"validationErrors":null,"timestamp":"2026-07-13T12:00:00Z"}`,
			404, []string{"HTTP 404", "(NOT_FOUND)", "Connected System with ID 42 not found."}},
		{"validation errors", "application/json", `{"code":"VALIDATION_ERROR","message":"One or more Connected System settings are invalid.","validationErrors":{"Host":["Please supply a value for Host"]}}`,
			400, []string{"VALIDATION_ERROR", "Host: Please supply a value for Host"}},
		{"framework 401", "application/json", `{"error":"Unauthorized","message":"Authentication required"}`,
			401, []string{"HTTP 401", "Unauthorized", "Authentication required", "JIM refused the API key: check jim.api_key"}},
		{"ProblemDetails", "application/problem+json", `{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.1","title":"One or more validation errors occurred.","status":400,"errors":{"Name":["The field Name must be a string with a minimum length of 1 and a maximum length of 200."]},"traceId":"00-abc-01"}`,
			400, []string{"One or more validation errors occurred.", "Name: The field Name must be a string", "request id: 00-abc-01"}},
		{"empty 403", "", ``, 403, []string{"HTTP 403", "lacks the Administrator role"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := fakeJIM(t, func(w http.ResponseWriter, _ *http.Request) {
				if tc.contentType != "" {
					w.Header().Set("Content-Type", tc.contentType)
				}
				w.WriteHeader(tc.status)
				_, _ = w.Write([]byte(tc.body))
			})
			_, err := c.GetConnectedSystem(context.Background(), 42)
			var apiErr *transport.APIError
			if !errors.As(err, &apiErr) || apiErr.Status != tc.status {
				t.Fatalf("want an APIError with status %d, got %v", tc.status, err)
			}
			// What the user reads: the error with the next step for a refused key.
			detail := platform.ErrorDetail(err, "")
			for _, w := range tc.want {
				if !strings.Contains(detail, w) {
					t.Errorf("error lacks %q:\n%s", w, detail)
				}
			}
			if strings.Contains(detail, testKey) {
				t.Error("the error shows the API key")
			}
		})
	}
}

// A failed synchronous deletion is a 400 too; its message may say "not found" about something
// else, and must not be taken for "the system is already gone".
func TestFailedDeletionMessageIsNotNotFound(t *testing.T) {
	for _, msg := range []string{
		"Export file not found on the worker",
		"Connected System with ID 9 could not be deleted: Activity not found.",
	} {
		c := fakeJIM(t, func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(400)
			_, _ = w.Write([]byte(`{"code":"BAD_REQUEST","message":"` + msg + `"}`))
		})
		_, _, err := c.DeleteConnectedSystem(context.Background(), 9, DeleteOptions{})
		if err == nil || IsNotFoundMessage(err) || IsAlreadyDeleting(err) {
			t.Errorf("%q taken for a known outcome: %v", msg, err)
		}
	}
}

func TestDeleteOutcomesOf400(t *testing.T) {
	for msg, check := range map[string]func(error) bool{
		"Connected System with ID 9 not found.":      IsNotFoundMessage,
		"Connected System is already being deleted.": IsAlreadyDeleting,
	} {
		c := fakeJIM(t, func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(400)
			_, _ = w.Write([]byte(`{"code":"BAD_REQUEST","message":"` + msg + `"}`))
		})
		_, _, err := c.DeleteConnectedSystem(context.Background(), 9, DeleteOptions{})
		if !check(err) {
			t.Errorf("%q not recognised: %v", msg, err)
		}
	}
}

// Terraform refreshes resources in parallel: every run profile of a system must share one list.
func TestRunProfilesSharedUnderParallelReads(t *testing.T) {
	var calls atomic.Int32
	c := fakeJIM(t, func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		time.Sleep(100 * time.Millisecond)
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`[{"id":1,"name":"a","connectedSystemId":5,"runType":"FullImport","pageSize":100}]`))
	})
	var wg sync.WaitGroup
	for i := 0; i < 50; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if list, err := c.RunProfiles(context.Background(), 5); err != nil || len(list) != 1 {
				t.Errorf("RunProfiles: %v %v", list, err)
			}
		}()
	}
	wg.Wait()
	if n := calls.Load(); n != 1 {
		t.Errorf("50 parallel reads made %d list requests, want 1", n)
	}
	// A write invalidates the shared answer.
	c.invalidateRunProfiles(5, nil)
	if _, err := c.RunProfiles(context.Background(), 5); err != nil {
		t.Fatal(err)
	}
	if n := calls.Load(); n != 2 {
		t.Errorf("after invalidation want a second list request, got %d in all", n)
	}
}

func TestParseRunProfileID(t *testing.T) {
	if cs, id, err := ParseRunProfileID("12/7"); err != nil || cs != 12 || id != 7 {
		t.Errorf("12/7: %d %d %v", cs, id, err)
	}
	for _, bad := range []string{"", "7", "12/", "/7", "a/b", "12/7/1", "-1/7", "0/7"} {
		if _, _, err := ParseRunProfileID(bad); err == nil || !strings.Contains(err.Error(), "<connected_system_id>/<run_profile_id>") {
			t.Errorf("%q: want an error showing the expected form, got %v", bad, err)
		}
	}
}

func FuzzParseRunProfileID(f *testing.F) {
	for _, s := range []string{"12/7", "", "/", "1/2/3", "x/1", "99999999999999999999/1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		cs, id, err := ParseRunProfileID(s)
		if err == nil && (cs <= 0 || id <= 0) {
			t.Errorf("%q parsed to non-positive ids %d/%d", s, cs, id)
		}
	})
}

// A create that JIM processes only after the client gave up on it (no answer, then the system
// appears a moment later) is adopted, not sent again: the provider keeps looking for a while
// before it concludes that the create was never processed. The system shows from the provider's
// second look after the lost answer on, so the test does not depend on the machine's speed.
func TestLateProcessedCreateIsAdoptedNotDuplicated(t *testing.T) {
	var mu sync.Mutex
	var systems []map[string]any
	posts, looks := 0, 0
	c := fakeJIM(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch {
		case r.Method == http.MethodPost:
			mu.Lock()
			posts++
			mu.Unlock()
			conn, _, err := w.(http.Hijacker).Hijack()
			if err == nil {
				_ = conn.Close()
			}
		case r.URL.Path == "/api/v1/synchronisation/connected-systems":
			mu.Lock()
			defer mu.Unlock()
			if posts > 0 {
				looks++
				if looks == 2 {
					systems = append(systems, map[string]any{"id": 7, "name": "Late", "connectorId": 2, "status": "Active"})
				}
			}
			_ = json.NewEncoder(w).Encode(map[string]any{"items": systems, "hasNextPage": false})
		case r.URL.Path == "/api/v1/synchronisation/connected-systems/7":
			_ = json.NewEncoder(w).Encode(map[string]any{"id": 7, "name": "Late", "connectorId": 2, "status": "Active"})
		default:
			http.NotFound(w, r)
		}
	})
	cs, err := c.CreateConnectedSystemSafely(context.Background(), CreateConnectedSystemRequest{Name: "Late", ConnectorDefinitionID: 2})
	if err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if cs.ID != 7 || posts != 1 || looks < 2 {
		t.Fatalf("want system 7 adopted after exactly 1 POST and 2 looks, got id %d after %d POSTs and %d looks", cs.ID, posts, looks)
	}
}

// After a lost create answer, two new systems under the name (someone else made one at the same
// time) cannot tell which one is this create's: an error naming both, and no create sent again.
func TestLostCreateWithTwoNewSystemsIsAnErrorNamingThem(t *testing.T) {
	var mu sync.Mutex
	posts := 0
	c := fakeJIM(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		switch {
		case r.Method == http.MethodPost:
			posts++
			conn, _, err := w.(http.Hijacker).Hijack()
			if err == nil {
				_ = conn.Close()
			}
		case r.URL.Path == "/api/v1/synchronisation/connected-systems":
			items := []map[string]any{{"id": 3, "name": "Twin", "connectorId": 2}}
			if posts > 0 {
				items = append(items, map[string]any{"id": 8, "name": "Twin", "connectorId": 2}, map[string]any{"id": 9, "name": "Twin", "connectorId": 2})
			}
			_ = json.NewEncoder(w).Encode(map[string]any{"items": items, "hasNextPage": false})
		default:
			http.NotFound(w, r)
		}
	})
	_, err := c.CreateConnectedSystemSafely(context.Background(), CreateConnectedSystemRequest{Name: "Twin", ConnectorDefinitionID: 2})
	if err == nil || !strings.Contains(err.Error(), `2 new connected systems named "Twin" (ids [8 9])`) || !transport.MaybeProcessed(err) {
		t.Fatalf("want an error naming the two new systems (and still the create's error), got %v", err)
	}
	mu.Lock()
	defer mu.Unlock()
	if posts != 1 {
		t.Errorf("the create was sent %d times, want 1", posts)
	}
}

// A destroy interrupted while the DELETE itself is in flight (JIM may have started the deletion)
// says that running destroy again resumes, as an interrupted wait does.
func TestInterruptedDeleteSaysDestroyResumes(t *testing.T) {
	c := fakeJIM(t, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	})
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	err := c.DeleteAndWait(ctx, 12, DeleteOptions{})
	if err == nil || !strings.Contains(err.Error(), "resumes waiting") {
		t.Fatalf("want an error saying that destroy resumes, got %v", err)
	}
}

// Terraform plans many systems of one connector at once: they share one read of its definition.
func TestConnectorDefinitionSharedUnderParallelReads(t *testing.T) {
	var calls atomic.Int32
	c := fakeJIM(t, func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		time.Sleep(100 * time.Millisecond)
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"id":3,"name":"JIM SQL Connector","settings":[]}`))
	})
	var wg sync.WaitGroup
	for i := 0; i < 50; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if d, err := c.ConnectorDefinitionByName(context.Background(), "JIM SQL Connector"); err != nil || d.ID != 3 {
				t.Errorf("ConnectorDefinitionByName: %v %v", d, err)
			}
		}()
	}
	wg.Wait()
	if n := calls.Load(); n != 1 {
		t.Errorf("50 parallel reads made %d requests, want 1", n)
	}
}

// A run profile read after this process wrote one of the system's profiles is never answered from
// the list taken before the write: create, update and delete each drop the shared list.
func TestRunProfileReadAfterWriteListsAgain(t *testing.T) {
	var mu sync.Mutex
	name, lists := "before", 0
	c := fakeJIM(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		switch r.Method {
		case http.MethodGet:
			lists++
			_, _ = fmt.Fprintf(w, `[{"id":7,"name":%q,"connectedSystemId":5,"runType":"FullImport","pageSize":100}]`, name)
		case http.MethodPost, http.MethodPut:
			name = "after"
			w.WriteHeader(map[string]int{http.MethodPost: 201, http.MethodPut: 200}[r.Method])
			_, _ = w.Write([]byte(`{"id":7,"name":"after","connectedSystemId":5,"runType":"FullImport","pageSize":100}`))
		case http.MethodDelete:
			name = "deleted"
			w.WriteHeader(http.StatusNoContent)
		}
	})
	ctx := context.Background()
	read := func() string {
		t.Helper()
		list, err := c.RunProfiles(ctx, 5)
		if err != nil || len(list) != 1 {
			t.Fatalf("RunProfiles: %v %v", list, err)
		}
		return list[0].Name
	}
	for _, write := range []struct {
		what string
		do   func() error
		want string
	}{
		{"update", func() error { _, err := c.UpdateRunProfile(ctx, 5, 7, RunProfileRequest{}); return err }, "after"},
		{"create", func() error {
			_, err := c.CreateRunProfile(ctx, 5, RunProfileRequest{RunType: "FullImport"})
			return err
		}, "after"},
		{"delete", func() error { return c.DeleteRunProfile(ctx, 5, 7) }, "deleted"},
	} {
		mu.Lock()
		name = "before"
		mu.Unlock()
		c.invalidateRunProfiles(5, nil)
		if got := read(); got != "before" {
			t.Fatalf("%s: first read %q", write.what, got)
		}
		if err := write.do(); err != nil {
			t.Fatalf("%s: %v", write.what, err)
		}
		if got := read(); got != write.want {
			t.Errorf("the read after the %s answered %q from the list taken before it, want %q", write.what, got, write.want)
		}
	}
}
