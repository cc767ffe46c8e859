package calendars_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/overlap/overlap/calendars"
	"github.com/overlap/overlap/calendars/fetch"
	"github.com/overlap/overlap/store"
	"github.com/overlap/overlap/store/gormstore"
	"github.com/overlap/overlap/store/gormstore/testdb"
)

// feedICS is a small feed: one daily meeting at 09:00 New York time.
const feedICS = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nREFRESH-INTERVAL;VALUE=DURATION:PT2H\r\n" +
	"BEGIN:VEVENT\r\nUID:daily@test\r\nDTSTART;TZID=America/New_York:20270101T090000\r\nDTEND;TZID=America/New_York:20270101T100000\r\n" +
	"RRULE:FREQ=DAILY;COUNT=10\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"

// clock is a settable test clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time          { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Advance(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

// feedServer answers with whatever mode is set.
type feedServer struct {
	*httptest.Server
	mode  atomic.Value // string
	body  atomic.Value // string, served in mode "body"
	hits  atomic.Int64
	block chan struct{}
}

func newFeedServer(t *testing.T) *feedServer {
	fs := &feedServer{block: make(chan struct{})}
	fs.mode.Store("ok")
	fs.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fs.hits.Add(1)
		switch fs.mode.Load().(string) {
		case "ok":
			if r.Header.Get("If-None-Match") == `"v1"` {
				w.WriteHeader(http.StatusNotModified)
				return
			}
			w.Header().Set("ETag", `"v1"`)
			w.Header().Set("Content-Type", "text/calendar")
			fmt.Fprint(w, feedICS)
		case "changed":
			w.Header().Set("ETag", `"v2"`)
			fmt.Fprint(w, strings.Replace(feedICS, "COUNT=10", "COUNT=3", 1))
		case "body":
			w.Header().Set("ETag", "\"body\xff\"") // not UTF-8: dropped
			fmt.Fprint(w, fs.body.Load().(string))
		case "500":
			http.Error(w, "boom", http.StatusInternalServerError)
		case "garbage":
			fmt.Fprint(w, "<html><body>Sign in</body></html>")
		case "truncated":
			fmt.Fprint(w, feedICS[:len(feedICS)/2])
		case "unreadable":
			fmt.Fprint(w, "BEGIN:VCALENDAR\r\n"+strings.Repeat("BEGIN:VEVENT\r\n", 100)+"END:VCALENDAR\r\n")
		case "huge":
			w.Write([]byte("BEGIN:VCALENDAR\r\n"))
			w.Write(make([]byte, 2<<20))
		case "slow":
			select {
			case <-fs.block:
			case <-r.Context().Done():
			}
		}
	}))
	t.Cleanup(func() { close(fs.block); fs.Server.Close() })
	return fs
}

// setBody serves body from now on.
func (fs *feedServer) setBody(body string) {
	fs.body.Store(body)
	fs.mode.Store("body")
}

type env struct {
	db    *gormstore.DB
	clock *clock
	imp   *calendars.Importer
	cal   store.Calendar
	srv   *feedServer
}

func newEnv(t *testing.T, d gormstore.Dialect, allowPrivate bool) *env {
	t.Helper()
	clk := &clock{t: time.Date(2027, 1, 1, 12, 0, 0, 0, time.UTC)}
	db := testdb.Open(t, d, clk.Now)
	e := &env{db: db, clock: clk, srv: newFeedServer(t)}
	e.imp = newImporter(db, clk, allowPrivate)
	ctx := context.Background()
	org, _ := db.EnsureOrg(ctx, "acme")
	m := store.Member{OrgID: org.ID, Name: "A", Timezone: "America/New_York"}
	if err := db.CreateMember(ctx, &m); err != nil {
		t.Fatal(err)
	}
	e.cal = store.Calendar{OrgID: org.ID, MemberID: m.ID, Kind: store.KindBusy, URL: e.srv.URL + "/feed.ics"}
	return e
}

func newImporter(db *gormstore.DB, clk *clock, allowPrivate bool) *calendars.Importer {
	return calendars.NewImporter(calendars.ImporterConfig{
		Store:   db,
		Fetcher: fetch.New(fetch.Config{AllowPrivate: allowPrivate, Timeout: 500 * time.Millisecond, MaxBody: 1 << 20}),
		Now:     clk.Now,
	})
}

// newRefresher is one replica's refresher, with its own importer.
func newRefresher(db *gormstore.DB, clk *clock, owner string) *calendars.Refresher {
	return calendars.NewRefresher(newImporter(db, clk, true), calendars.RefresherConfig{
		Store: db, Poll: 20 * time.Millisecond, Owner: owner,
	})
}

func (e *env) busy(t *testing.T) int {
	t.Helper()
	b, err := e.db.BusyBetween(context.Background(), e.cal.OrgID, []string{e.cal.MemberID}, e.clock.Now().AddDate(0, -1, 0), e.clock.Now().AddDate(1, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	return len(b)
}

func TestRefreshKeepsPreviousDataOnFailure(t *testing.T) {
	for _, d := range testdb.Dialects {
		t.Run(string(d), func(t *testing.T) {
			e := newEnv(t, d, true)
			ctx := context.Background()
			if err := e.imp.Subscribe(ctx, &e.cal); err != nil {
				t.Fatalf("Subscribe: %v", err)
			}
			if n := e.busy(t); n != 10 {
				t.Fatalf("after subscribe: %d intervals, want 10", n)
			}
			if e.imp.EffectiveInterval(e.cal) != 2*time.Hour {
				t.Fatalf("REFRESH-INTERVAL not honoured: %v", e.imp.EffectiveInterval(e.cal))
			}
			tests := []struct {
				mode      string
				wantError string // "" = success
				wantBusy  int
			}{
				{"ok", "", 10}, // 304 Not Modified
				{"500", "http_status", 10},
				{"garbage", "not_calendar", 10},
				{"truncated", "truncated", 10},
				{"unreadable", "calendar_too_deep", 10},
				{"huge", "body_too_large", 10},
				{"slow", "timeout", 10},
				{"changed", "", 3},
				{"500", "http_status", 3},
			}
			for _, tt := range tests {
				e.srv.mode.Store(tt.mode)
				e.clock.Advance(3 * time.Hour)
				c, err := e.imp.Refresh(ctx, e.cal)
				if err != nil {
					t.Fatalf("%s: Refresh: %v", tt.mode, err)
				}
				e.cal = c
				if c.LastErrorCode != tt.wantError {
					t.Errorf("%s: last error %q (%s), want %q", tt.mode, c.LastErrorCode, c.LastErrorMessage, tt.wantError)
				}
				if n := e.busy(t); n != tt.wantBusy {
					t.Errorf("%s: %d intervals, want %d", tt.mode, n, tt.wantBusy)
				}
				if tt.wantError != "" && (!e.imp.Stale(c, e.clock.Now()) || c.NextRefreshAt == nil || !c.NextRefreshAt.After(e.clock.Now())) {
					t.Errorf("%s: failure must make the calendar stale and schedule a retry: %+v", tt.mode, c)
				}
				if strings.Contains(c.LastErrorMessage, "127.0.0.1") {
					t.Errorf("%s: error message reveals an address: %s", tt.mode, c.LastErrorMessage)
				}
			}
			if e.cal.Failures != 1 || e.cal.ETag != `"v2"` {
				t.Errorf("failures %d etag %q", e.cal.Failures, e.cal.ETag)
			}
		})
	}
}

func TestSubscribeRejectsUnusableFeeds(t *testing.T) {
	e := newEnv(t, gormstore.SQLite, true)
	ctx := context.Background()
	for _, tt := range []struct{ mode, code string }{
		{"garbage", "not_calendar"},
		{"unreadable", "calendar_too_deep"},
		{"huge", "body_too_large"},
	} {
		e.srv.mode.Store(tt.mode)
		c := e.cal
		err := e.imp.Subscribe(ctx, &c)
		ie, ok := err.(*calendars.ImportError)
		if !ok || ie.Code != tt.code {
			t.Errorf("%s: Subscribe = %v, want import error %s", tt.mode, err, tt.code)
		}
	}
	// A passing failure stores the subscription with its error, to retry.
	e.srv.mode.Store("500")
	c := e.cal
	if err := e.imp.Subscribe(ctx, &c); err != nil {
		t.Fatalf("Subscribe on 500: %v", err)
	}
	if c.ID == "" || c.LastErrorCode != "http_status" || c.NextRefreshAt == nil {
		t.Fatalf("subscription after 500 = %+v", c)
	}
	list, _ := e.db.ListCalendars(ctx, e.cal.OrgID, e.cal.MemberID, store.Page{Limit: 10})
	if len(list) != 1 {
		t.Fatalf("%d calendars stored, want only the retried one", len(list))
	}
}

func TestProductionFetcherBlocksLoopback(t *testing.T) {
	e := newEnv(t, gormstore.SQLite, false)
	c := e.cal
	err := e.imp.Subscribe(context.Background(), &c)
	ie, ok := err.(*calendars.ImportError)
	if !ok || ie.Code != "blocked_address" {
		t.Fatalf("Subscribe to loopback = %v, want blocked_address", err)
	}
	if e.srv.hits.Load() != 0 {
		t.Fatal("the loopback server was reached")
	}
}

func TestRunRefreshesDueFeedsOnceAcrossReplicas(t *testing.T) {
	for _, d := range testdb.Dialects {
		t.Run(string(d), func(t *testing.T) {
			e := newEnv(t, d, true)
			ctx := context.Background()
			const feeds = 6
			for i := 0; i < feeds; i++ {
				c := e.cal
				c.URL = fmt.Sprintf("%s/feed-%d.ics", e.srv.URL, i)
				if err := e.imp.Subscribe(ctx, &c); err != nil {
					t.Fatal(err)
				}
			}
			e.srv.hits.Store(0)
			e.srv.mode.Store("changed")
			e.clock.Advance(3 * time.Hour) // every feed is due
			rctx, cancel := context.WithCancel(ctx)
			var wg sync.WaitGroup
			for r := 0; r < 3; r++ {
				replica := newRefresher(e.db, e.clock, fmt.Sprintf("replica-%d", r))
				wg.Add(1)
				go func() { defer wg.Done(); replica.Run(rctx) }()
			}
			deadline := time.Now().Add(10 * time.Second)
			for e.busy(t) != feeds*3 && time.Now().Before(deadline) {
				time.Sleep(20 * time.Millisecond)
			}
			time.Sleep(100 * time.Millisecond) // give a double refresh the chance to show
			cancel()
			wg.Wait() // Run returns once its refreshes have ended
			if n := e.busy(t); n != feeds*3 {
				t.Fatalf("%d intervals after refresh, want %d", n, feeds*3)
			}
			if hits := e.srv.hits.Load(); hits != feeds {
				t.Fatalf("%d fetches for %d due feeds: a feed was refreshed twice", hits, feeds)
			}
		})
	}
}

func TestUploadAllOrNothing(t *testing.T) {
	e := newEnv(t, gormstore.SQLite, true)
	ctx := context.Background()
	c := e.cal
	if err := e.imp.Upload(ctx, &c, []byte(feedICS)); err != nil {
		t.Fatal(err)
	}
	if _, err := e.imp.ReplaceUpload(ctx, c, []byte(feedICS[:100])); err == nil {
		t.Fatal("a truncated replacement must fail")
	}
	if n := e.busy(t); n != 10 {
		t.Fatalf("failed replacement changed data: %d intervals", n)
	}
	c2, err := e.imp.ReplaceUpload(ctx, c, []byte(strings.Replace(feedICS, "COUNT=10", "COUNT=4", 1)))
	if err != nil || c2.IntervalCount != 4 || e.busy(t) != 4 {
		t.Fatalf("replacement: %+v %v", c2, err)
	}
	sub := e.cal
	if err := e.imp.Subscribe(ctx, &sub); err != nil {
		t.Fatal(err)
	}
	if _, err := e.imp.ReplaceUpload(ctx, sub, []byte(feedICS)); err != calendars.ErrNotUpload {
		t.Fatalf("replacing a subscription: %v", err)
	}
}

func TestWindowRollsForwardWithoutChanges(t *testing.T) {
	e := newEnv(t, gormstore.SQLite, true)
	ctx := context.Background()
	c := e.cal
	if err := e.imp.Subscribe(ctx, &c); err != nil {
		t.Fatal(err)
	}
	start := c.WindowStart
	e.clock.Advance(48 * time.Hour) // the server still answers 304
	c, err := e.imp.Refresh(ctx, c)
	if err != nil {
		t.Fatal(err)
	}
	if !c.WindowStart.After(start) || c.LastErrorCode != "" {
		t.Fatalf("window did not roll forward on 304: %v → %v (%s)", start, c.WindowStart, c.LastErrorCode)
	}
}
