package ical

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"
)

// FuzzExpand feeds arbitrary bytes through Expand and WriteBusyLines. It checks
// that nothing panics, errors are the package's own, results are sorted,
// non-empty intervals overlapping the window, within the limits, and that no
// input allocates more than allocBudget. The seeds hold the corpus and the whole
// hostile-input suite. The 1 MB hostile seeds make minimizing a new input slow;
// fuzz with a short minimization time:
//
//	go test ./calendars/ical -run XXX -fuzz FuzzExpand -fuzztime 30s -fuzzminimizetime 2s
func FuzzExpand(f *testing.F) {
	for _, dir := range []string{"node-ical", "icaljs", "synthetic", "overlap"} {
		files, _ := filepath.Glob(filepath.Join("testdata", dir, "*.ics"))
		for _, name := range files {
			if b, err := os.ReadFile(name); err == nil && len(b) < 64<<10 {
				f.Add(b)
			}
		}
	}
	f.Add([]byte(wrapEvents("BEGIN:VEVENT\r\nUID:x\r\nDTSTART;TZID=Europe/Berlin:20240301T100000\r\nDURATION:PT1H\r\n" +
		"RRULE:FREQ=WEEKLY;BYDAY=MO,WE;BYSETPOS=-1\r\nEXDATE;TZID=Europe/Berlin:20240304T100000\r\nEND:VEVENT\r\n" +
		"BEGIN:VEVENT\r\nUID:x\r\nRECURRENCE-ID;RANGE=THISANDFUTURE;TZID=Europe/Berlin:20240311T100000\r\n" +
		"DTSTART;TZID=Europe/Berlin:20240311T120000\r\nDURATION:PT2H\r\nEND:VEVENT\r\n")))
	for _, tc := range hostileCases() {
		f.Add(tc.data)
	}
	from, to := day(2024, 1, 1), day(2024, 7, 1)
	lim := Limits{MaxInstances: 500, MaxIntervals: 2000, TimeBudget: 2 * time.Second}
	f.Fuzz(func(t *testing.T, data []byte) {
		var m0, m1 runtime.MemStats
		runtime.ReadMemStats(&m0)
		res, err := Expand(data, from, to, Options{Zone: time.UTC, Limits: lim})
		runtime.ReadMemStats(&m1)
		if n := m1.TotalAlloc - m0.TotalAlloc; n > allocBudget(len(data)) {
			t.Fatalf("%d bytes of input allocated %d MB, over the budget of %d MB", len(data), n>>20, allocBudget(len(data))>>20)
		}
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) || ErrorCode(err) == "" {
				t.Fatalf("unexpected error type %T: %v", err, err)
			}
			if errors.Is(err, ErrMalformed) {
				t.Fatalf("recovered panic: %v", err)
			}
			return
		}
		if len(res.Busy) > lim.MaxIntervals {
			t.Fatalf("%d intervals over the limit", len(res.Busy))
		}
		for i, b := range res.Busy {
			if !b.End.After(b.Start) || !b.End.After(from) || !b.Start.Before(to) {
				t.Fatalf("bad interval %v", b)
			}
			if i > 0 && b.Start.Before(res.Busy[i-1].Start) {
				t.Fatalf("not sorted at %d", i)
			}
		}
		var buf bytes.Buffer
		if err := WriteBusyLines(&buf, res.Busy); err != nil {
			t.Fatal(err)
		}
	})
}

// allocBudget is the most one Expand may allocate for an input of n bytes
// under the default work budget: 32 MB plus 96 bytes per input byte (128 MB for
// 1 MB). Before issue 9 a 715-byte rule allocated about 1 GB.
func allocBudget(n int) uint64 { return 32<<20 + 96*uint64(n) }
