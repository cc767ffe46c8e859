package svg

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestTransitions(t *testing.T) {
	zone := func(name string) *time.Location {
		l, err := time.LoadLocation(name)
		if err != nil {
			t.Fatal(err)
		}
		return l
	}
	day := func(s string) time.Time { d, _ := time.Parse(time.RFC3339, s); return d }
	tests := []struct {
		name     string
		loc      *time.Location
		from, to string
		want     []Transition
	}{
		{"Berlin spring forward", zone("Europe/Berlin"), "2026-03-28T23:00:00Z", "2026-03-29T22:00:00Z",
			[]Transition{{At: day("2026-03-29T01:00:00Z"), From: "CET", To: "CEST", FromOffset: 3600, ToOffset: 7200}}},
		{"New York fall back", zone("America/New_York"), "2026-11-01T00:00:00Z", "2026-11-02T00:00:00Z",
			[]Transition{{At: day("2026-11-01T06:00:00Z"), From: "EDT", To: "EST", FromOffset: -4 * 3600, ToOffset: -5 * 3600}}},
		{"Lord Howe half hour", zone("Australia/Lord_Howe"), "2026-04-04T00:00:00Z", "2026-04-05T12:00:00Z",
			[]Transition{{At: day("2026-04-04T15:00:00Z"), From: "+11", To: "+1030", FromOffset: 11 * 3600, ToOffset: 10*3600 + 1800}}},
		{"Tokyo none", zone("Asia/Tokyo"), "2026-03-28T00:00:00Z", "2026-03-30T00:00:00Z", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Transitions(tt.loc, day(tt.from), day(tt.to))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Transitions (-want +got):\n%s", diff)
			}
		})
	}
}

func TestTimelineXAndEscaping(t *testing.T) {
	from := time.Date(2026, 3, 28, 23, 0, 0, 0, time.UTC)
	tl := Timeline{Title: `<script>alert(1)</script>`, From: from, To: from.Add(23 * time.Hour), Loc: time.UTC,
		Rows: []Row{{ID: "m", Name: `Ann & "Bo"`, Zone: time.UTC}}}
	if x := tl.X(from.Add(23 * time.Hour / 2)); x != labelWidth+plotWidth/2 {
		t.Errorf("X(middle) = %v", x)
	}
	if x := tl.X(from.Add(-time.Hour)); x != labelWidth {
		t.Errorf("X(before) = %v, want clamped", x)
	}
	out := tl.SVG()
	if strings.Contains(out, "<script>") || !strings.Contains(out, "Ann &amp; &#34;Bo&#34;") {
		t.Errorf("labels are not escaped:\n%.400s", out)
	}
}
