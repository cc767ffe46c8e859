package api_test

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/overlap/overlap/api"
	"github.com/overlap/overlap/api/apitest"
	"github.com/overlap/overlap/store/gormstore"
	"github.com/overlap/overlap/store/gormstore/testdb"
)

// forEachDB runs a test on SQLite and on PostgreSQL.
func forEachDB(t *testing.T, fn func(t *testing.T, e *apitest.Env)) {
	for _, d := range testdb.Dialects {
		t.Run(string(d), func(t *testing.T) { fn(t, apitest.New(t, d, nil)) })
	}
}

// wantProblem checks status, problem+json shape, type and the fields at fault.
func wantProblem(t *testing.T, r *apitest.Response, status int, slug string, fields ...string) {
	t.Helper()
	if r.Status != status {
		t.Fatalf("status %d, want %d; body %s", r.Status, status, r.Body)
	}
	if ct := r.Header.Get("Content-Type"); ct != api.ProblemContentType {
		t.Fatalf("Content-Type %q, want %q", ct, api.ProblemContentType)
	}
	var p api.Problem
	r.JSON(t, &p)
	if p.Type != api.ProblemType(slug) || p.Status != status || p.Title == "" {
		t.Fatalf("problem %+v, want type %s status %d", p, api.ProblemType(slug), status)
	}
	var got []string
	for _, f := range p.Errors {
		got = append(got, f.Field)
		if f.Message == "" {
			t.Errorf("field %s has no message", f.Field)
		}
	}
	for _, f := range fields {
		if !slices.Contains(got, f) {
			t.Fatalf("errors name fields %v, want %q among them", got, f)
		}
	}
}

func wantStatus(t *testing.T, r *apitest.Response, status int) {
	t.Helper()
	if r.Status != status {
		t.Fatalf("status %d, want %d; body %s", r.Status, status, r.Body)
	}
}

func createMember(t *testing.T, e *apitest.Env, token string, body any) map[string]any {
	t.Helper()
	r := e.Do("POST", "/v1/members", token, body)
	wantStatus(t, r, http.StatusCreated)
	return r.Map(t)
}

func TestAuth(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *apitest.Env) {
		tests := []struct {
			name, header string
		}{
			{"missing", ""},
			{"invalid", "ovl_doesnotexist"},
			{"not bearer", "Basic abc"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				r := e.Do("GET", "/v1/members", tt.header, nil)
				wantProblem(t, r, http.StatusUnauthorized, "unauthorized")
				if r.Header.Get("WWW-Authenticate") == "" {
					t.Error("no WWW-Authenticate header")
				}
			})
		}
		t.Run("revoked", func(t *testing.T) {
			r := e.Do("POST", "/v1/tokens", e.Admin, map[string]any{"name": "temp", "role": "viewer"})
			wantStatus(t, r, http.StatusCreated)
			tok := r.Map(t)
			secret := tok["token"].(string)
			if !strings.HasPrefix(secret, api.TokenPrefix) || len(secret) < len(api.TokenPrefix)+26 {
				t.Fatalf("token %q: want prefix and ≥128 bits", secret)
			}
			wantStatus(t, e.Do("GET", "/v1/members", secret, nil), http.StatusOK)
			wantStatus(t, e.Do("DELETE", "/v1/tokens/"+tok["id"].(string), e.Admin, nil), http.StatusNoContent)
			wantProblem(t, e.Do("GET", "/v1/members", secret, nil), http.StatusUnauthorized, "unauthorized")
		})
	})
}

func TestRoles(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *apitest.Env) {
		m := createMember(t, e, e.Manager, map[string]any{"name": "Ana", "timezone": "Europe/Lisbon"})
		id := m["id"].(string)
		tests := []struct {
			name, method, path, token string
			body                      any
			want                      int
		}{
			{"viewer reads", "GET", "/v1/members/" + id, e.Viewer, nil, 200},
			{"viewer creates member", "POST", "/v1/members", e.Viewer, map[string]any{"name": "X", "timezone": "UTC"}, 403},
			{"viewer patches member", "PATCH", "/v1/members/" + id, e.Viewer, map[string]any{"name": "X"}, 403},
			{"viewer deletes member", "DELETE", "/v1/members/" + id, e.Viewer, nil, 403},
			{"viewer creates team", "POST", "/v1/teams", e.Viewer, map[string]any{"name": "X"}, 403},
			{"viewer adds time off", "POST", "/v1/members/" + id + "/time-off", e.Viewer, map[string]any{"start_date": "2027-01-01", "end_date": "2027-01-02"}, 403},
			{"manager lists tokens", "GET", "/v1/tokens", e.Manager, nil, 403},
			{"manager creates token", "POST", "/v1/tokens", e.Manager, map[string]any{"role": "admin"}, 403},
			{"viewer lists tokens", "GET", "/v1/tokens", e.Viewer, nil, 403},
			{"admin lists tokens", "GET", "/v1/tokens", e.Admin, nil, 200},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				r := e.Do(tt.method, tt.path, tt.token, tt.body)
				if tt.want == 403 {
					wantProblem(t, r, 403, "forbidden")
				} else {
					wantStatus(t, r, tt.want)
				}
			})
		}
	})
}

func TestTokensListNeverShowsSecrets(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *apitest.Env) {
		r := e.Do("POST", "/v1/tokens", e.Admin, map[string]any{"name": "ci", "role": "manager"})
		wantStatus(t, r, http.StatusCreated)
		secret := r.Map(t)["token"].(string)
		list := e.Do("GET", "/v1/tokens", e.Admin, nil)
		wantStatus(t, list, http.StatusOK)
		if strings.Contains(string(list.Body), secret) || strings.Contains(string(list.Body), `"token"`) {
			t.Fatalf("token list shows a secret: %s", list.Body)
		}
		wantProblem(t, e.Do("POST", "/v1/tokens", e.Admin, map[string]any{"role": "root"}), 422, "validation", "role")
		wantProblem(t, e.Do("DELETE", "/v1/tokens/nope", e.Admin, nil), 404, "not-found")
	})
}

func TestOtherOrganizationIs404(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *apitest.Env) {
		m := createMember(t, e, e.Admin, map[string]any{"name": "Ana", "timezone": "Europe/Lisbon"})
		mid := m["id"].(string)
		r := e.Do("POST", "/v1/members/"+mid+"/time-off", e.Admin, map[string]any{"start_date": "2027-01-04", "end_date": "2027-01-08"})
		wantStatus(t, r, 201)
		tid := r.Map(t)["id"].(string)
		r = e.Do("POST", "/v1/teams", e.Admin, map[string]any{"name": "Core"})
		wantStatus(t, r, 201)
		team := r.Map(t)["id"].(string)
		wantStatus(t, e.Do("PUT", "/v1/teams/"+team+"/members/"+mid, e.Admin, nil), 201)
		r = e.Do("POST", "/v1/tokens", e.Admin, map[string]any{"role": "viewer"})
		tok := r.Map(t)["id"].(string)

		outsider := createMember(t, e, e.Other, map[string]any{"name": "Zed", "timezone": "UTC"})
		tests := []struct {
			name, method, path string
			body               any
		}{
			{"read member", "GET", "/v1/members/" + mid, nil},
			{"update member", "PATCH", "/v1/members/" + mid, map[string]any{"name": "Mallory"}},
			{"delete member", "DELETE", "/v1/members/" + mid, nil},
			{"read time off", "GET", "/v1/members/" + mid + "/time-off", nil},
			{"add time off", "POST", "/v1/members/" + mid + "/time-off", map[string]any{"start_date": "2027-01-04", "end_date": "2027-01-04"}},
			{"delete time off", "DELETE", "/v1/members/" + mid + "/time-off/" + tid, nil},
			{"read team", "GET", "/v1/teams/" + team, nil},
			{"update team", "PATCH", "/v1/teams/" + team, map[string]any{"name": "Mine"}},
			{"delete team", "DELETE", "/v1/teams/" + team, nil},
			{"list team members", "GET", "/v1/teams/" + team + "/members", nil},
			{"add own member to team", "PUT", "/v1/teams/" + team + "/members/" + outsider["id"].(string), nil},
			{"remove member from team", "DELETE", "/v1/teams/" + team + "/members/" + mid, nil},
			{"revoke token", "DELETE", "/v1/tokens/" + tok, nil},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				wantProblem(t, e.Do(tt.method, tt.path, e.Other, tt.body), 404, "not-found")
			})
		}
		// Adding another organization's member to our team is 404 too.
		wantProblem(t, e.Do("PUT", "/v1/teams/"+team+"/members/"+outsider["id"].(string), e.Admin, nil), 404, "not-found")
		// And everything is still there for its owner.
		wantStatus(t, e.Do("GET", "/v1/members/"+mid, e.Admin, nil), 200)
		r = e.Do("GET", "/v1/members/"+mid+"/time-off", e.Admin, nil)
		wantStatus(t, r, 200)
		if n := len(r.Map(t)["items"].([]any)); n != 1 {
			t.Fatalf("time off entries = %d, want 1", n)
		}
		r = e.Do("GET", "/v1/teams/"+team+"/members", e.Admin, nil)
		if n := len(r.Map(t)["items"].([]any)); n != 1 {
			t.Fatalf("team members = %d, want 1", n)
		}
	})
}

func TestValidation(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *apitest.Env) {
		createMember(t, e, e.Admin, map[string]any{"name": "Dana", "email": "dana@example.com", "timezone": "UTC"})
		tests := []struct {
			name   string
			body   any
			status int
			slug   string
			fields []string
		}{
			{"unknown zone", map[string]any{"name": "A", "timezone": "Mars/Olympus"}, 422, "validation", []string{"timezone"}},
			{"Local zone", map[string]any{"name": "A", "timezone": "Local"}, 422, "validation", []string{"timezone"}},
			{"missing name and zone", map[string]any{}, 422, "validation", []string{"name", "timezone"}},
			{"hour 25", map[string]any{"name": "A", "timezone": "UTC", "working_hours": map[string]any{"mon": []any{map[string]any{"start": "25:00", "end": "17:00"}}}}, 422, "validation", []string{"working_hours.mon[0].start"}},
			{"bad end", map[string]any{"name": "A", "timezone": "UTC", "working_hours": map[string]any{"tue": []any{map[string]any{"start": "09:00", "end": "5pm"}}}}, 422, "validation", []string{"working_hours.tue[0].end"}},
			{"empty range", map[string]any{"name": "A", "timezone": "UTC", "working_hours": map[string]any{"wed": []any{map[string]any{"start": "09:00", "end": "09:00"}}}}, 422, "validation", []string{"working_hours.wed[0]"}},
			{"overlapping ranges", map[string]any{"name": "A", "timezone": "UTC", "working_hours": map[string]any{"mon": []any{
				map[string]any{"start": "09:00", "end": "12:00"}, map[string]any{"start": "11:00", "end": "17:00"}}}}, 422, "validation", []string{"working_hours.mon[1]"}},
			{"night range into next day", map[string]any{"name": "A", "timezone": "UTC", "working_hours": map[string]any{
				"mon": []any{map[string]any{"start": "22:00", "end": "06:00"}}, "tue": []any{map[string]any{"start": "05:00", "end": "09:00"}}}}, 422, "validation", []string{"working_hours.tue[0]"}},
			{"unknown day", map[string]any{"name": "A", "timezone": "UTC", "working_hours": map[string]any{"monday": []any{}}}, 422, "validation", []string{"monday"}},
			{"bad email", map[string]any{"name": "A", "timezone": "UTC", "email": "not an email"}, 422, "validation", []string{"email"}},
			{"duplicate email", map[string]any{"name": "A", "timezone": "UTC", "email": "DANA@example.com"}, 409, "conflict", nil},
			{"override zone", map[string]any{"name": "A", "timezone": "UTC", "zone_overrides": []any{map[string]any{"from": "2027-01-10", "to": "2027-01-20", "timezone": "Asia/Tokio"}}}, 422, "validation", []string{"zone_overrides[0].timezone"}},
			{"override dates", map[string]any{"name": "A", "timezone": "UTC", "zone_overrides": []any{map[string]any{"from": "2027-01-20", "to": "2027-01-10", "timezone": "Asia/Tokyo"}}}, 422, "validation", []string{"zone_overrides[0].to"}},
			{"overlapping overrides", map[string]any{"name": "A", "timezone": "UTC", "zone_overrides": []any{
				map[string]any{"from": "2027-01-10", "to": "2027-01-20", "timezone": "Asia/Tokyo"},
				map[string]any{"from": "2027-01-20", "to": "2027-01-25", "timezone": "Asia/Seoul"}}}, 422, "validation", []string{"zone_overrides[1]"}},
			{"unknown field", map[string]any{"name": "A", "timezone": "UTC", "tz": "UTC"}, 422, "validation", []string{"tz"}},
			{"wrong type", map[string]any{"name": 7, "timezone": "UTC"}, 422, "validation", []string{"name"}},
			{"malformed JSON", `{"name": "A",`, 400, "malformed-request", nil},
			{"not an object", `[1,2]`, 400, "malformed-request", nil},
			{"two values", `{} {}`, 400, "malformed-request", nil},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				wantProblem(t, e.Do("POST", "/v1/members", e.Admin, tt.body), tt.status, tt.slug, tt.fields...)
			})
		}
		t.Run("too large", func(t *testing.T) {
			big := `{"name":"` + strings.Repeat("a", 2<<20) + `","timezone":"UTC"}`
			wantProblem(t, e.Do("POST", "/v1/members", e.Admin, big), 413, "too-large")
		})
		t.Run("wrong content type", func(t *testing.T) {
			wantProblem(t, e.DoWith("POST", "/v1/members", e.Admin, "text/plain", `{"name":"A","timezone":"UTC"}`), 415, "unsupported-media-type")
		})
		t.Run("wrong method", func(t *testing.T) {
			wantProblem(t, e.Do("PUT", "/v1/members", e.Admin, nil), 405, "method-not-allowed")
		})
		t.Run("unknown route", func(t *testing.T) {
			wantProblem(t, e.Do("GET", "/v1/nothing-here", e.Admin, nil), 404, "not-found")
		})
		t.Run("bad limit", func(t *testing.T) {
			wantProblem(t, e.Do("GET", "/v1/members?limit=500", e.Admin, nil), 422, "validation", "limit")
		})
		t.Run("bad cursor", func(t *testing.T) {
			wantProblem(t, e.Do("GET", "/v1/members?cursor=zzz", e.Admin, nil), 422, "validation", "cursor")
		})
	})
}

func TestTimeOffValidation(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *apitest.Env) {
		m := createMember(t, e, e.Admin, map[string]any{"name": "Ana", "timezone": "America/Sao_Paulo"})
		path := "/v1/members/" + m["id"].(string) + "/time-off"
		tests := []struct {
			name   string
			body   any
			fields []string
		}{
			{"nothing", map[string]any{}, []string{"start", "end"}},
			{"end before start", map[string]any{"start": "2027-01-02T10:00:00Z", "end": "2027-01-02T09:00:00Z"}, []string{"end"}},
			{"not RFC 3339", map[string]any{"start": "2027-01-02 10:00", "end": "2027-01-02T11:00:00Z"}, []string{"start"}},
			{"both forms", map[string]any{"start": "2027-01-02T10:00:00Z", "end": "2027-01-02T11:00:00Z", "start_date": "2027-01-02"}, []string{"start_date"}},
			{"bad date", map[string]any{"start_date": "2027-02-30", "end_date": "2027-03-01"}, []string{"start_date"}},
			{"dates reversed", map[string]any{"start_date": "2027-03-02", "end_date": "2027-03-01"}, []string{"end_date"}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				wantProblem(t, e.Do("POST", path, e.Admin, tt.body), 422, "validation", tt.fields...)
			})
		}
		// A whole-day absence is read in the member's zone.
		r := e.Do("POST", path, e.Admin, map[string]any{"start_date": "2027-01-04", "end_date": "2027-01-05", "reason": "vacation"})
		wantStatus(t, r, 201)
		got := r.Map(t)
		if got["start"] != "2027-01-04T03:00:00Z" || got["end"] != "2027-01-06T03:00:00Z" || got["all_day"] != true {
			t.Fatalf("whole-day time off = %v", got)
		}
		// Instants in any offset are stored and returned in UTC.
		r = e.Do("POST", path, e.Admin, map[string]any{"start": "2027-01-10T09:00:00+05:45", "end": "2027-01-10T12:00:00+05:45"})
		wantStatus(t, r, 201)
		got = r.Map(t)
		if got["start"] != "2027-01-10T03:15:00Z" || got["end"] != "2027-01-10T06:15:00Z" {
			t.Fatalf("instant time off = %v", got)
		}
		wantStatus(t, e.Do("DELETE", path+"/"+got["id"].(string), e.Admin, nil), 204)
		wantProblem(t, e.Do("DELETE", path+"/"+got["id"].(string), e.Admin, nil), 404, "not-found")
	})
}

func TestMemberLifecycle(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *apitest.Env) {
		m := createMember(t, e, e.Manager, map[string]any{
			"name": "Noa", "email": "noa@example.com", "timezone": "Pacific/Auckland",
			"working_hours": map[string]any{
				"mon": []any{map[string]any{"start": "22:00", "end": "06:00"}},
				"tue": []any{map[string]any{"start": "09:00", "end": "12:00"}, map[string]any{"start": "13:00", "end": "24:00"}},
			},
			"zone_overrides": []any{map[string]any{"from": "2027-01-10", "to": "2027-01-20", "timezone": "Asia/Tokyo"}},
		})
		wh := m["working_hours"].(map[string]any)
		if fmt.Sprint(wh["mon"]) != "[map[end:06:00 start:22:00]]" || fmt.Sprint(wh["sun"]) != "[]" {
			t.Fatalf("working hours = %v", wh)
		}
		if fmt.Sprint(m["zone_overrides"]) != "[map[from:2027-01-10 timezone:Asia/Tokyo to:2027-01-20]]" {
			t.Fatalf("zone overrides = %v", m["zone_overrides"])
		}
		id := m["id"].(string)
		r := e.Do("PATCH", "/v1/members/"+id, e.Manager, map[string]any{"email": "", "timezone": "Australia/Lord_Howe"})
		wantStatus(t, r, 200)
		got := r.Map(t)
		if got["email"] != nil || got["timezone"] != "Australia/Lord_Howe" || got["name"] != "Noa" || fmt.Sprint(got["working_hours"]) != fmt.Sprint(wh) {
			t.Fatalf("after PATCH: %v", got)
		}
		def := createMember(t, e, e.Manager, map[string]any{"name": "Default", "timezone": "Asia/Kathmandu"})
		if fmt.Sprint(def["working_hours"].(map[string]any)["fri"]) != "[map[end:17:00 start:09:00]]" || fmt.Sprint(def["working_hours"].(map[string]any)["sat"]) != "[]" {
			t.Fatalf("default working hours = %v", def["working_hours"])
		}
		wantStatus(t, e.Do("DELETE", "/v1/members/"+id, e.Manager, nil), 204)
		wantProblem(t, e.Do("GET", "/v1/members/"+id, e.Manager, nil), 404, "not-found")
	})
}

func TestPagination(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *apitest.Env) {
		var want []string
		for i := 0; i < 5; i++ {
			want = append(want, createMember(t, e, e.Admin, map[string]any{"name": fmt.Sprint("m", i), "timezone": "UTC"})["id"].(string))
		}
		var got []string
		cursor, pages := "", 0
		for {
			r := e.Do("GET", "/v1/members?limit=2&cursor="+cursor, e.Viewer, nil)
			wantStatus(t, r, 200)
			var page struct {
				Items []struct {
					ID string `json:"id"`
				} `json:"items"`
				NextCursor string `json:"next_cursor"`
			}
			r.JSON(t, &page)
			pages++
			for _, it := range page.Items {
				got = append(got, it.ID)
			}
			if page.NextCursor == "" {
				break
			}
			cursor = page.NextCursor
		}
		if pages != 3 || !slices.Equal(got, want) {
			t.Fatalf("%d pages, ids %v, want 3 pages of %v", pages, got, want)
		}
	})
}

func TestTeams(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *apitest.Env) {
		r := e.Do("POST", "/v1/teams", e.Manager, map[string]any{"name": "Follow the sun", "description": "support"})
		wantStatus(t, r, 201)
		team := r.Map(t)["id"].(string)
		a := createMember(t, e, e.Manager, map[string]any{"name": "A", "timezone": "Europe/Berlin"})["id"].(string)
		b := createMember(t, e, e.Manager, map[string]any{"name": "B", "timezone": "America/Los_Angeles"})["id"].(string)
		r = e.Do("PUT", "/v1/teams/"+team+"/members/"+a, e.Manager, nil)
		wantStatus(t, r, 201)
		if r.Map(t)["required"] != false {
			t.Fatal("membership should default to optional")
		}
		wantStatus(t, e.Do("PUT", "/v1/teams/"+team+"/members/"+b, e.Manager, map[string]any{"required": false}), 201)
		r = e.Do("PUT", "/v1/teams/"+team+"/members/"+b, e.Manager, map[string]any{"required": true})
		wantStatus(t, r, 200)
		wantProblem(t, e.Do("PUT", "/v1/teams/"+team+"/members/nobody", e.Manager, nil), 404, "not-found")
		r = e.Do("GET", "/v1/teams/"+team+"/members", e.Viewer, nil)
		wantStatus(t, r, 200)
		if n := len(r.Map(t)["items"].([]any)); n != 2 {
			t.Fatalf("team has %d members, want 2", n)
		}
		r = e.Do("PATCH", "/v1/teams/"+team, e.Manager, map[string]any{"name": "FTS"})
		wantStatus(t, r, 200)
		if got := r.Map(t); got["name"] != "FTS" || got["description"] != "support" {
			t.Fatalf("after PATCH: %v", got)
		}
		wantProblem(t, e.Do("PATCH", "/v1/teams/"+team, e.Manager, map[string]any{"name": " "}), 422, "validation", "name")
		wantStatus(t, e.Do("DELETE", "/v1/teams/"+team+"/members/"+a, e.Manager, nil), 204)
		wantStatus(t, e.Do("GET", "/v1/teams", e.Viewer, nil), 200)
		wantStatus(t, e.Do("DELETE", "/v1/teams/"+team, e.Manager, nil), 204)
		wantProblem(t, e.Do("GET", "/v1/teams/"+team, e.Manager, nil), 404, "not-found")
	})
}

func TestOperations(t *testing.T) {
	e := apitest.New(t, gormstore.SQLite, nil)
	wantStatus(t, e.Do("GET", "/healthz", "", nil), 200)
	wantStatus(t, e.Do("GET", "/readyz", "", nil), 200)
	wantStatus(t, e.Do("GET", "/v1/members", e.Viewer, nil), 200)
	r := e.Do("GET", "/metrics", "", nil)
	wantStatus(t, r, 200)
	if !strings.Contains(string(r.Body), `overlap_http_requests_total{method="GET",route="/v1/members",status="200"} 1`) {
		t.Fatalf("metrics lack the request counter:\n%.2000s", r.Body)
	}
	r = e.Do("GET", "/openapi.yaml", "", nil)
	wantStatus(t, r, 200)
	if !strings.HasPrefix(string(r.Body), "openapi: 3") {
		t.Fatalf("openapi.yaml starts with %.40q", r.Body)
	}
	e.Store.Close()
	wantProblem(t, e.Do("GET", "/readyz", "", nil), 503, "unavailable")
}

func TestNoTokenInLogs(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *apitest.Env) {
		r := e.Do("POST", "/v1/tokens", e.Admin, map[string]any{"name": "x", "role": "manager"})
		secret := r.Map(t)["token"].(string)
		e.Do("GET", "/v1/members", secret, nil)
		e.Do("GET", "/v1/members?cursor=bad", secret, nil)
		e.Do("POST", "/v1/members", secret, map[string]any{"name": "A", "timezone": "UTC"})
		e.Do("GET", "/v1/members", secret+"x", nil)
		logs := e.Logs.String()
		if !strings.Contains(logs, `"route":"/v1/members"`) {
			t.Fatalf("requests were not logged: %s", logs)
		}
		for _, tok := range []string{secret, e.Admin, e.Manager, e.Viewer, e.Other} {
			if strings.Contains(logs, tok) || strings.Contains(logs, tok[len(api.TokenPrefix):]) {
				t.Fatalf("a token appears in the logs")
			}
		}
	})
}

func TestRoutesMatchOpenAPI(t *testing.T) {
	doc, _ := apitest.Spec(t)
	e := apitest.New(t, gormstore.SQLite, nil)
	seen := map[string]bool{}
	for _, r := range e.Server.Routes() {
		path := r.Path
		for _, seg := range strings.Split(path, "/") {
			if strings.HasPrefix(seg, ":") {
				path = strings.Replace(path, seg, "{"+seg[1:]+"}", 1)
			}
		}
		key := r.Method + " " + path
		seen[key] = true
		item := doc.Paths.Value(path)
		if item == nil || item.GetOperation(r.Method) == nil {
			t.Errorf("route %s is not in openapi.yaml", key)
		}
	}
	for path, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			if !seen[method+" "+path] {
				t.Errorf("openapi.yaml documents %s %s, which the router does not serve", method, path)
			}
		}
	}
}
