package ical

import (
	"bytes"
	"errors"
)

// dtForm says how a date or date-time value is anchored.
type dtForm uint8

const (
	formDate     dtForm = iota // all-day: a local date in the member's zone
	formFloating               // wall clock without zone
	formUTC                    // ends in Z
	formZoned                  // TZID parameter
)

// dtValue is a parsed DATE or DATE-TIME: wall seconds plus how to anchor them.
type dtValue struct {
	wall int64
	form dtForm
	tz   int32 // index into parser.tzNames when form == formZoned
}

func (v dtValue) isDate() bool { return v.form == formDate }

// dayNumber returns the calendar date of the value in its own zone.
func (v dtValue) dayNumber() int64 { return dayOfWall(v.wall) }

// duration is a DURATION value: a nominal part in days (weeks included) and an
// exact part in seconds, both carrying the sign.
type duration struct {
	days int64
	secs int64
}

var errBadValue = errors.New("unreadable value")

// parseDT reads a DATE or DATE-TIME value. A day past the end of its month rolls
// over into the next (20240230 is 1 March), as ical.js reads it. tzid is the TZID parameter (nil when
// absent); asDate is true for VALUE=DATE, which also truncates a DATE-TIME value
// written under VALUE=DATE (seen in festival feeds). A bare 8-digit value is a
// DATE even without VALUE=DATE (Apple, Synology).
func (p *parser) parseDT(v []byte, tzid []byte, asDate bool) (dtValue, error) {
	v = bytes.TrimSpace(v)
	if len(v) < 8 {
		return dtValue{}, errBadValue
	}
	y, ok1 := digits(v[0:4])
	mo, ok2 := digits(v[4:6])
	d, ok3 := digits(v[6:8])
	if !ok1 || !ok2 || !ok3 || mo < 1 || mo > 12 || d < 1 || d > 31 {
		return dtValue{}, errBadValue
	}
	rest := v[8:]
	if asDate || len(rest) == 0 || (len(rest) == 1 && (rest[0] == 'Z' || rest[0] == 'z')) {
		return dtValue{wall: daysFromCivil(y, mo, d) * secondsPerDay, form: formDate}, nil
	}
	if len(rest) < 7 || (rest[0] != 'T' && rest[0] != 't') {
		return dtValue{}, errBadValue
	}
	h, ok1 := digits(rest[1:3])
	mi, ok2 := digits(rest[3:5])
	s, ok3 := digits(rest[5:7])
	if !ok1 || !ok2 || !ok3 || h > 23 || mi > 59 || s > 60 {
		return dtValue{}, errBadValue
	}
	if s == 60 {
		s = 59
	}
	val := dtValue{wall: wallOf(y, mo, d, h, mi, s), form: formFloating}
	switch tail := rest[7:]; {
	case len(tail) == 1 && (tail[0] == 'Z' || tail[0] == 'z'):
		val.form = formUTC
	case len(tail) != 0:
		return dtValue{}, errBadValue
	case len(tzid) > 0:
		val.form, val.tz = formZoned, p.internTZID(tzid)
	}
	return val, nil
}

// digits parses a short run of ASCII digits.
func digits(b []byte) (int, bool) {
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, len(b) > 0
}

// parseDuration reads an RFC 5545 DURATION such as -P1W2DT3H4M5S. Weeks and days
// are nominal, the time part exact.
func parseDuration(v []byte) (duration, error) {
	v = bytes.TrimSpace(v)
	var d duration
	sign := int64(1)
	if len(v) > 0 && (v[0] == '+' || v[0] == '-') {
		if v[0] == '-' {
			sign = -1
		}
		v = v[1:]
	}
	if len(v) < 2 || (v[0] != 'P' && v[0] != 'p') {
		return d, errBadValue
	}
	v = v[1:]
	inTime, n, haveNum, any := false, int64(0), false, false
	for _, c := range v {
		switch {
		case c >= '0' && c <= '9':
			if n > 1e9 {
				return d, errBadValue
			}
			n = n*10 + int64(c-'0')
			haveNum = true
			continue
		case c == 'T' || c == 't':
			if haveNum || inTime {
				return d, errBadValue
			}
			inTime = true
			continue
		}
		if !haveNum {
			return d, errBadValue
		}
		switch {
		case c == 'W' || c == 'w': // also after T: "PT1W" is common
			d.days += 7 * n
		case c == 'D' || c == 'd':
			d.days += n
		case inTime && (c == 'H' || c == 'h'):
			d.secs += 3600 * n
		case inTime && (c == 'M' || c == 'm'):
			d.secs += 60 * n
		case inTime && (c == 'S' || c == 's'):
			d.secs += n
		default:
			return d, errBadValue
		}
		n, haveNum, any = 0, false, true
	}
	if haveNum || !any {
		return d, errBadValue
	}
	d.days *= sign
	d.secs *= sign
	return d, nil
}

// period is a PERIOD value (RDATE, FREEBUSY): start and either end or duration.
type period struct {
	start  dtValue
	end    dtValue
	dur    duration
	hasEnd bool
}

func (p *parser) parsePeriod(v []byte, tzid []byte) (period, error) {
	slash := bytes.IndexByte(v, '/')
	if slash < 0 {
		return period{}, errBadValue
	}
	var per period
	var err error
	if per.start, err = p.parseDT(v[:slash], tzid, false); err != nil || per.start.isDate() {
		return period{}, errBadValue
	}
	rest := bytes.TrimSpace(v[slash+1:])
	if len(rest) > 0 && (rest[0] == 'P' || rest[0] == 'p' || rest[0] == '+' || rest[0] == '-') {
		per.dur, err = parseDuration(rest)
		return per, err
	}
	per.end, err = p.parseDT(rest, tzid, false)
	per.hasEnd = true
	if err == nil && per.end.isDate() {
		err = errBadValue
	}
	return per, err
}

// forEachValue calls fn for each comma-separated item of a list value.
func forEachValue(v []byte, fn func([]byte) error) error {
	for len(v) > 0 {
		item := v
		if i := bytes.IndexByte(v, ','); i >= 0 {
			item, v = v[:i], v[i+1:]
		} else {
			v = nil
		}
		if len(bytes.TrimSpace(item)) == 0 {
			continue
		}
		if err := fn(item); err != nil {
			return err
		}
	}
	return nil
}
