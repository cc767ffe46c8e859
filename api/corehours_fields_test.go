package api_test

import (
	"testing"
	"time"

	"github.com/overlap/overlap/api/apitest"
	"github.com/overlap/overlap/store/gormstore/testdb"
)

// TestCoreHoursNamesTheFieldAtFault: a duration or date range that core
// hours cannot take was refused only after the team's two years of data had
// been loaded, with a detail and no field ("invalid time range: outside
// 1800–2200"); it is refused before, naming the field, as elsewhere.
func TestCoreHoursNamesTheFieldAtFault(t *testing.T) {
	e := apitest.New(t, testdb.Dialects[0], func() time.Time { return feedNow })
	team, _ := meetingTeam(t, e)
	tests := []struct{ query, field string }{
		{"duration=PT10M", "duration"},
		{"duration=PT13H", "duration"},
		{"duration=PT1H30S", "duration"},
		{"duration=PT1H&from=2027-01-10&to=2027-01-01", "to"},
		{"duration=PT1H&from=2027-01-01&to=2030-01-01", "to"},
		{"duration=PT1H&from=0001-01-01&to=0001-12-31", "from"},
		{"duration=PT1H&from=1799-12-01&to=1800-01-31", "from"},
		{"duration=PT1H&from=2199-12-01&to=2200-01-02", "to"},
		{"duration=PT1H&from=9999-12-01", "from"},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			wantProblem(t, e.Do("GET", "/v1/teams/"+team+"/core-hours?"+tt.query, e.Viewer, nil), 422, "validation", tt.field)
		})
	}
	// The bounds themselves are accepted.
	for _, q := range []string{"duration=PT15M&from=1800-01-01&to=1800-01-31", "duration=PT12H&from=2199-12-01&to=2199-12-31"} {
		wantStatus(t, e.Do("GET", "/v1/teams/"+team+"/core-hours?"+q, e.Viewer, nil), 200)
	}
}

// TestCoreHoursBadZoneNamesZoneAlone: without a zone the default dates are
// unknown, and are not reported as out of range.
func TestCoreHoursBadZoneNamesZoneAlone(t *testing.T) {
	e := apitest.New(t, testdb.Dialects[0], func() time.Time { return feedNow })
	team, _ := meetingTeam(t, e)
	r := e.Do("GET", "/v1/teams/"+team+"/core-hours?duration=PT1H&zone=Mars/Olympus", e.Viewer, nil)
	wantProblem(t, r, 422, "validation", "zone")
	if m := r.Map(t); len(m["errors"].([]any)) != 1 {
		t.Fatalf("errors = %v, want zone alone", m["errors"])
	}
}
