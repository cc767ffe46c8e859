package api_test

import (
	"testing"
	"time"

	"github.com/overlap/overlap/api/apitest"
	"github.com/overlap/overlap/store/gormstore/testdb"
)

// TestMeetingSeriesAnswersInAZone: a series' occurrences are UTC instants,
// so its routes take tz like every other route that returns instants (they
// answered 422 "unknown query parameter").
func TestMeetingSeriesAnswersInAZone(t *testing.T) {
	e := apitest.New(t, testdb.Dialects[0], func() time.Time { return feedNow })
	team, _ := meetingTeam(t, e)
	ny, _ := time.LoadLocation("America/New_York")
	body := map[string]any{"name": "Sync", "duration": "PT1H", "recurrence": "FREQ=WEEKLY;BYDAY=TU", "zone": "Europe/Berlin", "from": "2027-03-01", "count": 4}
	r := e.Do("POST", "/v1/teams/"+team+"/meeting-series?tz=America/New_York", e.Manager, body)
	wantStatus(t, r, 201)
	if n := twins(t, r.Map(t)["occurrences"], ny); n < 8 {
		t.Fatalf("%d twins in %s", n, r.Body)
	}
	one := "/v1/teams/" + team + "/meeting-series/" + r.Map(t)["id"].(string)
	for _, req := range []struct{ method, path string }{{"GET", one}, {"POST", one + "/recompute"}} {
		r := e.Do(req.method, req.path+"?tz=America/New_York", e.Manager, nil)
		wantStatus(t, r, 200)
		if n := twins(t, r.Map(t)["occurrences"], ny); n < 8 {
			t.Errorf("%s %s: %d twins in %.300s", req.method, req.path, n, r.Body)
		}
	}
}
