package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/overlap/overlap/planner"
	"github.com/overlap/overlap/scheduler"
)

// SegmentResponse is part of a window with a constant set of available members.
type SegmentResponse struct {
	Start     string   `json:"start"`
	End       string   `json:"end"`
	Available []string `json:"available"`
}

// AbsenceResponse names a member missing from a window or slot, and why.
type AbsenceResponse struct {
	MemberID string `json:"member_id"`
	Reason   string `json:"reason"`
}

// WindowResponse is one maximal overlap window.
type WindowResponse struct {
	Start       string            `json:"start"`
	End         string            `json:"end"`
	Duration    string            `json:"duration"`
	Segments    []SegmentResponse `json:"segments"`
	Unavailable []AbsenceResponse `json:"unavailable"`
}

// OverlapResponse lists every window of a team or an ad-hoc group.
type OverlapResponse struct {
	TeamID       string           `json:"team_id,omitempty"`
	From         string           `json:"from"`
	To           string           `json:"to"`
	Quorum       int              `json:"quorum"`
	MinDuration  string           `json:"min_duration"`
	Members      int              `json:"members"`
	StaleMembers []string         `json:"stale_members"`
	Windows      []WindowResponse `json:"windows"`
	// EmptyReason says why there is no window (see emptyReason).
	EmptyReason string          `json:"empty_reason,omitempty"`
	Warnings    []AnswerWarning `json:"warnings,omitempty"`
	MemberInfo  MemberDirectory `json:"member_info"`
}

func absences(in []scheduler.Absence) []AbsenceResponse {
	out := make([]AbsenceResponse, len(in))
	for i, a := range in {
		out[i] = AbsenceResponse{MemberID: a.MemberID, Reason: string(a.Reason)}
	}
	return out
}

func (s *Server) teamOverlap(c echo.Context) error {
	q, err := parseAnalysis(c, false)
	if err != nil {
		return err
	}
	r, err := s.planner.Overlap(c.Request().Context(), principal(c).OrgID, planner.ForTeam(c.Param("id")), q)
	if err != nil {
		return err
	}
	if wantsSVG(c) {
		return s.timelineSVG(c, r)
	}
	out := overlapResponse(r)
	out.TeamID = c.Param("id")
	return c.JSON(http.StatusOK, out)
}

// overlapResponse is the overlap of a team or group on the wire.
func overlapResponse(r planner.OverlapAnswer) OverlapResponse {
	q := r.Question
	out := OverlapResponse{From: fmtTime(q.From), To: fmtTime(q.To), Quorum: r.Quorum, MinDuration: formatDuration(q.MinDuration), Members: len(r.In.Members),
		StaleMembers: r.In.StaleIDs(), Windows: make([]WindowResponse, len(r.Windows)), EmptyReason: r.EmptyReason, Warnings: warnings(r.Warnings),
		MemberInfo: directory(r.In)}
	for i, w := range r.Windows {
		wr := WindowResponse{Start: fmtTime(w.Start), End: fmtTime(w.End), Duration: formatDuration(w.End.Sub(w.Start)),
			Segments: make([]SegmentResponse, len(w.Segments)), Unavailable: absences(w.Unavailable)}
		for j, sg := range w.Segments {
			wr.Segments[j] = SegmentResponse{Start: fmtTime(sg.Start), End: fmtTime(sg.End), Available: sg.Available}
		}
		out.Windows[i] = wr
	}
	return out
}

// AttendeeResponse is one attendee of a suggested slot.
type AttendeeResponse struct {
	MemberID      string  `json:"member_id"`
	LocalStart    string  `json:"local_start"`
	Inconvenience float64 `json:"inconvenience"`
}

// SuggestionResponse is one suggested slot.
type SuggestionResponse struct {
	Start         string             `json:"start"`
	End           string             `json:"end"`
	Attendees     []AttendeeResponse `json:"attendees"`
	Missing       []AbsenceResponse  `json:"missing"`
	WorstBurden   float64            `json:"worst_inconvenience"`
	TotalBurden   float64            `json:"total_inconvenience"`
	AttendeeCount int                `json:"attendee_count"`
}

// SuggestionsResponse lists the best slots.
type SuggestionsResponse struct {
	TeamID       string               `json:"team_id,omitempty"`
	Duration     string               `json:"duration"`
	StaleMembers []string             `json:"stale_members"`
	Suggestions  []SuggestionResponse `json:"suggestions"`
	// EmptyReason says why there is no slot (see emptyReason).
	EmptyReason string          `json:"empty_reason,omitempty"`
	Warnings    []AnswerWarning `json:"warnings,omitempty"`
	MemberInfo  MemberDirectory `json:"member_info"`
}

func (s *Server) teamSuggestions(c echo.Context) error {
	q, err := parseAnalysis(c, true)
	if err != nil {
		return err
	}
	r, err := s.planner.Suggestions(c.Request().Context(), principal(c).OrgID, planner.ForTeam(c.Param("id")), q)
	if err != nil {
		return err
	}
	out := suggestionsResponse(r)
	out.TeamID = c.Param("id")
	return c.JSON(http.StatusOK, out)
}

// suggestionsResponse is the slots of a team or group on the wire.
func suggestionsResponse(r planner.SuggestionsAnswer) SuggestionsResponse {
	out := SuggestionsResponse{Duration: formatDuration(r.Question.Duration), StaleMembers: r.In.StaleIDs(), Suggestions: make([]SuggestionResponse, len(r.Suggestions)),
		EmptyReason: r.EmptyReason, Warnings: warnings(r.Warnings), MemberInfo: directory(r.In)}
	for i, sg := range r.Suggestions {
		sr := SuggestionResponse{Start: fmtTime(sg.Start), End: fmtTime(sg.End), Missing: absences(sg.Missing),
			WorstBurden: round3(sg.Worst), TotalBurden: round3(sg.Total), AttendeeCount: len(sg.Attendees), Attendees: make([]AttendeeResponse, len(sg.Attendees))}
		for j, a := range sg.Attendees {
			sr.Attendees[j] = AttendeeResponse{MemberID: a.MemberID, LocalStart: a.LocalStart, Inconvenience: round3(a.Inconvenience)}
		}
		out.Suggestions[i] = sr
	}
	return out
}

func round3(f float64) float64 { return float64(int64(f*1000+0.5)) / 1000 }
