package quartz

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// TestElasticsearchTable runs every row of Elasticsearch's answers (the emulator's tests run the
// same table): the plan-time check accepts what Elasticsearch accepts and refuses what it refuses.
func TestElasticsearchTable(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "elasticsearch", "cron.json"))
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
	if len(doc.Cases) < 60 {
		t.Fatalf("only %d cases", len(doc.Cases))
	}
	for _, c := range doc.Cases {
		err := Validate(c.Input)
		if why, ok := stricter[c.Input]; ok {
			if !c.Valid || err == nil {
				t.Errorf("%q is listed as refused on purpose (%s), but Elasticsearch valid=%v and Validate = %v", c.Input, why, c.Valid, err)
			}
			delete(stricter, c.Input)
			continue
		}
		switch {
		case c.Valid && err != nil:
			t.Errorf("Validate(%q) = %v, want nil as Elasticsearch (%s)", c.Input, err, c.Source)
		case !c.Valid && err == nil:
			t.Errorf("Validate(%q) = nil, want an error as Elasticsearch's %q (%s)", c.Input, c.Message, c.Source)
		}
	}
	for input := range stricter {
		t.Errorf("%q is listed as refused on purpose but is not in the table", input)
	}
}

// stricter lists the rows Elasticsearch accepts and the plan-time check refuses on purpose: in each,
// Elasticsearch's parser reads less than it was given, so the schedule would not be the one written.
var stricter = map[string]string{
	"0 0 0 * * ? 2030 extra": "fields after the year are ignored",
	"0 */-1 * * * ?":         "a negative increment is taken as 1",
	"0 1,,2 * * * ?":         "an empty list element is skipped",
	"0 0 0 * JANUARY ?":      "only JAN is read",
	"0 0 0 ? * MON-FRI-SAT":  "-SAT is not read",
	"5X 0 0 * * ?":           "the X is not read",
	"0 0 0 0W * ?":           "day 0 is not range-checked before W",
	"0 0 0 ? * 9#2":          "day 9 is not range-checked before #",
}
