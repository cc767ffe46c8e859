package scheduler

import (
	"math"
	"time"
)

// Intervals returns the working time of s within [from, to) as a Set.
//
// Each local date's weekly ranges are read in that date's zone: the zone of
// the first override whose dates include it, else s.Loc (a nil zone means
// UTC). A range belongs to the date it starts on; one past midnight ends on
// the next date, read in the same zone. Start and end are wall-clock readings
// converted independently: a reading in a spring-forward gap is read with the
// offset before the gap (02:30 in a one-hour gap is 03:30 of the new offset,
// as in RFC 5545), an ambiguous one takes its first occurrence. So a range is
// its wall-clock length except when a transition falls inside it (09:00–17:00
// is 8 hours, 7 or 9 across a transition); a range whose converted end is not
// after its converted start (one starting in a gap and ending less than the
// gap's length after it) is empty that day. Ranges that are out of bounds or
// empty are skipped; instants outside MinTime–MaxTime are not covered.
func (s Schedule) Intervals(from, to time.Time) Set {
	if from.Before(MinTime) {
		from = MinTime
	}
	if to.After(MaxTime) {
		to = MaxTime
	}
	if !from.Before(to) {
		return nil
	}
	lo, hi := from.UnixNano(), to.UnixNano()
	return toSet(appendWorking(nil, nil, &s, lo, hi, newZoneCache(lo, hi)))
}

// dayHull is one local date's working day: from its first range's start to
// its last range's end, unclipped, with the zone the date was read in.
type dayHull struct {
	s, e int64
	zone *zoneTable
}

// overrideDays is a zone override as civil day numbers.
type overrideDays struct {
	from, to int64
	zone     *zoneTable
}

// validRange reports whether r can be converted (Validate says more).
func validRange(r Range) bool {
	return r.Start >= 0 && r.Start < 1440 && r.End >= 0 && r.End <= 1440 && r.Start != r.End
}

// appendWorking appends s's normalized working spans within [lo, hi) to dst,
// and, when hulls is not nil, each working day meeting the window to *hulls.
func appendWorking(dst []span, hulls *[]dayHull, s *Schedule, lo, hi int64, zc *zoneCache) []span {
	home := zc.get(s.Loc)
	var ovs []overrideDays
	for _, o := range s.Overrides {
		ovs = append(ovs, overrideDays{civilDay(o.From), civilDay(o.To), zc.get(o.Loc)})
	}
	first := len(dst)
	for day := floorDiv(lo, dayNs) - 2; day <= floorDiv(hi, dayNs)+1; day++ {
		ranges := s.Weekly[weekdayOf(day)]
		if len(ranges) == 0 {
			continue
		}
		z := zoneOn(day, home, ovs)
		hull := dayHull{math.MaxInt64, math.MinInt64, z}
		for _, r := range ranges {
			if !validRange(r) {
				continue
			}
			w := day*dayNs + int64(r.Start)*minNs
			a, b := z.toUTC(w), z.toUTC(w+int64(r.Minutes())*minNs)
			if a >= b {
				continue
			}
			hull.s, hull.e = min(hull.s, a), max(hull.e, b)
			if a, b = max(a, lo), min(b, hi); a < b {
				dst = append(dst, span{a, b})
			}
		}
		if hulls != nil && hull.s < hi && hull.e > lo {
			*hulls = append(*hulls, hull)
		}
	}
	return append(dst[:first], normalizeSpans(dst[first:])...)
}

// zoneOn is the zone a civil day's ranges are read in.
func zoneOn(day int64, home *zoneTable, ovs []overrideDays) *zoneTable {
	for _, o := range ovs {
		if o.from <= day && day <= o.to {
			return o.zone
		}
	}
	return home
}
