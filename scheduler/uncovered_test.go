package scheduler

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

// countUncovered counts exactly the pairs uncovered visits.
func TestCountUncovered(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		genSplit(t)
		lo, hi := genWindow(t, 10)
		tm, err := newTeam(genMembers(t, lo, hi, 6), lo*minNs, hi*minNs, rapid.Bool().Draw(t, "tentativeFree"), false)
		if err != nil {
			t.Fatal(err)
		}
		defer tm.release()
		var spans []span // sorted and disjoint, as windows are
		for s := lo; len(spans) < 20; {
			s += int64(uniform(t, 0, 600, "gap"))
			e := s + int64(uniform(t, 1, 600, "len"))
			if e > hi {
				break
			}
			spans, s = append(spans, span{s * minNs, e * minNs}), e
		}
		want, got := make([]int, len(spans)), make([]int, len(spans))
		tm.uncovered(spans, func(k, _ int) { want[k]++ })
		tm.countUncovered(spans, got)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("countUncovered (-uncovered +got):\n%s", diff)
		}
	})
}
