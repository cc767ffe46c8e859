package api_test

import (
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/overlap/overlap/api/apitest"
	"github.com/overlap/overlap/store/gormstore/testdb"
)

// feedEvent is one published event: its span and summary.
type feedEvent struct{ start, end, summary string }

var eventRe = regexp.MustCompile(`(?s)BEGIN:VEVENT\r\n.*?DTSTART:(\d{8}T\d{6}Z)\r\n.*?DTEND:(\d{8}T\d{6}Z)\r\n.*?SUMMARY:([^\r]*)\r\n.*?END:VEVENT`)

// feedEvents reads the events of a published feed, instants in RFC 3339.
func feedEvents(t *testing.T, body []byte) []feedEvent {
	t.Helper()
	var out []feedEvent
	conv := func(s string) string {
		v, err := time.Parse("20060102T150405Z", s)
		if err != nil {
			t.Fatal(err)
		}
		return v.Format(time.RFC3339)
	}
	for _, m := range eventRe.FindAllStringSubmatch(string(body), -1) {
		out = append(out, feedEvent{conv(m[1]), conv(m[2]), m[3]})
	}
	if n := strings.Count(string(body), "BEGIN:VEVENT"); n != len(out) {
		t.Fatalf("read %d of %d events:\n%s", len(out), n, body)
	}
	return out
}

// onCallWorld is a team whose rotation member A is away over New Year.
type onCallWorld struct {
	e             *apitest.Env
	team          string
	a, b, c, desk string
	names         map[string]string // name → ID
}

// newOnCallWorld builds: A, B, C in Berlin (Mon–Fri 09:00–17:00) and Desk
// (UTC, no working hours: never available), one team; a weekly rotation
// A, B, C handing off Monday 09:00 Berlin time from 2026-12-28. A is on
// time off 12-21 → 01-01 (whole days), B has a public holiday on 12-30, C
// is off 12-30 00:00–06:00Z.
func newOnCallWorld(t *testing.T, e *apitest.Env) *onCallWorld {
	t.Helper()
	w := &onCallWorld{e: e, names: map[string]string{}}
	for _, n := range []string{"A", "B", "C"} {
		w.names[n] = createMember(t, e, e.Manager, map[string]any{"name": n, "timezone": "Europe/Berlin"})["id"].(string)
	}
	w.a, w.b, w.c = w.names["A"], w.names["B"], w.names["C"]
	w.desk = createMember(t, e, e.Manager, map[string]any{"name": "Desk", "timezone": "UTC", "working_hours": map[string]any{}})["id"].(string)
	w.team = e.Do("POST", "/v1/teams", e.Manager, map[string]any{"name": "Ops"}).Map(t)["id"].(string)
	for _, m := range []string{w.a, w.b, w.c, w.desk} {
		wantStatus(t, e.Do("PUT", "/v1/teams/"+w.team+"/members/"+m, e.Manager, nil), 201)
	}
	wantStatus(t, e.Do("PUT", "/v1/teams/"+w.team+"/on-call", e.Manager, map[string]any{
		"strategy": "rotation", "members": []string{w.a, w.b, w.c}, "shift_length": "P7D", "handoff": "09:00",
		"timezone": "Europe/Berlin", "start_date": "2026-12-28"}), 200)
	wantStatus(t, e.Do("POST", "/v1/members/"+w.a+"/time-off", e.Manager, map[string]any{"start_date": "2026-12-21", "end_date": "2027-01-01"}), 201)
	holiday := strings.ReplaceAll(mondayHoliday, "20270111", "20261230")
	wantStatus(t, e.DoWith("POST", "/v1/members/"+w.b+"/calendars?kind=holidays&name=Holidays", e.Manager, "text/calendar", holiday), 201)
	wantStatus(t, e.Do("POST", "/v1/members/"+w.c+"/time-off", e.Manager, map[string]any{"start": "2026-12-30T00:00:00Z", "end": "2026-12-30T06:00:00Z"}), 201)
	return w
}

func (w *onCallWorld) get(t *testing.T, path string, q url.Values) map[string]any {
	t.Helper()
	r := w.e.Do("GET", path+"?"+q.Encode(), w.e.Viewer, nil)
	wantStatus(t, r, 200)
	return r.Map(t)
}

// who names a shift's member ("-" for a gap), with whom it replaces.
func (w *onCallWorld) who(sh map[string]any) string {
	name := func(id any) string {
		for n, v := range w.names {
			if v == id {
				return n
			}
		}
		return "-"
	}
	s := name(sh["member_id"])
	if sh["replaces"] != nil {
		s += " for " + name(sh["replaces"])
	}
	return s
}

func TestOnCallCoversMembersAway(t *testing.T) {
	for _, d := range testdb.Dialects {
		t.Run(string(d), func(t *testing.T) {
			e := apitest.New(t, d, func() time.Time { return time.Date(2026, 12, 28, 0, 0, 0, 0, time.UTC) })
			w := newOnCallWorld(t, e)
			got := w.get(t, "/v1/teams/"+w.team+"/on-call/shifts", url.Values{"from": {"2026-12-28T00:00:00Z"}, "to": {"2027-01-11T00:00:00Z"}})
			var lines []string
			for _, s := range got["shifts"].([]any) {
				s := s.(map[string]any)
				lines = append(lines, s["start"].(string)+" "+s["end"].(string)+" "+w.who(s))
			}
			sameLines(t, "shifts", lines, []string{
				"2026-12-28T08:00:00Z 2026-12-29T23:00:00Z B for A",
				"2026-12-29T23:00:00Z 2026-12-30T00:00:00Z C for A", // B's holiday: the next in order
				"2026-12-30T00:00:00Z 2026-12-30T06:00:00Z - for A", // everybody away
				"2026-12-30T06:00:00Z 2026-12-30T23:00:00Z C for A",
				"2026-12-30T23:00:00Z 2027-01-01T23:00:00Z B for A",
				"2027-01-01T23:00:00Z 2027-01-04T08:00:00Z A", // back mid-shift
				"2027-01-04T08:00:00Z 2027-01-11T00:00:00Z B",
			})
			if got["gaps"].(float64) != 1 {
				t.Fatalf("gaps = %v", got["gaps"])
			}

			// The urgent fall-through names who covers, not the member it says is away.
			r := w.get(t, "/v1/members/"+w.a+"/response-time", url.Values{"sent_at": {"2026-12-30T12:00:00Z"}, "priority": {"urgent"}, "team_id": {w.team}})
			if oc, _ := r["on_call"].(map[string]any); oc == nil || oc["member_id"] != w.c {
				t.Fatalf("urgent to A while away = %v", r)
			}
			if ex := strings.Join(toStrings(r["explanation"]), "|"); !strings.Contains(ex, "time off until") {
				t.Fatalf("explanation = %v", ex)
			}

			// The four surfaces agree at every probe.
			_, path := createFeed(t, e, map[string]any{"kind": "team_on_call", "team_id": w.team, "options": map[string]any{"horizon": "P14D", "past": "PT0S"}})
			fr := e.Do("GET", path, "", nil)
			wantStatus(t, fr, 200)
			events := feedEvents(t, fr.Body)
			if len(events) != len(lines) {
				t.Fatalf("feed has %d events, shifts %d:\n%s", len(events), len(lines), fr.Body)
			}
			for i, ev := range events {
				if want := strings.Fields(lines[i]); ev.start != want[0] || ev.end != want[1] {
					t.Fatalf("event %d = %+v, shift %s", i, ev, lines[i])
				}
			}
			if events[2].summary != "On call: nobody (gap) for A (away)" || events[0].summary != "On call: B for A (away)" || events[5].summary != "On call: A" {
				t.Fatalf("feed summaries = %+v", events)
			}
			for at := time.Date(2026, 12, 28, 1, 0, 0, 0, time.UTC); at.Before(time.Date(2027, 1, 11, 0, 0, 0, 0, time.UTC)); at = at.Add(5 * time.Hour) {
				q := at.Format(time.RFC3339)
				fromShifts := "none" // before the start
				for _, s := range got["shifts"].([]any) {
					if s := s.(map[string]any); s["start"].(string) <= q && q < s["end"].(string) {
						fromShifts = strings.Fields(w.who(s))[0]
					}
				}
				fromNow := "none"
				if sh, _ := w.get(t, "/v1/teams/"+w.team+"/on-call/now", url.Values{"at": {q}})["shift"].(map[string]any); sh != nil {
					fromNow = strings.Fields(w.who(sh))[0]
				}
				fromFeed := "none"
				for _, ev := range events {
					if ev.start <= q && q < ev.end {
						fromFeed = strings.Fields(strings.TrimPrefix(ev.summary, "On call: "))[0]
						if fromFeed == "nobody" {
							fromFeed = "-"
						}
					}
				}
				// Desk never works, so an urgent message to Desk always falls through.
				fromUrgent := "none"
				r := w.get(t, "/v1/members/"+w.desk+"/response-time", url.Values{"sent_at": {q}, "priority": {"urgent"}, "team_id": {w.team}})
				if oc, _ := r["on_call"].(map[string]any); oc != nil {
					fromUrgent = w.who(map[string]any{"member_id": oc["member_id"]})
				}
				if fromShifts != fromNow || fromShifts != fromFeed || (fromUrgent != fromShifts && !(fromUrgent == "none" && (fromShifts == "-" || fromShifts == "none"))) {
					t.Fatalf("at %s: shifts %s, now %s, feed %s, urgent %s", q, fromShifts, fromNow, fromFeed, fromUrgent)
				}
			}
		})
	}
}

func TestOnCallStartDate(t *testing.T) {
	now := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, d := range testdb.Dialects {
		t.Run(string(d), func(t *testing.T) { testOnCallStartDate(t, apitest.New(t, d, func() time.Time { return now })) })
	}
}

func testOnCallStartDate(t *testing.T, e *apitest.Env) {
	{
		a := createMember(t, e, e.Manager, map[string]any{"name": "A", "timezone": "UTC"})["id"].(string)
		team := e.Do("POST", "/v1/teams", e.Manager, map[string]any{"name": "T"}).Map(t)["id"].(string)
		wantStatus(t, e.Do("PUT", "/v1/teams/"+team+"/members/"+a, e.Manager, nil), 201)
		put := func(start string) *apitest.Response {
			return e.Do("PUT", "/v1/teams/"+team+"/on-call", e.Manager, map[string]any{
				"strategy": "rotation", "members": []string{a}, "shift_length": "P7D", "handoff": "09:00", "timezone": "UTC", "start_date": start})
		}
		for _, start := range []string{"2500-01-01", "1700-01-01", "9999-12-31"} {
			wantProblem(t, put(start), 422, "validation", "start_date")
		}

		// Far in the future, within the bound: nothing before it, and no 500.
		wantStatus(t, put("2199-12-31"), 200)
		r := e.Do("GET", "/v1/teams/"+team+"/on-call/shifts?from=2027-01-01T00:00:00Z&to=2027-02-01T00:00:00Z", e.Viewer, nil)
		wantStatus(t, r, 200)
		if m := r.Map(t); len(m["shifts"].([]any)) != 0 || m["gaps"].(float64) != 0 {
			t.Fatalf("shifts before the start = %v", m)
		}
		r = e.Do("GET", "/v1/teams/"+team+"/on-call/now?at=2027-01-05T00:00:00Z", e.Viewer, nil)
		wantStatus(t, r, 200)
		if m := r.Map(t); m["shift"] != nil {
			t.Fatalf("on call before the start = %v", m)
		}
		r = e.Do("GET", "/v1/members/"+a+"/response-time?sent_at=2027-01-02T00:00:00Z&priority=urgent&team_id="+team, e.Viewer, nil)
		wantStatus(t, r, 200)
		if m := r.Map(t); m["on_call"] != nil {
			t.Fatalf("fall-through before the start = %v", m)
		}
		_, path := createFeed(t, e, map[string]any{"kind": "team_on_call", "team_id": team})
		fr := e.Do("GET", path, "", nil)
		wantStatus(t, fr, 200)
		if evs := feedEvents(t, fr.Body); len(evs) != 0 {
			t.Fatalf("feed before the start = %+v", evs)
		}

		// Starting inside the feed's window: the first event is the first shift, no gap before it.
		start := "2027-01-11" // the feed runs from 2026-12-25 (a week past) to 2027-03-02
		wantStatus(t, put(start), 200)
		_, path = createFeed(t, e, map[string]any{"kind": "team_on_call", "team_id": team}) // a new one: feeds are cached for a minute
		fr = e.Do("GET", path, "", nil)
		wantStatus(t, fr, 200)
		evs := feedEvents(t, fr.Body)
		if len(evs) == 0 || evs[0].start != start+"T09:00:00Z" || evs[0].summary != "On call: A" || strings.Contains(string(fr.Body), "nobody") {
			t.Fatalf("feed around the start = %+v", evs)
		}
	}
}

func TestResponseTimeBeyondHorizon(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *apitest.Env) {
		// Works one hour a week: Monday 09:00–10:00 UTC.
		m := createMember(t, e, e.Manager, map[string]any{"name": "Mo", "timezone": "UTC",
			"working_hours": map[string]any{"mon": []any{map[string]any{"start": "09:00", "end": "10:00"}}}})["id"].(string)
		team := e.Do("POST", "/v1/teams", e.Manager, map[string]any{"name": "T"}).Map(t)["id"].(string)
		wantStatus(t, e.Do("PUT", "/v1/teams/"+team+"/members/"+m, e.Manager, nil), 201)
		wantStatus(t, e.Do("PUT", "/v1/teams/"+team+"/response-policy", e.Manager, map[string]any{"normal": map[string]any{"within": "P1D", "clock": "working"}}), 200)

		// Monday 08:00Z: available at 09:00Z, but a day of working time takes 24 weeks.
		for _, path := range []string{"/v1/members/" + m + "/response-time", "/v1/teams/" + team + "/response-time"} {
			r := e.Do("GET", path+"?sent_at=2027-01-04T08:00:00Z&priority=normal&team_id="+team, e.Viewer, nil)
			if strings.HasPrefix(path, "/v1/teams/") {
				r = e.Do("GET", path+"?sent_at=2027-01-04T08:00:00Z&priority=normal", e.Viewer, nil)
			}
			wantStatus(t, r, 200)
			got := r.Map(t)
			if ms, ok := got["members"].([]any); ok {
				got = ms[0].(map[string]any)
			}
			ex := strings.Join(toStrings(got["explanation"]), "|")
			if got["first_available_at"] != "2027-01-04T09:00:00Z" || got["respond_by"] != nil {
				t.Fatalf("%s: %v", path, got)
			}
			if strings.Contains(ex, "not available") || !strings.Contains(ex, "respond_by is beyond the 60-day horizon") ||
				!strings.Contains(ex, "first available Mon 2027-01-04 09:00 in UTC") {
				t.Fatalf("%s: explanation %q", path, ex)
			}
		}
		// Asked on Monday at 10:00Z the first hour is next week's.
		r := e.Do("GET", "/v1/members/"+m+"/response-time?sent_at=2027-01-04T10:00:00Z&priority=normal&team_id="+team, e.Viewer, nil)
		wantStatus(t, r, 200)
		if got := r.Map(t); got["first_available_at"] != "2027-01-11T09:00:00Z" || got["respond_by"] != nil {
			t.Fatalf("after the hour: %v", got)
		}
	})
}
