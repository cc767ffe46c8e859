package api

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/overlap/overlap/planner"
	"github.com/overlap/overlap/store"
)

// TeamRequest creates a team (POST) or changes the fields it names (PATCH).
type TeamRequest struct {
	Name        *string `json:"name"`
	Description *string `json:"description"`
}

// TeamResponse is a team on the wire.
type TeamResponse struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description"`
	CreatedAt   string `json:"created_at"`
	UpdatedAt   string `json:"updated_at"`
}

// TeamMemberRequest sets a member's place in a team.
type TeamMemberRequest struct {
	Required *bool `json:"required"`
}

// TeamMemberResponse is a member's place in a team.
type TeamMemberResponse struct {
	TeamID   string `json:"team_id"`
	MemberID string `json:"member_id"`
	Name     string `json:"name"`
	Timezone string `json:"timezone"`
	Required bool   `json:"required"`
	AddedAt  string `json:"added_at"`
}

func teamResponse(t store.Team) TeamResponse {
	return TeamResponse{ID: t.ID, Name: t.Name, Description: t.Description, CreatedAt: fmtTime(t.CreatedAt), UpdatedAt: fmtTime(t.UpdatedAt)}
}

func teamMemberResponse(refs map[string]planner.MemberRef) func(store.TeamMember) TeamMemberResponse {
	return func(tm store.TeamMember) TeamMemberResponse {
		ref := refs[tm.MemberID]
		return TeamMemberResponse{TeamID: tm.TeamID, MemberID: tm.MemberID, Name: ref.Name, Timezone: ref.Timezone, Required: tm.Required, AddedAt: fmtTime(tm.AddedAt)}
	}
}

func (req *TeamRequest) apply(t *store.Team, create bool) error {
	v := &ValidationError{}
	if req.Name != nil || create {
		t.Name = strings.TrimSpace(deref(req.Name))
		checkLen(v, "name", t.Name, 1, 200)
	}
	if req.Description != nil {
		t.Description = *req.Description
		checkLen(v, "description", t.Description, 0, 2000)
	}
	return v.err()
}

func (s *Server) createTeam(c echo.Context) error {
	var req TeamRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	t := store.Team{OrgID: principal(c).OrgID}
	if err := req.apply(&t, true); err != nil {
		return err
	}
	if err := s.store.CreateTeam(c.Request().Context(), &t); err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, teamResponse(t))
}

func (s *Server) listTeams(c echo.Context) error {
	p, limit, err := pageParams(c)
	if err != nil {
		return err
	}
	rows, err := s.store.ListTeams(c.Request().Context(), principal(c).OrgID, p)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, paginate(rows, limit, func(t store.Team) string { return t.ID }, teamResponse))
}

func (s *Server) getTeam(c echo.Context) error {
	t, err := s.store.Team(c.Request().Context(), principal(c).OrgID, c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, teamResponse(t))
}

func (s *Server) updateTeam(c echo.Context) error {
	ctx := c.Request().Context()
	t, err := s.store.Team(ctx, principal(c).OrgID, c.Param("id"))
	if err != nil {
		return err
	}
	var req TeamRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	if err := req.apply(&t, false); err != nil {
		return err
	}
	if err := s.store.UpdateTeam(ctx, &t); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, teamResponse(t))
}

func (s *Server) deleteTeam(c echo.Context) error {
	if err := s.store.DeleteTeam(c.Request().Context(), principal(c).OrgID, c.Param("id")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (s *Server) listTeamMembers(c echo.Context) error {
	p, limit, err := pageParams(c)
	if err != nil {
		return err
	}
	rows, refs, err := s.planner.TeamMembers(c.Request().Context(), principal(c).OrgID, c.Param("id"), p)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, paginate(rows, limit, func(t store.TeamMember) string { return t.MemberID }, teamMemberResponse(refs)))
}

func (s *Server) putTeamMember(c echo.Context) error {
	var req TeamMemberRequest
	if err := bindOptionalJSON(c, &req); err != nil {
		return err
	}
	tm := store.TeamMember{TeamID: c.Param("id"), MemberID: c.Param("member_id"), Required: req.Required != nil && *req.Required}
	created, ref, err := s.planner.PutTeamMember(c.Request().Context(), principal(c).OrgID, &tm)
	if err != nil {
		return err
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	return c.JSON(status, teamMemberResponse(map[string]planner.MemberRef{tm.MemberID: ref})(tm))
}

func (s *Server) removeTeamMember(c echo.Context) error {
	if err := s.store.RemoveTeamMember(c.Request().Context(), principal(c).OrgID, c.Param("id"), c.Param("member_id")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
