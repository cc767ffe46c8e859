package scheduler

import (
	"testing"

	"pgregory.net/rapid"
)

// TestPropOverlapMaxUnavailable checks that a cap on the Unavailable lists
// only cuts them: windows, segments and the first absences are those of the
// whole answer.
func TestPropOverlapMaxUnavailable(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		lo, hi := genWindow(t, 4)
		ms := genMembers(t, lo, hi, 6)
		opts := genOverlapOptions(t, len(ms))
		want, err := Overlap(ms, minute(lo), minute(hi), opts)
		if err != nil {
			t.Fatal(err)
		}
		opts.MaxUnavailable = rapid.IntRange(1, 4).Draw(t, "maxUnavailable")
		for k := range want {
			if u := want[k].Unavailable; len(u) > opts.MaxUnavailable {
				want[k].Unavailable = u[:opts.MaxUnavailable:opts.MaxUnavailable]
			}
		}
		got, err := Overlap(ms, minute(lo), minute(hi), opts)
		if err != nil {
			t.Fatal(err)
		}
		check(t, "Overlap with MaxUnavailable", want, got)
	})
}
