package acctest

import (
	"strings"
	"testing"
	"time"
)

// Helpers of the action tests (Terraform 1.14+), which drive the CLI and read what it printed.

// Invoke is the argument list of `terraform apply` invoking one action (e.g.
// "action.syncops_jim_run_profile_execute.full") and nothing else.
func Invoke(address string) []string {
	return []string{"apply", "-auto-approve", "-input=false", "-no-color", "-invoke=" + address}
}

// OneLine joins terraform's output into single-spaced text: Terraform wraps diagnostics at the
// terminal width, so a message can only be searched for in the output made one line.
func OneLine(out string) string {
	return strings.Join(strings.Fields(out), " ")
}

// WhenReady runs then on another goroutine as soon as ready holds (checked every 50 ms, until
// the test ends): a test lets the emulator's held work go only once the provider has shown that
// it waits for it, however slow the machine. ready and then must not use t.
func WhenReady(t testing.TB, ready func() bool, then func()) {
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
