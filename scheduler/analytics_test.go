package scheduler

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestPairwise(t *testing.T) {
	alice, bob, carol := trio(t)
	got, err := Pairwise([]Member{alice, bob, carol}, monday, tuesday, AvailabilityOptions{})
	if err != nil {
		t.Fatal(err)
	}
	h := time.Hour
	want := Matrix{IDs: []string{"alice", "bob", "carol"}, Shared: [][]time.Duration{
		{8 * h, 3 * h, 3*h + 15*time.Minute},
		{3 * h, 8 * h, 0},
		{3*h + 15*time.Minute, 0, 8 * h},
	}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Pairwise (-want +got):\n%s", diff)
	}
}

func TestCoverage(t *testing.T) {
	alice, bob, carol := trio(t)
	got, err := Coverage([]Member{alice, bob, carol}, monday, tuesday, AvailabilityOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := CoverageReport{Covered: 17*time.Hour + 45*time.Minute, Fraction: 17.75 / 24,
		Gaps: Set{iv("2024-03-11T00:00:00Z", "2024-03-11T03:15:00Z"), iv("2024-03-11T21:00:00Z", "2024-03-12T00:00:00Z")}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Coverage (-want +got):\n%s", diff)
	}
}

func TestWeeklyTrend(t *testing.T) {
	alice, bob, _ := trio(t)
	alice.Required = false
	// Berlin and New York share 2 hours a day, 3 in the weeks when the US
	// has moved to daylight time and Europe has not (10 March to 31 March 2024).
	got, err := WeeklyTrend([]Member{alice, bob}, at("2024-03-04T00:00:00Z"), at("2024-04-08T00:00:00Z"), nil, OverlapOptions{})
	if err != nil {
		t.Fatal(err)
	}
	week := func(n int, start string, hours int) WeekOverlap {
		s := at(start)
		return WeekOverlap{2024, n, s, s.AddDate(0, 0, 7), time.Duration(hours) * time.Hour}
	}
	want := []WeekOverlap{
		week(10, "2024-03-04T00:00:00Z", 10),
		week(11, "2024-03-11T00:00:00Z", 15),
		week(12, "2024-03-18T00:00:00Z", 15),
		week(13, "2024-03-25T00:00:00Z", 15),
		week(14, "2024-04-01T00:00:00Z", 10),
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("WeeklyTrend (-want +got):\n%s", diff)
	}
	// In Sydney's weeks the first and last weeks are clipped to the window.
	syd, err := WeeklyTrend([]Member{alice, bob}, at("2024-03-04T00:00:00Z"), at("2024-04-08T00:00:00Z"), zone(t, "Australia/Sydney"), OverlapOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(syd) != 6 || !syd[0].Start.Equal(at("2024-03-04T00:00:00Z")) || !syd[1].Start.Equal(at("2024-03-10T13:00:00Z")) {
		t.Errorf("Sydney weeks = %+v", syd)
	}
}

func TestHeatmap(t *testing.T) {
	m := Member{ID: "utc", Schedule: Schedule{Loc: time.UTC, Weekly: on(Range{hm(9, 0), hm(17, 0)}, everyDay...)}}
	// 09:00–17:00Z is 14:45–22:45 in Kathmandu.
	got, err := Heatmap([]Member{m}, monday, monday.AddDate(0, 0, 7), zone(t, "Asia/Kathmandu"), AvailabilityOptions{})
	if err != nil {
		t.Fatal(err)
	}
	cells := []struct {
		hour int
		want HeatCell
	}{
		{3, HeatCell{0, time.Hour}},
		{14, HeatCell{0.25, time.Hour}},
		{15, HeatCell{1, time.Hour}},
		{22, HeatCell{0.75, time.Hour}},
	}
	for _, c := range cells {
		if diff := cmp.Diff(c.want, got[time.Wednesday][c.hour]); diff != "" {
			t.Errorf("Wednesday %02d:00 (-want +got):\n%s", c.hour, diff)
		}
	}
}

func TestAvailability(t *testing.T) {
	m := Member{ID: "m", Schedule: Schedule{Loc: time.UTC, Weekly: on(Range{hm(9, 0), hm(17, 0)}, 1)},
		Blocks: []Block{
			{at("2024-03-11T10:00:00Z"), at("2024-03-11T12:00:00Z"), StatusBusy},
			{at("2024-03-11T11:00:00Z"), at("2024-03-11T13:00:00Z"), StatusOOF},
			{at("2024-03-11T16:00:00Z"), at("2024-03-11T18:00:00Z"), StatusTentative},
		}}
	piece := func(s, e string, st Status) Piece { return Piece{at(s), at(e), st} }
	cases := []struct {
		name string
		opts AvailabilityOptions
		want []Piece
	}{
		{"tentative is busy", AvailabilityOptions{}, []Piece{
			piece("2024-03-11T00:00:00Z", "2024-03-11T09:00:00Z", StatusOutsideHours),
			piece("2024-03-11T09:00:00Z", "2024-03-11T10:00:00Z", StatusAvailable),
			piece("2024-03-11T10:00:00Z", "2024-03-11T11:00:00Z", StatusBusy),
			piece("2024-03-11T11:00:00Z", "2024-03-11T13:00:00Z", StatusOOF),
			piece("2024-03-11T13:00:00Z", "2024-03-11T16:00:00Z", StatusAvailable),
			piece("2024-03-11T16:00:00Z", "2024-03-11T17:00:00Z", StatusTentative),
			piece("2024-03-11T17:00:00Z", "2024-03-12T00:00:00Z", StatusOutsideHours),
		}},
		{"tentative is free", AvailabilityOptions{TentativeFree: true}, []Piece{
			piece("2024-03-11T00:00:00Z", "2024-03-11T09:00:00Z", StatusOutsideHours),
			piece("2024-03-11T09:00:00Z", "2024-03-11T10:00:00Z", StatusAvailable),
			piece("2024-03-11T10:00:00Z", "2024-03-11T11:00:00Z", StatusBusy),
			piece("2024-03-11T11:00:00Z", "2024-03-11T13:00:00Z", StatusOOF),
			piece("2024-03-11T13:00:00Z", "2024-03-11T17:00:00Z", StatusAvailable),
			piece("2024-03-11T17:00:00Z", "2024-03-12T00:00:00Z", StatusOutsideHours),
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := Availability(m, monday, tuesday, c.opts)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(c.want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("Availability (-want +got):\n%s", diff)
			}
		})
	}
}
