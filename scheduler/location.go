package scheduler

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
)

// ErrUnknownZone is returned for a name that is not an IANA time zone.
var ErrUnknownZone = errors.New("not an IANA time zone")

var zones sync.Map // name → *time.Location

// LoadZone loads an IANA zone by name, cached: zone lookups are on every
// request's path. It is the one zone loader outside the iCalendar reader.
// "Local", the empty name (time.LoadLocation's UTC) and path-like names are
// refused, so that no answer depends on the server's zone or files.
func LoadZone(name string) (*time.Location, error) {
	if l, ok := zones.Load(name); ok {
		return l.(*time.Location), nil
	}
	if name == "" || name == "Local" || strings.HasPrefix(name, "/") || strings.Contains(name, "..") {
		return nil, fmt.Errorf("%w: %q", ErrUnknownZone, name)
	}
	l, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("%w: %q", ErrUnknownZone, name)
	}
	zones.Store(name, l)
	return l, nil
}

// LocalMidnight is the first instant of date d in loc, in UTC. Where
// midnight does not exist (a DST gap at 00:00), the day starts when the gap
// ends.
func LocalMidnight(d Date, loc *time.Location) time.Time {
	t := time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
	if y, m, dd := t.Date(); y != d.Year || m != d.Month || dd != d.Day {
		// time.Date normalised a missing midnight back into the previous day.
		for t.Day() != d.Day {
			t = t.Add(time.Minute)
		}
	}
	return t.UTC()
}
