package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestTeamIDThatIsNotText: a team ID holding a NUL or invalid UTF-8 names
// no team. The page answered 422 in problem+json, with a detail about a
// "query argument", where any other unknown team gets the "Team not found"
// page; the JSON API answers such a path 404 too.
func TestTeamIDThatIsNotText(t *testing.T) {
	f := newFixture(t)
	b := f.client(t)
	b.signIn(f.env.Manager)
	teams := b.get("/teams")
	for _, id := range []string{"%FF", "%00", "a%C0b"} {
		got := b.get("/teams/" + id)
		if got.Status != http.StatusNotFound || !strings.Contains(got.Body, "Team not found") || strings.Contains(got.Body, "query argument") {
			t.Errorf("GET /teams/%s = %d %.200s", id, got.Status, got.Body)
		}
		got = b.do("POST", "/teams/"+id+"/subscribe", url.Values{"kind": {"team_overlap"}, "csrf": {teams.csrf(t)}})
		if got.Status != http.StatusNotFound || !strings.Contains(got.Body, "Team not found") {
			t.Errorf("POST /teams/%s/subscribe = %d %.200s", id, got.Status, got.Body)
		}
	}
}
