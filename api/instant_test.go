package api_test

import (
	"github.com/overlap/overlap/api/apitest"
	"net/http"
	"strings"
	"testing"
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
