package jim_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/syncops/terraform-provider-syncops/internal/acctest"
	emujim "github.com/syncops/terraform-provider-syncops/internal/emulator/jim"
)

// Destroy of a connected system: JIM completes small deletions at once and queues big ones (or
// ones behind a running sync); destroy returns only once the system is gone.
//
// A test whose last step destroys leaves no state, and the harness runs a TestCase's CheckDestroy
// only on a state that still holds resources: those tests assert the deletion in the Check of
// their destroy step, which runs after the destroy.

// activityProgressRoute is the route of the endpoint the provider polls while a deletion is queued.
const activityProgressRoute = "GET /api/v1/activities/{id}/progress"

type deletion struct {
	ID                  int64 `json:"id"`
	DeleteChangeHistory bool  `json:"deleteChangeHistory"`
	// Deprovisioning is synchronisedDeprovisioning as the DELETE sent it (nil when absent).
	Deprovisioning *string `json:"synchronisedDeprovisioning"`
	Outcome        string  `json:"outcome"`
	ActivityID     string  `json:"activityId"`
}

func deletions(emu *acctest.Emulator) []deletion {
	var out []deletion
	emu.Call("GET", "/_emulator/jim/deletions", nil, &out)
	return out
}

// once runs then as soon as ready holds (checked every 50 ms, until the test ends): JIM's queued
// work is let go only after the provider has shown that it waits for it, however slow the machine.
// ready and then run on another goroutine: they use the emulators' Go methods, not t.
func once(t *testing.T, ready func() bool, then func()) {
	stop, done := make(chan struct{}), make(chan struct{})
	t.Cleanup(func() { close(stop); <-done })
	go func() {
		defer close(done)
		for !ready() {
			select {
			case <-stop:
				return
			case <-time.After(50 * time.Millisecond):
			}
		}
		then()
	}()
}

// pollingActivity holds once JIM has queued a deletion and the provider has asked for its
// activity's progress: the provider is waiting for the deletion.
func pollingActivity(emu *acctest.Emulator, jim *emujim.Emulator) func() bool {
	return func() bool {
		return len(jim.Deletions()) == 1 && emu.Server.Stats().Requests(activityProgressRoute) > 0
	}
}

// deletionDone checks that JIM deleted the test's one connected system the given way and that the
// deletion is over: JIM answers 404 for the system, the deletion's activity is Complete, and the
// provider followed the activity while it ran.
func deletionDone(emu *acctest.Emulator, outcome string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		d := deletions(emu)
		if len(d) != 1 || d[0].Outcome != outcome {
			return fmt.Errorf("want one %s deletion, got %+v", outcome, d)
		}
		// Later JIM releases deprovision unless told not to: the default says false explicitly.
		if d[0].Deprovisioning == nil || *d[0].Deprovisioning != "false" {
			return fmt.Errorf("the DELETE did not send synchronisedDeprovisioning=false: %+v", d[0])
		}
		if status, body := emu.Raw("GET", "/api/v1/synchronisation/connected-systems/"+strconv.FormatInt(d[0].ID, 10), nil, apiHeader()); status != http.StatusNotFound {
			return fmt.Errorf("destroy returned while JIM still has connected system %d: HTTP %d %s", d[0].ID, status, body)
		}
		var act struct {
			Status string `json:"status"`
		}
		status, body := emu.Raw("GET", "/api/v1/activities/"+d[0].ActivityID, nil, apiHeader())
		if status != http.StatusOK {
			return fmt.Errorf("the deletion's activity %s: HTTP %d %s", d[0].ActivityID, status, body)
		}
		if err := json.Unmarshal(body, &act); err != nil {
			return fmt.Errorf("the deletion's activity: %w in %s", err, body)
		}
		if act.Status != "Complete" {
			return fmt.Errorf("the deletion's activity is %s, want Complete", act.Status)
		}
		if emu.Requests(activityProgressRoute) == 0 {
			return fmt.Errorf("the provider never asked for the progress of the deletion's activity")
		}
		return checkDestroyed(emu)(nil)
	}
}

// A deletion JIM runs as a background job: destroy returns only once the job has finished and the
// system is gone. JIM's worker stands still until the provider is seen polling the deletion's
// activity, so a destroy that returned when the deletion was queued would leave it Deleting.
func TestAccConnectedSystem_queuedDelete(t *testing.T) {
	t.Parallel()
	emu, jim := startJIMWorker(t)
	config := fileSystem(emu.URL, "Big", `timeouts { delete = "3m" }`)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config,
				Check: withID(func(id string) {
					emu.Call("POST", "/_emulator/jim/connected-systems/"+id+"/objects", map[string]int{"count": 1500}, nil)
				}),
			},
			{
				PreConfig: func() {
					jim.SetWorkerPaused(true)
					once(t, pollingActivity(emu, jim), func() { jim.SetWorkerPaused(false) })
				},
				Config:  config,
				Destroy: true,
				Check:   deletionDone(emu, "QueuedAsBackgroundJob"),
			},
		},
	})
}

func TestAccConnectedSystem_immediateDeleteWithHistory(t *testing.T) {
	t.Parallel()
	emu := startJIM(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy: resource.ComposeTestCheckFunc(checkDestroyed(emu), func(*terraform.State) error {
			d := deletions(emu)
			if len(d) != 1 || d[0].Outcome != "CompletedImmediately" || !d[0].DeleteChangeHistory ||
				d[0].Deprovisioning == nil || *d[0].Deprovisioning != "true" {
				return fmt.Errorf("want one CompletedImmediately deletion with deleteChangeHistory=true and synchronisedDeprovisioning=true, got %+v", d)
			}
			return nil
		}),
		Steps: []resource.TestStep{
			{Config: fileSystem(emu.URL, "Small", "")},
			{
				// Changing only delete_change_history and synchronised_deprovisioning calls no API.
				Config: fileSystem(emu.URL, "Small", "delete_change_history = true\n  synchronised_deprovisioning = true"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(resName, plancheck.ResourceActionUpdate)},
				},
				Check: func(*terraform.State) error {
					if n := emu.Requests("PUT /api/v1/synchronisation/connected-systems/{id}"); n != 1 {
						return fmt.Errorf("want exactly the 1 settings PUT of the create, got %d PUTs", n)
					}
					return nil
				},
			},
		},
	})
}

// A deletion queued behind a running sync: destroy waits for the sync to end and the deletion to
// run. The sync ends only once the provider is seen polling the queued deletion's activity, so no
// sleep decides the outcome, and a destroy that did not wait would leave the system in JIM.
func TestAccConnectedSystem_queuedAfterSync(t *testing.T) {
	t.Parallel()
	emu, jim := startJIMWorker(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             deletionDone(emu, "QueuedAfterSync"),
		Steps: []resource.TestStep{
			{
				Config: fileSystem(emu.URL, "Syncing", `timeouts { delete = "3m" }`),
				Check: withID(func(id string) {
					n, err := strconv.Atoi(id)
					if err != nil {
						t.Fatal(err)
					}
					if err := jim.SetRunningSync(n, true); err != nil {
						t.Fatal(err)
					}
					once(t, func() bool {
						d := jim.Deletions()
						return len(d) == 1 && d[0].Outcome == "QueuedAfterSync" && emu.Server.Stats().Requests(activityProgressRoute) > 0
					}, func() { _ = jim.SetRunningSync(n, false) })
				}),
			},
		},
	})
}

func TestAccConnectedSystem_failedBackgroundDelete(t *testing.T) {
	t.Parallel()
	emu := startJIM(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             checkDestroyed(emu),
		Steps: []resource.TestStep{
			{
				Config: fileSystem(emu.URL, "Stubborn", ""),
				Check: withID(func(id string) {
					emu.Call("POST", "/_emulator/jim/connected-systems/"+id+"/objects", map[string]int{"count": 2000}, nil)
					emu.Call("POST", "/_emulator/jim/fail-next-deletion", map[string]string{"message": "disk quota exceeded on worker"}, nil)
				}),
			},
			{
				Config:      fileSystem(emu.URL, "Stubborn", ""),
				Destroy:     true,
				ExpectError: regexp.MustCompile(`(?s)FailedWithError.*disk quota exceeded on worker`),
			},
			{
				// The failed deletion kept the system in state and in JIM: a plan is empty, and the
				// final destroy of the test succeeds.
				Config: fileSystem(emu.URL, "Stubborn", ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: func(*terraform.State) error {
					if n := emu.Count("jim", "connectedSystems"); n != 1 {
						return fmt.Errorf("want the system still in JIM after a failed deletion, emulator holds %d", n)
					}
					return nil
				},
			},
		},
	})
}

func TestAccConnectedSystem_deleteTimeoutThenResume(t *testing.T) {
	t.Parallel()
	emu, jim := startJIMWorker(t)
	var id string
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				// A queued deletion that cannot end while the sync runs: the test, not the clock,
				// decides when it finishes. The delete timeout only has to outlast the DELETE itself,
				// so that destroy gives up while waiting (5 s: room for a loaded machine).
				Config: fileSystem(emu.URL, "Slow", `timeouts { delete = "5s" }`),
				Check: withID(func(got string) {
					id = got
					emu.Call("POST", "/_emulator/jim/connected-systems/"+id+"/objects", map[string]int{"count": 5000}, nil)
					emu.Call("POST", "/_emulator/jim/connected-systems/"+id+"/running-sync", map[string]bool{"running": true}, nil)
				}),
			},
			{
				Config:      fileSystem(emu.URL, "Slow", `timeouts { delete = "5s" }`),
				Destroy:     true,
				ExpectError: regexp.MustCompile(`(?s)timed out after .*waiting\s+for\s+the\s+deletion\s+of\s+JIM\s+connected\s+system.*resumes\s+waiting`),
			},
			{
				// A longer timeout (no API call to change it); the system is still in JIM and in
				// state, and the plan is empty.
				Config: fileSystem(emu.URL, "Slow", `timeouts { delete = "3m" }`),
				Check: func(*terraform.State) error {
					if n := len(deletions(emu)); n != 1 {
						return fmt.Errorf("want 1 deletion started so far, got %d", n)
					}
					return nil
				},
			},
			{
				// The sync ends; destroy again finds the system already being deleted and waits for
				// it to go, without starting a second deletion. The worker stands still until the
				// provider, answered "already being deleted", is seen polling the system.
				PreConfig: func() {
					jim.SetWorkerPaused(true)
					emu.Call("POST", "/_emulator/jim/connected-systems/"+id+"/running-sync", map[string]bool{"running": false}, nil)
					const (
						deleteRoute = "DELETE /api/v1/synchronisation/connected-systems/{id}"
						getRoute    = "GET /api/v1/synchronisation/connected-systems/{id}"
					)
					stats := emu.Server.Stats()
					getsAtDelete := -1
					once(t, func() bool {
						if getsAtDelete < 0 && stats.Requests(deleteRoute) == 2 {
							getsAtDelete = stats.Requests(getRoute)
						}
						return getsAtDelete >= 0 && stats.Requests(getRoute) > getsAtDelete
					}, func() { jim.SetWorkerPaused(false) })
				},
				Config:  fileSystem(emu.URL, "Slow", `timeouts { delete = "3m" }`),
				Destroy: true,
				Check:   deletionDone(emu, "QueuedAfterSync"),
			},
		},
	})
}

// A synchronous deletion that fails is a 400 whose message is JIM's error. Even when that message
// says "not found" (of a file, say), the system still exists: destroy must fail and keep it.
func TestAccConnectedSystem_failedImmediateDelete(t *testing.T) {
	t.Parallel()
	emu := startJIM(t)
	config := fileSystem(emu.URL, "Fragile", "")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             checkDestroyed(emu),
		Steps: []resource.TestStep{
			{
				Config: config,
				Check: func(*terraform.State) error {
					emu.Call("POST", "/_emulator/jim/fail-next-deletion", map[string]any{"message": "Export file not found on the worker", "immediate": true}, nil)
					return nil
				},
			},
			{
				Config:      config,
				Destroy:     true,
				ExpectError: regexp.MustCompile(`(?s)Unable to delete JIM connected system.*Export file not found on the worker`),
			},
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: func(*terraform.State) error {
					if n := emu.Count("jim", "connectedSystems"); n != 1 {
						return fmt.Errorf("want the system still in JIM after a failed deletion, emulator holds %d", n)
					}
					return nil
				},
			},
		},
	})
}
