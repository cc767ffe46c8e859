package scheduler

import (
	"cmp"
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
	if c.status == codeExcused {
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
			m, b = m-missOf(c), b-int(c.burden)
		}
		c := t.at(oi, to, i)
		m, b = m+missOf(c), b+int(c.burden)
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
			st.misses[i], st.burden[i] = st.misses[i]-missOf(c), st.burden[i]-int(c.burden)
		}
		c := t.at(oi, to, i)
		st.misses[i], st.burden[i] = st.misses[i]+missOf(c), st.burden[i]+int(c.burden)
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
	passes := min(50, max(3, 100_000_000/max(1, t.n*t.c*t.a)))
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
				p[2*i], p[2*i+1] = missOf(c), int(c.burden)
				key = append(key, byte(p[2*i]), byte(int(c.burden)>>8), byte(int(c.burden)), ',')
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
