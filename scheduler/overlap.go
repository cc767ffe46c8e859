package scheduler

import (
	"fmt"
	"runtime"
	"slices"
	"sync"
	"time"
)

// OverlapOptions tunes Overlap.
type OverlapOptions struct {
	// MinDuration drops windows shorter than it; 0 keeps every window.
	MinDuration time.Duration
	// Quorum is how many members (required ones included) must be
	// available; 0 means all of them.
	Quorum int
	// TentativeFree ignores tentative blocks; otherwise they count as busy.
	TentativeFree bool
	// MaxUnavailable keeps only the first MaxUnavailable members of each
	// window's Unavailable list; 0 keeps them all. Explaining absences is
	// most of the work for a large team whose windows miss hundreds of
	// people. (OverlapCounted counts them all.)
	MaxUnavailable int
	// NoSegments leaves Window.Segments nil, for callers that need only
	// OverlapCounted's counts: cutting a large team's windows into segments
	// is the other large part of the work.
	NoSegments bool
}

// WindowCounts are a window's head counts.
type WindowCounts struct {
	// Unavailable is how many members are not available for the whole
	// window: len(Window.Unavailable) unless MaxUnavailable cut the list.
	Unavailable int
	// Fewest is the fewest members available at once in the window (the
	// smallest segment's).
	Fewest int
}

// Window is a maximal span in which every required member and at least the
// quorum are available.
type Window struct {
	Start, End time.Time
	// Segments split the window where the set of available members changes.
	Segments []Segment
	// Unavailable lists, in input order, the members not available for the
	// whole window, each with the status covering most of the window where
	// they are not available (ties to the stronger, see Precedence).
	Unavailable []Absence
}

// Segment is a span of constant team availability.
type Segment struct {
	Start, End time.Time
	// Available are the IDs of the members available throughout, in input
	// order. Segments of one result share a backing array: do not append.
	Available []string
}

// Absence names a member who is not available, and why.
type Absence struct {
	MemberID string
	Reason   Status
}

// Overlap returns every maximal window in [from, to), at least
// opts.MinDuration long, in which every required member is available and at
// least opts.Quorum members are, in time order. An empty member list gives
// no windows. It returns ErrInvalidRange, ErrRangeTooLong,
// ErrInvalidDuration, ErrInvalidQuorum, ErrInvalidHours or ErrInvalidBlock.
func Overlap(members []Member, from, to time.Time, opts OverlapOptions) ([]Window, error) {
	w, _, err := OverlapCounted(members, from, to, opts)
	return w, err
}

// OverlapCounted is Overlap that also returns each window's head counts,
// whatever opts.MaxUnavailable and opts.NoSegments leave out.
func OverlapCounted(members []Member, from, to time.Time, opts OverlapOptions) ([]Window, []WindowCounts, error) {
	tm, rule, err := prepareOverlap(members, from, to, opts)
	if err != nil || tm == nil {
		return nil, nil, err
	}
	defer tm.release()
	tm.maxUnavailable, tm.noSegments = opts.MaxUnavailable, opts.NoSegments
	p := tm.profile(rule.required)
	wins := rule.windows(p)
	out := tm.materialize(wins)
	counts := make([]WindowCounts, len(wins))
	i := 0
	for k, w := range wins {
		for i+1 < len(p) && p[i+1].t <= w.s {
			i++
		}
		fewest := int(p[i].cnt)
		for ; i+1 < len(p) && p[i+1].t < w.e; i++ {
			fewest = min(fewest, int(p[i+1].cnt))
		}
		counts[k] = WindowCounts{Unavailable: tm.unavailable[k], Fewest: fewest}
	}
	return out, counts, nil
}

// overlapRule says which instants qualify for a window.
type overlapRule struct {
	required  []bool
	nRequired int
	quorum    int
	minDur    int64
}

// prepareOverlap validates the arguments and prepares the team; it returns a
// nil team for an empty member list.
func prepareOverlap(members []Member, from, to time.Time, opts OverlapOptions) (*team, overlapRule, error) {
	var rule overlapRule
	lo, hi, err := window(from, to)
	if err != nil {
		return nil, rule, err
	}
	if opts.MinDuration < 0 {
		return nil, rule, fmt.Errorf("%w: minimum duration %s", ErrInvalidDuration, opts.MinDuration)
	}
	if len(members) == 0 {
		return nil, rule, nil
	}
	if rule.quorum, err = checkQuorum(opts.Quorum, len(members), len(members)); err != nil {
		return nil, rule, err
	}
	rule.minDur = int64(opts.MinDuration)
	rule.required = make([]bool, len(members))
	for i, m := range members {
		if m.Required {
			rule.required[i] = true
			rule.nRequired++
		}
	}
	tm, err := newTeam(members, lo, hi, opts.TentativeFree, false)
	return tm, rule, err
}

// windows returns the qualifying windows of a profile.
func (r overlapRule) windows(p []step) []span {
	return runsOf(p, r.minDur, func(s step) bool {
		return int(s.req) == r.nRequired && int(s.cnt) >= r.quorum
	})
}

// materialize builds the windows' segments and absences. Only the edges
// inside windows are gathered and sorted; segments share one backing array,
// and so do their ID lists.
func (tm *team) materialize(wins []span) []Window {
	if len(wins) == 0 {
		return nil
	}
	if tm.noSegments {
		out := make([]Window, len(wins))
		for k, w := range wins {
			out[k] = Window{Start: instant(w.s), End: instant(w.e)}
		}
		tm.absences(out, wins, tm.maxUnavailable)
		return out
	}
	starts, inner := tm.windowEdges(wins)
	segs, ids := sizes(wins, starts, inner)
	sg := segmenter{members: tm.members, inner: inner, present: make([]bool, len(tm.members)),
		segs: make([]Segment, 0, segs), ids: make([]string, 0, ids)}
	out := make([]Window, len(wins))
	for k, w := range wins {
		out[k] = Window{Start: instant(w.s), End: instant(w.e), Segments: sg.window(w, starts[k])}
	}
	tm.absences(out, wins, tm.maxUnavailable)
	return out
}

// segmenter cuts windows into segments, walking the inner edges once.
type segmenter struct {
	members          []Member
	inner            []edge // edges strictly inside windows, in time order
	i                int    // next inner edge
	present          []bool
	cur, next, added []int32
	segs             []Segment // backing arrays sized by sizes
	ids              []string
}

// window returns the segments of w, whose available members at its start
// are start.
func (sg *segmenter) window(w span, start []int32) []Segment {
	sg.cur = append(sg.cur[:0], start...)
	for _, m := range sg.cur {
		sg.present[m] = true
	}
	first := len(sg.segs)
	for t := w.s; t < w.e; {
		if t != w.s {
			sg.apply(t)
		}
		end := w.e
		if sg.i < len(sg.inner) && sg.inner[sg.i].t < w.e {
			end = sg.inner[sg.i].t
		}
		n := len(sg.ids)
		for _, m := range sg.cur {
			sg.ids = append(sg.ids, sg.members[m].ID)
		}
		sg.segs = append(sg.segs, Segment{instant(t), instant(end), sg.ids[n:len(sg.ids):len(sg.ids)]})
		t = end
	}
	for _, m := range sg.cur {
		sg.present[m] = false
	}
	return sg.segs[first:len(sg.segs):len(sg.segs)]
}

// apply takes in the edges at t and updates the available members.
func (sg *segmenter) apply(t int64) {
	sg.added = sg.added[:0]
	for ; sg.i < len(sg.inner) && sg.inner[sg.i].t == t; sg.i++ {
		e := sg.inner[sg.i]
		sg.present[e.m] = e.up
		if e.up {
			sg.added = append(sg.added, e.m)
		}
	}
	sg.cur, sg.next = update(sg.next[:0], sg.cur, sg.present, sg.added), sg.cur
}

// windowEdges returns, per window, the members available at its start in
// index order, and the availability edges strictly inside windows in time
// order.
func (tm *team) windowEdges(wins []span) (starts [][]int32, inner []edge) {
	starts, inner = make([][]int32, len(wins)), tm.edges[:0]
	for m, v := range tm.avail {
		k := 0
		for _, x := range v {
			for k < len(wins) && wins[k].e <= x.s {
				k++
			}
			for j := k; j < len(wins) && wins[j].s < x.e; j++ {
				w := wins[j]
				if x.s <= w.s {
					starts[j] = append(starts[j], int32(m))
				} else {
					inner = append(inner, edge{x.s, int32(m), true})
				}
				if x.e < w.e {
					inner = append(inner, edge{x.e, int32(m), false})
				}
			}
		}
	}
	return starts, tm.sortEdges(inner)
}

// sizes counts the segments and ID entries materialize will produce.
func sizes(wins []span, starts [][]int32, inner []edge) (segs, ids int) {
	i := 0
	for k, w := range wins {
		cnt := len(starts[k])
		segs, ids = segs+1, ids+cnt
		for i < len(inner) && inner[i].t < w.e {
			j := nextInstant(inner, i)
			for ; i < j; i++ {
				cnt += delta(inner[i].up)
			}
			segs, ids = segs+1, ids+cnt
		}
	}
	return segs, ids
}

// update appends to dst the members of cur still present merged with added,
// in index order.
func update(dst, cur []int32, present []bool, added []int32) []int32 {
	slices.Sort(added)
	a := 0
	for _, m := range cur {
		if !present[m] {
			continue
		}
		for a < len(added) && added[a] < m {
			dst = append(dst, added[a])
			a++
		}
		dst = append(dst, m)
	}
	return append(dst, added[a:]...)
}

// absences fills each window's Unavailable list, at most limit long (0:
// no limit). It goes member by member, so that one walker per
// member serves every window in time order, and places each absence at its
// window's next free slot, which keeps input order within windows.
func (tm *team) absences(out []Window, wins []span, limit int) {
	end := make([]int, len(wins)+1) // counts, then each window's end in all
	tm.countUncovered(wins, end[1:])
	tm.unavailable = slices.Clone(end[1:])
	open := 0 // windows whose lists are not full
	for k := range wins {
		if limit > 0 {
			end[k+1] = min(end[k+1], limit)
		}
		if end[k+1] > 0 {
			open++
		}
		end[k+1] += end[k]
	}
	all := make([]Absence, end[len(wins)])
	next := slices.Clone(end[:len(wins)]) // each window's next free slot
	end = end[1:]
	for k := range out {
		if next[k] < end[k] {
			out[k].Unavailable = all[next[k]:end[k]:end[k]]
		}
	}
	var w *walker
	for i, v := range tm.avail {
		if open == 0 {
			break
		}
		c, walked := 0, false
		for k, x := range wins {
			for c < len(v) && v[c].e <= x.s {
				c++
			}
			if next[k] == end[k] || (c < len(v) && v[c].s <= x.s && v[c].e >= x.e) {
				continue // full, or i is available throughout
			}
			if !walked {
				w, walked = tm.walker(i, w), true
			}
			st, _ := w.absence(x.s, x.e)
			all[next[k]] = Absence{tm.members[i].ID, st}
			if next[k]++; next[k] == end[k] {
				open--
			}
		}
	}
}

// countUncovered adds to n[k] the number of members not available
// throughout span k (spans sorted by start): uncovered without a call per
// member and span, which for a large team's feed are hundreds of thousands.
//
// A member's spans are sorted and disjoint, so their ends rise: the first
// ending after a span's start is found by galloping, which skips the
// member's many short spans between a feed's few long windows.
//
// A large team's members are counted in two halves at once.
func (tm *team) countUncovered(spans []span, n []int) {
	if len(tm.avail) < parallelMembers || runtime.GOMAXPROCS(0) < 2 {
		countUncoveredOf(tm.avail, spans, n)
		return
	}
	half, other := len(tm.avail)/2, make([]int, len(n))
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); countUncoveredOf(tm.avail[half:], spans, other) }()
	countUncoveredOf(tm.avail[:half], spans, n)
	wg.Wait()
	for k, c := range other {
		n[k] += c
	}
}

// countUncoveredOf is countUncovered for the members whose availability is
// avail.
func countUncoveredOf(avail [][]span, spans []span, n []int) {
	for _, v := range avail {
		c := 0
		for k, x := range spans {
			if c < len(v) && v[c].e <= x.s {
				step := 1
				for c+step < len(v) && v[c+step].e <= x.s {
					c += step
					step *= 2
				}
				lo, hi := c+1, min(c+step, len(v)) // v[c].e <= x.s; past hi, none is
				for lo < hi {
					if mid := int(uint(lo+hi) >> 1); v[mid].e <= x.s {
						lo = mid + 1
					} else {
						hi = mid
					}
				}
				c = lo
			}
			if c == len(v) || v[c].s > x.s || v[c].e < x.e {
				n[k]++
			}
		}
	}
}

// uncovered calls fn(k, i) for every member i (in input order) and span k
// (in order; spans sorted by start) that i is not available throughout.
func (tm *team) uncovered(spans []span, fn func(k, i int)) {
	for i, v := range tm.avail {
		c := 0
		for k, x := range spans {
			for c < len(v) && v[c].e <= x.s {
				c++
			}
			if c == len(v) || v[c].s > x.s || v[c].e < x.e {
				fn(k, i)
			}
		}
	}
}
