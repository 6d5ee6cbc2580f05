package acctest

import (
	"strings"
	"testing"
)

// This package's TestMain is not Main: SharedDir, and so every binary build, must refuse rather than
// leave a directory that nothing removes.
func TestSharedDirRefusedWithoutMain(t *testing.T) {
	dir, err := SharedDir("syncops-refused-")
	if err == nil || !strings.Contains(err.Error(), "acctest.Main") {
		t.Fatalf("SharedDir = %q, %v; want a refusal naming acctest.Main", dir, err)
	}
	if len(sharedDirs) != 0 {
		t.Errorf("a refused SharedDir recorded %v", sharedDirs)
	}
}
