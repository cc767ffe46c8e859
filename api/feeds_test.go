package api_test

import (
	"flag"
	"fmt"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/overlap/overlap/api/apitest"
	"github.com/overlap/overlap/calendars/ical"
	"github.com/overlap/overlap/store/gormstore/testdb"
)

var update = flag.Bool("update", false, "rewrite golden files")

// feedNow is 10:07 UTC; feeds are stamped at 10:00 (the 30-minute period).
var feedNow = time.Date(2027, 1, 11, 10, 7, 0, 0, time.UTC)

func createFeed(t *testing.T, e *apitest.Env, body map[string]any) (id, path string) {
	t.Helper()
	r := e.Do("POST", "/v1/feeds", e.Manager, body)
	wantStatus(t, r, 201)
	m := r.Map(t)
	u := m["url"].(string)
	if !strings.HasPrefix(u, "https://overlap.test/ical/ovf_") || !strings.HasPrefix(m["webcal_url"].(string), "webcal://overlap.test/ical/ovf_") {
		t.Fatalf("feed URLs = %v", m)
	}
	return m["id"].(string), strings.TrimPrefix(u, "https://overlap.test")
}

// readBack parses a published feed with Overlap's own importer.
func readBack(t *testing.T, body []byte, from, to time.Time) []string {
	t.Helper()
	res, err := ical.Expand(body, from, to, ical.Options{Zone: time.UTC, Kind: ical.CalendarTimeOff})
	if err != nil {
		t.Fatalf("the published feed does not read back: %v\n%s", err, body)
	}
	if len(res.Warnings) > 0 {
		t.Fatalf("warnings reading the feed back: %v", res.Warnings)
	}
	out := make([]string, len(res.Busy))
	for i, b := range res.Busy {
		out[i] = b.Start.Format(time.RFC3339) + " " + b.End.Format(time.RFC3339)
	}
	return out
}

func golden(t *testing.T, name string, body []byte) {
	t.Helper()
	// UIDs hash random IDs: number them so the file is stable.
	n := 0
	norm := regexp.MustCompile(`UID:[^\r]*`).ReplaceAllFunc(body, func([]byte) []byte { n++; return []byte(fmt.Sprintf("UID:uid-%d", n)) })
	path := "testdata/feed_" + name + ".golden"
	if *update {
		if err := os.WriteFile(path, norm, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update)", err)
	}
	if string(want) != string(norm) {
		t.Fatalf("%s differs from the golden file (run with -update):\n%s", name, norm)
	}
}

// tentativeMeeting follows oneMeeting at once: a tentative half hour.
const tentativeMeeting = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VEVENT\r\nUID:m2\r\n" +
	"DTSTART:20270111T150000Z\r\nDTEND:20270111T153000Z\r\nSTATUS:TENTATIVE\r\nSUMMARY:secret maybe\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"

func TestPublishedFeeds(t *testing.T) {
	for _, d := range testdb.Dialects {
		t.Run(string(d), func(t *testing.T) {
			e := apitest.New(t, d, func() time.Time { return feedNow })
			f := newTeamFixture(t, e)
			// A name built to break a naive writer.
			wantStatus(t, e.Do("PATCH", "/v1/members/"+f.nyc, e.Manager, map[string]any{"name": "Nyc, \"NY\"; \\ \r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:pwned ☃"}), 200)
			from, to := feedNow.Truncate(30*time.Minute), feedNow.Truncate(30*time.Minute).Add(5*24*time.Hour)
			q := url.Values{"from": {from.Format(time.RFC3339)}, "to": {to.Format(time.RFC3339)}}

			// team_overlap = the overlap API's windows.
			_, path := createFeed(t, e, map[string]any{"kind": "team_overlap", "team_id": f.team, "options": map[string]any{"quorum": 1, "horizon": "P5D", "past": "PT0S"}})
			r := e.Do("GET", path, "", nil)
			wantStatus(t, r, 200)
			if r.Header.Get("Content-Type") != "text/calendar; charset=utf-8" || r.Header.Get("X-Robots-Tag") == "" ||
				r.Header.Get("Cache-Control") != "private, max-age=1800" || r.Header.Get("ETag") == "" || r.Header.Get("Last-Modified") != "" {
				t.Fatalf("feed headers = %v", r.Header)
			}
			api := f.get(t, "/v1/teams/"+f.team+"/overlap", with(q, "quorum", "1"))
			var want []string
			for _, w := range api["windows"].([]any) {
				w := w.(map[string]any)
				want = append(want, w["start"].(string)+" "+w["end"].(string))
			}
			sameLines(t, "team_overlap feed vs API", readBack(t, r.Body, from, to), want)
			if strings.Count(string(r.Body), "\r\nBEGIN:VEVENT\r\n") != len(want) || strings.Contains(string(r.Body), "\r\nSUMMARY:pwned") {
				t.Fatalf("the member name injected events:\n%s", r.Body)
			}
			if !strings.Contains(string(r.Body), `SUMMARY:Team overlap: 1 of 2 (missing Nyc\, "NY"\; \\ \nEND:VEVENT`) {
				t.Fatalf("summary not escaped as expected:\n%s", r.Body)
			}
			// Named after the team, so several subscriptions can be told
			// apart; no METHOD (PUBLISH would need an ORGANIZER).
			if !strings.Contains(string(r.Body), "\r\nX-WR-CALNAME:Atlantic — team overlap\r\n") || strings.Contains(string(r.Body), "METHOD") {
				t.Fatalf("calendar name or METHOD:\n%s", r.Body)
			}
			golden(t, "team_overlap", r.Body)

			// Conditional requests and HEAD.
			etag := r.Header.Get("ETag")
			wantStatus(t, e.DoWith("GET", path, "", "", nil), 200)
			r2 := e.DoHeaders("GET", path, map[string]string{"If-None-Match": etag})
			if r2.Status != 304 || len(r2.Body) != 0 {
				t.Fatalf("If-None-Match: %d", r2.Status)
			}
			if r2 := e.DoHeaders("GET", path, map[string]string{"If-Modified-Since": "Mon, 11 Jan 2027 10:00:00 GMT"}); r2.Status != 200 {
				t.Fatalf("If-Modified-Since alone (no Last-Modified to compare with): %d", r2.Status)
			}
			if r2 := e.DoHeaders("HEAD", path, nil); r2.Status != 200 || len(r2.Body) != 0 || r2.Header.Get("ETag") != etag {
				t.Fatalf("HEAD: %d %q", r2.Status, r2.Header.Get("ETag"))
			}

			// member_availability = the availability API's available pieces.
			_, path = createFeed(t, e, map[string]any{"kind": "member_availability", "member_id": f.ber, "options": map[string]any{"horizon": "P5D", "past": "PT0S"}})
			r = e.Do("GET", path, "", nil)
			wantStatus(t, r, 200)
			av := f.get(t, "/v1/members/"+f.ber+"/availability", q)
			want = nil
			for _, p := range av["pieces"].([]any) {
				if p := p.(map[string]any); p["status"] == "available" {
					want = append(want, p["start"].(string)+" "+p["end"].(string))
				}
			}
			sameLines(t, "member_availability feed vs API", readBack(t, r.Body, from, to), want)
			golden(t, "member_availability", r.Body)

			// member_busy = the blocked pieces, merged, titled "Busy" only;
			// tentative time stays tentative.
			wantStatus(t, e.DoWith("POST", "/v1/members/"+f.ber+"/calendars", e.Manager, "text/calendar", tentativeMeeting), 201)
			_, path = createFeed(t, e, map[string]any{"kind": "member_busy", "member_id": f.ber, "options": map[string]any{"horizon": "P5D", "past": "PT0S"}})
			r = e.Do("GET", path, "", nil)
			wantStatus(t, r, 200)
			sameLines(t, "member_busy feed", readBack(t, r.Body, from, to), []string{"2027-01-11T14:30:00Z 2027-01-11T15:00:00Z", "2027-01-11T15:00:00Z 2027-01-11T15:30:00Z"})
			if strings.Contains(string(r.Body), "secret") || !strings.Contains(string(r.Body), "SUMMARY:Busy\r\n") {
				t.Fatalf("busy feed leaks details or lacks titles:\n%s", r.Body)
			}
			if strings.Count(string(r.Body), "STATUS:TENTATIVE\r\n") != 1 || !strings.Contains(string(r.Body), "DTSTART:20270111T150000Z\r\nDTEND:20270111T153000Z\r\nSTATUS:TENTATIVE\r\n") {
				t.Fatalf("tentative time is not published as tentative:\n%s", r.Body)
			}
			golden(t, "member_busy", r.Body)
			fb := e.Do("GET", strings.Replace(path, ".ics", ".ifb", 1), "", nil)
			wantStatus(t, fb, 200)
			if !strings.Contains(string(fb.Body), "FREEBUSY;FBTYPE=BUSY:20270111T143000Z/20270111T150000Z\r\nFREEBUSY;FBTYPE=BUSY-TENTATIVE:20270111T150000Z/20270111T153000Z\r\n") {
				t.Fatalf("free/busy:\n%s", fb.Body)
			}
			golden(t, "member_busy_freebusy", fb.Body)
		})
	}
}

func TestFeedLifecycle(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *apitest.Env) {
		f := newTeamFixture(t, e)
		id, path := createFeed(t, e, map[string]any{"kind": "team_overlap", "team_id": f.team})
		wantStatus(t, e.Do("GET", path, "", nil), 200)

		// Rotation kills the old URL at once and gives a new one.
		r := e.Do("POST", "/v1/feeds/"+id+"/rotate", e.Manager, nil)
		wantStatus(t, r, 200)
		newPath := strings.TrimPrefix(r.Map(t)["url"].(string), "https://overlap.test")
		wantProblem(t, e.Do("GET", path, "", nil), 404, "not-found")
		wantStatus(t, e.Do("GET", newPath, "", nil), 200)

		// Listing never shows a URL; it shows the last access.
		r = e.Do("GET", "/v1/feeds", e.Viewer, nil)
		wantStatus(t, r, 200)
		if strings.Contains(string(r.Body), "ovf_") || !strings.Contains(string(r.Body), `"last_accessed_at":"20`) {
			t.Fatalf("feed list: %s", r.Body)
		}
		// Another organization cannot touch it.
		wantProblem(t, e.Do("DELETE", "/v1/feeds/"+id, e.Other, nil), 404, "not-found")
		wantProblem(t, e.Do("POST", "/v1/feeds/"+id+"/rotate", e.Other, nil), 404, "not-found")
		wantProblem(t, e.Do("POST", "/v1/feeds", e.Other, map[string]any{"kind": "member_busy", "member_id": f.ber}), 404, "not-found")
		// Revocation takes effect on the next request.
		wantStatus(t, e.Do("DELETE", "/v1/feeds/"+id, e.Manager, nil), 204)
		wantProblem(t, e.Do("GET", newPath, "", nil), 404, "not-found")

		for _, p := range []string{"/ical/ovf_unknown.ics", "/ical/whatever", "/ical/" + strings.TrimPrefix(newPath, "/ical/")[:20] + ".ics"} {
			wantProblem(t, e.Do("GET", p, "", nil), 404, "not-found")
		}
		tests := []struct {
			body   map[string]any
			fields []string
		}{
			{map[string]any{"kind": "everything"}, []string{"kind"}},
			{map[string]any{"kind": "team_overlap"}, []string{"team_id"}},
			{map[string]any{"kind": "member_busy", "team_id": f.team}, []string{"member_id", "team_id"}},
			{map[string]any{"kind": "team_overlap", "team_id": f.team, "options": map[string]any{"horizon": "P2Y"}}, []string{"options.horizon"}},
		}
		for _, tt := range tests {
			wantProblem(t, e.Do("POST", "/v1/feeds", e.Manager, tt.body), 422, "validation", tt.fields...)
		}
		wantProblem(t, e.Do("POST", "/v1/feeds", e.Viewer, map[string]any{"kind": "member_busy", "member_id": f.ber}), 403, "forbidden")
	})
}

func TestFeedRateLimitAndLogs(t *testing.T) {
	e := apitest.New(t, "sqlite", nil)
	f := newTeamFixture(t, e)
	_, path := createFeed(t, e, map[string]any{"kind": "member_busy", "member_id": f.ber})
	limited := false
	for i := 0; i < 80 && !limited; i++ {
		r := e.Do("GET", path, "", nil)
		if r.Status == 429 {
			limited = true
			if r.Header.Get("Retry-After") == "" {
				t.Fatal("429 without Retry-After")
			}
		}
	}
	if !limited {
		t.Fatal("no 429 after 80 requests in a row")
	}
	token := strings.TrimSuffix(strings.TrimPrefix(path, "/ical/"), ".ics")
	logs := e.Logs.String()
	if strings.Contains(logs, token) || strings.Contains(logs, token[4:]) {
		t.Fatal("a feed token appears in the logs")
	}
	if !strings.Contains(logs, `"route":"/ical/:file"`) || !strings.Contains(logs, `"feed_id":"`) {
		t.Fatalf("feed requests are not logged by route and feed id:\n%.1000s", logs)
	}
}

// A feed whose content changed is never answered 304 on If-Modified-Since,
// whatever date the client sends: there is no Last-Modified to compare with.
func TestChangedFeedNeverNotModified(t *testing.T) {
	now := feedNow
	e := apitest.New(t, "sqlite", func() time.Time { return now })
	f := newTeamFixture(t, e)
	_, path := createFeed(t, e, map[string]any{"kind": "member_busy", "member_id": f.ber, "options": map[string]any{"horizon": "P5D", "past": "PT0S"}})
	first := e.Do("GET", path, "", nil)
	wantStatus(t, first, 200)
	// The content changes within the same 30-minute period, after the
	// in-memory cache has expired.
	wantStatus(t, e.Do("POST", "/v1/members/"+f.ber+"/time-off", e.Manager, map[string]any{"start_date": "2027-01-12", "end_date": "2027-01-12"}), 201)
	now = feedNow.Add(2 * time.Minute)
	for _, ims := range []string{"Mon, 11 Jan 2027 10:00:00 GMT", "Mon, 11 Jan 2027 10:07:00 GMT", "Fri, 01 Jan 2100 00:00:00 GMT"} {
		r := e.DoHeaders("GET", path, map[string]string{"If-Modified-Since": ims})
		wantStatus(t, r, 200)
		if r.Header.Get("ETag") == first.Header.Get("ETag") || string(r.Body) == string(first.Body) {
			t.Fatalf("the feed did not change:\n%s", r.Body)
		}
	}
	// The ETag still validates the new content, and not the old.
	r := e.DoHeaders("GET", path, map[string]string{"If-None-Match": first.Header.Get("ETag")})
	wantStatus(t, r, 200)
	r = e.DoHeaders("GET", path, map[string]string{"If-None-Match": r.Header.Get("ETag"), "If-Modified-Since": "Mon, 11 Jan 2027 09:00:00 GMT"})
	wantStatus(t, r, 304)
}
