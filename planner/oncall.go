package planner

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/overlap/overlap/scheduler"
	"github.com/overlap/overlap/store"
)

// ErrNoOnCall is returned when a team has no on-call schedule.
var ErrNoOnCall = errors.New("this team has no on-call schedule")

// OnCall reads a team's on-call schedule; ErrNoOnCall when none is set.
func (p *Planner) OnCall(ctx context.Context, orgID, teamID string) (store.OnCall, error) {
	raw, err := p.store.TeamSetting(ctx, orgID, teamID, store.SettingOnCall)
	if err != nil {
		return store.OnCall{}, err
	}
	if raw == nil {
		return store.OnCall{}, ErrNoOnCall
	}
	var o store.OnCall
	if err := json.Unmarshal(raw, &o); err != nil {
		return o, fmt.Errorf("team %s: on-call: %w", teamID, err)
	}
	return o, nil
}

// Rotation converts a stored schedule (validated when it was written).
func Rotation(o store.OnCall) (scheduler.Rotation, error) {
	loc, err := Zone(o.Timezone)
	if err != nil {
		return scheduler.Rotation{}, err
	}
	handoff, _ := scheduler.ParseTimeOfDay(o.Handoff)
	start, _ := scheduler.ParseDate(o.StartDate)
	r := scheduler.Rotation{Members: o.Members, Shift: o.ShiftDays, Handoff: handoff, Loc: loc, Start: start}
	for _, ov := range o.Overrides {
		r.Overrides = append(r.Overrides, scheduler.OnCallOverride{From: ov.From, To: ov.To, MemberID: ov.MemberID})
	}
	return r, nil
}

// OnCallShifts materializes a team's shifts over [from, to). in holds the
// team's members over at least that range; it is loaded when nil and needed.
// It is the one computation behind on-call/shifts, on-call/now, the urgent
// fall-through of response times and the team_on_call feed: shifts of
// members who left the team are gaps, and wherever the member on call is
// away (time off, a holiday, out of office) the next member in rotation
// order who is not away covers (scheduler.CoverAbsences), or it is a gap.
func (p *Planner) OnCallShifts(ctx context.Context, orgID, teamID string, o store.OnCall, in *Input, from, to time.Time) ([]scheduler.Shift, error) {
	rot, err := Rotation(o)
	if err != nil {
		return nil, err
	}
	if in == nil {
		if in, err = p.Team(ctx, orgID, teamID, from, to); err != nil {
			return nil, err
		}
	}
	current := map[string]bool{}
	away := map[string]scheduler.Set{}
	for _, m := range in.Members {
		current[m.ID] = true
		away[m.ID] = scheduler.Away(m)
	}
	var order []string // who can cover, in rotation order
	for _, id := range o.Members {
		if current[id] {
			order = append(order, id)
		}
	}
	cover := func(shifts []scheduler.Shift, err error) ([]scheduler.Shift, error) {
		if err != nil {
			return nil, err
		}
		return scheduler.CoverAbsences(uncovered(shifts, current), order, away), nil
	}
	if o.Strategy != "follow-the-sun" {
		return cover(scheduler.RotationShifts(rot, from, to))
	}
	byID := map[string]scheduler.Member{}
	for _, m := range in.Members {
		byID[m.ID] = m
	}
	var ordered []scheduler.Member
	for _, id := range o.Members {
		if m, ok := byID[id]; ok {
			ordered = append(ordered, m)
		}
	}
	return cover(scheduler.FollowTheSun(ordered, &rot, from, to))
}

// uncovered turns the shifts of people no longer in the team (removed or
// deleted since the schedule was written) into gaps: nobody is on call then,
// and the gap shows it rather than naming someone who cannot answer.
func uncovered(shifts []scheduler.Shift, current map[string]bool) []scheduler.Shift {
	for i, sh := range shifts {
		if !sh.Gap && !current[sh.MemberID] {
			shifts[i] = scheduler.Shift{Start: sh.Start, End: sh.End, Gap: true, Source: scheduler.SourceGap}
		}
	}
	return shifts
}
