package busypack

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

// AppendOverlapping and CountOverlapping visit exactly the intervals of a
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
		if n, err := CountOverlapping(p.Bucket, p.Spans, from, to); err != nil || n != len(want) {
			t.Fatalf("CountOverlapping = %d, %v; want %d", n, err, len(want))
		}
		seed := []Record{{Start: -1}} // appended to, never changed
		recs, err := AppendOverlapping(seed, p.Bucket, p.Spans, from, to)
		if err != nil || len(recs) != len(want)+1 || recs[0] != seed[0] {
			t.Fatalf("AppendOverlapping = %d records, %v; want %d", len(recs), err, len(want)+1)
		}
		for _, r := range recs[1:] {
			got = append(got, Interval{Start: r.Start, End: r.Start + int64(r.Length), Kind: r.Kind})
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("AppendOverlapping [%d, %d) (-want +got):\n%s", from, to, diff)
		}
		// A corrupt kind anywhere in the pack fails every reader, and adds nothing.
		bad := append([]byte(nil), p.Spans...)
		bad[rapid.IntRange(0, len(bad)/RecordSize-1).Draw(t, "bad")*RecordSize+RecordSize-1] = byte(len(Kinds))
		if _, err := CountOverlapping(p.Bucket, bad, from, to); err == nil {
			t.Fatal("CountOverlapping accepted a corrupt kind")
		}
		if recs, err := AppendOverlapping(seed, p.Bucket, bad, from, to); err == nil || len(recs) != 1 {
			t.Fatalf("AppendOverlapping of a corrupt kind = %d records, %v", len(recs), err)
		}
		if _, err := AppendOverlapping(nil, p.Bucket, bad[:len(bad)-1], from, to); err == nil {
			t.Fatal("AppendOverlapping accepted a partial record")
		}
	})
}
