package scheduler

import (
	"testing"
	"time"
	_ "time/tzdata"
)

// zone loads a location or fails the test.
func zone(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// at parses an RFC 3339 instant or panics.
func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t.UTC()
}

// iv is an interval between two RFC 3339 instants.
func iv(s, e string) Interval { return Interval{at(s), at(e)} }

// hm is a time of day.
func hm(h, m int) TimeOfDay { return TimeOfDay(h*60 + m) }

// on returns weekly hours with r on each of days.
func on(r Range, days ...time.Weekday) WeeklyHours {
	var w WeeklyHours
	for _, d := range days {
		w[d] = append(w[d], r)
	}
	return w
}

// everyDay are all weekdays.
var everyDay = []time.Weekday{0, 1, 2, 3, 4, 5, 6}
