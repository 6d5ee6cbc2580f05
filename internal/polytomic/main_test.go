package polytomic_test

import (
	"bufio"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/syncops/terraform-provider-syncops/internal/acctest"
	emupolytomic "github.com/syncops/terraform-provider-syncops/internal/emulator/polytomic"
)

// secretPrefix starts every secret the acceptance tests use, so that logs and state can be
// searched for any of them.
const secretPrefix = "pw-SECRET-"

// TestMain turns provider logging to TRACE into a file (unless the caller chose TF_LOG) and,
// after every test, fails the run if any provider log line holds a secret: the write-only
// values and the API key must never reach the logs. acctest.Run removes what the tests shared.
func TestMain(m *testing.M) {
	var logDir, logFile string
	if os.Getenv("TF_ACC") != "" && os.Getenv("TF_LOG") == "" && os.Getenv("TF_LOG_PATH") == "" && os.Getenv("TF_ACC_LOG_PATH") == "" {
		dir, err := os.MkdirTemp("", "polytomic-logs-")
		if err == nil {
			logDir, logFile = dir, filepath.Join(dir, "provider.log")
			if err := errors.Join(os.Setenv("TF_LOG", "TRACE"), os.Setenv("TF_LOG_PATH", logFile)); err != nil {
				fmt.Fprintln(os.Stderr, "provider TRACE logs not checked: setting TF_LOG:", err)
				logFile = ""
			}
		}
	}
	code := acctest.Run(m)
	if logFile != "" && code == 0 {
		if err := checkLogs(logFile); err != nil {
			fmt.Fprintln(os.Stderr, "FAIL: provider TRACE logs:", err)
			code = 1
		}
	}
	// Removed here, not deferred: os.Exit skips deferred calls.
	if logDir != "" {
		if err := os.RemoveAll(logDir); err != nil {
			fmt.Fprintln(os.Stderr, "removing the provider log directory:", err)
		}
	}
	os.Exit(code)
}

var logEntryStart = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T`)

// loggedSecrets must never appear in a provider log line: the test secrets, the API key, the
// deployment key and the Basic credential built from it (TestAccProviderBlock_credentials).
var loggedSecrets = []string{
	secretPrefix, testAPIKey, emupolytomic.DefaultDeploymentKey,
	base64.StdEncoding.EncodeToString([]byte(emupolytomic.DefaultOrganizationID + ":" + emupolytomic.DefaultDeploymentKey)),
}

// checkLogs scans provider log entries (not the test harness's own entries, which echo the test
// configuration) for secrets, and checks that requests were logged at all.
func checkLogs(path string) error {
	f, err := os.Open(path)
	if os.IsNotExist(err) {
		// No test of this run logged through the provider (go test -run picked a test that drives
		// the CLI with its own log settings): nothing to check.
		return nil
	}
	if err != nil {
		return err
	}
	defer func() { _ = f.Close() }()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	harness := false
	requests := 0
	for sc.Scan() {
		line := sc.Text()
		if logEntryStart.MatchString(line) {
			harness = strings.Contains(line, "sdk.helper_resource") || strings.Contains(line, "helper_resource:")
			if strings.Contains(line, "API request") && strings.Contains(line, "Polytomic") {
				requests++
			}
		}
		if harness {
			continue
		}
		for _, s := range loggedSecrets {
			if strings.Contains(line, s) {
				return fmt.Errorf("a secret (%s...) appears in a provider log line: %.200s", s[:6], line)
			}
		}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	if requests == 0 {
		return fmt.Errorf("no Polytomic request was logged: the log check saw nothing to check")
	}
	return nil
}
