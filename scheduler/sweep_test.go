package scheduler

import (
	"slices"
	"time"
)

// Cover is a maximal span in which the same sets of a family are present.
type Cover struct {
	Start, End time.Time
	// Members are the indexes of the sets present, ascending; never empty.
	Members []int
}

// edgeT is one endpoint of an interval of set Member: its start or its end.
type edgeT struct {
	at     time.Time
	member int
	start  bool
}

// sweepT visits the distinct endpoints of sets in time order. After applying
// the endpoints at each instant it calls visit with the instant, the next
// endpoint instant (zero after the last) and the presence of every set.
func sweepT(sets []Set, visit func(at, next time.Time, present []bool, count int)) {
	var edges []edgeT
	for m, s := range sets {
		for _, iv := range s.norm() {
			edges = append(edges, edgeT{iv.Start, m, true}, edgeT{iv.End, m, false})
		}
	}
	slices.SortFunc(edges, func(a, b edgeT) int { return a.at.Compare(b.at) })
	present := make([]bool, len(sets))
	count := 0
	for i := 0; i < len(edges); {
		at := edges[i].at
		for ; i < len(edges) && edges[i].at.Equal(at); i++ {
			present[edges[i].member] = edges[i].start
			if edges[i].start {
				count++
			} else {
				count--
			}
		}
		var next time.Time
		if i < len(edges) {
			next = edges[i].at
		}
		visit(at, next, present, count)
	}
}

// Sweep splits the union of sets into covers of constant membership, in time
// order. Consecutive covers differ in membership (a set is never both ending
// and starting at one instant, as sets are normalized).
func Sweep(sets []Set) []Cover {
	var out []Cover
	sweepT(sets, func(at, next time.Time, present []bool, count int) {
		if count == 0 {
			return
		}
		members := make([]int, 0, count)
		for m, p := range present {
			if p {
				members = append(members, m)
			}
		}
		out = append(out, Cover{at, next, members})
	})
	return out
}

// AtLeast is the set of instants present in at least k of sets; k below 1
// counts as 1.
func AtLeast(sets []Set, k int) Set {
	k = max(k, 1)
	var out Set
	var open bool
	var start time.Time
	sweepT(sets, func(at, _ time.Time, _ []bool, count int) {
		switch {
		case count >= k && !open:
			open, start = true, at
		case count < k && open:
			open = false
			out = append(out, Interval{start, at})
		}
	})
	return out
}
