package scheduler

import (
	"testing"

	"pgregory.net/rapid"
)

// TestPropOverlapMaxUnavailable checks that a cap on the Unavailable lists
// (and leaving segments out) only cuts them: windows, segments and the first
// absences are those of the whole answer, and OverlapCounted counts what the
// whole answer holds.
func TestPropOverlapMaxUnavailable(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		genSplit(t)
		lo, hi := genWindow(t, 4)
		ms := genMembers(t, lo, hi, 6)
		opts := genOverlapOptions(t, len(ms))
		want, err := Overlap(ms, minute(lo), minute(hi), opts)
		if err != nil {
			t.Fatal(err)
		}
		opts.MaxUnavailable = rapid.IntRange(1, 4).Draw(t, "maxUnavailable")
		opts.NoSegments = rapid.Bool().Draw(t, "noSegments")
		counts := make([]WindowCounts, len(want))
		for k := range want {
			counts[k] = WindowCounts{Unavailable: len(want[k].Unavailable), Fewest: len(ms)}
			for _, sg := range want[k].Segments {
				counts[k].Fewest = min(counts[k].Fewest, len(sg.Available))
			}
			if u := want[k].Unavailable; len(u) > opts.MaxUnavailable {
				want[k].Unavailable = u[:opts.MaxUnavailable:opts.MaxUnavailable]
			}
			if opts.NoSegments {
				want[k].Segments = nil
			}
		}
		got, gotCounts, err := OverlapCounted(ms, minute(lo), minute(hi), opts)
		if err != nil {
			t.Fatal(err)
		}
		check(t, "Overlap with MaxUnavailable and NoSegments", want, got)
		if len(want) > 0 {
			check(t, "OverlapCounted's counts", counts, gotCounts)
		}
	})
}
