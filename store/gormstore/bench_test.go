package gormstore_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/overlap/overlap/store"
	"github.com/overlap/overlap/store/gormstore/testdb"
)

// BenchmarkSaveSnapshot stores an import of 20,000 busy intervals (a large
// calendar over its whole window) replacing the previous one: the storage
// half of a refresh.
func BenchmarkSaveSnapshot(b *testing.B) {
	for _, d := range testdb.Dialects {
		b.Run(string(d), func(b *testing.B) {
			ctx := context.Background()
			db := testdb.Open(b, d, nil)
			org, _ := db.EnsureOrg(ctx, "acme")
			m := store.Member{OrgID: org.ID, Name: "A", Timezone: "UTC"}
			if err := db.CreateMember(ctx, &m); err != nil {
				b.Fatal(err)
			}
			c := store.Calendar{OrgID: org.ID, MemberID: m.ID, Kind: store.KindBusy, Source: store.SourceUpload}
			if err := db.CreateCalendar(ctx, &c, nil); err != nil {
				b.Fatal(err)
			}
			rng := rand.New(rand.NewPCG(1, 2))
			start := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
			snap := &store.Snapshot{At: start}
			for i := range 20000 {
				s := start.Add(time.Duration(rng.IntN(395*24*4)) * 15 * time.Minute)
				snap.Intervals = append(snap.Intervals, store.BusyInterval{Start: s, End: s.Add(time.Hour), Kind: "busy", UID: fmt.Sprintf("%08x-event@example.com", i)})
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if err := db.SaveSnapshot(ctx, c.ID, "", snap); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N*len(snap.Intervals))/b.Elapsed().Seconds(), "intervals/s")
		})
	}
}
