package planner

import (
	"errors"
	"testing"
	"time"
	_ "time/tzdata"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/overlap/overlap/scheduler"
)

var byDay = []string{"SU", "MO", "TU", "WE", "TH", "FR", "SA"}

// Weekly rules give every matching date on or after from, counted by a
// plain day loop, and an occurrence planned in a zone that changes clocks
// starts on its date there, before and after the change.
func TestSeriesDatesAcrossDST(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		from := scheduler.Date{Year: 2027, Month: time.Month(rapid.IntRange(1, 12).Draw(t, "month")), Day: rapid.IntRange(1, 28).Draw(t, "day")}
		wd := rapid.IntRange(0, 6).Draw(t, "weekday")
		count := rapid.IntRange(1, 40).Draw(t, "count")
		got, err := SeriesDates("FREQ=WEEKLY;BYDAY="+byDay[wd], from, nil, count)
		if err != nil {
			t.Fatal(err)
		}
		var want []scheduler.Date
		for d := from; len(want) < count; d = d.AddDays(1) {
			if int(d.Weekday()) == wd {
				want = append(want, d)
			}
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("dates (-want +got):\n%s", diff)
		}
		zone, _ := time.LoadLocation(rapid.SampledFrom([]string{"America/New_York", "Europe/Berlin", "Australia/Sydney"}).Draw(t, "zone"))
		att := []scheduler.SeriesAttendee{{ID: "a", Schedule: scheduler.Schedule{Loc: zone, Weekly: scheduler.DefaultWeeklyHours()}, Never: scheduler.DefaultNever}}
		plan, err := scheduler.PlanSeries(att, scheduler.SeriesOptions{Zone: zone, Dates: got, Duration: time.Hour, Slots: 1})
		if err != nil {
			t.Fatal(err)
		}
		for i, o := range plan.Occurrences {
			if d := scheduler.DateOf(o.Start.In(zone)); d != got[i] {
				t.Fatalf("occurrence %d starts on %s in %s, want %s", i, d, zone, got[i])
			}
			if l := o.Start.In(zone); l.Hour()*60+l.Minute() != int(plan.Slots[0]) {
				t.Fatalf("occurrence %d starts at %s local, the fixed slot is %s", i, l.Format("15:04"), plan.Slots[0])
			}
		}
	})
}

func TestSeriesDatesBounds(t *testing.T) {
	from := scheduler.Date{Year: 2027, Month: 1, Day: 4} // a Monday
	until := func(s string) *scheduler.Date { d, _ := scheduler.ParseDate(s); return &d }
	got, err := SeriesDates("FREQ=WEEKLY;BYDAY=TU", from, until("2027-01-19"), 0)
	if want := []scheduler.Date{{Year: 2027, Month: 1, Day: 5}, {Year: 2027, Month: 1, Day: 12}, {Year: 2027, Month: 1, Day: 19}}; err != nil || !cmp.Equal(want, got) {
		t.Fatalf("until is inclusive of its date: %v, %v", got, err)
	}
	if got, _ := SeriesDates("FREQ=WEEKLY;BYDAY=MO", from, nil, 2); got[0] != from {
		t.Fatalf("from matching the rule is the first date: %v", got)
	}
	tests := []struct {
		name, rule string
		until      *scheduler.Date
		count      int
	}{
		{"both", "FREQ=DAILY", until("2027-02-01"), 3},
		{"neither", "FREQ=DAILY", nil, 0},
		{"too many", "FREQ=DAILY", nil, 501},
		{"daily for two years", "FREQ=DAILY", until("2028-12-31"), 0},
		{"past two years", "FREQ=YEARLY", nil, 4},
		{"until after two years", "FREQ=MONTHLY", until("2029-02-01"), 0},
		{"hourly", "FREQ=HOURLY", nil, 3},
		{"own until", "FREQ=DAILY;UNTIL=20270201T000000Z", nil, 3},
		{"own dtstart", "FREQ=DAILY;DTSTART=20270101T000000Z", nil, 3},
		{"garbage", "FREQ=SOMETIMES", nil, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := SeriesDates(tt.rule, from, tt.until, tt.count); !errors.Is(err, ErrInvalidSeries) {
				t.Fatalf("err %v, want ErrInvalidSeries", err)
			}
		})
	}
}

func BenchmarkSeriesDates500(b *testing.B) {
	from := scheduler.Date{Year: 2027, Month: 1, Day: 4}
	for b.Loop() {
		if _, err := SeriesDates("FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR", from, nil, 500); err != nil {
			b.Fatal(err)
		}
	}
}
