package scheduler

import (
	"cmp"
	"math"
	mbits "math/bits"
	"slices"
)

// The search: a local search from the best fixed time and from a greedy
// rotation gives an incumbent; a branch and bound over occurrences then
// proves it optimal or improves it within a node budget. Candidates of one
// occurrence with the same misses and burdens for everyone form a class: the
// first four terms cannot tell them apart, so the bound branches on classes
// and a minimum hitting set over the chosen classes' times settles the fifth.

// searchKey refines the objective with sums of squares, which spread misses
// and burdens and let a local search leave plateaus of the maximum.
type searchKey [7]int

func cmpKey(a, b searchKey) int { return slices.Compare(a[:], b[:]) }

// searchState tracks totals of a (partial) assignment.
type searchState struct {
	t              *seriesTable
	misses, burden []int
	use            []int // occurrences per candidate
	distinct       int
}

func (t *seriesTable) newState(x assignment) *searchState {
	st := &searchState{t: t, misses: make([]int, t.a), burden: make([]int, t.a), use: make([]int, t.c)}
	for oi, k := range x {
		if k >= 0 {
			st.move(oi, -1, k)
		}
	}
	return st
}

func missOf(c cell) int {
	if c.status == AttendExcused {
		return 1
	}
	return 0
}

// keyIfMove is the key after occurrence oi moves from candidate from (-1:
// unassigned) to to.
func (st *searchState) keyIfMove(oi, from, to int) searchKey {
	t := st.t
	var k searchKey
	for i := range t.a {
		m, b := st.misses[i], st.burden[i]
		if from >= 0 {
			c := t.at(oi, from, i)
			m, b = m-missOf(c), b-c.burden
		}
		c := t.at(oi, to, i)
		m, b = m+missOf(c), b+c.burden
		k[0], k[1], k[2] = max(k[0], m), k[1]+m, k[2]+m*m
		k[3], k[4], k[5] = max(k[3], b), k[4]+b, k[5]+b*b
	}
	k[6] = st.distinctAfter(from, to)
	return k
}

func (st *searchState) distinctAfter(from, to int) int {
	d := st.distinct
	if from >= 0 && st.use[from] == 1 && from != to {
		d--
	}
	if st.use[to] == 0 {
		d++
	}
	return d
}

func (st *searchState) move(oi, from, to int) {
	t := st.t
	st.distinct = st.distinctAfter(from, to)
	for i := range t.a {
		if from >= 0 {
			c := t.at(oi, from, i)
			st.misses[i], st.burden[i] = st.misses[i]-missOf(c), st.burden[i]-c.burden
		}
		c := t.at(oi, to, i)
		st.misses[i], st.burden[i] = st.misses[i]+missOf(c), st.burden[i]+c.burden
	}
	if from >= 0 {
		st.use[from]--
	}
	st.use[to]++
}

// localSearch improves x one occurrence at a time while the key improves,
// keeping at most slots distinct starts, and returns the best by objective.
func (t *seriesTable) localSearch(x assignment, slots int) assignment {
	x = slices.Clone(x)
	st := t.newState(x)
	best, bestObj := slices.Clone(x), t.evaluate(x).obj
	passes := min(50, max(3, 300_000_000/max(1, t.n*t.c*t.a)))
	for range passes {
		improved := false
		for oi := range t.n {
			from := x[oi]
			cur := st.keyIfMove(oi, from, from)
			bk, bkey := -1, cur
			for k := range t.c {
				if k == from || (slots > 0 && st.distinctAfter(from, k) > slots) {
					continue
				}
				if key := st.keyIfMove(oi, from, k); cmpKey(key, bkey) < 0 {
					bk, bkey = k, key
				}
			}
			if bk < 0 {
				continue
			}
			st.move(oi, from, bk)
			x[oi], improved = bk, true
			if obj := objectiveOf(st.misses, st.burden, st.distinct); obj.Compare(bestObj) < 0 {
				best, bestObj = slices.Clone(x), obj
			}
		}
		if !improved {
			break
		}
	}
	return best
}

// greedy assigns occurrences in order, each to the candidate that keeps the
// partial key lowest: whoever has missed or carried most is spared next.
func (t *seriesTable) greedy(slots int) assignment {
	x := make(assignment, t.n)
	st := t.newState(nil)
	for oi := range t.n {
		bk := -1
		var bkey searchKey
		for k := range t.c {
			if slots > 0 && st.distinctAfter(-1, k) > slots {
				continue
			}
			if key := st.keyIfMove(oi, -1, k); bk < 0 || cmpKey(key, bkey) < 0 {
				bk, bkey = k, key
			}
		}
		st.move(oi, -1, bk)
		x[oi] = bk
	}
	return x
}

// class is a set of candidates of one occurrence with equal profiles.
type class struct {
	times          [2]uint64 // candidate indices (at most 128 candidates are searched exactly)
	rep            int
	misses, burden int
	key            string // the profile: equal keys and times mean interchangeable choices
}

// classes groups each occurrence's candidates; without a slot bound it also
// drops classes another class dominates (no worse for anyone, better for
// someone), which no optimal plan uses.
func (t *seriesTable) classes(slots int) [][]class {
	out := make([][]class, t.n)
	for oi := range t.n {
		byKey := map[string]int{}
		var cs []class
		var profiles [][]int
		for k := range t.c {
			p := make([]int, 2*t.a)
			key := make([]byte, 0, 4*t.a)
			for i := range t.a {
				c := t.at(oi, k, i)
				p[2*i], p[2*i+1] = missOf(c), c.burden
				key = append(key, byte(p[2*i]), byte(c.burden>>8), byte(c.burden), ',')
			}
			j, ok := byKey[string(key)]
			if !ok {
				j = len(cs)
				byKey[string(key)] = j
				cl := class{rep: k, key: string(key)}
				for i := range t.a {
					cl.misses, cl.burden = cl.misses+p[2*i], cl.burden+p[2*i+1]
				}
				cs, profiles = append(cs, cl), append(profiles, p)
			}
			cs[j].times[k/64] |= 1 << (k % 64)
		}
		keep := cs[:0:0]
		for j := range cs {
			if slots > 0 || !dominated(profiles, j) {
				keep = append(keep, cs[j])
			}
		}
		slices.SortStableFunc(keep, func(a, b class) int {
			return cmp.Or(cmp.Compare(a.misses, b.misses), cmp.Compare(a.burden, b.burden))
		})
		out[oi] = keep
	}
	return out
}

func dominated(profiles [][]int, j int) bool {
	for q := range profiles {
		if q == j {
			continue
		}
		le := true
		for i := range profiles[j] {
			if profiles[q][i] > profiles[j][i] {
				le = false
				break
			}
		}
		if le {
			return true // profiles differ, so q is strictly better somewhere
		}
	}
	return false
}

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
				mm, mb = min(mm, missOf(c)), min(mb, c.burden)
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
		b.burden[i] += sign * c.burden
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
	b, _ := t.minimaxBound(b0.cls, func(c cell) int { return c.burden })
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
