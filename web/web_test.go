package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/overlap/overlap/store"
)

func TestSessionCookieIsTheOnlyCredential(t *testing.T) {
	f := newFixture(t)
	b := f.client(t)
	p := b.signIn(f.env.Viewer)
	var sess *http.Cookie
	for _, c := range (&http.Response{Header: p.Header}).Cookies() {
		if c.Name == "overlap_session" {
			sess = c
		}
	}
	if sess == nil || !sess.HttpOnly || !sess.Secure || sess.SameSite != http.SameSiteLaxMode || sess.MaxAge <= 0 {
		t.Fatalf("session cookie = %+v", sess)
	}
	if strings.Contains(sess.Value, f.env.Viewer) || sess.Value == "" {
		t.Fatal("the session cookie carries the API token")
	}
	pages := []string{"/teams", "/teams/" + f.team, "/teams/" + f.pacific, "/teams/" + f.empty}
	for _, path := range pages {
		got := b.get(path)
		if got.Status != http.StatusOK {
			t.Fatalf("GET %s = %d", path, got.Status)
		}
		if strings.Contains(got.Body, f.env.Viewer) || strings.Contains(got.Body, sess.Value) {
			t.Errorf("GET %s shows a credential", path)
		}
	}
	if strings.Contains(f.env.Logs.String(), f.env.Viewer) || strings.Contains(f.env.Logs.String(), sess.Value) {
		t.Error("a credential reached the log")
	}
	// The store keeps only a hash of the cookie.
	if _, err := f.env.Store.WebSessionByHash(context.Background(), []byte(sess.Value), now); err == nil {
		t.Error("the cookie secret is stored as is")
	}

	// Revoking the token ends the session at once.
	list := f.env.Do("GET", "/v1/tokens", f.env.Admin, nil).Map(t)["items"].([]any)
	var viewerID string
	for _, it := range list {
		if m := it.(map[string]any); m["role"] == "viewer" {
			viewerID = m["id"].(string)
		}
	}
	want(t, f.env.Do("DELETE", "/v1/tokens/"+viewerID, f.env.Admin, nil), 204)
	if got := b.get("/teams"); got.Status != http.StatusSeeOther || got.Header.Get("Location") != "/" {
		t.Fatalf("after revocation GET /teams = %d %s", got.Status, got.Header.Get("Location"))
	}
	// And the revoked token cannot sign in again.
	form := b.get("/")
	if got := b.do("POST", "/sign-in", url.Values{"csrf": {form.csrf(t)}, "token": {f.env.Viewer}}); got.Status != http.StatusUnauthorized {
		t.Fatalf("sign-in with a revoked token = %d", got.Status)
	}
}

func TestSignOut(t *testing.T) {
	f := newFixture(t)
	b := f.client(t)
	b.signIn(f.env.Manager)
	teams := b.get("/teams")
	if got := b.do("POST", "/sign-out", url.Values{"csrf": {teams.csrf(t)}}); got.Status != http.StatusSeeOther || got.Header.Get("Location") != "/" {
		t.Fatalf("sign-out = %d", got.Status)
	}
	if got := b.get("/teams"); got.Status != http.StatusSeeOther {
		t.Fatalf("after sign-out GET /teams = %d", got.Status)
	}
}

func TestFormsWithoutCSRFAreRefused(t *testing.T) {
	f := newFixture(t)
	b := f.client(t)
	b.signIn(f.env.Manager)
	page := b.get("/teams/" + f.team)
	token := page.csrf(t)
	tests := []struct {
		name, path string
		form       url.Values
	}{
		{"subscribe without token", "/teams/" + f.team + "/subscribe", url.Values{"kind": {"team_overlap"}}},
		{"subscribe with a wrong token", "/teams/" + f.team + "/subscribe", url.Values{"kind": {"team_overlap"}, "csrf": {token + "x"}}},
		{"sign-out without token", "/sign-out", url.Values{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := b.do("POST", tt.path, tt.form); got.Status != http.StatusForbidden {
				t.Fatalf("= %d, want 403", got.Status)
			}
		})
	}
	// A sign-in form without its cookie pairing.
	fresh := f.client(t)
	if got := fresh.do("POST", "/sign-in", url.Values{"token": {f.env.Manager}, "csrf": {"guess"}}); got.Status != http.StatusForbidden {
		t.Fatalf("sign-in without the form's cookie = %d", got.Status)
	}
	// Another site (or a sandboxed frame) posting with a good token (a leaked
	// one) is refused too.
	for _, origin := range []string{"https://evil.example", "null"} {
		req, _ := http.NewRequest("POST", f.srv.URL+"/teams/"+f.team+"/subscribe", strings.NewReader(url.Values{"kind": {"team_overlap"}, "csrf": {token}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", origin)
		resp, err := b.c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusForbidden {
			t.Fatalf("post from origin %s = %d", origin, resp.StatusCode)
		}
	}
	feeds, err := f.env.Store.ListFeeds(context.Background(), f.env.OrgID, store.Page{Limit: 10})
	if err != nil || len(feeds) != 0 {
		t.Fatalf("feeds created by refused posts: %v %v", feeds, err)
	}
	// With the token it works, once.
	got := b.do("POST", "/teams/"+f.team+"/subscribe", url.Values{"kind": {"team_on_call"}, "csrf": {token}})
	if got.Status != http.StatusCreated || !strings.Contains(got.Body, "webcal://overlap.test/ical/ovf_") {
		t.Fatalf("subscribe = %d %.500s", got.Status, got.Body)
	}
}

var inlineScript = regexp.MustCompile(`(?i)<script(?:\s[^>]*)?>\s*[^<\s]|\son[a-z]+\s*=|javascript:`)

func TestSecurityHeadersOnEveryPage(t *testing.T) {
	f := newFixture(t)
	b := f.client(t)
	paths := []string{"/", "/assets/app.js", "/assets/app.css"}
	check := func(path string, p page) {
		t.Helper()
		csp := p.Header.Get("Content-Security-Policy")
		for _, want := range []string{"default-src 'none'", "script-src 'self'", "frame-ancestors 'none'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("%s: CSP %q lacks %q", path, csp, want)
			}
		}
		if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") {
			t.Errorf("%s: CSP allows inline code: %q", path, csp)
		}
		if p.Header.Get("X-Frame-Options") != "DENY" || p.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s: headers %v", path, p.Header)
		}
		if strings.HasPrefix(p.Header.Get("Content-Type"), "text/html") && inlineScript.MatchString(p.Body) {
			t.Errorf("%s: inline script: %s", path, inlineScript.FindString(p.Body))
		}
	}
	for _, path := range paths {
		check(path, b.get(path))
	}
	b.signIn(f.env.Manager)
	for _, path := range []string{"/teams", "/teams/" + f.team, "/teams/" + f.empty, "/teams/nope", "/teams/" + f.team + "?date=2026-03-30&tz=Asia/Tokyo"} {
		check(path, b.get(path))
	}
	team := b.get("/teams/" + f.team)
	check("subscribe", b.do("POST", "/teams/"+f.team+"/subscribe", url.Values{"kind": {"team_overlap"}, "csrf": {team.csrf(t)}}))
	check("refused", b.do("POST", "/teams/"+f.team+"/subscribe", url.Values{"kind": {"team_overlap"}}))
}

func TestAnotherOrgsTeamIsNotFound(t *testing.T) {
	f := newFixture(t)
	other := f.client(t)
	other.signIn(f.env.Other)
	if got := other.get("/teams/" + f.team); got.Status != http.StatusNotFound || strings.Contains(got.Body, "Follow the sun") {
		t.Fatalf("another org's team = %d", got.Status)
	}
	if got := other.get("/teams"); strings.Contains(got.Body, "Follow the sun") {
		t.Fatal("another org's team is listed")
	}
	team := other.get("/teams/nope")
	got := other.do("POST", "/teams/"+f.team+"/subscribe", url.Values{"kind": {"team_overlap"}, "csrf": {team.csrf(t)}})
	if got.Status != http.StatusNotFound {
		t.Fatalf("subscribing to another org's team = %d", got.Status)
	}
}

func TestTeamsExplainThemselves(t *testing.T) {
	f := newFixture(t)
	b := f.client(t)
	b.signIn(f.env.Viewer)
	tests := []struct {
		name, path string
		want       []string
	}{
		{"empty team", "/teams/" + f.empty, []string{"This team has no members yet"}},
		{"no overlap", "/teams/" + f.pacific + "?date=2026-04-01&tz=Europe/Berlin",
			[]string{"No common working hours this week: the closest is 1 h on Mon (09:00 CEST), missing Bob."}},
		{"viewer cannot subscribe", "/teams/" + f.team, []string{"ask a manager to create a subscription link"}},
		{"times with zone abbreviations", "/teams/" + f.team + "?tz=Europe/Berlin",
			[]string{"Asia/Kolkata (IST)", "America/New_York (EDT)", "Europe/London (BST)", "Sun 17:40 IST", "CET → CEST"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := b.get(tt.path)
			for _, w := range tt.want {
				if !strings.Contains(got.Body, w) {
					t.Errorf("%s lacks %q", tt.path, w)
				}
			}
		})
	}
	if got := b.get("/teams/" + f.team); strings.Contains(got.Body, "subscribe-overlap") {
		t.Error("a viewer is offered the subscribe button")
	}
	// Nora leaves the team: her coming shift is a gap, and says so.
	want(t, f.env.Do("DELETE", "/v1/teams/"+f.team+"/members/"+f.nora, f.env.Manager, nil), 204)
	got := b.get("/teams/" + f.team + "?tz=Europe/Berlin")
	if !strings.Contains(got.Body, `<tr class="gap"><td>nobody: gap</td><td>Mon 30 Mar 09:00 CEST</td><td>Mon 6 Apr 09:00 CEST</td></tr>`) {
		i := strings.Index(got.Body, `id="on-call"`)
		t.Errorf("on-call gap not shown:\n%.1200s", got.Body[i:])
	}
}

func TestSVGFromTheJSONAPI(t *testing.T) {
	f := newFixture(t)
	q := "from=2026-03-28T23:00:00Z&to=2026-03-29T22:00:00Z&tz=Europe/Berlin"
	r := f.env.DoHeaders("GET", "/v1/teams/"+f.team+"/overlap?"+q, map[string]string{"Authorization": "Bearer " + f.env.Viewer, "Accept": "image/svg+xml"})
	body := string(r.Body)
	if r.Status != 200 || r.Header.Get("Content-Type") != "image/svg+xml" || !strings.HasPrefix(body, "<svg") {
		t.Fatalf("timeline = %d %s %.200s", r.Status, r.Header.Get("Content-Type"), body)
	}
	for _, w := range []string{"<title", "Follow the sun", "Carla", "Asia/Kolkata", "Times in Europe/Berlin", `class="overlap" data-start="2026-03-29T11:00:00Z" data-end="2026-03-29T12:00:00Z"`, "CET → CEST"} {
		if !strings.Contains(body, w) {
			t.Errorf("timeline SVG lacks %q", w)
		}
	}
	if strings.Contains(body, "Secret roadmap") {
		t.Error("a meeting title reached the picture")
	}
	r = f.env.DoHeaders("GET", "/v1/teams/"+f.team+"/analytics/heatmap?from=2026-03-23T00:00:00Z&to=2026-03-30T00:00:00Z", map[string]string{"Authorization": "Bearer " + f.env.Viewer, "Accept": "image/svg+xml"})
	if body := string(r.Body); r.Status != 200 || strings.Count(body, `class="cell"`) != 168 || !strings.Contains(body, "<title") || !strings.Contains(body, "Mon") {
		t.Fatalf("heatmap = %d %.300s", r.Status, body)
	}
	// JSON stays the default.
	r = f.env.Do("GET", "/v1/teams/"+f.team+"/overlap?"+q, f.env.Viewer, nil)
	if r.Header.Get("Content-Type") != "application/json" {
		t.Fatalf("default content type %s", r.Header.Get("Content-Type"))
	}
}
