package api

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/overlap/overlap/planner"
	"github.com/overlap/overlap/scheduler"
	"github.com/overlap/overlap/store"
)

// TimeOffRequest is an absence: instants start/end, or whole days
// start_date/end_date (inclusive) in the member's zone.
type TimeOffRequest struct {
	Start     string `json:"start"`
	End       string `json:"end"`
	StartDate string `json:"start_date"`
	EndDate   string `json:"end_date"`
	Reason    string `json:"reason"`
}

// TimeOffResponse is an absence on the wire. For whole days, start and end
// are the local midnights in the member's current zone.
type TimeOffResponse struct {
	ID        string `json:"id"`
	MemberID  string `json:"member_id"`
	AllDay    bool   `json:"all_day"`
	Start     string `json:"start"`
	End       string `json:"end"`
	StartDate string `json:"start_date,omitempty"`
	EndDate   string `json:"end_date,omitempty"`
	Reason    string `json:"reason"`
	CreatedAt string `json:"created_at"`
}

// maxTimeOff bounds one absence.
const maxTimeOff = 5 * 366 * 24 * time.Hour

func timeOffResponse(loc *time.Location) func(store.TimeOff) TimeOffResponse {
	return func(t store.TimeOff) TimeOffResponse {
		start, end := planner.Span(t, loc)
		r := TimeOffResponse{ID: t.ID, MemberID: t.MemberID, AllDay: t.AllDay, Start: fmtTime(start), End: fmtTime(end),
			Reason: t.Reason, CreatedAt: fmtTime(t.CreatedAt)}
		if t.AllDay {
			r.StartDate, r.EndDate = t.StartDate.String(), t.EndDate.String()
		}
		return r
	}
}

func (req *TimeOffRequest) toTimeOff(t *store.TimeOff) error {
	v := &ValidationError{}
	checkLen(v, "reason", req.Reason, 0, 500)
	t.Reason = req.Reason
	instants := req.Start != "" || req.End != ""
	days := req.StartDate != "" || req.EndDate != ""
	switch {
	case instants && days:
		v.add("start_date", "give either start and end, or start_date and end_date")
	case days:
		t.AllDay = true
		var err1, err2 error
		t.StartDate, err1 = scheduler.ParseDate(req.StartDate)
		if err1 != nil {
			v.add("start_date", "must be a date YYYY-MM-DD")
		}
		t.EndDate, err2 = scheduler.ParseDate(req.EndDate)
		if err2 != nil {
			v.add("end_date", "must be a date YYYY-MM-DD")
		}
		if err1 == nil && err2 == nil && dateInRange(v, "start_date", t.StartDate) && dateInRange(v, "end_date", t.EndDate) {
			if t.EndDate.Before(t.StartDate) {
				v.add("end_date", "must not be before start_date")
			} else if t.StartDate.AddDays(5 * 366).Before(t.EndDate) {
				v.add("end_date", "time off is limited to 5 years")
			}
		}
	default:
		t.Start = parseInstant(v, "start", req.Start)
		t.End = parseInstant(v, "end", req.End)
		if len(v.Errors) == 0 {
			if !t.End.After(t.Start) {
				v.add("end", "must be after start")
			} else if t.End.Sub(t.Start) > maxTimeOff {
				v.add("end", "time off is limited to 5 years")
			}
		}
	}
	return v.err()
}

func (s *Server) createTimeOff(c echo.Context) error {
	ctx := c.Request().Context()
	m, err := s.store.Member(ctx, principal(c).OrgID, c.Param("id"))
	if err != nil {
		return err
	}
	var req TimeOffRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	t := store.TimeOff{OrgID: m.OrgID, MemberID: m.ID}
	if err := req.toTimeOff(&t); err != nil {
		return err
	}
	if err := s.store.CreateTimeOff(ctx, &t); err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, timeOffResponse(memberZone(m))(t))
}

func (s *Server) listTimeOff(c echo.Context) error {
	ctx := c.Request().Context()
	p, limit, err := pageParams(c)
	if err != nil {
		return err
	}
	m, err := s.store.Member(ctx, principal(c).OrgID, c.Param("id"))
	if err != nil {
		return err
	}
	rows, err := s.store.ListTimeOff(ctx, m.OrgID, m.ID, p)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, paginate(rows, limit, func(t store.TimeOff) string { return t.ID }, timeOffResponse(memberZone(m))))
}

func (s *Server) deleteTimeOff(c echo.Context) error {
	if err := s.store.DeleteTimeOff(c.Request().Context(), principal(c).OrgID, c.Param("id"), c.Param("tid")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// memberZone is the member's zone; stored zones were validated on write.
func memberZone(m store.Member) *time.Location {
	loc, err := scheduler.LoadZone(m.Timezone)
	if err != nil {
		return time.UTC
	}
	return loc
}
