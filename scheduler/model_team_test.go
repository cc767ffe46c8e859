package scheduler

import (
	"cmp"
	"slices"
	"time"
)

// overlap is the model of Overlap.
func (md *model) overlap(ms []Member, opts OverlapOptions) []Window {
	if len(ms) == 0 {
		return nil
	}
	avail, stats := md.availability(ms, opts.TentativeFree)
	quorum := cmp.Or(opts.Quorum, len(ms))
	n := int(md.hi - md.lo)
	ok := make([]bool, n)
	for u := range n {
		cnt, req := 0, true
		for i, m := range ms {
			if avail[i][u] {
				cnt++
			} else if m.Required {
				req = false
			}
		}
		ok[u] = req && cnt >= quorum
	}
	var out []Window
	for _, w := range runs(ok, md.lo) {
		if w.Duration() < opts.MinDuration {
			continue
		}
		s, e := w.Start.Unix()/60-md.lo, w.End.Unix()/60-md.lo
		out = append(out, Window{Start: w.Start, End: w.End,
			Segments: md.segments(ms, avail, s, e), Unavailable: md.unavailable(ms, stats, s, e)})
	}
	return out
}

// segments splits minutes [s, e) (array indexes) by available set.
func (md *model) segments(ms []Member, avail [][]bool, s, e int64) []Segment {
	var out []Segment
	set := func(u int64) []string {
		var ids []string
		for i, m := range ms {
			if avail[i][u] {
				ids = append(ids, m.ID)
			}
		}
		return ids
	}
	for u := s; u < e; {
		ids := set(u)
		v := u + 1
		for v < e && slices.Equal(set(v), ids) {
			v++
		}
		out = append(out, Segment{minute(md.lo + u), minute(md.lo + v), ids})
		u = v
	}
	return out
}

// unavailable lists members with an unavailable minute in [s, e) and the
// status with most minutes, ties to the stronger.
func (md *model) unavailable(ms []Member, stats [][]int, s, e int64) []Absence {
	var out []Absence
	for i, m := range ms {
		var n [numRanks]int
		for u := s; u < e; u++ {
			if r := stats[i][u]; r >= 0 {
				n[r]++
			}
		}
		best := -1
		for r := range numRanks {
			if n[r] > 0 && (best < 0 || n[r] > n[best]) {
				best = r
			}
		}
		if best >= 0 {
			out = append(out, Absence{m.ID, precedence[best]})
		}
	}
	return out
}

// pairwise is the model of Pairwise.
func (md *model) pairwise(ms []Member, opts AvailabilityOptions) Matrix {
	avail, _ := md.availability(ms, opts.TentativeFree)
	mx := Matrix{IDs: make([]string, len(ms)), Shared: make([][]time.Duration, len(ms))}
	for i := range ms {
		mx.IDs[i] = ms[i].ID
		mx.Shared[i] = make([]time.Duration, len(ms))
		for j := range ms {
			for u := range avail[i] {
				if avail[i][u] && avail[j][u] {
					mx.Shared[i][j] += time.Minute
				}
			}
		}
	}
	return mx
}

// counts is the number of available members per minute.
func (md *model) counts(ms []Member, tentativeFree bool) []int {
	avail, _ := md.availability(ms, tentativeFree)
	out := make([]int, md.hi-md.lo)
	for _, v := range avail {
		for u, a := range v {
			if a {
				out[u]++
			}
		}
	}
	return out
}

// coverage is the model of Coverage.
func (md *model) coverage(ms []Member, opts AvailabilityOptions) CoverageReport {
	cnt := md.counts(ms, opts.TentativeFree)
	covered, gaps := make([]bool, len(cnt)), make([]bool, len(cnt))
	n := 0
	for u, c := range cnt {
		covered[u], gaps[u] = c > 0, c == 0
		if c > 0 {
			n++
		}
	}
	return CoverageReport{Covered: time.Duration(n) * time.Minute,
		Fraction: float64(n) / float64(len(cnt)), Gaps: runs(gaps, md.lo)}
}

// trend is the model of WeeklyTrend: weeks start at Monday 00:00 read by the
// wall-clock rule; each minute of a window counts in the week holding it.
func (md *model) trend(ms []Member, loc *time.Location, opts OverlapOptions) []WeekOverlap {
	in := make([]bool, md.hi-md.lo)
	for _, w := range md.overlap(ms, opts) {
		for u := w.Start.Unix() / 60; u < w.End.Unix()/60; u++ {
			in[u-md.lo] = true
		}
	}
	c := md.clock(loc)
	var out []WeekOverlap
	for d := md.lo/1440 - 8; d <= md.hi/1440+1; d++ {
		if dateOf(d).Weekday() != time.Monday {
			continue
		}
		s, e := c.toUTC(d*1440), c.toUTC((d+7)*1440)
		if e <= md.lo || s >= md.hi {
			continue
		}
		s, e = max(s, md.lo), min(e, md.hi)
		var n time.Duration
		for u := s; u < e; u++ {
			if in[u-md.lo] {
				n += time.Minute
			}
		}
		year, week := minute(d * 1440).ISOWeek()
		out = append(out, WeekOverlap{year, week, minute(s), minute(e), n})
	}
	return out
}

// heatmap is the model of Heatmap.
func (md *model) heatmap(ms []Member, viewer *time.Location, opts AvailabilityOptions) HeatGrid {
	cnt := md.counts(ms, opts.TentativeFree)
	c := md.clock(viewer)
	var sum, obs [7][24]int64
	for i, n := range cnt {
		w := c.wallAt(md.lo + int64(i))
		t := minute(w)
		wd, h := t.Weekday(), t.Hour()
		sum[wd][h] += int64(n)
		obs[wd][h]++
	}
	var g HeatGrid
	for wd := range g {
		for h := range g[wd] {
			g[wd][h].Observed = time.Duration(obs[wd][h]) * time.Minute
			if obs[wd][h] > 0 {
				g[wd][h].Mean = float64(sum[wd][h]) / float64(obs[wd][h])
			}
		}
	}
	return g
}
