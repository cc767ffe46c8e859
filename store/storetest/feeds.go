package storetest

import (
	"testing"
	"time"

	"github.com/overlap/overlap/store"
)

func testFeeds(t *testing.T, s store.Store) {
	org := mustOrg(t, s, "acme")
	other := mustOrg(t, s, "globex")
	m := mustMember(t, s, org.ID, "A", "")
	team := store.Team{OrgID: org.ID, Name: "T"}
	if err := s.CreateTeam(ctx, &team); err != nil {
		t.Fatal(err)
	}
	f := store.Feed{OrgID: org.ID, Kind: store.FeedTeamOverlap, TeamID: team.ID, TokenHash: []byte("hash-1"),
		Options: store.FeedOptions{Quorum: 2, MinDuration: 30 * time.Minute}}
	if err := s.CreateFeed(ctx, &f); err != nil {
		t.Fatal(err)
	}
	bad := store.Feed{OrgID: other.ID, Kind: store.FeedMemberBusy, MemberID: m.ID, TokenHash: []byte("hash-2")}
	wantErr(t, "feed of another org's member", s.CreateFeed(ctx, &bad), store.ErrNotFound)
	got, err := s.FeedByTokenHash(ctx, []byte("hash-1"))
	if err != nil || got.ID != f.ID || got.Options.Quorum != 2 || got.Options.MinDuration != 30*time.Minute || got.TeamID != team.ID {
		t.Fatalf("FeedByTokenHash = %+v, %v", got, err)
	}
	_, err = s.Feed(ctx, other.ID, f.ID)
	wantErr(t, "read another org's feed", err, store.ErrNotFound)
	wantErr(t, "rotate another org's feed", s.RotateFeed(ctx, other.ID, f.ID, []byte("x"), at(1)), store.ErrNotFound)
	if err := s.RotateFeed(ctx, org.ID, f.ID, []byte("hash-3"), at(1)); err != nil {
		t.Fatal(err)
	}
	_, err = s.FeedByTokenHash(ctx, []byte("hash-1"))
	wantErr(t, "old token after rotation", err, store.ErrNotFound)
	if err := s.TouchFeed(ctx, f.ID, at(2)); err != nil {
		t.Fatal(err)
	}
	list, err := s.ListFeeds(ctx, org.ID, store.Page{Limit: 10})
	if err != nil || len(list) != 1 || list[0].LastAccessedAt == nil || list[0].RotatedAt == nil {
		t.Fatalf("ListFeeds = %+v, %v", list, err)
	}
	wantErr(t, "delete another org's feed", s.DeleteFeed(ctx, other.ID, f.ID), store.ErrNotFound)
	if err := s.DeleteFeed(ctx, org.ID, f.ID); err != nil {
		t.Fatal(err)
	}
	_, err = s.FeedByTokenHash(ctx, []byte("hash-3"))
	wantErr(t, "deleted feed", err, store.ErrNotFound)
}
