package scheduler

import (
	"math"
	"testing"
	"time"

	"pgregory.net/rapid"
)

// memberDay, scanned in date order as CoreHours does, agrees with a model
// built on the time package and Schedule.Intervals: which working day a
// window belongs to, whether it is covered, and its distance from the
// day's middle. Working ranges lie within 06:00–22:00 so that the model's
// time.Date never meets a DST gap at a range edge.
func TestCoreMemberDayModel(t *testing.T) {
	zones := []string{"UTC", "America/New_York", "Europe/Berlin", "Asia/Kolkata", "Australia/Sydney", "America/Los_Angeles"}
	rapid.Check(t, func(t *rapid.T) {
		loc, _ := time.LoadLocation(rapid.SampledFrom(zones).Draw(t, "zone"))
		anchor, _ := time.LoadLocation(rapid.SampledFrom(zones).Draw(t, "anchor"))
		var w WeeklyHours
		for d := range 7 {
			if rapid.IntRange(0, 3).Draw(t, "off") > 0 {
				start := rapid.IntRange(6*4, 12*4).Draw(t, "start") * 15
				length := rapid.IntRange(4*4, min(10*4, (22*60-start)/15)).Draw(t, "length") * 15
				w[d] = []Range{{TimeOfDay(start), TimeOfDay(start + length)}}
			}
		}
		month := rapid.SampledFrom([]time.Month{3, 4, 10, 11}).Draw(t, "month")
		from := Date{2027, month, rapid.IntRange(1, 25).Draw(t, "day")}
		to := from.AddDays(rapid.IntRange(0, 20).Draw(t, "days"))
		offDay := from.AddDays(rapid.IntRange(0, 20).Draw(t, "offDay"))
		offStart := time.Date(offDay.Year, offDay.Month, offDay.Day, 0, 0, 0, 0, loc)
		m := CoreMember{ID: "m", Schedule: Schedule{Loc: loc, Weekly: w}, Absences: []Interval{{offStart, offStart.AddDate(0, 0, 1)}}}
		dur := time.Duration(rapid.IntRange(1, 16).Draw(t, "quarters")) * 15 * time.Minute
		j := rapid.IntRange(0, 95).Draw(t, "slot")

		first, last := civilDay(from), civilDay(to)
		zc := newZoneCache((first-2)*dayNs, (last+3)*dayNs)
		cm := prepareCore(&m, zc, first, last)
		work := m.Schedule.Intervals(time.Unix((first-4)*86400, 0), time.Unix((last+5)*86400, 0))
		for d := first; d <= last; d++ {
			s := zc.get(anchor).toUTC(d*dayNs + int64(j)*int64(CoreGrid))
			got, ok := cm.memberDay(s, s+int64(dur))
			wantDay, wantOK, wantDist := modelMemberDay(m, instant(s), dur, offDay)
			if ok != wantOK || (ok && (dateOfDay(got.day) != wantDay || math.Abs(got.dist-wantDist) > 0.5)) {
				t.Fatalf("%s %s: memberDay = %v %s %.1f, model %v %s %.1f", dateOfDay(d), TimeOfDay(j*15), ok, dateOfDay(got.day), got.dist, wantOK, wantDay, wantDist)
			}
			if ok && got.covered != insideSet(work, instant(s), instant(s).Add(dur)) {
				t.Fatalf("%s %s: covered %v disagrees with Schedule.Intervals", dateOfDay(d), TimeOfDay(j*15), got.covered)
			}
		}
	})
}

func modelMemberDay(m CoreMember, s time.Time, dur time.Duration, off Date) (Date, bool, float64) {
	loc := m.Schedule.Loc
	mid := s.Add(dur / 2)
	l := mid.In(loc)
	var best Date
	bestDist, bestIn, found := time.Duration(math.MaxInt64), false, false
	for k := -1; k <= 1; k++ {
		day := time.Date(l.Year(), l.Month(), l.Day()+k, 12, 0, 0, 0, loc)
		ranges := m.Schedule.Weekly[day.Weekday()]
		if len(ranges) == 0 {
			continue
		}
		r := ranges[0]
		hs := time.Date(day.Year(), day.Month(), day.Day(), 0, int(r.Start), 0, 0, loc)
		he := time.Date(day.Year(), day.Month(), day.Day(), 0, int(r.Start)+r.Minutes(), 0, 0, loc)
		dist := mid.Sub(hs.Add(he.Sub(hs) / 2)).Abs()
		in := !mid.Before(hs) && mid.Before(he)
		if (in && !bestIn) || (in == bestIn && dist < bestDist) {
			best, bestDist, bestIn, found = DateOf(day), dist, in, true
		}
	}
	if !found || bestDist > 12*time.Hour || best == off {
		return Date{}, false, 0
	}
	return best, true, bestDist.Minutes()
}

func insideSet(set Set, s, e time.Time) bool {
	for _, iv := range set {
		if !iv.Start.After(s) && !iv.End.Before(e) {
			return true
		}
	}
	return false
}
