package jim

import (
	"strconv"
	"strings"
	"testing"
)

// Connected system import ids: a positive integer (spaces around it allowed), nothing else.
func FuzzParseID(f *testing.F) {
	for _, s := range []string{"12", " 12 ", "0", "-1", "+7", "1e3", "0x10", "", "12/7", "9223372036854775807", "9223372036854775808", "١٢", "12\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		id, err := parseID(s)
		if err != nil {
			if !strings.Contains(err.Error(), "not a JIM connected system id") {
				t.Errorf("unclear error for %q: %v", s, err)
			}
			return
		}
		if id <= 0 {
			t.Fatalf("%q parsed to %d", s, id)
		}
		if back, _ := strconv.ParseInt(strings.TrimSpace(s), 10, 64); back != id {
			t.Fatalf("%q parsed to %d", s, id)
		}
	})
}
