package planner

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/overlap/overlap/scheduler"
	"github.com/overlap/overlap/store"
)

// CoreHoursQuery asks for core-hours candidates of a team.
type CoreHoursQuery struct {
	Zone     *time.Location
	Duration time.Duration
	Days     [7]bool
	From, To scheduler.Date
	Limit    int
}

// CoreHoursAnswer is the candidates with what a reader needs to show them.
type CoreHoursAnswer struct {
	Candidates []scheduler.CoreCandidate
	Names      map[string]string
	Zones      map[string]*time.Location
}

// CoreHours loads the team's hours, time off and holidays over the dates and
// ranks daily windows fixed in q.Zone. ErrNotFound for another org's team.
func (p *Planner) CoreHours(ctx context.Context, orgID, teamID string, q CoreHoursQuery) (CoreHoursAnswer, error) {
	from := scheduler.LocalMidnight(q.From, q.Zone).Add(-48 * time.Hour)
	to := scheduler.LocalMidnight(q.To.AddDays(1), q.Zone).Add(48 * time.Hour)
	in, err := p.Team(ctx, orgID, teamID, from, to)
	if err != nil {
		return CoreHoursAnswer{}, err
	}
	members := make([]scheduler.CoreMember, len(in.Members))
	for i, m := range in.Members {
		members[i] = scheduler.CoreMember{ID: m.ID, Schedule: m.Schedule, Absences: scheduler.Away(m)}
	}
	cs, err := scheduler.CoreHours(members, scheduler.CoreOptions{Zone: q.Zone, Duration: q.Duration, Days: q.Days, From: q.From, To: q.To, Limit: q.Limit})
	return CoreHoursAnswer{Candidates: cs, Names: in.Names, Zones: in.Zones}, err
}

// SeriesPlan is a computed series: what is stored and what is answered.
// Its "revision" key is read by the store's list, which never loads plans.
type SeriesPlan struct {
	Revision    int                  `json:"revision"`
	Occurrences []SeriesOccurrence   `json:"occurrences"`
	Attendees   []SeriesTotals       `json:"attendees"`
	Fixed       SeriesFixed          `json:"fixed_time"`
	Slots       []SeriesSlot         `json:"slots"`
	Rotation    string               `json:"rotation"`
	Objective   scheduler.Objective  `json:"objective"`
	Exact       bool                 `json:"exact"`
	LowerBound  scheduler.Objective  `json:"lower_bound"`
	Names       map[string]string    `json:"names"`
	Spec        store.SeriesSpec     `json:"-"`
	Series      *store.MeetingSeries `json:"-"`
}

// SeriesOccurrence is one planned meeting.
type SeriesOccurrence struct {
	Date      string                     `json:"date"`
	Start     time.Time                  `json:"start"`
	End       time.Time                  `json:"end"`
	Slot      int                        `json:"slot"`
	Attendees []SeriesOccurrenceAttendee `json:"attendees"`
}

// SeriesOccurrenceAttendee is one attendee's part in an occurrence.
type SeriesOccurrenceAttendee struct {
	MemberID      string `json:"member_id"`
	LocalStart    string `json:"local_start"` // RFC 3339 with the attendee's offset
	Status        string `json:"status"`
	BurdenMinutes int    `json:"burden_minutes"`
}

// SeriesTotals are an attendee's figures over the series.
type SeriesTotals struct {
	MemberID      string `json:"member_id"`
	Zone          string `json:"zone"`
	Misses        int    `json:"misses"`
	BurdenMinutes int    `json:"burden_minutes"`
	TimeOff       int    `json:"time_off"`
}

// SeriesFixed is the best single start time, for comparison.
type SeriesFixed struct {
	Start     string              `json:"start"` // HH:MM in the series' zone
	Attendees []SeriesTotals      `json:"attendees"`
	Objective scheduler.Objective `json:"objective"`
}

// SeriesSlot is one start time of the rotation.
type SeriesSlot struct {
	Start string `json:"start"` // HH:MM in the series' zone
	Label string `json:"label"` // e.g. "Americas- and Europe-friendly"
}

// CreateSeries plans a series and stores it with its plan.
func (p *Planner) CreateSeries(ctx context.Context, orgID, teamID, name string, spec store.SeriesSpec) (SeriesPlan, error) {
	plan, err := p.planSeries(ctx, orgID, teamID, spec)
	if err != nil {
		return plan, err
	}
	doc, err := json.Marshal(plan)
	if err != nil {
		return plan, err
	}
	s := store.MeetingSeries{OrgID: orgID, TeamID: teamID, Name: name, Spec: spec, Plan: doc}
	if err := p.store.CreateMeetingSeries(ctx, &s); err != nil {
		return plan, err
	}
	plan.Series = &s
	return plan, nil
}

// Series reads a stored series and its plan. ErrNotFound.
func (p *Planner) Series(ctx context.Context, orgID, teamID, id string) (SeriesPlan, error) {
	s, err := p.store.MeetingSeries(ctx, orgID, teamID, id)
	if err != nil {
		return SeriesPlan{}, err
	}
	var plan SeriesPlan
	if err := json.Unmarshal(s.Plan, &plan); err != nil {
		return plan, fmt.Errorf("meeting series %s: plan: %w", id, err)
	}
	plan.Spec, plan.Series = s.Spec, &s
	return plan, nil
}

// RecomputeSeries plans a stored series again against current members,
// hours and time off, and stores the new plan. ErrNotFound.
func (p *Planner) RecomputeSeries(ctx context.Context, orgID, teamID, id string) (SeriesPlan, error) {
	old, err := p.Series(ctx, orgID, teamID, id)
	if err != nil {
		return old, err
	}
	plan, err := p.planSeries(ctx, orgID, teamID, old.Spec)
	if err != nil {
		return plan, err
	}
	plan.Revision = old.Revision + 1
	doc, err := json.Marshal(plan)
	if err != nil {
		return plan, err
	}
	s := *old.Series
	if s.UpdatedAt, err = p.store.UpdateMeetingSeriesPlan(ctx, orgID, teamID, id, doc); err != nil {
		return plan, err
	}
	plan.Series = &s
	return plan, nil
}

// planSeries expands the recurrence, loads the attendees and optimises.
func (p *Planner) planSeries(ctx context.Context, orgID, teamID string, spec store.SeriesSpec) (SeriesPlan, error) {
	zone, err := scheduler.LoadZone(spec.Zone)
	if err != nil {
		return SeriesPlan{}, seriesInvalid("zone", "%v", err)
	}
	from, err := scheduler.ParseDate(spec.From)
	if err != nil {
		return SeriesPlan{}, seriesInvalid("from", "%v", err)
	}
	var until *scheduler.Date
	if spec.Until != "" {
		u, err := scheduler.ParseDate(spec.Until)
		if err != nil {
			return SeriesPlan{}, seriesInvalid("until", "%v", err)
		}
		until = &u
	}
	dates, err := SeriesDates(spec.Recurrence, from, until, spec.Count)
	if err != nil {
		return SeriesPlan{}, err
	}
	in, err := p.Team(ctx, orgID, teamID, scheduler.LocalMidnight(dates[0], zone).Add(-48*time.Hour), scheduler.LocalMidnight(dates[len(dates)-1], zone).Add(72*time.Hour))
	if err != nil {
		return SeriesPlan{}, err
	}
	att, err := seriesAttendees(in, spec)
	if err != nil {
		return SeriesPlan{}, err
	}
	sp, err := scheduler.PlanSeries(att, scheduler.SeriesOptions{Zone: zone, Dates: dates, Duration: spec.Duration, Slots: spec.Slots})
	if err != nil {
		return SeriesPlan{}, err
	}
	return seriesPlan(sp, att, in, zone), nil
}

// seriesAttendees picks the attendees from the team, in the spec's order.
func seriesAttendees(in *Input, spec store.SeriesSpec) ([]scheduler.SeriesAttendee, error) {
	byID := map[string]scheduler.Member{}
	for _, m := range in.Members {
		byID[m.ID] = m
	}
	specs := spec.Attendees
	if spec.AllMembers {
		specs = nil
		for _, m := range in.Members {
			specs = append(specs, store.SeriesAttendeeSpec{MemberID: m.ID})
		}
	}
	var out []scheduler.SeriesAttendee
	for i, a := range specs {
		m, ok := byID[a.MemberID]
		if !ok {
			return nil, seriesInvalid(fmt.Sprintf("attendees[%d].member_id", i), "%s is not a member of the team", a.MemberID)
		}
		never, err := neverBand(a)
		if err != nil {
			return nil, seriesInvalid(fmt.Sprintf("attendees[%d]", i), "%v", err)
		}
		out = append(out, scheduler.SeriesAttendee{ID: m.ID, Schedule: m.Schedule, Absences: scheduler.Away(m), Never: never})
	}
	if len(out) == 0 {
		return nil, seriesInvalid("attendees", "the series has no attendees (the team has no members)")
	}
	return out, nil
}

// neverBand reads "never before" and "never from" as a band from the latter
// to the former; both empty is the default band.
func neverBand(a store.SeriesAttendeeSpec) (scheduler.Range, error) {
	if a.NeverBefore == "" && a.NeverFrom == "" {
		return scheduler.DefaultNever, nil
	}
	before, err1 := scheduler.ParseTimeOfDay(a.NeverBefore)
	from, err2 := scheduler.ParseTimeOfDay(a.NeverFrom)
	if err1 != nil || err2 != nil || before == 1440 {
		return scheduler.Range{}, errors.New("never_before and never_from are HH:MM")
	}
	return scheduler.Range{Start: from % 1440, End: before}, nil
}

func seriesPlan(sp scheduler.SeriesPlan, att []scheduler.SeriesAttendee, in *Input, zone *time.Location) SeriesPlan {
	plan := SeriesPlan{Objective: sp.Objective, Exact: sp.Exact, LowerBound: sp.LowerBound, Names: map[string]string{},
		Occurrences: make([]SeriesOccurrence, len(sp.Occurrences))}
	for _, a := range att {
		plan.Names[a.ID] = in.Names[a.ID]
	}
	for i, o := range sp.Occurrences {
		occ := SeriesOccurrence{Date: o.Date.String(), Start: o.Start, End: o.End, Slot: o.Slot, Attendees: make([]SeriesOccurrenceAttendee, len(att))}
		for j, a := range o.Attendees {
			occ.Attendees[j] = SeriesOccurrenceAttendee{MemberID: att[j].ID, LocalStart: o.Start.In(zoneOf(att[j])).Format(time.RFC3339),
				Status: string(a.Status), BurdenMinutes: a.BurdenMinutes}
		}
		plan.Occurrences[i] = occ
	}
	plan.Attendees = totals(sp.Attendees, att)
	plan.Fixed = SeriesFixed{Start: sp.Fixed.Start.String(), Attendees: totals(sp.Fixed.Attendees, att), Objective: sp.Fixed.Objective}
	for k, s := range sp.Slots {
		plan.Slots = append(plan.Slots, SeriesSlot{Start: s.String(), Label: slotLabel(sp, att, k)})
	}
	plan.Rotation = rotationWords(plan, sp, zone)
	return plan
}

func zoneOf(a scheduler.SeriesAttendee) *time.Location {
	if a.Schedule.Loc == nil {
		return time.UTC
	}
	return a.Schedule.Loc
}

func totals(in []scheduler.AttendeeTotals, att []scheduler.SeriesAttendee) []SeriesTotals {
	out := make([]SeriesTotals, len(in))
	for i, t := range in {
		out[i] = SeriesTotals{MemberID: att[i].ID, Zone: zoneOf(att[i]).String(), Misses: t.Misses, BurdenMinutes: t.BurdenMinutes, TimeOff: t.TimeOff}
	}
	return out
}

// region is the part of the world a zone name says, for labels.
func region(zone string) string {
	head, _, _ := strings.Cut(zone, "/")
	switch head {
	case "America", "US", "Canada", "Brazil", "Mexico", "Chile":
		return "Americas"
	case "Europe", "Africa", "Atlantic":
		return "Europe"
	case "Asia", "Indian":
		return "Asia"
	case "Australia", "Pacific", "Antarctica":
		return "Pacific"
	}
	return "UTC"
}

// slotLabel names the regions whose attendees are inside their hours on
// most of the slot's occurrences; failing that, those who attend at all.
func slotLabel(sp scheduler.SeriesPlan, att []scheduler.SeriesAttendee, slot int) string {
	inside, attend, total := map[string]int{}, map[string]int{}, map[string]int{}
	for _, o := range sp.Occurrences {
		if o.Slot != slot {
			continue
		}
		for j, a := range o.Attendees {
			r := region(zoneOf(att[j]).String())
			total[r]++
			switch a.Status {
			case scheduler.AttendInside:
				inside[r]++
				attend[r]++
			case scheduler.AttendOutside:
				attend[r]++
			}
		}
	}
	if friendly := majority(inside, total); len(friendly) > 0 {
		return joinRegions(friendly) + "-friendly"
	}
	if present := majority(attend, total); len(present) > 0 {
		return "outside hours for " + strings.Join(present, ", ")
	}
	return "everyone excused"
}

func majority(n, total map[string]int) []string {
	var out []string
	for r, t := range total {
		if 2*n[r] > t {
			out = append(out, r)
		}
	}
	slices.Sort(out)
	return out
}

func joinRegions(rs []string) string {
	if len(rs) == 1 {
		return rs[0]
	}
	return strings.Join(rs[:len(rs)-1], "-, ") + "- and " + rs[len(rs)-1]
}

// rotationWords says the rotation in a sentence.
func rotationWords(plan SeriesPlan, sp scheduler.SeriesPlan, zone *time.Location) string {
	if len(plan.Slots) == 0 {
		return "No occurrences."
	}
	var parts []string
	for _, s := range plan.Slots {
		parts = append(parts, fmt.Sprintf("%s (%s)", s.Start, s.Label))
	}
	if len(parts) == 1 {
		return fmt.Sprintf("Always at %s %s.", parts[0], zone)
	}
	var order []string
	for i, o := range sp.Occurrences {
		if i == 12 {
			order = append(order, "…")
			break
		}
		order = append(order, plan.Slots[o.Slot].Start)
	}
	return fmt.Sprintf("Rotates between %d start times in %s: %s. Order: %s.", len(parts), zone, strings.Join(parts, ", "), strings.Join(order, ", "))
}
