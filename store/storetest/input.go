package storetest

import (
	"testing"
	"time"

	"github.com/overlap/overlap/store"
)

// badTexts are strings no store may store or look up: PostgreSQL refuses
// both, so every store refuses them the same way, with ErrInvalidText.
var badTexts = map[string]string{"NUL": "a\x00b", "invalid UTF-8": "a\xffb", "lone surrogate": "a\xed\xa0\x80b"}

func testInvalidText(t *testing.T, s store.Store) {
	org := mustOrg(t, s, "acme")
	m := mustMember(t, s, org.ID, "A", "a@example.com")
	team := store.Team{OrgID: org.ID, Name: "T"}
	if err := s.CreateTeam(ctx, &team); err != nil {
		t.Fatal(err)
	}
	for name, bad := range badTexts {
		t.Run(name, func(t *testing.T) {
			writes := map[string]func() error{
				"member name": func() error {
					return s.CreateMember(ctx, &store.Member{OrgID: org.ID, Name: bad, Timezone: "UTC"})
				},
				"member email": func() error {
					return s.CreateMember(ctx, &store.Member{OrgID: org.ID, Name: "B", Email: bad, Timezone: "UTC"})
				},
				"member update": func() error {
					u := m
					u.Name = bad
					return s.UpdateMember(ctx, &u)
				},
				"team name": func() error { return s.CreateTeam(ctx, &store.Team{OrgID: org.ID, Name: bad}) },
				"team description": func() error {
					u := team
					u.Description = bad
					return s.UpdateTeam(ctx, &u)
				},
				"time-off reason": func() error {
					start := time.Date(2027, 3, 1, 8, 0, 0, 0, time.UTC)
					return s.CreateTimeOff(ctx, &store.TimeOff{OrgID: org.ID, MemberID: m.ID, Start: start, End: start.Add(time.Hour), Reason: bad})
				},
				"token name": func() error {
					return s.CreateToken(ctx, &store.Token{OrgID: org.ID, Name: bad, Role: store.RoleViewer, Hash: []byte(name + "0123456789abcdef0123456789")})
				},
				"calendar name": func() error {
					return s.CreateCalendar(ctx, &store.Calendar{OrgID: org.ID, MemberID: m.ID, Name: bad, Kind: store.KindBusy, Source: store.SourceUpload}, nil)
				},
				"member lookup": func() error { _, err := s.Member(ctx, org.ID, bad); return err },
				"team lookup":   func() error { _, err := s.Team(ctx, org.ID, bad); return err },
				"members by ID": func() error { _, err := s.MembersByID(ctx, org.ID, []string{m.ID, bad}); return err },
			}
			for what, fn := range writes {
				wantErr(t, what, fn(), store.ErrInvalidText)
			}
		})
	}
	got, err := s.Member(ctx, org.ID, m.ID)
	if err != nil || got.Name != "A" {
		t.Fatalf("member after refused updates = %+v, %v", got, err)
	}
}

// testUnavailable: a store whose database is gone answers ErrUnavailable,
// which callers may retry, rather than an unknown error.
func testUnavailable(t *testing.T, s store.Store) {
	org := mustOrg(t, s, "acme")
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	_, err := s.Member(ctx, org.ID, "x")
	wantErr(t, "Member on a closed store", err, store.ErrUnavailable)
	wantErr(t, "CreateTeam on a closed store", s.CreateTeam(ctx, &store.Team{OrgID: org.ID, Name: "T"}), store.ErrUnavailable)
	wantErr(t, "DeleteMember on a closed store", s.DeleteMember(ctx, org.ID, "x"), store.ErrUnavailable)
	wantErr(t, "Ping on a closed store", s.Ping(ctx), store.ErrUnavailable)
}
