package api

import (
	"fmt"
	"time"

	"github.com/overlap/overlap/planner"
	"github.com/overlap/overlap/scheduler"
	"github.com/overlap/overlap/store"
)

// SeriesResponse is a planned meeting series: what the list shows of it
// (SeriesSummaryResponse, whose fields it carries at the top level), and
// its plan.
type SeriesResponse struct {
	SeriesSummaryResponse
	Occurrences []SeriesOccurrenceResponse `json:"occurrences"`
	Attendees   []SeriesTotalsResponse     `json:"attendees"`
	FixedTime   FixedTimeResponse          `json:"fixed_time"`
	StartTimes  []SeriesSlotResponse       `json:"start_times"`
	Rotation    string                     `json:"rotation"`
	Summary     string                     `json:"summary"`
	Objective   ObjectiveResponse          `json:"objective"`
	Exact       bool                       `json:"exact"`
	LowerBound  ObjectiveResponse          `json:"lower_bound"`
}

// SeriesOccurrenceResponse is one meeting.
type SeriesOccurrenceResponse struct {
	Date      string                     `json:"date"`
	Start     string                     `json:"start"`
	End       string                     `json:"end"`
	Slot      int                        `json:"slot"`
	Attendees []SeriesAttendanceResponse `json:"attendees"`
}

// SeriesAttendanceResponse is one attendee's part in a meeting.
type SeriesAttendanceResponse struct {
	MemberID      string `json:"member_id"`
	LocalStart    string `json:"local_start"`
	Status        string `json:"status"`
	BurdenMinutes int    `json:"burden_minutes"`
}

// SeriesTotalsResponse is an attendee's figures over the series.
type SeriesTotalsResponse struct {
	MemberID      string `json:"member_id"`
	Name          string `json:"name"`
	Zone          string `json:"zone"`
	Misses        int    `json:"misses"`
	BurdenMinutes int    `json:"burden_minutes"`
	TimeOff       int    `json:"time_off"`
}

// FixedTimeResponse is the best single start time, for comparison.
type FixedTimeResponse struct {
	Start     string                 `json:"start"`
	Attendees []SeriesTotalsResponse `json:"attendees"`
	Objective ObjectiveResponse      `json:"objective"`
}

// SeriesSlotResponse is one start time of the rotation.
type SeriesSlotResponse struct {
	Slot  int    `json:"slot"`
	Start string `json:"start"`
	Label string `json:"label"`
}

// ObjectiveResponse is a plan's score, in the order it is minimized.
type ObjectiveResponse struct {
	MaxMisses        int `json:"max_misses"`
	Misses           int `json:"misses"`
	MaxBurdenMinutes int `json:"max_burden_minutes"`
	BurdenMinutes    int `json:"burden_minutes"`
	StartTimes       int `json:"start_times"`
}

func objectiveResponse(o scheduler.Objective) ObjectiveResponse {
	return ObjectiveResponse{MaxMisses: o.MaxMisses, Misses: o.Misses, MaxBurdenMinutes: o.MaxBurden, BurdenMinutes: o.Burden, StartTimes: o.Starts}
}

func seriesTotals(in []planner.SeriesTotals, names map[string]string) []SeriesTotalsResponse {
	out := make([]SeriesTotalsResponse, len(in))
	for i, t := range in {
		out[i] = SeriesTotalsResponse{MemberID: t.MemberID, Name: names[t.MemberID], Zone: t.Zone, Misses: t.Misses, BurdenMinutes: t.BurdenMinutes, TimeOff: t.TimeOff}
	}
	return out
}

func seriesResponse(p planner.SeriesPlan) SeriesResponse {
	s := p.Series
	r := SeriesResponse{SeriesSummaryResponse: seriesSummaryResponse(store.SeriesSummary{ID: s.ID, OrgID: s.OrgID, TeamID: s.TeamID, Name: s.Name,
		Spec: s.Spec, Revision: p.Revision, CreatedAt: s.CreatedAt, UpdatedAt: s.UpdatedAt}),
		Rotation: p.Rotation, Exact: p.Exact, Objective: objectiveResponse(p.Objective), LowerBound: objectiveResponse(p.LowerBound),
		Occurrences: make([]SeriesOccurrenceResponse, len(p.Occurrences)), Attendees: seriesTotals(p.Attendees, p.Names),
		FixedTime:  FixedTimeResponse{Start: p.Fixed.Start, Attendees: seriesTotals(p.Fixed.Attendees, p.Names), Objective: objectiveResponse(p.Fixed.Objective)},
		StartTimes: make([]SeriesSlotResponse, len(p.Slots))}
	for i, o := range p.Occurrences {
		or := SeriesOccurrenceResponse{Date: o.Date, Start: fmtTime(o.Start), End: fmtTime(o.End), Slot: o.Slot, Attendees: make([]SeriesAttendanceResponse, len(o.Attendees))}
		for j, a := range o.Attendees {
			or.Attendees[j] = SeriesAttendanceResponse{MemberID: a.MemberID, LocalStart: a.LocalStart, Status: a.Status, BurdenMinutes: a.BurdenMinutes}
		}
		r.Occurrences[i] = or
	}
	for i, sl := range p.Slots {
		r.StartTimes[i] = SeriesSlotResponse{Slot: i, Start: sl.Start, Label: sl.Label}
	}
	burden := func(m int) string { return planner.HumanDuration(time.Duration(m) * time.Minute) }
	r.Summary = fmt.Sprintf("Fixed at %s: largest burden %s, someone misses %d of %d. This plan: largest burden %s, nobody misses more than %d of %d.",
		p.Fixed.Start, burden(p.Fixed.Objective.MaxBurden), p.Fixed.Objective.MaxMisses, len(p.Occurrences),
		burden(p.Objective.MaxBurden), p.Objective.MaxMisses, len(p.Occurrences))
	return r
}
