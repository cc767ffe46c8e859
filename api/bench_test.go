package api_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"
	"time"

	"github.com/overlap/overlap/api/apitest"
	"github.com/overlap/overlap/scheduler"
	"github.com/overlap/overlap/store"
	"github.com/overlap/overlap/store/gormstore"
)

// BenchmarkTeamOverlapHTTP measures GET /v1/teams/{id}/overlap for a
// 100-member team over 30 days (~20 busy hours per member per week) through
// the router and a real store: PostgreSQL when TEST_DATABASE_URL is set.
func BenchmarkTeamOverlapHTTP(b *testing.B) {
	for _, d := range []gormstore.Dialect{gormstore.SQLite, gormstore.Postgres} {
		if d == gormstore.Postgres && os.Getenv("TEST_DATABASE_URL") == "" {
			continue
		}
		b.Run(string(d), func(b *testing.B) {
			e := apitest.NewB(b, d, nil)
			team := seedTeam(b, e, 100)
			path := "/v1/teams/" + team + "/overlap?from=2027-01-04T00:00:00Z&to=2027-02-03T00:00:00Z&quorum=50"
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				req := httptest.NewRequest("GET", path, nil)
				req.Header.Set("Authorization", "Bearer "+e.Viewer)
				rec := httptest.NewRecorder()
				e.Server.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					b.Fatalf("%d %s", rec.Code, rec.Body)
				}
			}
		})
	}
}

var benchZones = []string{"America/Los_Angeles", "America/New_York", "Europe/Berlin", "Asia/Kolkata", "Asia/Tokyo", "Australia/Sydney"}

func seedTeam(b *testing.B, e *apitest.Env, n int) string {
	ctx := context.Background()
	team := store.Team{OrgID: e.OrgID, Name: "bench"}
	if err := e.Store.CreateTeam(ctx, &team); err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	start := time.Date(2027, 1, 4, 0, 0, 0, 0, time.UTC)
	for i := 0; i < n; i++ {
		m := store.Member{OrgID: e.OrgID, Name: fmt.Sprint("m", i), Timezone: benchZones[i%len(benchZones)], WorkingHours: scheduler.DefaultWeeklyHours()}
		if err := e.Store.CreateMember(ctx, &m); err != nil {
			b.Fatal(err)
		}
		if _, err := e.Store.PutTeamMember(ctx, e.OrgID, &store.TeamMember{TeamID: team.ID, MemberID: m.ID, Required: i == 0}); err != nil {
			b.Fatal(err)
		}
		snap := &store.Snapshot{At: start}
		for j := 0; j < 100; j++ {
			s := start.Add(time.Duration(rng.IntN(35*24*4)) * 15 * time.Minute)
			snap.Intervals = append(snap.Intervals, store.BusyInterval{Start: s, End: s.Add(time.Hour), Kind: "busy", UID: fmt.Sprint("e", j)})
		}
		c := store.Calendar{OrgID: e.OrgID, MemberID: m.ID, Kind: store.KindBusy, Source: store.SourceUpload}
		if err := e.Store.CreateCalendar(ctx, &c, snap); err != nil {
			b.Fatal(err)
		}
	}
	return team.ID
}
