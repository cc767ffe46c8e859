package api_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/overlap/overlap/api/apitest"
	"github.com/overlap/overlap/planner"
	"github.com/overlap/overlap/scheduler"
	"github.com/overlap/overlap/store"
	"github.com/overlap/overlap/store/gormstore"
)

// The scale benchmarks seed realistic calendars (about four meetings of 30 to
// 90 minutes on every working day, in the member's own working hours, ~20
// busy hours a week) over the whole range they ask, then query through the
// router. Each request shifts its window by a day so that nothing answers a
// repeat. They report the median ("p50-ms") besides the mean.
//
//	TEST_DATABASE_URL=… go test -run XXX -bench Scale -benchtime 20x -benchmem ./api/
//
// BENCH_SCALE_MEMBERS overrides the large team's size (default 1000).

var scaleStart = time.Date(2027, 1, 4, 0, 0, 0, 0, time.UTC)

const scaleDays = 100 // seeded days from scaleStart

func scaleDialects() []gormstore.Dialect {
	ds := []gormstore.Dialect{gormstore.SQLite}
	if os.Getenv("TEST_DATABASE_URL") != "" {
		ds = []gormstore.Dialect{gormstore.Postgres, gormstore.SQLite}
	}
	if d := os.Getenv("BENCH_SCALE_DIALECT"); d != "" {
		ds = []gormstore.Dialect{gormstore.Dialect(d)}
	}
	return ds
}

// scaleICS-like busy time of one member in its zone, over [from, from+days).
func scaleBusy(rng *rand.Rand, zone string, from time.Time, days int) []store.BusyInterval {
	loc, _ := time.LoadLocation(zone)
	out := make([]store.BusyInterval, 0, days*3)
	for d := 0; d < days; d++ {
		day := from.AddDate(0, 0, d)
		if wd := day.Weekday(); wd == time.Saturday || wd == time.Sunday {
			continue
		}
		for k := 0; k < 4; k++ {
			st := time.Date(day.Year(), day.Month(), day.Day(), 9, 15*rng.IntN(28), 0, 0, loc)
			out = append(out, store.BusyInterval{Start: st.UTC(), End: st.Add(time.Duration(30+15*rng.IntN(5)) * time.Minute).UTC(),
				Kind: "busy", UID: fmt.Sprintf("e%d-%d@example.com", d, k)})
		}
	}
	return out
}

// seedScale adds n members (with a calendar each) to the org, and to team
// when it is not empty, with a few writers at once.
func seedScale(b *testing.B, e *apitest.Env, team string, n, offset, days int) {
	b.Helper()
	ctx := context.Background()
	var wg sync.WaitGroup
	var mu sync.Mutex
	var firstErr error
	workers := 4
	if e.Store.Dialect() == gormstore.SQLite {
		workers = 1
	}
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < n; i += workers {
				rng := rand.New(rand.NewPCG(uint64(offset+i), 7))
				zone := benchZones[(offset+i)%len(benchZones)]
				m := store.Member{OrgID: e.OrgID, Name: fmt.Sprint("m", offset+i), Timezone: zone, WorkingHours: scheduler.DefaultWeeklyHours()}
				err := e.Store.CreateMember(ctx, &m)
				if err == nil && team != "" {
					_, err = e.Store.PutTeamMember(ctx, e.OrgID, &store.TeamMember{TeamID: team, MemberID: m.ID, Required: offset+i == 0})
				}
				if err == nil {
					snap := &store.Snapshot{At: scaleStart, Intervals: scaleBusy(rng, zone, scaleStart.AddDate(0, 0, -7), days+7)}
					c := store.Calendar{OrgID: e.OrgID, MemberID: m.ID, Kind: store.KindBusy, Source: store.SourceUpload}
					err = e.Store.CreateCalendar(ctx, &c, snap)
				}
				if err != nil {
					mu.Lock()
					firstErr = err
					mu.Unlock()
					return
				}
			}
		}()
	}
	wg.Wait()
	if firstErr != nil {
		b.Fatal(firstErr)
	}
}

func newScaleTeam(b *testing.B, e *apitest.Env, n, offset int) string {
	b.Helper()
	team := store.Team{OrgID: e.OrgID, Name: fmt.Sprint("scale-", n, "-", offset)}
	if err := e.Store.CreateTeam(context.Background(), &team); err != nil {
		b.Fatal(err)
	}
	seedScale(b, e, team.ID, n, offset, scaleDays)
	return team.ID
}

func scaleMembers() int {
	if n, err := strconv.Atoi(os.Getenv("BENCH_SCALE_MEMBERS")); err == nil && n > 0 {
		return n
	}
	return 1000
}

// runScale requests path(i) b.N times and reports the median.
func runScale(b *testing.B, e *apitest.Env, path func(i int) string) {
	b.Helper()
	lat := make([]time.Duration, 0, b.N)
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := processCPU()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		req := httptest.NewRequest("GET", path(i), nil)
		req.Header.Set("Authorization", "Bearer "+e.Viewer)
		rec := httptest.NewRecorder()
		e.Server.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("%d %.300s", rec.Code, rec.Body)
		}
		lat = append(lat, time.Since(t0))
	}
	b.StopTimer()
	b.ReportMetric(float64(processCPU()-cpu0)/float64(b.N)/1e6, "cpu-ms") // the Go side's CPU, database aside
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2])/1e6, "p50-ms")
	b.ReportMetric(float64(lat[0])/1e6, "min-ms") // the least disturbed request on a shared machine
}

func window(i, days int) string {
	from := scaleStart.AddDate(0, 0, i%7)
	return "from=" + from.Format(time.RFC3339) + "&to=" + from.AddDate(0, 0, days).Format(time.RFC3339)
}

// BenchmarkScaleTeam measures overlap (30 and 90 days), the matrix and a
// team_overlap feed build for a large team, and overlap for a 100-member team
// of the same organization.
func BenchmarkScaleTeam(b *testing.B) {
	for _, d := range scaleDialects() {
		b.Run(string(d), func(b *testing.B) {
			e := apitest.NewB(b, d, nil)
			n := scaleMembers()
			big := newScaleTeam(b, e, n, 0)
			small := newScaleTeam(b, e, 100, n)
			ctx := context.Background()
			if os.Getenv("BENCH_SCALE_ANALYZE") == "1" {
				if err := e.Store.Analyze(ctx); err != nil {
					b.Fatal(err)
				}
			}
			for _, days := range []int{30, 90} {
				b.Run(fmt.Sprintf("overlap/members=%d/days=%d", n, days), func(b *testing.B) {
					runScale(b, e, func(i int) string {
						return "/v1/teams/" + big + "/overlap?" + window(i, days) + "&quorum=" + fmt.Sprint(n/2)
					})
				})
			}
			b.Run("overlap/members=100/days=30", func(b *testing.B) {
				runScale(b, e, func(i int) string { return "/v1/teams/" + small + "/overlap?" + window(i, 30) + "&quorum=50" })
			})
			b.Run(fmt.Sprintf("matrix/members=%d/days=30", n), func(b *testing.B) {
				runScale(b, e, func(i int) string { return "/v1/teams/" + big + "/analytics/matrix?" + window(i, 30) })
			})
			b.Run(fmt.Sprintf("load/members=%d/days=30", n), func(b *testing.B) {
				benchLoad(b, e, big, 30)
			})
			b.Run(fmt.Sprintf("feed/members=%d", n), func(b *testing.B) {
				p := planner.New(e.Store, nil, nil)
				f := store.Feed{OrgID: e.OrgID, Kind: store.FeedTeamOverlap, TeamID: big,
					Options: store.FeedOptions{Quorum: 2, Past: 7 * 24 * time.Hour, Horizon: 60 * 24 * time.Hour}}
				b.ReportAllocs()
				lat := make([]time.Duration, 0, b.N)
				cpu0 := processCPU()
				for i := 0; i < b.N; i++ {
					t0 := time.Now()
					if _, err := p.FeedCalendar(ctx, e.Store, f, scaleStart.AddDate(0, 0, 7+i%7)); err != nil {
						b.Fatal(err)
					}
					lat = append(lat, time.Since(t0))
				}
				b.ReportMetric(float64(processCPU()-cpu0)/float64(b.N)/1e6, "cpu-ms")
				slices.Sort(lat)
				b.ReportMetric(float64(lat[len(lat)/2])/1e6, "p50-ms")
				b.ReportMetric(float64(lat[0])/1e6, "min-ms")
			})
		})
	}
}

// BenchmarkScaleOrg measures a 100-member team's overlap alone in its
// organization, then with BENCH_SCALE_ORG (default 10,000) members in it,
// without fresh statistics (as on a database where autovacuum has not run).
func BenchmarkScaleOrg(b *testing.B) {
	org := 10000
	if n, err := strconv.Atoi(os.Getenv("BENCH_SCALE_ORG")); err == nil && n > 0 {
		org = n
	}
	for _, d := range scaleDialects() {
		b.Run(string(d), func(b *testing.B) {
			e := apitest.NewB(b, d, nil)
			team := newScaleTeam(b, e, 100, 0)
			q := func(i int) string { return "/v1/teams/" + team + "/overlap?" + window(i, 30) + "&quorum=50" }
			b.Run("org=100", func(b *testing.B) { runScale(b, e, q) })
			seedScale(b, e, "", org-100, 100, 37) // the queried weeks
			b.Run(fmt.Sprintf("org=%d", org), func(b *testing.B) { runScale(b, e, q) })
		})
	}
}

// benchLoad times each read of a team load on its own (ms per call).
func benchLoad(b *testing.B, e *apitest.Env, team string, days int) {
	ctx := context.Background()
	tms, err := e.Store.ListTeamMembers(ctx, e.OrgID, team, store.Page{Limit: 100000})
	if err != nil {
		b.Fatal(err)
	}
	ids := make([]string, len(tms))
	for i, tm := range tms {
		ids[i] = tm.MemberID
	}
	steps := []struct {
		name string
		fn   func(from, to time.Time) error
	}{
		{"team", func(time.Time, time.Time) error {
			_, err := e.Store.ListTeamMembers(ctx, e.OrgID, team, store.Page{Limit: 1000})
			return err
		}},
		{"members", func(time.Time, time.Time) error { _, err := e.Store.MembersByID(ctx, e.OrgID, ids); return err }},
		{"busy", func(from, to time.Time) error { _, err := e.Store.BusyBlocks(ctx, e.OrgID, ids, from, to); return err }},
		{"calendars", func(time.Time, time.Time) error { _, err := e.Store.CalendarHealthOf(ctx, e.OrgID, ids); return err }},
		{"timeoff", func(from, to time.Time) error {
			_, err := e.Store.TimeOffBetween(ctx, e.OrgID, ids, from, to)
			return err
		}},
	}
	if os.Getenv("BENCH_SCALE_EXPLAIN") == "1" && e.Store.Dialect() == gormstore.Postgres {
		for _, q := range []string{
			`ANALYZE SELECT * FROM members WHERE org_id = $1 AND id = ANY($2) ORDER BY id`,
			`ANALYZE SELECT * FROM calendars WHERE org_id = $1 AND member_id = ANY($2) ORDER BY id`,
			`ANALYZE SELECT * FROM time_off WHERE org_id = $1 AND member_id = ANY($2) AND start_at < 1900000000 AND end_at > 0`,
			// The busy read as gormstore sends it, for the first window.
			fmt.Sprintf(`(ANALYZE, BUFFERS) SELECT m.i, p.bucket, p.spans
			FROM unnest($2::text[]) WITH ORDINALITY AS m(id, i)
			CROSS JOIN LATERAL (SELECT bucket, spans FROM busy_packs
				WHERE org_id = $1 AND member_id = m.id AND bucket <= %d AND max_end > %d OFFSET 0) AS p`,
				(scaleStart.AddDate(0, 0, days).Unix()-1)/(30*24*3600), scaleStart.Unix()),
		} {
			plan, err := e.Store.Explain(ctx, q, e.OrgID, ids)
			b.Logf("%s\n%s", q, plan)
			if err != nil {
				b.Fatal(err)
			}
		}
	}
	total := make([]time.Duration, len(steps))
	for i := 0; i < b.N; i++ {
		from := scaleStart.AddDate(0, 0, i%7)
		for k, st := range steps {
			t0 := time.Now()
			if err := st.fn(from, from.AddDate(0, 0, days)); err != nil {
				b.Fatal(err)
			}
			total[k] += time.Since(t0)
		}
	}
	for k, st := range steps {
		b.ReportMetric(float64(total[k])/float64(b.N)/1e6, st.name+"-ms")
	}
}
