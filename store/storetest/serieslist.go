package storetest

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/overlap/overlap/store"
)

// testListMeetingSeries: a team's series by ID, page by page, with the
// revision read from each plan and no plan; other teams' series stay out.
func testListMeetingSeries(t *testing.T, s store.Store) {
	org := mustOrg(t, s, "acme")
	other := mustOrg(t, s, "globex")
	team, second := store.Team{OrgID: org.ID, Name: "T"}, store.Team{OrgID: org.ID, Name: "U"}
	theirs := store.Team{OrgID: other.ID, Name: "V"}
	for _, tm := range []*store.Team{&team, &second, &theirs} {
		if err := s.CreateTeam(ctx, tm); err != nil {
			t.Fatal(err)
		}
	}
	create := func(tm store.Team, name string, plan string, spec store.SeriesSpec) store.MeetingSeries {
		t.Helper()
		ms := store.MeetingSeries{OrgID: tm.OrgID, TeamID: tm.ID, Name: name, Spec: spec, Plan: []byte(plan)}
		if err := s.CreateMeetingSeries(ctx, &ms); err != nil {
			t.Fatal(err)
		}
		return ms
	}
	var want []store.SeriesSummary
	for i := range 5 {
		spec := store.SeriesSpec{Duration: time.Hour, Recurrence: "FREQ=WEEKLY", Zone: "Europe/Berlin", From: "2027-01-04", Count: 10 + i, Slots: i,
			Attendees: []store.SeriesAttendeeSpec{{MemberID: "m1"}}}
		if i == 2 {
			spec.Count, spec.Until, spec.AllMembers, spec.Attendees = 0, "2027-06-30", true, nil
		}
		plan := fmt.Sprintf(`{"revision":%d,"occurrences":[{"date":"2027-01-04"}],"names":{"m1":"A"}}`, i)
		if i == 4 {
			plan = `{"occurrences":[]}` // no revision: 0
		}
		ms := create(team, fmt.Sprintf("S%d", i), plan, spec)
		rev := i
		if i == 4 {
			rev = 0
		}
		want = append(want, store.SeriesSummary{ID: ms.ID, OrgID: ms.OrgID, TeamID: ms.TeamID, Name: ms.Name, Spec: ms.Spec,
			Revision: rev, CreatedAt: ms.CreatedAt, UpdatedAt: ms.UpdatedAt})
	}
	create(second, "elsewhere", `{"revision":0}`, store.SeriesSpec{Recurrence: "FREQ=DAILY", Count: 1})
	create(theirs, "theirs", `{"revision":0}`, store.SeriesSpec{Recurrence: "FREQ=DAILY", Count: 1})
	// A recompute's plan bumps the revision the list reads.
	updated, err := s.UpdateMeetingSeriesPlan(ctx, org.ID, team.ID, want[1].ID, []byte(`{"revision":7,"occurrences":[]}`))
	if err != nil {
		t.Fatal(err)
	}
	want[1].Revision, want[1].UpdatedAt = 7, updated

	var got []store.SeriesSummary
	p := store.Page{Limit: 2}
	for {
		l, err := s.ListMeetingSeries(ctx, org.ID, team.ID, p)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, l...)
		if len(l) < p.Limit {
			break
		}
		p.After = l[len(l)-1].ID
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("listed series (-want +got):\n%s", diff)
	}
	if l, err := s.ListMeetingSeries(ctx, org.ID, second.ID, store.Page{Limit: 10}); err != nil || len(l) != 1 || l[0].Name != "elsewhere" {
		t.Fatalf("second team's series = %+v, %v", l, err)
	}
	empty := store.Team{OrgID: org.ID, Name: "empty"}
	if err := s.CreateTeam(ctx, &empty); err != nil {
		t.Fatal(err)
	}
	if l, err := s.ListMeetingSeries(ctx, org.ID, empty.ID, store.Page{Limit: 10}); err != nil || len(l) != 0 {
		t.Fatalf("team without series = %+v, %v", l, err)
	}
	_, err = s.ListMeetingSeries(ctx, org.ID, theirs.ID, store.Page{Limit: 10})
	wantErr(t, "list another org's team", err, store.ErrNotFound)
	_, err = s.ListMeetingSeries(ctx, other.ID, team.ID, store.Page{Limit: 10})
	wantErr(t, "list a team as another org", err, store.ErrNotFound)
	_, err = s.ListMeetingSeries(ctx, org.ID, "nope", store.Page{Limit: 10})
	wantErr(t, "list an unknown team", err, store.ErrNotFound)
}
