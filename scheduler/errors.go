package scheduler

import (
	"errors"
	"fmt"
	"time"
)

// Sentinel errors returned (wrapped with context) by the team functions.
var (
	// ErrInvalidRange reports a window whose start is not before its end, or
	// that lies outside the supported years (see MinTime and MaxTime).
	ErrInvalidRange = errors.New("invalid time range")
	// ErrRangeTooLong reports a window longer than MaxRange.
	ErrRangeTooLong = errors.New("time range too long")
	// ErrInvalidDuration reports a negative minimum duration or a
	// non-positive meeting duration.
	ErrInvalidDuration = errors.New("invalid duration")
	// ErrInvalidQuorum reports a quorum below 0 (0 asks for the default) or
	// above the number of members.
	ErrInvalidQuorum = errors.New("invalid quorum")
	// ErrInvalidBlock reports a block that ends before it starts or has an
	// unknown reason.
	ErrInvalidBlock = errors.New("invalid block")
)

// MaxRange is the longest window the team functions accept.
const MaxRange = 366 * 24 * time.Hour

// MinTime and MaxTime bound the instants a window may use. Inside them every
// instant, with margins of days for zone arithmetic, fits time.UnixNano.
var (
	MinTime = time.Date(1800, 1, 1, 0, 0, 0, 0, time.UTC)
	MaxTime = time.Date(2200, 1, 1, 0, 0, 0, 0, time.UTC)
)

// window checks [from, to) and returns it in Unix nanoseconds.
func window(from, to time.Time) (lo, hi int64, err error) {
	if !from.Before(to) {
		return 0, 0, fmt.Errorf("%w: from %s is not before to %s", ErrInvalidRange,
			from.Format(time.RFC3339), to.Format(time.RFC3339))
	}
	if from.Before(MinTime) || to.After(MaxTime) {
		return 0, 0, fmt.Errorf("%w: outside %d–%d", ErrInvalidRange, MinTime.Year(), MaxTime.Year())
	}
	if to.Sub(from) > MaxRange {
		return 0, 0, fmt.Errorf("%w: %s is longer than %s", ErrRangeTooLong, to.Sub(from), MaxRange)
	}
	return from.UnixNano(), to.UnixNano(), nil
}

// checkQuorum resolves a requested quorum for n members: 0 means def.
func checkQuorum(q, n, def int) (int, error) {
	if q == 0 {
		return def, nil
	}
	if q < 0 || q > n {
		return 0, fmt.Errorf("%w: %d of %d members", ErrInvalidQuorum, q, n)
	}
	return q, nil
}
