package publish

import "errors"

// Errors returned by Write and WriteFreeBusy, wrapped with the offending field.
// They all mean the caller built an invalid feed; none is caused by user text.
var (
	// ErrInvalidUID: a UID is empty, not valid UTF-8 or contains a control
	// character.
	ErrInvalidUID = errors.New("publish: invalid UID")
	// ErrDuplicateUID: two events of one calendar share a UID.
	ErrDuplicateUID = errors.New("publish: duplicate UID")
	// ErrInvalidProdID: a PRODID is not valid UTF-8 or contains a control
	// character.
	ErrInvalidProdID = errors.New("publish: invalid PRODID")
	// ErrInvalidRefresh: the refresh interval is not a positive whole number
	// of seconds.
	ErrInvalidRefresh = errors.New("publish: refresh interval must be a positive whole number of seconds")
	// ErrInvalidTime: a time is zero or, in UTC, outside the years 1–9999.
	ErrInvalidTime = errors.New("publish: time is zero or outside the years 1-9999")
	// ErrInvalidRange: an end is not after its start (events, the free/busy
	// range), or before it (busy periods).
	ErrInvalidRange = errors.New("publish: end must be after start")
	// ErrInvalidSequence: an event's sequence number is negative.
	ErrInvalidSequence = errors.New("publish: sequence must not be negative")
)
