package scheduler

import (
	"errors"
	"fmt"
	"slices"
	"time"
)

// ErrInvalidRotation reports an on-call rotation that cannot be used: a
// shift length outside 1–MaxShiftDays, no zone, a handoff outside
// 00:00–23:59, an empty member ID or an override that ends before it
// starts or names nobody.
var ErrInvalidRotation = errors.New("invalid rotation")

// MaxShiftDays is the longest shift a rotation may have.
const MaxShiftDays = 366

// Sources of a Shift.
const (
	SourceRotation     = "rotation"
	SourceOverride     = "override"
	SourceFollowTheSun = "follow_the_sun"
	SourceGap          = "gap"
)

// OnCallOverride puts MemberID on call in [From, To), whatever the rotation
// says.
type OnCallOverride struct {
	From, To time.Time
	MemberID string
}

// Rotation is an on-call rotation: Members take turns, in order, for Shift
// local days each, handing off at Handoff in Loc. The first shift starts on
// Start at Handoff with Members[0].
type Rotation struct {
	Members   []string
	Shift     int
	Handoff   TimeOfDay
	Loc       *time.Location
	Start     Date
	Overrides []OnCallOverride
}

// Shift is a span in which one member is on call, or nobody (Gap).
type Shift struct {
	Start, End time.Time
	MemberID   string // empty in a gap
	Gap        bool
	Source     string // SourceRotation, SourceOverride, SourceFollowTheSun or SourceGap
	// Replaces is the member whose shift this was while they are away (see
	// CoverAbsences): set on a covering shift and on a gap nobody could
	// cover; empty otherwise.
	Replaces string
}

// validate checks r and returns the reason it cannot be used.
func (r Rotation) validate() error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: %s", ErrInvalidRotation, fmt.Sprintf(format, args...))
	}
	switch {
	case r.Shift < 1 || r.Shift > MaxShiftDays:
		return bad("shift of %d days is not 1–%d", r.Shift, MaxShiftDays)
	case r.Loc == nil:
		return bad("no zone")
	case r.Handoff < 0 || r.Handoff >= 1440:
		return bad("handoff %d minutes is not a time of day", int(r.Handoff))
	}
	for i, id := range r.Members {
		if id == "" {
			return bad("member %d has no ID", i)
		}
	}
	for i, o := range r.Overrides {
		if o.MemberID == "" || o.To.Before(o.From) {
			return bad("override %d (%q, %s–%s)", i, o.MemberID,
				o.From.Format(time.RFC3339), o.To.Format(time.RFC3339))
		}
	}
	return nil
}

// RotationShifts lists who is on call in [from, to) by r: shifts in time
// order, clipped to the window, without overlap, with adjacent shifts of
// the same member and source merged. From r's first shift (Start at
// Handoff) on they cover the window exactly; before it the rotation has no
// shifts at all (not even gaps), so a window wholly before it has none.
// When r has no members, its time is a gap. Overrides replace the rotation
// where they apply, before its start too, later ones winning where they
// overlap. A handoff reading that does not exist or occurs twice on a day
// is converted as in Schedule.Intervals (a gap's reading moves forward by
// the gap's length; an ambiguous one takes its first occurrence), so
// shifts keep their local handoff time across DST. It returns
// ErrInvalidRotation, ErrInvalidRange or ErrRangeTooLong.
func RotationShifts(r Rotation, from, to time.Time) ([]Shift, error) {
	lo, hi, err := window(from, to)
	if err != nil {
		return nil, err
	}
	if err := r.validate(); err != nil {
		return nil, err
	}
	return r.shifts(lo, hi), nil
}

// shifts materializes a valid rotation over [lo, hi).
func (r Rotation) shifts(lo, hi int64) []Shift {
	out := r.base(lo, hi)
	for _, o := range r.Overrides {
		s, e := clampNs(o.From, lo, hi), clampNs(o.To, lo, hi)
		if s < e {
			out = paint(out, Shift{Start: instant(s), End: instant(e), MemberID: o.MemberID, Source: SourceOverride})
		}
	}
	return mergeShifts(out)
}

// base is the rotation without overrides over [lo, hi).
func (r Rotation) base(lo, hi int64) []Shift {
	shift := int64(r.Shift)
	z := newZoneTable(r.Loc, lo-(shift+2)*dayNs, hi+2*dayNs)
	start := civilDay(r.Start)
	if start > floorDiv(hi+z.offsetAt(hi), dayNs)+1 {
		return nil // starts after the window (and its instants might not fit in int64)
	}
	bound := func(k int64) int64 { return z.toUTC((start+k*shift)*dayNs + int64(r.Handoff)*minNs) }
	if len(r.Members) == 0 {
		if b := max(bound(0), lo); b < hi {
			return []Shift{gapShift(b, hi)}
		}
		return nil
	}
	// Turn k holds lo, or k is 0 when the rotation starts after lo.
	k := max(floorDiv(floorDiv(lo+z.offsetAt(lo), dayNs)-start, shift), 0)
	for k > 0 && bound(k) > lo {
		k--
	}
	for bound(k+1) <= lo {
		k++
	}
	var out []Shift
	for ; bound(k) < hi; k++ {
		s, e := max(bound(k), lo), min(bound(k+1), hi)
		out = append(out, Shift{Start: instant(s), End: instant(e),
			MemberID: r.Members[k%int64(len(r.Members))], Source: SourceRotation})
	}
	return out
}

// fillGaps fills the holes of shifts (in time order, inside [lo, hi)) with
// gaps, so that they cover [lo, hi) exactly.
func fillGaps(shifts []Shift, lo, hi int64) []Shift {
	out := make([]Shift, 0, len(shifts)+2)
	at := lo
	for _, s := range shifts {
		if s.Start.UnixNano() > at {
			out = append(out, gapShift(at, s.Start.UnixNano()))
		}
		out = append(out, s)
		at = s.End.UnixNano()
	}
	if at < hi {
		out = append(out, gapShift(at, hi))
	}
	return mergeShifts(out)
}

// gapShift is nobody on call in [s, e).
func gapShift(s, e int64) Shift {
	return Shift{Start: instant(s), End: instant(e), Gap: true, Source: SourceGap}
}

// clampNs is t in Unix nanoseconds clamped to [lo, hi), safe for instants
// far outside.
func clampNs(t time.Time, lo, hi int64) int64 {
	switch {
	case t.Before(instant(lo)):
		return lo
	case t.After(instant(hi)):
		return hi
	}
	return t.UnixNano()
}

// paint lays p over shifts, which are in time order without overlap (with
// holes, e.g. before the rotation starts).
func paint(shifts []Shift, p Shift) []Shift {
	before := make([]Shift, 0, len(shifts)+2)
	var after []Shift
	for _, s := range shifts {
		if s.Start.Before(p.Start) {
			b := s
			b.End = earlier(s.End, p.Start)
			before = append(before, b)
		}
		if s.End.After(p.End) {
			a := s
			a.Start = later(s.Start, p.End)
			after = append(after, a)
		}
	}
	return append(append(before, p), after...)
}

// mergeShifts merges adjacent shifts of the same member, source, kind and
// Replaces, in place.
func mergeShifts(v []Shift) []Shift {
	w := 0
	for _, s := range v {
		if w > 0 {
			p := &v[w-1]
			if p.End.Equal(s.Start) && p.MemberID == s.MemberID && p.Source == s.Source && p.Gap == s.Gap && p.Replaces == s.Replaces {
				p.End = s.End
				continue
			}
		}
		v[w] = s
		w++
	}
	return v[:w]
}

// FollowTheSun lists who is on call in [from, to) when a team follows the
// sun: at each instant the first of members (in order) whose working clock
// runs, that is who is in working hours and not on time_off, holiday, oof
// or outside_hours blocks (meetings do not matter); where nobody's does,
// the fallback rotation's shift (its overrides included), or a gap when
// fallback is nil or has nobody then (before its start, too). Shifts are in time order, cover the
// window exactly and adjacent shifts of the same member and source are
// merged. It returns ErrInvalidRange, ErrRangeTooLong, ErrInvalidHours,
// ErrInvalidBlock or ErrInvalidRotation.
func FollowTheSun(members []Member, fallback *Rotation, from, to time.Time) ([]Shift, error) {
	lo, hi, err := window(from, to)
	if err != nil {
		return nil, err
	}
	rest := []Shift{gapShift(lo, hi)}
	if fallback != nil {
		if err := fallback.validate(); err != nil {
			return nil, err
		}
		rest = fillGaps(fallback.shifts(lo, hi), lo, hi)
	}
	clocks, err := workingClocks(members, lo, hi)
	if err != nil {
		return nil, err
	}
	var out []Shift
	k := 0 // index in rest
	eachFirst(clocks, lo, hi, func(s, e int64, m int) {
		if m >= 0 {
			out = append(out, Shift{Start: instant(s), End: instant(e), MemberID: members[m].ID,
				Source: SourceFollowTheSun})
			return
		}
		for ; k < len(rest) && rest[k].End.UnixNano() <= s; k++ {
		}
		for j := k; j < len(rest) && rest[j].Start.UnixNano() < e; j++ {
			c := rest[j]
			c.Start, c.End = instant(max(c.Start.UnixNano(), s)), instant(min(c.End.UnixNano(), e))
			out = append(out, c)
		}
	})
	return mergeShifts(out), nil
}

// workingClocks computes each member's working clock, meetings not
// stopping it, over [lo, hi).
func workingClocks(members []Member, lo, hi int64) ([][]span, error) {
	tm, err := newTeam(members, lo, hi, false, false)
	if err != nil {
		return nil, err
	}
	defer tm.release()
	out := make([][]span, len(members))
	var w *walker
	for i := range members {
		w = tm.clockWalker(i, false, w)
		w.walk(lo, hi, func(s, e int64, rank int) {
			if rank >= 0 {
				return
			}
			if n := len(out[i]); n > 0 && out[i][n-1].e == s {
				out[i][n-1].e = e
				return
			}
			out[i] = append(out[i], span{s, e})
		})
	}
	return out, nil
}

// eachFirst splits [lo, hi) at every endpoint of clocks and calls fn with
// each piece and the first list covering it (-1: none), in time order.
func eachFirst(clocks [][]span, lo, hi int64, fn func(s, e int64, m int)) {
	cuts := []int64{lo, hi}
	for _, v := range clocks {
		for _, x := range v {
			cuts = append(cuts, x.s, x.e)
		}
	}
	slices.Sort(cuts)
	cuts = slices.Compact(cuts)
	cur := make([]int, len(clocks))
	for c := 0; c+1 < len(cuts); c++ {
		s, e := cuts[c], cuts[c+1]
		first := -1
		for m, v := range clocks {
			for cur[m] < len(v) && v[cur[m]].e <= s {
				cur[m]++
			}
			if first < 0 && cur[m] < len(v) && v[cur[m]].s <= s {
				first = m
			}
		}
		fn(s, e, first)
	}
}

// OnCallAt returns the shift of shifts (in time order, as RotationShifts and
// FollowTheSun return them) containing t; ok is false when none does. A
// gap shift is returned like any other: check Gap.
func OnCallAt(shifts []Shift, t time.Time) (Shift, bool) {
	i, _ := slices.BinarySearchFunc(shifts, t, func(s Shift, t time.Time) int {
		if s.End.After(t) {
			return 1
		}
		return -1
	})
	if i < len(shifts) && !shifts[i].Start.After(t) {
		return shifts[i], true
	}
	return Shift{}, false
}
