package api_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/overlap/overlap/api/apitest"
	"github.com/overlap/overlap/store/gormstore/testdb"
)

// teamFixture: Berlin (09–17 CET = 08–16 UTC) and New York (09–17 EST =
// 14–22 UTC); Berlin is required, New York optional. Berlin has a meeting Mon 2027-01-11 14:30–15:00 UTC
// from an uploaded calendar; New York is off all of Wed 2027-01-13.
type teamFixture struct {
	e              *apitest.Env
	team, ber, nyc string
}

const oneMeeting = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VEVENT\r\nUID:m1\r\n" +
	"DTSTART:20270111T143000Z\r\nDTEND:20270111T150000Z\r\nSUMMARY:secret\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"

func newTeamFixture(t *testing.T, e *apitest.Env) teamFixture {
	t.Helper()
	f := teamFixture{e: e}
	f.ber = createMember(t, e, e.Manager, map[string]any{"name": "Ber", "timezone": "Europe/Berlin"})["id"].(string)
	f.nyc = createMember(t, e, e.Manager, map[string]any{"name": "Nyc", "timezone": "America/New_York"})["id"].(string)
	r := e.Do("POST", "/v1/teams", e.Manager, map[string]any{"name": "Atlantic"})
	wantStatus(t, r, 201)
	f.team = r.Map(t)["id"].(string)
	wantStatus(t, e.Do("PUT", "/v1/teams/"+f.team+"/members/"+f.ber, e.Manager, map[string]any{"required": true}), 201)
	wantStatus(t, e.Do("PUT", "/v1/teams/"+f.team+"/members/"+f.nyc, e.Manager, map[string]any{"required": false}), 201)
	wantStatus(t, e.DoWith("POST", "/v1/members/"+f.ber+"/calendars", e.Manager, "text/calendar", oneMeeting), 201)
	wantStatus(t, e.Do("POST", "/v1/members/"+f.nyc+"/time-off", e.Manager, map[string]any{"start_date": "2027-01-13", "end_date": "2027-01-13"}), 201)
	return f
}

func (f teamFixture) get(t *testing.T, path string, q url.Values) map[string]any {
	t.Helper()
	r := f.e.Do("GET", path+"?"+q.Encode(), f.e.Viewer, nil)
	wantStatus(t, r, 200)
	return r.Map(t)
}

var week = url.Values{"from": {"2027-01-11T00:00:00Z"}, "to": {"2027-01-16T00:00:00Z"}}

func with(q url.Values, kv ...string) url.Values {
	out := url.Values{}
	for k, v := range q {
		out[k] = v
	}
	for i := 0; i < len(kv); i += 2 {
		out.Set(kv[i], kv[i+1])
	}
	return out
}

func spans(items []any) string {
	var b []string
	for _, it := range items {
		m := it.(map[string]any)
		s := strings.TrimSuffix(strings.Replace(m["start"].(string), ":00Z", "", 1), "")
		e := strings.Replace(m["end"].(string), ":00Z", "", 1)
		b = append(b, s[5:]+"/"+e[11:])
	}
	return strings.Join(b, " ")
}

func TestAvailabilityEndpoints(t *testing.T) {
	for _, d := range testdb.Dialects {
		t.Run(string(d), func(t *testing.T) {
			now := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
			e := apitest.New(t, d, func() time.Time { return now })
			f := newTeamFixture(t, e)
			base := "/v1/teams/" + f.team

			// Everyone, at least 30 minutes.
			got := f.get(t, base+"/overlap", week)
			want := "01-11T14:00/14:30 01-11T15:00/16:00 01-12T14:00/16:00 01-14T14:00/16:00 01-15T14:00/16:00"
			if s := spans(got["windows"].([]any)); s != want {
				t.Fatalf("overlap windows:\n got %s\nwant %s", s, want)
			}
			if got["quorum"].(float64) != 2 || got["min_duration"] != "PT30M" {
				t.Fatalf("overlap header = %v", got)
			}
			// An hour at least drops the half-hour window.
			got = f.get(t, base+"/overlap", with(week, "min_duration", "PT1H"))
			if n := len(got["windows"].([]any)); n != 4 {
				t.Fatalf("%d windows of an hour, want 4", n)
			}
			// Quorum 1: Berlin (required) alone is enough; segments show who is there.
			got = f.get(t, base+"/overlap", with(week, "quorum", "1", "to", "2027-01-12T00:00:00Z"))
			ws := got["windows"].([]any)
			if s := spans(ws); s != "01-11T08:00/14:30 01-11T15:00/16:00" {
				t.Fatalf("quorum 1 windows = %s", s)
			}
			segs := ws[0].(map[string]any)["segments"].([]any)
			var sb []string
			for _, sg := range segs {
				m := sg.(map[string]any)
				sb = append(sb, fmt.Sprint(len(m["available"].([]any))))
			}
			if strings.Join(sb, ",") != "1,2" {
				t.Fatalf("segment member counts = %v", sb)
			}
			if un := ws[0].(map[string]any)["unavailable"].([]any); len(un) != 1 || un[0].(map[string]any)["member_id"] != f.nyc || un[0].(map[string]any)["reason"] != "outside_hours" {
				t.Fatalf("unavailable = %v", un)
			}

			// One member's availability on Monday.
			got = f.get(t, "/v1/members/"+f.ber+"/availability", url.Values{"from": {"2027-01-11T00:00:00Z"}, "to": {"2027-01-12T00:00:00Z"}})
			var pieces []string
			for _, p := range got["pieces"].([]any) {
				m := p.(map[string]any)
				pieces = append(pieces, m["start"].(string)[11:16]+"-"+m["end"].(string)[11:16]+" "+m["status"].(string))
			}
			if s := strings.Join(pieces, ", "); s != "00:00-08:00 outside_hours, 08:00-14:30 available, 14:30-15:00 busy, 15:00-16:00 available, 16:00-00:00 outside_hours" {
				t.Fatalf("availability = %s", s)
			}
			got = f.get(t, "/v1/members/"+f.nyc+"/availability", url.Values{"from": {"2027-01-13T00:00:00Z"}, "to": {"2027-01-14T00:00:00Z"}})
			if p := got["pieces"].([]any); len(p) != 2 || p[0].(map[string]any)["status"] != "outside_hours" || p[1].(map[string]any)["status"] != "time_off" {
				t.Fatalf("a day off in New York = %v", p)
			}

			// Suggestions: both attend; inconvenience per attendee in local time.
			got = f.get(t, base+"/suggestions", with(week, "duration", "PT1H", "limit", "3"))
			sugs := got["suggestions"].([]any)
			if len(sugs) != 3 {
				t.Fatalf("%d suggestions, want 3", len(sugs))
			}
			// 14:30–15:30 UTC is 15:30 in Berlin and 09:30 in New York: both 0.875
			// from the middle of their day, fairer than 14:00 or 15:00 (1.0 for one).
			// Monday 14:30 is taken by Berlin's meeting.
			var starts []string
			for _, s := range sugs {
				m := s.(map[string]any)
				starts = append(starts, m["start"].(string))
				if m["attendee_count"].(float64) != 2 || m["worst_inconvenience"].(float64) != 0.875 {
					t.Fatalf("suggestion = %v", m)
				}
				for _, a := range m["attendees"].([]any) {
					a := a.(map[string]any)
					if (a["member_id"] == f.ber) != strings.HasSuffix(a["local_start"].(string), "+01:00") {
						t.Fatalf("attendee local start = %v", a)
					}
				}
			}

			if strings.Join(starts, " ") != "2027-01-12T14:30:00Z 2027-01-14T14:30:00Z 2027-01-15T14:30:00Z" {
				t.Fatalf("suggested starts = %v", starts)
			}

			// Analytics.
			got = f.get(t, base+"/analytics/matrix", week)
			if fmt.Sprint(got["shared_minutes"]) != "[[2370 450] [450 1920]]" {
				t.Fatalf("matrix = %v", got["shared_minutes"])
			}
			got = f.get(t, base+"/analytics/coverage", week)
			if got["covered_minutes"].(float64) != 3840 || got["fraction"].(float64) != 0.533 {
				t.Fatalf("coverage = %v", got)
			}
			got = f.get(t, base+"/analytics/heatmap", with(week, "tz", "Europe/Berlin"))
			for _, c := range got["cells"].([]any) {
				c := c.(map[string]any)
				if c["weekday"] == "mon" && c["hour"].(float64) == 15 && c["mean_available"].(float64) != 1.5 {
					t.Fatalf("Monday 15:00 Berlin = %v", c)
				}
			}
			// DST: the US changes on 2027-03-14, Europe on 2027-03-28.
			got = f.get(t, base+"/analytics/trend", url.Values{"from": {"2027-03-01T00:00:00Z"}, "to": {"2027-04-05T00:00:00Z"}})
			var hours []string
			for _, w := range got["weeks"].([]any) {
				hours = append(hours, fmt.Sprint(w.(map[string]any)["overlap_hours"]))
			}
			if s := strings.Join(hours, " "); s != "10 10 15 15 10" {
				t.Fatalf("weekly overlap hours = %s, want 10 10 15 15 10", s)
			}
		})
	}
}

func TestAvailabilityErrors(t *testing.T) {
	e := apitest.New(t, "sqlite", func() time.Time { return time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC) })
	f := newTeamFixture(t, e)
	base := "/v1/teams/" + f.team
	tests := []struct {
		name, path string
		q          url.Values
		fields     []string
	}{
		{"from after to", base + "/overlap", url.Values{"from": {"2027-01-16T00:00:00Z"}, "to": {"2027-01-11T00:00:00Z"}}, []string{"to"}},
		{"range too long", base + "/overlap", url.Values{"from": {"2027-01-01T00:00:00Z"}, "to": {"2028-01-03T00:00:00Z"}}, []string{"to"}},
		{"missing range", base + "/overlap", url.Values{}, []string{"from", "to"}},
		{"bad min_duration", base + "/overlap", with(week, "min_duration", "30m"), []string{"min_duration"}},
		{"quorum above team", base + "/overlap", with(week, "quorum", "3"), []string{"quorum"}},
		{"quorum zero", base + "/overlap", with(week, "quorum", "0"), []string{"quorum"}},
		{"bad tentative", base + "/overlap", with(week, "tentative", "maybe"), []string{"tentative"}},
		{"no duration", base + "/suggestions", week, []string{"duration"}},
		{"bad duration", base + "/suggestions", with(week, "duration", "P1M"), []string{"duration"}},
		{"bad tz", base + "/analytics/heatmap", with(week, "tz", "Mars/Olympus"), []string{"tz"}},
		{"member range", "/v1/members/" + f.ber + "/availability", url.Values{"from": {"2027-01-01T00:00:00Z"}}, []string{"to"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := e.Do("GET", tt.path+"?"+tt.q.Encode(), e.Viewer, nil)
			wantProblem(t, r, 422, "validation", tt.fields...)
		})
	}
	t.Run("limit named", func(t *testing.T) {
		r := e.Do("GET", base+"/overlap?"+url.Values{"from": {"2027-01-01T00:00:00Z"}, "to": {"2028-01-03T00:00:00Z"}}.Encode(), e.Viewer, nil)
		if !strings.Contains(string(r.Body), "366 days") {
			t.Fatalf("the range error does not name the limit: %s", r.Body)
		}
	})
	t.Run("other organization", func(t *testing.T) {
		for _, p := range []string{base + "/overlap", base + "/suggestions", base + "/analytics/matrix", base + "/analytics/coverage",
			base + "/analytics/trend", base + "/analytics/heatmap", "/v1/members/" + f.ber + "/availability"} {
			q := week
			if strings.HasSuffix(p, "/suggestions") {
				q = with(week, "duration", "PT1H")
			}
			wantProblem(t, e.Do("GET", p+"?"+q.Encode(), e.Other, nil), 404, "not-found")
		}
	})
	t.Run("empty team", func(t *testing.T) {
		r := e.Do("POST", "/v1/teams", e.Manager, map[string]any{"name": "Empty"})
		empty := r.Map(t)["id"].(string)
		r = e.Do("GET", "/v1/teams/"+empty+"/overlap?"+week.Encode(), e.Viewer, nil)
		wantStatus(t, r, 200)
		if w := r.Map(t)["windows"].([]any); len(w) != 0 {
			t.Fatalf("empty team windows = %v", w)
		}
		r = e.Do("GET", "/v1/teams/"+empty+"/suggestions?"+with(week, "duration", "PT1H").Encode(), e.Viewer, nil)
		wantStatus(t, r, 200)
	})
}
