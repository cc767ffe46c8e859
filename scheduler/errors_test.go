package scheduler

import (
	"errors"
	"testing"
	"time"
)

func TestErrors(t *testing.T) {
	alice, bob, _ := trio(t)
	team := []Member{alice, bob}
	badHours := alice
	badHours.Schedule.Weekly = on(Range{hm(9, 0), hm(9, 0)}, 1)
	badReason := bob
	badReason.Blocks = []Block{{monday, tuesday, "lunch"}}
	badCode := bob
	badCode.Busy = []Busy{{Start: monday.Unix(), Length: 3600, Reason: 6}}
	reversed := bob
	reversed.Blocks = []Block{{tuesday, monday, StatusBusy}}
	overlap := func(ms []Member, from, to time.Time, o OverlapOptions) error {
		_, err := Overlap(ms, from, to, o)
		return err
	}
	suggest := func(ms []Member, o SuggestOptions) error {
		_, err := Suggest(ms, monday, tuesday, o)
		return err
	}
	cases := []struct {
		name string
		err  error
		want error
	}{
		{"empty window", overlap(team, monday, monday, OverlapOptions{}), ErrInvalidRange},
		{"reversed window", overlap(team, tuesday, monday, OverlapOptions{}), ErrInvalidRange},
		{"before the supported years", overlap(team, time.Time{}, monday, OverlapOptions{}), ErrInvalidRange},
		{"window too long", overlap(team, monday, monday.Add(MaxRange+time.Nanosecond), OverlapOptions{}), ErrRangeTooLong},
		{"longest window", overlap(team, monday, monday.Add(MaxRange), OverlapOptions{}), nil},
		{"negative minimum duration", overlap(team, monday, tuesday, OverlapOptions{MinDuration: -1}), ErrInvalidDuration},
		{"negative quorum", overlap(team, monday, tuesday, OverlapOptions{Quorum: -1}), ErrInvalidQuorum},
		{"quorum above team size", overlap(team, monday, tuesday, OverlapOptions{Quorum: 3}), ErrInvalidQuorum},
		{"empty team is no error", overlap(nil, monday, tuesday, OverlapOptions{Quorum: 3}), nil},
		{"invalid hours", overlap([]Member{badHours, bob}, monday, tuesday, OverlapOptions{}), ErrInvalidHours},
		{"unknown reason", overlap([]Member{alice, badReason}, monday, tuesday, OverlapOptions{}), ErrInvalidBlock},
		{"unknown reason code", overlap([]Member{alice, badCode}, monday, tuesday, OverlapOptions{}), ErrInvalidBlock},
		{"reversed block", overlap([]Member{alice, reversed}, monday, tuesday, OverlapOptions{}), ErrInvalidBlock},
		{"no meeting length", suggest(team, SuggestOptions{}), ErrInvalidDuration},
		{"suggest quorum above team size", suggest(team, SuggestOptions{Duration: time.Hour, Quorum: 3}), ErrInvalidQuorum},
	}
	for _, c := range cases {
		if !errors.Is(c.err, c.want) || (c.want == nil) != (c.err == nil) {
			t.Errorf("%s: error %v, want %v", c.name, c.err, c.want)
		}
	}
	var he *HoursError
	if err := overlap([]Member{badHours}, monday, tuesday, OverlapOptions{}); !errors.As(err, &he) || he.Day != time.Monday {
		t.Errorf("invalid hours: %v does not name Monday", err)
	}
}
