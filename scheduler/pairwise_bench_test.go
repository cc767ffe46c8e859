package scheduler

import (
	"fmt"
	"testing"
)

// BenchmarkPairwise computes the whole matrix (lower triangle) with the
// bitsets ("bits", what Pairwise does) and by intersecting span lists
// ("merge", the algorithm before PairTable), 4 blocks a working day.
func BenchmarkPairwise(b *testing.B) {
	for _, n := range []int{100, 1000} {
		ms := benchTeam(b, n)
		for _, days := range []int{30, 90} {
			to := benchFrom.AddDate(0, 0, days)
			b.Run(fmt.Sprintf("members=%d/days=%d/bits", n, days), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if _, err := Pairwise(ms, benchFrom, to, AvailabilityOptions{}); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run(fmt.Sprintf("members=%d/days=%d/merge", n, days), func(b *testing.B) {
				pt, err := NewPairTable(ms, benchFrom, to, AvailabilityOptions{})
				if err != nil {
					b.Fatal(err)
				}
				b.ReportAllocs()
				for b.Loop() {
					var sum int64
					for i := range n {
						for j := range i + 1 {
							sum += intersectLen(pt.avail[i], pt.avail[j])
						}
					}
				}
			})
		}
	}
}
