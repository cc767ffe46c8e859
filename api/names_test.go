package api_test

import (
	"net/url"
	"testing"

	"github.com/overlap/overlap/api/apitest"
	"github.com/overlap/overlap/store/gormstore"
)

// TestNamesInAnswers checks that every answer naming members lets a reader
// see their name and zone without another call.
func TestNamesInAnswers(t *testing.T) {
	e := apitest.New(t, gormstore.SQLite, nil)
	f := newTeamFixture(t, e)
	want := map[string][2]string{f.ber: {"Ber", "Europe/Berlin"}, f.nyc: {"Nyc", "America/New_York"}}
	base := "/v1/teams/" + f.team
	wantStatus(t, e.Do("PUT", base+"/on-call", e.Manager, map[string]any{"strategy": "rotation", "members": []string{f.ber, f.nyc},
		"shift_length": "P7D", "handoff": "09:00", "timezone": "Europe/Berlin", "start_date": "2027-01-04"}), 200)

	// beside checks name and timezone next to member_id in an object.
	beside := func(where string, v any) {
		t.Helper()
		m := v.(map[string]any)
		id, _ := m["member_id"].(string)
		w, ok := want[id]
		if !ok || m["name"] != w[0] || m["timezone"] != w[1] {
			t.Errorf("%s: %v, want name and timezone of %q beside member_id", where, m, id)
		}
	}
	// directory checks member_info against every id the answer uses.
	directory := func(where string, got map[string]any, ids ...string) {
		t.Helper()
		info, _ := got["member_info"].(map[string]any)
		for _, id := range ids {
			ref, _ := info[id].(map[string]any)
			if ref == nil || ref["name"] != want[id][0] || ref["timezone"] != want[id][1] {
				t.Errorf("%s: member_info[%s] = %v", where, id, ref)
			}
		}
	}

	got := f.get(t, base+"/members", nil)
	for _, it := range got["items"].([]any) {
		beside("team members", it)
	}
	beside("put team member", e.Do("PUT", base+"/members/"+f.nyc, e.Manager, nil).Map(t))

	got = f.get(t, base+"/on-call/now", url.Values{"at": {"2027-01-12T12:00:00Z"}})
	beside("on-call now", got["shift"])
	got = f.get(t, base+"/on-call/shifts", week)
	for _, sh := range got["shifts"].([]any) {
		if sh.(map[string]any)["gap"] == false {
			beside("on-call shifts", sh)
		}
	}

	q := url.Values{"sent_at": {"2027-01-08T18:00:00Z"}, "priority": {"urgent"}, "team_id": {f.team}}
	got = f.get(t, "/v1/members/"+f.ber+"/response-time", q)
	beside("member response time", got)
	if got["on_call"] != nil {
		beside("on-call fallback", got["on_call"])
	}
	q.Del("team_id") // the team route names its team in the path
	got = f.get(t, base+"/response-time", q)
	if got["member_id"] != nil {
		beside("team response time, first", got)
	}
	for _, m := range got["members"].([]any) {
		beside("team response time", m)
	}

	directory("overlap", f.get(t, base+"/overlap", with(week, "quorum", "1")), f.ber, f.nyc)
	directory("suggestions", f.get(t, base+"/suggestions", with(week, "duration", "PT1H")), f.ber, f.nyc)
	directory("matrix", f.get(t, base+"/analytics/matrix", week), f.ber, f.nyc)
	directory("ad-hoc overlap", group(t, e, "overlap", question([]map[string]any{{"id": f.ber}, {"id": f.nyc}})), f.ber, f.nyc)

	// Analytics in minutes also give ISO 8601 durations.
	got = f.get(t, base+"/analytics/response", with(week, "priority", "normal"))
	overall := got["overall"].(map[string]any)
	if p, _ := overall["p50"].(string); p == "" || p[0] != 'P' {
		t.Errorf("overall = %v, want p50 as an ISO 8601 duration", overall)
	}
}
