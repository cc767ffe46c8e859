package scheduler

import "time"

// WeekOverlap is the team overlap in one week.
type WeekOverlap struct {
	// Year and Week are the ISO 8601 week of the week's Monday.
	Year, Week int
	// Start and End bound the week (Monday 00:00 to Monday 00:00 in the
	// zone asked for), clipped to the window.
	Start, End time.Time
	// Overlap is the time in the week covered by Overlap's windows.
	Overlap time.Duration
}

// WeeklyTrend totals Overlap's windows (with opts) per week of loc (nil
// means UTC), from the week holding from to the week holding the instant
// before to. Weeks start at Monday 00:00 wall-clock time, converted like
// working hours (see Schedule.Intervals); a window crossing a week boundary
// counts in both weeks. Comparing weeks shows the weeks when, for example,
// US and EU daylight saving dates differ. It returns the errors of Overlap.
func WeeklyTrend(members []Member, from, to time.Time, loc *time.Location, opts OverlapOptions) ([]WeekOverlap, error) {
	tm, rule, err := prepareOverlap(members, from, to, opts)
	if err != nil {
		return nil, err
	}
	lo, hi := from.UnixNano(), to.UnixNano()
	var wins []span
	if tm != nil {
		wins = rule.windows(tm.profile(rule.required))
		tm.release()
	}
	z := newZoneCache(lo, hi).get(loc)
	var out []WeekOverlap
	for monday := firstMonday(z, lo); ; monday += 7 {
		s, e := z.toUTC(monday*dayNs), z.toUTC((monday+7)*dayNs)
		if s >= hi {
			return out, nil
		}
		s, e = max(s, lo), min(e, hi)
		year, week := time.Unix(monday*86400, 0).UTC().ISOWeek()
		d := time.Duration(intersectLen(wins, []span{{s, e}}))
		out = append(out, WeekOverlap{year, week, instant(s), instant(e), d})
	}
}

// firstMonday is the civil day of the Monday starting the week of z that
// holds instant u.
func firstMonday(z *zoneTable, u int64) int64 {
	day := floorDiv(u+z.offsetAt(u), dayNs)
	monday := day - int64((weekdayOf(day)+6)%7)
	for z.toUTC(monday*dayNs) > u {
		monday -= 7
	}
	for z.toUTC((monday+7)*dayNs) <= u {
		monday += 7
	}
	return monday
}

// HeatCell is one hour of the week in a heatmap.
type HeatCell struct {
	// Mean is the mean number of available members over the time the
	// window spends in this hour of the week (0 when it spends none).
	Mean float64
	// Observed is that time.
	Observed time.Duration
}

// HeatGrid holds a heatmap by weekday (indexed by time.Weekday) and hour of
// the day in the viewer's zone.
type HeatGrid [7][24]HeatCell

// Heatmap averages, for each hour of the week in viewer's zone (nil means
// UTC), the number of available members over [from, to). Hours are read off
// the viewer's wall clock: a repeated hour counts twice, a skipped one not
// at all, and an hour of a zone with a half-hour offset starts on the half
// hour in UTC. It returns ErrInvalidRange, ErrRangeTooLong, ErrInvalidHours
// or ErrInvalidBlock.
func Heatmap(members []Member, from, to time.Time, viewer *time.Location, opts AvailabilityOptions) (HeatGrid, error) {
	var g HeatGrid
	lo, hi, err := window(from, to)
	if err != nil {
		return g, err
	}
	tm, err := newTeam(members, lo, hi, opts.TentativeFree, false)
	if err != nil {
		return g, err
	}
	defer tm.release()
	var sum [7][24]float64
	in := integrator{steps: tm.profile(nil)}
	eachHour(tm.zones.get(viewer), lo, hi, func(s, e int64, wd time.Weekday, h int) {
		sum[wd][h] += float64(in.area(s, e))
		g[wd][h].Observed += time.Duration(e - s)
	})
	for wd := range g {
		for h := range g[wd] {
			if o := g[wd][h].Observed; o > 0 {
				g[wd][h].Mean = sum[wd][h] / float64(o)
			}
		}
	}
	return g, nil
}

// integrator integrates a profile's count over consecutive spans.
type integrator struct {
	steps []step
	k     int // last step at or before the previous span's start
}

// area is the integral of the count over [s, e), in member-nanoseconds;
// spans must come in time order.
func (in *integrator) area(s, e int64) int64 {
	st := in.steps
	for in.k+1 < len(st) && st[in.k+1].t <= s {
		in.k++
	}
	var a int64
	for j := in.k; j < len(st) && st[j].t < e; j++ {
		end := e
		if j+1 < len(st) {
			end = min(end, st[j+1].t)
		}
		a += int64(st[j].cnt) * (end - max(s, st[j].t))
	}
	return a
}

// eachHour calls fn for the consecutive spans of [lo, hi) in which z's wall
// clock stays in one hour of one weekday.
func eachHour(z *zoneTable, lo, hi int64, fn func(s, e int64, wd time.Weekday, h int)) {
	seg := 0
	for t := lo; t < hi; {
		for seg+1 < len(z.segs) && z.segs[seg+1].start <= t {
			seg++
		}
		off := z.segs[seg].off
		w := t + off
		e := min((floorDiv(w, hourNs)+1)*hourNs-off, hi)
		if seg+1 < len(z.segs) {
			e = min(e, z.segs[seg+1].start)
		}
		day := floorDiv(w, dayNs)
		fn(t, e, weekdayOf(day), int((w-day*dayNs)/hourNs))
		t = e
	}
}
