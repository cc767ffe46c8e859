package scheduler

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// trio is a team over three zones on Monday 2024-03-11, the day after the US
// moved to daylight time while Europe had not: Berlin 08:00–16:00Z, New York
// 13:00–21:00Z, Kathmandu (+05:45) 03:15–11:15Z.
func trio(t *testing.T) (alice, bob, carol Member) {
	office := on(Range{hm(9, 0), hm(17, 0)}, 1, 2, 3, 4, 5)
	alice = Member{ID: "alice", Required: true, Schedule: Schedule{Loc: zone(t, "Europe/Berlin"), Weekly: office}}
	bob = Member{ID: "bob", Schedule: Schedule{Loc: zone(t, "America/New_York"), Weekly: office}}
	carol = Member{ID: "carol", Schedule: Schedule{Loc: zone(t, "Asia/Kathmandu"), Weekly: office}}
	return alice, bob, carol
}

var (
	monday  = at("2024-03-11T00:00:00Z")
	tuesday = at("2024-03-12T00:00:00Z")
)

func seg(s, e string, ids ...string) Segment { return Segment{at(s), at(e), ids} }

func TestOverlap(t *testing.T) {
	alice, bob, carol := trio(t)
	busyBob := bob
	busyBob.Blocks = []Block{{at("2024-03-11T14:00:00Z"), at("2024-03-11T15:00:00Z"), StatusTentative}}
	dave := Member{ID: "dave", Schedule: Schedule{Loc: time.UTC, Weekly: on(Range{hm(10, 0), hm(18, 0)}, 1)},
		Blocks: []Block{{at("2024-03-11T10:00:00Z"), at("2024-03-11T10:30:00Z"), StatusTimeOff}}}
	erin := Member{ID: "erin", Schedule: Schedule{Loc: time.UTC, Weekly: on(Range{hm(8, 0), hm(16, 0)}, 1)},
		Blocks: []Block{ // unsorted on purpose
			{at("2024-03-11T15:00:00Z"), at("2024-03-11T15:30:00Z"), StatusBusy},
			{at("2024-03-11T12:00:00Z"), at("2024-03-11T15:00:00Z"), StatusHoliday},
		}}
	cases := []struct {
		name    string
		members []Member
		opts    OverlapOptions
		want    []Window
	}{
		{"everyone: no common time", []Member{alice, bob, carol}, OverlapOptions{}, nil},
		{"empty team", nil, OverlapOptions{}, nil},
		{"quorum 2 with alice required", []Member{alice, bob, carol}, OverlapOptions{Quorum: 2}, []Window{
			{at("2024-03-11T08:00:00Z"), at("2024-03-11T11:15:00Z"),
				[]Segment{seg("2024-03-11T08:00:00Z", "2024-03-11T11:15:00Z", "alice", "carol")},
				[]Absence{{"bob", StatusOutsideHours}}},
			{at("2024-03-11T13:00:00Z"), at("2024-03-11T16:00:00Z"),
				[]Segment{seg("2024-03-11T13:00:00Z", "2024-03-11T16:00:00Z", "alice", "bob")},
				[]Absence{{"carol", StatusOutsideHours}}},
		}},
		{"a tentative block splits a window", []Member{alice, busyBob}, OverlapOptions{}, []Window{
			{at("2024-03-11T13:00:00Z"), at("2024-03-11T14:00:00Z"),
				[]Segment{seg("2024-03-11T13:00:00Z", "2024-03-11T14:00:00Z", "alice", "bob")}, nil},
			{at("2024-03-11T15:00:00Z"), at("2024-03-11T16:00:00Z"),
				[]Segment{seg("2024-03-11T15:00:00Z", "2024-03-11T16:00:00Z", "alice", "bob")}, nil},
		}},
		{"minimum duration drops short windows", []Member{alice, busyBob}, OverlapOptions{MinDuration: 61 * time.Minute}, nil},
		{"tentative counts as free when asked", []Member{alice, busyBob}, OverlapOptions{TentativeFree: true}, []Window{
			{at("2024-03-11T13:00:00Z"), at("2024-03-11T16:00:00Z"),
				[]Segment{seg("2024-03-11T13:00:00Z", "2024-03-11T16:00:00Z", "alice", "bob")}, nil},
		}},
		{"segments follow the available set", []Member{alice, bob, carol, dave}, OverlapOptions{Quorum: 2, MinDuration: 3 * time.Hour}, []Window{
			{at("2024-03-11T08:00:00Z"), at("2024-03-11T16:00:00Z"), []Segment{
				seg("2024-03-11T08:00:00Z", "2024-03-11T10:30:00Z", "alice", "carol"),
				seg("2024-03-11T10:30:00Z", "2024-03-11T11:15:00Z", "alice", "carol", "dave"),
				seg("2024-03-11T11:15:00Z", "2024-03-11T13:00:00Z", "alice", "dave"),
				seg("2024-03-11T13:00:00Z", "2024-03-11T16:00:00Z", "alice", "bob", "dave"),
			}, []Absence{{"bob", StatusOutsideHours}, {"carol", StatusOutsideHours}, {"dave", StatusOutsideHours}}},
		}},
		{"the reason covering most names an absence", []Member{alice, erin}, OverlapOptions{Quorum: 1}, []Window{
			{at("2024-03-11T08:00:00Z"), at("2024-03-11T16:00:00Z"), []Segment{
				seg("2024-03-11T08:00:00Z", "2024-03-11T12:00:00Z", "alice", "erin"),
				seg("2024-03-11T12:00:00Z", "2024-03-11T15:30:00Z", "alice"),
				seg("2024-03-11T15:30:00Z", "2024-03-11T16:00:00Z", "alice", "erin"),
			}, []Absence{{"erin", StatusHoliday}}},
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := Overlap(c.members, monday, tuesday, c.opts)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(c.want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("Overlap (-want +got):\n%s", diff)
			}
		})
	}
}

// Weekly hours shared by several members (the same slices, as a store hands
// them out) are validated once, and the error still names the first member
// at fault, whether or not the team is computed in two halves.
func TestSharedHoursValidation(t *testing.T) {
	good := on(Range{hm(9, 0), hm(17, 0)}, 1, 2, 3, 4, 5)
	bad := on(Range{hm(9, 0), hm(9, 0)}, 1) // empty range
	utc := time.UTC
	member := func(id string, w WeeklyHours) Member { return Member{ID: id, Schedule: Schedule{Loc: utc, Weekly: w}} }
	from, to := time.Date(2027, 1, 4, 0, 0, 0, 0, time.UTC), time.Date(2027, 1, 11, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name    string
		members []Member
		fault   string // "" when valid
	}{
		{"shared valid", []Member{member("a", good), member("b", good), member("c", good)}, ""},
		{"shared invalid, first", []Member{member("a", bad), member("b", good), member("c", bad)}, `"a"`},
		{"shared invalid, later", []Member{member("a", good), member("b", bad), member("c", bad), member("d", good)}, `"b"`},
	}
	for _, split := range []int{1 << 30, 2} {
		saved := parallelMembers
		parallelMembers = split
		for _, tt := range tests {
			_, err := Overlap(tt.members, from, to, OverlapOptions{})
			switch {
			case tt.fault == "" && err != nil:
				t.Errorf("%s (split from %d): %v", tt.name, split, err)
			case tt.fault != "" && (err == nil || !strings.Contains(err.Error(), "member "+tt.fault)):
				t.Errorf("%s (split from %d): error %v, want one naming member %s", tt.name, split, err, tt.fault)
			}
		}
		parallelMembers = saved
	}
}
