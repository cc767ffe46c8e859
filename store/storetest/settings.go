package storetest

import (
	"testing"

	"github.com/overlap/overlap/store"
)

func testTeamSettings(t *testing.T, s store.Store) {
	org := mustOrg(t, s, "acme")
	other := mustOrg(t, s, "globex")
	team := store.Team{OrgID: org.ID, Name: "T"}
	if err := s.CreateTeam(ctx, &team); err != nil {
		t.Fatal(err)
	}
	if v, err := s.TeamSetting(ctx, org.ID, team.ID, store.SettingOnCall); err != nil || v != nil {
		t.Fatalf("unset setting = %q, %v", v, err)
	}
	for _, v := range []string{`{"a":1}`, `{"a":2}`} {
		if err := s.PutTeamSetting(ctx, org.ID, team.ID, store.SettingOnCall, []byte(v)); err != nil {
			t.Fatal(err)
		}
	}
	if v, err := s.TeamSetting(ctx, org.ID, team.ID, store.SettingOnCall); err != nil || string(v) != `{"a":2}` {
		t.Fatalf("setting = %q, %v", v, err)
	}
	_, err := s.TeamSetting(ctx, other.ID, team.ID, store.SettingOnCall)
	wantErr(t, "read another org's team setting", err, store.ErrNotFound)
	wantErr(t, "write another org's team setting", s.PutTeamSetting(ctx, other.ID, team.ID, store.SettingOnCall, []byte("{}")), store.ErrNotFound)
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
