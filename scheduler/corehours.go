package scheduler

import (
	"cmp"
	"fmt"
	"slices"
	"time"
)

// Core hours: a daily window fixed in one zone (the team's anchor) that the
// team keeps free for real-time work. Because members' zones change clocks on
// different dates, the same anchored window moves in their local time two or
// more times a year; CoreHours reports where and when it leaves their hours.

// CoreGrid is the step between candidate core-hours starts.
const CoreGrid = 15 * time.Minute

// MaxCoreDays bounds a core-hours request: two years of dates.
const MaxCoreDays = 731

// CoreMember is a member as core hours see them.
type CoreMember struct {
	ID       string
	Schedule Schedule
	// Absences are time off and holidays: a member-day they touch does not
	// count, neither as covered nor as outside.
	Absences []Interval
}

// CoreOptions describe the windows to try.
type CoreOptions struct {
	Zone     *time.Location // the anchor zone; nil means UTC
	Duration time.Duration  // 15 minutes to 12 hours, whole minutes
	Days     [7]bool        // anchor weekdays the window applies to (time.Weekday index)
	From, To Date           // anchor dates, inclusive
	Limit    int            // candidates returned, 1..96 (0 means 3)
}

// CoreCandidate is one daily window and how it fares.
type CoreCandidate struct {
	// Start is the window's local start in the anchor zone; End is Start plus
	// the duration on the wall clock (before End means the next day).
	Start, End TimeOfDay
	// Coverage is Covered / MemberDays over all members (0 when none).
	Coverage            float64
	MemberDays, Covered int
	// Fairness is the mean distance, in minutes, between the window's middle
	// and the middle of the member's working day, over all member-days:
	// lower is fairer.
	Fairness float64
	Members  []CoreMemberResult
}

// CoreMemberResult is one member's view of a candidate.
type CoreMemberResult struct {
	ID                  string
	Coverage            float64
	MemberDays, Covered int
	// Periods are runs of anchor dates over which the window has the same
	// local start and end in the member's home zone: they change at DST.
	Periods []CorePeriod
	// Outside are anchor-date ranges whose member-days all fall outside the
	// member's hours; days that are not member-days neither end nor extend
	// a range.
	Outside []DateRange
}

// CorePeriod is the window in a member's local time over a run of dates.
type CorePeriod struct {
	From, To   Date
	Start, End TimeOfDay
}

// DateRange is an inclusive run of dates.
type DateRange struct{ From, To Date }

// coreMember is a member prepared for the scan.
type coreMember struct {
	work   []span
	zone   *zoneTable
	absent map[int64]bool // member-local civil days
	// hull is each weekday's working day as wall minutes [start, end).
	hull [7][2]int64
	// days holds each civil day's working day in UTC from base on
	// ({0, 0} when the day has no hours), so the scan converts no times.
	base int64
	days [][2]int64
	// cursor walks work forward: a scan visits windows in time order.
	cursor int
}

// CoreHours ranks every window on the CoreGrid of the anchor zone by
// coverage, then fairness, then start, and details the first Limit.
//
// A member-day is a member's working day (the local date whose working hours,
// first start to last end, contain the window's middle, else the nearest one
// within 12 hours) that no absence touches. It is covered when the window lies
// fully inside the member's working hours.
func CoreHours(members []CoreMember, o CoreOptions) ([]CoreCandidate, error) {
	dates, err := o.check()
	if err != nil {
		return nil, err
	}
	first, last := civilDay(o.From), civilDay(o.To)
	zc := newZoneCache((first-2)*dayNs, (last+3)*dayNs)
	anchor := zc.get(o.Zone)
	ms := make([]coreMember, len(members))
	for i := range members {
		ms[i] = prepareCore(&members[i], zc, first, last)
	}
	dur := int64(o.Duration)
	n := int(dayNs / int64(CoreGrid))
	out := make([]CoreCandidate, n)
	starts := make([]int64, len(dates))
	for j := range n {
		for k, d := range dates {
			starts[k] = anchor.toUTC(d*dayNs + int64(j)*int64(CoreGrid))
		}
		c := CoreCandidate{Start: TimeOfDay(j * 15), End: TimeOfDay((j*15 + int(o.Duration/time.Minute)) % 1440)}
		var dist float64
		for i := range ms {
			ms[i].cursor = 0
			for _, s := range starts {
				day, ok := ms[i].memberDay(s, s+dur)
				if !ok {
					continue
				}
				c.MemberDays++
				dist += day.dist
				if day.covered {
					c.Covered++
				}
			}
		}
		if c.MemberDays > 0 {
			c.Coverage = float64(c.Covered) / float64(c.MemberDays)
			c.Fairness = dist / float64(c.MemberDays)
		}
		out[j] = c
	}
	slices.SortStableFunc(out, func(a, b CoreCandidate) int {
		return cmp.Or(cmp.Compare(b.Coverage, a.Coverage), cmp.Compare(a.Fairness, b.Fairness), cmp.Compare(a.Start, b.Start))
	})
	out = out[:o.Limit]
	for ci := range out {
		out[ci].Members = detailCore(members, ms, anchor, dates, out[ci].Start, dur)
	}
	return out, nil
}

// check validates o and returns the anchor dates as civil days.
func (o *CoreOptions) check() ([]int64, error) {
	if o.Duration < 15*time.Minute || o.Duration > 12*time.Hour || o.Duration%time.Minute != 0 {
		return nil, fmt.Errorf("%w: core hours last 15 minutes to 12 hours, in whole minutes", ErrInvalidDuration)
	}
	if o.Limit == 0 {
		o.Limit = 3
	}
	if o.Limit < 0 || o.Limit > int(dayNs/int64(CoreGrid)) {
		return nil, fmt.Errorf("%w: limit %d is not 1..96", ErrInvalidRange, o.Limit)
	}
	if o.To.Before(o.From) {
		return nil, fmt.Errorf("%w: from %s is after to %s", ErrInvalidRange, o.From, o.To)
	}
	lo, hi := time.Date(o.From.Year, o.From.Month, o.From.Day, 0, 0, 0, 0, time.UTC), time.Date(o.To.Year, o.To.Month, o.To.Day, 0, 0, 0, 0, time.UTC)
	if lo.Before(MinTime) || hi.After(MaxTime) {
		return nil, fmt.Errorf("%w: outside %d–%d", ErrInvalidRange, MinTime.Year(), MaxTime.Year())
	}
	first, last := civilDay(o.From), civilDay(o.To)
	if last-first+1 > MaxCoreDays {
		return nil, fmt.Errorf("%w: %d days is more than %d", ErrRangeTooLong, last-first+1, MaxCoreDays)
	}
	var dates []int64
	for d := first; d <= last; d++ {
		if o.Days[weekdayOf(d)] {
			dates = append(dates, d)
		}
	}
	return dates, nil
}

func prepareCore(m *CoreMember, zc *zoneCache, first, last int64) coreMember {
	c := coreMember{zone: zc.get(m.Schedule.Loc), absent: map[int64]bool{}}
	c.work = appendWorking(nil, nil, &m.Schedule, (first-3)*dayNs, (last+4)*dayNs, zc)
	for wd, ranges := range m.Schedule.Weekly {
		lo, hi := int64(1<<62), int64(-1)
		for _, r := range ranges {
			if validRange(r) {
				lo, hi = min(lo, int64(r.Start)), max(hi, int64(r.Start)+int64(r.Minutes()))
			}
		}
		if hi >= 0 {
			c.hull[wd] = [2]int64{lo * minNs, hi * minNs}
		}
	}
	c.base = first - 3
	c.days = make([][2]int64, last-first+7)
	for i := range c.days {
		d := c.base + int64(i)
		if h := c.hull[weekdayOf(d)]; h[1] != 0 {
			c.days[i] = [2]int64{c.zone.toUTC(d*dayNs + h[0]), c.zone.toUTC(d*dayNs + h[1])}
		}
	}
	for _, a := range m.Absences {
		s, e := a.Start.UnixNano(), a.End.UnixNano()
		if s >= e {
			continue
		}
		for d := floorDiv(s+c.zone.offsetAt(s), dayNs); d <= floorDiv(e-1+c.zone.offsetAt(e-1), dayNs); d++ {
			c.absent[d] = true
		}
	}
	return c
}

// coreDay is a member-day met by a window.
type coreDay struct {
	day     int64 // member-local civil day
	covered bool
	dist    float64 // minutes from the window's middle to the working day's
}

// memberDay finds the member-day of the window [s, e).
func (c *coreMember) memberDay(s, e int64) (coreDay, bool) {
	mid := s + (e-s)/2
	local := floorDiv(mid+c.zone.offsetAt(mid), dayNs)
	best, bestDist, bestIn := int64(0), int64(1<<62), false
	for d := local - 1; d <= local+1; d++ {
		i := d - c.base
		if i < 0 || i >= int64(len(c.days)) || c.days[i][1] == 0 {
			continue
		}
		hs, he := c.days[i][0], c.days[i][1]
		// hs+(he-hs)/2, not (hs+he)/2: the sum of two instants in Unix
		// nanoseconds overflows after 2116 and before 1824.
		dist, in := abs64(mid-(hs+(he-hs)/2)), hs <= mid && mid < he
		// A working day containing the window's middle beats a nearer middle.
		if (in && !bestIn) || (in == bestIn && dist < bestDist) {
			best, bestDist, bestIn = d, dist, in
		}
	}
	if bestDist > 12*hourNs || c.absent[best] {
		return coreDay{}, false
	}
	for c.cursor > 0 && c.work[c.cursor-1].e > s {
		c.cursor-- // a window earlier than the last one (never in a scan)
	}
	for c.cursor < len(c.work) && c.work[c.cursor].e <= s {
		c.cursor++
	}
	covered := c.cursor < len(c.work) && c.work[c.cursor].s <= s && c.work[c.cursor].e >= e
	return coreDay{day: best, covered: covered, dist: float64(bestDist) / float64(minNs)}, true
}

func abs64(x int64) int64 {
	if x < 0 {
		return -x
	}
	return x
}

// detailCore computes each member's figures, periods and outside ranges for
// the window starting at start on each anchor date.
func detailCore(members []CoreMember, ms []coreMember, anchor *zoneTable, dates []int64, start TimeOfDay, dur int64) []CoreMemberResult {
	out := make([]CoreMemberResult, len(ms))
	for i := range ms {
		c := &ms[i]
		c.cursor = 0
		r := CoreMemberResult{ID: members[i].ID, Periods: []CorePeriod{}, Outside: []DateRange{}}
		open := false
		for _, d := range dates {
			s := anchor.toUTC(d*dayNs + int64(start)*minNs)
			e := s + dur
			date := dateOfDay(d)
			ls, le := localTimeOfDay(c.zone, s), localTimeOfDay(c.zone, e)
			if n := len(r.Periods); n > 0 && r.Periods[n-1].Start == ls && r.Periods[n-1].End == le {
				r.Periods[n-1].To = date
			} else {
				r.Periods = append(r.Periods, CorePeriod{From: date, To: date, Start: ls, End: le})
			}
			day, ok := c.memberDay(s, e)
			if !ok {
				continue
			}
			r.MemberDays++
			switch {
			case day.covered:
				r.Covered++
				open = false
			case open:
				r.Outside[len(r.Outside)-1].To = date
			default:
				r.Outside = append(r.Outside, DateRange{From: date, To: date})
				open = true
			}
		}
		if r.MemberDays > 0 {
			r.Coverage = float64(r.Covered) / float64(r.MemberDays)
		}
		out[i] = r
	}
	return out
}

// localTimeOfDay is instant u's wall-clock time of day in z.
func localTimeOfDay(z *zoneTable, u int64) TimeOfDay {
	w := u + z.offsetAt(u)
	return TimeOfDay((w - floorDiv(w, dayNs)*dayNs) / minNs)
}

// dateOfDay is the date of a civil day number.
func dateOfDay(d int64) Date {
	return DateOf(time.Unix(d*86400, 0).UTC())
}
