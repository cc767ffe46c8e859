package planner

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/overlap/overlap/calendars/publish"
	"github.com/overlap/overlap/scheduler"
	"github.com/overlap/overlap/store"
)

// FeedRefresh is how often subscribers are asked to refresh a published feed.
const FeedRefresh = 30 * time.Minute

// A feed's reach when its options do not say: DefaultFeedHorizon ahead,
// DefaultFeedPast back.
const (
	DefaultFeedHorizon = 60 * 24 * time.Hour
	DefaultFeedPast    = 7 * 24 * time.Hour
)

// ErrFeedKindUnsupported is returned for feed kinds that cannot be built yet.
var ErrFeedKindUnsupported = errors.New("feed kind not supported yet")

// MemberStore reads the member or team a feed is named after.
type MemberStore interface {
	Member(ctx context.Context, orgID, id string) (store.Member, error)
	Team(ctx context.Context, orgID, id string) (store.Team, error)
}

// FeedCalendar builds the calendar a feed publishes at now (RenderFeed
// writes it; benchmarks call it alone). Its DTSTAMP is now
// rounded down to FeedRefresh, so the same data gives the same bytes (and
// ETag) within a refresh period.
func (p *Planner) FeedCalendar(ctx context.Context, ms MemberStore, f store.Feed, now time.Time) (publish.Calendar, error) {
	stamp := now.UTC().Truncate(FeedRefresh)
	from, to := stamp.Add(-f.Options.Past), stamp.Add(f.Options.Horizon)
	cal := publish.Calendar{Refresh: FeedRefresh, Stamp: stamp}
	switch f.Kind {
	case store.FeedTeamOverlap:
		t, err := ms.Team(ctx, f.OrgID, f.TeamID)
		if err != nil {
			return cal, err
		}
		in, err := p.Team(ctx, f.OrgID, f.TeamID, from, to)
		if err != nil {
			return cal, err
		}
		cal.Name = t.Name + " — team overlap"
		return cal, overlapEvents(&cal, in, f, from, to)
	case store.FeedMemberAvailability, store.FeedMemberBusy:
		m, err := ms.Member(ctx, f.OrgID, f.MemberID)
		if err != nil {
			return cal, err
		}
		in, err := p.Member(ctx, m, from, to)
		if err != nil {
			return cal, err
		}
		pieces, err := scheduler.Availability(in.Members[0], from, to, scheduler.AvailabilityOptions{})
		if err != nil {
			return cal, err
		}
		if f.Kind == store.FeedMemberBusy {
			cal.Name = m.Name + " — busy"
			cal.Events = busyEvents(m.ID, pieces)
		} else {
			cal.Name = m.Name + " — availability"
			cal.Events = availableEvents(m, pieces)
		}
		return cal, nil
	case store.FeedTeamOnCall:
		t, err := ms.Team(ctx, f.OrgID, f.TeamID)
		if err != nil {
			return cal, err
		}
		cal.Name = t.Name + " — on call"
		return cal, p.onCallEvents(ctx, &cal, f, from, to)
	case store.FeedMeetingSeries:
		return cal, p.seriesEvents(ctx, &cal, f, from)
	}
	return cal, ErrFeedKindUnsupported
}

// onCallEvents publishes shifts as "On call: Bob" ("On call: Bob for Alice
// (away)" where Bob covers); gaps are published too, so that nobody mistakes
// them for covered time. Before the schedule starts there are no events.
func (p *Planner) onCallEvents(ctx context.Context, cal *publish.Calendar, f store.Feed, from, to time.Time) error {
	o, err := p.OnCall(ctx, f.OrgID, f.TeamID)
	if errors.Is(err, ErrNoOnCall) {
		return nil
	}
	if err != nil {
		return err
	}
	in, err := p.Team(ctx, f.OrgID, f.TeamID, from, to)
	if err != nil {
		return err
	}
	shifts, err := p.OnCallShifts(ctx, f.OrgID, f.TeamID, o, in, from, to)
	if err != nil {
		return err
	}
	for _, sh := range shifts {
		summary := "On call: nobody (gap)"
		if !sh.Gap {
			summary = "On call: " + in.Names[sh.MemberID]
		}
		if sh.Replaces != "" {
			summary += " for " + in.Names[sh.Replaces] + " (away)"
		}
		cal.Events = append(cal.Events, publish.Event{UID: uid("oncall", f.TeamID+"|"+sh.MemberID, sh.Start, sh.End), Start: sh.Start, End: sh.End,
			Summary: summary, Transparent: true})
	}
	return nil
}

// uid is stable for the same subject and interval, so a window or block
// keeps its UID across refreshes.
func uid(kind, subject string, start, end time.Time) string {
	h := sha256.Sum256([]byte(fmt.Sprintf("%s|%s|%d|%d", kind, subject, start.Unix(), end.Unix())))
	return kind + "-" + hex.EncodeToString(h[:10]) + "@overlap"
}

// feedNamesMax is how many absent members a team_overlap event names.
const feedNamesMax = 20

func overlapEvents(cal *publish.Calendar, in *Input, f store.Feed, from, to time.Time) error {
	minDur := cmp.Or(f.Options.MinDuration, DefaultMinDuration)
	// A large team's windows miss hundreds of people: name the first few,
	// count the rest, so that an event stays readable (and the feed's size
	// follows its windows, not the team's size squared).
	windows, counts, err := scheduler.OverlapCounted(in.Members, from, to, scheduler.OverlapOptions{MinDuration: minDur,
		Quorum: min(f.Options.Quorum, len(in.Members)), MaxUnavailable: feedNamesMax, NoSegments: true})
	if err != nil {
		return err
	}
	n := len(in.Members)
	for k, w := range windows {
		summary := fmt.Sprintf("Team overlap: %d of %d", counts[k].Fewest, n)
		var missing, desc []string
		for _, a := range w.Unavailable {
			missing = append(missing, in.Names[a.MemberID])
			desc = append(desc, in.Names[a.MemberID]+": "+strings.ReplaceAll(string(a.Reason), "_", " "))
		}
		if more := counts[k].Unavailable - len(w.Unavailable); more > 0 {
			s := fmt.Sprintf("and %d more", more)
			missing, desc = append(missing, s), append(desc, s)
		}
		if len(missing) > 0 {
			summary += " (missing " + strings.Join(missing, ", ") + ")"
		}
		cal.Events = append(cal.Events, publish.Event{UID: uid("overlap", f.TeamID, w.Start, w.End), Start: w.Start, End: w.End,
			Summary: summary, Description: strings.Join(desc, "\n"), Transparent: true})
	}
	return nil
}

func availableEvents(m store.Member, pieces []scheduler.Piece) []publish.Event {
	var out []publish.Event
	for _, p := range pieces {
		if p.Status == scheduler.StatusAvailable {
			out = append(out, publish.Event{UID: uid("available", m.ID, p.Start, p.End), Start: p.Start, End: p.End,
				Summary: m.Name + " — available", Transparent: true})
		}
	}
	return out
}

// busyEvents merges every piece in which the member is blocked by something
// other than their working hours into "Busy" blocks, never with details.
// Tentative time stays tentative (STATUS:TENTATIVE), as the API reports it.
func busyEvents(memberID string, pieces []scheduler.Piece) []publish.Event {
	var out []publish.Event
	for _, p := range pieces {
		if p.Status == scheduler.StatusAvailable || p.Status == scheduler.StatusOutsideHours {
			continue
		}
		tentative := p.Status == scheduler.StatusTentative
		if n := len(out); n > 0 && out[n-1].End.Equal(p.Start) && out[n-1].Tentative == tentative {
			out[n-1].End = p.End
			continue
		}
		e := publish.Event{Start: p.Start, End: p.End, Summary: "Busy", Tentative: tentative}
		if tentative {
			e.Summary = "Busy (tentative)"
		}
		out = append(out, e)
	}
	for i := range out {
		out[i].UID = uid("busy", memberID, out[i].Start, out[i].End)
	}
	return out
}

// busyPeriods are a member_busy feed's blocks as free/busy periods, the
// tentative ones apart.
func busyPeriods(cal publish.Calendar) (busy, tentative [][2]time.Time) {
	for _, e := range cal.Events {
		if e.Tentative {
			tentative = append(tentative, [2]time.Time{e.Start, e.End})
		} else {
			busy = append(busy, [2]time.Time{e.Start, e.End})
		}
	}
	return busy, tentative
}
