package scheduler

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"pgregory.net/rapid"
)

// bits marks the minutes of s within [lo, hi).
func bits(s []Interval, lo, hi int64) []bool {
	out := make([]bool, hi-lo)
	for _, x := range s {
		for u := max(x.Start.Unix()/60, lo); u < min(x.End.Unix()/60, hi); u++ {
			out[u-lo] = true
		}
	}
	return out
}

func mapBits(a, b []bool, f func(x, y bool) bool) []bool {
	out := make([]bool, len(a))
	for i := range a {
		out[i] = f(a[i], b[i])
	}
	return out
}

func check[T any](t *rapid.T, what string, want, got T) {
	t.Helper()
	if diff := cmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
		t.Fatalf("%s (-model +got):\n%s", what, diff)
	}
}

func TestPropSetOps(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		const lo, hi = int64(28_000_000), int64(28_002_000)
		ra, rb := genIntervals(t, lo, hi-400, "a"), genIntervals(t, lo, hi-400, "b")
		a, b := Normalize(ra), Normalize(rb)
		ba, bb := bits(ra, lo, hi), bits(rb, lo, hi)
		check(t, "Normalize", runs(ba, lo), a)
		check(t, "Union", runs(mapBits(ba, bb, func(x, y bool) bool { return x || y }), lo), a.Union(b))
		check(t, "Intersect", runs(mapBits(ba, bb, func(x, y bool) bool { return x && y }), lo), a.Intersect(b))
		check(t, "Subtract", runs(mapBits(ba, bb, func(x, y bool) bool { return x && !y }), lo), a.Subtract(b))
		check(t, "unnormalized Union", a.Union(b), Set(ra).Union(Set(rb)))
		cs := lo + int64(rapid.IntRange(0, 2000).Draw(t, "clipFrom"))
		ce := cs + int64(rapid.IntRange(-10, 2000).Draw(t, "clipLen"))
		clip := bits([]Interval{{minute(cs), minute(ce)}}, lo, hi)
		check(t, "Clip", runs(mapBits(ba, clip, func(x, y bool) bool { return x && y }), lo), a.Clip(minute(cs), minute(ce)))
		n := 0
		for _, x := range ba {
			if x {
				n++
			}
		}
		check(t, "Duration", time.Duration(n)*time.Minute, a.Duration())
		u := lo + int64(rapid.IntRange(0, int(hi-lo)-1).Draw(t, "probe"))
		check(t, "Contains", ba[u-lo], a.Contains(minute(u)))
	})
}

func TestPropSweep(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		const lo, hi = int64(28_000_000), int64(28_002_000)
		sets := make([]Set, rapid.IntRange(0, 6).Draw(t, "n"))
		b := make([][]bool, len(sets))
		for i := range sets {
			raw := genIntervals(t, lo, hi-400, "set")
			sets[i], b[i] = Normalize(raw), bits(raw, lo, hi)
		}
		k := rapid.IntRange(1, 4).Draw(t, "k")
		count := make([]bool, hi-lo)
		var covers []Cover
		for u := range count {
			var members []int
			for i := range b {
				if b[i][u] {
					members = append(members, i)
				}
			}
			count[u] = len(members) >= k
			start := minute(lo + int64(u))
			if n := len(covers); n > 0 && covers[n-1].End.Equal(start) && cmp.Equal(covers[n-1].Members, members) {
				covers[n-1].End = minute(lo + int64(u) + 1)
			} else if len(members) > 0 {
				covers = append(covers, Cover{start, minute(lo + int64(u) + 1), members})
			}
		}
		check(t, "AtLeast", runs(count, lo), AtLeast(sets, k))
		check(t, "Sweep", covers, Sweep(sets))
		// The engine's bucketed sweep agrees with the public one.
		lists := make([][]span, len(sets))
		for i, s := range sets {
			for _, x := range s {
				lists[i] = append(lists[i], span{x.Start.UnixNano(), x.End.UnixNano()})
			}
		}
		tm := &team{lo: lo * minNs, hi: hi * minNs, avail: lists, scratch: new(scratch)}
		grid, _ := tm.gridProfile(nil)
		check(t, "grid profile", AtLeast(sets, k), toSet(runsOf(grid, 0, func(s step) bool { return int(s.cnt) >= k })))
		// Off the grid, the profile sorts the edges instead.
		var shifted []Interval
		for _, x := range AtLeast(sets, k) {
			shifted = append(shifted, Interval{x.Start.Add(7), x.End.Add(7)})
		}
		for i := range lists {
			for j := range lists[i] {
				lists[i][j].s += 7
				lists[i][j].e += 7
			}
		}
		tm.hi += 7
		if _, ok := tm.gridProfile(nil); ok && len(shifted) > 0 {
			t.Fatal("grid profile accepted off-grid edges")
		}
		check(t, "sorted profile", Set(shifted), toSet(runsOf(tm.profile(nil), 0, func(s step) bool { return int(s.cnt) >= k })))
	})
}

func TestPropIntervals(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		lo, hi := genWindow(t, 6)
		s := genSchedule(t, lo)
		md := newModel(lo, hi)
		want, _ := md.working(s)
		check(t, "Intervals", runs(want, lo), s.Intervals(minute(lo), minute(hi)))
	})
}

func TestPropAvailability(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		lo, hi := genWindow(t, 5)
		m := genMembers(t, lo, hi, 1)
		if len(m) == 0 {
			return
		}
		opts := AvailabilityOptions{TentativeFree: rapid.Bool().Draw(t, "tentativeFree")}
		got, err := Availability(m[0], minute(lo), minute(hi), opts)
		if err != nil {
			t.Fatal(err)
		}
		md := newModel(lo, hi)
		check(t, "Availability", md.pieces(md.status(m[0], opts.TentativeFree)), got)
	})
}

func genOverlapOptions(t *rapid.T, n int) OverlapOptions {
	return OverlapOptions{
		MinDuration:   time.Duration(rapid.SampledFrom([]int{0, 0, 15, 60, 7, 240}).Draw(t, "minDur")) * time.Minute,
		Quorum:        uniform(t, 0, n, "quorum"),
		TentativeFree: rapid.Bool().Draw(t, "tentativeFree"),
	}
}

func TestPropOverlap(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		genSplit(t)
		lo, hi := genWindow(t, 4)
		ms := genMembers(t, lo, hi, 5)
		opts := genOverlapOptions(t, len(ms))
		got, err := Overlap(ms, minute(lo), minute(hi), opts)
		if err != nil {
			t.Fatal(err)
		}
		check(t, "Overlap", newModel(lo, hi).overlap(ms, opts), got)
		// The sorting path, used off the minute grid, agrees too.
		tm, rule, err := prepareOverlap(ms, minute(lo), minute(hi), opts)
		if err != nil || tm == nil {
			return
		}
		tm.noGrid = true
		check(t, "Overlap (sorted edges)", got, tm.materialize(rule.windows(tm.profile(rule.required))))
	})
}

func TestPropAnalytics(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		genSplit(t)
		lo, hi := genWindow(t, 4)
		ms := genMembers(t, lo, hi, 4)
		opts := AvailabilityOptions{TentativeFree: rapid.Bool().Draw(t, "tentativeFree")}
		from, to := minute(lo), minute(hi)
		md := newModel(lo, hi)
		mx, err := Pairwise(ms, from, to, opts)
		if err != nil {
			t.Fatal(err)
		}
		check(t, "Pairwise", md.pairwise(ms, opts), mx)
		cov, err := Coverage(ms, from, to, opts)
		if err != nil {
			t.Fatal(err)
		}
		check(t, "Coverage", md.coverage(ms, opts), cov)
		viewer := genZone(t, "viewer")
		heat, err := Heatmap(ms, from, to, viewer, opts)
		if err != nil {
			t.Fatal(err)
		}
		check(t, "Heatmap", md.heatmap(ms, viewer, opts), heat)
	})
}

func TestPropTrend(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		genSplit(t)
		lo, hi := genWindow(t, 12)
		ms := genMembers(t, lo, hi, 3)
		opts := genOverlapOptions(t, len(ms))
		loc := genZone(t, "weeks")
		got, err := WeeklyTrend(ms, minute(lo), minute(hi), loc, opts)
		if err != nil {
			t.Fatal(err)
		}
		check(t, "WeeklyTrend", newModel(lo, hi).trend(ms, loc, opts), got)
	})
}

func TestPropSuggest(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		genSplit(t)
		lo, hi := genWindow(t, 3)
		ms := genMembers(t, lo, hi, 4)
		opts := SuggestOptions{
			Duration:      time.Duration(rapid.SampledFrom([]int{15, 30, 45, 60, 90, 25}).Draw(t, "duration")) * time.Minute,
			Limit:         uniform(t, 0, 6, "limit"),
			Quorum:        uniform(t, 0, len(ms), "quorum"),
			TentativeFree: rapid.Bool().Draw(t, "tentativeFree"),
		}
		if len(ms) > 0 && rapid.Bool().Draw(t, "history") {
			opts.History = map[string]float64{ms[0].ID: rapid.SampledFrom([]float64{0.5, 2, -1}).Draw(t, "load")}
		}
		got, err := Suggest(ms, minute(lo), minute(hi), opts)
		if err != nil {
			t.Fatal(err)
		}
		check(t, "Suggest", newModel(lo, hi).suggest(ms, opts), got)
	})
}
