package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/overlap/overlap/planner"
	"github.com/overlap/overlap/scheduler"
)

// ShiftResponse is one on-call shift; a gap has no member. Replaces names
// the member on time off or a holiday whose shift this is.
type ShiftResponse struct {
	Start    string  `json:"start"`
	End      string  `json:"end"`
	MemberID *string `json:"member_id"`
	Name     string  `json:"name,omitempty"`     // the member's, absent on a gap
	Timezone string  `json:"timezone,omitempty"` // the member's home zone, absent on a gap
	Gap      bool    `json:"gap"`
	Source   string  `json:"source"`
	Replaces *string `json:"replaces"`
	// ReplacesName and ReplacesTimezone are the absent member's, beside
	// Replaces.
	ReplacesName     string `json:"replaces_name,omitempty"`
	ReplacesTimezone string `json:"replaces_timezone,omitempty"`
}

// ShiftsResponse lists the shifts covering a range.
type ShiftsResponse struct {
	TeamID   string          `json:"team_id"`
	Strategy string          `json:"strategy"`
	Shifts   []ShiftResponse `json:"shifts"`
	Gaps     int             `json:"gaps"`
}

func shiftResponse(sh scheduler.Shift, refs map[string]planner.MemberRef) ShiftResponse {
	ref, away := refs[sh.MemberID], refs[sh.Replaces]
	return ShiftResponse{Start: fmtTime(sh.Start), End: fmtTime(sh.End), MemberID: nullStr(sh.MemberID), Name: ref.Name, Timezone: ref.Timezone, Gap: sh.Gap, Source: sh.Source,
		Replaces: nullStr(sh.Replaces), ReplacesName: away.Name, ReplacesTimezone: away.Timezone}
}

func (s *Server) onCallShiftsHandler(c echo.Context) error {
	from, to, err := rangeParams(c, scheduler.MaxRange)
	if err != nil {
		return err
	}
	r, err := s.planner.TeamShifts(c.Request().Context(), principal(c).OrgID, c.Param("id"), from, to)
	if err != nil {
		return noOnCall(err)
	}
	out := ShiftsResponse{TeamID: c.Param("id"), Strategy: r.OnCall.Strategy, Shifts: make([]ShiftResponse, len(r.Shifts))}
	for i, sh := range r.Shifts {
		out.Shifts[i] = shiftResponse(sh, r.Refs)
		if sh.Gap {
			out.Gaps++
		}
	}
	return c.JSON(http.StatusOK, out)
}

func (s *Server) onCallNow(c echo.Context) error {
	at := s.now()
	if q := c.QueryParam("at"); q != "" {
		v := &ValidationError{}
		if at = parseInstant(v, "at", q); v.err() != nil {
			return v.err()
		}
	}
	r, err := s.planner.OnCallAt(c.Request().Context(), principal(c).OrgID, c.Param("id"), at)
	if err != nil {
		return noOnCall(err)
	}
	var shift *ShiftResponse // null before the schedule starts
	if len(r.Shifts) == 1 {
		sr := shiftResponse(r.Shifts[0], r.Refs)
		shift = &sr
	}
	return c.JSON(http.StatusOK, map[string]any{"team_id": c.Param("id"), "at": fmtTime(at), "shift": shift})
}
