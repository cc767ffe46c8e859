package api

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

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
}

// ShiftsResponse lists the shifts covering a range.
type ShiftsResponse struct {
	TeamID   string          `json:"team_id"`
	Strategy string          `json:"strategy"`
	Shifts   []ShiftResponse `json:"shifts"`
	Gaps     int             `json:"gaps"`
}

func shiftResponse(sh scheduler.Shift, refs map[string]MemberRef) ShiftResponse {
	ref := refs[sh.MemberID]
	return ShiftResponse{Start: fmtTime(sh.Start), End: fmtTime(sh.End), MemberID: nullStr(sh.MemberID), Name: ref.Name, Timezone: ref.Timezone, Gap: sh.Gap, Source: sh.Source,
		Replaces: nullStr(sh.Replaces)}
}

// shiftRefs loads the members named by shifts.
func (s *Server) shiftRefs(c echo.Context, shifts ...scheduler.Shift) (map[string]MemberRef, error) {
	ids := make([]string, len(shifts))
	for i, sh := range shifts {
		ids[i] = sh.MemberID
	}
	return s.memberRefs(c.Request().Context(), principal(c).OrgID, ids)
}

func (s *Server) onCallShiftsHandler(c echo.Context) error {
	teamID := c.Param("id")
	if _, err := s.store.Team(c.Request().Context(), principal(c).OrgID, teamID); err != nil {
		return err
	}
	from, to, err := rangeParams(c, scheduler.MaxRange)
	if err != nil {
		return err
	}
	o, err := s.teamOnCall(c, teamID)
	if err != nil {
		return err
	}
	shifts, err := s.planner.OnCallShifts(c.Request().Context(), principal(c).OrgID, teamID, o, nil, from, to)
	if err != nil {
		return err
	}
	refs, err := s.shiftRefs(c, shifts...)
	if err != nil {
		return err
	}
	out := ShiftsResponse{TeamID: teamID, Strategy: o.Strategy, Shifts: make([]ShiftResponse, len(shifts))}
	for i, sh := range shifts {
		out.Shifts[i] = shiftResponse(sh, refs)
		if sh.Gap {
			out.Gaps++
		}
	}
	return c.JSON(http.StatusOK, out)
}

func (s *Server) onCallNow(c echo.Context) error {
	teamID := c.Param("id")
	if _, err := s.store.Team(c.Request().Context(), principal(c).OrgID, teamID); err != nil {
		return err
	}
	at := s.now()
	if q := c.QueryParam("at"); q != "" {
		v := &ValidationError{}
		at = parseInstant(v, "at", q)
		if err := v.err(); err != nil {
			return err
		}
	}
	o, err := s.teamOnCall(c, teamID)
	if err != nil {
		return err
	}
	// Look one shift length (plus a day) either way, so the shift found is
	// whole rather than clipped to the instant asked about.
	span := min(time.Duration(o.ShiftDays+1)*24*time.Hour, scheduler.MaxRange/2)
	shifts, err := s.planner.OnCallShifts(c.Request().Context(), principal(c).OrgID, teamID, o, nil, at.Add(-span), at.Add(span))
	if err != nil {
		return err
	}
	var shift *ShiftResponse // null before the schedule starts
	if sh, ok := scheduler.OnCallAt(shifts, at); ok {
		refs, err := s.shiftRefs(c, sh)
		if err != nil {
			return err
		}
		r := shiftResponse(sh, refs)
		shift = &r
	}
	return c.JSON(http.StatusOK, map[string]any{"team_id": teamID, "at": fmtTime(at), "shift": shift})
}
