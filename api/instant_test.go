package api_test

import (
	"github.com/overlap/overlap/api/apitest"
	"github.com/overlap/overlap/store/gormstore/testdb"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestInstantWithAnUnescapedPlus: a start_local copied into a query string
// ("from=2027-01-11T10:00:00+01:00") arrives with a space for the "+"; the
// 422 said only "must be an RFC 3339 instant" of what is one. It says how to
// send the offset, and the escaped form is read.
func TestInstantWithAnUnescapedPlus(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *apitest.Env) {
		m := createMember(t, e, e.Manager, map[string]any{"name": "Ana", "timezone": "Europe/Berlin"})["id"].(string)
		path := "/v1/members/" + m + "/availability?to=2027-01-12T00:00:00Z&from=2027-01-11T10:00:00"
		r := e.Do("GET", path+"+01:00", e.Viewer, nil)
		wantProblem(t, r, http.StatusUnprocessableEntity, "validation", "from")
		if !strings.Contains(string(r.Body), "%2B") {
			t.Errorf("the problem does not say how to send the offset: %s", r.Body)
		}
		wantStatus(t, e.Do("GET", path+"%2B01:00", e.Viewer, nil), http.StatusOK)
	})
}

// TestCoreHoursQueryEcho: a duration that was given but is out of range is
// not called missing ("is required" for duration=P30501W), and days are
// echoed as read (lower case, once each, in week order).
func TestCoreHoursQueryEcho(t *testing.T) {
	e := apitest.New(t, testdb.Dialects[0], func() time.Time { return feedNow })
	team, _ := meetingTeam(t, e)
	r := e.Do("GET", "/v1/teams/"+team+"/core-hours?duration=P30501W", e.Viewer, nil)
	wantProblem(t, r, http.StatusUnprocessableEntity, "validation", "duration")
	if strings.Contains(string(r.Body), "required") {
		t.Errorf("a duration that was given is called missing: %s", r.Body)
	}
	r = e.Do("GET", "/v1/teams/"+team+"/core-hours?duration=PT1H&days=FRI,mon,Mon&from=2027-01-04&to=2027-01-31", e.Viewer, nil)
	wantStatus(t, r, http.StatusOK)
	var body struct{ Days []string }
	r.JSON(t, &body)
	if strings.Join(body.Days, ",") != "mon,fri" {
		t.Errorf("days echoed as %v, want [mon fri]", body.Days)
	}
}
