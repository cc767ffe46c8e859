package api_test

import (
	"bufio"
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/overlap/overlap/api/apitest"
	"github.com/overlap/overlap/store"
	"github.com/overlap/overlap/store/gormstore"
)

// metric returns the value of one series of /metrics ("" when absent).
func metric(t *testing.T, e *apitest.Env, series string) string {
	t.Helper()
	r := e.Do("GET", "/metrics", "", nil)
	wantStatus(t, r, 200)
	sc := bufio.NewScanner(bytes.NewReader(r.Body))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), series+" "); ok {
			return v
		}
	}
	return ""
}

func TestFeedsAreGzippedWithTheirOwnETag(t *testing.T) {
	e := apitest.New(t, gormstore.SQLite, func() time.Time { return feedNow })
	f := newTeamFixture(t, e)
	_, path := createFeed(t, e, map[string]any{"kind": "team_overlap", "team_id": f.team})
	plain := e.DoHeaders("GET", path, nil)
	wantStatus(t, plain, 200)
	gz := e.DoHeaders("GET", path, map[string]string{"Accept-Encoding": "gzip, deflate"})
	wantStatus(t, gz, 200)
	if gz.Header.Get("Content-Encoding") != "gzip" || plain.Header.Get("Content-Encoding") != "" {
		t.Fatalf("Content-Encoding gzip %q, plain %q", gz.Header.Get("Content-Encoding"), plain.Header.Get("Content-Encoding"))
	}
	if !bytes.Equal(gz.Body, plain.Body) || len(gz.Wire) >= len(plain.Wire) {
		t.Fatalf("gzip body of %d bytes decompresses to %d, plain %d", len(gz.Wire), len(gz.Body), len(plain.Body))
	}
	for _, r := range []*apitest.Response{plain, gz} {
		if r.Header.Get("Vary") != "Accept-Encoding" {
			t.Fatalf("Vary %q", r.Header.Get("Vary"))
		}
	}
	pe, ge := plain.Header.Get("ETag"), gz.Header.Get("ETag")
	if pe == "" || ge == "" || pe == ge {
		t.Fatalf("ETags identity %s, gzip %s: want two different ones", pe, ge)
	}
	// 304 with the coding-specific ETag, for either coding; q=0 refuses gzip.
	for _, h := range []map[string]string{
		{"Accept-Encoding": "gzip", "If-None-Match": ge},
		{"Accept-Encoding": "gzip", "If-None-Match": pe},
		{"If-None-Match": pe},
		{"If-None-Match": ge},
	} {
		if r := e.DoHeaders("GET", path, h); r.Status != 304 || len(r.Wire) != 0 {
			t.Fatalf("%v: %d", h, r.Status)
		}
	}
	if r := e.DoHeaders("GET", path, map[string]string{"Accept-Encoding": "gzip;q=0, identity"}); r.Header.Get("Content-Encoding") != "" {
		t.Fatal("gzip;q=0 still got gzip")
	}
	if r := e.DoHeaders("HEAD", path, map[string]string{"Accept-Encoding": "gzip"}); r.Header.Get("ETag") != ge || r.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("HEAD with gzip: %v", r.Header)
	}
}

func TestLargeJSONAnswersAreGzipped(t *testing.T) {
	e := apitest.New(t, gormstore.SQLite, nil)
	f := newTeamFixture(t, e)
	path := "/v1/teams/" + f.team + "/overlap?" + with(week, "quorum", "1").Encode()
	req := httptest.NewRequest("GET", path, nil)
	req.Header.Set("Authorization", "Bearer "+e.Viewer)
	req.Header.Set("Accept-Encoding", "gzip")
	rec := httptest.NewRecorder()
	e.Server.ServeHTTP(rec, req)
	if rec.Code != 200 || rec.Header().Get("Content-Encoding") != "gzip" || !strings.Contains(rec.Header().Get("Vary"), "Accept-Encoding") {
		t.Fatalf("%d %v", rec.Code, rec.Header())
	}
	plain := e.Do("GET", path, e.Viewer, nil)
	if plain.Header.Get("Content-Encoding") != "" || rec.Body.Len() >= len(plain.Body) {
		t.Fatalf("plain answer encoded %q; gzip %d bytes against %d", plain.Header.Get("Content-Encoding"), rec.Body.Len(), len(plain.Body))
	}
	// A small answer stays as it is.
	req = httptest.NewRequest("GET", "/v1/teams/"+f.team, nil)
	req.Header.Set("Authorization", "Bearer "+e.Viewer)
	req.Header.Set("Accept-Encoding", "gzip")
	rec = httptest.NewRecorder()
	e.Server.ServeHTTP(rec, req)
	if rec.Header().Get("Content-Encoding") != "" {
		t.Fatal("a small answer was gzipped")
	}
}

func TestFeedAndCalendarMetrics(t *testing.T) {
	e := apitest.New(t, gormstore.SQLite, func() time.Time { return feedNow })
	f := newTeamFixture(t, e)
	_, path := createFeed(t, e, map[string]any{"kind": "team_overlap", "team_id": f.team})
	for range 3 {
		wantStatus(t, e.DoHeaders("GET", path, nil), 200)
	}
	wantStatus(t, e.DoHeaders("GET", "/ical/ovf_nope.ics", nil), 404)
	if v := metric(t, e, `overlap_published_feed_requests_total{kind="team_overlap",status="200"}`); v != "3" {
		t.Errorf("feed requests 200 = %q, want 3", v)
	}
	if v := metric(t, e, `overlap_published_feed_requests_total{kind="unknown",status="404"}`); v != "1" {
		t.Errorf("unknown feed requests = %q, want 1", v)
	}
	if hit, miss := metric(t, e, `overlap_feed_cache_requests_total{result="hit"}`), metric(t, e, `overlap_feed_cache_requests_total{result="miss"}`); hit != "2" || miss != "1" {
		t.Errorf("feed cache hit %q miss %q, want 2 and 1", hit, miss)
	}
	r := e.Do("GET", "/metrics", "", nil)
	if strings.Contains(string(r.Body), strings.TrimSuffix(strings.TrimPrefix(path, "/ical/"), ".ics")) {
		t.Fatal("a feed token appears in the metrics")
	}

	// Calendars: the fixture's upload is fresh; a subscription that fails
	// is failing and stale, and its refresh is counted.
	for _, o := range []string{"updated", "not_modified", "reexpanded", "failed"} {
		if v := metric(t, e, `overlap_calendar_refreshes_total{outcome="`+o+`"}`); v != "0" {
			t.Errorf("refreshes %s before any refresh = %q, want the series at 0", o, v)
		}
	}
	feed := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { http.Error(w, "gone", http.StatusGone) }))
	defer feed.Close()
	ctx := context.Background()
	c := store.Calendar{OrgID: e.OrgID, MemberID: f.nyc, Kind: store.KindBusy, Source: store.SourceURL, URL: feed.URL + "/x.ics"}
	if err := e.Store.CreateCalendar(ctx, &c, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Importer.Refresh(ctx, c); err != nil {
		t.Fatal(err)
	}
	if v := metric(t, e, `overlap_calendar_refreshes_total{outcome="failed"}`); v != "1" {
		t.Errorf("failed refreshes = %q, want 1", v)
	}
	if v := metric(t, e, "overlap_calendars_failing"); v != "1" {
		t.Errorf("failing calendars = %q, want 1", v)
	}
	if v := metric(t, e, "overlap_calendars_stale"); v != "1" {
		t.Errorf("stale calendars = %q, want 1", v)
	}
	if v := metric(t, e, "overlap_calendar_fetch_duration_seconds_count"); v != "1" {
		t.Errorf("fetch duration count = %q, want 1", v)
	}
}
