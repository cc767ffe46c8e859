package api_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/overlap/overlap/api/apitest"
	"github.com/overlap/overlap/store/gormstore"
	"github.com/overlap/overlap/store/gormstore/testdb"
)

// group asks an ad-hoc question and returns the answer.
func group(t *testing.T, e *apitest.Env, route string, body map[string]any) map[string]any {
	t.Helper()
	r := e.Do("POST", "/v1/availability/"+route, e.Viewer, body)
	wantStatus(t, r, http.StatusOK)
	return r.Map(t)
}

func question(members []map[string]any, kv ...any) map[string]any {
	q := map[string]any{"members": members, "from": "2027-01-11T00:00:00Z", "to": "2027-01-16T00:00:00Z"}
	for i := 0; i < len(kv); i += 2 {
		q[kv[i].(string)] = kv[i+1]
	}
	return q
}

func TestGroupAnswersEqualTeamAnswers(t *testing.T) {
	for _, d := range testdb.Dialects {
		t.Run(string(d), func(t *testing.T) {
			e := apitest.New(t, d, nil)
			f := newTeamFixture(t, e) // ber required, nyc optional
			members := []map[string]any{{"id": f.nyc}, {"id": f.ber, "required": true}}
			strip := func(m map[string]any) map[string]any { delete(m, "team_id"); return m }
			for _, tt := range []struct {
				route string
				query []string
				body  []any
			}{
				{"overlap", nil, nil},
				{"overlap", []string{"quorum", "1", "min_duration", "PT15M"}, []any{"quorum", 1, "min_duration", "PT15M"}},
				{"overlap", []string{"tentative", "free"}, []any{"tentative", "free"}},
				{"overlap", []string{"min_duration", "PT10H"}, []any{"min_duration", "PT10H"}}, // empty, with its reason
				{"overlap", []string{"minimum_attendee_percentage", "50"}, []any{"minimum_attendee_percentage", 50}},
				{"suggestions", []string{"duration", "PT1H", "limit", "10"}, []any{"duration", "PT1H", "limit", 10}},
				{"suggestions", []string{"duration", "PT30M", "quorum", "2"}, []any{"duration", "PT30M", "quorum", 2}},
			} {
				team := strip(f.get(t, "/v1/teams/"+f.team+"/"+tt.route, with(week, tt.query...)))
				adhoc := strip(group(t, e, tt.route, question(members, tt.body...)))
				if tt.query != nil && tt.query[1] == "PT10H" && team["empty_reason"] != "no_common_working_hours" {
					t.Errorf("team route: empty_reason %v", team["empty_reason"])
				}
				if diff := cmp.Diff(team, adhoc); diff != "" {
					t.Errorf("%s %v: team and group answers differ (-team +group):\n%s", tt.route, tt.query, diff)
				}
			}
		})
	}
}

func TestGroupQuestionErrors(t *testing.T) {
	e := apitest.New(t, gormstore.SQLite, nil)
	f := newTeamFixture(t, e)
	one := []map[string]any{{"id": f.ber}}
	tests := []struct {
		name  string
		body  map[string]any
		field string
	}{
		{"no members", question(nil), "members"},
		{"unknown member", question([]map[string]any{{"id": "nobody"}}), "members"},
		{"member of another org", question([]map[string]any{{"id": f.ber}}), ""},
		{"no from", map[string]any{"members": one, "to": "2027-01-16T00:00:00Z"}, "from"},
		{"quorum and percentage", question(one, "quorum", 1, "minimum_attendee_percentage", 50), "minimum_attendee_percentage"},
		{"percentage zero", question(one, "minimum_attendee_percentage", 0), "minimum_attendee_percentage"},
		{"percentage above 100", question(one, "minimum_attendee_percentage", 101), "minimum_attendee_percentage"},
		{"quorum above the group", question(one, "quorum", 2), "quorum"},
		{"unknown field", question(one, "team_id", "x"), "team_id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.field == "" { // another organization's member is unknown there
				wantProblem(t, e.Do("POST", "/v1/availability/overlap", e.Other, tt.body), 422, "validation", "members")
				return
			}
			wantProblem(t, e.Do("POST", "/v1/availability/overlap", e.Viewer, tt.body), 422, "validation", tt.field)
		})
	}
	wantProblem(t, e.Do("POST", "/v1/availability/suggestions", e.Viewer, question(one)), 422, "validation", "duration")
}

func TestMinimumAttendeePercentageRoundsUp(t *testing.T) {
	e := apitest.New(t, gormstore.SQLite, nil)
	var members []map[string]any
	for _, z := range []string{"Europe/Berlin", "Europe/Paris", "Europe/Madrid"} {
		members = append(members, map[string]any{"id": createMember(t, e, e.Manager, map[string]any{"name": z, "timezone": z})["id"]})
	}
	for _, tt := range []struct {
		pct  float64
		want float64
	}{{100, 3}, {67, 3}, {66.67, 3}, {66.66, 2}, {50, 2}, {34, 2}, {33.34, 2}, {33.33, 1}, {1, 1}} {
		got := group(t, e, "overlap", question(members, "minimum_attendee_percentage", tt.pct))
		if got["quorum"] != tt.want {
			t.Errorf("%v%% of 3 members: quorum %v, want %v", tt.pct, got["quorum"], tt.want)
		}
	}
	// The team route takes it too.
	r := e.Do("POST", "/v1/teams", e.Manager, map[string]any{"name": "EU"})
	team := r.Map(t)["id"].(string)
	for _, m := range members {
		wantStatus(t, e.Do("PUT", "/v1/teams/"+team+"/members/"+m["id"].(string), e.Manager, nil), 201)
	}
	r = e.Do("GET", "/v1/teams/"+team+"/overlap?"+with(week, "minimum_attendee_percentage", "50").Encode(), e.Viewer, nil)
	wantStatus(t, r, 200)
	if got := r.Map(t)["quorum"]; got != 2.0 {
		t.Fatalf("team route: quorum %v, want 2", got)
	}
	wantProblem(t, e.Do("GET", "/v1/teams/"+team+"/overlap?"+with(week, "minimum_attendee_percentage", "50", "quorum", "2").Encode(), e.Viewer, nil), 422, "validation", "minimum_attendee_percentage")
}

const busyAllWeek = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VEVENT\r\nUID:b1\r\n" +
	"DTSTART:20270110T000000Z\r\nDTEND:20270117T000000Z\r\nSUMMARY:offsite\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"

func TestEmptyReasons(t *testing.T) {
	e := apitest.New(t, gormstore.SQLite, nil)
	id := func(name, tz string) string {
		return createMember(t, e, e.Manager, map[string]any{"name": name, "timezone": tz})["id"].(string)
	}
	tokyo, la := id("Tokyo", "Asia/Tokyo"), id("LA", "America/Los_Angeles")
	ber, par := id("Ber", "Europe/Berlin"), id("Par", "Europe/Paris")
	away, busy := id("Away", "Europe/Berlin"), id("Busy", "Europe/Berlin")
	wantStatus(t, e.Do("POST", "/v1/members/"+away+"/time-off", e.Manager, map[string]any{"start_date": "2027-01-11", "end_date": "2027-01-15"}), 201)
	wantStatus(t, e.DoWith("POST", "/v1/members/"+busy+"/calendars", e.Manager, "text/calendar", busyAllWeek), 201)
	m := func(id string, required bool) map[string]any { return map[string]any{"id": id, "required": required} }

	tests := []struct {
		name    string
		members []map[string]any
		extra   []any
		want    string
	}{
		{"working hours never meet", []map[string]any{m(tokyo, false), m(la, false)}, []any{"min_duration", "PT2H"}, "no_common_working_hours"},
		{"required member away", []map[string]any{m(away, true), m(ber, false), m(par, false)}, []any{"quorum", 1}, "required_members_unavailable"},
		{"time off leaves too few", []map[string]any{m(away, false), m(ber, false), m(par, false)}, nil, "quorum_unreachable_time_off"},
		{"calendars full", []map[string]any{m(busy, false), m(ber, false)}, nil, "everyone_busy"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := group(t, e, "overlap", question(tt.members, tt.extra...))
			if len(got["windows"].([]any)) != 0 || got["empty_reason"] != tt.want {
				t.Fatalf("windows %v, empty_reason %v; want none, %s", got["windows"], got["empty_reason"], tt.want)
			}
			// Suggestions ask for a slot as long as the shortest window, of
			// the same quorum (all members unless the case says otherwise).
			sq := question(tt.members, "duration", "PT1H", "quorum", len(tt.members))
			for i := 0; i < len(tt.extra); i += 2 {
				switch tt.extra[i] {
				case "min_duration":
					sq["duration"] = tt.extra[i+1]
				default:
					sq[tt.extra[i].(string)] = tt.extra[i+1]
				}
			}
			got = group(t, e, "suggestions", sq)
			if len(got["suggestions"].([]any)) != 0 || got["empty_reason"] != tt.want {
				t.Fatalf("suggestions %v, empty_reason %v; want none, %s", got["suggestions"], got["empty_reason"], tt.want)
			}
		})
	}
	// A found answer has no reason; an empty team says so on the team route.
	if got := group(t, e, "overlap", question([]map[string]any{m(ber, false), m(par, false)})); got["empty_reason"] != nil {
		t.Fatalf("empty_reason %v on an answer with windows", got["empty_reason"])
	}
	r := e.Do("POST", "/v1/teams", e.Manager, map[string]any{"name": "Empty"})
	team := r.Map(t)["id"].(string)
	r = e.Do("GET", "/v1/teams/"+team+"/overlap?"+week.Encode(), e.Viewer, nil)
	wantStatus(t, r, 200)
	if got := r.Map(t)["empty_reason"]; got != "no_members" {
		t.Fatalf("empty team: empty_reason %v", got)
	}
	r = e.Do("GET", "/v1/teams/"+team+"/overlap?"+with(week, "minimum_attendee_percentage", "50").Encode(), e.Viewer, nil)
	wantStatus(t, r, 200)
	r = e.Do("GET", "/v1/teams/"+team+"/suggestions?"+with(week, "duration", "PT1H", "minimum_attendee_percentage", "50").Encode(), e.Viewer, nil)
	wantStatus(t, r, 200)
	if got := r.Map(t)["empty_reason"]; got != "no_members" {
		t.Fatalf("empty team suggestions: empty_reason %v", got)
	}
}

func TestQuorumCoveredByRequiredMembersSaysSo(t *testing.T) {
	e := apitest.New(t, gormstore.SQLite, nil)
	var members []map[string]any
	for _, z := range []string{"Europe/Berlin", "Europe/Paris", "Europe/Madrid"} {
		members = append(members, map[string]any{"id": createMember(t, e, e.Manager, map[string]any{"name": z, "timezone": z})["id"], "required": true})
	}
	got := group(t, e, "overlap", question(members, "quorum", 2))
	var w []struct{ Code, Message string }
	b, _ := json.Marshal(got["warnings"])
	_ = json.Unmarshal(b, &w)
	if len(w) != 1 || w[0].Code != "quorum_covered_by_required" || w[0].Message == "" {
		t.Fatalf("warnings %s", b)
	}
	members[0]["required"], members[1]["required"] = false, false
	if got := group(t, e, "overlap", question(members, "quorum", 2)); got["warnings"] != nil {
		t.Fatalf("warnings %v with one required member and quorum 2", got["warnings"])
	}
}

func TestQuorumFeedCoveredByRequiredMembersSaysSo(t *testing.T) {
	e := apitest.New(t, gormstore.SQLite, nil)
	r := e.Do("POST", "/v1/teams", e.Manager, map[string]any{"name": "EU"})
	team := r.Map(t)["id"].(string)
	for i, z := range []string{"Europe/Berlin", "Europe/Paris", "Europe/Madrid"} {
		id := createMember(t, e, e.Manager, map[string]any{"name": z, "timezone": z})["id"].(string)
		wantStatus(t, e.Do("PUT", "/v1/teams/"+team+"/members/"+id, e.Manager, map[string]any{"required": i < 2}), 201)
	}
	for _, tt := range []struct {
		quorum int
		warn   bool
	}{{1, true}, {2, true}, {3, false}} {
		r := e.Do("POST", "/v1/feeds", e.Manager, map[string]any{"kind": "team_overlap", "team_id": team, "options": map[string]any{"quorum": tt.quorum}})
		wantStatus(t, r, 201)
		if w, _ := r.Map(t)["warnings"].([]any); (len(w) == 1) != tt.warn {
			t.Errorf("quorum %d with 2 of 3 required: warnings %v", tt.quorum, w)
		}
	}
}
