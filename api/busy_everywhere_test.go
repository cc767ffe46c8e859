package api_test

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/overlap/overlap/api/apitest"
	"github.com/overlap/overlap/store/gormstore/testdb"
)

// busyAndAway: a meeting on Tuesday 2027-01-12 10:00–12:00Z and a whole
// Berlin Thursday (2027-01-14) out of office, from one uploaded calendar.
const busyAndAway = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\n" +
	"BEGIN:VEVENT\r\nUID:meet\r\nDTSTART:20270112T100000Z\r\nDTEND:20270112T120000Z\r\nSUMMARY:secret\r\nEND:VEVENT\r\n" +
	"BEGIN:VEVENT\r\nUID:away\r\nDTSTART:20270113T230000Z\r\nDTEND:20270114T230000Z\r\nX-MICROSOFT-CDO-BUSYSTATUS:OOF\r\nSUMMARY:trip\r\nEND:VEVENT\r\n" +
	"END:VCALENDAR\r\n"

// TestCalendarBusyTimeReachesEveryAnswer: calendar busy time reaches the
// application layer in compact form (scheduler.Member.Busy), apart from the
// blocks that time off makes; an answer that reads Member.Blocks alone loses
// every meeting and out-of-office day without an error. This puts one
// meeting and one out-of-office day in a member's calendar and checks each
// answer that must reflect them.
//
// Ber (Berlin, 08–16Z) and Lon (London, 09–17Z), both required: Monday to
// Friday they share 09–16Z, less Ber's meeting on Tuesday (10–12Z) and all
// of Thursday (Ber is away): 7+5+7+0+7 = 26 hours.
func TestCalendarBusyTimeReachesEveryAnswer(t *testing.T) {
	for _, d := range testdb.Dialects {
		t.Run(string(d), func(t *testing.T) {
			e := apitest.New(t, d, func() time.Time { return feedNow })
			ber := createMember(t, e, e.Manager, map[string]any{"name": "Ber", "timezone": "Europe/Berlin"})["id"].(string)
			lon := createMember(t, e, e.Manager, map[string]any{"name": "Lon", "timezone": "Europe/London"})["id"].(string)
			team := e.Do("POST", "/v1/teams", e.Manager, map[string]any{"name": "Pair"}).Map(t)["id"].(string)
			for _, m := range []string{ber, lon} {
				wantStatus(t, e.Do("PUT", "/v1/teams/"+team+"/members/"+m, e.Manager, map[string]any{"required": true}), 201)
			}
			wantStatus(t, e.DoWith("POST", "/v1/members/"+ber+"/calendars", e.Manager, "text/calendar", busyAndAway), 201)
			get := func(path string, q url.Values) map[string]any {
				t.Helper()
				r := e.Do("GET", path+"?"+q.Encode(), e.Viewer, nil)
				wantStatus(t, r, 200)
				return r.Map(t)
			}
			base := "/v1/teams/" + team
			week := url.Values{"from": {"2027-01-11T00:00:00Z"}, "to": {"2027-01-16T00:00:00Z"}}
			tuesday := url.Values{"from": {"2027-01-12T00:00:00Z"}, "to": {"2027-01-13T00:00:00Z"}}
			const tuesdayWindows = "01-12T09:00/10:00 01-12T12:00/16:00"

			// The member's own answers.
			pieces := map[string]bool{}
			for _, p := range get("/v1/members/"+ber+"/availability", week)["pieces"].([]any) {
				p := p.(map[string]any)
				pieces[p["start"].(string)+" "+p["end"].(string)+" "+p["status"].(string)] = true
			}
			for _, want := range []string{"2027-01-12T10:00:00Z 2027-01-12T12:00:00Z busy", "2027-01-13T23:00:00Z 2027-01-14T23:00:00Z oof"} {
				if !pieces[want] {
					t.Errorf("availability lacks %q: %v", want, pieces)
				}
			}

			// Overlap, on the team route and ad hoc.
			if got := spans(get(base+"/overlap", tuesday)["windows"].([]any)); got != tuesdayWindows {
				t.Errorf("team overlap on Tuesday = %s, want %s", got, tuesdayWindows)
			}
			r := e.Do("POST", "/v1/availability/overlap", e.Viewer, map[string]any{"from": "2027-01-12T00:00:00Z", "to": "2027-01-13T00:00:00Z",
				"members": []any{map[string]any{"id": ber, "required": true}, map[string]any{"id": lon, "required": true}}})
			wantStatus(t, r, 200)
			if got := spans(r.Map(t)["windows"].([]any)); got != tuesdayWindows {
				t.Errorf("ad-hoc overlap on Tuesday = %s, want %s", got, tuesdayWindows)
			}
			if w := get(base+"/overlap", url.Values{"from": {"2027-01-14T00:00:00Z"}, "to": {"2027-01-15T00:00:00Z"}})["windows"].([]any); len(w) != 0 {
				t.Errorf("overlap on Thursday, Ber away = %v", w)
			}

			// Suggestions never cover the meeting.
			for _, s := range get(base+"/suggestions", with(tuesday, "duration", "PT1H"))["suggestions"].([]any) {
				s := s.(map[string]any)
				if s["start"].(string) < "2027-01-12T12:00:00Z" && s["end"].(string) > "2027-01-12T10:00:00Z" {
					t.Errorf("suggestion %v–%v covers Ber's meeting", s["start"], s["end"])
				}
			}

			// Analytics: matrix in full and paged with top pairs, trend,
			// heatmap, coverage.
			m := get(base+"/analytics/matrix", week)
			iBer := slices.Index(toStrings(m["members"]), ber)
			shared := m["shared_minutes"].([]any)
			if got := fmt.Sprint(shared[iBer].([]any)[iBer], " ", shared[iBer].([]any)[1-iBer]); got != "1800 1560" {
				t.Errorf("matrix row of Ber = %v, want 1800 available and 1560 shared", shared[iBer])
			}
			m = get(base+"/analytics/matrix", with(week, "member_limit", "1", "top", "1"))
			top := m["top"].([]any)[0].(map[string]any)
			if pairs := top["pairs"].([]any); len(pairs) != 1 || pairs[0].(map[string]any)["shared_minutes"].(float64) != 1560 {
				t.Errorf("matrix top pairs = %v, want 1560 shared", top)
			}
			weeks := get(base+"/analytics/trend", url.Values{"from": {"2027-01-11T00:00:00Z"}, "to": {"2027-01-18T00:00:00Z"}})["weeks"].([]any)
			if len(weeks) != 1 || weeks[0].(map[string]any)["overlap_hours"].(float64) != 26 {
				t.Errorf("trend = %v, want one week of 26 hours", weeks)
			}
			cells := map[string]float64{}
			for _, c := range get(base+"/analytics/heatmap", url.Values{"from": {"2027-01-11T00:00:00Z"}, "to": {"2027-01-18T00:00:00Z"}})["cells"].([]any) {
				c := c.(map[string]any)
				cells[fmt.Sprint(c["weekday"], c["hour"])] = c["mean_available"].(float64)
			}
			for cell, want := range map[string]float64{"tue9": 2, "tue10": 1, "tue11": 1, "tue12": 2, "thu10": 1, "wed10": 2} {
				if cells[cell] != want {
					t.Errorf("heatmap %s = %v, want %v", cell, cells[cell], want)
				}
			}
			// Someone is there 08–17Z every day but Thursday (Lon alone, 09–17Z).
			if got := get(base+"/analytics/coverage", week)["covered_minutes"].(float64); got != 2640 {
				t.Errorf("coverage = %v minutes, want 2640", got)
			}

			// Response times: with meetings_block, the meeting stops Ber's
			// clock; out of office stops it always.
			wantStatus(t, e.Do("PUT", base+"/response-policy", e.Manager, map[string]any{"normal": map[string]any{"within": "PT1H", "clock": "working"}, "meetings_block": true}), 200)
			for sent, want := range map[string][2]string{
				"2027-01-12T10:00:00Z": {"2027-01-12T12:00:00Z", "2027-01-12T13:00:00Z"},
				"2027-01-14T10:00:00Z": {"2027-01-15T08:00:00Z", "2027-01-15T09:00:00Z"},
			} {
				got := get("/v1/members/"+ber+"/response-time", url.Values{"sent_at": {sent}, "priority": {"normal"}, "team_id": {team}})
				if got["first_available_at"] != want[0] || got["respond_by"] != want[1] {
					t.Errorf("response to Ber sent %s = %v / %v, want %v", sent, got["first_available_at"], got["respond_by"], want)
				}
			}
			r = e.Do("POST", base+"/exchanges", e.Manager, map[string]any{"from_member": lon, "to_member": ber, "priority": "normal", "sent_at": "2027-01-12T10:00:00Z"})
			wantStatus(t, r, 201)
			if got := r.Map(t)["expected_by"]; got != "2027-01-12T13:00:00Z" {
				t.Errorf("exchange expected_by = %v, want 2027-01-12T13:00:00Z", got)
			}

			// Core hours: Ber's Thursday away is not a member-day.
			ch := get(base+"/core-hours", url.Values{"duration": {"PT1H"}, "from": {"2027-01-11"}, "to": {"2027-01-15"}, "limit": {"96"}})
			found := false
			for _, c := range ch["candidates"].([]any) {
				c := c.(map[string]any)
				if c["start"] != "09:00" {
					continue
				}
				found = true
				for _, mr := range c["members"].([]any) {
					mr := mr.(map[string]any)
					if want := map[string]float64{ber: 4, lon: 5}[mr["member_id"].(string)]; mr["member_days"].(float64) != want {
						t.Errorf("core hours 09:00, %s: %v member-days, want %v", mr["name"], mr["member_days"], want)
					}
				}
			}
			if !found {
				t.Errorf("no 09:00 core-hours candidate: %v", ch)
			}

			// On call: Lon covers Ber's Thursday away.
			wantStatus(t, e.Do("PUT", base+"/on-call", e.Manager, map[string]any{"strategy": "rotation", "members": []string{ber, lon},
				"shift_length": "P7D", "handoff": "00:00", "timezone": "UTC", "start_date": "2027-01-11"}), 200)
			for at, want := range map[string]string{"2027-01-13T12:00:00Z": ber + " <nil>", "2027-01-14T12:00:00Z": lon + " " + ber} {
				sh := get(base+"/on-call/now", url.Values{"at": {at}})["shift"].(map[string]any)
				if got := fmt.Sprint(sh["member_id"], " ", sh["replaces"]); got != want {
					t.Errorf("on call at %s = %s, want %s", at, got, want)
				}
			}

			// Published feeds.
			from, to := feedNow.Truncate(30*time.Minute), feedNow.Truncate(30*time.Minute).Add(5*24*time.Hour)
			_, path := createFeed(t, e, map[string]any{"kind": "team_overlap", "team_id": team, "options": map[string]any{"horizon": "P5D", "past": "PT0S"}})
			r = e.Do("GET", path, "", nil)
			wantStatus(t, r, 200)
			sameLines(t, "team_overlap feed", readBack(t, r.Body, from, to), []string{
				"2027-01-11T10:00:00Z 2027-01-11T16:00:00Z",
				"2027-01-12T09:00:00Z 2027-01-12T10:00:00Z", "2027-01-12T12:00:00Z 2027-01-12T16:00:00Z",
				"2027-01-13T09:00:00Z 2027-01-13T16:00:00Z", "2027-01-15T09:00:00Z 2027-01-15T16:00:00Z",
			})
			_, path = createFeed(t, e, map[string]any{"kind": "member_busy", "member_id": ber, "options": map[string]any{"horizon": "P5D", "past": "PT0S"}})
			r = e.Do("GET", path, "", nil)
			wantStatus(t, r, 200)
			for _, want := range []string{"DTSTART:20270112T100000Z\r\nDTEND:20270112T120000Z", "DTSTART:20270113T230000Z\r\nDTEND:20270114T230000Z"} {
				if !strings.Contains(string(r.Body), want) {
					t.Errorf("member_busy feed lacks %q:\n%s", want, r.Body)
				}
			}
			_, path = createFeed(t, e, map[string]any{"kind": "member_availability", "member_id": ber, "options": map[string]any{"horizon": "P5D", "past": "PT0S"}})
			r = e.Do("GET", path, "", nil)
			wantStatus(t, r, 200)
			for _, line := range readBack(t, r.Body, from, to) {
				s, e, _ := strings.Cut(line, " ")
				if s < "2027-01-12T12:00:00Z" && e > "2027-01-12T10:00:00Z" || s < "2027-01-14T23:00:00Z" && e > "2027-01-13T23:00:00Z" {
					t.Errorf("member_availability feed shows Ber available %s, in the meeting or away", line)
				}
			}
		})
	}
}
