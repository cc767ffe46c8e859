// Package storetest is the conformance suite every store.Store implementation
// must pass. Each test gets a fresh, isolated store from the factory.
package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/overlap/overlap/scheduler"
	"github.com/overlap/overlap/store"
)

// Factory returns a new empty, migrated store for one test.
type Factory func(t *testing.T) store.Store

type namedTest struct {
	name string
	fn   func(t *testing.T, s store.Store)
}

// Run runs the whole suite.
func Run(t *testing.T, newStore Factory) {
	tests := []namedTest{
		{"Orgs", testOrgs},
		{"Tokens", testTokens},
		{"Members", testMembers},
		{"MemberEmailUnique", testMemberEmailUnique},
		{"MembersScopedToOrg", testMembersScoped},
		{"Pagination", testPagination},
		{"TimeOff", testTimeOff},
		{"Teams", testTeams},
		{"TeamMembersVersion", testTeamMembersVersion},
		{"DeleteMemberCascades", testDeleteMemberCascades},
		{"InvalidText", testInvalidText},
		{"Unavailable", testUnavailable},
	}
	tests = append(tests, calendarTests()...)
	tests = append(tests, namedTest{"Feeds", testFeeds}, namedTest{"TeamSettings", testTeamSettings}, namedTest{"Exchanges", testExchanges})
	tests = append(tests, namedTest{"WebSessions", testWebSessions})
	tests = append(tests, namedTest{"MeetingSeries", testMeetingSeries})
	tests = append(tests, namedTest{"ListMeetingSeries", testListMeetingSeries})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.fn(t, newStore(t)) })
	}
}

var ctx = context.Background()

func mustOrg(t *testing.T, s store.Store, name string) store.Org {
	t.Helper()
	o, err := s.EnsureOrg(ctx, name)
	if err != nil {
		t.Fatalf("EnsureOrg(%q): %v", name, err)
	}
	return o
}

func mustMember(t *testing.T, s store.Store, orgID, name, email string) store.Member {
	t.Helper()
	m := store.Member{OrgID: orgID, Name: name, Email: email, Timezone: "Europe/Berlin", WorkingHours: scheduler.DefaultWeeklyHours()}
	if err := s.CreateMember(ctx, &m); err != nil {
		t.Fatalf("CreateMember(%q): %v", name, err)
	}
	return m
}

func wantErr(t *testing.T, what string, got, want error) {
	t.Helper()
	if !errors.Is(got, want) {
		t.Fatalf("%s: got error %v, want %v", what, got, want)
	}
}

func testOrgs(t *testing.T, s store.Store) {
	if n, err := s.CountOrgs(ctx); err != nil || n != 0 {
		t.Fatalf("CountOrgs on empty store = %d, %v", n, err)
	}
	a := mustOrg(t, s, "acme")
	b := mustOrg(t, s, "acme")
	if a.ID != b.ID || a.ID == "" {
		t.Fatalf("EnsureOrg not idempotent: %q vs %q", a.ID, b.ID)
	}
	mustOrg(t, s, "globex")
	if n, _ := s.CountOrgs(ctx); n != 2 {
		t.Fatalf("CountOrgs = %d, want 2", n)
	}
}

func testTokens(t *testing.T, s store.Store) {
	org := mustOrg(t, s, "acme")
	other := mustOrg(t, s, "globex")
	tok := store.Token{OrgID: org.ID, Name: "ci", Role: store.RoleManager, Hash: []byte("0123456789abcdef0123456789abcdef")}
	if err := s.CreateToken(ctx, &tok); err != nil {
		t.Fatal(err)
	}
	dup := store.Token{OrgID: org.ID, Role: store.RoleViewer, Hash: tok.Hash}
	wantErr(t, "duplicate hash", s.CreateToken(ctx, &dup), store.ErrConflict)

	got, err := s.TokenByHash(ctx, tok.Hash)
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != tok.ID || got.Role != store.RoleManager || got.OrgID != org.ID || got.Name != "ci" {
		t.Fatalf("TokenByHash = %+v", got)
	}
	_, err = s.TokenByHash(ctx, []byte("nope"))
	wantErr(t, "unknown hash", err, store.ErrNotFound)

	used := time.Date(2027, 1, 2, 3, 4, 5, 0, time.UTC)
	if err := s.TouchToken(ctx, tok.ID, used); err != nil {
		t.Fatal(err)
	}
	wantErr(t, "revoke from another org", s.RevokeToken(ctx, other.ID, tok.ID, used), store.ErrNotFound)
	if err := s.RevokeToken(ctx, org.ID, tok.ID, used); err != nil {
		t.Fatal(err)
	}
	_, err = s.TokenByHash(ctx, tok.Hash)
	wantErr(t, "revoked token", err, store.ErrNotFound)

	list, err := s.ListTokens(ctx, org.ID, store.Page{Limit: 10})
	if err != nil || len(list) != 1 {
		t.Fatalf("ListTokens = %v, %v", list, err)
	}
	if list[0].RevokedAt == nil || !list[0].RevokedAt.Equal(used) || list[0].LastUsedAt == nil || !list[0].LastUsedAt.Equal(used) {
		t.Fatalf("listed token = %+v", list[0])
	}
	if l, _ := s.ListTokens(ctx, other.ID, store.Page{Limit: 10}); len(l) != 0 {
		t.Fatalf("other org sees %d tokens", len(l))
	}
}

func testMembers(t *testing.T, s store.Store) {
	org := mustOrg(t, s, "acme")
	wh := scheduler.WeeklyHours{}
	wh[time.Monday] = []scheduler.Range{{Start: 22 * 60, End: 6 * 60}}
	wh[time.Tuesday] = []scheduler.Range{{Start: 9 * 60, End: 12 * 60}, {Start: 13 * 60, End: 17 * 60}}
	m := store.Member{
		OrgID: org.ID, Name: "Aiko", Email: "aiko@example.com", Timezone: "Asia/Tokyo", WorkingHours: wh,
		ZoneOverrides: []store.ZoneOverride{{From: scheduler.Date{Year: 2027, Month: 1, Day: 10}, To: scheduler.Date{Year: 2027, Month: 1, Day: 20}, Timezone: "Europe/Berlin"}},
	}
	if err := s.CreateMember(ctx, &m); err != nil {
		t.Fatal(err)
	}
	got, err := s.Member(ctx, org.ID, m.ID)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(m, got); diff != "" {
		t.Fatalf("Member round trip (-want +got):\n%s", diff)
	}
	m.Name, m.Email, m.Timezone, m.ZoneOverrides = "Aiko S.", "", "America/New_York", nil
	if err := s.UpdateMember(ctx, &m); err != nil {
		t.Fatal(err)
	}
	got, _ = s.Member(ctx, org.ID, m.ID)
	if got.Name != "Aiko S." || got.Email != "" || got.Timezone != "America/New_York" || len(got.ZoneOverrides) != 0 {
		t.Fatalf("after update: %+v", got)
	}
	byID, err := s.MembersByID(ctx, org.ID, []string{m.ID, "missing"})
	if err != nil || len(byID) != 1 || byID[0].ID != m.ID {
		t.Fatalf("MembersByID = %v, %v", byID, err)
	}
	// IDs that an array literal could read as several, or as NULL, are
	// each one ID that matches nothing.
	odd := []string{m.ID + `","` + m.ID, `"` + m.ID + `"`, "{" + m.ID + "}", m.ID + "," + m.ID, "NULL", `\`, `a\"b`, " " + m.ID, ""}
	byID, err = s.MembersByID(ctx, org.ID, append(odd, m.ID))
	if err != nil || len(byID) != 1 || byID[0].ID != m.ID {
		t.Fatalf("MembersByID with odd IDs = %v, %v", byID, err)
	}
	if err := s.DeleteMember(ctx, org.ID, m.ID); err != nil {
		t.Fatal(err)
	}
	_, err = s.Member(ctx, org.ID, m.ID)
	wantErr(t, "deleted member", err, store.ErrNotFound)
	wantErr(t, "delete twice", s.DeleteMember(ctx, org.ID, m.ID), store.ErrNotFound)
}

func testMemberEmailUnique(t *testing.T, s store.Store) {
	org := mustOrg(t, s, "acme")
	other := mustOrg(t, s, "globex")
	mustMember(t, s, org.ID, "A", "dana@example.com")
	dup := store.Member{OrgID: org.ID, Name: "B", Email: "Dana@Example.com", Timezone: "UTC"}
	wantErr(t, "same email, other case", s.CreateMember(ctx, &dup), store.ErrConflict)
	mustMember(t, s, other.ID, "C", "dana@example.com") // another org may reuse it
	mustMember(t, s, org.ID, "D", "")                   // several members without email
	e := mustMember(t, s, org.ID, "E", "")
	e.Email = "dana@example.com"
	wantErr(t, "update to taken email", s.UpdateMember(ctx, &e), store.ErrConflict)
}

func testMembersScoped(t *testing.T, s store.Store) {
	org := mustOrg(t, s, "acme")
	other := mustOrg(t, s, "globex")
	m := mustMember(t, s, org.ID, "A", "")
	_, err := s.Member(ctx, other.ID, m.ID)
	wantErr(t, "read other org's member", err, store.ErrNotFound)
	upd := m
	upd.OrgID = other.ID
	wantErr(t, "update other org's member", s.UpdateMember(ctx, &upd), store.ErrNotFound)
	wantErr(t, "delete other org's member", s.DeleteMember(ctx, other.ID, m.ID), store.ErrNotFound)
	to := store.TimeOff{OrgID: other.ID, MemberID: m.ID, Start: time.Unix(0, 0), End: time.Unix(3600, 0)}
	wantErr(t, "time off for other org's member", s.CreateTimeOff(ctx, &to), store.ErrNotFound)
	if l, _ := s.ListMembers(ctx, other.ID, store.Page{Limit: 10}); len(l) != 0 {
		t.Fatalf("other org lists %d members", len(l))
	}
	if l, _ := s.MembersByID(ctx, other.ID, []string{m.ID}); len(l) != 0 {
		t.Fatalf("other org gets member by id")
	}
}

func testPagination(t *testing.T, s store.Store) {
	org := mustOrg(t, s, "acme")
	var want []string
	for i := 0; i < 7; i++ {
		want = append(want, mustMember(t, s, org.ID, "m", "").ID)
	}
	var got []string
	p := store.Page{Limit: 3}
	for {
		l, err := s.ListMembers(ctx, org.ID, p)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range l {
			got = append(got, m.ID)
		}
		if len(l) < p.Limit {
			break
		}
		p.After = l[len(l)-1].ID
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("paged IDs (-want +got):\n%s", diff)
	}
}

func testTimeOff(t *testing.T, s store.Store) {
	org := mustOrg(t, s, "acme")
	m := mustMember(t, s, org.ID, "A", "")
	start := time.Date(2027, 3, 1, 8, 0, 0, 0, time.UTC)
	inst := store.TimeOff{OrgID: org.ID, MemberID: m.ID, Start: start, End: start.Add(4 * time.Hour), Reason: "dentist"}
	if err := s.CreateTimeOff(ctx, &inst); err != nil {
		t.Fatal(err)
	}
	days := store.TimeOff{OrgID: org.ID, MemberID: m.ID, AllDay: true,
		StartDate: scheduler.Date{Year: 2027, Month: 3, Day: 10}, EndDate: scheduler.Date{Year: 2027, Month: 3, Day: 12}}
	if err := s.CreateTimeOff(ctx, &days); err != nil {
		t.Fatal(err)
	}
	list, err := s.ListTimeOff(ctx, org.ID, m.ID, store.Page{Limit: 10})
	if err != nil || len(list) != 2 {
		t.Fatalf("ListTimeOff = %v, %v", list, err)
	}
	if diff := cmp.Diff([]store.TimeOff{inst, days}, list); diff != "" {
		t.Fatalf("time off round trip (-want +got):\n%s", diff)
	}
	tests := []struct {
		name     string
		from, to time.Time
		want     int
	}{
		{"before both", start.Add(-48 * time.Hour), start.Add(-24 * time.Hour), 0},
		{"overlaps instant", start.Add(time.Hour), start.Add(2 * time.Hour), 1},
		{"touches instant end", start.Add(4 * time.Hour), start.Add(5 * time.Hour), 0},
		{"last local day, any zone", time.Date(2027, 3, 12, 23, 0, 0, 0, time.UTC), time.Date(2027, 3, 13, 1, 0, 0, 0, time.UTC), 1},
		{"whole month", start.Add(-time.Hour), start.Add(30 * 24 * time.Hour), 2},
	}
	for _, tt := range tests {
		got, err := s.TimeOffBetween(ctx, org.ID, []string{m.ID}, tt.from, tt.to)
		if err != nil || len(got) != tt.want {
			t.Errorf("%s: TimeOffBetween = %d entries, %v; want %d", tt.name, len(got), err, tt.want)
		}
	}
	other := mustOrg(t, s, "globex")
	wantErr(t, "delete from other org", s.DeleteTimeOff(ctx, other.ID, m.ID, inst.ID), store.ErrNotFound)
	_, err = s.ListTimeOff(ctx, other.ID, m.ID, store.Page{Limit: 10})
	wantErr(t, "list from other org", err, store.ErrNotFound)
	if err := s.DeleteTimeOff(ctx, org.ID, m.ID, inst.ID); err != nil {
		t.Fatal(err)
	}
	wantErr(t, "delete twice", s.DeleteTimeOff(ctx, org.ID, m.ID, inst.ID), store.ErrNotFound)
}

func testTeams(t *testing.T, s store.Store) {
	org := mustOrg(t, s, "acme")
	other := mustOrg(t, s, "globex")
	team := store.Team{OrgID: org.ID, Name: "Platform", Description: "infra"}
	if err := s.CreateTeam(ctx, &team); err != nil {
		t.Fatal(err)
	}
	a := mustMember(t, s, org.ID, "A", "")
	b := mustMember(t, s, org.ID, "B", "")
	foreign := mustMember(t, s, other.ID, "F", "")

	created, err := s.PutTeamMember(ctx, org.ID, &store.TeamMember{TeamID: team.ID, MemberID: a.ID, Required: true})
	if err != nil || !created {
		t.Fatalf("PutTeamMember new = %v, %v", created, err)
	}
	created, err = s.PutTeamMember(ctx, org.ID, &store.TeamMember{TeamID: team.ID, MemberID: a.ID, Required: false})
	if err != nil || created {
		t.Fatalf("PutTeamMember update = %v, %v", created, err)
	}
	if _, err := s.PutTeamMember(ctx, org.ID, &store.TeamMember{TeamID: team.ID, MemberID: b.ID, Required: true}); err != nil {
		t.Fatal(err)
	}
	_, err = s.PutTeamMember(ctx, org.ID, &store.TeamMember{TeamID: team.ID, MemberID: foreign.ID})
	wantErr(t, "add other org's member", err, store.ErrNotFound)
	_, err = s.PutTeamMember(ctx, other.ID, &store.TeamMember{TeamID: team.ID, MemberID: foreign.ID})
	wantErr(t, "add to other org's team", err, store.ErrNotFound)

	list, err := s.ListTeamMembers(ctx, org.ID, team.ID, store.Page{Limit: 10})
	if err != nil || len(list) != 2 {
		t.Fatalf("ListTeamMembers = %v, %v", list, err)
	}
	for _, tm := range list {
		if tm.MemberID == a.ID && tm.Required {
			t.Fatalf("member A should no longer be required")
		}
	}
	first, err := s.ListTeamMembers(ctx, org.ID, team.ID, store.Page{Limit: 1})
	if err != nil || len(first) != 1 || first[0] != list[0] {
		t.Fatalf("ListTeamMembers first page = %v, %v", first, err)
	}
	rest, err := s.ListTeamMembers(ctx, org.ID, team.ID, store.Page{Limit: 10, After: first[0].MemberID})
	if err != nil || len(rest) != 1 || rest[0] != list[1] {
		t.Fatalf("ListTeamMembers after %s = %v, %v", first[0].MemberID, rest, err)
	}
	_, err = s.ListTeamMembers(ctx, other.ID, team.ID, store.Page{Limit: 10})
	wantErr(t, "list other org's team", err, store.ErrNotFound)

	team.Name = "Platform Eng"
	if err := s.UpdateTeam(ctx, &team); err != nil {
		t.Fatal(err)
	}
	got, err := s.Team(ctx, org.ID, team.ID)
	if err != nil || got.Name != "Platform Eng" || got.Description != "infra" {
		t.Fatalf("Team = %+v, %v", got, err)
	}
	_, err = s.Team(ctx, other.ID, team.ID)
	wantErr(t, "read other org's team", err, store.ErrNotFound)
	wantErr(t, "remove from other org", s.RemoveTeamMember(ctx, other.ID, team.ID, b.ID), store.ErrNotFound)
	if err := s.RemoveTeamMember(ctx, org.ID, team.ID, b.ID); err != nil {
		t.Fatal(err)
	}
	wantErr(t, "remove twice", s.RemoveTeamMember(ctx, org.ID, team.ID, b.ID), store.ErrNotFound)
	wantErr(t, "delete other org's team", s.DeleteTeam(ctx, other.ID, team.ID), store.ErrNotFound)
	if err := s.DeleteTeam(ctx, org.ID, team.ID); err != nil {
		t.Fatal(err)
	}
	_, err = s.Team(ctx, org.ID, team.ID)
	wantErr(t, "deleted team", err, store.ErrNotFound)
}

func testDeleteMemberCascades(t *testing.T, s store.Store) {
	org := mustOrg(t, s, "acme")
	m := mustMember(t, s, org.ID, "A", "")
	team := store.Team{OrgID: org.ID, Name: "T"}
	if err := s.CreateTeam(ctx, &team); err != nil {
		t.Fatal(err)
	}
	if _, err := s.PutTeamMember(ctx, org.ID, &store.TeamMember{TeamID: team.ID, MemberID: m.ID, Required: true}); err != nil {
		t.Fatal(err)
	}
	to := store.TimeOff{OrgID: org.ID, MemberID: m.ID, Start: time.Unix(0, 0).UTC(), End: time.Unix(3600, 0).UTC()}
	if err := s.CreateTimeOff(ctx, &to); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteMember(ctx, org.ID, m.ID); err != nil {
		t.Fatal(err)
	}
	list, err := s.ListTeamMembers(ctx, org.ID, team.ID, store.Page{Limit: 10})
	if err != nil || len(list) != 0 {
		t.Fatalf("team still lists %d members, %v", len(list), err)
	}
	if got, _ := s.TimeOffBetween(ctx, org.ID, []string{m.ID}, time.Unix(0, 0), time.Unix(7200, 0)); len(got) != 0 {
		t.Fatalf("time off survived its member")
	}
}

// TeamMembersVersion rises with every change to a team's places, cascades
// included, and with nothing else.
func testTeamMembersVersion(t *testing.T, s store.Store) {
	org := mustOrg(t, s, "acme")
	other := mustOrg(t, s, "globex")
	team := store.Team{OrgID: org.ID, Name: "Platform"}
	second := store.Team{OrgID: org.ID, Name: "Web"}
	for _, tm := range []*store.Team{&team, &second} {
		if err := s.CreateTeam(ctx, tm); err != nil {
			t.Fatal(err)
		}
	}
	a, b := mustMember(t, s, org.ID, "A", ""), mustMember(t, s, org.ID, "B", "")
	last := int64(-1)
	step := func(what string, wantRise bool) {
		t.Helper()
		v, err := s.TeamMembersVersion(ctx, org.ID, team.ID)
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		if rose := v > last; last >= 0 && rose != wantRise {
			t.Errorf("%s: version %d after %d, want a rise: %v", what, v, last, wantRise)
		}
		last = v
	}
	put := func(id string, required bool) {
		t.Helper()
		if _, err := s.PutTeamMember(ctx, org.ID, &store.TeamMember{TeamID: team.ID, MemberID: id, Required: required}); err != nil {
			t.Fatal(err)
		}
	}
	step("new team", false)
	put(a.ID, false)
	step("a member added", true)
	put(a.ID, true)
	step("made required", true)
	put(b.ID, false)
	step("another added", true)
	if _, err := s.PutTeamMember(ctx, org.ID, &store.TeamMember{TeamID: second.ID, MemberID: a.ID}); err != nil {
		t.Fatal(err)
	}
	team.Name = "Platform team"
	if err := s.UpdateTeam(ctx, &team); err != nil {
		t.Fatal(err)
	}
	step("another team's places and a new name", false)
	if err := s.RemoveTeamMember(ctx, org.ID, team.ID, b.ID); err != nil {
		t.Fatal(err)
	}
	step("a member removed", true)
	if err := s.DeleteMember(ctx, org.ID, a.ID); err != nil {
		t.Fatal(err)
	}
	step("a member deleted", true)
	_, err := s.TeamMembersVersion(ctx, other.ID, team.ID)
	wantErr(t, "another org's team", err, store.ErrNotFound)
	if err := s.DeleteTeam(ctx, org.ID, team.ID); err != nil {
		t.Fatal(err)
	}
	_, err = s.TeamMembersVersion(ctx, org.ID, team.ID)
	wantErr(t, "deleted team", err, store.ErrNotFound)
}
