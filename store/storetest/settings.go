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
