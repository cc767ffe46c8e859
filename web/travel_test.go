package web_test

import (
	"regexp"
	"strings"
	"testing"
)

// memberRow is the day timeline's group of one member.
func memberRow(t *testing.T, body, id string) string {
	t.Helper()
	m := regexp.MustCompile(`<g class="member" data-member="` + regexp.QuoteMeta(id) + `">.*?<rect`).FindString(body)
	if m == "" {
		t.Fatalf("no timeline row for member %s", id)
	}
	return m
}

// TestTravellingMemberLabelledWithZoneInEffect: a member travelling on a
// zone override was labelled with their home zone in the day timeline (and
// the Now panel): Dora, at home in Los Angeles and in Tokyo from 27 March
// to 2 April, is labelled Asia/Tokyo there, with her home zone beside it.
func TestTravellingMemberLabelledWithZoneInEffect(t *testing.T) {
	f := newFixture(t)
	e := f.env
	r := e.Do("POST", "/v1/members", e.Manager, map[string]any{"name": "Dora", "timezone": "America/Los_Angeles", "working_hours": everyDay("09:00", "17:00"),
		"zone_overrides": []any{map[string]any{"from": "2026-03-27", "to": "2026-04-02", "timezone": "Asia/Tokyo"}}})
	want(t, r, 201)
	dora := r.Map(t)["id"].(string)
	r = e.Do("POST", "/v1/teams", e.Manager, map[string]any{"name": "Travel"})
	want(t, r, 201)
	team := r.Map(t)["id"].(string)
	for _, m := range []string{dora, f.ravi} {
		want(t, e.Do("PUT", "/v1/teams/"+team+"/members/"+m, e.Manager, nil), 201)
	}
	b := f.client(t)
	b.signIn(e.Viewer)

	got := b.get("/teams/" + team + "?date=2026-03-29&tz=UTC")
	if got.Status != 200 {
		t.Fatalf("team page = %d", got.Status)
	}
	row := memberRow(t, got.Body, dora)
	for _, w := range []string{"Asia/Tokyo (JST)", "(travelling; home America/Los_Angeles)"} {
		if !strings.Contains(row, w) {
			t.Errorf("Dora's timeline row lacks %q:\n%s", w, row)
		}
	}
	if strings.Contains(row, "America/Los_Angeles (PDT)") {
		t.Errorf("Dora's timeline row is labelled with her home zone:\n%s", row)
	}
	if row := memberRow(t, got.Body, f.ravi); strings.Contains(row, "travelling") || !strings.Contains(row, "Asia/Kolkata (IST)") {
		t.Errorf("Ravi's row:\n%s", row)
	}
	// Now (Sun 29 March 12:10 UTC) she is in Tokyo too.
	if !strings.Contains(got.Body, `<td class="zone" data-label="Time zone">Asia/Tokyo (JST) <span class="travelling">(travelling; home America/Los_Angeles)</span></td>`) ||
		!strings.Contains(got.Body, `<td class="local" data-label="Local time">Sun 21:10 JST</td>`) {
		i := strings.Index(got.Body, "Dora")
		t.Errorf("Now panel for Dora:\n%.600s", got.Body[i:])
	}

	// Back home after the trip.
	got = b.get("/teams/" + team + "?date=2026-04-10&tz=UTC")
	row = memberRow(t, got.Body, dora)
	if !strings.Contains(row, "America/Los_Angeles (PDT)") || strings.Contains(row, "travelling") {
		t.Errorf("Dora's timeline row after the trip:\n%s", row)
	}
}
