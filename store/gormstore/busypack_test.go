package gormstore_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/overlap/overlap/store"
	"github.com/overlap/overlap/store/gormstore"
	"github.com/overlap/overlap/store/gormstore/testdb"
)

func openUnmigrated(t *testing.T, d gormstore.Dialect) (*gormstore.DB, *sql.DB) {
	t.Helper()
	cfg := gormstore.Config{}
	if d == gormstore.Postgres {
		cfg.URL = testdb.SchemaURL(t)
	} else {
		cfg.SQLitePath = filepath.Join(t.TempDir(), "overlap.db")
	}
	db, err := gormstore.Open(t.Context(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	raw, err := sql.Open(map[gormstore.Dialect]string{gormstore.Postgres: "pgx", gormstore.SQLite: "sqlite"}[d],
		map[gormstore.Dialect]string{gormstore.Postgres: cfg.URL, gormstore.SQLite: cfg.SQLitePath}[d])
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close() })
	return db, raw
}

// rawExec runs a statement on raw, a database of dialect d, written with
// "?" placeholders (numbered for PostgreSQL).
func rawExec(t *testing.T, d gormstore.Dialect, raw *sql.DB) func(q string, args ...any) {
	return func(q string, args ...any) {
		t.Helper()
		if d == gormstore.Postgres {
			for i := len(args); i >= 1; i-- {
				q = replaceNth(q, i)
			}
		}
		if _, err := raw.ExecContext(t.Context(), q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

// Migration 00006 packs the per-interval rows of version 5: every interval
// reads back the same, with its calendar, kind and UID, and the range
// queries still hold (a long interval started in an earlier bucket is found).
func TestMigrationPacksIntervals(t *testing.T) {
	for _, d := range testdb.Dialects {
		t.Run(string(d), func(t *testing.T) {
			ctx := context.Background()
			db, raw := openUnmigrated(t, d)
			if err := db.MigrateTo(ctx, 5); err != nil {
				t.Fatal(err)
			}
			now := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
			exec := rawExec(t, d, raw)
			exec(`INSERT INTO orgs (id, name, created_at) VALUES (?, ?, ?)`, "o1", "acme", now)
			for _, m := range []string{"m1", "m2"} {
				exec(`INSERT INTO members (id, org_id, name, timezone, working_hours, created_at, updated_at) VALUES (?, 'o1', ?, 'UTC', '{}', ?, ?)`, m, m, now, now)
			}
			for _, c := range [][2]string{{"c1", "m1"}, {"c2", "m1"}, {"c3", "m2"}} {
				exec(`INSERT INTO calendars (id, org_id, member_id, kind, source, created_at, updated_at) VALUES (?, 'o1', ?, 'busy', 'upload', ?, ?)`, c[0], c[1], now, now)
			}
			h := func(day, hour int) time.Time { return time.Date(2027, 1, day, hour, 0, 0, 0, time.UTC) }
			want := []store.BusyInterval{
				{CalendarID: "c1", MemberID: "m1", Start: h(1, 9), End: h(1, 10), Kind: "busy", UID: "a@x"},
				{CalendarID: "c2", MemberID: "m1", Start: h(1, 9), End: h(1, 11), Kind: "tentative", UID: "é✓"},
				{CalendarID: "c1", MemberID: "m1", Start: h(2, 9).Add(17 * time.Second), End: h(2, 10), Kind: "oof", UID: ""},
				{CalendarID: "c1", MemberID: "m1", Start: time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC), End: h(20, 0), Kind: "time_off", UID: "long"},
				{CalendarID: "c1", MemberID: "m1", Start: time.Date(2027, 3, 3, 0, 0, 0, 0, time.UTC), End: time.Date(2027, 3, 4, 0, 0, 0, 0, time.UTC), Kind: "holiday", UID: "h"},
				{CalendarID: "c3", MemberID: "m2", Start: h(5, 9), End: h(5, 10), Kind: "busy", UID: "b"},
				{CalendarID: "c3", MemberID: "m2", Start: h(5, 9), End: h(5, 10), Kind: "busy", UID: "a"},
			}
			for _, b := range want {
				exec(`INSERT INTO busy_intervals (calendar_id, org_id, member_id, start_at, end_at, kind, uid) VALUES (?, 'o1', ?, ?, ?, ?, ?)`,
					b.CalendarID, b.MemberID, b.Start.Unix(), b.End.Unix(), b.Kind, b.UID)
			}
			if err := db.Migrate(ctx, nil); err != nil {
				t.Fatal(err)
			}
			got, err := db.BusyBetween(ctx, "o1", []string{"m1", "m2"}, h(1, 0), time.Date(2027, 4, 1, 0, 0, 0, 0, time.UTC))
			if err != nil {
				t.Fatal(err)
			}
			sortWant := []store.BusyInterval{want[3], want[0], want[1], want[2], want[4], want[6], want[5]}
			if diff := cmp.Diff(sortWant, got); diff != "" {
				t.Fatalf("after migration (-want +got):\n%s", diff)
			}
			// The long time off started two buckets before the range.
			got, _ = db.BusyBetween(ctx, "o1", []string{"m1"}, h(15, 0), h(16, 0))
			if len(got) != 1 || got[0].UID != "long" {
				t.Fatalf("range inside a long interval = %+v", got)
			}
			blocks, err := db.BusyBlocks(ctx, "o1", []string{"m2", "m1", "nobody"}, h(1, 9).Add(30*time.Minute), h(2, 9).Add(30*time.Minute))
			if err != nil || len(blocks) != 3 || len(blocks[0]) != 0 || len(blocks[1]) != 4 || len(blocks[2]) != 0 {
				t.Fatalf("BusyBlocks = %v, %v", blocks, err)
			}
		})
	}
}

// replaceNth turns the nth "?" placeholder (counting from 1) into $n.
func replaceNth(q string, n int) string {
	count := 0
	for i := 0; i < len(q); i++ {
		if q[i] == '?' {
			count++
			if count == n {
				return q[:i] + "$" + string(rune('0'+n)) + q[i+1:]
			}
		}
	}
	return q
}

// An interval that cannot be stored fails the snapshot, and the previous
// intervals stay.
func TestSnapshotRefusesUnstorable(t *testing.T) {
	for _, d := range testdb.Dialects {
		t.Run(string(d), func(t *testing.T) {
			ctx := context.Background()
			db := testdb.Open(t, d, nil)
			org, _ := db.EnsureOrg(ctx, "acme")
			m := store.Member{OrgID: org.ID, Name: "A", Timezone: "UTC"}
			if err := db.CreateMember(ctx, &m); err != nil {
				t.Fatal(err)
			}
			at := time.Date(2027, 1, 4, 9, 0, 0, 0, time.UTC)
			c := store.Calendar{OrgID: org.ID, MemberID: m.ID, Kind: store.KindBusy, Source: store.SourceUpload}
			ok := []store.BusyInterval{{Start: at, End: at.Add(time.Hour), Kind: "busy", UID: "ok"}}
			if err := db.CreateCalendar(ctx, &c, &store.Snapshot{At: at, Intervals: ok}); err != nil {
				t.Fatal(err)
			}
			for _, bad := range []store.BusyInterval{
				{Start: at, End: at.Add(time.Hour), Kind: "busy", UID: "nul\x00"},
				{Start: at, End: at.Add(time.Hour), Kind: "busy", UID: "\xff"},
				{Start: at, End: at.Add(time.Hour), Kind: "party"},
			} {
				if err := db.SaveSnapshot(ctx, c.ID, "", &store.Snapshot{At: at, Intervals: []store.BusyInterval{bad}}); err == nil {
					t.Fatalf("SaveSnapshot(%+v) succeeded", bad)
				}
			}
			got, _ := db.BusyBetween(ctx, org.ID, []string{m.ID}, at, at.Add(time.Hour))
			if len(got) != 1 || got[0].UID != "ok" {
				t.Fatalf("after refused snapshots = %+v", got)
			}
		})
	}
}
