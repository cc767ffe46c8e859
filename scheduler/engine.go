package scheduler

import "slices"

// edge is an endpoint of member m's availability: a start when up.
type edge struct {
	t  int64
	m  int32
	up bool
}

// sortedEdges returns the endpoints of all lists (each inside [lo, hi]) in
// time order. Instead of sorting every endpoint it distributes them into
// about as many time buckets as there are endpoints (a counting sort on the
// high bits of the offset from lo) and orders each bucket, which is nearly
// always a single instant already; the work is linear in the endpoints.
func sortedEdges(lists [][]span, lo, hi int64) []edge {
	total := 0
	for _, v := range lists {
		total += 2 * len(v)
	}
	if total == 0 {
		return nil
	}
	shift := uint(0)
	for (hi-lo)>>shift >= int64(total) {
		shift++
	}
	nb := int((hi-lo)>>shift) + 1
	pos := make([]int32, nb+1)
	for _, v := range lists {
		for _, x := range v {
			pos[(x.s-lo)>>shift+1]++
			pos[(x.e-lo)>>shift+1]++
		}
	}
	for b := 1; b <= nb; b++ {
		pos[b] += pos[b-1]
	}
	out := make([]edge, total)
	for m, v := range lists {
		for _, x := range v {
			b := (x.s - lo) >> shift
			out[pos[b]] = edge{x.s, int32(m), true}
			pos[b]++
			b = (x.e - lo) >> shift
			out[pos[b]] = edge{x.e, int32(m), false}
			pos[b]++
		}
	}
	start := int32(0)
	for _, end := range pos[:nb] {
		if end-start > 1 {
			sortBucket(out[start:end])
		}
		start = end
	}
	return out
}

// sortBucket orders one bucket's edges by time.
func sortBucket(v []edge) {
	sorted := true
	for i := 1; i < len(v); i++ {
		if v[i].t < v[i-1].t {
			sorted = false
			break
		}
	}
	if !sorted {
		slices.SortFunc(v, func(a, b edge) int {
			switch {
			case a.t < b.t:
				return -1
			case a.t > b.t:
				return 1
			}
			return 0
		})
	}
}

// nextInstant returns the index after the edges at edges[i].t.
func nextInstant(edges []edge, i int) int {
	t := edges[i].t
	for i++; i < len(edges) && edges[i].t == t; i++ {
	}
	return i
}

// countRuns returns the maximal spans, at least minDur long, where at least k
// members are available, in time order.
func countRuns(edges []edge, k int, minDur int64) []span {
	var out []span
	cnt, open, ws := 0, false, int64(0)
	for i := 0; i < len(edges); {
		j := nextInstant(edges, i)
		for ; i < j; i++ {
			cnt += delta(edges[i].up)
		}
		t := edges[j-1].t
		switch q := cnt >= k; {
		case q && !open:
			open, ws = true, t
		case !q && open:
			open = false
			if t-ws >= minDur {
				out = append(out, span{ws, t})
			}
		}
	}
	return out
}

func delta(up bool) int {
	if up {
		return 1
	}
	return -1
}
