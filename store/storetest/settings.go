package storetest

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/overlap/overlap/store"
)

func testTeamSettings(t *testing.T, s store.Store) {
	org := mustOrg(t, s, "acme")
	other := mustOrg(t, s, "globex")
	team := store.Team{OrgID: org.ID, Name: "T"}
	if err := s.CreateTeam(ctx, &team); err != nil {
		t.Fatal(err)
	}
	_, err := s.OnCall(ctx, org.ID, team.ID)
	wantErr(t, "unset on-call", err, store.ErrNotSet)
	wantErr(t, "unset on-call is not found", err, store.ErrNotFound)
	_, err = s.ResponsePolicy(ctx, org.ID, team.ID)
	wantErr(t, "unset response policy", err, store.ErrNotSet)

	from := at(9)
	oc := store.OnCall{Strategy: "rotation", Members: []string{"a", "b"}, ShiftDays: 7, Handoff: "09:00", Timezone: "Europe/Berlin",
		StartDate: "2026-01-05", Overrides: []store.OnCallOverride{{From: from, To: from.Add(time.Hour), MemberID: "b"}}}
	roundTrip(t, "on-call", []store.OnCall{{Strategy: "rotation", Members: []string{"x"}, ShiftDays: 1}, oc},
		func(o store.OnCall) error { return s.PutOnCall(ctx, org.ID, team.ID, o) },
		func() (store.OnCall, error) { return s.OnCall(ctx, org.ID, team.ID) })
	pol := store.DefaultResponsePolicy()
	pol.MeetingsBlock = true
	pol.Rules[store.PriorityLow] = store.PolicyRule{Within: 90 * time.Minute, Clock: "calendar"}
	roundTrip(t, "response policy", []store.ResponsePolicy{store.DefaultResponsePolicy(), pol},
		func(p store.ResponsePolicy) error { return s.PutResponsePolicy(ctx, org.ID, team.ID, p) },
		func() (store.ResponsePolicy, error) { return s.ResponsePolicy(ctx, org.ID, team.ID) })
	// The two settings are independent: the on-call schedule is unchanged.
	if got, err := s.OnCall(ctx, org.ID, team.ID); err != nil || !cmp.Equal(oc, got) {
		t.Errorf("on-call after policy = %+v, %v", got, err)
	}

	_, err = s.OnCall(ctx, other.ID, team.ID)
	wantErr(t, "read another org's on-call", err, store.ErrNotFound)
	if errors.Is(err, store.ErrNotSet) {
		t.Errorf("another org's team reads as unset, want plain ErrNotFound")
	}
	_, err = s.ResponsePolicy(ctx, other.ID, team.ID)
	wantErr(t, "read another org's response policy", err, store.ErrNotFound)
	wantErr(t, "write another org's on-call", s.PutOnCall(ctx, other.ID, team.ID, oc), store.ErrNotFound)
	wantErr(t, "write another org's response policy", s.PutResponsePolicy(ctx, other.ID, team.ID, pol), store.ErrNotFound)
	_, err = s.OnCall(ctx, org.ID, "no-such-team")
	wantErr(t, "on-call of an unknown team", err, store.ErrNotFound)
}

// roundTrip puts each value in turn and checks that get reads the last one.
func roundTrip[T any](t *testing.T, what string, values []T, put func(T) error, get func() (T, error)) {
	t.Helper()
	for _, v := range values {
		if err := put(v); err != nil {
			t.Fatalf("put %s: %v", what, err)
		}
	}
	got, err := get()
	if err != nil {
		t.Fatalf("get %s: %v", what, err)
	}
	if diff := cmp.Diff(values[len(values)-1], got); diff != "" {
		t.Errorf("%s (-put +got):\n%s", what, diff)
	}
}

func testExchanges(t *testing.T, s store.Store) {
	org := mustOrg(t, s, "acme")
	other := mustOrg(t, s, "globex")
	team := store.Team{OrgID: org.ID, Name: "T"}
	if err := s.CreateTeam(ctx, &team); err != nil {
		t.Fatal(err)
	}
	ans, exp := at(12), at(11)
	for i, sent := range []int{9, 10, 15} {
		e := store.Exchange{OrgID: org.ID, TeamID: team.ID, FromMember: "a", ToMember: "b", Priority: store.PriorityNormal, SentAt: at(sent)}
		if i == 0 {
			e.AnsweredAt, e.ExpectedBy = &ans, &exp
		}
		if err := s.CreateExchange(ctx, &e); err != nil {
			t.Fatal(err)
		}
	}
	list, err := s.ExchangesBetween(ctx, org.ID, team.ID, at(9), at(15))
	if err != nil || len(list) != 2 || !list[0].AnsweredAt.Equal(ans) || !list[0].ExpectedBy.Equal(exp) || list[1].AnsweredAt != nil {
		t.Fatalf("ExchangesBetween = %+v, %v", list, err)
	}
	_, err = s.ExchangesBetween(ctx, other.ID, team.ID, at(0), at(23))
	wantErr(t, "another org's exchanges", err, store.ErrNotFound)
	bad := store.Exchange{OrgID: other.ID, TeamID: team.ID, Priority: store.PriorityLow, SentAt: at(1)}
	wantErr(t, "exchange in another org's team", s.CreateExchange(ctx, &bad), store.ErrNotFound)
}
