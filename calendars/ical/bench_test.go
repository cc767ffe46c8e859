package ical

import (
	"bytes"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

var (
	benchOnce   sync.Once
	benchExport *googleExport
)

func googleBench() *googleExport {
	benchOnce.Do(func() { benchExport = genGoogleExport(20000, 42) })
	return benchExport
}

// TestGoogleExportExact checks the benchmark's export against its independent model.
func TestGoogleExportExact(t *testing.T) {
	g := googleBench()
	res, err := Expand(g.data, g.from, g.to, Options{Zone: g.zone})
	if err != nil {
		t.Fatal(err)
	}
	if res.Events != 20000 {
		t.Errorf("Events = %d, want 20000", res.Events)
	}
	var buf bytes.Buffer
	if err := WriteBusyLines(&buf, res.Busy); err != nil {
		t.Fatal(err)
	}
	got := spans(t, buf.Bytes())
	sort.Strings(got)
	if diff := cmp.Diff(g.want, got); diff != "" {
		t.Fatalf("(-want +got):\n%s", diff)
	}
	t.Logf("%d bytes, %d events, %d intervals, %d warnings", len(g.data), res.Events, len(res.Busy), len(res.Warnings))
}

// BenchmarkExpandGoogleExport expands a generated 20,000-event Google export over 90 days.
func BenchmarkExpandGoogleExport(b *testing.B) {
	g := googleBench()
	b.SetBytes(int64(len(g.data)))
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		res, err := Expand(g.data, g.from, g.to, Options{Zone: g.zone})
		if err != nil || res.Events != 20000 {
			b.Fatal(err, res.Events)
		}
	}
	b.ReportMetric(float64(20000*b.N)/time.Since(start).Seconds(), "events/s")
}

// BenchmarkHostile reports the time and allocations of every input of the
// hostile-input suite (each at most 1 MB) under the default limits.
//
//	go test ./calendars/ical -run XXX -bench Hostile -benchtime 3x
func BenchmarkHostile(b *testing.B) {
	for _, tc := range hostileCases() {
		b.Run(tc.name, func(b *testing.B) {
			b.SetBytes(int64(len(tc.data)))
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				_, err := Expand(tc.data, day(2024, 1, 1), day(2025, 1, 1), Options{})
				if (tc.want == nil) != (err == nil) {
					b.Fatal(err)
				}
			}
		})
	}
}
