package api_test

import (
	"encoding/base64"
	"testing"
	"time"

	"github.com/overlap/overlap/api/apitest"
	"github.com/overlap/overlap/store/gormstore/testdb"
)

// TestCursorThatIsNotText: a cursor that decodes to a NUL or invalid UTF-8
// reached the store, which refused it: a 422 without a field whose detail
// spoke of a "query argument". It is a 422 naming cursor, on every list.
func TestCursorThatIsNotText(t *testing.T) {
	e := apitest.New(t, testdb.Dialects[0], func() time.Time { return feedNow })
	team, ids := meetingTeam(t, e)
	lists := []string{"/v1/tokens", "/v1/members", "/v1/teams", "/v1/feeds", "/v1/members/" + ids["eu"] + "/time-off",
		"/v1/members/" + ids["eu"] + "/calendars", "/v1/teams/" + team + "/members", "/v1/teams/" + team + "/meeting-series"}
	for _, after := range []string{"\xff", "a\x00b"} {
		cur := base64.RawURLEncoding.EncodeToString([]byte("v1:" + after))
		for _, path := range lists {
			t.Run(path, func(t *testing.T) {
				wantProblem(t, e.Do("GET", path+"?cursor="+cur, e.Admin, nil), 422, "validation", "cursor")
			})
		}
	}
}
