package api_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"

	"github.com/overlap/overlap/api/apitest"
	"github.com/overlap/overlap/store/gormstore"
)

// BenchmarkCoreHoursHTTP: GET core-hours for a 100-member team in six zones
// over a year of weekdays, through the router and a real store.
func BenchmarkCoreHoursHTTP(b *testing.B) {
	benchDialects(b, func(b *testing.B, e *apitest.Env) {
		team := seedTeam(b, e, 100)
		path := "/v1/teams/" + team + "/core-hours?duration=PT2H&zone=Europe/Berlin&from=2027-01-04&to=2028-01-03"
		for b.Loop() {
			benchDo(b, e, "GET", path, nil, http.StatusOK)
		}
	})
}

// BenchmarkMeetingSeriesHTTP: POST a weekly series of 52 occurrences for 20
// attendees with slots "auto" (planned and stored).
func BenchmarkMeetingSeriesHTTP(b *testing.B) {
	benchDialects(b, func(b *testing.B, e *apitest.Env) {
		team := seedTeam(b, e, 20)
		body, _ := json.Marshal(map[string]any{"name": "All hands", "duration": "PT1H", "recurrence": "FREQ=WEEKLY;BYDAY=TU",
			"zone": "UTC", "from": "2027-01-04", "count": 52, "slots": "auto"})
		for b.Loop() {
			benchDo(b, e, "POST", "/v1/teams/"+team+"/meeting-series", body, http.StatusCreated)
		}
	})
}

func benchDialects(b *testing.B, fn func(*testing.B, *apitest.Env)) {
	for _, d := range []gormstore.Dialect{gormstore.SQLite, gormstore.Postgres} {
		if d == gormstore.Postgres && os.Getenv("TEST_DATABASE_URL") == "" {
			continue
		}
		b.Run(string(d), func(b *testing.B) { fn(b, apitest.NewB(b, d, nil)) })
	}
}

func benchDo(b *testing.B, e *apitest.Env, method, path string, body []byte, want int) {
	req := httptest.NewRequest(method, path, bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+e.Manager)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	rec := httptest.NewRecorder()
	e.Server.ServeHTTP(rec, req)
	if rec.Code != want {
		b.Fatalf("%d %s", rec.Code, rec.Body)
	}
}
