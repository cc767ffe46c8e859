package ical

import (
	"bytes"
	"errors"
	"sort"
	"strconv"
)

// freq is an RRULE frequency; smaller is coarser.
type freq uint8

const (
	freqYearly freq = iota
	freqMonthly
	freqWeekly
	freqDaily
	freqHourly
	freqMinutely
	freqSecondly
)

// nthWeekday is a BYDAY entry with an ordinal, such as -1SU.
type nthWeekday struct {
	wd int // 0 = Monday
	n  int // non-zero
}

// rule is a parsed RRULE. It is evaluated by ruleIter in the wall clock of DTSTART.
type rule struct {
	freq     freq
	interval int
	count    int // 0: no COUNT (also for negative and zero COUNT, read as unbounded)
	until    dtValue
	hasUntil bool
	wkst     int

	bySetPos    []int
	byMonth     []int
	byMonthDay  []int // positive and negative month days
	byYearDay   []int
	byWeekNo    []int
	byWeekday   uint8 // bit i: plain weekday i
	byNWeekday  []nthWeekday
	byHour      []int
	byMinute    []int
	bySecond    []int
	hasByDay    bool
	monthMask   uint16 // bit m set when month m is allowed (0: all)
	hourMask    uint32
	minuteMask  uint64
	secondMask  uint64
	monthDayPos uint32 // bit d for BYMONTHDAY=d (1..31)
	monthDayNeg uint32 // bit d for BYMONTHDAY=-d

	ts    []int32 // cached timeSet for tsKey
	tsKey int32
	dates *rule // cached forDates
}

var errBadRule = errors.New("unreadable RRULE")

var weekdayNames = [7]string{"MO", "TU", "WE", "TH", "FR", "SA", "SU"}

// parseRule reads an RRULE value. Unknown parts are ignored (RFC 5545 x-names and
// the garbage some producers emit); a missing or unknown FREQ, or a value that is
// not a number in range, makes the whole rule unreadable.
func parseRule(v []byte, p *parser) (*rule, error) {
	r := &rule{interval: 1}
	haveFreq := false
	for len(v) > 0 {
		var part []byte
		if i := bytes.IndexByte(v, ';'); i >= 0 {
			part, v = v[:i], v[i+1:]
		} else {
			part, v = v, nil
		}
		eq := bytes.IndexByte(part, '=')
		if eq < 0 {
			continue
		}
		name, val := bytes.TrimSpace(part[:eq]), bytes.TrimSpace(part[eq+1:])
		var err error
		switch upperASCII(name) {
		case "FREQ":
			haveFreq = true
			r.freq, err = parseFreq(val)
		case "INTERVAL":
			r.interval, err = atoiBytes(val)
			if r.interval <= 0 {
				r.interval = 1
			}
		case "COUNT":
			r.count, err = atoiBytes(val)
			if r.count < 0 {
				r.count = 0
			}
		case "UNTIL":
			r.until, err = p.parseDT(val, nil, false)
			r.hasUntil = err == nil
		case "WKST":
			r.wkst, err = parseWeekday(val)
		case "BYSETPOS":
			r.bySetPos, err = intList(val, -366, 366, false)
		case "BYMONTH":
			r.byMonth, err = intList(val, 1, 12, false)
		case "BYMONTHDAY":
			r.byMonthDay, err = intList(val, -31, 31, false)
		case "BYYEARDAY":
			r.byYearDay, err = intList(val, -366, 366, false)
		case "BYWEEKNO":
			r.byWeekNo, err = intList(val, -53, 53, false)
		case "BYHOUR":
			r.byHour, err = intList(val, 0, 23, true)
		case "BYMINUTE":
			r.byMinute, err = intList(val, 0, 59, true)
		case "BYSECOND":
			r.bySecond, err = intList(val, 0, 60, true)
			r.bySecond = dropValue(r.bySecond, 60) // leap seconds do not exist in wall time
			if err == nil && len(r.bySecond) == 0 {
				err = errBadRule
			}
		case "BYDAY":
			err = r.parseByDay(val)
		}
		if err != nil {
			return nil, errBadRule
		}
	}
	if !haveFreq {
		return nil, errBadRule
	}
	r.buildMasks()
	return r, nil
}

func parseFreq(v []byte) (freq, error) {
	switch upperASCII(v) {
	case "YEARLY":
		return freqYearly, nil
	case "MONTHLY":
		return freqMonthly, nil
	case "WEEKLY":
		return freqWeekly, nil
	case "DAILY":
		return freqDaily, nil
	case "HOURLY":
		return freqHourly, nil
	case "MINUTELY":
		return freqMinutely, nil
	case "SECONDLY":
		return freqSecondly, nil
	}
	return 0, errBadRule
}

func parseWeekday(v []byte) (int, error) {
	u := upperASCII(bytes.TrimSpace(v))
	for i, n := range weekdayNames {
		if u == n {
			return i, nil
		}
	}
	return 0, errBadRule
}

// parseByDay reads "MO,-1FR,2 TH" (Outlook writes the space).
func (r *rule) parseByDay(v []byte) error {
	r.hasByDay = true
	for _, item := range bytes.Split(v, []byte{','}) {
		item = bytes.TrimSpace(item)
		if len(item) < 2 {
			if len(item) == 0 {
				continue
			}
			return errBadRule
		}
		wd, err := parseWeekday(item[len(item)-2:])
		if err != nil {
			return err
		}
		num := bytes.TrimSpace(item[:len(item)-2])
		if len(num) == 0 {
			r.byWeekday |= 1 << wd
			continue
		}
		n, err := atoiBytes(num)
		if err != nil || n == 0 || n < -53 || n > 53 {
			return errBadRule
		}
		r.byNWeekday = append(r.byNWeekday, nthWeekday{wd: wd, n: n})
	}
	if r.byWeekday == 0 && len(r.byNWeekday) == 0 {
		return errBadRule
	}
	return nil
}

// intList reads a comma list of integers in [lo, hi]; zero is allowed only if zeroOK.
// The result is sorted and free of duplicates.
func intList(v []byte, lo, hi int, zeroOK bool) ([]int, error) {
	var out []int
	for _, item := range bytes.Split(v, []byte{','}) {
		item = bytes.TrimSpace(item)
		if len(item) == 0 {
			continue
		}
		n, err := atoiBytes(item)
		if err != nil || n < lo || n > hi || (n == 0 && !zeroOK) {
			return nil, errBadRule
		}
		out = append(out, n)
	}
	if len(out) == 0 {
		return nil, errBadRule
	}
	sort.Ints(out)
	j := 0
	for i, n := range out {
		if i == 0 || n != out[j-1] {
			out[j] = n
			j++
		}
	}
	return out[:j], nil
}

func dropValue(s []int, v int) []int {
	out := s[:0]
	for _, n := range s {
		if n != v {
			out = append(out, n)
		}
	}
	return out
}

func atoiBytes(b []byte) (int, error) {
	if len(b) > 10 {
		return 0, errBadRule
	}
	return strconv.Atoi(string(b))
}

func (r *rule) buildMasks() {
	r.monthMask, r.hourMask, r.minuteMask, r.secondMask = 0, 0, 0, 0
	for _, m := range r.byMonth {
		r.monthMask |= 1 << m
	}
	for _, h := range r.byHour {
		r.hourMask |= 1 << h
	}
	for _, m := range r.byMinute {
		r.minuteMask |= 1 << m
	}
	for _, s := range r.bySecond {
		r.secondMask |= 1 << s
	}
	r.monthDayPos, r.monthDayNeg = 0, 0
	for _, d := range r.byMonthDay {
		if d > 0 {
			r.monthDayPos |= 1 << d
		} else {
			r.monthDayNeg |= 1 << -d
		}
	}
}

// forDates adapts a rule for a DATE (all-day) series: time rule parts are ignored and
// a sub-daily frequency becomes daily.
func (r *rule) forDates() *rule {
	if r.dates != nil {
		return r.dates
	}
	c := *r
	c.byHour, c.byMinute, c.bySecond = nil, nil, nil
	c.ts, c.dates = nil, nil
	if c.freq > freqDaily {
		c.freq, c.interval = freqDaily, 1
	}
	c.buildMasks()
	r.dates = &c
	return &c
}
