package gormstore_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/overlap/overlap/store/gormstore"
	"github.com/overlap/overlap/store/gormstore/testdb"
)

// hotQueries are the reads of a team request, as the store sends them
// (GORM's IN lists are = ANY to PostgreSQL's planner).
var hotQueries = []struct{ name, sql string }{
	{"team places", `SELECT * FROM team_members WHERE team_id = $1 ORDER BY member_id LIMIT 1001`},
	{"members", `SELECT r.* FROM unnest($2::text[]) AS m(id)
		CROSS JOIN LATERAL (SELECT * FROM members WHERE id = m.id AND org_id = $1 OFFSET 0) AS r ORDER BY r.id`},
	{"time off", `SELECT t.* FROM unnest($2::text[]) AS m(id)
		CROSS JOIN LATERAL (SELECT * FROM time_off WHERE org_id = $1 AND member_id = m.id
			AND start_at < 1800000000 AND end_at > 1790000000 OFFSET 0) AS t ORDER BY t.member_id, t.start_at`},
	{"calendars", `SELECT c.* FROM unnest($2::text[]) AS m(id)
		CROSS JOIN LATERAL (SELECT * FROM calendars WHERE org_id = $1 AND member_id = m.id OFFSET 0) AS c ORDER BY c.id`},
	{"calendar health", `SELECT c.id, c.member_id, c.source, c.refresh_interval, c.feed_interval, c.last_success_at, c.last_error_code
		FROM unnest($2::text[]) AS m(id)
		CROSS JOIN LATERAL (SELECT * FROM calendars WHERE org_id = $1 AND member_id = m.id OFFSET 0) AS c ORDER BY c.id`},
	{"busy packs", `SELECT m.i, p.bucket, p.spans
		FROM unnest($2::text[]) WITH ORDINALITY AS m(id, i)
		CROSS JOIN LATERAL (SELECT bucket, spans FROM busy_packs
			WHERE org_id = $1 AND member_id = m.id AND bucket <= 690 AND max_end > 1790000000 OFFSET 0) AS p`},
	{"busy API", `SELECT p.* FROM unnest($2::text[]) AS m(id)
		CROSS JOIN LATERAL (SELECT * FROM busy_packs
			WHERE org_id = $1 AND member_id = m.id AND bucket <= 690 AND max_end > 1790000000 OFFSET 0) AS p`},
}

// A scan of a table, or of the organization's whole part of an index: both
// grow with the organization, not with the team.
var seqScan = regexp.MustCompile(`Seq Scan on (team_members|members|time_off|calendars|busy_packs)\b|Index Scan on members_org_id`)

// Every hot query of a team request uses an index whatever the planner's
// statistics: on a fresh database, on one with 10,000 members that was never
// analyzed (autovacuum off), and after ANALYZE.
func TestHotQueriesUseIndexes(t *testing.T) {
	ctx := context.Background()
	db := testdb.Open(t, gormstore.Postgres, nil)
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := db.Explain(ctx, "ANALYZE "+q, args...); err != nil { // EXPLAIN ANALYZE runs it
			t.Fatalf("%s: %v", q, err)
		}
	}
	const org, team = "org", "team"
	exec(`INSERT INTO orgs (id, name, created_at) VALUES ('org', 'acme', now())`)
	exec(`INSERT INTO teams (id, org_id, name, created_at, updated_at) VALUES ('team', 'org', 't', now(), now()), ('other', 'org', 'o', now(), now())`)
	ids := make([]string, 100)
	for i := range ids {
		ids[i] = fmt.Sprintf("m%05d", i+1)
	}
	check := func(state string) {
		t.Helper()
		for _, q := range hotQueries {
			args := []any{org, ids}
			if q.name == "team places" {
				args = []any{team}
			}
			plan, err := db.Explain(ctx, q.sql, args...)
			if err != nil {
				t.Fatalf("%s: %s: %v", state, q.name, err)
			}
			if seqScan.MatchString(plan) {
				t.Errorf("%s: %s scans a table:\n%s", state, q.name, plan)
			}
		}
	}
	seed := func(from, to int) {
		exec(fmt.Sprintf(`INSERT INTO members (id, org_id, name, timezone, working_hours, created_at, updated_at)
			SELECT 'm' || lpad(g::text, 5, '0'), 'org', 'm', 'UTC', '{}', now(), now() FROM generate_series(%d, %d) g`, from, to))
		exec(fmt.Sprintf(`INSERT INTO team_members (team_id, member_id, required, added_at)
			SELECT CASE WHEN g <= 100 THEN 'team' ELSE 'other' END, 'm' || lpad(g::text, 5, '0'), false, now() FROM generate_series(%d, %d) g`, from, to))
		exec(fmt.Sprintf(`INSERT INTO calendars (id, org_id, member_id, kind, source, created_at, updated_at)
			SELECT 'c' || g, 'org', 'm' || lpad(g::text, 5, '0'), 'busy', 'upload', now(), now() FROM generate_series(%d, %d) g`, from, to))
		exec(fmt.Sprintf(`INSERT INTO busy_packs (calendar_id, org_id, member_id, bucket, max_end, n, spans, uids)
			SELECT 'c' || g, 'org', 'm' || lpad(g::text, 5, '0'), b, b * 2592000 + 100, 1, '\x000000000000003c00'::bytea, '\x00000000'::bytea
			FROM generate_series(%d, %d) g, generate_series(680, 700) b`, from, to))
		exec(fmt.Sprintf(`INSERT INTO time_off (id, org_id, member_id, start_at, end_at, created_at)
			SELECT 't' || g, 'org', 'm' || lpad(g::text, 5, '0'), 1790000000, 1790086400, now() FROM generate_series(%d, %d) g`, from, to))
	}
	seed(1, 100)
	check("100 members, fresh")
	seed(101, 10000)
	check("10,000 members, never analyzed")
	if err := db.Analyze(ctx); err != nil {
		t.Fatal(err)
	}
	check("10,000 members, analyzed")
}

// sqliteHotQueries are the team reads as the store sends them to SQLite.
var sqliteHotQueries = []struct{ name, sql string }{
	{"team places", `SELECT * FROM team_members WHERE team_id = 'team' ORDER BY member_id LIMIT 1001`},
	{"members", `SELECT * FROM members AS r WHERE r.org_id = 'org' AND r.id IN ('m00001', 'm00002', 'm00050') ORDER BY r.id`},
	{"time off", `SELECT * FROM time_off WHERE org_id = 'org' AND member_id IN ('m00001', 'm00002') AND start_at < 1800000000 AND end_at > 1790000000 ORDER BY member_id, start_at`},
	{"calendars", `SELECT * FROM calendars AS c WHERE c.org_id = 'org' AND c.member_id IN ('m00001', 'm00002') ORDER BY c.id`},
	{"busy packs", `SELECT member_id, bucket, spans FROM busy_packs
		WHERE org_id = 'org' AND member_id IN ('m00001', 'm00002') AND bucket <= 690 AND max_end > 1790000000`},
}

// On SQLite too, with and without ANALYZE, no team read scans a table.
func TestHotQueriesUseIndexesSQLite(t *testing.T) {
	ctx := context.Background()
	db := testdb.Open(t, gormstore.SQLite, nil)
	exec := func(q string) {
		t.Helper()
		if err := db.Exec(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	exec(`INSERT INTO orgs (id, name, created_at) VALUES ('org', 'acme', CURRENT_TIMESTAMP)`)
	exec(`INSERT INTO teams (id, org_id, name, created_at, updated_at) VALUES ('team', 'org', 't', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP), ('other', 'org', 'o', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)`)
	const series = `WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < 10000) `
	exec(series + `INSERT INTO members (id, org_id, name, timezone, working_hours, created_at, updated_at)
		SELECT printf('m%05d', n), 'org', 'm', 'UTC', '{}', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP FROM g`)
	exec(series + `INSERT INTO team_members (team_id, member_id, required, added_at)
		SELECT CASE WHEN n <= 100 THEN 'team' ELSE 'other' END, printf('m%05d', n), 0, CURRENT_TIMESTAMP FROM g`)
	exec(series + `INSERT INTO calendars (id, org_id, member_id, kind, source, created_at, updated_at)
		SELECT 'c' || n, 'org', printf('m%05d', n), 'busy', 'upload', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP FROM g`)
	exec(series + `INSERT INTO busy_packs (calendar_id, org_id, member_id, bucket, max_end, n, spans, uids)
		SELECT 'c' || n, 'org', printf('m%05d', n), 690, 690 * 2592000 + 100, 1, x'000000000000003c00', x'00000000' FROM g`)
	exec(series + `INSERT INTO time_off (id, org_id, member_id, start_at, end_at, created_at)
		SELECT 't' || n, 'org', printf('m%05d', n), 1790000000, 1790086400, CURRENT_TIMESTAMP FROM g`)
	scan := regexp.MustCompile(`(?m)^SCAN (team_members|members|time_off|calendars|busy_packs|r|c)\b`)
	for _, state := range []string{"never analyzed", "analyzed"} {
		if state == "analyzed" {
			if err := db.Analyze(ctx); err != nil {
				t.Fatal(err)
			}
		}
		for _, q := range sqliteHotQueries {
			plan, err := db.Explain(ctx, q.sql)
			if err != nil {
				t.Fatalf("%s: %v", q.name, err)
			}
			if !strings.Contains(plan, "USING") {
				t.Errorf("%s: %s: no index in the plan:\n%s", state, q.name, plan)
			}
			if scan.MatchString(plan) {
				t.Errorf("%s: %s scans a table:\n%s", state, q.name, plan)
			}
		}
	}
}
