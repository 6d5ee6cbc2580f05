package examples

import (
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/syncops/terraform-provider-syncops/internal/acctest"
	emues "github.com/syncops/terraform-provider-syncops/internal/emulator/elasticsearch"
	emuhaven "github.com/syncops/terraform-provider-syncops/internal/emulator/haven"
	emujim "github.com/syncops/terraform-provider-syncops/internal/emulator/jim"
	emupolytomic "github.com/syncops/terraform-provider-syncops/internal/emulator/polytomic"
)

// repoRoot is the checkout's top directory (the tests run in internal/examples).
func repoRoot(t testing.TB) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// buildDrift builds cmd/syncops-drift once per test process and returns the binary's path.
func buildDrift(t testing.TB) string {
	t.Helper()
	return acctest.BuildBinary(t, "github.com/syncops/terraform-provider-syncops/cmd/syncops-drift", "syncops-drift")
}

// startEmulator starts an emulator of the four platforms with their default credentials, quick
// background jobs and no JIM rate limit.
func startEmulator(t testing.TB) *acctest.Emulator {
	t.Helper()
	jo := emujim.DefaultOptions()
	jo.JobDelay = 100 * time.Millisecond
	jo.RateLimit = 0
	return acctest.StartEmulator(t,
		emujim.New(jo),
		emupolytomic.New(emupolytomic.Options{}),
		emues.New(emues.Options{}),
		emuhaven.New(emuhaven.Options{JobDelay: 100 * time.Millisecond}),
	)
}

// platformEnv points the provider at the emulator through each platform's environment variables,
// as a user's CI does with the real servers.
func platformEnv(url string) []string {
	return []string{
		"JIM_URL=" + url, "JIM_API_KEY=" + emujim.DefaultAPIKey,
		"POLYTOMIC_DEPLOYMENT_URL=" + url, "POLYTOMIC_API_KEY=" + emupolytomic.DefaultAPIKey,
		"ELASTICSEARCH_ENDPOINTS=" + url, "ELASTICSEARCH_API_KEY=" + emues.DefaultAPIKey,
		"HAVEN_URL=" + url, "HAVEN_API_KEY=" + emuhaven.DefaultAPIKey,
	}
}

// copyTree copies the files under src into dst, replacing files of the same name.
func copyTree(t testing.TB, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			if d.Name() == ".terraform" {
				return filepath.SkipDir
			}
			return os.MkdirAll(target, 0o750)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o600)
	})
	if err != nil {
		t.Fatalf("copying %s: %v", src, err)
	}
}

// exitCode is the exit status of a finished command, or -1 when it did not run.
func exitCode(err error) int {
	if err == nil {
		return 0
	}
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ExitCode()
	}
	return -1
}
