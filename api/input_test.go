package api_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"testing"
	"time"

	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"github.com/overlap/overlap"
	"github.com/overlap/overlap/api"
	"github.com/overlap/overlap/api/apitest"
	"github.com/overlap/overlap/store"
	"github.com/overlap/overlap/store/gormstore"
	"github.com/overlap/overlap/store/gormstore/testdb"
)

// TestInvalidText: text with NUL or invalid UTF-8 is a 422 naming the field
// wherever a client sends it (PostgreSQL answered 500, SQLite stored it).
func TestInvalidText(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *apitest.Env) {
		m := createMember(t, e, e.Manager, map[string]any{"name": "Ana", "timezone": "UTC"})["id"].(string)
		r := e.Do("POST", "/v1/teams", e.Manager, map[string]any{"name": "T"})
		wantStatus(t, r, http.StatusCreated)
		team := r.Map(t)["id"].(string)
		tests := []struct {
			name, method, path, body, field string
		}{
			{"member name", "POST", "/v1/members", `{"name":"A\u0000B","timezone":"UTC"}`, "name"},
			{"member email", "POST", "/v1/members", `{"name":"B","email":"b\u0000@example.com","timezone":"UTC"}`, "email"},
			{"zone override", "POST", "/v1/members", `{"name":"B","timezone":"UTC","zone_overrides":[{"from":"2027-01-01","to":"2027-01-02","timezone":"UTC\u0000"}]}`, "zone_overrides[0].timezone"},
			{"member rename", "PATCH", "/v1/members/" + m, `{"name":"\u0000"}`, "name"},
			{"team name", "POST", "/v1/teams", `{"name":"T\u0000"}`, "name"},
			{"team description", "PATCH", "/v1/teams/" + team, `{"description":"d\u0000"}`, "description"},
			{"time-off reason", "POST", "/v1/members/" + m + "/time-off", `{"start_date":"2027-01-04","end_date":"2027-01-04","reason":"x\u0000"}`, "reason"},
			{"token name", "POST", "/v1/tokens", `{"name":"ci\u0000","role":"viewer"}`, "name"},
			{"calendar URL", "POST", "/v1/members/" + m + "/calendars", `{"url":"https://example.com/\u0000.ics"}`, "url"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				wantProblem(t, e.Do(tt.method, tt.path, e.Admin, tt.body), http.StatusUnprocessableEntity, "validation", tt.field)
			})
		}
		for name, bad := range map[string]string{"NUL": "%00", "invalid UTF-8": "%FF"} {
			t.Run("upload name "+name, func(t *testing.T) {
				r := e.DoWith("POST", "/v1/members/"+m+"/calendars?kind=busy&name=a"+bad, e.Manager, "text/calendar", oneMeeting)
				wantProblem(t, r, http.StatusUnprocessableEntity, "validation", "name")
			})
			t.Run("query parameter "+name, func(t *testing.T) {
				r := e.Do("GET", "/v1/members/"+m+"/response-time?sent_at=2027-01-11T08:00:00Z&team_id="+team+bad, e.Viewer, nil)
				wantProblem(t, r, http.StatusUnprocessableEntity, "validation", "team_id")
			})
			t.Run("path parameter "+name, func(t *testing.T) {
				wantProblem(t, e.Do("GET", "/v1/members/x"+bad, e.Viewer, nil), http.StatusNotFound, "not-found")
			})
		}
		r = e.Do("GET", "/v1/members/"+m, e.Viewer, nil)
		wantStatus(t, r, http.StatusOK)
		if got := r.Map(t)["name"]; got != "Ana" {
			t.Fatalf("name after refused rename = %v", got)
		}
	})
}

// TestUnknownQueryParameter: a misspelled query parameter is a 422 naming
// it on /v1; feeds and operations endpoints keep ignoring unknown ones.
func TestUnknownQueryParameter(t *testing.T) {
	e := apitest.New(t, gormstore.SQLite, nil)
	f := newTeamFixture(t, e)
	tests := []struct{ name, path, field string }{
		{"quorom", "/v1/teams/" + f.team + "/overlap?" + with(week, "quorom", "3").Encode(), "quorom"},
		{"list", "/v1/members?limt=5", "limt"},
		{"get", "/v1/members/" + f.ber + "?expand=all", "expand"},
		{"duration where none is taken", "/v1/teams/" + f.team + "/overlap?" + with(week, "duration", "PT1H").Encode(), "duration"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantProblem(t, e.Do("GET", tt.path, e.Viewer, nil), http.StatusUnprocessableEntity, "validation", tt.field)
		})
	}
	t.Run("declared parameters pass", func(t *testing.T) {
		wantStatus(t, e.Do("GET", "/v1/teams/"+f.team+"/overlap?"+with(week, "quorum", "1", "tentative", "free").Encode(), e.Viewer, nil), http.StatusOK)
		wantStatus(t, e.Do("GET", "/v1/teams/"+f.team+"/suggestions?"+with(week, "duration", "PT1H").Encode(), e.Viewer, nil), http.StatusOK)
	})
	t.Run("ignored outside /v1", func(t *testing.T) {
		wantStatus(t, e.Do("GET", "/healthz?nocache=1", "", nil), http.StatusOK)
		wantStatus(t, e.Do("GET", "/openapi.yaml?x=1", "", nil), http.StatusOK)
		_, path := createFeed(t, e, map[string]any{"kind": "member_busy", "member_id": f.ber})
		wantStatus(t, e.Do("GET", path+"?_=1700000000", "", nil), http.StatusOK)
	})
}

// TestOutOfRange: durations that overflowed were answered as small ones
// (P30501W as P3DT25M26S), and instants outside years 1–9999 came back in a
// form that is not RFC 3339. Both are a 422 naming the field.
func TestOutOfRange(t *testing.T) {
	e := apitest.New(t, gormstore.SQLite, nil)
	f := newTeamFixture(t, e)
	team := "/v1/teams/" + f.team
	gets := []struct{ name, path, field string }{
		{"min_duration overflow", team + "/overlap?" + with(week, "min_duration", "P30501W").Encode(), "min_duration"},
		{"duration overflow", team + "/suggestions?" + with(week, "duration", "P30501W").Encode(), "duration"},
		{"duration huge", team + "/suggestions?" + with(week, "duration", "P999999999D").Encode(), "duration"},
		{"from in year 0", team + "/overlap?" + with(week, "from", "0001-01-01T00:30:00+01:00").Encode(), "from"},
		{"to in year 10000", team + "/overlap?" + with(week, "from", "9999-12-31T00:00:00Z", "to", "9999-12-31T23:00:00-05:00").Encode(), "to"},
		{"from before 1900", team + "/overlap?" + with(week, "from", "1899-12-31T23:59:59Z").Encode(), "from"},
		{"to after 2200", team + "/overlap?" + with(week, "from", "2200-12-31T12:00:00Z", "to", "2201-01-01T00:00:00Z").Encode(), "to"},
		{"sent_at in year 10000", "/v1/members/" + f.ber + "/response-time?sent_at=" + url.QueryEscape("9999-12-31T23:00:00-05:00"), "sent_at"},
	}
	for _, tt := range gets {
		t.Run(tt.name, func(t *testing.T) {
			wantProblem(t, e.Do("GET", tt.path, e.Viewer, nil), http.StatusUnprocessableEntity, "validation", tt.field)
		})
	}
	bodies := []struct{ name, method, path, field string }{
		{"within overflow", "PUT", team + "/response-policy", "normal.within"},
		{"feed horizon overflow", "POST", "/v1/feeds", "options.horizon"},
		{"time-off start in year 0", "POST", "/v1/members/" + f.ber + "/time-off", "start"},
	}
	payloads := map[string]any{
		"within overflow":          map[string]any{"normal": map[string]any{"within": "P30501W", "clock": "calendar"}},
		"feed horizon overflow":    map[string]any{"kind": "team_overlap", "team_id": f.team, "options": map[string]any{"horizon": "P30501W"}},
		"time-off start in year 0": map[string]any{"start": "0001-01-01T00:00:00+01:00", "end": "2027-01-01T00:00:00Z"},
	}
	for _, tt := range bodies {
		t.Run(tt.name, func(t *testing.T) {
			wantProblem(t, e.Do(tt.method, tt.path, e.Manager, payloads[tt.name]), http.StatusUnprocessableEntity, "validation", tt.field)
		})
	}
}

func wantUnavailable(t *testing.T, r *apitest.Response) {
	t.Helper()
	wantProblem(t, r, http.StatusServiceUnavailable, "unavailable")
	if r.Header.Get("Retry-After") == "" {
		t.Fatal("503 without Retry-After")
	}
}

// TestDatabaseDown: requests to a store whose database is gone answer 503
// with Retry-After, not 500.
func TestDatabaseDown(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *apitest.Env) {
		m := createMember(t, e, e.Manager, map[string]any{"name": "Ana", "timezone": "UTC"})["id"].(string)
		if err := e.Store.Close(); err != nil {
			t.Fatal(err)
		}
		wantUnavailable(t, e.Do("GET", "/v1/members/"+m, e.Viewer, nil))
		wantUnavailable(t, e.Do("POST", "/v1/teams", e.Manager, map[string]any{"name": "T"}))
		wantUnavailable(t, e.Do("GET", "/readyz", "", nil))
	})
}

// stalled is a store whose member list never answers on its own: only the
// request's deadline ends the call.
type stalled struct{ store.Store }

func (stalled) ListMembers(ctx context.Context, _ string, _ store.Page) ([]store.Member, error) {
	<-ctx.Done()
	return nil, fmt.Errorf("list members: %w", ctx.Err())
}

// TestStalledStore: a call that does not return is cut by the request's
// deadline and answers 503.
func TestStalledStore(t *testing.T) {
	e := apitest.New(t, gormstore.SQLite, nil)
	e.Server = api.New(api.Config{Store: stalled{e.Store}, Calendars: e.Importer, OpenAPI: overlap.OpenAPI, RequestTimeout: 50 * time.Millisecond})
	wantUnavailable(t, e.Do("GET", "/v1/members", e.Viewer, nil))
}

// TestStalledPostgres: a query blocked by a lock another connection holds is
// cancelled at the request's deadline and answers 503, through the real
// store.
func TestStalledPostgres(t *testing.T) {
	u := testdb.SchemaURL(t)
	ctx := context.Background()
	db, err := gormstore.Open(ctx, gormstore.Config{URL: u})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(ctx, nil); err != nil {
		t.Fatal(err)
	}
	org, err := db.EnsureOrg(ctx, "acme")
	if err != nil {
		t.Fatal(err)
	}
	secret, hash := api.NewToken()
	if err := db.CreateToken(ctx, &store.Token{OrgID: org.ID, Role: store.RoleAdmin, Hash: hash}); err != nil {
		t.Fatal(err)
	}
	e := &apitest.Env{T: t, TB: t, Store: db,
		Server: api.New(api.Config{Store: db, OpenAPI: overlap.OpenAPI, RequestTimeout: 300 * time.Millisecond})}
	m := createMember(t, e, secret, map[string]any{"name": "Ana", "timezone": "UTC"})["id"].(string)

	locker, err := gorm.Open(postgres.Open(u), &gorm.Config{Logger: logger.Discard})
	if err != nil {
		t.Fatal(err)
	}
	if s, err := locker.DB(); err == nil {
		t.Cleanup(func() { s.Close() })
	}
	tx := locker.Begin()
	if err := tx.Exec("LOCK TABLE members IN ACCESS EXCLUSIVE MODE").Error; err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	wantUnavailable(t, e.Do("GET", "/v1/members/"+m, secret, nil))
	wantUnavailable(t, e.Do("PATCH", "/v1/members/"+m, secret, map[string]any{"name": "Bea"}))
	tx.Rollback()
	wantStatus(t, e.Do("GET", "/v1/members/"+m, secret, nil), http.StatusOK)
}
