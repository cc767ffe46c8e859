package scheduler

import (
	"cmp"
	"slices"
)

// walker explains a member's status: their blocks by precedence rank, each
// normalized, except that the outside_hours entry holds the working hours
// no outside_hours block covers (the complement of where that reason
// applies). Queries must come with non-decreasing starts.
type walker struct {
	sets    [numRanks][]span
	cur     [numRanks]int
	active  []int  // ranks with spans, and outside_hours, in order
	outside []span // outside_hours blocks
	hours   []span // working hours less outside_hours blocks
}

// walker returns a walker for member i (reusing w's arrays when w is not
// nil).
func (tm *team) walker(i int, w *walker) *walker {
	w = w.reset()
	for _, b := range tm.blocks(i) {
		if b.rank != tentativeRank || !tm.tentativeFree {
			w.add(int(b.rank), b.s, b.e)
		}
	}
	return w.finish(tm.work(i))
}

// localWalker returns a walker for member i that only knows [ws, we). It
// finds the blocks meeting the span by binary search (they are sorted by
// start, none longer than the member's reach), which for a short span is
// much cheaper than reading them all.
func (tm *team) localWalker(i int, ws, we int64, w *walker) *walker {
	w = w.reset()
	blocks := tm.blocks(i)
	k, _ := slices.BinarySearchFunc(blocks, ws-tm.reach[i], func(b rblock, t int64) int {
		return cmp.Compare(b.s, t)
	})
	for ; k < len(blocks); k++ {
		b := &blocks[k]
		s, e := max(b.s, ws), min(b.e, we)
		if s >= we {
			break
		}
		if s < e && (b.rank != tentativeRank || !tm.tentativeFree) {
			w.add(int(b.rank), s, e)
		}
	}
	tm.workBuf = appendWorking(tm.workBuf[:0], nil, &tm.members[i].Schedule, ws, we, tm.zones)
	return w.finish(tm.workBuf)
}

// reset empties w's lists, allocating w when nil.
func (w *walker) reset() *walker {
	if w == nil {
		w = new(walker)
	}
	for r := range w.sets {
		w.sets[r], w.cur[r] = w.sets[r][:0], 0
	}
	w.sets[outsideRank] = w.outside[:0]
	return w
}

// finish turns the outside_hours blocks into working hours they leave.
func (w *walker) finish(work []span) *walker {
	w.outside = w.sets[outsideRank]
	w.hours = appendSubtract(w.hours[:0], work, w.outside)
	w.sets[outsideRank] = w.hours
	w.active = w.active[:0]
	for r, v := range w.sets {
		if len(v) > 0 || r == outsideRank {
			w.active = append(w.active, r)
		}
	}
	return w
}

// add merges a block into its rank's list; blocks come sorted by start.
func (w *walker) add(r int, s, e int64) {
	v := w.sets[r]
	if n := len(v); n > 0 && s <= v[n-1].e {
		v[n-1].e = max(v[n-1].e, e)
		return
	}
	w.sets[r] = append(v, span{s, e})
}

// walk calls emit for consecutive spans of [ws, we) with the member's status
// there, as a precedence rank or -1 for available. Neighbours may share a
// status.
func (w *walker) walk(ws, we int64, emit func(s, e int64, rank int)) {
	cur := w.seek(ws)
	for t := ws; t < we; {
		next, rank := w.step(t, we, &cur)
		emit(t, next, rank)
		t = next
	}
}

// seek moves the walker's cursors to ws and returns a copy to step with.
func (w *walker) seek(ws int64) [numRanks]int {
	for _, r := range w.active {
		v, c := w.sets[r], w.cur[r]
		for c < len(v) && v[c].e <= ws {
			c++
		}
		w.cur[r] = c
	}
	return w.cur
}

// step returns the status at t and when it may next change (at most we),
// advancing cur.
func (w *walker) step(t, we int64, cur *[numRanks]int) (next int64, rank int) {
	rank, next = -1, we
	for _, r := range w.active {
		v, c := w.sets[r], cur[r]
		for c < len(v) && v[c].e <= t {
			c++
		}
		cur[r] = c
		in := false
		if c < len(v) {
			if in = v[c].s <= t; in {
				next = min(next, v[c].e)
			} else {
				next = min(next, v[c].s)
			}
		}
		if in != (r == outsideRank) && rank < 0 {
			rank = r
		}
	}
	return next, rank
}

// absence is the status covering most of [ws, we) among those that are not
// available, ties going to the stronger; ok is false when the member is
// available throughout.
func (w *walker) absence(ws, we int64) (st Status, ok bool) {
	var dur [numRanks]int64
	cur := w.seek(ws)
	for t := ws; t < we; {
		next, rank := w.step(t, we, &cur)
		if rank >= 0 {
			dur[rank] += next - t
		}
		t = next
	}
	best := -1
	for r, d := range dur {
		if d > 0 && (best < 0 || d > dur[best]) {
			best = r
		}
	}
	if best < 0 {
		return "", false
	}
	return precedence[best], true
}
