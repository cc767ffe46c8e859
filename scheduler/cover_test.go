package scheduler

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

// cover is a covering shift: id on call in place of replaces.
func cover(s, e, id, replaces, source string) Shift {
	x := sh(s, e, id, source)
	if id == "" {
		x.Source = SourceGap
	}
	x.Replaces = replaces
	return x
}

func TestCoverAbsences(t *testing.T) {
	berlin := zone(t, "Europe/Berlin")
	// Weekly, Monday 09:00 in Berlin: a from 2026-12-14, b from 12-21, a again from 12-28.
	weekly := Rotation{Members: []string{"a", "b"}, Shift: 7, Handoff: hm(9, 0), Loc: berlin,
		Start: Date{2026, time.December, 14}}
	// a is away 12-21 → 01-01, whole days in Berlin.
	holidays := map[string]Set{"a": {{at("2026-12-20T23:00:00Z"), at("2027-01-01T23:00:00Z")}}}
	three := Rotation{Members: []string{"a", "b", "c"}, Shift: 1, Loc: time.UTC, Start: Date{2027, 1, 1}}
	cases := []struct {
		name     string
		r        Rotation
		away     map[string]Set
		from, to string
		want     []Shift
	}{
		{
			name: "away over New Year: the next member covers until the leave ends mid-shift",
			r:    weekly, away: holidays, from: "2026-12-21T08:00:00Z", to: "2027-01-11T08:00:00Z",
			want: []Shift{
				sh("2026-12-21T08:00:00Z", "2026-12-28T08:00:00Z", "b", SourceRotation),
				cover("2026-12-28T08:00:00Z", "2027-01-01T23:00:00Z", "b", "a", SourceRotation),
				sh("2027-01-01T23:00:00Z", "2027-01-04T08:00:00Z", "a", SourceRotation),
				sh("2027-01-04T08:00:00Z", "2027-01-11T08:00:00Z", "b", SourceRotation),
			},
		},
		{
			name: "the next is away too: the one after covers, in rotation order",
			r:    three, from: "2027-01-01T00:00:00Z", to: "2027-01-02T00:00:00Z",
			away: map[string]Set{
				"a": {{at("2027-01-01T06:00:00Z"), at("2027-01-01T18:00:00Z")}},
				"b": {{at("2027-01-01T00:00:00Z"), at("2027-01-01T12:00:00Z")}},
			},
			want: []Shift{
				sh("2027-01-01T00:00:00Z", "2027-01-01T06:00:00Z", "a", SourceRotation),
				cover("2027-01-01T06:00:00Z", "2027-01-01T12:00:00Z", "c", "a", SourceRotation),
				cover("2027-01-01T12:00:00Z", "2027-01-01T18:00:00Z", "b", "a", SourceRotation),
				sh("2027-01-01T18:00:00Z", "2027-01-02T00:00:00Z", "a", SourceRotation),
			},
		},
		{
			name: "order wraps around: c's replacement is a",
			r:    three, from: "2027-01-03T00:00:00Z", to: "2027-01-04T00:00:00Z",
			away: map[string]Set{"c": {{at("2027-01-03T00:00:00Z"), at("2027-01-03T12:00:00Z")}}},
			want: []Shift{
				cover("2027-01-03T00:00:00Z", "2027-01-03T12:00:00Z", "a", "c", SourceRotation),
				sh("2027-01-03T12:00:00Z", "2027-01-04T00:00:00Z", "c", SourceRotation),
			},
		},
		{
			name: "everybody away is a gap naming whom it replaces",
			r:    three, from: "2027-01-01T00:00:00Z", to: "2027-01-01T12:00:00Z",
			away: map[string]Set{
				"a": {{at("2027-01-01T00:00:00Z"), at("2027-01-01T12:00:00Z")}},
				"b": {{at("2027-01-01T00:00:00Z"), at("2027-01-01T06:00:00Z")}},
				"c": {{at("2027-01-01T00:00:00Z"), at("2027-01-01T12:00:00Z")}},
			},
			want: []Shift{
				cover("2027-01-01T00:00:00Z", "2027-01-01T06:00:00Z", "", "a", SourceGap),
				cover("2027-01-01T06:00:00Z", "2027-01-01T12:00:00Z", "b", "a", SourceRotation),
			},
		},
		{
			name: "an override to someone away is covered from the rotation's first",
			r: Rotation{Members: []string{"a", "b"}, Shift: 1, Loc: time.UTC, Start: Date{2027, 1, 1},
				Overrides: []OnCallOverride{{at("2027-01-01T00:00:00Z"), at("2027-01-01T12:00:00Z"), "z"}}},
			away: map[string]Set{"z": {{at("2027-01-01T06:00:00Z"), at("2027-01-05T00:00:00Z")}}},
			from: "2027-01-01T00:00:00Z", to: "2027-01-01T18:00:00Z",
			want: []Shift{
				sh("2027-01-01T00:00:00Z", "2027-01-01T06:00:00Z", "z", SourceOverride),
				cover("2027-01-01T06:00:00Z", "2027-01-01T12:00:00Z", "a", "z", SourceOverride),
				sh("2027-01-01T12:00:00Z", "2027-01-01T18:00:00Z", "a", SourceRotation),
			},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			shifts, err := RotationShifts(c.r, at(c.from), at(c.to))
			if err != nil {
				t.Fatal(err)
			}
			got := CoverAbsences(shifts, c.r.Members, c.away)
			if diff := cmp.Diff(c.want, got); diff != "" {
				t.Errorf("CoverAbsences (-want +got):\n%s", diff)
			}
		})
	}
}

func TestAway(t *testing.T) {
	m := Member{ID: "a", Blocks: []Block{
		{at("2027-01-01T00:00:00Z"), at("2027-01-02T00:00:00Z"), StatusHoliday},
		{at("2027-01-02T00:00:00Z"), at("2027-01-03T00:00:00Z"), StatusTimeOff},
		{at("2027-01-05T00:00:00Z"), at("2027-01-05T02:00:00Z"), StatusOOF},
		{at("2027-01-06T00:00:00Z"), at("2027-01-06T02:00:00Z"), StatusBusy},
		{at("2027-01-07T00:00:00Z"), at("2027-01-07T02:00:00Z"), StatusTentative},
		{at("2027-01-08T00:00:00Z"), at("2027-01-08T02:00:00Z"), StatusOutsideHours},
	}}
	want := Set{
		{at("2027-01-01T00:00:00Z"), at("2027-01-03T00:00:00Z")},
		{at("2027-01-05T00:00:00Z"), at("2027-01-05T02:00:00Z")},
	}
	if diff := cmp.Diff(want, Away(m)); diff != "" {
		t.Errorf("Away (-want +got):\n%s", diff)
	}
}

// genAway draws up to three absences per member, around [lo, hi).
func genAway(t *rapid.T, ids []string, lo, hi int64) map[string]Set {
	out := map[string]Set{}
	for _, id := range ids {
		var ivs []Interval
		for range rapid.IntRange(0, 3).Draw(t, "absences") {
			s := lo + int64(uniform(t, -1440, int(hi-lo), "awayStart"))
			ivs = append(ivs, Interval{minute(s), minute(s + int64(uniform(t, 1, 10*1440, "awayLen")))})
		}
		out[id] = Normalize(ivs)
	}
	return out
}

// awayAll reports whether s covers [from, to) entirely.
func awayAll(s Set, from, to time.Time) bool {
	return s.Clip(from, to).Duration() == to.Sub(from)
}

// TestPropCoverAbsences checks CoverAbsences over random rotations and
// absences: nobody is on call at an instant they are away, the covered
// time is the rotation's, untouched shifts are the rotation's, and a
// replacement is the first member after the absent one in rotation order
// who is not away (everybody between them is away throughout), or a gap
// when all are.
func TestPropCoverAbsences(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		lo, hi := genWindow(t, 20)
		from, to := minute(lo), minute(hi)
		r := genRotation(t, lo)
		r.Members = nil
		for i := range rapid.IntRange(1, 4).Draw(t, "members") {
			r.Members = append(r.Members, fmt.Sprintf("r%d", i))
		}
		away := genAway(t, append(slices.Clone(r.Members), "o0", "o1"), lo, hi)
		base, err := RotationShifts(r, from, to)
		if err != nil {
			t.Fatal(err)
		}
		got := CoverAbsences(slices.Clone(base), r.Members, away)
		checkRotationCover(t, r, got, lo, hi)
		for _, s := range got {
			b, ok := OnCallAt(base, s.Start)
			if !ok || b.End.Before(s.End) {
				t.Fatalf("%+v is not inside one rotation shift: %+v", s, b)
			}
			if !s.Gap && len(away[s.MemberID].Clip(s.Start, s.End)) > 0 {
				t.Fatalf("%+v: %s is away then (%v)", s, s.MemberID, away[s.MemberID])
			}
			if s.Replaces == "" {
				if s.MemberID != b.MemberID || s.Source != b.Source {
					t.Fatalf("%+v changed without replacing anyone: rotation %+v", s, b)
				}
				continue
			}
			if b.MemberID != s.Replaces || !awayAll(away[s.Replaces], s.Start, s.End) {
				t.Fatalf("%+v replaces %s, but the rotation has %+v (away %v)", s, s.Replaces, b, away[s.Replaces])
			}
			// Everybody after the absent one, up to the replacement, is away throughout.
			k := slices.Index(r.Members, s.Replaces)
			for j := 1; j <= len(r.Members); j++ {
				id := r.Members[(k+j)%len(r.Members)]
				if id == s.MemberID {
					break
				}
				if id != s.Replaces && !awayAll(away[id], s.Start, s.End) {
					t.Fatalf("%+v: %s comes first in rotation order and is not away throughout (%v)", s, id, away[id])
				}
			}
		}
	})
}

// TestPropCoverFollowTheSun checks that follow-the-sun shifts, with a
// fallback rotation over the same members, still cover the window exactly
// and never name someone away once absences are covered.
func TestPropCoverFollowTheSun(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		lo, hi := genWindow(t, 6)
		from, to := minute(lo), minute(hi)
		ms := genMembers(t, lo, hi, 3)
		r := genRotation(t, lo)
		r.Members, r.Overrides = nil, nil
		away := map[string]Set{}
		for _, m := range ms {
			r.Members = append(r.Members, m.ID)
			away[m.ID] = Away(m)
		}
		r.Start = dateOf(lo/1440 - 20) // started before the window
		fts, err := FollowTheSun(ms, &r, from, to)
		if err != nil {
			t.Fatal(err)
		}
		got := CoverAbsences(fts, r.Members, away)
		checkShifts(t, got, from, to)
		for _, s := range got {
			if !s.Gap && len(away[s.MemberID].Clip(s.Start, s.End)) > 0 {
				t.Fatalf("%+v: %s is away then (%v)", s, s.MemberID, away[s.MemberID])
			}
		}
	})
}
