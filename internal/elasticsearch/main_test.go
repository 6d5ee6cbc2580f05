package elasticsearch_test

import (
	"testing"

	"github.com/syncops/terraform-provider-syncops/internal/acctest"
)

// TestMain removes the provider binary that the CLI scenarios build (acctest.BuildProvider).
func TestMain(m *testing.M) { acctest.Main(m) }
