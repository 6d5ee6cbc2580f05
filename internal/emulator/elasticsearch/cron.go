package elasticsearch

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// A connector's scheduling interval is parsed by org.elasticsearch.xpack.core.scheduler.Cron, a
// fork of Quartz's CronExpression. The emulator reads an expression the way that parser does,
// quirks included (it reads only the first three letters of a name, ignores what follows a number
// it does not expect, takes "*/0" as "*/1", has no bound on years...), because the emulator stands
// for Elasticsearch. The answers it must give are in internal/testdata/elasticsearch/cron.json.

// cronProblem returns nil when Elasticsearch accepts expr, else the error it raises: the reason
// "invalid cron expression [<expr as sent>]" caused by "illegal cron expression format [<java
// exception>]".
func cronProblem(expr string) *cronError {
	p := cronParser{maxYear: time.Now().UTC().Year() + 100}
	if jx := p.parse(strings.ToUpper(expr)); jx != nil {
		return &cronError{expr: expr, cause: jx}
	}
	return nil
}

type cronError struct {
	expr  string
	cause *javaException
}

func (e *cronError) reason() string { return fmt.Sprintf("invalid cron expression [%s]", e.expr) }

func (e *cronError) causeReason() string {
	return fmt.Sprintf("illegal cron expression format [%s]", e.cause)
}

// javaException is what the parser threw, printed as Java's Throwable.toString() prints it.
type javaException struct{ class, message string }

func (j *javaException) String() string {
	if j.message == "" {
		return j.class
	}
	return j.class + ": " + j.message
}

func illegal(format string, a ...any) *javaException {
	return &javaException{"java.lang.IllegalArgumentException", fmt.Sprintf(format, a...)}
}

// The fields of an expression, in order.
const (
	cronSecond = iota
	cronMinute
	cronHour
	cronDayOfMonth
	cronMonth
	cronDayOfWeek
	cronYear
)

var cronMonths = map[string]int{"JAN": 1, "FEB": 2, "MAR": 3, "APR": 4, "MAY": 5, "JUN": 6, "JUL": 7, "AUG": 8, "SEP": 9, "OCT": 10, "NOV": 11, "DEC": 12}
var cronDays = map[string]int{"SUN": 1, "MON": 2, "TUE": 3, "WED": 4, "THU": 5, "FRI": 6, "SAT": 7}

// cronParser keeps only what decides validity: whether each day field holds "?", whether
// day-of-month holds the "*" marker (the parser's sets keep "?" as 98 and "*" as 99, and the
// day-of-week "?" check looks at the largest value of day-of-month), whether it holds anything,
// and the "last day of month" flag.
type cronParser struct {
	maxYear      int
	question     [7]bool
	star         [7]bool
	filled       [7]bool
	lastDayMonth bool
}

// outOfBounds is Java's StringIndexOutOfBoundsException: the parser reads past the end of an item
// in several places, and Elasticsearch reports that exception as it is.
type outOfBounds struct{ message string }

func (p *cronParser) parse(expr string) (failure *javaException) {
	defer func() {
		if r := recover(); r != nil {
			oob, ok := r.(outOfBounds)
			if !ok {
				panic(r)
			}
			failure = &javaException{"java.lang.StringIndexOutOfBoundsException", oob.message}
		}
	}()
	field := cronSecond
	for _, token := range strings.FieldsFunc(expr, func(r rune) bool { return r == ' ' || r == '\t' }) {
		if field > cronYear {
			break // fields after the year are never read
		}
		token = javaTrim(token)
		if field == cronDayOfMonth && strings.Contains(token, "L") && len(token) > 1 && strings.Contains(token, ",") {
			return illegal("support for specifying 'L' and 'LW' with other days of the month is not implemented")
		}
		if field == cronDayOfWeek && strings.Contains(token, "L") && len(token) > 1 && strings.Contains(token, ",") {
			return illegal("support for specifying 'L' with other days of the week is not implemented")
		}
		if field == cronDayOfWeek && strings.Count(token, "#") > 1 {
			return illegal(`support for specifying multiple "nth" days is not implemented.`)
		}
		for _, item := range strings.Split(token, ",") {
			if item == "" {
				continue // Java's StringTokenizer skips empty list elements
			}
			if jx := p.item(item, field); jx != nil {
				return jx
			}
		}
		field++
	}
	if field <= cronDayOfWeek {
		return illegal("unexpected end of expression at pos [%d].", len(expr))
	}
	domSpecified, dowSpecified := !p.question[cronDayOfMonth], !p.question[cronDayOfWeek]
	if domSpecified == dowSpecified {
		return illegal("support for specifying both a day-of-week AND a day-of-month parameter is not implemented.")
	}
	return nil
}

// javaTrim is String.trim(): it drops every character up to U+0020 at both ends.
func javaTrim(s string) string {
	return strings.TrimFunc(s, func(r rune) bool { return r <= ' ' })
}

// isLastOffset is the parser's s.matches("^L-[0-9]*[W]?").
func isLastOffset(s string) bool {
	if !strings.HasPrefix(s, "L-") {
		return false
	}
	return strings.TrimSuffix(strings.TrimLeft(s[2:], "0123456789"), "W") == ""
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// at is s.charAt(i).
func at(s string, i int) byte {
	if i < 0 || i >= len(s) {
		panic(outOfBounds{fmt.Sprintf("Index %d out of bounds for length %d", i, len(s))})
	}
	return s[i]
}

// sub is s.substring(from, to).
func sub(s string, from, to int) string {
	if from < 0 || to > len(s) || from > to {
		panic(outOfBounds{fmt.Sprintf("begin %d, end %d, length %d", from, to, len(s))})
	}
	return s[from:to]
}

// parseInt is Integer.parseInt, with its NumberFormatException.
func parseInt(s string) (int, *javaException) {
	n, err := strconv.ParseInt(s, 10, 32)
	if err != nil {
		return 0, &javaException{"java.lang.NumberFormatException", `For input string: "` + s + `"`}
	}
	return int(n), nil
}

// digits reads the number that continues at s[i] after the digits already in prefix, and returns
// it with the position after it (one past the end when the number ends the item, as the parser does).
func digits(prefix int, s string, i int) (int, int, *javaException) {
	text := strconv.Itoa(prefix)
	for i < len(s) && isDigit(s[i]) {
		text += s[i : i+1]
		i++
	}
	if i >= len(s) {
		i++
	}
	n, jx := parseInt(text)
	return n, i, jx
}

// item reads one element of a comma-separated field.
func (p *cronParser) item(s string, field int) *javaException {
	c := s[0]
	switch {
	case c >= 'A' && c <= 'Z' && s != "L" && s != "LW" && !isLastOffset(s):
		return p.name(s, field)
	case c == '?':
		if len(s) > 2 {
			return illegal("illegal character [%c] after '?' at pos [1]", s[1])
		}
		if field != cronDayOfMonth && field != cronDayOfWeek {
			return illegal("'?' can only be specified for Day-of-Month or Day-of-Week. at pos [1]")
		}
		if field == cronDayOfWeek && !p.lastDayMonth {
			if !p.filled[cronDayOfMonth] {
				return &javaException{"java.util.NoSuchElementException", ""} // TreeSet.last() of an empty set
			}
			if p.question[cronDayOfMonth] && !p.star[cronDayOfMonth] {
				return illegal("'?' can only be specified for Day-of-Month -OR- Day-of-Week. at pos [1]")
			}
		}
		p.question[field], p.filled[field] = true, true
		return nil
	case c == '*' || c == '/':
		return p.every(s, field)
	case c == 'L':
		return p.last(s, field)
	case isDigit(c):
		val, i := int(c-'0'), 1
		if i >= len(s) {
			return p.add(val, -1, -1, field)
		}
		if isDigit(s[i]) {
			var jx *javaException
			if val, i, jx = digits(val, s, i); jx != nil {
				return jx
			}
		}
		return p.afterNumber(s, i, val, field)
	default:
		return illegal("Unexpected character [%c] at pos [0] ", c)
	}
}

// name reads an item that starts with a letter: a month or day name (only three letters are read),
// NAME-NAME, and for days NAME#n and NAMEL.
func (p *cronParser) name(s string, field int) *javaException {
	word := sub(s, 0, 3)
	lookup, kind := cronMonths, "Month"
	switch field {
	case cronMonth:
	case cronDayOfWeek:
		lookup, kind = cronDays, "Day-of-Week"
	default:
		return illegal("illegal characters [%s] at pos [0] '", word)
	}
	start, ok := lookup[word]
	if !ok {
		return illegal("invalid %s value [%s] at pos [0]", kind, word)
	}
	end, incr := -1, 0
	if len(s) > 3 {
		switch s[3] {
		case '-':
			word = sub(s, 4, 7)
			if end, ok = lookup[word]; !ok {
				return illegal("invalid %s value [%s] at pos [4]", kind, word)
			}
			incr = 1
		case '#':
			if field == cronDayOfWeek {
				if n, jx := parseInt(s[4:]); jx != nil || n < 1 || n > 5 {
					return illegal("a numeric value between 1 and 5 must follow the '#' option at pos [4]")
				}
			}
		}
	}
	return p.add(start, end, incr, field)
}

// every reads "*", "*/n", "/n" and "*<anything>" (which the parser reads as "*").
func (p *cronParser) every(s string, field int) *javaException {
	if s == "*" {
		return p.add(all, -1, 0, field)
	}
	if s[0] == '/' && len(s) == 1 {
		return illegal("'/' must be followed by an integer. at pos [0]")
	}
	i := 0
	if s[0] == '*' {
		i = 1
	}
	if s[i] != '/' {
		return p.add(all, -1, 1, field)
	}
	i++
	if i >= len(s) {
		return illegal("Unexpected end of string. at pos [%d]", i)
	}
	incr, jx := parseInt(s[i:])
	if jx != nil {
		return jx
	}
	pos := i + 1
	if incr > 10 {
		pos++
	}
	switch {
	case incr > 59 && (field == cronSecond || field == cronMinute):
		return illegal("increment [%d] > 60 at pos [%d]", incr, pos)
	case incr > 23 && field == cronHour:
		return illegal("increment [%d] > 24 at pos [%d]", incr, pos)
	case incr > 31 && field == cronDayOfMonth:
		return illegal("increment [%d] > 31 at pos [%d] ", incr, pos)
	case incr > 7 && field == cronDayOfWeek:
		return illegal("increment [%d] > 7 at pos [%d] ", incr, pos)
	case incr > 12 && field == cronMonth:
		return illegal("increment [%d] > 12 at pos [%d]", incr, pos)
	}
	return p.add(all, -1, incr, field)
}

// last reads "L", "LW", "L-n" and "L-nW". Outside the day fields the parser reads it and stores
// nothing.
func (p *cronParser) last(s string, field int) *javaException {
	switch field {
	case cronDayOfWeek:
		return p.add(7, 7, 0, field)
	case cronDayOfMonth:
		p.lastDayMonth = true
		if len(s) > 1 && s[1] == '-' {
			offset, _, jx := digits(0, s, 2)
			if len(s) == 2 {
				at(s, 2) // "L-": the parser reads the missing offset
			}
			if jx != nil {
				return jx
			}
			if offset > 30 {
				return illegal("offset from last day must be <= 30 at pos [2]")
			}
		}
	}
	return nil
}

// afterNumber reads what follows a number at s[i]: nL, nW, n#k, n-m, n-m/k, n/k; anything else
// ends the item.
func (p *cronParser) afterNumber(s string, i, val, field int) *javaException {
	if i >= len(s) {
		return p.add(val, -1, -1, field)
	}
	switch s[i] {
	case 'L':
		if field != cronDayOfWeek {
			return illegal("'L' option is not valid here. at pos [%d]", i)
		}
		if val < 1 || val > 7 {
			return illegal("Day-of-Week values must be between 1 and 7")
		}
		p.filled[field] = true
		return nil
	case 'W':
		if field != cronDayOfMonth {
			return illegal("'W' option is not valid here. at pos [%d]", i)
		}
		if val > 31 {
			return illegal("the 'W' option does not make sense with values larger than 31 (max number of days in a month) at pos [%d]", i)
		}
		p.filled[field] = true
		return nil
	case '#':
		if field != cronDayOfWeek {
			return illegal("'#' option is not valid here. at pos [%d]", i)
		}
		if n, jx := parseInt(s[i+1:]); jx != nil || n < 1 || n > 5 {
			return illegal("a numeric value between 1 and 5 must follow the '#' option at pos [%d]", i+1)
		}
		p.filled[field] = true
		return nil
	case '-':
		end, jx := parseInt(string(at(s, i+1)))
		if jx != nil {
			return jx
		}
		i += 2
		if i >= len(s) {
			return p.add(val, end, 1, field)
		}
		if isDigit(s[i]) {
			if end, i, jx = digits(end, s, i); jx != nil {
				return jx
			}
		}
		if i >= len(s) || s[i] != '/' {
			return p.add(val, end, 1, field)
		}
		return p.step(s, i, val, end, field, false)
	case '/':
		return p.step(s, i, val, -1, field, true)
	default:
		return p.add(val, -1, 0, field)
	}
}

// step reads the increment after the '/' at s[i]. After a range, a non-digit after the first digit
// of the increment ends the item; after a single number, it is an error.
func (p *cronParser) step(s string, i, val, end, field int, strict bool) *javaException {
	incr, jx := parseInt(string(at(s, i+1)))
	if jx != nil {
		return jx
	}
	i += 2
	if i < len(s) {
		if isDigit(s[i]) {
			if incr, _, jx = digits(incr, s, i); jx != nil {
				return jx
			}
		} else if strict {
			return illegal("Unexpected character [%c] after '/' at pos [%d]", s[i], i)
		}
	}
	return p.add(val, end, incr, field)
}

// all is the parser's marker for "*" (ALL_SPEC_INT).
const all = 99

// add is the parser's addToSet: range checks by field, then what the set would hold. A backward
// range wraps round in every field but the year.
func (p *cronParser) add(val, end, incr, field int) *javaException {
	star := val == all
	switch field {
	case cronSecond, cronMinute:
		if (val < 0 || val > 59 || end > 59) && !star {
			return illegal("Minute and Second values must be between 0 and 59")
		}
	case cronHour:
		if (val < 0 || val > 23 || end > 23) && !star {
			return illegal("Hour values must be between 0 and 23")
		}
	case cronDayOfMonth:
		if (val < 1 || val > 31 || end > 31) && !star {
			return illegal("Day of month values must be between 1 and 31")
		}
	case cronMonth:
		if (val < 1 || val > 12 || end > 12) && !star {
			return illegal("Month values must be between 1 and 12")
		}
	case cronDayOfWeek:
		if (val == 0 || val > 7 || end > 7) && !star {
			return illegal("Day-of-Week values must be between 1 and 7")
		}
	}
	p.filled[field] = true
	if (incr == 0 || incr == -1) && !star {
		return nil
	}
	if star && incr <= 0 {
		p.star[field] = true
	}
	if field == cronYear {
		start, stop := val, end
		if stop == -1 {
			stop = p.maxYear
		}
		if star {
			start = 1970
		}
		if stop < start {
			return illegal("Start year must be less than stop year")
		}
	}
	return nil
}
