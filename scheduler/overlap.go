package scheduler

import (
	"fmt"
	"slices"
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
	tm, rule, err := prepareOverlap(members, from, to, opts)
	if err != nil || tm == nil {
		return nil, err
	}
	edges := sortedEdges(tm.avail, tm.lo, tm.hi)
	wins, segs, ids := rule.windows(edges)
	return tm.materialize(edges, wins, segs, ids), nil
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

// windows returns the qualifying windows, with the number of segments and
// of available-member entries they will hold.
func (r overlapRule) windows(edges []edge) (wins []span, segs, ids int) {
	cnt, req := 0, 0
	open, ws, wSegs, wIDs := false, int64(0), 0, 0
	for i := 0; i < len(edges); {
		j := nextInstant(edges, i)
		for ; i < j; i++ {
			d := delta(edges[i].up)
			cnt += d
			if r.required[edges[i].m] {
				req += d
			}
		}
		t := edges[j-1].t
		q := req == r.nRequired && cnt >= r.quorum
		if open && !q {
			open = false
			if t-ws >= r.minDur {
				wins = append(wins, span{ws, t})
				segs, ids = segs+wSegs, ids+wIDs
			}
		}
		if q {
			if !open {
				open, ws, wSegs, wIDs = true, t, 0, 0
			}
			wSegs, wIDs = wSegs+1, wIDs+cnt
		}
	}
	return wins, segs, ids
}

// materialize sweeps the edges again and builds the windows' segments and
// absences; segs and ids size the shared backing arrays exactly.
func (tm *team) materialize(edges []edge, wins []span, segs, ids int) []Window {
	if len(wins) == 0 {
		return nil
	}
	out := make([]Window, len(wins))
	segArena := make([]Segment, 0, segs)
	idArena := make([]string, 0, ids)
	present := make([]bool, len(tm.members))
	var cur, next, added []int32
	k := 0
	for i := 0; i < len(edges) && k < len(wins); {
		j := nextInstant(edges, i)
		added = added[:0]
		for ; i < j; i++ {
			present[edges[i].m] = edges[i].up
			if edges[i].up {
				added = append(added, edges[i].m)
			}
		}
		t := edges[j-1].t
		if t == wins[k].e {
			out[k] = tm.window(wins[k], segArena)
			segArena = segArena[len(segArena):]
			k++
			continue
		}
		if t < wins[k].s {
			continue
		}
		if t == wins[k].s {
			cur = members(cur[:0], present)
		} else {
			cur, next = update(next[:0], cur, present, added), cur
		}
		n0 := len(idArena)
		for _, m := range cur {
			idArena = append(idArena, tm.members[m].ID)
		}
		segArena = append(segArena, Segment{instant(t), instant(edges[j].t), idArena[n0:len(idArena):len(idArena)]})
	}
	tm.absences(out, wins)
	return out
}

// window builds one window from its segments.
func (tm *team) window(w span, segs []Segment) Window {
	return Window{Start: instant(w.s), End: instant(w.e), Segments: segs[:len(segs):len(segs)]}
}

// members appends the indexes of present members to dst.
func members(dst []int32, present []bool) []int32 {
	for m, p := range present {
		if p {
			dst = append(dst, int32(m))
		}
	}
	return dst
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

// absences fills each window's Unavailable list; windows are in time order,
// so one cursor per member walks its availability once.
func (tm *team) absences(out []Window, wins []span) {
	cursor := make([]int, len(tm.members))
	var all []Absence
	first := make([]int, len(wins)+1)
	for k, w := range wins {
		for i, v := range tm.avail {
			c := cursor[i]
			for c < len(v) && v[c].e <= w.s {
				c++
			}
			cursor[i] = c
			if c < len(v) && v[c].s <= w.s && v[c].e >= w.e {
				continue
			}
			if st, ok := tm.absence(i, w.s, w.e); ok {
				all = append(all, Absence{tm.members[i].ID, st})
			}
		}
		first[k+1] = len(all)
	}
	for k := range out {
		if first[k] < first[k+1] {
			out[k].Unavailable = all[first[k]:first[k+1]:first[k+1]]
		}
	}
}
