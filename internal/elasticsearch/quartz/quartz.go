// Package quartz checks Quartz-style cron expressions the way Elasticsearch's Cron class does
// (connector scheduling intervals such as "0 0 0 * * ?"), so that a plan-time error and the
// server's 400 agree. The emulator has its own copy of Elasticsearch's parser; both run the table
// of Elasticsearch's answers in internal/testdata/elasticsearch/cron.json.
package quartz

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

type field struct {
	name     string
	min, max int
	names    map[string]int
	// question allows "?" (day-of-month and day-of-week only).
	question bool
	// special allows the L / W / # forms of day-of-month and day-of-week.
	special string
}

var months = map[string]int{"JAN": 1, "FEB": 2, "MAR": 3, "APR": 4, "MAY": 5, "JUN": 6, "JUL": 7, "AUG": 8, "SEP": 9, "OCT": 10, "NOV": 11, "DEC": 12}
var weekdays = map[string]int{"SUN": 1, "MON": 2, "TUE": 3, "WED": 4, "THU": 5, "FRI": 6, "SAT": 7}

var fields = []field{
	{name: "seconds", min: 0, max: 59},
	{name: "minutes", min: 0, max: 59},
	{name: "hours", min: 0, max: 23},
	{name: "day-of-month", min: 1, max: 31, question: true, special: "dom"},
	{name: "month", min: 1, max: 12, names: months},
	{name: "day-of-week", min: 1, max: 7, names: weekdays, question: true, special: "dow"},
	// Elasticsearch checks no bounds on years (only that a range does not go backwards).
	{name: "year", min: 0, max: math.MaxInt32},
}

// Validate returns nil for a valid expression, else an error that says which field is wrong.
// The form is "sec min hour day-of-month month day-of-week [year]", and exactly one of
// day-of-month and day-of-week must be "?". It accepts what Elasticsearch accepts
// (internal/testdata/elasticsearch/cron.json), with deliberate exceptions where Elasticsearch's
// parser reads less than it was given and so schedules something other than what was written:
// fields after the year, characters after a value ("5X", "*X", "?X", "JANUARY", "MON-FRI-SAT"),
// empty list elements, negative increments, "L" outside the day fields, and values it leaves
// unchecked ("0W", "9#2") are refused here.
func Validate(expr string) error {
	parts := strings.Fields(expr)
	if len(parts) < 6 || len(parts) > 7 {
		return fmt.Errorf("invalid cron expression [%s]: want 6 or 7 space-separated fields (seconds minutes hours day-of-month month day-of-week [year]), got %d", expr, len(parts))
	}
	for i, p := range parts {
		if err := checkField(fields[i], strings.ToUpper(p)); err != nil {
			return fmt.Errorf("invalid cron expression [%s]: %s field [%s]: %w", expr, fields[i].name, p, err)
		}
	}
	domQ, dowQ := parts[3] == "?", parts[5] == "?"
	switch {
	case domQ && dowQ:
		return fmt.Errorf("invalid cron expression [%s]: '?' can only be specified for day-of-month -OR- day-of-week", expr)
	case !domQ && !dowQ:
		return fmt.Errorf("invalid cron expression [%s]: support for specifying both a day-of-week AND a day-of-month parameter is not implemented; use '?' in one of them", expr)
	}
	return nil
}

func checkField(f field, s string) error {
	if s == "?" {
		if !f.question {
			return fmt.Errorf("'?' is only allowed in day-of-month and day-of-week")
		}
		return nil
	}
	if f.special != "" && strings.Contains(s, "L") && strings.Contains(s, ",") {
		return fmt.Errorf("'L' cannot be combined with other days in a list")
	}
	if f.special == "dow" && strings.Count(s, "#") > 1 {
		return fmt.Errorf("only one \"nth\" day ('#') is supported")
	}
	for _, item := range strings.Split(s, ",") {
		if err := checkItem(f, item); err != nil {
			return err
		}
	}
	return nil
}

func checkItem(f field, item string) error {
	if item == "" {
		return fmt.Errorf("empty list element")
	}
	switch f.special {
	case "dom":
		if item == "L" || item == "LW" {
			return nil
		}
		if strings.HasPrefix(item, "L-") {
			n, err := strconv.Atoi(item[2:])
			if err != nil || n < 0 || n > 30 {
				return fmt.Errorf("offset from last day must be between 0 and 30")
			}
			return nil
		}
		if strings.HasSuffix(item, "W") {
			return checkValue(f, strings.TrimSuffix(item, "W"))
		}
	case "dow":
		if item == "L" {
			return nil
		}
		if strings.HasSuffix(item, "L") {
			return checkValue(f, strings.TrimSuffix(item, "L"))
		}
		if d, n, ok := strings.Cut(item, "#"); ok {
			if err := checkValue(f, d); err != nil {
				return err
			}
			k, err := strconv.Atoi(n)
			if err != nil || k < 1 || k > 5 {
				return fmt.Errorf("a value after '#' must be between 1 and 5")
			}
			return nil
		}
	}
	base, step, hasStep := strings.Cut(item, "/")
	if hasStep {
		// Elasticsearch takes an increment of 0 as 1, and "/n" as "*/n". It bounds the increment
		// only after "*" (or nothing): "0/60" is accepted.
		n, err := strconv.Atoi(step)
		if err != nil || n < 0 || (f.name != "year" && (base == "" || base == "*") && n > f.max) {
			return fmt.Errorf("increment [%s] must be a number between 0 and %d", step, f.max)
		}
		if base == "" {
			return nil
		}
		// A year with an increment runs up to Elasticsearch's last year (100 years from now), so
		// it must not start after it.
		if y, err := strconv.Atoi(base); err == nil && f.name == "year" && y > lastYear() {
			return fmt.Errorf("a year with an increment must not start after %d", lastYear())
		}
	}
	if base == "*" {
		return nil
	}
	if lo, hi, ok := strings.Cut(base, "-"); ok {
		if err := checkValue(f, lo); err != nil {
			return err
		}
		if err := checkValue(f, hi); err != nil {
			return err
		}
		if l, err := strconv.Atoi(lo); err == nil && f.name == "year" {
			if h, _ := strconv.Atoi(hi); h < l {
				return fmt.Errorf("a year range must not go backwards")
			}
		}
		return nil
	}
	return checkValue(f, base)
}

// lastYear is the Cron class's MAX_YEAR: the current year plus 100.
func lastYear() int { return time.Now().UTC().Year() + 100 }

func checkValue(f field, s string) error {
	if v, ok := f.names[s]; ok && v > 0 {
		return nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return fmt.Errorf("[%s] is not a number in %d-%d", s, f.min, f.max)
	}
	if n < f.min || n > f.max {
		return fmt.Errorf("value %d is out of range %d-%d", n, f.min, f.max)
	}
	return nil
}
