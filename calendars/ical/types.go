package ical

import "time"

// Kind says how an interval blocks the member's time.
type Kind string

// Interval kinds.
const (
	KindBusy      Kind = "busy"
	KindTentative Kind = "tentative" // STATUS:TENTATIVE, Microsoft TENTATIVE, FBTYPE=BUSY-TENTATIVE
	KindOOF       Kind = "oof"       // Microsoft OOF (out of office), FBTYPE=BUSY-UNAVAILABLE
	KindHoliday   Kind = "holiday"   // every event of a holidays calendar
	KindTimeOff   Kind = "time_off"  // every event of a time-off calendar
)

// CalendarKind says how a whole calendar is read.
type CalendarKind string

// Calendar kinds.
const (
	// CalendarBusy reads events as busy time, honouring STATUS:CANCELLED,
	// TRANSP:TRANSPARENT and X-MICROSOFT-CDO-BUSYSTATUS:FREE. It is the default.
	CalendarBusy CalendarKind = "busy"
	// CalendarHolidays makes every event, transparent or not, block the whole
	// local days it touches in the member's zone, as KindHoliday.
	CalendarHolidays CalendarKind = "holidays"
	// CalendarTimeOff makes every event, transparent or not, KindTimeOff.
	CalendarTimeOff CalendarKind = "time_off"
)

// Busy is one busy interval [Start, End), both in UTC.
type Busy struct {
	Start, End time.Time
	Kind       Kind
	UID        string // the event's UID; "<uid>#freebusy" for a VFREEBUSY period
}

// Warning reports something skipped or guessed while reading a calendar.
// Code is stable: component_skipped, rule_unreadable, value_skipped,
// line_skipped, zone_unresolved, zone_fixed_offset, long_instance (an instance
// longer than 60 days), uid_cleaned.
type Warning struct {
	Code    string
	Message string
}

// Limits bounds the work done for one calendar. A zero field takes its default.
type Limits struct {
	MaxBytes      int // body size (default 10 MiB)
	MaxLineBytes  int // one unfolded content line (default 256 KiB)
	MaxDepth      int // component nesting, VCALENDAR counting 1 (default 16)
	MaxComponents int // BEGIN lines (default 50,000)
	// MaxInstances bounds the instances generated for one series (one UID): the
	// occurrences its rules, RDATEs and DTSTART produce while it is expanded.
	// Rules without COUNT are evaluated from the window start, so that is about
	// the instances near the window; a COUNT rule must be counted from DTSTART,
	// so its earlier instances count too. Default 3,500.
	MaxInstances int
	MaxIntervals int           // busy intervals in the result (default 100,000)
	TimeBudget   time.Duration // wall time for one Expand (default 5 s)
	// MaxWork bounds the work of one Expand, whatever the calendar holds: one
	// unit is about one candidate instant a rule examines, one instance, one
	// VTIMEZONE onset, one day tested against a rule or one content line. It is
	// spent while generating, shared by all components and time zones of the
	// calendar (default 8,000,000).
	MaxWork int
}

// DefaultLimits returns the limits used for a zero Limits.
func DefaultLimits() Limits {
	return Limits{
		MaxBytes:      10 << 20,
		MaxLineBytes:  256 << 10,
		MaxDepth:      16,
		MaxComponents: 50000,
		MaxInstances:  3500,
		MaxIntervals:  100000,
		TimeBudget:    5 * time.Second,
		MaxWork:       8000000,
	}
}

func (l Limits) withDefaults() Limits {
	d := DefaultLimits()
	if l.MaxBytes <= 0 {
		l.MaxBytes = d.MaxBytes
	}
	if l.MaxLineBytes <= 0 {
		l.MaxLineBytes = d.MaxLineBytes
	}
	if l.MaxDepth <= 0 {
		l.MaxDepth = d.MaxDepth
	}
	if l.MaxComponents <= 0 {
		l.MaxComponents = d.MaxComponents
	}
	if l.MaxInstances <= 0 {
		l.MaxInstances = d.MaxInstances
	}
	if l.MaxIntervals <= 0 {
		l.MaxIntervals = d.MaxIntervals
	}
	if l.TimeBudget <= 0 {
		l.TimeBudget = d.TimeBudget
	}
	if l.MaxWork <= 0 {
		l.MaxWork = d.MaxWork
	}
	return l
}

// Options configure Expand.
type Options struct {
	// Zone is the member's zone: all-day events are its local days, and floating
	// times are read in it unless the calendar names an X-WR-TIMEZONE.
	// Nil means UTC.
	Zone   *time.Location
	Kind   CalendarKind // default CalendarBusy
	Limits Limits
}

// Result is what Expand read.
type Result struct {
	// Busy holds every whole interval overlapping the window (not clipped),
	// sorted by start, end and UID.
	Busy []Busy
	// Events counts the VEVENT and VFREEBUSY components in the body, skipped
	// ones included.
	Events   int
	Warnings []Warning
	// RefreshInterval is the feed's REFRESH-INTERVAL, else its X-PUBLISHED-TTL,
	// else 0.
	RefreshInterval time.Duration
}
