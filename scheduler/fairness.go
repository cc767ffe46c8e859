package scheduler

import "slices"

// Inconvenience measures how far a slot [s, e) lies from the middle of an
// attendee's working day: max over the slot of |t − mid| / half, where mid
// and half are the middle and half-length of the working day holding s. The
// working day is the span from the first range start to the last range end
// of one local date (read in that date's zone, see Schedule.Intervals), so a
// lunch break does not move the middle; if two dates' working days hold s
// (an override or a transition can make them meet) the one starting first
// counts.
// It is 0 for an instant at the middle, 1 for a slot reaching an edge and
// grows beyond 1 outside. Lengths are real time, which differs from local
// wall-clock time only on a day with a transition inside working hours.
// Attendees are available throughout the slot, so inside working hours and
// at most 1, unless adjacent ranges of two dates let a slot run from one
// working day into the next.
func inconvenience(s, e int64, h dayHull) float64 {
	n := h.e - h.s
	a, b := 2*(s-h.s)-n, 2*(e-h.s)-n
	return float64(max(a, -a, b, -b)) / float64(n)
}

// hullAt returns the working day holding t in hulls (sorted by start).
func hullAt(hulls []dayHull, t int64) (dayHull, bool) {
	j, _ := slices.BinarySearchFunc(hulls, t, func(h dayHull, t int64) int {
		if h.s > t {
			return 1
		}
		return -1
	})
	found := -1
	for k := j - 1; k >= 0 && hulls[k].s > t-3*dayNs; k-- {
		if hulls[k].e > t {
			found = k
		}
	}
	if found < 0 {
		return dayHull{}, false
	}
	return hulls[found], true
}

// sortHulls orders a member's working days by start.
func sortHulls(v []dayHull) {
	cmp := func(a, b dayHull) int { return cmpSpan(span{a.s, a.e}, span{b.s, b.e}) }
	if !slices.IsSortedFunc(v, cmp) {
		slices.SortStableFunc(v, cmp)
	}
}
