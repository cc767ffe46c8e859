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

// TestSeriesAttendeeTwice: an attendee listed twice (maybe with two never
// bands) was planned as two people, each counted in every figure; it is a
// 422 naming the second entry.
func TestSeriesAttendeeTwice(t *testing.T) {
	e := apitest.New(t, testdb.Dialects[0], func() time.Time { return feedNow })
	team, ids := meetingTeam(t, e)
	body := map[string]any{"name": "Twice", "duration": "PT1H", "recurrence": "FREQ=WEEKLY", "zone": "UTC", "from": "2027-01-04", "count": 3,
		"attendees": []any{map[string]any{"member_id": ids["eu"]}, map[string]any{"member_id": ids["us"]},
			map[string]any{"member_id": ids["eu"], "never_before": "10:00", "never_from": "11:00"}}}
	wantProblem(t, e.Do("POST", "/v1/teams/"+team+"/meeting-series", e.Manager, body), 422, "validation", "attendees[2].member_id")
}

// TestSeriesNeverBandNamesTheField: a never band that is not HH:MM is a 422
// naming the attendee's field (it was a 422 with a detail only).
func TestSeriesNeverBandNamesTheField(t *testing.T) {
	e := apitest.New(t, testdb.Dialects[0], func() time.Time { return feedNow })
	team, ids := meetingTeam(t, e)
	body := map[string]any{"name": "Band", "duration": "PT1H", "recurrence": "FREQ=WEEKLY", "zone": "UTC", "from": "2027-01-04", "count": 3,
		"attendees": []any{map[string]any{"member_id": ids["eu"], "never_before": "25:00", "never_from": "07:00"}}}
	wantProblem(t, e.Do("POST", "/v1/teams/"+team+"/meeting-series", e.Manager, body), 422, "validation", "attendees[0].never_before")
}

// TestRecurrenceAsCalendarsWriteIt: RFC 5545 names and values are
// case-insensitive, and a rule copied from a calendar file starts with
// "RRULE:"; both were refused (422 "unknown RRULE property: freq", and
// "is required").
func TestRecurrenceAsCalendarsWriteIt(t *testing.T) {
	e := apitest.New(t, testdb.Dialects[0], func() time.Time { return feedNow })
	team, _ := meetingTeam(t, e)
	for _, rule := range []string{"freq=weekly;byday=tu", "RRULE:FREQ=WEEKLY;BYDAY=TU"} {
		r := e.Do("POST", "/v1/teams/"+team+"/meeting-series", e.Manager, map[string]any{"name": "Sync", "duration": "PT1H",
			"recurrence": rule, "zone": "UTC", "from": "2027-01-04", "count": 2})
		wantStatus(t, r, 201)
		var body struct{ Occurrences []struct{ Date string } }
		r.JSON(t, &body)
		if len(body.Occurrences) != 2 || body.Occurrences[0].Date != "2027-01-05" || body.Occurrences[1].Date != "2027-01-12" {
			t.Errorf("%s: occurrences %v, want Tuesdays 2027-01-05 and 2027-01-12", rule, body.Occurrences)
		}
	}
}

// TestRecurrenceIntervalZero: INTERVAL is a positive integer (RFC 5545
// §3.3.10); INTERVAL=0 was planned as if it were 1.
func TestRecurrenceIntervalZero(t *testing.T) {
	e := apitest.New(t, testdb.Dialects[0], func() time.Time { return feedNow })
	team, _ := meetingTeam(t, e)
	body := map[string]any{"name": "Zero", "duration": "PT1H", "recurrence": "FREQ=WEEKLY;INTERVAL=0", "zone": "UTC", "from": "2027-01-04", "count": 2}
	wantProblem(t, e.Do("POST", "/v1/teams/"+team+"/meeting-series", e.Manager, body), 422, "validation")
}
