package planner

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/teambition/rrule-go"

	"github.com/overlap/overlap/scheduler"
)

// ErrInvalidSeries reports a meeting series that cannot be planned: a bad
// recurrence, bounds beyond two years or 500 occurrences, or attendees who
// are not the team's members.
var ErrInvalidSeries = errors.New("invalid meeting series")

// seriesInvalid is ErrInvalidSeries naming the request field at fault, so
// that the API reports it as it reports its own validation.
func seriesInvalid(field, format string, args ...any) error {
	return &InvalidError{Kind: ErrInvalidSeries, Fields: []FieldError{{Field: field, Message: fmt.Sprintf(format, args...)}}}
}

// MaxSeriesSpan is how far after its first date a series may run.
const MaxSeriesSpan = 2 * 366 * 24 * time.Hour

// SeriesDates expands an RRULE into the dates of a series with
// github.com/teambition/rrule-go. Only dates matter (the start time is the
// optimiser's), so the rule is expanded in a floating frame: DTSTART is from
// at 00:00 and UNTIL is until at 23:59:59, both written in UTC as wall-clock
// readings of the series' zone. That sidesteps rrule-go's known faults:
// UNTIL is compared in UTC (here UTC is the frame), and the expansion counts
// from DTSTART as the first candidate (here from is that date, and rrule-go,
// like python-dateutil, yields it only when the rule matches it, which is the
// series' meaning of from). DTSTART, UNTIL, COUNT and sub-daily parts inside
// the rule are refused: the request carries them. Iteration is lazy and
// stops at MaxSeriesOccurrences or two years, whichever comes first; a rule
// that would go further is refused rather than cut.
func SeriesDates(rule string, from scheduler.Date, until *scheduler.Date, count int) (dates []scheduler.Date, err error) {
	// rrule-go panics on some rules it accepts (BYEASTER=-400 indexes out of
	// range): such a rule is invalid, not a server error.
	defer func() {
		if r := recover(); r != nil {
			dates, err = nil, seriesInvalid("recurrence", "this rule cannot be expanded")
		}
	}()
	for _, part := range strings.Split(strings.ToUpper(rule), ";") {
		name, value, _ := strings.Cut(part, "=")
		switch name {
		case "DTSTART", "UNTIL", "COUNT", "BYHOUR", "BYMINUTE", "BYSECOND":
			return nil, seriesInvalid("recurrence", "%s is not allowed here: from, until and count carry it", name)
		case "INTERVAL":
			if n, err := strconv.Atoi(value); err != nil || n < 1 {
				return nil, seriesInvalid("recurrence", "INTERVAL must be a positive integer")
			}
		case "FREQ":
			if value == "HOURLY" || value == "MINUTELY" || value == "SECONDLY" {
				return nil, seriesInvalid("recurrence", "FREQ=%s is finer than a day", value)
			}
		}
	}
	// RFC 5545 §3.1: names and values are case-insensitive; rrule-go reads
	// upper case only.
	opt, err := rrule.StrToROption(strings.ToUpper(rule))
	if err != nil {
		return nil, seriesInvalid("recurrence", "%v", err)
	}
	if (until == nil) == (count == 0) {
		return nil, seriesInvalid("count", "give either until or count")
	}
	if count < 0 || count > scheduler.MaxSeriesOccurrences {
		return nil, seriesInvalid("count", "must be from 1 to %d", scheduler.MaxSeriesOccurrences)
	}
	start := time.Date(from.Year, from.Month, from.Day, 0, 0, 0, 0, time.UTC)
	limit := start.Add(MaxSeriesSpan)
	opt.Dtstart, opt.Count = start, count
	if until != nil {
		end := time.Date(until.Year, until.Month, until.Day, 23, 59, 59, 0, time.UTC)
		if end.Before(start) || end.After(limit) {
			return nil, seriesInvalid("until", "must be on or after from and at most two years later")
		}
		opt.Until = end
	} else {
		// Stops a rule at two years; one that never matches still walks to
		// rrule-go's last year (~0.1 s), a known cost we accept.
		opt.Until = limit
	}
	r, err := rrule.NewRRule(*opt)
	if err != nil {
		return nil, seriesInvalid("recurrence", "%v", err)
	}
	bound := "until" // what to shorten when the rule has too many dates
	if until == nil {
		bound = "count"
	}
	var out []scheduler.Date
	next := r.Iterator()
	for t, ok := next(); ok; t, ok = next() {
		if t.After(limit) {
			return nil, seriesInvalid("count", "the series runs past two years")
		}
		if len(out) == scheduler.MaxSeriesOccurrences {
			return nil, seriesInvalid(bound, "the rule has more than %d occurrences by this date", scheduler.MaxSeriesOccurrences)
		}
		out = append(out, scheduler.DateOf(t))
	}
	if len(out) == 0 {
		return nil, seriesInvalid("recurrence", "the rule has no dates from %s within two years", from)
	}
	if count > 0 && len(out) < count {
		return nil, seriesInvalid("count", "%d occurrences run past two years", count)
	}
	return out, nil
}
