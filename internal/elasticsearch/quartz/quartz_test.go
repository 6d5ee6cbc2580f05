package quartz

import "testing"

func TestValidate(t *testing.T) {
	valid := []string{"0 0 0 * * ?", "0 */15 * ? * MON-FRI", "0 0 12 1W * ?", "0 0 0 L * ?", "0 30 2 ? * 6#3", "0 0 0 * JAN,JUL ? 2030", "0 0 8-18/2 ? * *", "0 0 0 ? * 7L",
		// Valid for Elasticsearch's Cron although odd: no year bounds, increment 0 (taken as 1),
		// "/n" for "*/n".
		"0 0 0 * * ? 1800", "0 0 0 * * ? 2150", "0 */0 0 * * ?", "0 /15 * * * ?"}
	for _, s := range valid {
		if err := Validate(s); err != nil {
			t.Errorf("Validate(%q) = %v, want nil", s, err)
		}
	}
	invalid := []string{"", "0 0 * * *", "0 0 0 * * *", "0 0 0 ? * ?", "60 0 0 * * ?", "0 0 24 * * ?", "0 0 0 32 * ?", "0 0 0 * 13 ?", "0 0 0 ? * 8", "0 0 0 * FOO ?", "a b c d e f", "0 0 0 * * ? 2030 x",
		// Refused by Elasticsearch's Cron: L in a list, two "nth" days, a backward year range.
		"0 0 0 L,15 * ?", "0 0 0 ? * 6L,2", "0 0 0 ? * 1#2,3#1", "0 0 0 * * ? 2030-2020", "0 */60 * * * ?"}
	for _, s := range invalid {
		if err := Validate(s); err == nil {
			t.Errorf("Validate(%q) = nil, want an error", s)
		}
	}
}
