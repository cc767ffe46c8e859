package busypack

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

func genInterval(t *rapid.T) Interval {
	s := rapid.Int64Range(-1<<40, 1<<40).Draw(t, "start")
	return Interval{
		Start: s,
		End:   s + rapid.OneOf(rapid.Int64Range(0, 7200), rapid.Int64Range(0, 1<<32-1)).Draw(t, "len"),
		Kind:  uint8(rapid.IntRange(0, len(Kinds)-1).Draw(t, "kind")),
		UID:   rapid.StringMatching(`[a-zA-Z0-9@.\-é✓]{0,20}`).Draw(t, "uid"),
	}
}

// Packing then unpacking gives the intervals back, each pack holds exactly
// the intervals starting in its bucket, and MaxEnd bounds their ends.
func TestRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ivs := rapid.SliceOf(rapid.Custom(genInterval)).Draw(t, "ivs")
		if rapid.Bool().Draw(t, "dense") {
			// Many intervals in few buckets, as in real calendars.
			for i := range ivs {
				l := (ivs[i].End - ivs[i].Start) % 86400
				ivs[i].Start = ivs[i].Start % (3 * BucketSeconds)
				ivs[i].End = ivs[i].Start + l
			}
		}
		Sort(ivs)
		packs, err := Encode(ivs)
		if err != nil {
			t.Fatal(err)
		}
		var got []Interval
		for i, p := range packs {
			if i > 0 && p.Bucket <= packs[i-1].Bucket {
				t.Fatalf("buckets out of order: %d then %d", packs[i-1].Bucket, p.Bucket)
			}
			n0 := len(got)
			if got, err = Decode(got, p.Bucket, p.Spans, p.UIDs); err != nil {
				t.Fatal(err)
			}
			if len(got)-n0 != p.N {
				t.Fatalf("pack N = %d, decoded %d", p.N, len(got)-n0)
			}
			for _, iv := range got[n0:] {
				if Bucket(iv.Start) != p.Bucket || iv.End > p.MaxEnd {
					t.Fatalf("interval %+v in pack bucket %d max end %d", iv, p.Bucket, p.MaxEnd)
				}
			}
		}
		if len(ivs) == 0 {
			ivs = nil
		}
		if diff := cmp.Diff(ivs, got); diff != "" {
			t.Fatalf("round trip (-want +got):\n%s", diff)
		}
	})
}

func TestBucket(t *testing.T) {
	for _, c := range []struct{ t, want int64 }{{0, 0}, {BucketSeconds - 1, 0}, {BucketSeconds, 1}, {-1, -1}, {-BucketSeconds, -1}, {-BucketSeconds - 1, -2}} {
		if got := Bucket(c.t); got != c.want {
			t.Errorf("Bucket(%d) = %d, want %d", c.t, got, c.want)
		}
	}
}

func TestEncodeRefuses(t *testing.T) {
	for _, c := range []struct {
		name string
		iv   Interval
	}{
		{"unknown kind", Interval{Start: 0, End: 1, Kind: uint8(len(Kinds))}},
		{"negative length", Interval{Start: 10, End: 1}},
		{"length past uint32", Interval{Start: 0, End: 1 << 32}},
		{"NUL in UID", Interval{Start: 0, End: 1, UID: "a\x00b"}},
		{"invalid UTF-8 UID", Interval{Start: 0, End: 1, UID: "a\xffb"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			if _, err := Encode([]Interval{c.iv}); !errors.Is(err, ErrUnstorable) {
				t.Fatalf("Encode = %v, want ErrUnstorable", err)
			}
		})
	}
	if _, err := Encode([]Interval{{Start: 5, End: 6}, {Start: 1, End: 2}}); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("unsorted: %v", err)
	}
}

func FuzzDecode(f *testing.F) {
	packs, _ := Encode([]Interval{{Start: 100, End: 200, UID: "a"}, {Start: 150, End: 4000, Kind: 2, UID: "bé"}})
	f.Add(packs[0].Spans, packs[0].UIDs)
	f.Add([]byte{1, 2, 3}, []byte{0, 0, 0, 9, 'x'})
	f.Add(make([]byte, 18), []byte{0xff, 0xff, 0xff, 0xff})
	f.Fuzz(func(t *testing.T, spans, uids []byte) {
		got, err := Decode(nil, 7, spans, uids)
		if err != nil {
			if len(got) != 0 {
				t.Fatalf("Decode failed with %d intervals", len(got))
			}
			return
		}
		// Whatever decodes re-encodes to the same bytes when it is valid input.
		for _, iv := range got {
			if check(iv) != nil || Bucket(iv.Start) != 7 {
				return
			}
		}
		re, err := Encode(got)
		if err != nil || len(got) > 0 && (len(re) != 1 || string(re[0].Spans) != string(spans) || string(re[0].UIDs) != string(uids)) {
			t.Fatalf("re-encode differs: %v", err)
		}
	})
}
