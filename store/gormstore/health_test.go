package gormstore_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/overlap/overlap/store"
	"github.com/overlap/overlap/store/gormstore/testdb"
)

// Migration 00009 fills the calendar health copy of members who already
// have calendars.
func TestMigrationCopiesCalendarHealth(t *testing.T) {
	for _, d := range testdb.Dialects {
		t.Run(string(d), func(t *testing.T) {
			ctx := context.Background()
			db, raw := openUnmigrated(t, d)
			if err := db.MigrateTo(ctx, 8); err != nil {
				t.Fatal(err)
			}
			now := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
			exec := rawExec(t, d, raw)
			exec(`INSERT INTO orgs (id, name, created_at) VALUES (?, ?, ?)`, "o1", "acme", now)
			for _, m := range []string{"m1", "m2", "m3"} {
				exec(`INSERT INTO members (id, org_id, name, timezone, working_hours, created_at, updated_at) VALUES (?, 'o1', ?, 'UTC', '[]', ?, ?)`, m, m, now, now)
			}
			exec(`INSERT INTO calendars (id, org_id, member_id, kind, source, url, refresh_interval, feed_interval, last_success_at, last_error_code, created_at, updated_at)
				VALUES ('c2', 'o1', 'm1', 'busy', 'url', 'https://example.com/a.ics', 3600, 900, 1798000000, '', ?, ?)`, now, now)
			exec(`INSERT INTO calendars (id, org_id, member_id, kind, source, last_error_code, created_at, updated_at)
				VALUES ('c1', 'o1', 'm1', 'holidays', 'upload', 'parse_error', ?, ?)`, now, now)
			exec(`INSERT INTO calendars (id, org_id, member_id, kind, source, created_at, updated_at) VALUES ('c3', 'o1', 'm2', 'busy', 'upload', ?, ?)`, now, now)
			if err := db.Migrate(ctx, nil); err != nil {
				t.Fatal(err)
			}
			ids := []string{"m1", "m2", "m3"}
			members, health, err := db.MemberSchedules(ctx, "o1", ids)
			if err != nil || len(members) != 3 {
				t.Fatalf("MemberSchedules = %d members, %v", len(members), err)
			}
			want, err := db.CalendarHealthOf(ctx, "o1", ids)
			if err != nil {
				t.Fatal(err)
			}
			byID := func(a, b store.Calendar) int { return strings.Compare(a.ID, b.ID) }
			slices.SortFunc(health, byID)
			slices.SortFunc(want, byID)
			if len(want) != 3 {
				t.Fatalf("CalendarHealthOf = %+v", want)
			}
			if diff := cmp.Diff(want, health); diff != "" {
				t.Errorf("health copied by the migration (-calendars +copy):\n%s", diff)
			}
		})
	}
}
