package scheduler

import (
	"fmt"
	"runtime"
	"slices"
	"sync"
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
	memo           workMemo    // working hours by schedule, for work
	*scratch
	second *scratch // the second half's buffers, when newTeam split the team
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
	for _, s := range []*scratch{tm.scratch, tm.second} {
		if s != nil && s.size() <= spareBytes {
			select {
			case spare <- s:
			default:
			}
		}
	}
	tm.scratch, tm.second = nil, nil
}

// rblock is a block clipped to the window, with its precedence rank.
type rblock struct {
	s, e int64
	rank uint8
}

// newTeam validates members and computes their availability over [lo, hi).
// A large team is computed in two halves at once (results do not depend on
// it).
func newTeam(members []Member, lo, hi int64, tentativeFree, withHulls bool) (*team, error) {
	n := len(members)
	tm := &team{lo: lo, hi: hi, members: members, tentativeFree: tentativeFree,
		zones: newZoneCache(lo, hi), avail: make([][]span, n), reach: make([]int64, n), clipped: make([][]rblock, n),
		pending: make([]bool, n)}
	firstErr, errAt := error(nil), n // the first member at fault, in member order
	valid := map[weeklySlices]bool{} // weekly hours shared by members (the same slices) are checked once
	for i := range members {
		m := &members[i]
		key := slicesOf(&m.Schedule.Weekly)
		if !valid[key] {
			if err := m.Schedule.Weekly.Validate(); err != nil {
				if firstErr == nil {
					firstErr, errAt = fmt.Errorf("member %q: %w", m.ID, err), i
				}
			} else {
				valid[key] = true
			}
		}
		// Every zone's table now: the halves only read the cache.
		tm.zones.get(m.Schedule.Loc)
		for _, o := range m.Schedule.Overrides {
			tm.zones.get(o.Loc)
		}
	}
	if withHulls {
		tm.hulls = make([][]dayHull, n)
	}
	tm.scratch = getScratch()
	_, allBlocks := capacities(members, lo, hi)
	parts := []*teamPart{{scratch: tm.scratch, lo: 0, hi: n, rbsRoom: allBlocks}}
	if n >= parallelMembers && runtime.GOMAXPROCS(0) > 1 {
		parts[0].hi = n / 2
		tm.second = getScratch()
		parts = append(parts, &teamPart{scratch: tm.second, lo: n / 2, hi: n})
	}
	var wg sync.WaitGroup
	for _, pt := range parts[1:] {
		wg.Add(1)
		go func() { defer wg.Done(); tm.prepare(pt, withHulls) }()
	}
	tm.prepare(parts[0], withHulls)
	wg.Wait()
	for _, pt := range parts {
		if pt.err != nil && pt.errAt < errAt {
			firstErr, errAt = pt.err, pt.errAt
		}
	}
	if firstErr != nil {
		tm.release()
		return nil, firstErr
	}
	tm.memo = parts[0].memo
	return tm, nil
}

// weeklySlices identifies weekly hours' slices (where each day's ranges
// are in memory, and how many), not their values: members whose hours were
// decoded once and shared have the same; equal ones are the same hours.
type weeklySlices [7]struct {
	first *Range
	n     int
}

func slicesOf(w *WeeklyHours) (k weeklySlices) {
	for d, rs := range w {
		if len(rs) > 0 {
			k[d].first, k[d].n = &rs[0], len(rs)
		}
	}
	return k
}

// parallelMembers is the team size from which newTeam computes two halves
// at once (a variable for the tests that compare both ways).
var parallelMembers = 200

// teamPart is the members [lo, hi) of a team being computed, with the
// buffers they are computed into.
type teamPart struct {
	*scratch
	lo, hi           int
	rbsRoom          int // room to leave in rbs (blocks clipped later go there)
	workBuf, busyBuf []span
	memo             workMemo
	err              error // at member errAt
	errAt            int
}

// prepare computes the availability, clipped blocks and (withHulls) day
// hulls of pt's members into pt's buffers, setting pt.err on the first
// invalid block.
func (tm *team) prepare(pt *teamPart, withHulls bool) {
	members := tm.members[pt.lo:pt.hi]
	nWork, nBlocks := capacities(members, tm.lo, tm.hi)
	avail := grow(pt.spans, nWork+nBlocks)
	rbs := grow(pt.rbs, max(nBlocks, pt.rbsRoom))
	var hulls []dayHull
	if withHulls {
		hulls = grow(pt.days, nWork)
	}
	pt.memo = workMemo{}
	off := make([][3]int, len(members)+1) // per member: ends in avail, hulls and rbs
	for j := range members {
		i, m := pt.lo+j, &members[j]
		pt.workBuf, hulls = pt.memo.appendWorking(pt.workBuf[:0], hulls, withHulls, &m.Schedule, tm.lo, tm.hi, tm.zones)
		if len(m.Blocks) == 0 {
			pt.busyBuf, tm.reach[i], tm.pending[i] = tm.busyCompact(pt.busyBuf[:0], m)
		}
		if !tm.pending[i] {
			first := len(rbs)
			var err error
			if rbs, tm.reach[i], err = tm.clip(rbs, m); err != nil {
				pt.err, pt.errAt = err, i
				return
			}
			pt.busyBuf = tm.busy(pt.busyBuf[:0], rbs[first:])
		}
		avail = appendSubtract(avail, pt.workBuf, pt.busyBuf)
		off[j+1] = [3]int{len(avail), len(hulls), len(rbs)}
	}
	pt.spans, pt.rbs = avail, rbs
	if withHulls {
		pt.days = hulls
	}
	for j := range members {
		i, a, b := pt.lo+j, off[j], off[j+1]
		tm.avail[i] = avail[a[0]:b[0]:b[0]]
		tm.clipped[i] = rbs[a[2]:b[2]:b[2]]
		if withHulls {
			tm.hulls[i] = hulls[a[1]:b[1]:b[1]]
			sortHulls(tm.hulls[i])
		}
	}
}

// workMemo keeps the working spans and day hulls of each schedule without
// overrides computed over one window: a large team has a few dozen distinct
// weekly hours and zones, not one per member.
type workMemo map[workKey][]workEntry

type workKey struct {
	loc  *time.Location
	hash uint64
}

type workEntry struct {
	weekly *WeeklyHours
	work   []span
	hulls  []dayHull
}

// hashWeekly hashes w's ranges (FNV-1a).
func hashWeekly(w *WeeklyHours) uint64 {
	h := uint64(14695981039346656037)
	mix := func(v uint64) { h = (h ^ v) * 1099511628211 }
	for d, rs := range w {
		mix(uint64(d)<<32 | uint64(len(rs)))
		for _, r := range rs {
			mix(uint64(uint32(r.Start))<<32 | uint64(uint32(r.End)))
		}
	}
	return h
}

func sameWeekly(a, b *WeeklyHours) bool {
	for d := range a {
		if !slices.Equal(a[d], b[d]) {
			return false
		}
	}
	return true
}

// appendWorking is appendWorking (working.go) for s over [lo, hi) with the
// hulls appended to hulls when withHulls, from the memo when s's weekly
// hours and zone were computed before.
func (memo workMemo) appendWorking(dst []span, hulls []dayHull, withHulls bool, s *Schedule, lo, hi int64, zc *zoneCache) ([]span, []dayHull) {
	var hullp *[]dayHull
	if withHulls {
		hullp = &hulls
	}
	if len(s.Overrides) > 0 {
		return appendWorking(dst, hullp, s, lo, hi, zc), hulls
	}
	key := workKey{s.Loc, hashWeekly(&s.Weekly)}
	for _, e := range memo[key] {
		if sameWeekly(e.weekly, &s.Weekly) {
			if withHulls {
				hulls = append(hulls, e.hulls...)
			}
			return append(dst, e.work...), hulls
		}
	}
	first, firstHull := len(dst), len(hulls)
	dst = appendWorking(dst, hullp, s, lo, hi, zc)
	e := workEntry{weekly: &s.Weekly, work: slices.Clone(dst[first:])}
	if withHulls {
		e.hulls = slices.Clone(hulls[firstHull:])
	}
	memo[key] = append(memo[key], e)
	return dst, hulls
}

// work returns member i's working hours in a scratch buffer valid until the
// next call.
func (tm *team) work(i int) []span {
	if tm.memo == nil {
		tm.memo = workMemo{}
	}
	tm.workBuf, _ = tm.memo.appendWorking(tm.workBuf[:0], nil, false, &tm.members[i].Schedule, tm.lo, tm.hi, tm.zones)
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
