package ical

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// customNY is America/New_York's current rules as a VTIMEZONE under a name that
// is no IANA zone, so the file's own definition is used.
const customNY = "BEGIN:VTIMEZONE\r\nTZID:Custom NY\r\n" +
	"BEGIN:STANDARD\r\nDTSTART:16011104T020000\r\nRRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=11\r\nTZOFFSETFROM:-0400\r\nTZOFFSETTO:-0500\r\nEND:STANDARD\r\n" +
	"BEGIN:DAYLIGHT\r\nDTSTART:16010311T020000\r\nRRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3\r\nTZOFFSETFROM:-0500\r\nTZOFFSETTO:-0400\r\nEND:DAYLIGHT\r\n" +
	"END:VTIMEZONE\r\n"

// TestRFC5545LocalTimes pins RFC 5545 §3.3.5 at DST changes (issue 9): a local
// time that a change skips takes the offset before the gap, one that occurs
// twice is its first occurrence; for DTSTART, DTEND, EXDATE, RDATE,
// RECURRENCE-ID and every rule instance, in IANA zones, VTIMEZONE zones and
// floating time. An instance a rule puts in a gap is kept, shifted forward by
// the gap (the contract's deliberate deviation from §3.3.10).
func TestRFC5545LocalTimes(t *testing.T) {
	ny, berlin := mustLoad(t, "America/New_York"), mustLoad(t, "Europe/Berlin")
	from, to := day(2026, 1, 1), day(2027, 1, 1)
	tests := []struct {
		name string
		pre  string // calendar properties and VTIMEZONEs
		body string // {TZ} is replaced by each zone spelling
		zone *time.Location
		want []string
	}{
		{
			name: "a skipped DTSTART takes the offset before the gap",
			body: "BEGIN:VEVENT\r\nUID:a\r\nDTSTART{TZ}:20260308T023000\r\nDURATION:PT30M\r\nEND:VEVENT\r\n",
			want: []string{"2026-03-08T07:30:00Z 2026-03-08T08:00:00Z busy"},
		},
		{
			name: "a repeated DTSTART is its first occurrence",
			body: "BEGIN:VEVENT\r\nUID:a\r\nDTSTART{TZ}:20261101T013000\r\nDURATION:PT30M\r\nEND:VEVENT\r\n",
			want: []string{"2026-11-01T05:30:00Z 2026-11-01T06:00:00Z busy"},
		},
		{
			name: "DTEND in the gap",
			body: "BEGIN:VEVENT\r\nUID:a\r\nDTSTART{TZ}:20260308T010000\r\nDTEND{TZ}:20260308T023000\r\nEND:VEVENT\r\n",
			want: []string{"2026-03-08T06:00:00Z 2026-03-08T07:30:00Z busy"},
		},
		{
			name: "DTEND in the overlap",
			body: "BEGIN:VEVENT\r\nUID:a\r\nDTSTART{TZ}:20261101T000000\r\nDTEND{TZ}:20261101T013000\r\nEND:VEVENT\r\n",
			want: []string{"2026-11-01T04:00:00Z 2026-11-01T05:30:00Z busy"},
		},
		{
			name: "a daily series is shifted forward on the gap day and first on the overlap day",
			body: "BEGIN:VEVENT\r\nUID:a\r\nDTSTART{TZ}:20260307T023000\r\nDURATION:PT30M\r\nRRULE:FREQ=DAILY;COUNT=3\r\nEND:VEVENT\r\n" +
				"BEGIN:VEVENT\r\nUID:b\r\nDTSTART{TZ}:20261031T013000\r\nDURATION:PT30M\r\nRRULE:FREQ=DAILY;COUNT=3\r\nEND:VEVENT\r\n",
			want: []string{
				"2026-03-07T07:30:00Z 2026-03-07T08:00:00Z busy",
				"2026-03-08T07:30:00Z 2026-03-08T08:00:00Z busy",
				"2026-03-09T06:30:00Z 2026-03-09T07:00:00Z busy",
				"2026-10-31T05:30:00Z 2026-10-31T06:00:00Z busy",
				"2026-11-01T05:30:00Z 2026-11-01T06:00:00Z busy",
				"2026-11-02T06:30:00Z 2026-11-02T07:00:00Z busy",
			},
		},
		{
			name: "EXDATE at a skipped time removes the shifted instance",
			body: "BEGIN:VEVENT\r\nUID:a\r\nDTSTART{TZ}:20260307T023000\r\nDURATION:PT30M\r\nRRULE:FREQ=DAILY;COUNT=3\r\nEXDATE{TZ}:20260308T023000\r\nEND:VEVENT\r\n",
			want: []string{"2026-03-07T07:30:00Z 2026-03-07T08:00:00Z busy", "2026-03-09T06:30:00Z 2026-03-09T07:00:00Z busy"},
		},
		{
			name: "EXDATE at a repeated time removes the first occurrence",
			body: "BEGIN:VEVENT\r\nUID:a\r\nDTSTART{TZ}:20261101T010000\r\nDURATION:PT15M\r\nRRULE:FREQ=MINUTELY;INTERVAL=30;COUNT=3\r\nEXDATE{TZ}:20261101T013000\r\nEND:VEVENT\r\n",
			// Sub-daily rules step in wall time too: 01:00, 01:30 (first), 02:00 EST.
			want: []string{"2026-11-01T05:00:00Z 2026-11-01T05:15:00Z busy", "2026-11-01T07:00:00Z 2026-11-01T07:15:00Z busy"},
		},
		{
			name: "RDATE at a skipped time",
			body: "BEGIN:VEVENT\r\nUID:a\r\nDTSTART{TZ}:20260301T090000\r\nDURATION:PT30M\r\nRDATE{TZ}:20260308T023000\r\nEND:VEVENT\r\n",
			want: []string{"2026-03-01T14:00:00Z 2026-03-01T14:30:00Z busy", "2026-03-08T07:30:00Z 2026-03-08T08:00:00Z busy"},
		},
		{
			name: "RECURRENCE-ID at a skipped time replaces the shifted instance",
			body: "BEGIN:VEVENT\r\nUID:a\r\nDTSTART{TZ}:20260307T023000\r\nDURATION:PT30M\r\nRRULE:FREQ=DAILY;COUNT=3\r\nEND:VEVENT\r\n" +
				"BEGIN:VEVENT\r\nUID:a\r\nRECURRENCE-ID{TZ}:20260308T023000\r\nDTSTART{TZ}:20260308T100000\r\nDURATION:PT30M\r\nEND:VEVENT\r\n",
			want: []string{
				"2026-03-07T07:30:00Z 2026-03-07T08:00:00Z busy",
				"2026-03-08T14:00:00Z 2026-03-08T14:30:00Z busy",
				"2026-03-09T06:30:00Z 2026-03-09T07:00:00Z busy",
			},
		},
	}
	spellings := []struct {
		name string
		pre  string
		tz   string
		zone *time.Location
	}{
		{"IANA", "", ";TZID=America/New_York", time.UTC},
		{"VTIMEZONE", customNY, ";TZID=Custom NY", time.UTC},
		{"Windows name", "", ";TZID=\"Eastern Standard Time\"", time.UTC},
		{"floating in the member's zone", "", "", ny},
		{"floating in X-WR-TIMEZONE", "X-WR-TIMEZONE:America/New_York\r\n", "", berlin},
	}
	for _, tc := range tests {
		for _, sp := range spellings {
			t.Run(tc.name+"/"+sp.name, func(t *testing.T) {
				body := sp.pre + strings.ReplaceAll(tc.body, "{TZ}", sp.tz)
				got := expandLines(t, body, from, to, Options{Zone: sp.zone})
				if diff := cmp.Diff(tc.want, got); diff != "" {
					t.Errorf("(-want +got):\n%s", diff)
				}
			})
		}
	}
}

// TestDailyBerlinOnChangeDay is issue 9's example: a daily 02:30 series in
// Berlin is busy at 03:30 CEST (01:30Z) on the spring change day, as calendar
// clients show it and as working hours read local times.
func TestDailyBerlinOnChangeDay(t *testing.T) {
	body := "BEGIN:VEVENT\r\nUID:a\r\nDTSTART;TZID=Europe/Berlin:20260328T023000\r\nDURATION:PT1H\r\nRRULE:FREQ=DAILY;COUNT=3\r\nEND:VEVENT\r\n"
	got := expandLines(t, body, day(2026, 3, 1), day(2026, 4, 1), Options{})
	want := []string{
		"2026-03-28T01:30:00Z 2026-03-28T02:30:00Z busy",
		"2026-03-29T01:30:00Z 2026-03-29T02:30:00Z busy",
		"2026-03-30T00:30:00Z 2026-03-30T01:30:00Z busy",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// TestUnsyncedDTStart pins the contract's DTSTART rule (issue 9): DTSTART is the
// first instance even when the RRULE does not match it, and counts toward
// COUNT; with several RRULEs, toward the first one's.
func TestUnsyncedDTStart(t *testing.T) {
	tests := []struct {
		name, rules string
		want        []string
	}{
		{"Friday DTSTART, Wednesdays", "RRULE:FREQ=DAILY;BYDAY=WE;COUNT=3\r\n", []string{"2026-01-02", "2026-01-07", "2026-01-14"}},
		{"DTSTART matching the rule", "RRULE:FREQ=DAILY;BYDAY=FR;COUNT=2\r\n", []string{"2026-01-02", "2026-01-09"}},
		{"COUNT=1 leaves DTSTART alone", "RRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=1\r\n", []string{"2026-01-02"}},
		{"UNTIL before DTSTART", "RRULE:FREQ=WEEKLY;UNTIL=20251201T000000Z\r\n", []string{"2026-01-02"}},
		{"no COUNT", "RRULE:FREQ=WEEKLY;BYDAY=MO;UNTIL=20260113T000000Z\r\n", []string{"2026-01-02", "2026-01-05", "2026-01-12"}},
		{"two rules, DTSTART counts toward the first", "RRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=2\r\nRRULE:FREQ=WEEKLY;BYDAY=TU;COUNT=2\r\n",
			[]string{"2026-01-02", "2026-01-05", "2026-01-06", "2026-01-13"}},
		{"two rules, the second generates DTSTART", "RRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=2\r\nRRULE:FREQ=WEEKLY;BYDAY=FR;COUNT=2\r\n",
			[]string{"2026-01-02", "2026-01-05", "2026-01-09", "2026-01-12"}},
	}
	for _, tc := range tests {
		for _, start := range []string{"DTSTART:20260102T100000Z\r\nDURATION:PT1H", "DTSTART;VALUE=DATE:20260102"} {
			t.Run(tc.name+"/"+start[:10], func(t *testing.T) {
				res, err := Expand([]byte(wrapEvents("BEGIN:VEVENT\r\nUID:a\r\n"+start+"\r\n"+tc.rules+"END:VEVENT\r\n")),
					day(2026, 1, 1), day(2027, 1, 1), Options{})
				if err != nil {
					t.Fatal(err)
				}
				var got []string
				for _, b := range res.Busy {
					got = append(got, b.Start.Format("2006-01-02"))
				}
				if diff := cmp.Diff(tc.want, got); diff != "" {
					t.Errorf("(-want +got):\n%s", diff)
				}
			})
		}
	}
}
