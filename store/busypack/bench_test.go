package busypack

import (
	"testing"
)

// benchPacks is one calendar's busy time as a 1,000-member team's read
// meets it for a 30-day window: two 30-day packs, four meetings a weekday.
func benchPacks(b *testing.B) []Pack {
	var ivs []Interval
	base := int64(600) * BucketSeconds
	for d := int64(0); d < 60; d++ {
		if d%7 >= 5 {
			continue
		}
		for k := int64(0); k < 4; k++ {
			s := base + d*86400 + 9*3600 + k*5400
			ivs = append(ivs, Interval{Start: s, End: s + 2700, Kind: 0})
		}
	}
	packs, err := Encode(ivs)
	if err != nil || len(packs) != 2 {
		b.Fatalf("Encode = %d packs, %v", len(packs), err)
	}
	return packs
}

// BenchmarkOverlappingTeam decodes the intervals of 1,000 calendars'
// packs overlapping a 30-day window starting mid-bucket, as BusyBlocks
// does: count, then AppendOverlapping.
func BenchmarkOverlappingTeam(b *testing.B) {
	packs := benchPacks(b)
	from := packs[0].Bucket*BucketSeconds + 15*86400
	to := from + 30*86400
	sink := make([]Record, 0, 100_000)
	b.Run("append", func(b *testing.B) {
		var buf []Record
		for b.Loop() {
			sink = sink[:0]
			for range 1000 {
				for _, p := range packs {
					if _, err := CountOverlapping(p.Bucket, p.Spans, from, to); err != nil {
						b.Fatal(err)
					}
					var err error
					if buf, err = AppendOverlapping(buf[:0], p.Bucket, p.Spans, from, to); err != nil {
						b.Fatal(err)
					}
					sink = append(sink, buf...)
				}
			}
		}
	})
}
