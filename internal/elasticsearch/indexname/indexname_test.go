package indexname

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestElasticsearchTable runs every row of Elasticsearch's answers, the table the emulator's tests
// also run: the plan-time check must accept exactly what Elasticsearch accepts and say what it says.
func TestElasticsearchTable(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "elasticsearch", "index_names.json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Cases []struct {
			Input, Message, Source string
			Valid                  bool
		}
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Cases) < 40 {
		t.Fatalf("only %d cases", len(doc.Cases))
	}
	for _, c := range doc.Cases {
		err := Validate(c.Input)
		switch {
		case c.Valid && err != nil:
			t.Errorf("Validate(%q) = %v, want nil (%s)", c.Input, err, c.Source)
		case !c.Valid && err == nil:
			t.Errorf("Validate(%q) = nil, want %q (%s)", c.Input, c.Message, c.Source)
		case !c.Valid && !strings.Contains(err.Error(), c.Message):
			t.Errorf("Validate(%q) = %q, want it to contain %q (%s)", c.Input, err, c.Message, c.Source)
		}
	}
}

func TestValidateNative(t *testing.T) {
	if err := ValidateNative("search-x"); err == nil || !strings.Contains(err.Error(), "must start with the prefix: [content-]") {
		t.Errorf("ValidateNative(search-x) = %v", err)
	}
	if err := ValidateNative("content-x"); err != nil {
		t.Errorf("ValidateNative(content-x) = %v", err)
	}
}
