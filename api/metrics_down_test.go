package api_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/overlap/overlap/api/apitest"
)

// TestMetricsWhileTheDatabaseIsDown: /metrics still answers 200 with every
// series it can collect when the stale-calendar count cannot be read (it
// answered 500 with the database's address and user in the body, so a
// database outage also blinded the monitoring meant to see it).
func TestMetricsWhileTheDatabaseIsDown(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *apitest.Env) {
		createMember(t, e, e.Manager, map[string]any{"name": "Ana", "timezone": "UTC"})
		if err := e.Store.Close(); err != nil {
			t.Fatal(err)
		}
		r := e.Do("GET", "/metrics", "", nil)
		body := string(r.Body)
		if r.Status != http.StatusOK {
			t.Fatalf("/metrics with the database down = %d:\n%.600s", r.Status, body)
		}
		if !strings.Contains(body, "overlap_http_requests_total") {
			t.Errorf("/metrics lacks the request counts:\n%.600s", body)
		}
		if strings.Contains(body, "database") || strings.Contains(body, "sql") {
			t.Errorf("/metrics shows the database error:\n%.600s", body)
		}
	})
}
