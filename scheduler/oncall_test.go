package scheduler

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"pgregory.net/rapid"
)

// sh is a shift between two RFC 3339 instants; an empty id is a gap.
func sh(s, e, id, source string) Shift {
	return Shift{Start: at(s), End: at(e), MemberID: id, Gap: id == "", Source: source}
}

func TestRotationShifts(t *testing.T) {
	berlin := zone(t, "Europe/Berlin")
	weekly := Rotation{Members: []string{"a", "b", "c"}, Shift: 7, Handoff: hm(9, 0), Loc: berlin,
		Start: Date{2024, time.March, 18}}
	withOverrides := weekly
	withOverrides.Overrides = []OnCallOverride{
		{at("2024-03-27T12:00:00Z"), at("2024-03-28T12:00:00Z"), "z"},
		{at("2024-03-28T00:00:00Z"), at("2024-03-28T06:00:00Z"), "y"},
		{at("2024-03-01T00:00:00Z"), at("2024-03-18T09:00:00Z"), "c"}, // covers the gap before the first shift
	}
	inGap := Rotation{Members: []string{"a", "b"}, Shift: 1, Handoff: hm(2, 30), Loc: berlin,
		Start: Date{2024, time.March, 30}}
	cases := []struct {
		name     string
		r        Rotation
		from, to string
		want     []Shift
	}{
		{
			name: "weekly across spring forward keeps 09:00 local",
			r:    weekly, from: "2024-03-18T00:00:00Z", to: "2024-04-08T12:00:00Z",
			want: []Shift{ // nothing before the rotation starts, not even a gap
				sh("2024-03-18T08:00:00Z", "2024-03-25T08:00:00Z", "a", SourceRotation),
				sh("2024-03-25T08:00:00Z", "2024-04-01T07:00:00Z", "b", SourceRotation),
				sh("2024-04-01T07:00:00Z", "2024-04-08T07:00:00Z", "c", SourceRotation),
				sh("2024-04-08T07:00:00Z", "2024-04-08T12:00:00Z", "a", SourceRotation),
			},
		},
		{
			name: "window inside one shift, long after the start",
			r:    weekly, from: "2024-10-30T00:00:00Z", to: "2024-10-30T01:00:00Z",
			// 2024-10-28 is 32 weeks after the start: turn 32 % 3 = 2.
			want: []Shift{sh("2024-10-30T00:00:00Z", "2024-10-30T01:00:00Z", "c", SourceRotation)},
		},
		{
			name: "overrides, later ones winning",
			r:    withOverrides, from: "2024-03-17T00:00:00Z", to: "2024-03-30T00:00:00Z",
			want: []Shift{
				sh("2024-03-17T00:00:00Z", "2024-03-18T09:00:00Z", "c", SourceOverride),
				sh("2024-03-18T09:00:00Z", "2024-03-25T08:00:00Z", "a", SourceRotation),
				sh("2024-03-25T08:00:00Z", "2024-03-27T12:00:00Z", "b", SourceRotation),
				sh("2024-03-27T12:00:00Z", "2024-03-28T00:00:00Z", "z", SourceOverride),
				sh("2024-03-28T00:00:00Z", "2024-03-28T06:00:00Z", "y", SourceOverride),
				sh("2024-03-28T06:00:00Z", "2024-03-28T12:00:00Z", "z", SourceOverride),
				sh("2024-03-28T12:00:00Z", "2024-03-30T00:00:00Z", "b", SourceRotation),
			},
		},
		{
			name: "handoff in the spring-forward gap moves by the gap",
			r:    inGap, from: "2024-03-30T00:00:00Z", to: "2024-04-01T12:00:00Z",
			want: []Shift{
				sh("2024-03-30T01:30:00Z", "2024-03-31T01:30:00Z", "a", SourceRotation),
				sh("2024-03-31T01:30:00Z", "2024-04-01T00:30:00Z", "b", SourceRotation),
				sh("2024-04-01T00:30:00Z", "2024-04-01T12:00:00Z", "a", SourceRotation),
			},
		},
		{
			name: "window before the start has no shifts",
			r:    weekly, from: "2024-03-01T00:00:00Z", to: "2024-03-18T08:00:00Z",
			want: []Shift{},
		},
		{
			name: "start centuries later has no shifts",
			r:    Rotation{Members: []string{"a", "b"}, Shift: 7, Loc: berlin, Start: Date{2500, 1, 1}},
			from: "2026-12-01T00:00:00Z", to: "2027-01-01T00:00:00Z",
			want: []Shift{},
		},
		{
			name: "start centuries earlier",
			r:    Rotation{Members: []string{"a", "b"}, Shift: 1, Loc: time.UTC, Start: Date{1, 1, 1}},
			// 0001-01-01 to 2024-03-30 is 739,064 days: an even turn.
			from: "2024-03-30T12:00:00Z", to: "2024-03-31T12:00:00Z",
			want: []Shift{
				sh("2024-03-30T12:00:00Z", "2024-03-31T00:00:00Z", "a", SourceRotation),
				sh("2024-03-31T00:00:00Z", "2024-03-31T12:00:00Z", "b", SourceRotation),
			},
		},
		{
			name: "an override before the start is kept",
			r: Rotation{Members: []string{"a"}, Shift: 1, Loc: time.UTC, Start: Date{2024, 4, 1},
				Overrides: []OnCallOverride{{at("2024-03-30T00:00:00Z"), at("2024-03-30T06:00:00Z"), "z"}}},
			from: "2024-03-29T00:00:00Z", to: "2024-04-01T06:00:00Z",
			want: []Shift{
				sh("2024-03-30T00:00:00Z", "2024-03-30T06:00:00Z", "z", SourceOverride),
				sh("2024-04-01T00:00:00Z", "2024-04-01T06:00:00Z", "a", SourceRotation),
			},
		},
		{
			name: "no members is one gap",
			r:    Rotation{Shift: 1, Loc: berlin}, from: "2024-03-30T00:00:00Z", to: "2024-04-01T12:00:00Z",
			want: []Shift{sh("2024-03-30T00:00:00Z", "2024-04-01T12:00:00Z", "", SourceGap)},
		},
		{
			name: "one member's shifts merge",
			r:    Rotation{Members: []string{"solo"}, Shift: 1, Loc: berlin, Start: Date{2024, 1, 1}},
			from: "2024-03-30T00:00:00Z", to: "2024-04-01T12:00:00Z",
			want: []Shift{sh("2024-03-30T00:00:00Z", "2024-04-01T12:00:00Z", "solo", SourceRotation)},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := RotationShifts(c.r, at(c.from), at(c.to))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(c.want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("RotationShifts (-want +got):\n%s", diff)
			}
		})
	}
}

func TestRotationErrors(t *testing.T) {
	berlin := zone(t, "Europe/Berlin")
	ok := Rotation{Members: []string{"a"}, Shift: 1, Loc: berlin, Start: Date{2024, 1, 1}}
	from, to := at("2024-03-30T00:00:00Z"), at("2024-04-01T00:00:00Z")
	with := func(f func(r *Rotation)) Rotation {
		r := ok
		f(&r)
		return r
	}
	cases := []struct {
		name     string
		r        Rotation
		from, to time.Time
		want     error
	}{
		{"valid", ok, from, to, nil},
		{"no shift length", with(func(r *Rotation) { r.Shift = 0 }), from, to, ErrInvalidRotation},
		{"no zone", with(func(r *Rotation) { r.Loc = nil }), from, to, ErrInvalidRotation},
		{"empty member ID", with(func(r *Rotation) { r.Members = []string{"a", ""} }), from, to, ErrInvalidRotation},
		{"handoff past midnight", with(func(r *Rotation) { r.Handoff = 1440 }), from, to, ErrInvalidRotation},
		{"reversed override", with(func(r *Rotation) { r.Overrides = []OnCallOverride{{to, from, "a"}} }), from, to, ErrInvalidRotation},
		{"reversed window", ok, to, from, ErrInvalidRange},
	}
	for _, c := range cases {
		_, err := RotationShifts(c.r, c.from, c.to)
		if !errors.Is(err, c.want) || (c.want == nil) != (err == nil) {
			t.Errorf("%s: error %v, want %v", c.name, err, c.want)
		}
		_, err = FollowTheSun(nil, &c.r, c.from, c.to)
		if !errors.Is(err, c.want) || (c.want == nil) != (err == nil) {
			t.Errorf("%s (follow the sun): error %v, want %v", c.name, err, c.want)
		}
	}
}

// TestFollowTheSun hands over from Auckland to Berlin to San Francisco on a
// June Monday; a daily rotation covers the rest.
func TestFollowTheSun(t *testing.T) {
	team := []Member{
		officeIn(t, "auckland", "Pacific/Auckland"),
		officeIn(t, "berlin", "Europe/Berlin"),
		officeIn(t, "sf", "America/Los_Angeles"),
	}
	ops := &Rotation{Members: []string{"ops"}, Shift: 1, Handoff: hm(9, 0), Loc: time.UTC,
		Start: Date{2024, time.June, 1}}
	from, to := at("2024-06-16T20:00:00Z"), at("2024-06-18T00:00:00Z")
	cases := []struct {
		name     string
		fallback *Rotation
		members  []Member
		want     []Shift
	}{
		{
			name: "no fallback", members: team,
			want: []Shift{
				sh("2024-06-16T20:00:00Z", "2024-06-16T21:00:00Z", "", SourceGap),
				sh("2024-06-16T21:00:00Z", "2024-06-17T05:00:00Z", "auckland", SourceFollowTheSun),
				sh("2024-06-17T05:00:00Z", "2024-06-17T07:00:00Z", "", SourceGap),
				sh("2024-06-17T07:00:00Z", "2024-06-17T15:00:00Z", "berlin", SourceFollowTheSun),
				sh("2024-06-17T15:00:00Z", "2024-06-17T16:00:00Z", "", SourceGap),
				sh("2024-06-17T16:00:00Z", "2024-06-17T21:00:00Z", "sf", SourceFollowTheSun),
				sh("2024-06-17T21:00:00Z", "2024-06-18T00:00:00Z", "auckland", SourceFollowTheSun),
			},
		},
		{
			name: "rotation fills the gaps", members: team, fallback: ops,
			want: []Shift{
				sh("2024-06-16T20:00:00Z", "2024-06-16T21:00:00Z", "ops", SourceRotation),
				sh("2024-06-16T21:00:00Z", "2024-06-17T05:00:00Z", "auckland", SourceFollowTheSun),
				sh("2024-06-17T05:00:00Z", "2024-06-17T07:00:00Z", "ops", SourceRotation),
				sh("2024-06-17T07:00:00Z", "2024-06-17T15:00:00Z", "berlin", SourceFollowTheSun),
				sh("2024-06-17T15:00:00Z", "2024-06-17T16:00:00Z", "ops", SourceRotation),
				sh("2024-06-17T16:00:00Z", "2024-06-17T21:00:00Z", "sf", SourceFollowTheSun),
				sh("2024-06-17T21:00:00Z", "2024-06-18T00:00:00Z", "auckland", SourceFollowTheSun),
			},
		},
		{
			name: "Berlin's holiday and meetings",
			members: []Member{team[0], officeIn(t, "berlin", "Europe/Berlin",
				Block{at("2024-06-17T08:00:00Z"), at("2024-06-17T09:00:00Z"), StatusBusy},
				Block{at("2024-06-17T12:00:00Z"), at("2024-06-17T22:00:00Z"), StatusHoliday}), team[2]},
			want: []Shift{
				sh("2024-06-16T20:00:00Z", "2024-06-16T21:00:00Z", "", SourceGap),
				sh("2024-06-16T21:00:00Z", "2024-06-17T05:00:00Z", "auckland", SourceFollowTheSun),
				sh("2024-06-17T05:00:00Z", "2024-06-17T07:00:00Z", "", SourceGap),
				sh("2024-06-17T07:00:00Z", "2024-06-17T12:00:00Z", "berlin", SourceFollowTheSun),
				sh("2024-06-17T12:00:00Z", "2024-06-17T16:00:00Z", "", SourceGap),
				sh("2024-06-17T16:00:00Z", "2024-06-17T21:00:00Z", "sf", SourceFollowTheSun),
				sh("2024-06-17T21:00:00Z", "2024-06-18T00:00:00Z", "auckland", SourceFollowTheSun),
			},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := FollowTheSun(c.members, c.fallback, from, to)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(c.want, got); diff != "" {
				t.Errorf("FollowTheSun (-want +got):\n%s", diff)
			}
			s, ok := OnCallAt(got, at("2024-06-17T10:00:00Z"))
			if !ok || s.MemberID != "berlin" {
				t.Errorf("OnCallAt 10:00Z = %+v, %v; want berlin", s, ok)
			}
			if _, ok := OnCallAt(got, to); ok {
				t.Errorf("OnCallAt(end of window) found a shift")
			}
		})
	}
}

// checkShifts checks that shifts cover [from, to) exactly, in order, with
// gaps flagged and no neighbours left unmerged.
func checkShifts(t *rapid.T, shifts []Shift, from, to time.Time) {
	t.Helper()
	if len(shifts) == 0 || !shifts[0].Start.Equal(from) || !shifts[len(shifts)-1].End.Equal(to) {
		t.Fatalf("shifts %v do not span %s–%s", shifts, from, to)
	}
	checkShiftOrder(t, shifts, true)
}

// checkShiftOrder checks that shifts are non-empty, in time order without
// overlap (meeting each other when contiguous), with gaps flagged and no
// neighbours left unmerged.
func checkShiftOrder(t *rapid.T, shifts []Shift, contiguous bool) {
	t.Helper()
	for i, s := range shifts {
		if !s.Start.Before(s.End) {
			t.Fatalf("shift %d is empty: %+v", i, s)
		}
		if s.Gap != (s.MemberID == "") || s.Gap != (s.Source == SourceGap) {
			t.Fatalf("shift %d is half a gap: %+v", i, s)
		}
		if i == 0 {
			continue
		}
		p := shifts[i-1]
		if p.End.After(s.Start) || (contiguous && !p.End.Equal(s.Start)) {
			t.Fatalf("shifts %d and %d do not meet: %+v %+v", i-1, i, p, s)
		}
		if p.End.Equal(s.Start) && p.MemberID == s.MemberID && p.Source == s.Source && p.Replaces == s.Replaces {
			t.Fatalf("shifts %d and %d are not merged: %+v %+v", i-1, i, p, s)
		}
	}
}

func genRotation(t *rapid.T, lo int64) Rotation {
	r := Rotation{Shift: rapid.IntRange(1, 14).Draw(t, "shiftDays"), Handoff: genMinute(t, "handoff"),
		Loc: genZone(t, "rotZone"), Start: dateOf(lo/1440 + int64(rapid.IntRange(-30, 5).Draw(t, "startDay")))}
	for i := range rapid.IntRange(0, 4).Draw(t, "rotMembers") {
		r.Members = append(r.Members, fmt.Sprintf("r%d", i%3))
	}
	for range rapid.IntRange(0, 3).Draw(t, "rotOverrides") {
		s := lo + int64(uniform(t, -1440, 8*1440, "ovStart"))
		r.Overrides = append(r.Overrides, OnCallOverride{minute(s), minute(s + int64(uniform(t, 0, 3*1440, "ovLen"))),
			fmt.Sprintf("o%d", rapid.IntRange(0, 1).Draw(t, "ovMember"))})
	}
	return r
}

// TestPropShifts checks the shape of RotationShifts and FollowTheSun, and
// that follow-the-sun picks the first member whose working clock runs.
func TestPropShifts(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		lo, hi := genWindow(t, 6)
		from, to := minute(lo), minute(hi)
		r := genRotation(t, lo)
		rot, err := RotationShifts(r, from, to)
		if err != nil {
			t.Fatal(err)
		}
		checkRotationCover(t, r, rot, lo, hi)
		ms := genMembers(t, lo, hi, 3)
		var fallback *Rotation
		if rapid.Bool().Draw(t, "fallback") {
			fallback = &r
		}
		fts, err := FollowTheSun(ms, fallback, from, to)
		if err != nil {
			t.Fatal(err)
		}
		checkShifts(t, fts, from, to)
		md := newModel(lo, hi)
		on := make([][]bool, len(ms))
		for i, m := range ms {
			st := md.status(m, false)
			on[i] = make([]bool, len(st))
			for u, s := range st {
				on[i][u] = s < 0 || s >= 4
			}
		}
		for range 20 {
			u := lo + int64(uniform(t, 0, int(hi-lo-1), "probe"))
			got, ok := OnCallAt(fts, minute(u))
			if !ok {
				t.Fatalf("nobody at %s", minute(u))
			}
			want := Shift{Gap: true, Source: SourceGap}
			if w, ok := OnCallAt(rot, minute(u)); ok && fallback != nil {
				want = w
			}
			for i := range ms {
				if on[i][u-lo] {
					want = Shift{MemberID: ms[i].ID, Source: SourceFollowTheSun}
					break
				}
			}
			if got.MemberID != want.MemberID || got.Source != want.Source || got.Gap != want.Gap {
				t.Fatalf("at %s: %+v, want %+v", minute(u), got, want)
			}
		}
	})
}

// TestPropRotationHandoff checks every rotation handoff against a local
// clock: it is at the handoff time, or moved forward by a DST gap.
func TestPropRotationHandoff(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		lo, hi := genWindow(t, 20)
		r := genRotation(t, lo)
		r.Overrides = nil
		r.Members = []string{"a", "b"}
		shifts, err := RotationShifts(r, minute(lo), minute(hi))
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range shifts {
			if s.Start.Equal(minute(lo)) {
				continue // clipped to the window
			}
			local := s.Start.In(r.Loc)
			_, off := local.Zone()
			_, offBefore := s.Start.Add(-time.Hour * 3).In(r.Loc).Zone()
			tod := local.Hour()*60 + local.Minute()
			shifted := (tod - (off-offBefore)/60 + 1440) % 1440
			if tod != int(r.Handoff) && shifted != int(r.Handoff) {
				t.Fatalf("handoff at %s, want local %s", local, r.Handoff)
			}
		}
	})
}

// rotationStart is the instant r's first shift starts, as Unix minutes.
func rotationStart(r Rotation) int64 {
	z := newZoneTable(r.Loc, (civilDay(r.Start)-2)*dayNs, (civilDay(r.Start)+2)*dayNs)
	return z.toUTC(civilDay(r.Start)*dayNs+int64(r.Handoff)*minNs) / minNs
}

// checkRotationCover checks RotationShifts' shape: in order, without
// overlap, and covering exactly the minutes of [lo, hi) from the
// rotation's start on or inside an override.
func checkRotationCover(t *rapid.T, r Rotation, shifts []Shift, lo, hi int64) {
	t.Helper()
	checkShiftOrder(t, shifts, false)
	start := rotationStart(r)
	for u := lo; u < hi; u += 7 {
		want := u >= start
		for _, o := range r.Overrides {
			want = want || (!minute(u).Before(o.From) && minute(u).Before(o.To))
		}
		if _, got := OnCallAt(shifts, minute(u)); got != want {
			t.Fatalf("at %s (rotation starts %s): covered %v, want %v: %v", minute(u), minute(start), got, want, shifts)
		}
	}
}

func BenchmarkFollowTheSun(b *testing.B) {
	ms := respondTeam(b, 20, 30)
	ops := &Rotation{Members: []string{"a", "b", "c"}, Shift: 7, Handoff: hm(9, 0), Loc: time.UTC,
		Start: Date{2024, 1, 1}}
	for b.Loop() {
		if _, err := FollowTheSun(ms, ops, benchFrom, benchFrom.AddDate(0, 0, 30)); err != nil {
			b.Fatal(err)
		}
	}
}
