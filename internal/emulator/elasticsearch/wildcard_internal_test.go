package elasticsearch

import "testing"

// The list query is a wildcard "*<q>*": * and ? match any characters, \ escapes, case-sensitive.
func TestListQueryIsAWildcard(t *testing.T) {
	for _, tc := range []struct {
		pattern, s string
		want       bool
	}{
		{"*wiki*", "Team wiki", true}, {"*Wiki*", "Team wiki", false}, {"*w?ki*", "Team wiki", true},
		{`*C:\docs*`, `C:\docs`, false}, {`*C:\docs*`, `C:docs`, true}, {`*a\*b*`, "xa*bx", true}, {`*a\*b*`, "xaxbx", false},
	} {
		if got := wildcardMatch(tc.pattern, tc.s); got != tc.want {
			t.Errorf("wildcardMatch(%q, %q) = %v, want %v", tc.pattern, tc.s, got, tc.want)
		}
	}
}
