package scheduler

import (
	"math"
	mbits "math/bits"
	"slices"
)

// bnb is the branch and bound's state.
type bnb struct {
	t                  *seriesTable
	cls                [][]class
	slots, budget      int
	nodes              int
	sufMiss, sufBurden [][]int // [o][i]: sum over o' >= o of the least miss / burden
	sufTotM, sufTotB   []int
	misses, burden     []int
	chosen             []int // class index per occurrence
	// sameAsPrev marks occurrences whose classes equal the previous one's:
	// permuting choices among such occurrences changes nothing, so the
	// search only tries non-decreasing class indices along them.
	sameAsPrev     []bool
	best           Objective
	bestChoice     []int
	bestTimes      [2]uint64
	found, aborted bool
}

// branchAndBound returns the optimum, or inc (or better) and false when the
// budget ran out.
func (t *seriesTable) branchAndBound(inc assignment, slots, budget int) (assignment, bool) {
	if t.c > 128 {
		return inc, false
	}
	b := t.newBnb(slots, budget)
	b.best = t.evaluate(inc).obj
	b.dfs(0, nil)
	if !b.found {
		return inc, !b.aborted
	}
	x := make(assignment, t.n)
	for oi, j := range b.bestChoice {
		ts := b.cls[oi][j].times
		x[oi] = firstBit([2]uint64{ts[0] & b.bestTimes[0], ts[1] & b.bestTimes[1]})
	}
	return x, !b.aborted
}

func (t *seriesTable) newBnb(slots, budget int) *bnb {
	b := &bnb{t: t, cls: t.classes(slots), slots: slots, budget: budget,
		misses: make([]int, t.a), burden: make([]int, t.a), chosen: make([]int, t.n)}
	b.sameAsPrev = make([]bool, t.n)
	for oi := 1; oi < t.n; oi++ {
		b.sameAsPrev[oi] = slices.EqualFunc(b.cls[oi], b.cls[oi-1], func(x, y class) bool { return x.key == y.key && x.times == y.times })
	}
	b.sufMiss, b.sufBurden = make([][]int, t.n+1), make([][]int, t.n+1)
	b.sufTotM, b.sufTotB = make([]int, t.n+1), make([]int, t.n+1)
	b.sufMiss[t.n], b.sufBurden[t.n] = make([]int, t.a), make([]int, t.a)
	for oi := t.n - 1; oi >= 0; oi-- {
		b.sufMiss[oi], b.sufBurden[oi] = slices.Clone(b.sufMiss[oi+1]), slices.Clone(b.sufBurden[oi+1])
		minM, minB := 1<<30, 1<<30
		for i := range t.a {
			mm, mb := 1<<30, 1<<30
			for _, cl := range b.cls[oi] {
				c := t.at(oi, cl.rep, i)
				mm, mb = min(mm, missOf(c)), min(mb, int(c.burden))
			}
			b.sufMiss[oi][i] += mm
			b.sufBurden[oi][i] += mb
		}
		for _, cl := range b.cls[oi] {
			minM, minB = min(minM, cl.misses), min(minB, cl.burden)
		}
		b.sufTotM[oi], b.sufTotB[oi] = b.sufTotM[oi+1]+minM, b.sufTotB[oi+1]+minB
	}
	return b
}

// bound is a componentwise lower bound of every completion from oi.
func (b *bnb) bound(oi, packing int) Objective {
	lb := Objective{Starts: max(packing, min(1, b.t.n))}
	for i := range b.t.a {
		m, bu := b.misses[i]+b.sufMiss[oi][i], b.burden[i]+b.sufBurden[oi][i]
		lb.MaxMisses, lb.MaxBurden = max(lb.MaxMisses, m), max(lb.MaxBurden, bu)
		lb.Misses, lb.Burden = lb.Misses+b.misses[i], lb.Burden+b.burden[i]
	}
	lb.Misses += b.sufTotM[oi]
	lb.Burden += b.sufTotB[oi]
	// Someone carries at least the average.
	if a := b.t.a; a > 0 {
		lb.MaxMisses = max(lb.MaxMisses, (lb.Misses+a-1)/a)
		lb.MaxBurden = max(lb.MaxBurden, (lb.Burden+a-1)/a)
	}
	return lb
}

// dfs extends the partial plan at occurrence oi; pack holds pairwise
// disjoint time sets among the chosen classes (a hitting set needs one
// start per set).
func (b *bnb) dfs(oi int, pack [][2]uint64) {
	b.nodes++
	if b.nodes > b.budget {
		b.aborted = true
		return
	}
	if b.bound(oi, len(pack)).Compare(b.best) >= 0 {
		return
	}
	t := b.t
	if oi == t.n {
		b.leaf()
		return
	}
	first := 0
	if b.sameAsPrev[oi] {
		first = b.chosen[oi-1]
	}
	for j := first; j < len(b.cls[oi]); j++ {
		cl := b.cls[oi][j]
		next := pack
		if disjointFromAll(cl.times, pack) {
			next = append(pack[:len(pack):len(pack)], cl.times)
		}
		if b.slots > 0 && len(next) > b.slots {
			continue
		}
		b.apply(oi, cl.rep, 1)
		b.chosen[oi] = j
		b.dfs(oi+1, next)
		b.apply(oi, cl.rep, -1)
		if b.aborted {
			return
		}
	}
}

func (b *bnb) apply(oi, k, sign int) {
	for i := range b.t.a {
		c := b.t.at(oi, k, i)
		b.misses[i] += sign * missOf(c)
		b.burden[i] += sign * int(c.burden)
	}
}

func (b *bnb) leaf() {
	sets := make([][2]uint64, b.t.n)
	for oi, j := range b.chosen {
		sets[oi] = b.cls[oi][j].times
	}
	limit := b.t.n
	if b.slots > 0 {
		limit = min(limit, b.slots)
	}
	steps := b.budget - b.nodes
	hs, ok := minHittingSet(sets, limit, &steps)
	b.nodes = b.budget - max(steps, -1)
	if steps < 0 {
		b.aborted = true
	}
	if !ok {
		return
	}
	obj := objectiveOf(b.misses, b.burden, popcount(hs))
	if obj.Compare(b.best) < 0 {
		b.best, b.bestChoice, b.bestTimes, b.found = obj, slices.Clone(b.chosen), hs, true
	}
}

// minHittingSet finds a smallest set of times meeting every set, of at most
// limit times; ok is false when there is none. It spends *steps (one per
// node) and stops early when they run out.
func minHittingSet(sets [][2]uint64, limit int, steps *int) (best [2]uint64, ok bool) {
	var uniq [][2]uint64
	for _, s := range sets {
		if !slices.Contains(uniq, s) {
			uniq = append(uniq, s)
		}
	}
	bestN := limit + 1
	var rec func(cur [2]uint64, n int)
	rec = func(cur [2]uint64, n int) {
		*steps--
		if n >= bestN || *steps < 0 {
			return
		}
		// Branch on the unhit set with the fewest times.
		pick, size := -1, 129
		for j, s := range uniq {
			if s[0]&cur[0] == 0 && s[1]&cur[1] == 0 && popcount(s) < size {
				pick, size = j, popcount(s)
			}
		}
		if pick < 0 {
			best, bestN, ok = cur, n, true
			return
		}
		s := uniq[pick]
		for w := range 2 {
			for v := s[w]; v != 0; v &= v - 1 {
				next := cur
				next[w] |= uint64(1) << mbits.TrailingZeros64(v)
				rec(next, n+1)
			}
		}
	}
	rec([2]uint64{}, 0)
	return best, ok
}

func disjointFromAll(s [2]uint64, pack [][2]uint64) bool {
	for _, p := range pack {
		if s[0]&p[0] != 0 || s[1]&p[1] != 0 {
			return false
		}
	}
	return true
}

func firstBit(s [2]uint64) int {
	if s[0] != 0 {
		return mbits.TrailingZeros64(s[0])
	}
	return 64 + mbits.TrailingZeros64(s[1])
}

func popcount(s [2]uint64) int { return mbits.OnesCount64(s[0]) + mbits.OnesCount64(s[1]) }

// rootBound is the bound of the whole search: what no plan can beat. m is
// minimaxBound's bound on misses.
func (t *seriesTable) rootBound(m int) Objective {
	b0 := t.newBnb(0, 0)
	lb := b0.bound(0, 0)
	b, _ := t.minimaxBound(b0.cls, func(c cell) int { return int(c.burden) })
	lb.MaxMisses, lb.MaxBurden = max(lb.MaxMisses, m), max(lb.MaxBurden, b)
	return lb
}

// minimaxBound bounds the largest total of any attendee from below. For
// any weights w over attendees (summing to 1), max_a total_a >= sum_a w_a
// total_a >= sum over occurrences of the least weighted value any candidate
// gives, so every w yields a bound; multiplicative weights steer w towards
// the attendees best responses load most (the LP dual of the min-max).
//
// It also returns mixed plans: occurrence i takes its best response of
// iteration i·iters/n (or i·iters/2n, the first half), roundings of the
// weights' average that spread the load the way the bound does (starts for
// the local search).
// Only undominated classes (cls, from classes(0)) are tried: a dominated
// one is never the least for weights that are not negative.
func (t *seriesTable) minimaxBound(cls [][]class, val func(cell) int) (int, []assignment) {
	if t.n == 0 || t.a == 0 || t.c == 0 {
		return 0, nil
	}
	w := make([]float64, t.a)
	for i := range w {
		w[i] = 1 / float64(t.a)
	}
	load := make([]float64, t.a)
	size := 0
	for _, cs := range cls {
		size += len(cs)
	}
	iters := min(400, max(10, 20_000_000/max(1, size*t.a)))
	best := 0.0
	mixed := []assignment{make(assignment, t.n), make(assignment, t.n)}
	for it := range iters {
		clear(load)
		total := 0.0
		for oi := range t.n {
			bk, bv := 0, math.Inf(1)
			for _, cl := range cls[oi] {
				k := cl.rep
				v := 0.0
				for i := range t.a {
					v += w[i] * float64(val(t.at(oi, k, i)))
				}
				if v < bv {
					bk, bv = k, v
				}
			}
			total += bv
			if oi*iters/t.n == it || it == 0 {
				mixed[0][oi] = bk
			}
			if oi*iters/(2*t.n) == it || it == 0 {
				mixed[1][oi] = bk
			}
			for i := range t.a {
				load[i] += float64(val(t.at(oi, bk, i)))
			}
		}
		best = max(best, total)
		top := slices.Max(load)
		if top == 0 {
			break
		}
		sum := 0.0
		for i := range w {
			w[i] *= math.Exp(0.5 * load[i] / top)
			sum += w[i]
		}
		for i := range w {
			w[i] /= sum
		}
	}
	return int(math.Ceil(best - 1e-6)), mixed
}
