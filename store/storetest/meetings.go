package storetest

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/overlap/overlap/store"
)

func testMeetingSeries(t *testing.T, s store.Store) {
	org := mustOrg(t, s, "acme")
	other := mustOrg(t, s, "globex")
	team := store.Team{OrgID: org.ID, Name: "T"}
	if err := s.CreateTeam(ctx, &team); err != nil {
		t.Fatal(err)
	}
	ms := store.MeetingSeries{OrgID: org.ID, TeamID: team.ID, Name: "All hands", Plan: []byte(`{"v":1}`),
		Spec: store.SeriesSpec{Duration: time.Hour, Recurrence: "FREQ=WEEKLY;BYDAY=TU", Zone: "UTC", From: "2027-01-05", Count: 12,
			Attendees: []store.SeriesAttendeeSpec{{MemberID: "m1", NeverBefore: "07:00", NeverFrom: "22:00"}}}}
	if err := s.CreateMeetingSeries(ctx, &ms); err != nil {
		t.Fatal(err)
	}
	got, err := s.MeetingSeries(ctx, org.ID, team.ID, ms.ID)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(ms, got); diff != "" {
		t.Fatalf("read back (-want +got):\n%s", diff)
	}
	if _, err := s.UpdateMeetingSeriesPlan(ctx, org.ID, team.ID, ms.ID, []byte(`{"v":2}`)); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.MeetingSeries(ctx, org.ID, team.ID, ms.ID); string(got.Plan) != `{"v":2}` {
		t.Fatalf("plan after update = %s", got.Plan)
	}
	_, err = s.MeetingSeries(ctx, other.ID, team.ID, ms.ID)
	wantErr(t, "read another org's series", err, store.ErrNotFound)
	_, err = s.UpdateMeetingSeriesPlan(ctx, other.ID, team.ID, ms.ID, nil)
	wantErr(t, "update another org's series", err, store.ErrNotFound)
	wantErr(t, "delete another org's series", s.DeleteMeetingSeries(ctx, other.ID, team.ID, ms.ID), store.ErrNotFound)
	bad := store.MeetingSeries{OrgID: other.ID, TeamID: team.ID, Name: "x", Plan: []byte("{}")}
	wantErr(t, "series in another org's team", s.CreateMeetingSeries(ctx, &bad), store.ErrNotFound)

	// A published series goes with its feed.
	f := store.Feed{OrgID: org.ID, Kind: store.FeedMeetingSeries, TeamID: team.ID, SeriesID: ms.ID, TokenHash: []byte("h-series")}
	if err := s.CreateFeed(ctx, &f); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Feed(ctx, org.ID, f.ID); err != nil || got.SeriesID != ms.ID {
		t.Fatalf("feed = %+v, %v", got, err)
	}
	stray := store.Feed{OrgID: org.ID, Kind: store.FeedMeetingSeries, TeamID: team.ID, SeriesID: "nope", TokenHash: []byte("h-stray")}
	wantErr(t, "feed of an unknown series", s.CreateFeed(ctx, &stray), store.ErrNotFound)
	if err := s.DeleteMeetingSeries(ctx, org.ID, team.ID, ms.ID); err != nil {
		t.Fatal(err)
	}
	_, err = s.MeetingSeries(ctx, org.ID, team.ID, ms.ID)
	wantErr(t, "read a deleted series", err, store.ErrNotFound)
	_, err = s.Feed(ctx, org.ID, f.ID)
	wantErr(t, "feed of a deleted series", err, store.ErrNotFound)
}
