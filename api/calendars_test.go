package api_test

import (
	"bufio"
	"net/http"
	"net/http/httptest"
	"os"
	"sort"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/overlap/overlap/api/apitest"
	"github.com/overlap/overlap/store/gormstore/testdb"
)

// expectedBusy reads an expected file of the corpus: "START END UID" lines,
// keeping those overlapping [from, to).
func expectedBusy(t *testing.T, path string, from, to time.Time) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		parts := strings.Fields(sc.Text())
		s, _ := time.Parse(time.RFC3339, parts[0])
		e, _ := time.Parse(time.RFC3339, parts[1])
		if s.Before(to) && e.After(from) {
			out = append(out, parts[0]+" "+parts[1])
		}
	}
	sort.Strings(out)
	return out
}

func busyLines(t *testing.T, e *apitest.Env, member string, from, to time.Time) []string {
	t.Helper()
	r := e.Do("GET", "/v1/members/"+member+"/busy?from="+from.Format(time.RFC3339)+"&to="+to.Format(time.RFC3339), e.Viewer, nil)
	wantStatus(t, r, 200)
	var body struct {
		Items []struct{ Start, End, Kind, CalendarID, UID string } `json:"items"`
	}
	r.JSON(t, &body)
	out := make([]string, len(body.Items))
	for i, b := range body.Items {
		out[i] = b.Start + " " + b.End
	}
	sort.Strings(out)
	return out
}

func sameLines(t *testing.T, what string, got, want []string) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d intervals, want %d", what, len(got), len(want))
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("%s: interval %d = %s, want %s", what, i, got[i], want[i])
		}
	}
}

func TestCalendarsEndToEnd(t *testing.T) {
	for _, d := range testdb.Dialects {
		t.Run(string(d), func(t *testing.T) {
			now := time.Date(2013, 1, 1, 0, 0, 0, 0, time.UTC)
			e := apitest.New(t, d, func() time.Time { return now })
			daily, _ := os.ReadFile("testdata/daily_recur.ics")
			var mode atomic.Value
			mode.Store("ok")
			feed := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if mode.Load() == "down" {
					http.Error(w, "down", http.StatusBadGateway)
					return
				}
				w.Header().Set("ETag", `"d1"`)
				w.Write(daily)
			}))
			defer feed.Close()
			m := createMember(t, e, e.Manager, map[string]any{"name": "Ny", "timezone": "America/New_York"})["id"].(string)

			// Subscribe (webcal:// would become https://; the test server speaks http).
			r := e.Do("POST", "/v1/members/"+m+"/calendars", e.Manager, map[string]any{"url": feed.URL + "/cal.ics", "name": "Google", "refresh_interval": "PT30M"})
			wantStatus(t, r, 201)
			sub := r.Map(t)
			if sub["last_error"] != nil || sub["event_count"].(float64) != 1 || sub["refresh_interval"] != "PT30M" || sub["etag"] != `"d1"` || sub["stale"] != false {
				t.Fatalf("subscription = %v", sub)
			}
			from, to := now.AddDate(0, 0, -30), now.AddDate(0, 0, 335)
			want := expectedBusy(t, "testdata/daily_recur.busy.txt", from, to)
			sameLines(t, "subscribed busy", busyLines(t, e, m, from, to), want)

			// A failing refresh keeps the data and reports the error.
			mode.Store("down")
			r = e.Do("POST", "/v1/calendars/"+sub["id"].(string)+"/refresh", e.Manager, nil)
			wantStatus(t, r, 200)
			if got := r.Map(t); got["last_error"] == nil || got["stale"] != true || got["consecutive_failures"].(float64) != 1 {
				t.Fatalf("after failed refresh = %v", got)
			}
			sameLines(t, "busy after failed refresh", busyLines(t, e, m, from, to), want)

			// Upload, then a bad replacement (nothing changes), then a good one.
			office, _ := os.ReadFile("testdata/Office-2012-owa.ics")
			r = e.DoWith("POST", "/v1/members/"+m+"/calendars?kind=busy&name=Outlook", e.Manager, "text/calendar", office)
			wantStatus(t, r, 201)
			up := r.Map(t)["id"].(string)
			r = e.DoWith("PUT", "/v1/calendars/"+up+"/ics", e.Manager, "text/calendar", "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n")
			wantProblem(t, r, 422, "calendar-import")
			r = e.DoWith("PUT", "/v1/calendars/"+up+"/ics", e.Manager, "text/calendar", daily)
			wantStatus(t, r, 200)
			twice := append(append([]string{}, want...), want...)
			sort.Strings(twice)
			sameLines(t, "busy after replacing the upload", busyLines(t, e, m, from, to), twice)
			r = e.DoWith("PUT", "/v1/calendars/"+sub["id"].(string)+"/ics", e.Manager, "text/calendar", daily)
			wantProblem(t, r, 409, "not-an-upload")

			// Changing a subscription's kind re-reads it at once (the feed itself is unchanged).
			mode.Store("ok")
			r = e.Do("PATCH", "/v1/calendars/"+sub["id"].(string), e.Manager, map[string]any{"kind": "time_off"})
			wantStatus(t, r, 200)
			rb := e.Do("GET", "/v1/members/"+m+"/busy?from=2013-01-02T00:00:00Z&to=2013-01-03T00:00:00Z", e.Viewer, nil)
			if !strings.Contains(string(rb.Body), `"kind":"time_off","calendar_id":"`+sub["id"].(string)+`"`) {
				t.Fatalf("kind change did not take effect: %s", rb.Body)
			}
			wantStatus(t, e.Do("PATCH", "/v1/calendars/"+sub["id"].(string), e.Manager, map[string]any{"kind": "busy"}), 200)

			// Kinds: the same file as a time-off calendar.
			r = e.Do("PATCH", "/v1/calendars/"+up, e.Manager, map[string]any{"kind": "time_off", "name": "Leave"})
			wantStatus(t, r, 200)
			if got := r.Map(t); got["kind"] != "time_off" || got["name"] != "Leave" {
				t.Fatalf("after PATCH = %v", got)
			}

			r = e.Do("GET", "/v1/members/"+m+"/calendars", e.Viewer, nil)
			wantStatus(t, r, 200)
			if n := len(r.Map(t)["items"].([]any)); n != 2 {
				t.Fatalf("%d calendars listed, want 2", n)
			}
			// Another organization sees none of it.
			for _, p := range []struct{ method, path string }{
				{"GET", "/v1/calendars/" + up}, {"DELETE", "/v1/calendars/" + up}, {"POST", "/v1/calendars/" + up + "/refresh"},
				{"PATCH", "/v1/calendars/" + up}, {"GET", "/v1/members/" + m + "/calendars"},
				{"GET", "/v1/members/" + m + "/busy?from=2013-01-01T00:00:00Z&to=2013-02-01T00:00:00Z"},
			} {
				var body any
				if p.method == "PATCH" {
					body = map[string]any{"name": "x"}
				}
				wantProblem(t, e.Do(p.method, p.path, e.Other, body), 404, "not-found")
			}
			wantProblem(t, e.DoWith("PUT", "/v1/calendars/"+up+"/ics", e.Other, "text/calendar", daily), 404, "not-found")

			wantStatus(t, e.Do("DELETE", "/v1/calendars/"+up, e.Manager, nil), 204)
			sameLines(t, "busy after delete", busyLines(t, e, m, from, to), want)
			wantProblem(t, e.Do("GET", "/v1/calendars/"+up, e.Manager, nil), 404, "not-found")
		})
	}
}

func TestCalendarValidation(t *testing.T) {
	e := apitest.New(t, "sqlite", nil)
	m := createMember(t, e, e.Manager, map[string]any{"name": "A", "timezone": "UTC"})["id"].(string)
	path := "/v1/members/" + m + "/calendars"
	tests := []struct {
		name   string
		body   any
		fields []string
	}{
		{"no url", map[string]any{"name": "x"}, []string{"url"}},
		{"ftp url", map[string]any{"url": "ftp://example.com/a.ics"}, []string{"url"}},
		{"bad kind", map[string]any{"url": "https://example.com/a.ics", "kind": "meetings"}, []string{"kind"}},
		{"interval too short", map[string]any{"url": "https://example.com/a.ics", "refresh_interval": "PT1M"}, []string{"refresh_interval"}},
		{"interval not ISO", map[string]any{"url": "https://example.com/a.ics", "refresh_interval": "1h"}, []string{"refresh_interval"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantProblem(t, e.Do("POST", path, e.Manager, tt.body), 422, "validation", tt.fields...)
		})
	}
	t.Run("HTML upload", func(t *testing.T) {
		r := e.DoWith("POST", path, e.Manager, "text/calendar", "<html>nope</html>")
		wantProblem(t, r, 422, "calendar-import")
		if r.Map(t)["code"] == "" {
			t.Fatal("no code")
		}
	})
	t.Run("upload too large", func(t *testing.T) {
		body := "BEGIN:VCALENDAR\r\n" + strings.Repeat("X-A:b\r\n", 11<<20/7) + "END:VCALENDAR\r\n"
		wantProblem(t, e.DoWith("POST", path, e.Manager, "text/calendar", body), 413, "too-large")
	})
	t.Run("busy range", func(t *testing.T) {
		wantProblem(t, e.Do("GET", "/v1/members/"+m+"/busy?from=2027-01-02T00:00:00Z&to=2027-01-01T00:00:00Z", e.Viewer, nil), 422, "validation", "to")
		wantProblem(t, e.Do("GET", "/v1/members/"+m+"/busy?from=2027-01-01T00:00:00Z&to=2029-01-01T00:00:00Z", e.Viewer, nil), 422, "validation", "to")
		wantProblem(t, e.Do("GET", "/v1/members/"+m+"/busy?from=yesterday&to=2029-01-01T00:00:00Z", e.Viewer, nil), 422, "validation", "from")
	})
	t.Run("viewer cannot subscribe", func(t *testing.T) {
		wantProblem(t, e.Do("POST", path, e.Viewer, map[string]any{"url": "https://example.com/a.ics"}), 403, "forbidden")
	})
}
