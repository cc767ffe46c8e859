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
