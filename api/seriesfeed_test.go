package api_test

import (
	"strings"
	"testing"
	"time"

	"github.com/overlap/overlap/api/apitest"
	"github.com/overlap/overlap/store/gormstore/testdb"
)

// TestSeriesFeedHasNoMethod: like every other published feed, a
// meeting_series feed carries no METHOD (METHOD:PUBLISH without ORGANIZER
// fails libical's iTIP restriction check; a subscription needs none). It was
// the one feed still written with METHOD:PUBLISH.
func TestSeriesFeedHasNoMethod(t *testing.T) {
	e := apitest.New(t, testdb.Dialects[0], func() time.Time { return feedNow })
	team, _ := meetingTeam(t, e)
	r := e.Do("POST", "/v1/teams/"+team+"/meeting-series", e.Manager, map[string]any{"name": "Sync", "duration": "PT1H",
		"recurrence": "FREQ=WEEKLY;BYDAY=TU", "zone": "UTC", "from": "2027-01-12", "count": 3})
	wantStatus(t, r, 201)
	_, path := createFeed(t, e, map[string]any{"kind": "meeting_series", "team_id": team, "series_id": r.Map(t)["id"]})
	r = e.Do("GET", path, "", nil)
	wantStatus(t, r, 200)
	body := string(r.Body)
	if !strings.Contains(body, "\r\nBEGIN:VEVENT\r\n") {
		t.Fatalf("no events:\n%s", body)
	}
	if strings.Contains(body, "METHOD") {
		t.Errorf("the meeting_series feed has a METHOD:\n%s", body)
	}
}
