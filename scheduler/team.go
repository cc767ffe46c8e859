package scheduler

import (
	"fmt"
	"slices"
	"time"
)

// team is the engine's view of members over one window [lo, hi): working
// hours, blocks and availability as spans, all lists sharing a few arrays.
type team struct {
	lo, hi        int64
	members       []Member
	tentativeFree bool
	zones         *zoneCache
	work, avail   [][]span
	blocks        [][]rblock
	hulls         [][]dayHull   // with withHulls only
	reasons       []*reasonSets // filled on demand by reasonsOf
	slab          []span        // backing for reasons
}

// rblock is a block clipped to the window, with its Precedence rank.
type rblock struct {
	s, e int64
	rank uint8
}

// newTeam validates members and computes their working hours and
// availability over [lo, hi).
func newTeam(members []Member, lo, hi int64, tentativeFree, withHulls bool) (*team, error) {
	n := len(members)
	tm := &team{lo: lo, hi: hi, members: members, tentativeFree: tentativeFree,
		zones: newZoneCache(lo, hi), work: make([][]span, n), avail: make([][]span, n),
		blocks: make([][]rblock, n)}
	from, to := instant(lo), instant(hi)
	var work, avail, busy []span
	var blocks []rblock
	var hulls []dayHull
	var hullp *[]dayHull
	if withHulls {
		hullp = &hulls
	}
	off := make([][4]int, n+1) // per member: starts in work, avail, blocks, hulls
	for i := range members {
		m := &members[i]
		if err := m.Schedule.Weekly.Validate(); err != nil {
			return nil, fmt.Errorf("member %q: %w", m.ID, err)
		}
		w0, b0 := len(work), len(blocks)
		work = appendWorking(work, hullp, &m.Schedule, lo, hi, tm.zones)
		var err error
		if blocks, err = appendBlocks(blocks, m, from, to, lo, hi); err != nil {
			return nil, err
		}
		busy = busyUnion(busy[:0], blocks[b0:], tentativeFree)
		avail = appendSubtract(avail, work[w0:], busy)
		off[i+1] = [4]int{len(work), len(avail), len(blocks), len(hulls)}
	}
	for i := range members {
		a, b := off[i], off[i+1]
		tm.work[i] = work[a[0]:b[0]:b[0]]
		tm.avail[i] = avail[a[1]:b[1]:b[1]]
		tm.blocks[i] = blocks[a[2]:b[2]:b[2]]
		if withHulls {
			tm.hulls = append(tm.hulls, hulls[a[3]:b[3]:b[3]])
			sortHulls(tm.hulls[i])
		}
	}
	return tm, nil
}

// appendBlocks appends m's blocks clipped to [from, to) to dst, sorted by
// start.
func appendBlocks(dst []rblock, m *Member, from, to time.Time, lo, hi int64) ([]rblock, error) {
	first := len(dst)
	for k, b := range m.Blocks {
		rank, ok := rankOf(b.Reason)
		if !ok {
			return nil, blockError(m.ID, k, b, fmt.Sprintf("unknown reason %q", b.Reason))
		}
		if b.End.Before(b.Start) {
			return nil, blockError(m.ID, k, b, "ends before it starts")
		}
		if !b.End.After(from) || !b.Start.Before(to) || !b.Start.Before(b.End) {
			continue
		}
		s, e := lo, hi
		if b.Start.After(from) {
			s = b.Start.UnixNano()
		}
		if b.End.Before(to) {
			e = b.End.UnixNano()
		}
		dst = append(dst, rblock{s, e, uint8(rank)})
	}
	v := dst[first:]
	cmp := func(a, b rblock) int { return cmpSpan(span{a.s, a.e}, span{b.s, b.e}) }
	if !slices.IsSortedFunc(v, cmp) {
		slices.SortFunc(v, cmp)
	}
	return dst, nil
}

// busyUnion appends the union of blocks (sorted by start) that make a member
// unavailable to dst.
func busyUnion(dst []span, blocks []rblock, tentativeFree bool) []span {
	for _, b := range blocks {
		if tentativeFree && b.rank == tentativeRank {
			continue
		}
		if n := len(dst); n > 0 && b.s <= dst[n-1].e {
			dst[n-1].e = max(dst[n-1].e, b.e)
			continue
		}
		dst = append(dst, span{b.s, b.e})
	}
	return dst
}

// reasonsOf returns member i's blocks by reason, computing them once.
func (tm *team) reasonsOf(i int) *reasonSets {
	if tm.reasons == nil {
		tm.reasons = make([]*reasonSets, len(tm.members))
	}
	if rs := tm.reasons[i]; rs != nil {
		return rs
	}
	rs := new(reasonSets)
	for r := range numRanks {
		if r == tentativeRank && tm.tentativeFree {
			continue
		}
		start := len(tm.slab)
		for _, b := range tm.blocks[i] {
			if int(b.rank) != r {
				continue
			}
			if n := len(tm.slab); n > start && b.s <= tm.slab[n-1].e {
				tm.slab[n-1].e = max(tm.slab[n-1].e, b.e)
				continue
			}
			tm.slab = append(tm.slab, span{b.s, b.e})
		}
		end := len(tm.slab)
		rs[r] = tm.slab[start:end:end]
	}
	// Blocks marked outside_hours take time out of the working hours.
	start := len(tm.slab)
	tm.slab = appendSubtract(tm.slab, tm.work[i], rs[outsideRank])
	rs[outsideRank] = tm.slab[start:len(tm.slab):len(tm.slab)]
	tm.reasons[i] = rs
	return rs
}
