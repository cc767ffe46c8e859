package ical

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func wrapEvents(body string) string {
	return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n" + body + "END:VCALENDAR\r\n"
}

// TestHostileInputs checks that each hostile input fails fast with its typed error.
func TestHostileInputs(t *testing.T) {
	nested := strings.Repeat("BEGIN:X\r\n", 1000000)
	tests := []struct {
		name string
		data []byte
		lim  Limits
		want *Error
	}{
		{"secondly for ten years", []byte(wrapEvents("BEGIN:VEVENT\r\nUID:s\r\nDTSTART:20200101T000000Z\r\nDURATION:PT1S\r\nRRULE:FREQ=SECONDLY\r\nEND:VEVENT\r\n")), Limits{}, ErrTooManyInstances},
		{"secondly never matching", []byte(wrapEvents("BEGIN:VEVENT\r\nUID:s\r\nDTSTART:20200101T000000Z\r\nDURATION:PT1S\r\nRRULE:FREQ=SECONDLY;BYSETPOS=2\r\nEND:VEVENT\r\n")), Limits{}, ErrTooManyInstances},
		{"count from far past", []byte(wrapEvents("BEGIN:VEVENT\r\nUID:s\r\nDTSTART:19000101T000000Z\r\nDURATION:PT1S\r\nRRULE:FREQ=MINUTELY;COUNT=2000000000\r\nEND:VEVENT\r\n")), Limits{}, ErrTooManyInstances},
		{"a million nested BEGIN lines", []byte("BEGIN:VCALENDAR\r\n" + nested), Limits{}, ErrTooDeep},
		{"100 MB line", append([]byte("BEGIN:VCALENDAR\r\nX-A:"), bytes.Repeat([]byte("a"), 100<<20)...), Limits{}, ErrTooLarge},
		{"100 MB line, large body allowed", append([]byte("BEGIN:VCALENDAR\r\nX-A:"), bytes.Repeat([]byte("a"), 100<<20)...), Limits{MaxBytes: 200 << 20}, ErrLineTooLong},
		{"long folded line", []byte("BEGIN:VCALENDAR\r\nX-A:" + strings.Repeat("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n ", 5000) + "\r\nEND:VCALENDAR\r\n"), Limits{}, ErrLineTooLong},
		{"truncated body", []byte(wrapEvents("BEGIN:VEVENT\r\nUID:t\r\nDTSTART:20240101T100000Z\r\nDURATION:PT1H\r\nEND:VEVENT\r\n"))[:80], Limits{}, ErrTruncated},
		{"no END:VCALENDAR", []byte("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"), Limits{}, ErrTruncated},
		{"HTML page", []byte("<!DOCTYPE html>\n<html><head><title>Sign in</title></head><body>BEGIN:VCALENDAR</body></html>\n"), Limits{}, ErrNotCalendar},
		{"empty body", nil, Limits{}, ErrNotCalendar},
		{"too many components", []byte(wrapEvents(strings.Repeat("BEGIN:VTODO\r\nEND:VTODO\r\n", 60000))), Limits{MaxBytes: 50 << 20}, ErrTooManyComponents},
		{"too many intervals", []byte(wrapEvents(strings.Repeat("BEGIN:VEVENT\r\nDTSTART:20240101T000000Z\r\nDURATION:PT1M\r\nRRULE:FREQ=DAILY;COUNT=20\r\nEND:VEVENT\r\n", 10))), Limits{MaxIntervals: 100}, ErrTooManyIntervals},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			// The outcome is asserted, not the time: the cost of these inputs
			// is measured by BenchmarkHostile (docs/performance.md).
			_, err := Expand(tc.data, day(2020, 1, 1), day(2030, 1, 1), Options{Limits: tc.lim})
			if !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			if ErrorCode(err) != tc.want.Code() {
				t.Errorf("ErrorCode = %q, want %q", ErrorCode(err), tc.want.Code())
			}
		})
	}
}

// TestHostileSuite runs the standing hostile-input suite (hostileCases): every
// input, each at most 1 MB, is accepted or refused with its typed error under
// the default limits. BenchmarkHostile reports what each costs.
func TestHostileSuite(t *testing.T) {
	for _, tc := range hostileCases() {
		t.Run(tc.name, func(t *testing.T) {
			if len(tc.data) > 1<<20 {
				t.Fatalf("%d bytes: the suite is about calendars of at most 1 MB", len(tc.data))
			}
			_, err := Expand(tc.data, day(2024, 1, 1), day(2025, 1, 1), Options{})
			if tc.want == nil {
				if err != nil {
					t.Fatalf("err = %v, want accepted", err)
				}
				return
			}
			if !errors.Is(err, tc.want) || ErrorCode(err) != tc.want.Code() {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
		})
	}
}

// TestWorkBudgetShared checks that the budget is one per calendar: each series
// alone is well within it, together they are not.
func TestWorkBudgetShared(t *testing.T) {
	one := "BEGIN:VEVENT\r\nUID:%d\r\nDTSTART:19000101T000000Z\r\nDURATION:PT1H\r\nRRULE:FREQ=DAILY;COUNT=3000\r\nEND:VEVENT\r\n"
	lim := Limits{MaxWork: 100000}
	if _, err := Expand([]byte(wrapEvents(fmt.Sprintf(one, 1))), day(2024, 1, 1), day(2025, 1, 1), Options{Limits: lim}); err != nil {
		t.Fatalf("one series: %v", err)
	}
	var b strings.Builder
	for i := 0; i < 40; i++ {
		fmt.Fprintf(&b, one, i)
	}
	_, err := Expand([]byte(wrapEvents(b.String())), day(2024, 1, 1), day(2025, 1, 1), Options{Limits: lim})
	if !errors.Is(err, ErrWorkBudget) || ErrorCode(err) != "calendar_work_budget" {
		t.Fatalf("err = %v, want ErrWorkBudget", err)
	}
	// VTIMEZONE onsets draw on the same budget as the events.
	data := wrapEvents(observances("H", 40, "DAILY") + fmt.Sprintf(one, 1))
	data = strings.Replace(data, "DTSTART:19000101T000000Z", "DTSTART;TZID=H:20240101T000000", 1)
	_, err = Expand([]byte(data), day(2024, 1, 1), day(2025, 1, 1), Options{Limits: lim})
	if !errors.Is(err, ErrWorkBudget) {
		t.Fatalf("zone and event: err = %v, want ErrWorkBudget", err)
	}
}

// TestTimeBudget checks that a tiny budget stops a large calendar.
func TestTimeBudget(t *testing.T) {
	var b strings.Builder
	b.WriteString("BEGIN:VCALENDAR\r\n")
	for i := 0; i < 40000; i++ {
		b.WriteString("BEGIN:VEVENT\r\nUID:x\r\nDTSTART:20240101T100000Z\r\nDURATION:PT1H\r\nRRULE:FREQ=DAILY;COUNT=3000\r\nEND:VEVENT\r\n")
	}
	b.WriteString("END:VCALENDAR\r\n")
	_, err := Expand([]byte(b.String()), day(2024, 1, 1), day(2030, 1, 1), Options{Limits: Limits{TimeBudget: time.Millisecond}})
	if !errors.Is(err, ErrTimeBudget) {
		t.Fatalf("err = %v, want ErrTimeBudget", err)
	}
}

// TestSkippedComponent checks that an unreadable component is skipped with a
// warning while the rest is kept.
func TestSkippedComponent(t *testing.T) {
	data := wrapEvents("BEGIN:VEVENT\r\nUID:bad\r\nDTSTART;VALUE=DATE:Next Year\r\nEND:VEVENT\r\n" +
		"BEGIN:VEVENT\r\nUID:good\r\nDTSTART:20240101T100000Z\r\nDURATION:PT1H\r\nEND:VEVENT\r\n")
	res, err := Expand([]byte(data), day(2024, 1, 1), day(2025, 1, 1), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Busy) != 1 || res.Busy[0].UID != "good" {
		t.Fatalf("busy = %v", res.Busy)
	}
	if len(res.Warnings) != 1 || res.Warnings[0].Code != "component_skipped" {
		t.Fatalf("warnings = %v", res.Warnings)
	}
	if res.Events != 2 {
		t.Errorf("Events = %d, want 2", res.Events)
	}
}

// TestMissingEnd checks that a missing END:VALARM does not lose the event, and a
// stray END is ignored.
func TestMissingEnd(t *testing.T) {
	data := wrapEvents("BEGIN:VEVENT\r\nUID:a\r\nDTSTART:20240101T100000Z\r\nDURATION:PT1H\r\nBEGIN:VALARM\r\nTRIGGER:-PT5M\r\nEND:VEVENT\r\nEND:VTODO\r\n" +
		"BEGIN:VEVENT\r\nUID:b\r\nDTSTART:20240102T100000Z\r\nDURATION:PT1H\r\nEND:VEVENT\r\n")
	res, err := Expand([]byte(data), day(2024, 1, 1), day(2024, 2, 1), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Busy) != 2 {
		t.Fatalf("busy = %v", res.Busy)
	}
}

// TestLongInstanceWarning checks that an instance over 60 days, such as a
// DATE-TIME event whose DTEND precedes its DTSTART by years (swapped by the
// contract), is reported once per component.
func TestLongInstanceWarning(t *testing.T) {
	data := wrapEvents("BEGIN:VEVENT\r\nUID:swapped\r\nDTSTART:20300101T000000Z\r\nDTEND:20240601T000000Z\r\nEND:VEVENT\r\n" +
		"BEGIN:VEVENT\r\nUID:weekly-long\r\nDTSTART:20240101T000000Z\r\nDURATION:P61D\r\nRRULE:FREQ=WEEKLY;COUNT=5\r\nEND:VEVENT\r\n" +
		"BEGIN:VEVENT\r\nUID:sixty\r\nDTSTART:20240101T000000Z\r\nDURATION:P60D\r\nEND:VEVENT\r\n")
	res, err := Expand([]byte(data), day(2024, 1, 1), day(2025, 1, 1), Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, w := range res.Warnings {
		if w.Code == "long_instance" {
			got = append(got, w.Message)
		}
	}
	if len(got) != 2 || !strings.Contains(got[0], "UID swapped") || !strings.Contains(got[0], "2040 days") || !strings.Contains(got[1], "UID weekly-long") {
		t.Fatalf("long_instance warnings = %q", got)
	}
	if len(res.Busy) != 7 {
		t.Fatalf("%d intervals: the warning must not drop any", len(res.Busy))
	}
}

// TestDirtyUIDs checks that UIDs with NUL bytes, invalid UTF-8 or an absurd
// length are cleaned, with a warning, so that PostgreSQL can store them.
func TestDirtyUIDs(t *testing.T) {
	long := strings.Repeat("é", 600) // 1,200 bytes
	data := wrapEvents("BEGIN:VEVENT\r\nUID:a\x00b\r\nDTSTART:20240101T100000Z\r\nDURATION:PT1H\r\nEND:VEVENT\r\n" +
		"BEGIN:VEVENT\r\nUID:c\xff\xfed\r\nDTSTART:20240102T100000Z\r\nDURATION:PT1H\r\nEND:VEVENT\r\n" +
		"BEGIN:VEVENT\r\nUID:" + long + "\r\nDTSTART:20240103T100000Z\r\nDURATION:PT1H\r\nEND:VEVENT\r\n" +
		"BEGIN:VFREEBUSY\r\nUID:f\x00\r\nFREEBUSY:20240104T100000Z/PT1H\r\nEND:VFREEBUSY\r\n")
	res, err := Expand([]byte(data), day(2024, 1, 1), day(2025, 1, 1), Options{})
	if err != nil {
		t.Fatal(err)
	}
	var uids []string
	for _, b := range res.Busy {
		if !utf8.ValidString(b.UID) || strings.IndexByte(b.UID, 0) >= 0 || len(b.UID) > 1024+len("#freebusy") {
			t.Errorf("UID %q cannot be stored", b.UID)
		}
		uids = append(uids, b.UID)
	}
	want := []string{"a\uFFFDb", "c\uFFFDd", strings.Repeat("é", 512), "f\uFFFD#freebusy"}
	if diff := cmp.Diff(want, uids); diff != "" {
		t.Errorf("UIDs (-want +got):\n%s", diff)
	}
	n := 0
	for _, w := range res.Warnings {
		if w.Code == "uid_cleaned" {
			n++
		}
	}
	if n != 4 {
		t.Errorf("%d uid_cleaned warnings, want 4: %v", n, res.Warnings)
	}
}
