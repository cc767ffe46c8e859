package api_test

import (
	"net/url"
	"testing"
	"time"

	"github.com/overlap/overlap/api/apitest"
	"github.com/overlap/overlap/store/gormstore/testdb"
)

// TestShiftNamesWhomItReplaces: a shift covering for an absent member named
// that member by ID only (replaces), so a reader had to look the member up,
// while every other member the answer names comes with a name and zone. The
// absent member's name and zone now stand beside replaces, on a covering
// shift and on a gap, in shifts and on-call/now alike.
func TestShiftNamesWhomItReplaces(t *testing.T) {
	e := apitest.New(t, testdb.Dialects[0], func() time.Time { return time.Date(2026, 12, 28, 0, 0, 0, 0, time.UTC) })
	w := newOnCallWorld(t, e)
	got := w.get(t, "/v1/teams/"+w.team+"/on-call/shifts", url.Values{"from": {"2026-12-29T23:00:00Z"}, "to": {"2026-12-30T06:00:00Z"}})
	shifts := got["shifts"].([]any)
	if len(shifts) != 2 {
		t.Fatalf("shifts = %v", shifts)
	}
	for _, s := range shifts { // C for A, then a gap for A
		s := s.(map[string]any)
		if s["replaces"] != w.a || s["replaces_name"] != "A" || s["replaces_timezone"] != "Europe/Berlin" {
			t.Errorf("shift %v: want replaces %s with name A and zone Europe/Berlin", s, w.a)
		}
	}
	now := w.get(t, "/v1/teams/"+w.team+"/on-call/now", url.Values{"at": {"2026-12-30T12:00:00Z"}})
	if sh := now["shift"].(map[string]any); sh["member_id"] != w.c || sh["replaces_name"] != "A" {
		t.Errorf("on call now = %v, want C for A by name", sh)
	}
	// A shift that replaces nobody has no such fields.
	now = w.get(t, "/v1/teams/"+w.team+"/on-call/now", url.Values{"at": {"2027-01-05T12:00:00Z"}})
	if sh := now["shift"].(map[string]any); sh["replaces"] != nil || sh["replaces_name"] != nil {
		t.Errorf("on call now = %v, want no replaces", sh)
	}
}
