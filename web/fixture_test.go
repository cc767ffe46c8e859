package web_test

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/overlap/overlap/api"
	"github.com/overlap/overlap/api/apitest"
	"github.com/overlap/overlap/store/gormstore"
	"github.com/overlap/overlap/web"
)

// now is Sunday 29 March 2026, 12:10 UTC: Europe moved its clocks forward
// at 01:00 UTC this morning (CET → CEST, GMT → BST); New York did on 8 March.
var now = time.Date(2026, 3, 29, 12, 10, 0, 0, time.UTC)

// fixture is the real API and web view on SQLite with three teams:
//
//   - "Follow the sun": Carla (Europe/Berlin 09–17), Liam (Europe/London
//     09–17), Nora (America/New_York 07–15) and Ravi (Asia/Kolkata 12–20),
//     every day. On the 29th they overlap 11:00–14:30 UTC, less Carla's
//     meeting 12:00–12:30 UTC. Liam is off on Tue 31 March. Carla and Nora
//     share a weekly on-call rotation.
//   - "Pacific": Aiko (Asia/Tokyo), Bob (America/Los_Angeles) and Carla, who
//     never all overlap.
//   - "Empty": no members.
type fixture struct {
	env                     *apitest.Env
	srv                     *httptest.Server
	team, pacific, empty    string
	carla, liam, nora, ravi string
}

const meeting = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VEVENT\r\nUID:m1\r\n" +
	"DTSTART:20260329T120000Z\r\nDTEND:20260329T123000Z\r\nSUMMARY:Secret roadmap\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"

const emptyCalendar = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nEND:VCALENDAR\r\n"

func everyDay(start, end string) map[string]any {
	h := map[string]any{}
	for _, d := range []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"} {
		h[d] = []any{map[string]any{"start": start, "end": end}}
	}
	return h
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	e := apitest.New(t, gormstore.SQLite, func() time.Time { return now })
	view, err := web.New(web.Config{Store: e.Store, Planner: e.Server.Planner(), Stale: e.Importer.Stale, Now: func() time.Time { return now },
		PublicURL: "https://overlap.test", Logger: nil, NewFeedToken: api.NewFeedToken, HashToken: api.HashToken})
	if err != nil {
		t.Fatal(err)
	}
	e.Server.Mount(view.Mount)
	f := &fixture{env: e}
	member := func(name, zone string, hours map[string]any) string {
		body := map[string]any{"name": name, "timezone": zone}
		if hours != nil {
			body["working_hours"] = hours
		}
		r := e.Do("POST", "/v1/members", e.Manager, body)
		want(t, r, 201)
		return r.Map(t)["id"].(string)
	}
	team := func(name string, members ...string) string {
		r := e.Do("POST", "/v1/teams", e.Manager, map[string]any{"name": name})
		want(t, r, 201)
		id := r.Map(t)["id"].(string)
		for _, m := range members {
			want(t, e.Do("PUT", "/v1/teams/"+id+"/members/"+m, e.Manager, nil), 201)
		}
		return id
	}
	f.carla = member("Carla", "Europe/Berlin", everyDay("09:00", "17:00"))
	f.liam = member("Liam", "Europe/London", everyDay("09:00", "17:00"))
	f.nora = member("Nora", "America/New_York", everyDay("07:00", "15:00"))
	f.ravi = member("Ravi", "Asia/Kolkata", everyDay("12:00", "20:00"))
	f.team = team("Follow the sun", f.carla, f.liam, f.nora, f.ravi)
	want(t, e.DoWith("POST", "/v1/members/"+f.carla+"/calendars?name=Work", e.Manager, "text/calendar", meeting), 201)
	// Liam's calendar link was reset by its owner after he subscribed: the
	// server answers 404 since.
	var reset atomic.Bool
	gone := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if reset.Load() {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/calendar")
		_, _ = io.WriteString(w, emptyCalendar)
	}))
	t.Cleanup(gone.Close)
	r := e.Do("POST", "/v1/members/"+f.liam+"/calendars", e.Manager, map[string]any{"url": gone.URL + "/cal.ics", "name": "Outlook"})
	want(t, r, 201)
	reset.Store(true)
	if r := e.Do("POST", "/v1/calendars/"+r.Map(t)["id"].(string)+"/refresh", e.Manager, nil); r.Status != 200 || !strings.Contains(string(r.Body), "not_found") {
		t.Fatalf("refreshing a gone calendar = %d %s", r.Status, r.Body)
	}
	want(t, e.Do("POST", "/v1/members/"+f.liam+"/time-off", e.Manager, map[string]any{"start_date": "2026-03-31", "end_date": "2026-03-31"}), 201)
	want(t, e.Do("PUT", "/v1/teams/"+f.team+"/on-call", e.Manager, map[string]any{
		"strategy": "rotation", "members": []string{f.carla, f.nora}, "shift_length": "P7D", "handoff": "09:00",
		"timezone": "Europe/Berlin", "start_date": "2026-03-23"}), 200)
	aiko := member("Aiko", "Asia/Tokyo", nil)
	bob := member("Bob", "America/Los_Angeles", nil)
	f.pacific = team("Pacific", aiko, bob, f.carla)
	f.empty = team("Empty")
	f.srv = httptest.NewServer(e.Server)
	t.Cleanup(f.srv.Close)
	return f
}

func want(t *testing.T, r *apitest.Response, status int) {
	t.Helper()
	if r.Status != status {
		t.Fatalf("status %d, want %d: %s", r.Status, status, r.Body)
	}
}

// browser is a cookie-keeping HTTP client that does not follow redirects.
type browser struct {
	t    *testing.T
	base string
	c    *http.Client
}

func (f *fixture) client(t *testing.T) *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{t: t, base: f.srv.URL, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

type page struct {
	Status int
	Header http.Header
	Body   string
}

func (b *browser) do(method, path string, form url.Values) page {
	b.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, b.base+path, body)
	if err != nil {
		b.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	resp, err := b.c.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return page{Status: resp.StatusCode, Header: resp.Header, Body: string(raw)}
}

func (b *browser) get(path string) page { b.t.Helper(); return b.do("GET", path, nil) }

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// csrf is the form token of a page.
func (p page) csrf(t *testing.T) string {
	t.Helper()
	m := csrfField.FindStringSubmatch(p.Body)
	if m == nil {
		t.Fatalf("no csrf field in %.300s", p.Body)
	}
	return m[1]
}

// signIn signs in with an API token through the form.
func (b *browser) signIn(token string) page {
	b.t.Helper()
	form := b.get("/")
	p := b.do("POST", "/sign-in", url.Values{"csrf": {form.csrf(b.t)}, "token": {token}})
	if p.Status != http.StatusSeeOther || p.Header.Get("Location") != "/teams" {
		b.t.Fatalf("sign-in: %d %s %.300s", p.Status, p.Header.Get("Location"), p.Body)
	}
	return p
}
