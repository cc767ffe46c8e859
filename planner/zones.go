package planner

import (
	"time"

	"github.com/overlap/overlap/scheduler"
)

// ZoneOn is the zone a member's working hours are read in on date d: a zone
// override's (they are travelling) when one covers d, else their home zone.
// The first override covering d wins, as in the scheduler.
func ZoneOn(s scheduler.Schedule, d scheduler.Date) *time.Location {
	for _, o := range s.Overrides {
		if !d.Before(o.From) && !o.To.Before(d) && o.Loc != nil {
			return o.Loc
		}
	}
	if s.Loc == nil {
		return time.UTC
	}
	return s.Loc
}
