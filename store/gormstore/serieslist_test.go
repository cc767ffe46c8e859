package gormstore_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/overlap/overlap/store"
	"github.com/overlap/overlap/store/gormstore"
	"github.com/overlap/overlap/store/gormstore/testdb"
)

// TestSeriesListUsesTeamIndex: a page of a team's series is read from the
// index on (org_id, team_id, id) (filter and keyset; PostgreSQL may sort a
// small team's rows), not by scanning the table in ID order.
func TestSeriesListUsesTeamIndex(t *testing.T) {
	ctx := context.Background()
	for _, d := range testdb.Dialects {
		t.Run(string(d), func(t *testing.T) {
			db := testdb.Open(t, d, nil)
			seedSeries(t, db)
			for _, p := range []store.Page{{Limit: 51}, {Limit: 51, After: "s0050-0010"}} {
				plan, err := db.Explain(ctx, db.SeriesListSQL("org", "team0050", p))
				if err != nil {
					t.Fatal(err)
				}
				if !strings.Contains(plan, "meeting_series_team") || strings.Contains(plan, "Seq Scan") || strings.Contains(plan, "SCAN meeting_series") {
					t.Errorf("after %q: the list does not read the team index:\n%s", p.After, plan)
				}
			}
		})
	}
}

// seedSeries makes 100 teams of 20 series each in one organization, and
// refreshes the statistics.
func seedSeries(t *testing.T, db *gormstore.DB) {
	t.Helper()
	ctx := context.Background()
	run := func(q string) {
		t.Helper()
		if err := db.Exec(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	run(`INSERT INTO orgs (id, name, created_at) VALUES ('org', 'acme', CURRENT_TIMESTAMP)`)
	var teams, series []string
	for i := range 100 {
		teams = append(teams, fmt.Sprintf("('team%04d', 'org', 't', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)", i))
		for j := range 20 {
			series = append(series, fmt.Sprintf(`('s%04d-%04d', 'org', 'team%04d', 'n', '{}', '{"revision":1}', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)`, i, j, i))
		}
	}
	run(`INSERT INTO teams (id, org_id, name, created_at, updated_at) VALUES ` + strings.Join(teams, ", "))
	run(`INSERT INTO meeting_series (id, org_id, team_id, name, spec, plan, created_at, updated_at) VALUES ` + strings.Join(series, ", "))
	if err := db.Analyze(ctx); err != nil {
		t.Fatal(err)
	}
}
