package api_test

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/overlap/overlap/api/apitest"
	"github.com/overlap/overlap/store/gormstore/testdb"
)

const mondayHoliday = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VEVENT\r\nUID:h1\r\n" +
	"DTSTART;VALUE=DATE:20270111\r\nSUMMARY:Holiday\r\nTRANSP:TRANSPARENT\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"

func TestResponseTimes(t *testing.T) {
	for _, d := range testdb.Dialects {
		t.Run(string(d), func(t *testing.T) {
			e := apitest.New(t, d, func() time.Time { return time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC) })
			ak := createMember(t, e, e.Manager, map[string]any{"name": "Aroha", "timezone": "Pacific/Auckland"})["id"].(string)
			be := createMember(t, e, e.Manager, map[string]any{"name": "Ben", "timezone": "Europe/Berlin"})["id"].(string)
			sf := createMember(t, e, e.Manager, map[string]any{"name": "Sam", "timezone": "America/Los_Angeles"})["id"].(string)
			r := e.Do("POST", "/v1/teams", e.Manager, map[string]any{"name": "Support"})
			team := r.Map(t)["id"].(string)
			for _, m := range []string{ak, be, sf} {
				wantStatus(t, e.Do("PUT", "/v1/teams/"+team+"/members/"+m, e.Manager, nil), 201)
			}
			get := func(path string, q url.Values) map[string]any {
				t.Helper()
				r := e.Do("GET", path+"?"+q.Encode(), e.Viewer, nil)
				wantStatus(t, r, 200)
				return r.Map(t)
			}

			// Friday 19:00 in Berlin: four working hours from Monday 09:00.
			got := get("/v1/members/"+be+"/response-time", url.Values{"sent_at": {"2027-01-08T18:00:00Z"}, "priority": {"normal"}})
			if got["first_available_at"] != "2027-01-11T08:00:00Z" || got["respond_by"] != "2027-01-11T12:00:00Z" || got["clock"] != "working" || got["within"] != "PT4H" {
				t.Fatalf("Friday evening = %v", got)
			}
			if ex := got["explanation"].([]any); len(ex) != 3 || ex[0] != "Fri 2027-01-08 19:00 in Europe/Berlin is outside working hours" {
				t.Fatalf("explanation = %v", ex)
			}
			// Across spring forward: one hour on Friday, three on Monday (CEST, UTC+2).
			got = get("/v1/members/"+be+"/response-time", url.Values{"sent_at": {"2027-03-26T15:00:00Z"}, "priority": {"normal"}})
			if got["respond_by"] != "2027-03-29T10:00:00Z" {
				t.Fatalf("across DST = %v", got)
			}
			// A public holiday on Monday moves the answer to Tuesday.
			wantStatus(t, e.DoWith("POST", "/v1/members/"+be+"/calendars?kind=holidays&name=Holidays", e.Manager, "text/calendar", mondayHoliday), 201)
			got = get("/v1/members/"+be+"/response-time", url.Values{"sent_at": {"2027-01-08T18:00:00Z"}, "priority": {"normal"}})
			if got["respond_by"] != "2027-01-12T12:00:00Z" || !strings.Contains(strings.Join(toStrings(got["explanation"]), "|"), "Mon 2027-01-11 is a public holiday") {
				t.Fatalf("holiday = %v", got)
			}
			// Time off over a weekend, Friday to Monday inclusive.
			wantStatus(t, e.Do("POST", "/v1/members/"+sf+"/time-off", e.Manager, map[string]any{"start_date": "2027-01-08", "end_date": "2027-01-11"}), 201)
			got = get("/v1/members/"+sf+"/response-time", url.Values{"sent_at": {"2027-01-07T23:00:00Z"}, "priority": {"low"}})
			// Thu 15:00 in SF: 2 h left Thursday, then 14 h from Tue 09:00 PST (17:00Z) → Tue 8 h, Wed 6 h → Wed 15:00 PST = 23:00Z.
			if got["respond_by"] != "2027-01-13T23:00:00Z" {
				t.Fatalf("weekend time off = %v", got)
			}

			// Friday evening to a team spread over Auckland, Berlin and San Francisco:
			// Auckland's Monday comes first (09:00 NZDT = Sun 20:00 UTC, +4 h).
			got = get("/v1/teams/"+team+"/response-time", url.Values{"sent_at": {"2027-01-08T18:00:00Z"}, "priority": {"normal"}})
			if got["respond_by"] != "2027-01-11T00:00:00Z" || got["member_id"] != ak || len(got["members"].([]any)) != 3 {
				t.Fatalf("follow the sun = %v", got)
			}

			// Urgent, nobody can answer within the hour: the on-call member does.
			wantStatus(t, e.Do("PUT", "/v1/teams/"+team+"/on-call", e.Manager, map[string]any{
				"strategy": "rotation", "members": []string{be, sf}, "shift_length": "P7D", "handoff": "09:00",
				"timezone": "Europe/Berlin", "start_date": "2027-03-22"}), 200)
			got = get("/v1/members/"+be+"/response-time", url.Values{"sent_at": {"2027-03-27T02:00:00Z"}, "priority": {"urgent"}, "team_id": {team}})
			oc, _ := got["on_call"].(map[string]any)
			if oc == nil || oc["member_id"] != be || oc["respond_by"] != "2027-03-27T03:00:00Z" {
				t.Fatalf("urgent fall-through = %v", got)
			}
			// Within working hours there is no fall-through.
			got = get("/v1/members/"+be+"/response-time", url.Values{"sent_at": {"2027-03-26T09:00:00Z"}, "priority": {"urgent"}, "team_id": {team}})
			if got["on_call"] != nil {
				t.Fatalf("no fall-through expected: %v", got)
			}

			// Weekly shifts hand over at 09:00 Berlin time, across DST; before the start there are no shifts.
			got = get("/v1/teams/"+team+"/on-call/shifts", url.Values{"from": {"2027-03-21T00:00:00Z"}, "to": {"2027-04-05T07:00:00Z"}})
			var shifts []string
			for _, s := range got["shifts"].([]any) {
				s := s.(map[string]any)
				who := "gap"
				if s["member_id"] == be {
					who = "be"
				} else if s["member_id"] == sf {
					who = "sf"
				}
				shifts = append(shifts, s["start"].(string)+" "+who)
			}
			if strings.Join(shifts, ", ") != "2027-03-22T08:00:00Z be, 2027-03-29T07:00:00Z sf" || got["gaps"].(float64) != 0 {
				t.Fatalf("shifts = %v", shifts)
			}
			got = get("/v1/teams/"+team+"/on-call/now", url.Values{"at": {"2027-03-30T12:00:00Z"}})
			if sh := got["shift"].(map[string]any); sh["member_id"] != sf || sh["start"] != "2027-03-29T07:00:00Z" || sh["end"] != "2027-04-05T07:00:00Z" {
				t.Fatalf("on call now = %v", got)
			}

			// Follow the sun: Auckland, then Berlin, then San Francisco.
			wantStatus(t, e.Do("PUT", "/v1/teams/"+team+"/on-call", e.Manager, map[string]any{
				"strategy": "follow-the-sun", "members": []string{ak, be, sf}, "shift_length": "P7D", "handoff": "09:00",
				"timezone": "Europe/Berlin", "start_date": "2027-01-04"}), 200)
			for at, want := range map[string]string{"2027-01-12T01:00:00Z": ak, "2027-01-12T10:00:00Z": be, "2027-01-12T18:00:00Z": sf} {
				got = get("/v1/teams/"+team+"/on-call/now", url.Values{"at": {at}})
				if got["shift"].(map[string]any)["member_id"] != want {
					t.Fatalf("follow the sun at %s = %v", at, got)
				}
			}

			// The policy can be changed; meetings then stop the clock.
			r = e.Do("PUT", "/v1/teams/"+team+"/response-policy", e.Manager, map[string]any{"normal": map[string]any{"within": "PT2H", "clock": "working"}, "meetings_block": true})
			wantStatus(t, r, 200)
			if p := r.Map(t); p["normal"].(map[string]any)["within"] != "PT2H" || p["urgent"].(map[string]any)["within"] != "PT1H" {
				t.Fatalf("policy = %v", p)
			}
			got = get("/v1/teams/"+team+"/analytics/response", url.Values{"from": {"2027-01-04T00:00:00Z"}, "to": {"2027-01-11T00:00:00Z"}, "priority": {"normal"}})
			if o := got["overall"].(map[string]any); o["samples"].(float64) != 168 || len(got["by_sender_zone"].([]any)) != 3 {
				t.Fatalf("response analytics = %v", got)
			}

			// Real exchanges against expectations: Friday 19:00 Berlin → expected Monday 10:00 UTC
			// (policy now PT2H normal, meetings block). One on time, one late, one unanswered.
			for _, ex := range []map[string]any{
				{"from_member": sf, "to_member": be, "priority": "normal", "sent_at": "2027-01-15T18:00:00Z", "answered_at": "2027-01-18T09:00:00Z"},
				{"from_member": sf, "to_member": be, "priority": "normal", "sent_at": "2027-01-15T18:00:00Z", "answered_at": "2027-01-18T11:00:00Z"},
				{"from_member": ak, "to_member": be, "priority": "low", "sent_at": "2027-01-15T18:00:00Z"},
			} {
				r := e.Do("POST", "/v1/teams/"+team+"/exchanges", e.Manager, ex)
				wantStatus(t, r, 201)
				if got := r.Map(t); got["expected_by"] == nil {
					t.Fatalf("exchange without expectation: %v", got)
				}
			}
			got = get("/v1/teams/"+team+"/analytics/exchanges", url.Values{"from": {"2027-01-15T00:00:00Z"}, "to": {"2027-01-16T00:00:00Z"}})
			if o := got["overall"].(map[string]any); o["exchanges"].(float64) != 3 || o["answered"].(float64) != 2 || o["met"].(float64) != 1 || o["met_rate"].(float64) != 0.5 || o["late_minutes_p50"].(float64) != 60 {
				t.Fatalf("exchange analytics = %v", got)
			}
			wantProblem(t, e.Do("POST", "/v1/teams/"+team+"/exchanges", e.Manager, map[string]any{"from_member": sf, "to_member": "nobody", "sent_at": "2027-01-15T18:00:00Z"}), 422, "validation", "to_member")

			// The on-call feed.
			_, path := createFeed(t, e, map[string]any{"kind": "team_on_call", "team_id": team})
			r = e.Do("GET", path, "", nil)
			wantStatus(t, r, 200)
			if !strings.Contains(string(r.Body), "SUMMARY:On call: Aroha") || !strings.Contains(string(r.Body), "\r\nX-WR-CALNAME:Support — on call\r\n") {
				t.Fatalf("on-call feed:\n%.600s", r.Body)
			}
			// Read back, the feed holds exactly the shifts the API reports.
			from, to := time.Date(2026, 12, 25, 0, 0, 0, 0, time.UTC), time.Date(2027, 3, 2, 0, 0, 0, 0, time.UTC)
			api := get("/v1/teams/"+team+"/on-call/shifts", url.Values{"from": {from.Format(time.RFC3339)}, "to": {to.Format(time.RFC3339)}})
			var want []string
			for _, s := range api["shifts"].([]any) {
				s := s.(map[string]any)
				want = append(want, s["start"].(string)+" "+s["end"].(string))
			}
			sameLines(t, "team_on_call feed vs API", readBack(t, r.Body, from, to), want)
			golden(t, "team_on_call", r.Body)
		})
	}
}

func TestOnCallAfterTeamChanges(t *testing.T) {
	e := apitest.New(t, "sqlite", nil)
	a := createMember(t, e, e.Manager, map[string]any{"name": "A", "timezone": "UTC"})["id"].(string)
	b := createMember(t, e, e.Manager, map[string]any{"name": "B", "timezone": "UTC"})["id"].(string)
	team := e.Do("POST", "/v1/teams", e.Manager, map[string]any{"name": "T"}).Map(t)["id"].(string)
	for _, m := range []string{a, b} {
		wantStatus(t, e.Do("PUT", "/v1/teams/"+team+"/members/"+m, e.Manager, nil), 201)
	}
	wantStatus(t, e.Do("PUT", "/v1/teams/"+team+"/on-call", e.Manager, map[string]any{
		"strategy": "rotation", "members": []string{a, b}, "shift_length": "P200D", "handoff": "09:00", "timezone": "UTC", "start_date": "2027-01-01"}), 200)
	// A long shift is reported whole.
	r := e.Do("GET", "/v1/teams/"+team+"/on-call/now?at=2027-02-01T00:00:00Z", e.Viewer, nil)
	wantStatus(t, r, 200)
	if sh := r.Map(t)["shift"].(map[string]any); sh["member_id"] != a || sh["start"] != "2027-01-01T09:00:00Z" {
		t.Fatalf("long shift = %v", sh)
	}
	// Someone who left the team is no longer on call: their shift is a gap.
	wantStatus(t, e.Do("DELETE", "/v1/teams/"+team+"/members/"+a, e.Manager, nil), 204)
	r = e.Do("GET", "/v1/teams/"+team+"/on-call/now?at=2027-02-01T00:00:00Z", e.Viewer, nil)
	wantStatus(t, r, 200)
	if sh := r.Map(t)["shift"].(map[string]any); sh["gap"] != true || sh["member_id"] != nil {
		t.Fatalf("removed member's shift = %v", sh)
	}
	// Feeds whose window would exceed 366 days are refused when created.
	wantProblem(t, e.Do("POST", "/v1/feeds", e.Manager, map[string]any{"kind": "team_overlap", "team_id": team, "options": map[string]any{"horizon": "P366D"}}), 422, "validation", "options.horizon")
}

func toStrings(v any) []string {
	var out []string
	for _, s := range v.([]any) {
		out = append(out, s.(string))
	}
	return out
}

func TestResponseErrors(t *testing.T) {
	e := apitest.New(t, "sqlite", nil)
	m := createMember(t, e, e.Manager, map[string]any{"name": "A", "timezone": "UTC"})["id"].(string)
	r := e.Do("POST", "/v1/teams", e.Manager, map[string]any{"name": "Empty"})
	empty := r.Map(t)["id"].(string)
	r = e.Do("POST", "/v1/teams", e.Manager, map[string]any{"name": "Full"})
	team := r.Map(t)["id"].(string)
	wantStatus(t, e.Do("PUT", "/v1/teams/"+team+"/members/"+m, e.Manager, nil), 201)
	tests := []struct {
		name, path string
		fields     []string
	}{
		{"unknown priority", "/v1/members/" + m + "/response-time?sent_at=2027-01-01T00:00:00Z&priority=asap", []string{"priority"}},
		{"bad sent_at", "/v1/members/" + m + "/response-time?sent_at=yesterday", []string{"sent_at"}},
		{"empty team", "/v1/teams/" + empty + "/response-time?sent_at=2027-01-01T00:00:00Z", []string{"team"}},
		{"bad range", "/v1/teams/" + team + "/analytics/response?from=2027-01-01T00:00:00Z&to=2027-06-01T00:00:00Z", []string{"to"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantProblem(t, e.Do("GET", tt.path, e.Viewer, nil), 422, "validation", tt.fields...)
		})
	}
	wantProblem(t, e.Do("PUT", "/v1/teams/"+team+"/response-policy", e.Manager, map[string]any{"urgent": map[string]any{"within": "PT0S", "clock": "calendar"}}), 422, "validation", "urgent.within")
	wantProblem(t, e.Do("PUT", "/v1/teams/"+team+"/response-policy", e.Manager, map[string]any{"low": map[string]any{"within": "PT1H", "clock": "sometimes"}}), 422, "validation", "low.clock")
	wantProblem(t, e.Do("PUT", "/v1/teams/"+team+"/on-call", e.Manager, map[string]any{"strategy": "rotation", "members": []string{"nobody"}, "shift_length": "PT5H", "handoff": "9am", "timezone": "UTC", "start_date": "2027-01-01"}),
		422, "validation", "members[0]", "shift_length", "handoff")
	wantProblem(t, e.Do("GET", "/v1/teams/"+team+"/on-call", e.Viewer, nil), 404, "not-found")
	for _, p := range []string{"/v1/teams/" + team + "/response-time?sent_at=2027-01-01T00:00:00Z", "/v1/teams/" + team + "/response-policy",
		"/v1/members/" + m + "/response-time?sent_at=2027-01-01T00:00:00Z", "/v1/teams/" + team + "/on-call/now"} {
		wantProblem(t, e.Do("GET", p, e.Other, nil), 404, "not-found")
	}
}
