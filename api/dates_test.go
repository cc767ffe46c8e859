package api_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/overlap/overlap/api/apitest"
	"github.com/overlap/overlap/store/gormstore/testdb"
)

// TestDatesOutOfRange: dates in years 0000 or 9999 are a 422 naming the field
// wherever a client sends one. Time off from 0000-01-01 was stored and echoed
// as "0000-01-01T00:01:15Z" (London's LMT), to 9999-12-31 as
// "10000-01-01T00:00:00Z", not RFC 3339; a meeting series from 0000-03-01
// answered 500 (a panic inside rrule-go).
func TestDatesOutOfRange(t *testing.T) {
	e := apitest.New(t, testdb.Dialects[0], func() time.Time { return feedNow })
	team, ids := meetingTeam(t, e)
	m := ids["eu"]
	series := func(from, until string) map[string]any {
		return map[string]any{"name": "S", "duration": "PT1H", "recurrence": "FREQ=WEEKLY", "zone": "UTC", "from": from, "until": until}
	}
	override := func(from, to string) map[string]any {
		return map[string]any{"zone_overrides": []any{map[string]any{"from": from, "to": to, "timezone": "Asia/Tokyo"}}}
	}
	tests := []struct {
		name, method, path string
		body               any
		field              string
	}{
		{"time off year 0", "POST", "/v1/members/" + m + "/time-off", map[string]any{"start_date": "0000-01-01", "end_date": "0000-01-02"}, "start_date"},
		{"time off year 9999", "POST", "/v1/members/" + m + "/time-off", map[string]any{"start_date": "9999-12-30", "end_date": "9999-12-31"}, "start_date"},
		{"series from year 0", "POST", "/v1/teams/" + team + "/meeting-series", series("0000-03-01", "0000-06-01"), "from"},
		{"series until year 9999", "POST", "/v1/teams/" + team + "/meeting-series", series("2027-03-01", "9999-06-01"), "until"},
		{"zone override year 0", "PATCH", "/v1/members/" + m, override("0000-01-01", "0000-02-01"), "zone_overrides[0].from"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantProblem(t, e.Do(tt.method, tt.path, e.Manager, tt.body), http.StatusUnprocessableEntity, "validation", tt.field)
		})
	}
}
