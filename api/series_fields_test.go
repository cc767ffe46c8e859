package api_test

import (
	"testing"
	"time"

	"github.com/overlap/overlap/api"
	"github.com/overlap/overlap/api/apitest"
	"github.com/overlap/overlap/store/gormstore/testdb"
)

// TestSeriesRecurrenceErrorsNameTheField: a recurrence the planner refuses
// was a 422 with a detail and no errors[]; it names the field at fault, as
// every other validation problem does.
func TestSeriesRecurrenceErrorsNameTheField(t *testing.T) {
	e := apitest.New(t, testdb.Dialects[0], func() time.Time { return feedNow })
	team, _ := meetingTeam(t, e)
	tests := []struct {
		name, rule, from, until string
		count                   int
		field                   string
	}{
		{"unknown frequency", "FREQ=SOMETIMES", "2027-01-04", "", 3, "recurrence"},
		{"interval zero", "FREQ=WEEKLY;INTERVAL=0", "2027-01-04", "", 3, "recurrence"},
		{"own count", "FREQ=DAILY;COUNT=3", "2027-01-04", "", 3, "recurrence"},
		{"finer than a day", "FREQ=HOURLY", "2027-01-04", "", 3, "recurrence"},
		{"rrule-go panics", "FREQ=YEARLY;BYEASTER=-400", "2027-01-01", "", 1, "recurrence"},
		{"never matches", "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "2027-01-04", "", 2, "recurrence"},
		{"count past two years", "FREQ=YEARLY", "2027-01-04", "", 4, "count"},
		{"until before from", "FREQ=DAILY", "2027-02-01", "2027-01-01", 0, "until"},
		{"more than 500 until", "FREQ=DAILY", "2027-01-04", "2028-12-31", 0, "until"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := map[string]any{"name": "Sync", "duration": "PT1H", "recurrence": tt.rule, "zone": "UTC", "from": tt.from}
			if tt.until != "" {
				body["until"] = tt.until
			} else {
				body["count"] = tt.count
			}
			r := e.Do("POST", "/v1/teams/"+team+"/meeting-series", e.Manager, body)
			wantProblem(t, r, 422, "validation", tt.field)
			var p api.Problem
			r.JSON(t, &p)
			if p.Detail != "" {
				t.Errorf("detail %q: the fields say it", p.Detail)
			}
		})
	}
}
