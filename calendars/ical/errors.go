package ical

import (
	"errors"
	"strconv"
)

// Error is a sentinel error of this package with a stable code, usable as an API
// error code.
type Error struct {
	code string
	msg  string
}

// Error returns the message with the "calendars: " prefix it had before this
// package moved out of calendars: it reaches API clients and stored calendar
// errors, so it stays.
func (e *Error) Error() string { return "calendars: " + e.msg }

// Code returns the stable code of e.
func (e *Error) Code() string { return e.code }

// Errors returned by Expand and ExpandDates, usually wrapped in a *ParseError.
var (
	ErrTooLarge          = &Error{"calendar_too_large", "calendar body exceeds the size limit"}
	ErrLineTooLong       = &Error{"calendar_line_too_long", "content line exceeds the length limit"}
	ErrTooDeep           = &Error{"calendar_too_deep", "components nested too deeply"}
	ErrTooManyComponents = &Error{"calendar_too_many_components", "too many components"}
	ErrTooManyInstances  = &Error{"calendar_too_many_instances", "a recurring event has too many instances"}
	ErrTooManyIntervals  = &Error{"calendar_too_many_intervals", "too many busy intervals"}
	ErrNotCalendar       = &Error{"calendar_not_icalendar", "body is not an iCalendar object"}
	ErrTruncated         = &Error{"calendar_truncated", "calendar ends before END:VCALENDAR"}
	ErrTimeBudget        = &Error{"calendar_time_budget", "reading the calendar took too long"}
	ErrWorkBudget        = &Error{"calendar_work_budget", "reading the calendar needs too much work"}
	ErrMalformed         = &Error{"calendar_malformed", "calendar cannot be read"}
	ErrInvalidRange      = &Error{"invalid_range", "window end must be after its start"}
	ErrInvalidZone       = &Error{"invalid_zone", "unknown time zone"}
)

// ParseError locates an error in a calendar body. Err is one of the sentinels.
type ParseError struct {
	Line   int    // physical line where the problem was found; 0 if none
	Detail string // extra context, such as the UID of a series
	Err    error
}

func (e *ParseError) Error() string {
	s := e.Err.Error()
	if e.Line > 0 {
		s += " (line " + strconv.Itoa(e.Line) + ")"
	}
	if e.Detail != "" {
		s += ": " + e.Detail
	}
	return s
}

func (e *ParseError) Unwrap() error { return e.Err }

// Code returns the code of the underlying sentinel.
func (e *ParseError) Code() string { return ErrorCode(e.Err) }

// ErrorCode returns the stable code of an error from this package, or "" for any
// other error.
func ErrorCode(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.code
	}
	return ""
}
