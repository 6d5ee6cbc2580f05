package main

import (
	"bufio"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The command prints "listening on http://ADDR" once it answers, serves every platform, and
// stops cleanly (exit 0) on SIGINT and on SIGTERM.
func TestCommandListensAndStopsCleanly(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "syncops-emulator")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		cmd := exec.Command(bin, "-listen", "127.0.0.1:0", "-job-delay", "100ms")
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		line, err := bufio.NewReader(stdout).ReadString('\n')
		if err != nil || !strings.HasPrefix(line, "listening on http://127.0.0.1:") {
			_ = cmd.Process.Kill()
			t.Fatalf("first line %q (%v), want \"listening on http://ADDR\"", line, err)
		}
		url := strings.TrimSpace(strings.TrimPrefix(line, "listening on "))
		resp, err := http.Get(url + "/_emulator/state")
		if err != nil {
			_ = cmd.Process.Kill()
			t.Fatalf("the emulator printed its address before answering: %v", err)
		}
		_ = resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("GET /_emulator/state: HTTP %d", resp.StatusCode)
		}
		_ = cmd.Process.Signal(sig)
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("after %v the emulator exited with %v, want a clean exit", sig, err)
			}
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Signal(os.Kill)
			t.Fatalf("the emulator did not stop within 10s of %v", sig)
		}
	}
}
