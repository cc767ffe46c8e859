package scheduler

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestSuggest(t *testing.T) {
	alice, bob, carol := trio(t)
	// Alice with carol fits 08:00–11:15Z, alice with bob 13:00–16:00Z. The
	// fairest hour with carol, 09:00, leaves alice and carol 0.75 and 0.6875
	// from their working days' middles; with bob, 14:00 leaves both 0.75.
	withCarol := Suggestion{Start: at("2024-03-11T09:00:00Z"), End: at("2024-03-11T10:00:00Z"),
		Attendees: []Attendee{
			{"alice", "2024-03-11T10:00:00+01:00", 0.75},
			{"carol", "2024-03-11T14:45:00+05:45", 0.6875},
		},
		Missing: []Absence{{"bob", StatusOutsideHours}}, Worst: 0.75, Total: 1.4375}
	withBob := Suggestion{Start: at("2024-03-11T14:00:00Z"), End: at("2024-03-11T15:00:00Z"),
		Attendees: []Attendee{
			{"alice", "2024-03-11T15:00:00+01:00", 0.75},
			{"bob", "2024-03-11T10:00:00-04:00", 0.75},
		},
		Missing: []Absence{{"carol", StatusOutsideHours}}, Worst: 0.75, Total: 1.5}
	cases := []struct {
		name    string
		members []Member
		opts    SuggestOptions
		want    []Suggestion
	}{
		{"fairest first, no overlaps", []Member{alice, bob, carol}, SuggestOptions{Duration: time.Hour, Limit: 2}, []Suggestion{withCarol, withBob}},
		{"fairest alone", []Member{alice, bob, carol}, SuggestOptions{Duration: time.Hour, Limit: 1}, []Suggestion{withCarol}},
		{"history rotates the burden", []Member{alice, bob, carol},
			SuggestOptions{Duration: time.Hour, Limit: 1, History: map[string]float64{"carol": 1}},
			[]Suggestion{withBob}},
		{"quorum of everyone finds nothing", []Member{alice, bob, carol}, SuggestOptions{Duration: time.Hour, Quorum: 3}, nil},
		{"empty team", nil, SuggestOptions{Duration: time.Hour}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := Suggest(c.members, monday, tuesday, c.opts)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(c.want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("Suggest (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSuggestFillsWithOverlappingSlots(t *testing.T) {
	// One shared hour: one non-overlapping slot, then the other starts.
	m := Member{ID: "solo", Schedule: Schedule{Loc: time.UTC, Weekly: on(Range{hm(9, 0), hm(10, 0)}, 1)}}
	got, err := Suggest([]Member{m}, monday, tuesday, SuggestOptions{Duration: 30 * time.Minute, Limit: 3})
	if err != nil {
		t.Fatal(err)
	}
	var starts []string
	for _, s := range got {
		starts = append(starts, s.Start.Format("15:04"))
	}
	// 09:15 is fairest (0.5); 09:00 and 09:30 tie (1.0) and overlap it.
	if diff := cmp.Diff([]string{"09:15", "09:00", "09:30"}, starts); diff != "" {
		t.Errorf("starts (-want +got):\n%s", diff)
	}
}

func TestInconvenience(t *testing.T) {
	h := dayHull{s: 0, e: 8 * hourNs}
	cases := []struct {
		name       string
		start, end int64
		want       float64
	}{
		{"centred hour", 3*hourNs + 30*minNs, 4*hourNs + 30*minNs, 0.125},
		{"first hour", 0, hourNs, 1},
		{"last hour", 7 * hourNs, 8 * hourNs, 1},
		{"an hour past the end", 8 * hourNs, 9 * hourNs, 1.25},
	}
	for _, c := range cases {
		if got := inconvenience(c.start, c.end, h); got != c.want {
			t.Errorf("%s: inconvenience = %v, want %v", c.name, got, c.want)
		}
	}
}
