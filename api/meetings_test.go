package api_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/overlap/overlap/api/apitest"
	"github.com/overlap/overlap/store/gormstore/testdb"
)

func weekdayHours(start, end string) map[string]any {
	r := []any{map[string]any{"start": start, "end": end}}
	return map[string]any{"mon": r, "tue": r, "wed": r, "thu": r, "fri": r}
}

// meetingTeam makes a US/Europe/India/Sydney team and returns its ID and
// members by key.
func meetingTeam(t *testing.T, e *apitest.Env) (string, map[string]string) {
	t.Helper()
	r := e.Do("POST", "/v1/teams", e.Manager, map[string]any{"name": "Worldwide"})
	wantStatus(t, r, 201)
	team := r.Map(t)["id"].(string)
	ids := map[string]string{}
	for _, m := range []struct{ key, zone, start, end string }{
		{"us", "America/New_York", "07:00", "11:00"},
		{"eu", "Europe/Berlin", "09:00", "17:00"},
		{"in", "Asia/Kolkata", "13:00", "22:00"},
		{"au", "Australia/Sydney", "22:00", "02:00"},
	} {
		id := createMember(t, e, e.Manager, map[string]any{"name": strings.ToUpper(m.key), "timezone": m.zone, "working_hours": weekdayHours(m.start, m.end)})["id"].(string)
		ids[m.key] = id
		wantStatus(t, e.Do("PUT", "/v1/teams/"+team+"/members/"+id, e.Manager, nil), 201)
	}
	return team, ids
}

func TestCoreHoursThroughRouter(t *testing.T) {
	for _, d := range testdb.Dialects {
		t.Run(string(d), func(t *testing.T) {
			e := apitest.New(t, d, func() time.Time { return feedNow })
			team, ids := meetingTeam(t, e)
			// A day off inside the US gap: not a member-day, and the outside range still runs through it.
			wantStatus(t, e.Do("POST", "/v1/members/"+ids["us"]+"/time-off", e.Manager, map[string]any{"start_date": "2027-03-17", "end_date": "2027-03-17"}), 201)
			base := "/v1/teams/" + team + "/core-hours?duration=PT2H&zone=Europe/Berlin&days=mon,tue,wed,thu,fri&from=2027-01-04&to=2028-01-03"
			r := e.Do("GET", base+"&limit=96", e.Viewer, nil)
			wantStatus(t, r, 200)
			var body struct {
				Candidates []struct {
					Start   string
					Members []struct {
						MemberID   string `json:"member_id"`
						MemberDays int    `json:"member_days"`
						Covered    int
						Outside    []map[string]string
					}
				}
			}
			r.JSON(t, &body)
			if len(body.Candidates) != 96 {
				t.Fatalf("%d candidates, want 96", len(body.Candidates))
			}
			var outside []map[string]string
			for _, c := range body.Candidates {
				for _, m := range c.Members {
					if c.Start == "15:00" && m.MemberID == ids["us"] {
						outside = m.Outside
						if m.MemberDays != 260 || m.Covered != 246 {
							t.Errorf("US member-days %d covered %d, want 260 and 246", m.MemberDays, m.Covered)
						}
					}
				}
			}
			want := []map[string]string{{"from": "2027-03-15", "to": "2027-03-26"}, {"from": "2027-11-01", "to": "2027-11-05"}}
			if diff := cmp.Diff(want, outside); diff != "" {
				t.Fatalf("US member outside 15:00 Berlin (-want +got):\n%s", diff)
			}
			r = e.Do("GET", "/v1/teams/"+team+"/core-hours?duration=PT1H", e.Viewer, nil)
			wantStatus(t, r, 200)
			m := r.Map(t)
			if len(m["candidates"].([]any)) != 3 || m["from"] != "2027-01-11" || m["to"] != "2028-01-10" || m["zone"] != "UTC" {
				t.Fatalf("defaults: %v %v %v, %d candidates", m["from"], m["to"], m["zone"], len(m["candidates"].([]any)))
			}
			wantProblem(t, e.Do("GET", "/v1/teams/"+team+"/core-hours", e.Viewer, nil), 422, "validation", "duration")
			wantProblem(t, e.Do("GET", base+"&limit=97", e.Viewer, nil), 422, "validation", "limit")
			wantProblem(t, e.Do("GET", "/v1/teams/"+team+"/core-hours?duration=PT2H&days=mon,funday", e.Viewer, nil), 422, "validation", "days")
			wantProblem(t, e.Do("GET", "/v1/teams/"+team+"/core-hours?duration=PT2H&from=2027-01-04&to=2030-01-04", e.Viewer, nil), 422, "validation")
			wantProblem(t, e.Do("GET", "/v1/teams/"+team+"/core-hours?duration=PT2H", e.Other, nil), 404, "not-found")
		})
	}
}

func TestMeetingSeriesThroughRouter(t *testing.T) {
	for _, d := range testdb.Dialects {
		t.Run(string(d), func(t *testing.T) {
			e := apitest.New(t, d, func() time.Time { return feedNow })
			team, ids := meetingTeam(t, e)
			r := e.Do("POST", "/v1/members/"+ids["eu"]+"/time-off", e.Manager, map[string]any{"start_date": "2027-01-19", "end_date": "2027-01-19"})
			wantStatus(t, r, 201)
			timeOff := r.Map(t)["id"].(string)
			path := "/v1/teams/" + team + "/meeting-series"
			r = e.Do("POST", path, e.Manager, map[string]any{"name": "All hands", "duration": "PT1H", "recurrence": "FREQ=WEEKLY;BYDAY=TU",
				"zone": "UTC", "from": "2027-01-12", "count": 6, "slots": "auto"})
			wantStatus(t, r, 201)
			var s struct {
				ID          string
				Revision    int
				Exact       bool
				Occurrences []struct {
					Date      string
					Start     string
					Attendees []struct {
						MemberID      string `json:"member_id"`
						Status        string
						BurdenMinutes int `json:"burden_minutes"`
					}
				}
				Attendees []struct {
					MemberID      string `json:"member_id"`
					Misses        int
					BurdenMinutes int `json:"burden_minutes"`
				}
				FixedTime struct {
					Objective struct {
						MaxMisses int `json:"max_misses"`
					}
				} `json:"fixed_time"`
				Objective struct {
					MaxMisses int `json:"max_misses"`
				}
				Rotation string
			}
			r.JSON(t, &s)
			if len(s.Occurrences) != 6 || s.Occurrences[0].Date != "2027-01-12" || len(s.Attendees) != 4 || s.Rotation == "" {
				t.Fatalf("series: %s", r.Body)
			}
			misses, burden := map[string]int{}, map[string]int{}
			for _, o := range s.Occurrences {
				for _, a := range o.Attendees {
					if a.Status == "excused" {
						misses[a.MemberID]++
					}
					burden[a.MemberID] += a.BurdenMinutes
				}
			}
			for _, a := range s.Attendees {
				if a.Misses != misses[a.MemberID] || a.BurdenMinutes != burden[a.MemberID] {
					t.Fatalf("attendee %s totals %+v, occurrences give %d, %d", a.MemberID, a, misses[a.MemberID], burden[a.MemberID])
				}
			}
			if s.Objective.MaxMisses > s.FixedTime.Objective.MaxMisses {
				t.Fatalf("rotation worse than a fixed time: %s", r.Body)
			}
			euStatus := func(occ int) string {
				for _, a := range s.Occurrences[occ].Attendees {
					if a.MemberID == ids["eu"] {
						return a.Status
					}
				}
				return ""
			}
			if got := euStatus(1); got != "time_off" {
				t.Fatalf("EU member on 2027-01-19 is %q, want time_off", got)
			}
			one := path + "/" + s.ID
			wantStatus(t, e.Do("GET", one, e.Viewer, nil), 200)
			// The time off is cancelled: a recompute sees it.
			wantStatus(t, e.Do("DELETE", "/v1/members/"+ids["eu"]+"/time-off/"+timeOff, e.Manager, nil), 204)
			r = e.Do("POST", one+"/recompute", e.Manager, nil)
			wantStatus(t, r, 200)
			r.JSON(t, &s)
			if s.Revision != 1 || euStatus(1) == "time_off" {
				t.Fatalf("after recompute: revision %d, EU member %q on 2027-01-19", s.Revision, euStatus(1))
			}

			// Published: one event per occurrence, stable UIDs, folded lines.
			_, feed := createFeed(t, e, map[string]any{"kind": "meeting_series", "team_id": team, "series_id": s.ID})
			r = e.Do("GET", feed, "", nil)
			wantStatus(t, r, 200)
			body := string(r.Body)
			if strings.Count(body, "BEGIN:VEVENT\r\n") != 6 || !strings.Contains(body, "SEQUENCE:1\r\n") || !strings.Contains(body, "UID:series-"+s.ID+"-2027-01-12@overlap") {
				t.Fatalf("series feed:\n%s", body)
			}
			for i, line := range strings.Split(body, "\r\n") {
				if len(line) > 75 {
					t.Fatalf("line %d is %d octets", i, len(line))
				}
			}
			readBack(t, r.Body, feedNow, feedNow.Add(60*24*time.Hour))

			wantProblem(t, e.Do("POST", "/v1/feeds", e.Manager, map[string]any{"kind": "meeting_series", "team_id": team}), 422, "validation", "series_id")
			wantProblem(t, e.Do("POST", "/v1/feeds", e.Manager, map[string]any{"kind": "team_overlap", "team_id": team, "series_id": s.ID}), 422, "validation", "series_id")
			wantProblem(t, e.Do("POST", "/v1/feeds", e.Manager, map[string]any{"kind": "meeting_series", "team_id": team, "series_id": "nope"}), 404, "not-found")
			wantProblem(t, e.Do("GET", one, e.Other, nil), 404, "not-found")
			wantProblem(t, e.Do("DELETE", one, e.Viewer, nil), 403, "forbidden")
			wantStatus(t, e.Do("DELETE", one, e.Manager, nil), 204)
			wantProblem(t, e.Do("GET", one, e.Viewer, nil), 404, "not-found")
			wantProblem(t, e.Do("GET", feed, "", nil), 404, "not-found")
			wantProblem(t, e.Do("POST", one+"/recompute", e.Manager, nil), 404, "not-found")
		})
	}
}

func TestMeetingSeriesValidation(t *testing.T) {
	e := apitest.New(t, testdb.Dialects[0], func() time.Time { return feedNow })
	team, ids := meetingTeam(t, e)
	ok := map[string]any{"name": "Standup", "duration": "PT30M", "recurrence": "FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR", "zone": "Europe/Berlin", "from": "2027-03-01", "count": 20}
	with := func(k string, v any) map[string]any {
		m := map[string]any{}
		for a, b := range ok {
			m[a] = b
		}
		if v == nil {
			delete(m, k)
		} else {
			m[k] = v
		}
		return m
	}
	tests := []struct {
		name  string
		body  map[string]any
		field string
	}{
		{"no name", with("name", nil), "name"},
		{"long meeting", with("duration", "PT9H"), "duration"},
		{"no rule", with("recurrence", nil), "recurrence"},
		{"bad zone", with("zone", "Mars/Olympus"), "zone"},
		{"both bounds", with("until", "2027-04-01"), "count"},
		{"too many", with("count", 501), "count"},
		{"slots", with("slots", 0), "slots"},
		{"slots word", with("slots", "many"), "slots"},
		{"half band", with("attendees", []any{map[string]any{"member_id": ids["eu"], "never_before": "07:00"}}), "attendees[0]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantProblem(t, e.Do("POST", "/v1/teams/"+team+"/meeting-series", e.Manager, tt.body), 422, "validation", tt.field)
		})
	}
	for _, body := range []map[string]any{with("recurrence", "FREQ=HOURLY"), with("attendees", []any{map[string]any{"member_id": "stranger"}}),
		with("count", nil), with("recurrence", "FREQ=YEARLY;BYMONTH=1"), with("until", "2029-06-01")} {
		if _, has := body["until"]; has {
			delete(body, "count")
		}
		t.Run(fmt.Sprint(body["recurrence"], body["attendees"], body["until"]), func(t *testing.T) {
			wantProblem(t, e.Do("POST", "/v1/teams/"+team+"/meeting-series", e.Manager, body), 422, "validation")
		})
	}
	// A rotation with explicit attendees and slots.
	r := e.Do("POST", "/v1/teams/"+team+"/meeting-series", e.Manager, with("attendees", []any{
		map[string]any{"member_id": ids["us"]}, map[string]any{"member_id": ids["in"], "never_before": "08:00", "never_from": "21:00"}}))
	wantStatus(t, r, 201)
	if got := len(r.Map(t)["attendees"].([]any)); got != 2 {
		t.Fatalf("%d attendees, want 2", got)
	}
}
