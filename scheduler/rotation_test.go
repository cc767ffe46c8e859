package scheduler

import (
	"testing"
	"time"

	"pgregory.net/rapid"
)

var seriesZones = []string{"UTC", "America/New_York", "Europe/Berlin", "Asia/Kolkata", "Australia/Sydney", "America/Los_Angeles"}

// genSeries draws a small series: attendees in zones that change clocks on
// different dates, weekly dates around a DST change, some time off.
func genSeries(t *rapid.T, maxAtt, maxOcc int) ([]SeriesAttendee, SeriesOptions) {
	na := rapid.IntRange(1, maxAtt).Draw(t, "attendees")
	att := make([]SeriesAttendee, na)
	for i := range att {
		loc, _ := time.LoadLocation(rapid.SampledFrom(seriesZones).Draw(t, "zone"))
		start := hm(rapid.IntRange(6, 12).Draw(t, "startHour"), 0)
		r := Range{start, start + TimeOfDay(60*rapid.IntRange(4, 10).Draw(t, "hours"))}
		att[i] = SeriesAttendee{ID: string(rune('a' + i)), Schedule: Schedule{Loc: loc, Weekly: on(r, everyDay...)}, Never: DefaultNever}
		if rapid.Bool().Draw(t, "noNever") {
			att[i].Never = Range{}
		}
		if rapid.IntRange(0, 3).Draw(t, "timeOff") == 0 {
			day := time.Date(2027, 3, 10+rapid.IntRange(0, 30).Draw(t, "offDay"), 0, 0, 0, 0, time.UTC)
			att[i].Absences = []Interval{{day, day.Add(24 * time.Hour)}}
		}
	}
	first := Date{2027, 3, 1 + rapid.IntRange(0, 20).Draw(t, "firstDay")}
	step := rapid.SampledFrom([]int{1, 3, 7}).Draw(t, "step")
	n := rapid.IntRange(1, maxOcc).Draw(t, "occurrences")
	o := SeriesOptions{Zone: time.UTC, Duration: time.Duration(rapid.SampledFrom([]int{30, 60, 90}).Draw(t, "minutes")) * time.Minute,
		Slots: rapid.IntRange(0, 3).Draw(t, "slots")}
	o.Zone, _ = time.LoadLocation(rapid.SampledFrom(seriesZones).Draw(t, "anchor"))
	for i := range n {
		o.Dates = append(o.Dates, first.AddDays(i*step))
	}
	return att, o
}

// bruteForce enumerates every assignment and returns the best objective
// whose distinct starts fit the slots.
func bruteForce(tb *seriesTable, slots int) Objective {
	best := Objective{MaxMisses: 1 << 30}
	misses, burden := make([]int, tb.a), make([]int, tb.a)
	use := make([]int, tb.c)
	var rec func(oi, distinct int)
	rec = func(oi, distinct int) {
		if slots > 0 && distinct > slots {
			return
		}
		if oi == tb.n {
			if obj := objectiveOf(misses, burden, distinct); obj.Compare(best) < 0 {
				best = obj
			}
			return
		}
		for k := range tb.c {
			d := distinct
			if use[k] == 0 {
				d++
			}
			use[k]++
			for i := range tb.a {
				c := tb.at(oi, k, i)
				misses[i] += missOf(c)
				burden[i] += int(c.burden)
			}
			rec(oi+1, d)
			use[k]--
			for i := range tb.a {
				c := tb.at(oi, k, i)
				misses[i] -= missOf(c)
				burden[i] -= int(c.burden)
			}
		}
	}
	rec(0, 0)
	return best
}

// The optimiser reaches the brute-force optimum on a 60-minute grid: every
// hour of the day for up to 3 occurrences, 6 consecutive hours for 4 to 6.
func TestPlanSeriesMatchesBruteForce(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		att, o := genSeries(t, 4, 6)
		if len(o.Dates) <= 3 {
			for h := range 24 {
				o.Candidates = append(o.Candidates, hm(h, 0))
			}
		} else {
			h0 := rapid.IntRange(0, 18).Draw(t, "firstHour")
			for h := h0; h < h0+6; h++ {
				o.Candidates = append(o.Candidates, hm(h, 0))
			}
		}
		plan, err := PlanSeries(att, o)
		if err != nil {
			t.Fatal(err)
		}
		if err := o.check(); err != nil {
			t.Fatal(err)
		}
		want := bruteForce(buildTable(att, o), o.Slots)
		if plan.Objective != want {
			t.Fatalf("plan %+v, brute force %+v", plan.Objective, want)
		}
		if !plan.Exact || plan.LowerBound != plan.Objective {
			t.Fatalf("small plan not proven exact: exact %v bound %+v", plan.Exact, plan.LowerBound)
		}
	})
}

func inBand(m int, band Range) bool {
	if band.Start == band.End {
		return false
	}
	if band.Start < band.End {
		return int(band.Start) <= m && m < int(band.End)
	}
	return m >= int(band.Start) || m < int(band.End)
}

func TestPlanSeriesProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		att, o := genSeries(t, 5, 12)
		plan, err := PlanSeries(att, o)
		if err != nil {
			t.Fatal(err)
		}
		if plan.Objective.Compare(plan.Fixed.Objective) > 0 {
			t.Fatalf("plan %+v worse than the best fixed time %+v", plan.Objective, plan.Fixed.Objective)
		}
		if o.Slots > 0 && len(plan.Slots) > o.Slots {
			t.Fatalf("%d starts, slots %d", len(plan.Slots), o.Slots)
		}
		lb, ob := plan.LowerBound, plan.Objective
		if lb.MaxMisses > ob.MaxMisses || lb.Misses > ob.Misses || lb.MaxBurden > ob.MaxBurden || lb.Burden > ob.Burden {
			t.Fatalf("bound %+v above the plan %+v", lb, ob)
		}
		misses, burden := make([]int, len(att)), make([]int, len(att))
		for _, occ := range plan.Occurrences {
			if got := DateOf(occ.Start.In(o.Zone)); got != occ.Date {
				t.Fatalf("occurrence of %s starts on %s in the zone", occ.Date, got)
			}
			if occ.End.Sub(occ.Start) != o.Duration || plan.Slots[occ.Slot] != localTimeOfDayOf(occ.Start, o.Zone) && !inGap(occ, o) {
				t.Fatalf("occurrence %+v does not match its slot %s", occ, plan.Slots[occ.Slot])
			}
			for i, a := range occ.Attendees {
				touched := false
				for m := occ.Start; m.Before(occ.End); m = m.Add(time.Minute) {
					l := m.In(att[i].Schedule.Loc)
					touched = touched || inBand(l.Hour()*60+l.Minute(), att[i].Never)
				}
				if a.Status != AttendTimeOff && touched != (a.Status == AttendExcused) {
					t.Fatalf("attendee %d is %s; never band touched: %v", i, a.Status, touched)
				}
				if a.Status == AttendExcused {
					misses[i]++
				}
				burden[i] += a.BurdenMinutes
			}
		}
		for i, a := range plan.Attendees {
			if a.Misses != misses[i] || a.BurdenMinutes != burden[i] {
				t.Fatalf("attendee %d: totals %+v, occurrences add up to %d misses, %d minutes", i, a, misses[i], burden[i])
			}
		}
	})
}

func localTimeOfDayOf(u time.Time, loc *time.Location) TimeOfDay {
	l := u.In(loc)
	return TimeOfDay(l.Hour()*60 + l.Minute())
}

// inGap: a start in a spring-forward gap is read past the gap.
func inGap(occ PlannedOccurrence, o SeriesOptions) bool {
	_, off1 := occ.Start.Add(-3 * time.Hour).In(o.Zone).Zone()
	_, off2 := occ.Start.In(o.Zone).Zone()
	return off1 != off2
}

// A 52-week series for 20 attendees is past exhaustive search: the answer
// says so and gives a bound no plan beats.
func TestPlanSeriesLargeReportsBound(t *testing.T) {
	att, o := largeSeries(t, 20, 52)
	o.Budget = 2000
	plan, err := PlanSeries(att, o)
	if err != nil {
		t.Fatal(err)
	}
	if plan.Exact {
		t.Fatalf("a 2000-node budget proved %+v exact", plan.Objective)
	}
	lb, ob := plan.LowerBound, plan.Objective
	if lb.MaxMisses > ob.MaxMisses || lb.Misses > ob.Misses || lb.MaxBurden > ob.MaxBurden || lb.Burden > ob.Burden || lb.Starts < 1 {
		t.Fatalf("bound %+v, plan %+v", lb, ob)
	}
	if plan.Objective.Compare(plan.Fixed.Objective) > 0 {
		t.Fatalf("plan %+v worse than fixed %+v", plan.Objective, plan.Fixed.Objective)
	}
}

func largeSeries(tb testing.TB, n, weeks int) ([]SeriesAttendee, SeriesOptions) {
	att := make([]SeriesAttendee, n)
	for i := range att {
		loc := zone(tb, seriesZones[i%len(seriesZones)])
		att[i] = SeriesAttendee{ID: string(rune('A' + i)), Schedule: Schedule{Loc: loc, Weekly: on(Range{hm(9, 0), hm(17, 0)}, 1, 2, 3, 4, 5)}, Never: DefaultNever}
	}
	o := SeriesOptions{Zone: time.UTC, Duration: time.Hour}
	for w := range weeks {
		o.Dates = append(o.Dates, Date{2027, 1, 5}.AddDays(7*w))
	}
	return att, o
}

func BenchmarkPlanSeries52x20(b *testing.B) {
	att, o := largeSeries(b, 20, 52)
	for b.Loop() {
		if _, err := PlanSeries(att, o); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCoreHours100MembersYear(b *testing.B) {
	members := make([]CoreMember, 100)
	for i := range members {
		loc := zone(b, seriesZones[i%len(seriesZones)])
		members[i] = CoreMember{ID: string(rune('A' + i)), Schedule: Schedule{Loc: loc, Weekly: on(Range{hm(8+i%3, 0), hm(17, 0)}, 1, 2, 3, 4, 5)}}
	}
	o := CoreOptions{Zone: zone(b, "Europe/Berlin"), Duration: 2 * time.Hour, Days: weekdays(), From: Date{2027, 1, 4}, To: Date{2028, 1, 3}}
	for b.Loop() {
		if _, err := CoreHours(members, o); err != nil {
			b.Fatal(err)
		}
	}
}
