package scheduler

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestIntervalsDST(t *testing.T) {
	type tc struct {
		name     string
		zone     string
		r        Range
		days     []time.Weekday
		from, to string
		want     Set
	}
	sun, sat, mon := []time.Weekday{time.Sunday}, []time.Weekday{time.Saturday}, []time.Weekday{time.Monday}
	day := Range{hm(9, 0), hm(17, 0)}
	night := Range{hm(22, 0), hm(6, 0)}
	cases := []tc{
		// Europe/Berlin: 2024-03-31 02:00 CET → 03:00 CEST; 2024-10-27 03:00 CEST → 02:00 CET.
		{"berlin spring day", "Europe/Berlin", day, sun, "2024-03-31T00:00:00Z", "2024-04-01T00:00:00Z",
			Set{iv("2024-03-31T07:00:00Z", "2024-03-31T15:00:00Z")}},
		{"berlin spring night is 7h", "Europe/Berlin", night, sat, "2024-03-30T00:00:00Z", "2024-04-01T00:00:00Z",
			Set{iv("2024-03-30T21:00:00Z", "2024-03-31T04:00:00Z")}},
		{"berlin start in gap adds the gap", "Europe/Berlin", Range{hm(2, 30), hm(4, 0)}, sun, "2024-03-30T00:00:00Z", "2024-04-01T00:00:00Z",
			Set{iv("2024-03-31T01:30:00Z", "2024-03-31T02:00:00Z")}},
		{"berlin end in gap adds the gap", "Europe/Berlin", Range{hm(1, 0), hm(2, 30)}, sun, "2024-03-30T00:00:00Z", "2024-04-01T00:00:00Z",
			Set{iv("2024-03-31T00:00:00Z", "2024-03-31T01:30:00Z")}},
		{"berlin range swallowed by gap is empty", "Europe/Berlin", Range{hm(2, 30), hm(3, 15)}, sun, "2024-03-30T00:00:00Z", "2024-04-01T00:00:00Z",
			nil},
		{"berlin fall night is 9h", "Europe/Berlin", night, sat, "2024-10-26T00:00:00Z", "2024-10-28T00:00:00Z",
			Set{iv("2024-10-26T20:00:00Z", "2024-10-27T05:00:00Z")}},
		{"berlin ambiguous start takes first", "Europe/Berlin", Range{hm(2, 30), hm(3, 30)}, sun, "2024-10-26T00:00:00Z", "2024-10-28T00:00:00Z",
			Set{iv("2024-10-27T00:30:00Z", "2024-10-27T02:30:00Z")}},
		{"berlin ambiguous both ends", "Europe/Berlin", Range{hm(2, 0), hm(2, 30)}, sun, "2024-10-26T00:00:00Z", "2024-10-28T00:00:00Z",
			Set{iv("2024-10-27T00:00:00Z", "2024-10-27T00:30:00Z")}},
		// America/New_York: 2024-03-10 02:00 EST → 03:00 EDT; 2024-11-03 02:00 EDT → 01:00 EST.
		{"new york spring day", "America/New_York", day, sun, "2024-03-10T00:00:00Z", "2024-03-11T00:00:00Z",
			Set{iv("2024-03-10T13:00:00Z", "2024-03-10T21:00:00Z")}},
		{"new york spring night", "America/New_York", night, sat, "2024-03-09T00:00:00Z", "2024-03-11T00:00:00Z",
			Set{iv("2024-03-10T03:00:00Z", "2024-03-10T10:00:00Z")}},
		{"new york ambiguous 01:00", "America/New_York", Range{hm(1, 0), hm(2, 0)}, sun, "2024-11-02T00:00:00Z", "2024-11-04T00:00:00Z",
			Set{iv("2024-11-03T05:00:00Z", "2024-11-03T07:00:00Z")}},
		{"new york fall night", "America/New_York", night, sat, "2024-11-02T00:00:00Z", "2024-11-04T00:00:00Z",
			Set{iv("2024-11-03T02:00:00Z", "2024-11-03T11:00:00Z")}},
		// Australia/Sydney: 2024-04-07 03:00 AEDT → 02:00 AEST; 2024-10-06 02:00 AEST → 03:00 AEDT.
		{"sydney april night is 9h", "Australia/Sydney", night, sat, "2024-04-06T00:00:00Z", "2024-04-08T00:00:00Z",
			Set{iv("2024-04-06T11:00:00Z", "2024-04-06T20:00:00Z")}},
		{"sydney october night is 7h", "Australia/Sydney", night, sat, "2024-10-05T00:00:00Z", "2024-10-07T00:00:00Z",
			Set{iv("2024-10-05T12:00:00Z", "2024-10-05T19:00:00Z")}},
		{"sydney monday after", "Australia/Sydney", day, mon, "2024-10-06T00:00:00Z", "2024-10-08T00:00:00Z",
			Set{iv("2024-10-06T22:00:00Z", "2024-10-07T06:00:00Z")}},
		// Australia/Lord_Howe: +10:30 ↔ +11 at 02:00 local, a 30-minute shift.
		{"lord howe october night is 7.5h", "Australia/Lord_Howe", night, sat, "2024-10-05T00:00:00Z", "2024-10-07T00:00:00Z",
			Set{iv("2024-10-05T11:30:00Z", "2024-10-05T19:00:00Z")}},
		{"lord howe start in 30-minute gap", "Australia/Lord_Howe", Range{hm(2, 10), hm(3, 0)}, sun, "2024-10-05T00:00:00Z", "2024-10-07T00:00:00Z",
			Set{iv("2024-10-05T15:40:00Z", "2024-10-05T16:00:00Z")}},
		{"lord howe april night is 8.5h", "Australia/Lord_Howe", night, sat, "2024-04-06T00:00:00Z", "2024-04-08T00:00:00Z",
			Set{iv("2024-04-06T11:00:00Z", "2024-04-06T19:30:00Z")}},
		{"lord howe ambiguous start", "Australia/Lord_Howe", Range{hm(1, 40), hm(2, 0)}, sun, "2024-04-06T00:00:00Z", "2024-04-08T00:00:00Z",
			Set{iv("2024-04-06T14:40:00Z", "2024-04-06T15:30:00Z")}},
		// Pacific/Chatham: +12:45 → +13:45 at 02:45 on 2024-09-29.
		{"chatham monday after", "Pacific/Chatham", day, mon, "2024-09-29T00:00:00Z", "2024-10-01T00:00:00Z",
			Set{iv("2024-09-29T19:15:00Z", "2024-09-30T03:15:00Z")}},
		{"chatham night is 7h", "Pacific/Chatham", night, sat, "2024-09-28T00:00:00Z", "2024-09-30T00:00:00Z",
			Set{iv("2024-09-28T09:15:00Z", "2024-09-28T16:15:00Z")}},
		{"chatham start in gap", "Pacific/Chatham", Range{hm(3, 0), hm(5, 0)}, sun, "2024-09-28T00:00:00Z", "2024-09-30T00:00:00Z",
			Set{iv("2024-09-28T14:15:00Z", "2024-09-28T15:15:00Z")}},
		// Asia/Kathmandu: +05:45, no DST.
		{"kathmandu day", "Asia/Kathmandu", day, mon, "2024-01-08T00:00:00Z", "2024-01-09T00:00:00Z",
			Set{iv("2024-01-08T03:15:00Z", "2024-01-08T11:15:00Z")}},
		// America/Sao_Paulo: DST from 2018-11-04 00:00 (-3 → -2) to 2019-02-17 00:00, abolished after.
		{"sao paulo midnight in gap", "America/Sao_Paulo", Range{hm(0, 0), hm(8, 0)}, sun, "2018-11-03T00:00:00Z", "2018-11-05T00:00:00Z",
			Set{iv("2018-11-04T03:00:00Z", "2018-11-04T10:00:00Z")}},
		{"sao paulo 2018 night is 7h", "America/Sao_Paulo", night, sat, "2018-11-03T00:00:00Z", "2018-11-05T00:00:00Z",
			Set{iv("2018-11-04T01:00:00Z", "2018-11-04T08:00:00Z")}},
		{"sao paulo 2019 night is 9h", "America/Sao_Paulo", night, sat, "2019-02-16T00:00:00Z", "2019-02-18T00:00:00Z",
			Set{iv("2019-02-17T00:00:00Z", "2019-02-17T09:00:00Z")}},
		{"sao paulo ambiguous 23:30", "America/Sao_Paulo", Range{hm(23, 30), hm(0, 30)}, sat, "2019-02-16T00:00:00Z", "2019-02-18T00:00:00Z",
			Set{iv("2019-02-17T01:30:00Z", "2019-02-17T03:30:00Z")}},
		{"sao paulo 2024 no DST", "America/Sao_Paulo", night, sat, "2024-11-02T00:00:00Z", "2024-11-04T00:00:00Z",
			Set{iv("2024-11-03T01:00:00Z", "2024-11-03T09:00:00Z")}},
		// Clipping to the window.
		{"clipped", "UTC", day, everyDay, "2024-01-01T12:00:00Z", "2024-01-02T10:00:00Z",
			Set{iv("2024-01-01T12:00:00Z", "2024-01-01T17:00:00Z"), iv("2024-01-02T09:00:00Z", "2024-01-02T10:00:00Z")}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := Schedule{Loc: zone(t, c.zone), Weekly: on(c.r, c.days...)}
			if err := s.Weekly.Validate(); err != nil {
				t.Fatal(err)
			}
			got := s.Intervals(at(c.from), at(c.to))
			if diff := cmp.Diff(c.want, got); diff != "" {
				t.Errorf("Intervals (-want +got):\n%s", diff)
			}
		})
	}
}

func TestIntervalsOverrides(t *testing.T) {
	ny, berlin, tokyo := zone(t, "America/New_York"), zone(t, "Europe/Berlin"), zone(t, "Asia/Tokyo")
	weekdays := []time.Weekday{1, 2, 3, 4, 5}
	cases := []struct {
		name     string
		s        Schedule
		from, to string
		want     Set
	}{
		{"trip to berlin", Schedule{Loc: ny, Weekly: on(Range{hm(9, 0), hm(17, 0)}, weekdays...),
			Overrides: []ZoneOverride{{Date{2024, 6, 10}, Date{2024, 6, 12}, berlin}}},
			"2024-06-09T00:00:00Z", "2024-06-14T00:00:00Z",
			Set{
				iv("2024-06-10T07:00:00Z", "2024-06-10T15:00:00Z"),
				iv("2024-06-11T07:00:00Z", "2024-06-11T15:00:00Z"),
				iv("2024-06-12T07:00:00Z", "2024-06-12T15:00:00Z"),
				iv("2024-06-13T13:00:00Z", "2024-06-13T21:00:00Z"),
			}},
		{"night shift belongs to its start date", Schedule{Loc: ny, Weekly: on(Range{hm(22, 0), hm(6, 0)}, everyDay...),
			Overrides: []ZoneOverride{{Date{2024, 6, 10}, Date{2024, 6, 10}, tokyo}}},
			"2024-06-10T00:00:00Z", "2024-06-12T00:00:00Z",
			Set{
				iv("2024-06-10T02:00:00Z", "2024-06-10T10:00:00Z"), // 9 June 22:00 to 06:00 in New York
				iv("2024-06-10T13:00:00Z", "2024-06-10T21:00:00Z"), // 10 June 22:00 to 11 June 06:00 in Tokyo
			}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := c.s.Intervals(at(c.from), at(c.to))
			if diff := cmp.Diff(c.want, got); diff != "" {
				t.Errorf("Intervals (-want +got):\n%s", diff)
			}
		})
	}
}
