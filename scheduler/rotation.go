package scheduler

import (
	"cmp"
	"fmt"
	"time"
)

// A meeting series with a fair rotation: each occurrence happens on its date
// in the series' zone at a start time chosen from that date's candidates.
// An attendee whose never band the meeting touches is excused (a miss); one
// who attends carries a burden, the meeting's minutes outside their working
// hours. Plan minimizes, in this order: the largest number of misses of any
// attendee, the total number of misses, the largest total burden of any
// attendee, the sum of burdens, the number of distinct start times.

// MaxSeriesOccurrences bounds a series.
const MaxSeriesOccurrences = 500

// DefaultNever is the default never band: before 07:00 and from 22:00.
var DefaultNever = Range{Start: 22 * 60, End: 7 * 60}

// AttendeeStatus is how an attendee meets one occurrence.
type AttendeeStatus string

// Attendee statuses.
const (
	AttendInside  AttendeeStatus = "inside"   // inside working hours
	AttendOutside AttendeeStatus = "outside"  // attends, partly or wholly outside working hours
	AttendExcused AttendeeStatus = "excused"  // the never band is touched: a miss
	AttendTimeOff AttendeeStatus = "time_off" // away anyway: neither a miss nor a burden
)

// SeriesAttendee is an attendee as the optimiser sees them.
type SeriesAttendee struct {
	ID       string
	Schedule Schedule
	// Absences are time off and holidays: an occurrence they touch is
	// time_off for the attendee, whatever its start.
	Absences []Interval
	// Never is the local band the attendee never meets in; a range with
	// Start == End means none.
	Never Range
}

// SeriesOptions describe the series.
type SeriesOptions struct {
	Zone     *time.Location // nil means UTC
	Dates    []Date         // occurrence dates in Zone, at most MaxSeriesOccurrences
	Duration time.Duration  // 15 minutes to 8 hours, whole minutes
	// Slots bounds the distinct start times (0: no bound, the objective's last
	// term keeps them few).
	Slots int
	// Candidates are the start times tried on every date (nil: every 15
	// minutes). Times in a DST gap are read as RFC 5545 says.
	Candidates []TimeOfDay
	// Budget bounds the exact search in nodes (0: 200000). When it runs out
	// the plan is the best found and LowerBound says how far it may be off.
	Budget int
}

// Objective is a plan's score, compared lexicographically in field order.
type Objective struct {
	MaxMisses, Misses, MaxBurden, Burden, Starts int
}

// Compare orders objectives: negative when o is better than p.
func (o Objective) Compare(p Objective) int {
	return cmp.Or(cmp.Compare(o.MaxMisses, p.MaxMisses), cmp.Compare(o.Misses, p.Misses),
		cmp.Compare(o.MaxBurden, p.MaxBurden), cmp.Compare(o.Burden, p.Burden), cmp.Compare(o.Starts, p.Starts))
}

// AttendeeTotals are an attendee's figures over a series.
type AttendeeTotals struct {
	ID                    string
	Misses, BurdenMinutes int
	TimeOff               int // occurrences missed for time off (not misses)
}

// OccurrenceAttendee is one attendee's part in one occurrence.
type OccurrenceAttendee struct {
	Status        AttendeeStatus
	BurdenMinutes int
}

// PlannedOccurrence is one meeting of the plan.
type PlannedOccurrence struct {
	Date       Date
	Start, End time.Time // UTC
	Slot       int       // index into SeriesPlan.Slots
	Attendees  []OccurrenceAttendee
}

// FixedTime is the best single start time and its figures.
type FixedTime struct {
	Start     TimeOfDay
	Attendees []AttendeeTotals
	Objective Objective
}

// SeriesPlan is the optimiser's answer.
type SeriesPlan struct {
	Occurrences []PlannedOccurrence
	Attendees   []AttendeeTotals // in input order
	Slots       []TimeOfDay      // distinct start times, in order of first use
	Objective   Objective
	// Exact reports a proven optimum; otherwise LowerBound is no better than
	// any plan (each figure is a bound on its own).
	Exact      bool
	LowerBound Objective
	Fixed      FixedTime
}

// cell is one attendee's status and burden for one candidate of one date,
// kept small: a table holds occurrences × candidates × attendees of them.
type cell struct {
	burden int32
	status statusCode
}

// statusCode is an AttendeeStatus as a byte.
type statusCode uint8

const (
	codeInside statusCode = iota
	codeOutside
	codeExcused
	codeTimeOff
)

var statusNames = [...]AttendeeStatus{AttendInside, AttendOutside, AttendExcused, AttendTimeOff}

// seriesTable holds every (occurrence, candidate, attendee) cell.
type seriesTable struct {
	n, c, a int
	cands   []TimeOfDay
	starts  [][]int64 // [o][c] UTC start
	cells   []cell    // [(o*c+k)*a+i]
	dur     int64
	dates   []Date
}

func (t *seriesTable) at(o, k, i int) cell { return t.cells[(o*t.c+k)*t.a+i] }

// PlanSeries chooses each occurrence's start time.
func PlanSeries(attendees []SeriesAttendee, o SeriesOptions) (SeriesPlan, error) {
	if err := o.check(); err != nil {
		return SeriesPlan{}, err
	}
	t := buildTable(attendees, o)
	fixed, fixedPlan := t.bestFixed()
	var best assignment
	var exact bool
	var lb Objective
	switch {
	case t.n == 0:
		best, exact = assignment{}, true
	case o.Slots == 1:
		best, exact = fixedPlan, true
		lb = t.evaluate(fixedPlan).obj
	default:
		best = t.localSearch(fixedPlan, o.Slots)
		missBound, mixed := t.minimaxBound(t.classes(0), missOf)
		starts := []assignment{t.greedy(o.Slots)}
		if o.Slots == 0 {
			starts = append(starts, mixed...)
		}
		for _, x := range starts {
			if g := t.localSearch(x, o.Slots); t.evaluate(g).obj.Compare(t.evaluate(best).obj) < 0 {
				best = g
			}
		}
		best, exact = t.branchAndBound(best, o.Slots, o.Budget)
		lb = t.rootBound(missBound)
	}
	plan := t.plan(best, attendees)
	plan.Exact, plan.Fixed = exact, fixed
	plan.LowerBound = lb
	if exact {
		plan.LowerBound = plan.Objective
	}
	for i := range plan.Fixed.Attendees {
		plan.Fixed.Attendees[i].ID = attendees[i].ID
	}
	return plan, nil
}

func (o *SeriesOptions) check() error {
	if o.Duration < 15*time.Minute || o.Duration > 8*time.Hour || o.Duration%time.Minute != 0 {
		return fmt.Errorf("%w: a meeting lasts 15 minutes to 8 hours, in whole minutes", ErrInvalidDuration)
	}
	if len(o.Dates) > MaxSeriesOccurrences {
		return fmt.Errorf("%w: %d occurrences is more than %d", ErrRangeTooLong, len(o.Dates), MaxSeriesOccurrences)
	}
	if o.Slots < 0 {
		return fmt.Errorf("%w: slots %d", ErrInvalidRange, o.Slots)
	}
	if o.Candidates == nil {
		for m := 0; m < 1440; m += 15 {
			o.Candidates = append(o.Candidates, TimeOfDay(m))
		}
	}
	for _, c := range o.Candidates {
		if c < 0 || c >= 1440 {
			return fmt.Errorf("%w: candidate %d", ErrInvalidRange, c)
		}
	}
	if len(o.Dates) > 0 {
		first, last := civilDay(o.Dates[0]), civilDay(o.Dates[len(o.Dates)-1])
		if lo := time.Unix((first-1)*86400, 0); lo.Before(MinTime) || time.Unix((last+2)*86400, 0).After(MaxTime) {
			return fmt.Errorf("%w: outside %d–%d", ErrInvalidRange, MinTime.Year(), MaxTime.Year())
		}
	}
	if o.Budget <= 0 {
		o.Budget = 200000
	}
	return nil
}

func buildTable(attendees []SeriesAttendee, o SeriesOptions) *seriesTable {
	t := &seriesTable{n: len(o.Dates), c: len(o.Candidates), a: len(attendees), cands: o.Candidates, dur: int64(o.Duration), dates: o.Dates}
	t.cells = make([]cell, t.n*t.c*t.a)
	if t.n == 0 {
		return t
	}
	lo, hi := civilDay(o.Dates[0])*dayNs, (civilDay(o.Dates[len(o.Dates)-1])+1)*dayNs
	for _, d := range o.Dates {
		lo, hi = min(lo, civilDay(d)*dayNs), max(hi, (civilDay(d)+1)*dayNs)
	}
	zc := newZoneCache(lo, hi)
	anchor := zc.get(o.Zone)
	t.starts = make([][]int64, t.n)
	for oi, d := range o.Dates {
		t.starts[oi] = make([]int64, t.c)
		for k, c := range o.Candidates {
			t.starts[oi][k] = anchor.toUTC(civilDay(d)*dayNs + int64(c)*minNs)
		}
	}
	for i := range attendees {
		a := &attendees[i]
		work := appendWorking(nil, nil, &a.Schedule, lo-2*dayNs, hi+2*dayNs, zc)
		var away []span
		for _, iv := range a.Absences {
			away = append(away, span{iv.Start.UnixNano(), iv.End.UnixNano()})
		}
		away = normalizeSpans(away)
		z := zc.get(a.Schedule.Loc)
		for oi := range t.n {
			for k := range t.c {
				s := t.starts[oi][k]
				t.cells[(oi*t.c+k)*t.a+i] = attendCell(s, s+t.dur, work, away, z, a.Never)
			}
		}
	}
	return t
}

// attendCell is an attendee's part in the meeting [s, e).
func attendCell(s, e int64, work, away []span, z *zoneTable, never Range) cell {
	if i := firstEndingAfter(away, s); i < len(away) && away[i].s < e {
		return cell{status: codeTimeOff}
	}
	if touchesBand(s, e, z, never) {
		return cell{status: codeExcused}
	}
	var in int64
	for i := firstEndingAfter(work, s); i < len(work) && work[i].s < e; i++ {
		in += min(work[i].e, e) - max(work[i].s, s)
	}
	if b := int((e - s - in + minNs - 1) / minNs); b > 0 {
		return cell{status: codeOutside, burden: int32(b)}
	}
	return cell{status: codeInside}
}

// touchesBand reports whether [s, e) meets the local band on any day. The
// meeting is read on the wall clock piece by piece between the zone's
// transitions, so a meeting across a DST change is judged by the clock the
// attendee sees.
func touchesBand(s, e int64, z *zoneTable, band Range) bool {
	if band.Start == band.End || !validRange(band) {
		return false
	}
	for a := s; a < e; {
		b := e
		for _, sg := range z.segs {
			if sg.start > a && sg.start < b {
				b = sg.start
			}
		}
		off := z.offsetAt(a)
		ws, we := a+off, b+off
		day := floorDiv(ws, dayNs)
		for d := day - 1; d <= day+1; d++ {
			bs := d*dayNs + int64(band.Start)*minNs
			if be := bs + int64(band.Minutes())*minNs; bs < we && ws < be {
				return true
			}
		}
		a = b
	}
	return false
}

// assignment is a candidate index per occurrence.
type assignment []int

// score is an assignment's totals and objective.
type score struct {
	misses, burden, off []int
	obj                 Objective
}

func (t *seriesTable) evaluate(x assignment) score {
	sc := score{misses: make([]int, t.a), burden: make([]int, t.a), off: make([]int, t.a)}
	seen := map[int]bool{}
	for oi, k := range x {
		seen[k] = true
		for i := range t.a {
			c := t.at(oi, k, i)
			switch c.status {
			case codeExcused:
				sc.misses[i]++
			case codeTimeOff:
				sc.off[i]++
			}
			sc.burden[i] += int(c.burden)
		}
	}
	sc.obj = objectiveOf(sc.misses, sc.burden, len(seen))
	return sc
}

func objectiveOf(misses, burden []int, starts int) Objective {
	o := Objective{Starts: starts}
	for i := range misses {
		o.MaxMisses, o.Misses = max(o.MaxMisses, misses[i]), o.Misses+misses[i]
		o.MaxBurden, o.Burden = max(o.MaxBurden, burden[i]), o.Burden+burden[i]
	}
	return o
}

// bestFixed evaluates every single start time.
func (t *seriesTable) bestFixed() (FixedTime, assignment) {
	var best assignment
	var bs score
	for k := range t.c {
		x := make(assignment, t.n)
		for oi := range x {
			x[oi] = k
		}
		if sc := t.evaluate(x); best == nil || sc.obj.Compare(bs.obj) < 0 {
			best, bs = x, sc
		}
	}
	f := FixedTime{Objective: bs.obj, Attendees: make([]AttendeeTotals, t.a)}
	if t.n > 0 {
		f.Start = t.cands[best[0]]
	} else if t.c > 0 {
		f.Start = t.cands[0]
	}
	for i := range f.Attendees {
		f.Attendees[i] = AttendeeTotals{Misses: bs.misses[i], BurdenMinutes: bs.burden[i], TimeOff: bs.off[i]}
	}
	return f, best
}

// plan turns an assignment into the answer.
func (t *seriesTable) plan(x assignment, attendees []SeriesAttendee) SeriesPlan {
	sc := t.evaluate(x)
	p := SeriesPlan{Objective: sc.obj, Attendees: make([]AttendeeTotals, t.a), Occurrences: make([]PlannedOccurrence, t.n), Slots: []TimeOfDay{}}
	for i := range p.Attendees {
		p.Attendees[i] = AttendeeTotals{ID: attendees[i].ID, Misses: sc.misses[i], BurdenMinutes: sc.burden[i], TimeOff: sc.off[i]}
	}
	slot := map[int]int{}
	for oi, k := range x {
		if _, ok := slot[k]; !ok {
			slot[k] = len(p.Slots)
			p.Slots = append(p.Slots, t.cands[k])
		}
		s := t.starts[oi][k]
		occ := PlannedOccurrence{Date: t.dates[oi], Start: instant(s), End: instant(s + t.dur), Slot: slot[k], Attendees: make([]OccurrenceAttendee, t.a)}
		for i := range t.a {
			c := t.at(oi, k, i)
			occ.Attendees[i] = OccurrenceAttendee{Status: statusNames[c.status], BurdenMinutes: int(c.burden)}
		}
		p.Occurrences[oi] = occ
	}
	return p
}
