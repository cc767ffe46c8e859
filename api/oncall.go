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

func shiftResponse(sh scheduler.Shift) ShiftResponse {
	return ShiftResponse{Start: fmtTime(sh.Start), End: fmtTime(sh.End), MemberID: nullStr(sh.MemberID), Gap: sh.Gap, Source: sh.Source,
		Replaces: nullStr(sh.Replaces)}
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
	out := ShiftsResponse{TeamID: teamID, Strategy: o.Strategy, Shifts: make([]ShiftResponse, len(shifts))}
	for i, sh := range shifts {
		out.Shifts[i] = shiftResponse(sh)
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
		r := shiftResponse(sh)
		shift = &r
	}
	return c.JSON(http.StatusOK, map[string]any{"team_id": teamID, "at": fmtTime(at), "shift": shift})
}
