package api_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/overlap/overlap/api/apitest"
	"github.com/overlap/overlap/store/gormstore/testdb"
)

var routeParam = regexp.MustCompile(`:[a-z_]+`)

// v1Routes lists every /v1 route with its path parameters filled in.
func v1Routes(e *apitest.Env) [][2]string {
	var out [][2]string
	for _, rt := range e.Server.Routes() {
		if strings.HasPrefix(rt.Path, "/v1/") {
			out = append(out, [2]string{rt.Method, routeParam.ReplaceAllString(rt.Path, "x")})
		}
	}
	return out
}

// TestEveryRouteRefusesUnknownParameters: every /v1 route checks its query
// against openapi.yaml, and documents the 422 it then answers (the meeting
// series' GET and DELETE did not).
func TestEveryRouteRefusesUnknownParameters(t *testing.T) {
	e := apitest.New(t, testdb.Dialects[0], func() time.Time { return feedNow })
	for _, rt := range v1Routes(e) {
		t.Run(rt[0]+" "+rt[1], func(t *testing.T) {
			wantProblem(t, e.Do(rt[0], rt[1]+"?quorom=3", e.Admin, nil), http.StatusUnprocessableEntity, "validation", "quorom")
		})
	}
}

// TestEveryRouteDocumentsUnavailable: with the database gone every /v1
// route answers 503 (authentication reads it first), and openapi.yaml says
// so for each (the ad-hoc, core-hours and meeting-series routes did not).
func TestEveryRouteDocumentsUnavailable(t *testing.T) {
	e := apitest.New(t, testdb.Dialects[0], func() time.Time { return feedNow })
	if err := e.Store.Close(); err != nil {
		t.Fatal(err)
	}
	for _, rt := range v1Routes(e) {
		t.Run(rt[0]+" "+rt[1], func(t *testing.T) {
			wantUnavailable(t, e.Do(rt[0], rt[1], e.Admin, nil))
		})
	}
}

// TestEveryRouteTakesTZ: tz is accepted wherever /v1 answers, so a client
// may send it on every request; the meeting series' DELETE alone refused it
// (core hours answer in their own anchor zone, named zone, and are left out).
func TestEveryRouteTakesTZ(t *testing.T) {
	e := apitest.New(t, testdb.Dialects[0], func() time.Time { return feedNow })
	for _, rt := range v1Routes(e) {
		if strings.HasSuffix(rt[1], "/core-hours") {
			continue
		}
		r := e.Do(rt[0], rt[1]+"?tz=Europe/Berlin", e.Admin, nil)
		if strings.Contains(string(r.Body), "unknown query parameter") {
			t.Errorf("%s %s?tz= → %d %s", rt[0], rt[1], r.Status, r.Body)
		}
	}
}
