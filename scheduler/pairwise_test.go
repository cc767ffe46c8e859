package scheduler

import (
	"testing"
	"time"

	"pgregory.net/rapid"
)

// The bitset form of PairTable agrees with intersecting span lists and with
// the minute-by-minute model, for teams large enough to use it.
func TestPropPairTableBits(t *testing.T) {
	alwaysBits = true
	defer func() { alwaysBits = false }()
	rapid.Check(t, func(t *rapid.T) {
		genSplit(t)
		lo, hi := genWindow(t, 3)
		ms := genMembers(t, lo, hi, 12)
		opts := AvailabilityOptions{TentativeFree: rapid.Bool().Draw(t, "tentativeFree")}
		pt, err := NewPairTable(ms, minute(lo), minute(hi), opts)
		if err != nil {
			t.Fatal(err)
		}
		want := newModel(lo, hi).pairwise(ms, opts)
		var row []time.Duration
		for i := range ms {
			row = pt.Row(i, row)
			for j := range ms {
				if row[j] != want.Shared[i][j] {
					t.Fatalf("Shared(%d, %d) = %v, model %v (bits %v)", i, j, row[j], want.Shared[i][j], pt.bits != nil)
				}
				if m := time.Duration(intersectLen(pt.avail[i], pt.avail[j])); m != row[j] {
					t.Fatalf("Shared(%d, %d) = %v, span lists %v", i, j, row[j], m)
				}
			}
		}
	})
}
