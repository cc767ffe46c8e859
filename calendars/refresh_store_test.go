package calendars_test

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/overlap/overlap/calendars"
	"github.com/overlap/overlap/calendars/fetch"
	"github.com/overlap/overlap/store"
	"github.com/overlap/overlap/store/gormstore"
	"github.com/overlap/overlap/store/gormstore/testdb"
)

// failingStore is the real store whose SaveSnapshot fails while fail is set, as
// PostgreSQL did for text it cannot hold (issue 9).
type failingStore struct {
	*gormstore.DB
	fail atomic.Bool
}

func (s *failingStore) SaveSnapshot(ctx context.Context, id, owner string, snap *store.Snapshot) error {
	if s.fail.Load() {
		return errors.New("pq: invalid byte sequence for encoding \"UTF8\": 0x00")
	}
	return s.DB.SaveSnapshot(ctx, id, owner, snap)
}

// TestRefreshStoreFailureIsAFailure checks that a refresh whose result cannot be
// stored sets last_error, makes the calendar stale and backs off, instead of
// being refetched every lease with last_error null; and that it heals.
func TestRefreshStoreFailureIsAFailure(t *testing.T) {
	for _, d := range testdb.Dialects {
		t.Run(string(d), func(t *testing.T) {
			e := newEnv(t, d, true)
			fs := &failingStore{DB: e.db}
			imp := calendars.NewImporter(calendars.ImporterConfig{
				Store:   fs,
				Fetcher: fetch.New(fetch.Config{AllowPrivate: true, Timeout: 500 * time.Millisecond, MaxBody: 1 << 20}),
				Now:     e.clock.Now,
			})
			ctx := context.Background()
			c := e.cal
			if err := imp.Subscribe(ctx, &c); err != nil {
				t.Fatal(err)
			}
			fs.fail.Store(true)
			e.srv.mode.Store("changed")
			for n := 1; n <= 2; n++ {
				e.clock.Advance(3 * time.Hour)
				got, err := imp.Refresh(ctx, c)
				if err != nil {
					t.Fatalf("Refresh: %v", err)
				}
				c = got
				now := e.clock.Now()
				if c.LastErrorCode != "store_failed" || c.Failures != n || !imp.Stale(c, now) {
					t.Fatalf("after failure %d: code %q failures %d stale %v", n, c.LastErrorCode, c.Failures, imp.Stale(c, now))
				}
				// Back-off: 5 minutes (±20%) after the first failure, doubling.
				if wait := c.NextRefreshAt.Sub(now); wait < time.Duration(n)*4*time.Minute {
					t.Fatalf("after failure %d: next refresh in %v, want the back-off", n, wait)
				}
				if strings.Contains(c.LastErrorMessage, "pq:") {
					t.Fatalf("the database error reached the calendar: %q", c.LastErrorMessage)
				}
			}
			if n := e.busy(t); n != 10 {
				t.Fatalf("%d intervals, want the previous 10 kept", n)
			}
			fs.fail.Store(false)
			e.clock.Advance(3 * time.Hour)
			c, err := imp.Refresh(ctx, c)
			if err != nil || c.LastErrorCode != "" || c.Failures != 0 || e.busy(t) != 3 {
				t.Fatalf("after healing: %+v, %v, %d intervals", c, err, e.busy(t))
			}
		})
	}
}

// TestRefreshDirtyUIDs checks that a feed whose UIDs hold NUL bytes or invalid
// UTF-8, served with a non-UTF-8 ETag, is stored (on PostgreSQL too), with the
// UIDs cleaned and a warning, and the ETag dropped.
func TestRefreshDirtyUIDs(t *testing.T) {
	for _, d := range testdb.Dialects {
		t.Run(string(d), func(t *testing.T) {
			e := newEnv(t, d, true)
			ctx := context.Background()
			c := e.cal
			if err := e.imp.Subscribe(ctx, &c); err != nil {
				t.Fatal(err)
			}
			dirty := strings.Replace(feedICS, "UID:daily@test", "UID:da\x00ily\xff\xfe@test", 1)
			e.srv.setBody(dirty)
			e.clock.Advance(3 * time.Hour)
			c, err := e.imp.Refresh(ctx, c)
			if err != nil {
				t.Fatal(err)
			}
			if c.LastErrorCode != "" || c.IntervalCount != 10 || c.ETag != "" {
				t.Fatalf("refresh of dirty UIDs: %s %s, %d intervals, ETag %q", c.LastErrorCode, c.LastErrorMessage, c.IntervalCount, c.ETag)
			}
			found := false
			for _, w := range c.Warnings {
				found = found || w.Code == "uid_cleaned"
			}
			if !found {
				t.Fatalf("no uid_cleaned warning: %v", c.Warnings)
			}
			b, err := e.db.BusyBetween(ctx, c.OrgID, []string{c.MemberID}, e.clock.Now().AddDate(0, -1, 0), e.clock.Now().AddDate(1, 0, 0))
			if err != nil || len(b) != 10 || b[0].UID != "da\uFFFDily\uFFFD@test" {
				t.Fatalf("stored %d intervals (%v), first UID %q", len(b), err, b[0].UID)
			}
		})
	}
}
