package planner

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/overlap/overlap/calendars/publish"
	"github.com/overlap/overlap/scheduler"
	"github.com/overlap/overlap/store"
)

// seriesEvents publishes a series: one event per occurrence that ends after
// from (the whole series ahead, which is at most two years: the feed's
// horizon does not cut a series). The UID is the series and the occurrence's
// date, so it survives a recompute that moves the start; SEQUENCE is the
// plan's revision, so clients take the move.
func (p *Planner) seriesEvents(ctx context.Context, cal *publish.Calendar, f store.Feed, from time.Time) error {
	plan, err := p.Series(ctx, f.OrgID, f.TeamID, f.SeriesID)
	if err != nil {
		return err
	}
	s := plan.Series
	cal.Name = s.Name
	for _, o := range plan.Occurrences {
		if !o.End.After(from) {
			continue
		}
		var excused, outside, desc []string
		for _, a := range o.Attendees {
			name := plan.Names[a.MemberID]
			switch scheduler.AttendeeStatus(a.Status) {
			case scheduler.AttendExcused:
				excused = append(excused, name)
			case scheduler.AttendOutside:
				outside = append(outside, name)
			}
			desc = append(desc, fmt.Sprintf("%s: %s at %s", name, strings.ReplaceAll(a.Status, "_", " "), a.LocalStart))
		}
		summary := s.Name
		var notes []string
		if len(excused) > 0 {
			notes = append(notes, "excused: "+strings.Join(excused, ", "))
		}
		if len(outside) > 0 {
			notes = append(notes, "outside hours: "+strings.Join(outside, ", "))
		}
		if len(notes) > 0 {
			summary += " (" + strings.Join(notes, "; ") + ")"
		}
		cal.Events = append(cal.Events, publish.Event{UID: "series-" + s.ID + "-" + o.Date + "@overlap", Start: o.Start, End: o.End,
			Summary: summary, Description: strings.Join(desc, "\n"), Sequence: plan.Revision})
	}
	return nil
}
