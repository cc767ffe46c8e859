package web_test

import (
	"strings"
	"testing"
)

// TestOnCallBeforeTheRotationStarts: a rotation that starts after the page's
// 14 days left the On call section a bare heading and said "a gap in the
// schedule" for now; the page says when the rotation starts instead.
func TestOnCallBeforeTheRotationStarts(t *testing.T) {
	f := newFixture(t)
	want(t, f.env.Do("PUT", "/v1/teams/"+f.team+"/on-call", f.env.Manager, map[string]any{
		"strategy": "rotation", "members": []string{f.carla, f.nora}, "shift_length": "P7D", "handoff": "09:00",
		"timezone": "Europe/Berlin", "start_date": "2026-06-01"}), 200)
	b := f.client(t)
	b.signIn(f.env.Viewer)
	got := b.get("/teams/" + f.team + "?tz=Europe/Berlin").Body
	i := strings.Index(got, `id="on-call"`)
	if i < 0 {
		t.Fatal("no on-call section")
	}
	section := got[i:]
	section = section[:strings.Index(section, "</section>")]
	for _, w := range []string{"No shifts in the next 14 days: the rotation starts on 2026-06-01."} {
		if !strings.Contains(section, w) {
			t.Errorf("on-call section lacks %q:\n%s", w, section)
		}
	}
	if strings.Contains(got, "a gap in the schedule") {
		t.Error(`before its rotation starts, the page calls now "a gap in the schedule"`)
	}
}

// TestTeamPageDateOutOfRange: a date the scheduler cannot reach (year 0000,
// 9999, the last days before 2200) is read like an unreadable one: the page
// shows today. It answered a 422 problem+json, raw JSON in the browser.
func TestTeamPageDateOutOfRange(t *testing.T) {
	f := newFixture(t)
	b := f.client(t)
	b.signIn(f.env.Viewer)
	for _, d := range []string{"0000-01-01", "9999-12-31", "2199-12-31", "garbage"} {
		got := b.get("/teams/" + f.team + "?date=" + d + "&tz=Europe/Berlin")
		if got.Status != 200 || !strings.Contains(got.Body, "Day: Sunday 29 March 2026") {
			t.Errorf("date=%s: %d %.300s", d, got.Status, got.Body)
		}
	}
}

// TestPagesWhileTheDatabaseIsDown: a page that cannot reach the database is
// a 503 HTML page with Retry-After, as the API's routes are; it answered a
// problem+json body (a 500 when a pooled connection was cut).
func TestPagesWhileTheDatabaseIsDown(t *testing.T) {
	f := newFixture(t)
	b := f.client(t)
	b.signIn(f.env.Viewer)
	if err := f.env.Store.Close(); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/teams", "/teams/" + f.team} {
		got := b.get(path)
		if got.Status != 503 || !strings.HasPrefix(got.Header.Get("Content-Type"), "text/html") || got.Header.Get("Retry-After") == "" {
			t.Errorf("%s with the database down: %d %s Retry-After %q\n%.300s", path, got.Status, got.Header.Get("Content-Type"), got.Header.Get("Retry-After"), got.Body)
		}
	}
}

// TestShiftCoveringForAnAbsentMember: a shift covering for a member away
// said only who covers ("Carla"), where the JSON API, on-call/now and the
// on-call feed name the member it replaces; the page says it too.
func TestShiftCoveringForAnAbsentMember(t *testing.T) {
	f := newFixture(t)
	want(t, f.env.Do("POST", "/v1/members/"+f.nora+"/time-off", f.env.Manager, map[string]any{"start_date": "2026-04-01", "end_date": "2026-04-01"}), 201)
	b := f.client(t)
	b.signIn(f.env.Viewer)
	got := b.get("/teams/" + f.team + "?tz=Europe/Berlin").Body
	i := strings.Index(got, `id="on-call"`)
	if i < 0 {
		t.Fatal("no on-call section")
	}
	section := got[i:]
	section = section[:strings.Index(section, "</section>")]
	if !strings.Contains(section, "<td>Carla for Nora (away)</td>") {
		t.Errorf("on-call section does not say whom Carla covers for:\n%s", section)
	}
}
