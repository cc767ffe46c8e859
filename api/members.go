package api

import (
	"errors"
	"fmt"
	"net/http"
	"net/mail"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/overlap/overlap/scheduler"
	"github.com/overlap/overlap/store"
)

// MemberRequest creates a member (POST) or changes the fields it names (PATCH).
type MemberRequest struct {
	Name          *string            `json:"name"`
	Email         *string            `json:"email"`
	Timezone      *string            `json:"timezone"`
	WorkingHours  *WorkingHoursDTO   `json:"working_hours"`
	ZoneOverrides *[]ZoneOverrideDTO `json:"zone_overrides"`
}

// MemberResponse is a member on the wire.
type MemberResponse struct {
	ID            string            `json:"id"`
	Name          string            `json:"name"`
	Email         *string           `json:"email"`
	Timezone      string            `json:"timezone"`
	WorkingHours  WorkingHoursDTO   `json:"working_hours"`
	ZoneOverrides []ZoneOverrideDTO `json:"zone_overrides"`
	CreatedAt     string            `json:"created_at"`
	UpdatedAt     string            `json:"updated_at"`
}

func memberResponse(m store.Member) MemberResponse {
	r := MemberResponse{ID: m.ID, Name: m.Name, Timezone: m.Timezone, WorkingHours: workingHoursDTO(m.WorkingHours),
		ZoneOverrides: make([]ZoneOverrideDTO, 0, len(m.ZoneOverrides)), CreatedAt: fmtTime(m.CreatedAt), UpdatedAt: fmtTime(m.UpdatedAt)}
	if m.Email != "" {
		e := m.Email
		r.Email = &e
	}
	for _, o := range m.ZoneOverrides {
		r.ZoneOverrides = append(r.ZoneOverrides, ZoneOverrideDTO{From: o.From.String(), To: o.To.String(), Timezone: o.Timezone})
	}
	return r
}

// apply validates the request and writes the fields it carries into m.
// On create every required field must be present.
func (req *MemberRequest) apply(m *store.Member, create bool) error {
	v := &ValidationError{}
	if req.Name != nil || create {
		name := strings.TrimSpace(deref(req.Name))
		checkLen(v, "name", name, 1, 200)
		m.Name = name
	}
	if req.Email != nil {
		m.Email = strings.TrimSpace(*req.Email)
		if m.Email != "" {
			a, err := mail.ParseAddress(m.Email)
			if err != nil || a.Address != m.Email || len(m.Email) > 254 {
				v.add("email", "must be an email address such as dana@example.com")
			}
		}
	}
	if req.Timezone != nil || create {
		m.Timezone = deref(req.Timezone)
		loadZone(v, "timezone", m.Timezone)
	}
	if req.WorkingHours != nil {
		m.WorkingHours = req.WorkingHours.toWeekly(v, "working_hours")
	} else if create {
		m.WorkingHours = scheduler.DefaultWeeklyHours()
	}
	if req.ZoneOverrides != nil {
		m.ZoneOverrides = zoneOverrides(v, *req.ZoneOverrides)
	}
	return v.err()
}

func zoneOverrides(v *ValidationError, in []ZoneOverrideDTO) []store.ZoneOverride {
	if len(in) > 100 {
		v.add("zone_overrides", "at most 100 overrides")
		return nil
	}
	out := make([]store.ZoneOverride, 0, len(in))
	for i, o := range in {
		f := fmt.Sprintf("zone_overrides[%d]", i)
		from, err1 := scheduler.ParseDate(o.From)
		if err1 != nil {
			v.add(f+".from", "must be a date YYYY-MM-DD")
		}
		to, err2 := scheduler.ParseDate(o.To)
		if err2 != nil {
			v.add(f+".to", "must be a date YYYY-MM-DD")
		}
		if loadZone(v, f+".timezone", o.Timezone) == nil || err1 != nil || err2 != nil ||
			!dateInRange(v, f+".from", from) || !dateInRange(v, f+".to", to) {
			continue
		}
		if to.Before(from) {
			v.add(f+".to", "must not be before from")
			continue
		}
		for j, prev := range out {
			if !to.Before(prev.From) && !prev.To.Before(from) {
				v.add(f, "overlaps zone_overrides[%d]", j)
			}
		}
		out = append(out, store.ZoneOverride{From: from, To: to, Timezone: o.Timezone})
	}
	return out
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func (s *Server) createMember(c echo.Context) error {
	var req MemberRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	m := store.Member{OrgID: principal(c).OrgID}
	if err := req.apply(&m, true); err != nil {
		return err
	}
	if err := s.store.CreateMember(c.Request().Context(), &m); err != nil {
		return emailConflict(err)
	}
	return c.JSON(http.StatusCreated, memberResponse(m))
}

// emailConflict gives the one unique field of a member a clear message.
func emailConflict(err error) error {
	if errors.Is(err, store.ErrConflict) {
		return &requestError{kind: store.ErrConflict, detail: "another member of the organization has this email"}
	}
	return err
}

func (s *Server) listMembers(c echo.Context) error {
	p, limit, err := pageParams(c)
	if err != nil {
		return err
	}
	rows, err := s.store.ListMembers(c.Request().Context(), principal(c).OrgID, p)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, paginate(rows, limit, func(m store.Member) string { return m.ID }, memberResponse))
}

func (s *Server) getMember(c echo.Context) error {
	m, err := s.store.Member(c.Request().Context(), principal(c).OrgID, c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, memberResponse(m))
}

func (s *Server) updateMember(c echo.Context) error {
	var req MemberRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	m, err := s.planner.UpdateMember(c.Request().Context(), principal(c).OrgID, c.Param("id"), func(m *store.Member) error { return req.apply(m, false) })
	if err != nil {
		return emailConflict(err)
	}
	return c.JSON(http.StatusOK, memberResponse(m))
}

func (s *Server) deleteMember(c echo.Context) error {
	if err := s.store.DeleteMember(c.Request().Context(), principal(c).OrgID, c.Param("id")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
