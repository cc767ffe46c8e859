package scheduler

import (
	"slices"
	"time"
)

// Away is the time m is absent: their time_off, holiday and oof blocks.
// Working hours, meetings and outside_hours blocks do not matter: on call
// covers nights and meetings, and core hours and series count absences
// apart from working hours.
func Away(m Member) Set {
	var ivs []Interval
	for _, b := range m.Blocks {
		if b.Reason.Absence() {
			ivs = append(ivs, Interval{Start: b.Start, End: b.End})
		}
	}
	for _, c := range m.Busy {
		if c.Reason < outsideRank {
			b := c.Block()
			ivs = append(ivs, Interval{Start: b.Start, End: b.End})
		}
	}
	return Normalize(ivs)
}

// CoverAbsences hands every instant at which a shift's member is away (by
// away, member ID → Away) to the next member of order, cyclically after the
// absent one, who is not away then; the covering shift keeps the source of
// the shift it covers and Replaces names the absent member. Where every
// member of order is away, the instant is a gap whose Replaces names the
// absent member. A member not in order is followed by order's first. A
// shift is split where anyone's absence starts or ends inside it, so leave
// starting or ending mid-shift hands over at that instant. Gaps are kept as
// they are, and adjacent shifts of the same member, source, kind and
// Replaces are merged. shifts must be in time order without overlap (as
// RotationShifts and FollowTheSun return them); order should hold only
// members who can be on call.
func CoverAbsences(shifts []Shift, order []string, away map[string]Set) []Shift {
	out := make([]Shift, 0, len(shifts))
	for _, sh := range shifts {
		if sh.Gap || len(away[sh.MemberID].Clip(sh.Start, sh.End)) == 0 {
			out = append(out, sh)
			continue
		}
		out = coverShift(out, sh, order, away)
	}
	return mergeShifts(out)
}

// coverShift appends sh, split at every absence boundary inside it, with
// each piece in which sh's member is away handed to the first member
// after them in order who is not away.
func coverShift(out []Shift, sh Shift, order []string, away map[string]Set) []Shift {
	cuts := []time.Time{sh.Start, sh.End}
	addCuts := func(s Set) {
		for _, iv := range s.Clip(sh.Start, sh.End) {
			cuts = append(cuts, iv.Start, iv.End)
		}
	}
	addCuts(away[sh.MemberID])
	for _, id := range order {
		addCuts(away[id])
	}
	slices.SortFunc(cuts, func(a, b time.Time) int { return a.Compare(b) })
	cuts = slices.CompactFunc(cuts, time.Time.Equal)
	at := slices.Index(order, sh.MemberID) // -1: start from order's first
	for i := 0; i+1 < len(cuts); i++ {
		s, e := cuts[i], cuts[i+1]
		if !away[sh.MemberID].Contains(s) {
			out = append(out, Shift{Start: s, End: e, MemberID: sh.MemberID, Source: sh.Source, Replaces: sh.Replaces})
			continue
		}
		piece := Shift{Start: s, End: e, Gap: true, Source: SourceGap, Replaces: sh.MemberID}
		for k := 1; k <= len(order); k++ {
			id := order[(at+k)%len(order)]
			if id != sh.MemberID && !away[id].Contains(s) {
				piece = Shift{Start: s, End: e, MemberID: id, Source: sh.Source, Replaces: sh.MemberID}
				break
			}
		}
		out = append(out, piece)
	}
	return out
}
