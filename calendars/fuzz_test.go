package calendars

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// FuzzExpand feeds arbitrary bytes through Expand and WriteBusyLines. It checks
// that nothing panics, errors are the package's own, and results are sorted,
// non-empty intervals overlapping the window, within the limits.
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
	from, to := day(2024, 1, 1), day(2024, 7, 1)
	lim := Limits{MaxInstances: 500, MaxIntervals: 2000, TimeBudget: 2 * time.Second}
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := Expand(data, from, to, Options{Zone: time.UTC, Limits: lim})
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
