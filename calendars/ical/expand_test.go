package ical

import (
	"archive/zip"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func mustLoad(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// expandLines expands body (wrapped in a VCALENDAR) and returns "START END KIND" lines.
func expandLines(t *testing.T, body string, from, to time.Time, opts Options) []string {
	t.Helper()
	res, err := Expand([]byte(wrapEvents(body)), from, to, opts)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, b := range res.Busy {
		out = append(out, b.Start.Format(time.RFC3339)+" "+b.End.Format(time.RFC3339)+" "+string(b.Kind))
	}
	return out
}

func TestDST(t *testing.T) {
	berlin, ny := mustLoad(t, "Europe/Berlin"), mustLoad(t, "America/New_York")
	tests := []struct {
		name string
		body string
		zone *time.Location
		want []string
	}{
		{
			name: "all-day DURATION across the autumn change is 49 hours",
			body: "BEGIN:VEVENT\r\nUID:a\r\nDTSTART;VALUE=DATE:20241026\r\nDURATION:P2D\r\nEND:VEVENT\r\n",
			zone: berlin,
			want: []string{"2024-10-25T22:00:00Z 2024-10-27T23:00:00Z busy"},
		},
		{
			name: "all-day DURATION across the spring change is 47 hours",
			body: "BEGIN:VEVENT\r\nUID:a\r\nDTSTART;VALUE=DATE:20240309\r\nDURATION:P2D\r\nEND:VEVENT\r\n",
			zone: ny,
			want: []string{"2024-03-09T05:00:00Z 2024-03-11T04:00:00Z busy"},
		},
		{
			name: "timed P1D is nominal: 23 hours over the spring change",
			body: "BEGIN:VEVENT\r\nUID:a\r\nDTSTART;TZID=America/New_York:20240309T120000\r\nDURATION:P1DT30M\r\nEND:VEVENT\r\n",
			zone: ny,
			want: []string{"2024-03-09T17:00:00Z 2024-03-10T16:30:00Z busy"},
		},
		{
			name: "quoted Windows TZID with ' 1' and no VTIMEZONE on the DST day",
			body: "BEGIN:VEVENT\r\nUID:w\r\nDTSTART;TZID=\"Pacific Standard Time 1\":20240309T090000\r\nDURATION:PT1H\r\nRRULE:FREQ=DAILY;COUNT=2\r\nEND:VEVENT\r\n",
			zone: ny,
			want: []string{"2024-03-09T17:00:00Z 2024-03-09T18:00:00Z busy", "2024-03-10T16:00:00Z 2024-03-10T17:00:00Z busy"},
		},
		{
			name: "Kolkata +05:30 and Kathmandu +05:45",
			body: "BEGIN:VEVENT\r\nUID:k\r\nDTSTART;TZID=Asia/Kolkata:20240601T090000\r\nDURATION:PT1H\r\nEND:VEVENT\r\n" +
				"BEGIN:VEVENT\r\nUID:n\r\nDTSTART;TZID=Asia/Kathmandu:20240601T090000\r\nDURATION:PT1H\r\nEND:VEVENT\r\n",
			zone: berlin,
			want: []string{"2024-06-01T03:15:00Z 2024-06-01T04:15:00Z busy", "2024-06-01T03:30:00Z 2024-06-01T04:30:00Z busy"},
		},
		{
			name: "Lord Howe moves by 30 minutes; Eucla is +08:45",
			body: "BEGIN:VEVENT\r\nUID:l\r\nDTSTART;TZID=Australia/Lord_Howe:20240406T090000\r\nDURATION:PT1H\r\nRRULE:FREQ=DAILY;COUNT=2\r\nEND:VEVENT\r\n" +
				"BEGIN:VEVENT\r\nUID:e\r\nDTSTART;TZID=Australia/Eucla:20240406T090000\r\nDURATION:PT1H\r\nEND:VEVENT\r\n",
			zone: berlin,
			want: []string{"2024-04-05T22:00:00Z 2024-04-05T23:00:00Z busy", "2024-04-06T00:15:00Z 2024-04-06T01:15:00Z busy", "2024-04-06T22:30:00Z 2024-04-06T23:30:00Z busy"},
		},
		{
			name: "a VTIMEZONE with a 30-minute DST offset is evaluated, not guessed",
			body: "BEGIN:VTIMEZONE\r\nTZID:Half\r\nBEGIN:STANDARD\r\nDTSTART:19700405T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=4;BYDAY=1SU\r\nTZOFFSETFROM:+1100\r\nTZOFFSETTO:+1030\r\nEND:STANDARD\r\n" +
				"BEGIN:DAYLIGHT\r\nDTSTART:19701004T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=1SU\r\nTZOFFSETFROM:+1030\r\nTZOFFSETTO:+1100\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE\r\n" +
				"BEGIN:VEVENT\r\nUID:h\r\nDTSTART;TZID=Half:20240406T090000\r\nDURATION:PT1H\r\nRRULE:FREQ=DAILY;COUNT=2\r\nEND:VEVENT\r\n",
			zone: berlin,
			want: []string{"2024-04-05T22:00:00Z 2024-04-05T23:00:00Z busy", "2024-04-06T22:30:00Z 2024-04-06T23:30:00Z busy"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := expandLines(t, tc.body, day(2024, 1, 1), day(2025, 1, 1), Options{Zone: tc.zone})
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestKinds(t *testing.T) {
	ny := mustLoad(t, "America/New_York")
	body := "BEGIN:VEVENT\r\nUID:t\r\nDTSTART:20240102T150000Z\r\nDURATION:PT1H\r\nSTATUS:TENTATIVE\r\nEND:VEVENT\r\n" +
		"BEGIN:VEVENT\r\nUID:ms\r\nDTSTART:20240102T170000Z\r\nDURATION:PT1H\r\nX-MICROSOFT-CDO-BUSYSTATUS:TENTATIVE\r\nEND:VEVENT\r\n" +
		"BEGIN:VEVENT\r\nUID:o\r\nDTSTART:20240102T190000Z\r\nDURATION:PT1H\r\nX-MICROSOFT-CDO-BUSYSTATUS:OOF\r\nEND:VEVENT\r\n" +
		"BEGIN:VEVENT\r\nUID:f\r\nDTSTART:20240103T150000Z\r\nDURATION:PT1H\r\nX-MICROSOFT-CDO-BUSYSTATUS:FREE\r\nEND:VEVENT\r\n" +
		"BEGIN:VEVENT\r\nUID:tr\r\nDTSTART;VALUE=DATE:20240104\r\nTRANSP:TRANSPARENT\r\nEND:VEVENT\r\n" +
		"BEGIN:VEVENT\r\nUID:c\r\nDTSTART:20240105T150000Z\r\nDURATION:PT1H\r\nSTATUS:CANCELLED\r\nEND:VEVENT\r\n"
	tests := []struct {
		kind CalendarKind
		want []string
	}{
		{CalendarBusy, []string{
			"2024-01-02T15:00:00Z 2024-01-02T16:00:00Z tentative",
			"2024-01-02T17:00:00Z 2024-01-02T18:00:00Z tentative",
			"2024-01-02T19:00:00Z 2024-01-02T20:00:00Z oof",
		}},
		{CalendarHolidays, []string{
			"2024-01-02T05:00:00Z 2024-01-03T05:00:00Z holiday",
			"2024-01-02T05:00:00Z 2024-01-03T05:00:00Z holiday",
			"2024-01-02T05:00:00Z 2024-01-03T05:00:00Z holiday",
			"2024-01-03T05:00:00Z 2024-01-04T05:00:00Z holiday",
			"2024-01-04T05:00:00Z 2024-01-05T05:00:00Z holiday",
		}},
		{CalendarTimeOff, []string{
			"2024-01-02T15:00:00Z 2024-01-02T16:00:00Z time_off",
			"2024-01-02T17:00:00Z 2024-01-02T18:00:00Z time_off",
			"2024-01-02T19:00:00Z 2024-01-02T20:00:00Z time_off",
			"2024-01-03T15:00:00Z 2024-01-03T16:00:00Z time_off",
			"2024-01-04T05:00:00Z 2024-01-05T05:00:00Z time_off",
		}},
	}
	for _, tc := range tests {
		t.Run(string(tc.kind), func(t *testing.T) {
			got := expandLines(t, body, day(2024, 1, 1), day(2024, 2, 1), Options{Zone: ny, Kind: tc.kind})
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestRecurrenceDetails(t *testing.T) {
	tests := []struct {
		name     string
		body     string
		from, to time.Time
		want     []string
	}{
		{
			// ical.js drops DTSTART when a series has RDATEs but no RRULE; RFC 5545
			// and the contract keep it as the first instance.
			name: "RDATE-only series keeps DTSTART",
			body: "BEGIN:VEVENT\r\nUID:r\r\nDTSTART:20240101T100000Z\r\nDURATION:PT1H\r\nRDATE:20240103T100000Z\r\nEND:VEVENT\r\n",
			want: []string{"2024-01-01T10:00:00Z 2024-01-01T11:00:00Z busy", "2024-01-03T10:00:00Z 2024-01-03T11:00:00Z busy"},
		},
		{
			name: "unreadable RRULE leaves DTSTART alone",
			body: "BEGIN:VEVENT\r\nUID:b\r\nDTSTART:20240101T100000Z\r\nDURATION:PT1H\r\nRRULE:FREQ=FORTNIGHTLY\r\nEND:VEVENT\r\n",
			want: []string{"2024-01-01T10:00:00Z 2024-01-01T11:00:00Z busy"},
		},
		{
			name: "comma EXDATE list and an EXDATE in another zone",
			body: "BEGIN:VEVENT\r\nUID:e\r\nDTSTART;TZID=Europe/Berlin:20240101T100000\r\nDURATION:PT1H\r\nRRULE:FREQ=DAILY;COUNT=5\r\n" +
				"EXDATE;TZID=Europe/Berlin:20240102T100000,20240103T100000\r\nEXDATE;TZID=America/New_York:20240104T040000\r\nEND:VEVENT\r\n",
			want: []string{"2024-01-01T09:00:00Z 2024-01-01T10:00:00Z busy", "2024-01-05T09:00:00Z 2024-01-05T10:00:00Z busy"},
		},
		{
			name: "a long-running series is expanded from the window, not from 2001",
			body: "BEGIN:VEVENT\r\nUID:old\r\nDTSTART:20010101T100000Z\r\nDURATION:PT1H\r\nRRULE:FREQ=MINUTELY;INTERVAL=30\r\nEND:VEVENT\r\n",
			to:   time.Date(2024, 1, 1, 1, 30, 0, 0, time.UTC),
			want: []string{"2023-12-31T23:30:00Z 2024-01-01T00:30:00Z busy", "2024-01-01T00:00:00Z 2024-01-01T01:00:00Z busy", "2024-01-01T00:30:00Z 2024-01-01T01:30:00Z busy", "2024-01-01T01:00:00Z 2024-01-01T02:00:00Z busy"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			to := tc.to
			if to.IsZero() {
				to = day(2024, 2, 1)
			}
			got := expandLines(t, tc.body, day(2024, 1, 1), to, Options{})
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestCalendarProperties(t *testing.T) {
	data := "BEGIN:VCALENDAR\r\nX-PUBLISHED-TTL:PT15M\r\nREFRESH-INTERVAL;VALUE=DURATION:PT1H\r\nX-WR-TIMEZONE:Asia/Tokyo\r\n" +
		"BEGIN:VEVENT\r\nUID:f\r\nDTSTART:20240101T100000\r\nDURATION:PT1H\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
	res, err := Expand([]byte(data), day(2024, 1, 1), day(2024, 2, 1), Options{Zone: mustLoad(t, "Europe/Berlin")})
	if err != nil {
		t.Fatal(err)
	}
	if res.RefreshInterval != time.Hour {
		t.Errorf("RefreshInterval = %v, want 1h", res.RefreshInterval)
	}
	if len(res.Busy) != 1 || !res.Busy[0].Start.Equal(time.Date(2024, 1, 1, 1, 0, 0, 0, time.UTC)) {
		t.Errorf("floating time not read in X-WR-TIMEZONE: %v", res.Busy)
	}
}

func TestResolveName(t *testing.T) {
	tests := map[string]string{
		"Europe/Berlin":                          "Europe/Berlin",
		"/mozilla.org/20070129_1/Europe/Berlin":  "Europe/Berlin",
		"W. Europe Standard Time":                "Europe/Berlin",
		"\"W. Europe Standard Time 1\"":          "Europe/Berlin",
		"eastern standard time":                  "America/New_York",
		"(UTC-05:00) Eastern Time (US & Canada)": "America/New_York",
		"(UTC+07:00) Somewhere Else":             "(UTC+07:00) Somewhere Else",
		"(GMT +01:00)":                           "(GMT +01:00)",
		"Local":                                  "",
		"Customized Time Zone":                   "",
	}
	for name, want := range tests {
		got := ""
		if loc := resolveName(name); loc != nil {
			got = loc.String()
		}
		if got != want {
			t.Errorf("resolveName(%q) = %q, want %q", name, got, want)
		}
	}
}

// TestIANAZonesTable checks the generated table of zone names against the
// tzdata Go embeds: every name loads, and every zone in GOROOT's zoneinfo.zip
// is listed (else run go generate).
func TestIANAZonesTable(t *testing.T) {
	for name := range ianaZones {
		if _, err := time.LoadLocation(name); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	zr, err := zip.OpenReader(filepath.Join(runtime.GOROOT(), "lib", "time", "zoneinfo.zip"))
	if err != nil {
		t.Skipf("no zoneinfo.zip: %v", err)
	}
	defer zr.Close()
	for _, f := range zr.File {
		if !strings.HasSuffix(f.Name, "/") && !ianaZones[f.Name] {
			t.Errorf("%s is missing from ianaZones: run go generate ./calendars/ical/", f.Name)
		}
	}
	if loadIANA("Local") != nil || loadIANA("") != nil || loadIANA("Nowhere/Q1") != nil {
		t.Error("loadIANA accepts a name that is no IANA zone")
	}
}
