package planner

import (
	"context"
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
	o, err := p.store.OnCall(ctx, orgID, teamID)
	if errors.Is(err, store.ErrNotSet) {
		return store.OnCall{}, ErrNoOnCall
	}
	return o, err
}

// PutOnCall replaces a team's on-call schedule with the one build makes
// from the team's current members (build validates against them). It
// returns what was stored; ErrNotFound when the team is not the org's.
func (p *Planner) PutOnCall(ctx context.Context, orgID, teamID string, build func(team map[string]bool) (store.OnCall, error)) (store.OnCall, error) {
	ids, _, err := p.teamPlaces(ctx, orgID, teamID)
	if err != nil {
		return store.OnCall{}, err
	}
	team := make(map[string]bool, len(ids))
	for _, id := range ids {
		team[id] = true
	}
	o, err := build(team)
	if err != nil {
		return o, err
	}
	return o, p.store.PutOnCall(ctx, orgID, teamID, o)
}

// Rotation converts a stored schedule. It was validated when it was
// written; a stored value that no longer parses is an error, not a zero.
func Rotation(o store.OnCall) (scheduler.Rotation, error) {
	loc, err := scheduler.LoadZone(o.Timezone)
	if err != nil {
		return scheduler.Rotation{}, fmt.Errorf("on-call timezone: %w", err)
	}
	handoff, err := scheduler.ParseTimeOfDay(o.Handoff)
	if err != nil {
		return scheduler.Rotation{}, fmt.Errorf("on-call handoff: %w", err)
	}
	start, err := scheduler.ParseDate(o.StartDate)
	if err != nil {
		return scheduler.Rotation{}, fmt.Errorf("on-call start date: %w", err)
	}
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

// MemberRef is what a reader needs to recognise a member.
type MemberRef struct{ Name, Timezone string }

// Shifts is a team's on-call shifts over a range, with the members they name.
type Shifts struct {
	OnCall store.OnCall
	Shifts []scheduler.Shift
	Refs   map[string]MemberRef // by member ID, of every member a shift names
}

// TeamShifts materializes a team's shifts over [from, to) (OnCallShifts).
// ErrNotFound for another org's team; ErrNoOnCall without a schedule.
func (p *Planner) TeamShifts(ctx context.Context, orgID, teamID string, from, to time.Time) (Shifts, error) {
	o, err := p.OnCall(ctx, orgID, teamID)
	if err != nil {
		return Shifts{}, err
	}
	shifts, err := p.OnCallShifts(ctx, orgID, teamID, o, nil, from, to)
	if err != nil {
		return Shifts{}, err
	}
	refs, err := p.shiftRefs(ctx, orgID, shifts)
	return Shifts{OnCall: o, Shifts: shifts, Refs: refs}, err
}

// OnCallAt is the shift covering at (whole, not clipped to at); Shifts
// holds nothing before the schedule starts. ErrNotFound, ErrNoOnCall.
func (p *Planner) OnCallAt(ctx context.Context, orgID, teamID string, at time.Time) (Shifts, error) {
	r, err := p.ShiftsFrom(ctx, orgID, teamID, at, time.Time{})
	if err != nil {
		return Shifts{}, err
	}
	sh, ok := scheduler.OnCallAt(r.Shifts, at)
	r.Shifts = r.Shifts[:0]
	if ok {
		r.Shifts = append(r.Shifts, sh)
	}
	return r, nil
}

// ShiftsFrom is a team's shifts from the one covering at (whole, not
// clipped to at) until until; a zero until looks one shift length ahead.
// ErrNotFound, ErrNoOnCall.
func (p *Planner) ShiftsFrom(ctx context.Context, orgID, teamID string, at, until time.Time) (Shifts, error) {
	o, err := p.OnCall(ctx, orgID, teamID)
	if err != nil {
		return Shifts{}, err
	}
	// Look one shift length (plus a day) back, so the shift found is whole
	// rather than clipped to the instant asked about.
	span := min(time.Duration(o.ShiftDays+1)*24*time.Hour, scheduler.MaxRange/2)
	if until.IsZero() {
		until = at.Add(span)
	}
	shifts, err := p.OnCallShifts(ctx, orgID, teamID, o, nil, at.Add(-span), until)
	if err != nil {
		return Shifts{}, err
	}
	refs, err := p.shiftRefs(ctx, orgID, shifts)
	return Shifts{OnCall: o, Shifts: shifts, Refs: refs}, err
}

// shiftRefs loads the members shifts name: who is on call and whom a shift
// replaces.
func (p *Planner) shiftRefs(ctx context.Context, orgID string, shifts []scheduler.Shift) (map[string]MemberRef, error) {
	ids := make([]string, 0, 2*len(shifts))
	for _, sh := range shifts {
		ids = append(ids, sh.MemberID, sh.Replaces)
	}
	return p.MemberRefs(ctx, orgID, ids)
}

// MemberRefs loads the name and zone of the org's members among ids
// (empty and repeated IDs are fine; members that no longer exist are left
// out).
func (p *Planner) MemberRefs(ctx context.Context, orgID string, ids []string) (map[string]MemberRef, error) {
	seen := make(map[string]bool, len(ids))
	uniq := make([]string, 0, len(ids))
	for _, id := range ids {
		if id != "" && !seen[id] {
			seen[id] = true
			uniq = append(uniq, id)
		}
	}
	out := make(map[string]MemberRef, len(uniq))
	if len(uniq) == 0 {
		return out, nil
	}
	ms, err := p.store.MembersByID(ctx, orgID, uniq)
	for _, m := range ms {
		out[m.ID] = MemberRef{Name: m.Name, Timezone: m.Timezone}
	}
	return out, err
}

// TeamMembers lists one page of a team's places with the members they name;
// ErrNotFound for another org's team.
func (p *Planner) TeamMembers(ctx context.Context, orgID, teamID string, page store.Page) ([]store.TeamMember, map[string]MemberRef, error) {
	rows, err := p.store.ListTeamMembers(ctx, orgID, teamID, page)
	if err != nil {
		return nil, nil, err
	}
	ids := make([]string, len(rows))
	for i, r := range rows {
		ids[i] = r.MemberID
	}
	refs, err := p.MemberRefs(ctx, orgID, ids)
	return rows, refs, err
}

// PutTeamMember adds a member to a team or updates their place, and says
// whether the place is new; ErrNotFound when the team or the member is not
// the org's.
func (p *Planner) PutTeamMember(ctx context.Context, orgID string, tm *store.TeamMember) (created bool, ref MemberRef, err error) {
	if created, err = p.store.PutTeamMember(ctx, orgID, tm); err != nil {
		return false, ref, err
	}
	refs, err := p.MemberRefs(ctx, orgID, []string{tm.MemberID})
	return created, refs[tm.MemberID], err
}
