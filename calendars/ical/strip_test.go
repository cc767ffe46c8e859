package ical

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestStripKeepsBusyTime: every corpus file reads the same after Strip, and
// nothing but times, rules and identifiers is left.
func TestStripKeepsBusyTime(t *testing.T) {
	for _, m := range readManifests(t) {
		t.Run(m.dir+"/"+m.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", m.dir, m.file))
			if err != nil {
				t.Fatal(err)
			}
			for _, kind := range []CalendarKind{CalendarBusy, CalendarHolidays} {
				want, werr := ExpandDates(data, m.from, m.to, m.zone, kind)
				stripped := Strip(data)
				got, gerr := ExpandDates(stripped, m.from, m.to, m.zone, kind)
				if (werr == nil) != (gerr == nil) {
					t.Fatalf("%s: error %v before Strip, %v after", kind, werr, gerr)
				}
				if diff := cmp.Diff(want.Busy, got.Busy); diff != "" {
					t.Fatalf("%s: Strip changed the intervals (-before +after):\n%s", kind, diff)
				}
				if want.Events != got.Events || want.RefreshInterval != got.RefreshInterval {
					t.Fatalf("%s: events %d→%d, refresh %v→%v", kind, want.Events, got.Events, want.RefreshInterval, got.RefreshInterval)
				}
				for _, prop := range []string{"\nSUMMARY", "\nDESCRIPTION", "\nLOCATION", "\nATTENDEE", "\nORGANIZER", "\nURL"} {
					if bytes.Contains(bytes.ToUpper(stripped), []byte(prop)) {
						t.Fatalf("%s survived Strip", strings.TrimSpace(prop))
					}
				}
			}
		})
	}
}

func TestStripUnfolds(t *testing.T) {
	in := "\xef\xbb\xbfBEGIN:VCALENDAR\nBEGIN:VEVENT\r\nSUMMARY:secret\r\n  plan\r\nUID:a\r\n b\rDTSTART:20270101T0900\r\n 00Z\r\nEND:VEVENT\r\nEND:VCALENDAR"
	want := "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:ab\r\nDTSTART:20270101T090000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
	if got := string(Strip([]byte(in))); got != want {
		t.Fatalf("Strip = %q, want %q", got, want)
	}
}
