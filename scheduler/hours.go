// Package scheduler is Overlap's time algebra: half-open UTC intervals, weekly
// working hours turned into UTC over any window, member availability, team
// overlap, quorum, suggestions and due times. It uses only the standard
// library, reads no clock and does no I/O.
package scheduler

import (
	"errors"
	"fmt"
	"time"
)

// ErrInvalidHours reports weekly working hours that cannot be used.
var ErrInvalidHours = errors.New("invalid working hours")

// TimeOfDay is a wall-clock time as minutes after local midnight, 0..1439.
type TimeOfDay int

// ParseTimeOfDay reads "HH:MM" (00:00..23:59; "24:00" is accepted as an end of
// day and returned as 1440).
func ParseTimeOfDay(s string) (TimeOfDay, error) {
	if len(s) != 5 || s[2] != ':' {
		return 0, fmt.Errorf("%q is not HH:MM", s)
	}
	h, m := 0, 0
	for _, c := range s[:2] {
		if c < '0' || c > '9' {
			return 0, fmt.Errorf("%q is not HH:MM", s)
		}
		h = h*10 + int(c-'0')
	}
	for _, c := range s[3:] {
		if c < '0' || c > '9' {
			return 0, fmt.Errorf("%q is not HH:MM", s)
		}
		m = m*10 + int(c-'0')
	}
	if h == 24 && m == 0 {
		return 1440, nil
	}
	if h > 23 || m > 59 {
		return 0, fmt.Errorf("%q is not a time of day", s)
	}
	return TimeOfDay(h*60 + m), nil
}

// String formats t as HH:MM.
func (t TimeOfDay) String() string { return fmt.Sprintf("%02d:%02d", int(t)/60, int(t)%60) }

// Range is one working range on a day. End <= Start means the range runs past
// midnight and ends on the next day (22:00–06:00). Start == End is invalid.
type Range struct {
	Start, End TimeOfDay
}

// Minutes is the range's nominal (wall-clock) length.
func (r Range) Minutes() int {
	if r.End > r.Start {
		return int(r.End - r.Start)
	}
	return int(r.End) + 1440 - int(r.Start)
}

// WeeklyHours holds the working ranges of each weekday, indexed by
// time.Weekday (Sunday = 0). A range belongs to the day it starts on.
type WeeklyHours [7][]Range

// DefaultWeeklyHours is Monday to Friday, 09:00–17:00.
func DefaultWeeklyHours() WeeklyHours {
	var w WeeklyHours
	for d := time.Monday; d <= time.Friday; d++ {
		w[d] = []Range{{Start: 9 * 60, End: 17 * 60}}
	}
	return w
}

// HoursError names the weekday and range index at fault.
type HoursError struct {
	Day   time.Weekday
	Index int
	Msg   string
}

// Error describes the fault with its weekday and range index.
func (e *HoursError) Error() string {
	return fmt.Sprintf("%s range %d: %s", e.Day, e.Index, e.Msg)
}

// Unwrap makes errors.Is(err, ErrInvalidHours) hold.
func (e *HoursError) Unwrap() error { return ErrInvalidHours }

// Validate rejects empty ranges, out-of-range times and ranges that overlap
// each other anywhere in the week (including a range past midnight running
// into the next day's first range). It returns a *HoursError.
func (w WeeklyHours) Validate() error {
	type span struct {
		start, end int // minutes since Sunday 00:00, end may exceed a week
		day        time.Weekday
		idx        int
	}
	const week = 7 * 1440
	spans := make([]span, 0, 16) // on the stack for usual weeks
	for d := time.Sunday; d <= time.Saturday; d++ {
		for i, r := range w[d] {
			if r.Start < 0 || r.Start >= 1440 || r.End < 0 || r.End > 1440 {
				return &HoursError{Day: d, Index: i, Msg: "time outside 00:00–24:00"}
			}
			if r.Start == r.End {
				return &HoursError{Day: d, Index: i, Msg: "start equals end"}
			}
			s := int(d)*1440 + int(r.Start)
			spans = append(spans, span{s, s + r.Minutes(), d, i})
		}
	}
	for i := range spans {
		for j := range spans {
			if i == j {
				continue
			}
			a, b := spans[i], spans[j]
			// Compare b with a, also shifted by one week for wrap-around.
			for _, shift := range []int{-week, 0, week} {
				if b.start+shift < a.end && a.start < b.end+shift {
					later := a
					if b.day > a.day || (b.day == a.day && b.idx > a.idx) {
						later = b
					}
					return &HoursError{Day: later.day, Index: later.idx, Msg: "overlaps another range"}
				}
			}
		}
	}
	return nil
}

// Date is a calendar date without a zone.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// ParseDate reads YYYY-MM-DD.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return Date{}, fmt.Errorf("%q is not a date (YYYY-MM-DD)", s)
	}
	return DateOf(t), nil
}

// DateOf is the date of t in t's own location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// String formats d as YYYY-MM-DD.
func (d Date) String() string { return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day) }

// Before reports whether d is strictly before e.
func (d Date) Before(e Date) bool {
	if d.Year != e.Year {
		return d.Year < e.Year
	}
	if d.Month != e.Month {
		return d.Month < e.Month
	}
	return d.Day < e.Day
}

// AddDays returns the date n days after d.
func (d Date) AddDays(n int) Date {
	return DateOf(time.Date(d.Year, d.Month, d.Day+n, 12, 0, 0, 0, time.UTC))
}

// Weekday is d's day of the week.
func (d Date) Weekday() time.Weekday {
	return time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.UTC).Weekday()
}

// ZoneOverride reads working hours in another zone from From to To (dates
// inclusive, as dates of the member's travel).
type ZoneOverride struct {
	From, To Date
	Loc      *time.Location
}

// Schedule is a member's working time: weekly hours read in Loc, except on the
// dates of an override, where they are read in the override's zone.
type Schedule struct {
	Loc       *time.Location
	Weekly    WeeklyHours
	Overrides []ZoneOverride
}
