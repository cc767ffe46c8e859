package api

import (
	"net/http"
	"time"

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
	in, q, err := s.teamInput(c, false)
	if err != nil {
		return err
	}
	if wantsSVG(c) {
		windows, err := scheduler.Overlap(in.Members, q.from, q.to, overlapOptions(&q))
		if err != nil {
			return err
		}
		return s.timelineSVG(c, in, q, windows)
	}
	out, err := overlapAnswer(in, q)
	if err != nil {
		return err
	}
	out.TeamID = c.Param("id")
	return c.JSON(http.StatusOK, out)
}

// overlapOptions applies the default minimum duration (30 minutes) to q and
// returns the scheduler's options for it.
func overlapOptions(q *analysisQuery) scheduler.OverlapOptions {
	if q.minDuration == 0 {
		q.minDuration = 30 * time.Minute
	}
	return scheduler.OverlapOptions{MinDuration: q.minDuration, Quorum: q.quorum, TentativeFree: q.tentativeFree}
}

// overlapAnswer finds the windows of a loaded team or group.
func overlapAnswer(in *planner.Input, q analysisQuery) (OverlapResponse, error) {
	opts := overlapOptions(&q)
	windows, err := scheduler.Overlap(in.Members, q.from, q.to, opts)
	if err != nil {
		return OverlapResponse{}, err
	}
	quorum := q.quorum
	if quorum == 0 {
		quorum = len(in.Members)
	}
	out := OverlapResponse{From: fmtTime(q.from), To: fmtTime(q.to), Quorum: quorum,
		MinDuration: formatDuration(q.minDuration), Members: len(in.Members), StaleMembers: in.StaleIDs(), Windows: make([]WindowResponse, len(windows)),
		Warnings: quorumWarnings(in, q.quorum), MemberInfo: directory(in)}
	if len(windows) == 0 {
		out.EmptyReason = emptyReason(in.Members, q.from, q.to, opts, true)
	}
	for i, w := range windows {
		wr := WindowResponse{Start: fmtTime(w.Start), End: fmtTime(w.End), Duration: formatDuration(w.End.Sub(w.Start)),
			Segments: make([]SegmentResponse, len(w.Segments)), Unavailable: absences(w.Unavailable)}
		for j, sg := range w.Segments {
			wr.Segments[j] = SegmentResponse{Start: fmtTime(sg.Start), End: fmtTime(sg.End), Available: sg.Available}
		}
		out.Windows[i] = wr
	}
	return out, nil
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
	in, q, err := s.teamInput(c, true)
	if err != nil {
		return err
	}
	out, err := suggestionsAnswer(in, q)
	if err != nil {
		return err
	}
	out.TeamID = c.Param("id")
	return c.JSON(http.StatusOK, out)
}

// suggestionsAnswer proposes slots for a loaded team or group.
func suggestionsAnswer(in *planner.Input, q analysisQuery) (SuggestionsResponse, error) {
	sugs, err := scheduler.Suggest(in.Members, q.from, q.to, scheduler.SuggestOptions{Duration: q.duration, Limit: q.limit, Quorum: q.quorum, TentativeFree: q.tentativeFree})
	if err != nil {
		return SuggestionsResponse{}, err
	}
	out := SuggestionsResponse{Duration: formatDuration(q.duration), StaleMembers: in.StaleIDs(), Suggestions: make([]SuggestionResponse, len(sugs)),
		Warnings: quorumWarnings(in, q.quorum), MemberInfo: directory(in)}
	if len(sugs) == 0 {
		out.EmptyReason = emptyReason(in.Members, q.from, q.to, scheduler.OverlapOptions{MinDuration: q.duration, Quorum: max(q.quorum, 1), TentativeFree: q.tentativeFree}, false)
	}
	for i, sg := range sugs {
		sr := SuggestionResponse{Start: fmtTime(sg.Start), End: fmtTime(sg.End), Missing: absences(sg.Missing),
			WorstBurden: round3(sg.Worst), TotalBurden: round3(sg.Total), AttendeeCount: len(sg.Attendees), Attendees: make([]AttendeeResponse, len(sg.Attendees))}
		for j, a := range sg.Attendees {
			sr.Attendees[j] = AttendeeResponse{MemberID: a.MemberID, LocalStart: a.LocalStart, Inconvenience: round3(a.Inconvenience)}
		}
		out.Suggestions[i] = sr
	}
	return out, nil
}

func round3(f float64) float64 { return float64(int64(f*1000+0.5)) / 1000 }
