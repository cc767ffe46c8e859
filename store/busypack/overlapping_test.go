package busypack

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

// EachOverlapping and CountOverlapping visit exactly the intervals of a
// pack that Each visits and that overlap the range.
func TestOverlapping(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ivs := rapid.SliceOfN(rapid.Custom(genInterval), 1, 40).Draw(t, "ivs")
		for i := range ivs {
			l := (ivs[i].End - ivs[i].Start) % (2 * BucketSeconds)                                  // not negative
			ivs[i].Start = (ivs[i].Start%BucketSeconds+BucketSeconds)%BucketSeconds + BucketSeconds // one bucket
			ivs[i].End, ivs[i].UID = ivs[i].Start+l, ""
		}
		Sort(ivs)
		packs, err := Encode(ivs)
		if err != nil || len(packs) != 1 {
			t.Fatalf("Encode = %d packs, %v", len(packs), err)
		}
		p := packs[0]
		from := rapid.Int64Range(0, 4*BucketSeconds).Draw(t, "from")
		to := from + rapid.Int64Range(1, 2*BucketSeconds).Draw(t, "len")
		var want, got []Interval
		_ = Each(p.Bucket, p.Spans, func(s, e int64, k uint8) {
			if s < to && e > from {
				want = append(want, Interval{Start: s, End: e, Kind: k})
			}
		})
		if err := EachOverlapping(p.Bucket, p.Spans, from, to, func(s, e int64, k uint8) {
			got = append(got, Interval{Start: s, End: e, Kind: k})
		}); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("EachOverlapping [%d, %d) (-want +got):\n%s", from, to, diff)
		}
		if n, err := CountOverlapping(p.Bucket, p.Spans, from, to); err != nil || n != len(want) {
			t.Fatalf("CountOverlapping = %d, %v; want %d", n, err, len(want))
		}
	})
}
