package scheduler

import "slices"

// step says that from t until the next step, cnt members are available, req
// of them required. A profile is a list of steps in time order, the first at
// the window's start; after the last, nobody is available.
type step struct {
	t        int64
	cnt, req int32
}

// profile counts the available members over the window. It uses a minute
// grid when there are about as many endpoints as minutes and every endpoint
// lies on a whole minute (or on the window's ends), as calendars produce,
// and sorts the endpoints otherwise. required may be nil.
func (tm *team) profile(required []bool) []step {
	n := 0
	for _, v := range tm.avail {
		n += 2 * len(v)
	}
	if !tm.noGrid && int64(n) >= (tm.hi-tm.lo)/minNs/8 {
		if p, ok := tm.gridProfile(required); ok {
			return p
		}
	}
	edges := tm.sortEdges(collectEdges(tm.edges[:0], tm.avail))
	out := append(grow(tm.steps, len(edges)+1), step{t: tm.lo})
	var cnt, req int32
	for i := 0; i < len(edges); {
		j := nextInstant(edges, i)
		for ; i < j; i++ {
			d := int32(delta(edges[i].up))
			cnt += d
			if required != nil && required[edges[i].m] {
				req += d
			}
		}
		out = appendStep(out, step{edges[j-1].t, cnt, req})
	}
	tm.steps = out
	return out
}

// appendStep adds s to p, replacing a step at the same instant.
func appendStep(p []step, s step) []step {
	if n := len(p); p[n-1].t == s.t {
		p[n-1] = s
		return p
	}
	return append(p, s)
}

// gridProfile adds each member's changes into per-minute counters (a
// difference array) and sums them up: linear in endpoints plus minutes, with
// no sorting. ok is false when an endpoint is off the grid.
func (tm *team) gridProfile(required []bool) (p []step, ok bool) {
	g := newGrid(tm.lo, tm.hi)
	diff := grow(tm.diff, g.n)[:g.n]
	clear(diff)
	tm.diff = diff
	for m, v := range tm.avail {
		req := int32(0)
		if required != nil && required[m] {
			req = 1
		}
		for _, x := range v {
			bs, be := g.bucket(x.s), g.bucket(x.e)
			if bs < 0 || be < 0 {
				return nil, false
			}
			diff[bs][0], diff[bs][1] = diff[bs][0]+1, diff[bs][1]+req
			diff[be][0], diff[be][1] = diff[be][0]-1, diff[be][1]-req
		}
	}
	p = append(tm.steps[:0], step{t: tm.lo})
	var cnt, req int32
	for b, d := range diff {
		if d != [2]int32{} {
			cnt, req = cnt+d[0], req+d[1]
			p = appendStep(p, step{g.instant(b), cnt, req})
		}
	}
	tm.steps = p
	return p, true
}

// grid numbers the whole minutes of [lo, hi), with lo in the first bucket
// (whole minute or not) and hi alone in the last.
type grid struct {
	lo, hi, base int64
	n            int
}

func newGrid(lo, hi int64) grid {
	base := floorDiv(lo, minNs)
	return grid{lo, hi, base, int(floorDiv(hi-1, minNs)-base) + 2}
}

// bucket is t's bucket, or -1 when t is off the grid.
func (g grid) bucket(t int64) int {
	switch {
	case t == g.lo:
		return 0
	case t == g.hi:
		return g.n - 1
	case t%minNs != 0:
		return -1
	}
	return int(t/minNs - g.base)
}

// instant is the instant of bucket b.
func (g grid) instant(b int) int64 {
	switch b {
	case 0:
		return g.lo
	case g.n - 1:
		return g.hi
	}
	return (g.base + int64(b)) * minNs
}

// edge is an endpoint of member m's availability: a start when up. Edges
// are sorted by bucket sort: they are distributed into about as many time
// buckets as there are edges (a counting sort on the offset from the
// window's start) and each bucket, nearly always a single instant already,
// is ordered on its own: linear work for edges spread over the window.
type edge struct {
	t  int64
	m  int32
	up bool
}

// collectEdges appends the endpoints of every member's spans to dst.
func collectEdges(dst []edge, lists [][]span) []edge {
	n := len(dst)
	for _, v := range lists {
		n += 2 * len(v)
	}
	dst = slices.Grow(dst, n-len(dst))
	for m, v := range lists {
		for _, x := range v {
			dst = append(dst, edge{x.s, int32(m), true}, edge{x.e, int32(m), false})
		}
	}
	return dst
}

// sortEdges returns edges (inside the window) in time order, in the team's
// scratch buffers; edges may be tm.edges.
func (tm *team) sortEdges(edges []edge) []edge {
	tm.edges = edges
	if len(edges) < 2 {
		return edges
	}
	lo, hi := tm.lo, tm.hi
	shift := uint(0)
	for (hi-lo)>>shift >= int64(len(edges)) {
		shift++
	}
	nb := int((hi-lo)>>shift) + 1
	pos := grow(tm.pos, nb+1)[:nb+1]
	clear(pos)
	tm.pos = pos
	for _, e := range edges {
		pos[(e.t-lo)>>shift+1]++
	}
	for b := 1; b <= nb; b++ {
		pos[b] += pos[b-1]
	}
	out := grow(tm.sorted, len(edges))[:len(edges)]
	tm.sorted = out
	for _, e := range edges {
		b := (e.t - lo) >> shift
		out[pos[b]] = e
		pos[b]++
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
	if slices.IsSortedFunc(v, cmpEdge) {
		return
	}
	slices.SortFunc(v, cmpEdge)
}

func cmpEdge(a, b edge) int {
	switch {
	case a.t < b.t:
		return -1
	case a.t > b.t:
		return 1
	}
	return 0
}

// nextInstant returns the index after the edges at edges[i].t.
func nextInstant(edges []edge, i int) int {
	t := edges[i].t
	for i++; i < len(edges) && edges[i].t == t; i++ {
	}
	return i
}

func delta(up bool) int {
	if up {
		return 1
	}
	return -1
}

// runsOf returns the maximal spans of a profile, at least minDur long, where
// ok holds, in time order.
func runsOf(p []step, minDur int64, ok func(s step) bool) []span {
	var out []span
	open, ws := false, int64(0)
	for _, s := range p {
		switch q := ok(s); {
		case q && !open:
			open, ws = true, s.t
		case !q && open:
			open = false
			if s.t-ws >= minDur {
				out = append(out, span{ws, s.t})
			}
		}
	}
	return out
}
