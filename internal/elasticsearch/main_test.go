package elasticsearch_test

import (
	"testing"

	"github.com/syncops/terraform-provider-syncops/internal/acctest"
)

// TestMain removes the binaries the tests build once and share (acctest.SharedDir).
func TestMain(m *testing.M) { acctest.Main(m) }
