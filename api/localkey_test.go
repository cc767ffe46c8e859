package api_test

import (
	"strings"
	"testing"
	"time"

	"github.com/overlap/overlap/api/apitest"
	"github.com/overlap/overlap/store/gormstore/testdb"
)

// TestLocalTimesGetNoTwin: an attendee's local_start is already local; for
// a member in London in winter (or in UTC) it reads "…T15:00:00Z", and ?tz=
// gave it a twin "local_start_local" that no schema declares.
func TestLocalTimesGetNoTwin(t *testing.T) {
	e := apitest.New(t, testdb.Dialects[0], func() time.Time { return feedNow })
	team, _ := meetingTeam(t, e)
	lon := createMember(t, e, e.Manager, map[string]any{"name": "Lon", "timezone": "Europe/London"})["id"].(string)
	wantStatus(t, e.Do("PUT", "/v1/teams/"+team+"/members/"+lon, e.Manager, nil), 201)
	for _, req := range []struct {
		method, path string
		body         any
	}{
		{"GET", "/v1/teams/" + team + "/suggestions?from=2027-01-11T00:00:00Z&to=2027-01-16T00:00:00Z&duration=PT1H&tz=Asia/Tokyo", nil},
		{"POST", "/v1/teams/" + team + "/meeting-series?tz=Asia/Tokyo", map[string]any{"name": "Sync", "duration": "PT1H",
			"recurrence": "FREQ=WEEKLY;BYDAY=TU", "zone": "UTC", "from": "2027-01-04", "count": 3}},
	} {
		r := e.Do(req.method, req.path, e.Manager, req.body)
		if r.Status/100 != 2 {
			t.Fatalf("%s %s = %d %.400s", req.method, req.path, r.Status, r.Body)
		}
		if !strings.Contains(string(r.Body), `"local_start":"2027-01-1`) {
			t.Fatalf("%s %s: no attendee of London in UTC: %.400s", req.method, req.path, r.Body)
		}
		if strings.Contains(string(r.Body), "local_start_local") {
			t.Errorf("%s %s: a local time has a twin: %.400s", req.method, req.path, r.Body)
		}
	}
}
