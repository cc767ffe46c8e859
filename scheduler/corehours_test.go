package scheduler

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func d(s string) Date {
	v, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return v
}

func weekdays() [7]bool {
	return [7]bool{false, true, true, true, true, true, false}
}

// A window fixed in Europe/Berlin, 15:00–17:00, for a US/Europe/India team
// with a Sydney member, over 2027.
func TestCoreHoursAcrossDST(t *testing.T) {
	mk := func(id, zoneName string, r Range) CoreMember {
		return CoreMember{ID: id, Schedule: Schedule{Loc: zone(t, zoneName), Weekly: on(r, 1, 2, 3, 4, 5)}}
	}
	us := mk("us", "America/New_York", Range{hm(7, 0), hm(11, 0)})
	// A day off inside the US gap neither ends nor counts in the outside range.
	us.Absences = []Interval{iv("2027-03-17T04:00:00Z", "2027-03-18T04:00:00Z")}
	members := []CoreMember{
		us,
		mk("eu", "Europe/Berlin", Range{hm(9, 0), hm(17, 0)}),
		mk("in", "Asia/Kolkata", Range{hm(13, 0), hm(22, 0)}),
		mk("au", "Australia/Sydney", Range{hm(22, 0), hm(2, 0)}),
	}
	got, err := CoreHours(members, CoreOptions{Zone: zone(t, "Europe/Berlin"), Duration: 2 * time.Hour,
		Days: weekdays(), From: d("2027-01-04"), To: d("2028-01-03"), Limit: 96})
	if err != nil {
		t.Fatal(err)
	}
	var c *CoreCandidate
	for i := range got {
		if got[i].Start == hm(15, 0) {
			c = &got[i]
		}
	}
	if c == nil || c.End != hm(17, 0) {
		t.Fatalf("no 15:00–17:00 candidate in %d", len(got))
	}
	byID := map[string]CoreMemberResult{}
	for _, m := range c.Members {
		byID[m.ID] = m
	}
	tests := []struct {
		id      string
		outside []DateRange
		periods []CorePeriod
	}{
		{"us", []DateRange{{d("2027-03-15"), d("2027-03-26")}, {d("2027-11-01"), d("2027-11-05")}}, []CorePeriod{
			{d("2027-01-04"), d("2027-03-12"), hm(9, 0), hm(11, 0)},
			{d("2027-03-15"), d("2027-03-26"), hm(10, 0), hm(12, 0)},
			{d("2027-03-29"), d("2027-10-29"), hm(9, 0), hm(11, 0)},
			{d("2027-11-01"), d("2027-11-05"), hm(10, 0), hm(12, 0)},
			{d("2027-11-08"), d("2028-01-03"), hm(9, 0), hm(11, 0)},
		}},
		{"eu", []DateRange{}, []CorePeriod{{d("2027-01-04"), d("2028-01-03"), hm(15, 0), hm(17, 0)}}},
		{"in", []DateRange{}, []CorePeriod{
			{d("2027-01-04"), d("2027-03-26"), hm(19, 30), hm(21, 30)},
			{d("2027-03-29"), d("2027-10-29"), hm(18, 30), hm(20, 30)},
			{d("2027-11-01"), d("2028-01-03"), hm(19, 30), hm(21, 30)},
		}},
		{"au", []DateRange{{d("2027-01-04"), d("2027-03-26")}, {d("2027-11-01"), d("2028-01-03")}}, []CorePeriod{
			{d("2027-01-04"), d("2027-03-26"), hm(1, 0), hm(3, 0)},
			{d("2027-03-29"), d("2027-04-02"), hm(0, 0), hm(2, 0)},
			{d("2027-04-05"), d("2027-10-01"), hm(23, 0), hm(1, 0)},
			{d("2027-10-04"), d("2027-10-29"), hm(0, 0), hm(2, 0)},
			{d("2027-11-01"), d("2028-01-03"), hm(1, 0), hm(3, 0)},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			m := byID[tt.id]
			if diff := cmp.Diff(tt.outside, m.Outside); diff != "" {
				t.Errorf("outside (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.periods, m.Periods); diff != "" {
				t.Errorf("periods (-want +got):\n%s", diff)
			}
			outsideDays := 0
			for _, r := range m.Outside {
				for x := r.From; !r.To.Before(x); x = x.AddDays(1) {
					if wd := x.Weekday(); wd != time.Saturday && wd != time.Sunday {
						outsideDays++
					}
				}
			}
			if tt.id == "us" {
				outsideDays-- // the day off
			}
			if m.MemberDays-m.Covered != outsideDays {
				t.Errorf("member-days %d, covered %d, but %d outside days", m.MemberDays, m.Covered, outsideDays)
			}
		})
	}
	// 261 working days in the range; the US member took one off; 9 + 5 outside.
	if us := byID["us"]; us.MemberDays != 260 || us.Covered != 260-14 {
		t.Errorf("us member-days %d covered %d", us.MemberDays, us.Covered)
	}
	total, covered := 0, 0
	for _, m := range c.Members {
		total, covered = total+m.MemberDays, covered+m.Covered
	}
	if c.MemberDays != total || c.Covered != covered {
		t.Errorf("candidate %d/%d, members add up to %d/%d", c.Covered, c.MemberDays, covered, total)
	}
	for i := 1; i < len(got); i++ {
		if got[i].Coverage > got[i-1].Coverage {
			t.Fatalf("candidate %d ranks above a better-covered one", i-1)
		}
	}
}

func TestCoreHoursRejects(t *testing.T) {
	base := CoreOptions{Zone: time.UTC, Duration: time.Hour, Days: weekdays(), From: d("2027-01-04"), To: d("2027-02-01")}
	tests := []struct {
		name string
		edit func(*CoreOptions)
		want error
	}{
		{"zero duration", func(o *CoreOptions) { o.Duration = 0 }, ErrInvalidDuration},
		{"13 hours", func(o *CoreOptions) { o.Duration = 13 * time.Hour }, ErrInvalidDuration},
		{"seconds", func(o *CoreOptions) { o.Duration = time.Hour + time.Second }, ErrInvalidDuration},
		{"backwards", func(o *CoreOptions) { o.To = d("2026-01-01") }, ErrInvalidRange},
		{"three years", func(o *CoreOptions) { o.To = d("2030-01-04") }, ErrRangeTooLong},
		{"limit", func(o *CoreOptions) { o.Limit = 97 }, ErrInvalidRange},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := base
			tt.edit(&o)
			if _, err := CoreHours(nil, o); !errors.Is(err, tt.want) {
				t.Fatalf("err %v, want %v", err, tt.want)
			}
		})
	}
}
