package api_test

import (
	"testing"
	"time"

	"github.com/overlap/overlap/api/apitest"
	"github.com/overlap/overlap/store/gormstore/testdb"
)

// TestRecurrenceThatPanicsRRuleGo: a rule rrule-go accepts and then panics
// on while expanding is a 422, not a 500.
func TestRecurrenceThatPanicsRRuleGo(t *testing.T) {
	e := apitest.New(t, testdb.Dialects[0], func() time.Time { return feedNow })
	team, _ := meetingTeam(t, e)
	body := map[string]any{"name": "Easter", "duration": "PT1H", "recurrence": "FREQ=YEARLY;BYEASTER=-400", "zone": "UTC", "from": "2027-01-01", "count": 1}
	wantProblem(t, e.Do("POST", "/v1/teams/"+team+"/meeting-series", e.Manager, body), 422, "validation")
}
