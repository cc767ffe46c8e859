package planner

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/overlap/overlap/calendars/publish"
	"github.com/overlap/overlap/scheduler"
	"github.com/overlap/overlap/store"
)

// A window of a large team names the first feedNamesMax absent members and
// counts the others.
func TestOverlapEventsCapNames(t *testing.T) {
	from := time.Date(2027, 1, 11, 0, 0, 0, 0, time.UTC)
	to := from.Add(24 * time.Hour)
	in := &Input{Names: map[string]string{}}
	for i := range 30 {
		m := store.Member{ID: fmt.Sprint("m", i), Timezone: "UTC", WorkingHours: scheduler.DefaultWeeklyHours()}
		sched, err := Schedule(m)
		if err != nil {
			t.Fatal(err)
		}
		sm := scheduler.Member{ID: m.ID, Schedule: sched}
		if i >= 2 { // all but two are busy all day
			sm.Blocks = []scheduler.Block{{Start: from, End: to, Reason: scheduler.StatusBusy}}
		}
		in.Members = append(in.Members, sm)
		in.Names[m.ID] = fmt.Sprint("Person ", i)
	}
	var cal publish.Calendar
	if err := overlapEvents(&cal, in, store.Feed{TeamID: "t", Options: store.FeedOptions{Quorum: 2}}, from, to); err != nil {
		t.Fatal(err)
	}
	if len(cal.Events) != 1 {
		t.Fatalf("%d events, want 1", len(cal.Events))
	}
	e := cal.Events[0]
	if !strings.HasSuffix(e.Summary, "Person 21, and 8 more)") || strings.Contains(e.Summary, "Person 22") {
		t.Fatalf("summary = %q", e.Summary)
	}
	if lines := strings.Split(e.Description, "\n"); len(lines) != feedNamesMax+1 || lines[feedNamesMax] != "and 8 more" {
		t.Fatalf("description = %q", e.Description)
	}
}
