package scheduler

import (
	"fmt"
	"slices"
	"time"
)

// team is the engine's view of members over one window [lo, hi): their
// availability as spans, the lists of all members sharing one array. Working
// hours and blocks are computed again when reasons are asked for, which is
// cheaper than keeping them.
type team struct {
	lo, hi         int64
	members        []Member
	tentativeFree  bool
	zones          *zoneCache
	avail          [][]span
	hulls          [][]dayHull // with withHulls only
	reach          []int64     // per member: longest clipped block
	clipped        [][]rblock  // per member: blocks clipped to the window, sorted by start
	pending        []bool      // per member: clipped not built yet (see blocks)
	workBuf        []span      // scratch for one member's working hours
	busyBuf        []span      // scratch for one member's busy time
	noGrid         bool        // profile sorts edges even on the grid (tests)
	maxUnavailable int         // Overlap's cap on Unavailable lists
	unavailable    []int       // per window materialized: members not available throughout
	noSegments     bool        // materialize leaves segments out
	*scratch
}

// scratch holds a call's large buffers. They are kept for the next call
// when the call ends (results never point into them), which spares
// allocating and clearing megabytes per call and the garbage collections
// that follow.
type scratch struct {
	spans         []span
	days          []dayHull
	diff          [][2]int32
	steps         []step
	edges, sorted []edge
	pos           []int32
	rbs           []rblock
}

// spare keeps scratch buffers between calls. A sync.Pool would lose them
// at every other garbage collection, which a large team's call, allocating
// megabytes, brings about itself: they were allocated again nearly every
// call. At most spareMax sets of at most spareBytes each are kept.
var spare = make(chan *scratch, spareMax)

const (
	spareMax   = 4
	spareBytes = 64 << 20
)

// size is the bytes s holds, roughly.
func (s *scratch) size() int {
	return 16*(cap(s.spans)+cap(s.steps)+cap(s.edges)+cap(s.sorted)) + 24*(cap(s.days)+cap(s.rbs)) +
		8*cap(s.diff) + 4*cap(s.pos)
}

// getScratch returns kept buffers, or new empty ones.
func getScratch() *scratch {
	select {
	case s := <-spare:
		return s
	default:
		return new(scratch)
	}
}

// release keeps the team's buffers for another call; tm is unusable after.
func (tm *team) release() {
	if tm == nil || tm.scratch == nil {
		return
	}
	if tm.scratch.size() <= spareBytes {
		select {
		case spare <- tm.scratch:
		default:
		}
	}
	tm.scratch = nil
}

// rblock is a block clipped to the window, with its precedence rank.
type rblock struct {
	s, e int64
	rank uint8
}

// newTeam validates members and computes their availability over [lo, hi).
func newTeam(members []Member, lo, hi int64, tentativeFree, withHulls bool) (*team, error) {
	n := len(members)
	tm := &team{lo: lo, hi: hi, members: members, tentativeFree: tentativeFree,
		zones: newZoneCache(lo, hi), avail: make([][]span, n), reach: make([]int64, n), clipped: make([][]rblock, n),
		pending: make([]bool, n)}
	tm.scratch = getScratch()
	nWork, nBlocks := capacities(members, lo, hi)
	avail := grow(tm.spans, nWork+nBlocks)
	rbs := grow(tm.rbs, nBlocks)
	var hulls []dayHull
	var hullp *[]dayHull
	if withHulls {
		hulls = grow(tm.days, nWork)
		hullp = &hulls
	}
	off := make([][3]int, n+1) // per member: ends in avail, hulls and rbs
	for i := range members {
		m := &members[i]
		if err := m.Schedule.Weekly.Validate(); err != nil {
			tm.release()
			return nil, fmt.Errorf("member %q: %w", m.ID, err)
		}
		tm.workBuf = appendWorking(tm.workBuf[:0], hullp, &m.Schedule, lo, hi, tm.zones)
		var err error
		if len(m.Blocks) == 0 {
			tm.busyBuf, tm.reach[i], tm.pending[i] = tm.busyCompact(tm.busyBuf[:0], m)
		}
		if !tm.pending[i] {
			first := len(rbs)
			if rbs, tm.reach[i], err = tm.clip(rbs, m); err != nil {
				tm.release()
				return nil, err
			}
			tm.busyBuf = tm.busy(tm.busyBuf[:0], rbs[first:])
		}
		avail = appendSubtract(avail, tm.workBuf, tm.busyBuf)
		off[i+1] = [3]int{len(avail), len(hulls), len(rbs)}
	}
	tm.spans, tm.rbs = avail, rbs
	if withHulls {
		tm.days, tm.hulls = hulls, make([][]dayHull, n)
	}
	for i := range members {
		a, b := off[i], off[i+1]
		tm.avail[i] = avail[a[0]:b[0]:b[0]]
		tm.clipped[i] = rbs[a[2]:b[2]:b[2]]
		if withHulls {
			tm.hulls[i] = hulls[a[1]:b[1]:b[1]]
			sortHulls(tm.hulls[i])
		}
	}
	return tm, nil
}

// work returns member i's working hours in a scratch buffer valid until the
// next call.
func (tm *team) work(i int) []span {
	tm.workBuf = appendWorking(tm.workBuf[:0], nil, &tm.members[i].Schedule, tm.lo, tm.hi, tm.zones)
	return tm.workBuf
}

// clip validates m's blocks (Blocks then Busy) and appends those meeting
// the window to dst, clipped to it and sorted by start (calendars list them
// sorted, so that is nearly always a check). It also returns the longest
// clipped block.
func (tm *team) clip(dst []rblock, m *Member) ([]rblock, int64, error) {
	first, reach := len(dst), int64(0)
	for k := range m.Blocks {
		b := &m.Blocks[k]
		rank, ok := rankOf(b.Reason)
		if !ok {
			return nil, 0, blockError(m.ID, k, *b, fmt.Sprintf("unknown reason %q", b.Reason))
		}
		if b.End.Before(b.Start) {
			return nil, 0, blockError(m.ID, k, *b, "ends before it starts")
		}
		if s, e := tm.clamp(b.Start), tm.clamp(b.End); s < e {
			dst = append(dst, rblock{s, e, uint8(rank)})
			reach = max(reach, e-s)
		}
	}
	for k := range m.Busy {
		b := &m.Busy[k]
		if int(b.Reason) >= numRanks {
			return nil, 0, blockError(m.ID, len(m.Blocks)+k, b.Block(), fmt.Sprintf("unknown reason code %d", b.Reason))
		}
		if s, e := tm.clipBusy(b); s < e {
			dst = append(dst, rblock{s, e, uint8(b.Reason)})
			reach = max(reach, e-s)
		}
	}
	if v := dst[first:]; !slices.IsSortedFunc(v, cmpBlock) {
		slices.SortFunc(v, cmpBlock)
	}
	return dst, reach, nil
}

// busyCompact is clip then busy for a member with Busy blocks only, sorted
// by start as calendars list them: it appends their union to dst without
// keeping the clipped blocks, which only explaining absences needs (blocks
// clips them then). ok is false, and dst unchanged, when a block is invalid
// or out of order: clip must be used.
func (tm *team) busyCompact(dst []span, m *Member) (out []span, reach int64, ok bool) {
	// The window and clipBusy's bounds in locals: the loop writes to dst,
	// which could alias tm, so they would be loaded and divided again for
	// every block.
	lo, hi, tentativeFree := tm.lo, tm.hi, tm.tentativeFree
	secLo, secHi := lo/1e9-1, hi/1e9+1
	first, prev := len(dst), lo
	for k := range m.Busy {
		b := &m.Busy[k]
		if int(b.Reason) >= numRanks {
			return dst[:first], 0, false
		}
		s, e := clipSeconds(b, lo, hi, secLo, secHi)
		if s >= e {
			continue
		}
		if s < prev {
			return dst[:first], 0, false
		}
		prev, reach = s, max(reach, e-s)
		if tentativeFree && b.Reason == tentativeRank {
			continue
		}
		if n := len(dst); n > first && s <= dst[n-1].e {
			dst[n-1].e = max(dst[n-1].e, e)
			continue
		}
		dst = append(dst, span{s, e})
	}
	return dst, reach, true
}

// clipBusy is b in Unix nanoseconds clamped to the window (as clamp).
func (tm *team) clipBusy(b *Busy) (s, e int64) {
	return clipSeconds(b, tm.lo, tm.hi, tm.lo/1e9-1, tm.hi/1e9+1)
}

// clipSeconds is clipBusy for the window [lo, hi), secLo = lo/1e9-1 and
// secHi = hi/1e9+1.
func clipSeconds(b *Busy, lo, hi, secLo, secHi int64) (s, e int64) {
	start := min(max(b.Start, secLo), secHi)
	end := min(max(min(b.Start, secHi)+int64(b.Length), secLo), secHi)
	return min(max(start*1e9, lo), hi), min(max(end*1e9, lo), hi)
}

// busy appends the union of the clipped blocks bs (sorted by start) that
// make the member unavailable to dst.
func (tm *team) busy(dst []span, bs []rblock) []span {
	first := len(dst)
	for _, b := range bs {
		if tm.tentativeFree && b.rank == tentativeRank {
			continue
		}
		if n := len(dst); n > first && b.s <= dst[n-1].e {
			dst[n-1].e = max(dst[n-1].e, b.e)
			continue
		}
		dst = append(dst, span{b.s, b.e})
	}
	return dst
}

// grow returns v emptied, with room for n elements; it leaves a quarter
// more when it allocates, so that a kept buffer serves the next, slightly
// larger call too.
func grow[T any](v []T, n int) []T {
	if cap(v) < n {
		return make([]T, 0, n+n/4)
	}
	return v[:0]
}

// capacities bounds the working spans and blocks of members over [lo, hi),
// so that the shared arrays are allocated once.
func capacities(members []Member, lo, hi int64) (work, blocks int) {
	weeks := int((hi-lo)/(7*dayNs)) + 2
	for i := range members {
		for _, r := range members[i].Schedule.Weekly {
			work += len(r) * weeks
		}
		blocks += len(members[i].Blocks) + len(members[i].Busy)
	}
	return work, blocks
}

// blocks returns member i's blocks clipped to the window and sorted by
// start; the caller must not modify them.
func (tm *team) blocks(i int) []rblock {
	if tm.pending[i] {
		first := len(tm.rbs) // rbs has room for every member's blocks: earlier lists stay in place
		tm.rbs, _, _ = tm.clip(tm.rbs, &tm.members[i])
		tm.clipped[i], tm.pending[i] = tm.rbs[first:len(tm.rbs):len(tm.rbs)], false
	}
	return tm.clipped[i]
}

func cmpBlock(a, b rblock) int { return cmpSpan(span{a.s, a.e}, span{b.s, b.e}) }

// clamp is t in Unix nanoseconds clamped to the window, safe for instants
// whose nanoseconds would overflow. It is branch-free so that it inlines.
func (tm *team) clamp(t time.Time) int64 {
	sec := min(max(t.Unix(), tm.lo/1e9-1), tm.hi/1e9+1)
	return min(max(sec*1e9+int64(t.Nanosecond()), tm.lo), tm.hi)
}
