package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/overlap/overlap/store"
)

// SeriesSummaryResponse is a meeting series in a list: what it was asked
// for, without its plan (GET …/meeting-series/{sid} has that).
type SeriesSummaryResponse struct {
	ID         string  `json:"id"`
	TeamID     string  `json:"team_id"`
	Name       string  `json:"name"`
	Duration   string  `json:"duration"`
	Recurrence string  `json:"recurrence"`
	Zone       string  `json:"zone"`
	From       string  `json:"from"`
	Until      *string `json:"until"`
	Count      *int    `json:"count"`
	Slots      any     `json:"slots"` // a number or "auto"
	Revision   int     `json:"revision"`
	CreatedAt  string  `json:"created_at"`
	UpdatedAt  string  `json:"updated_at"`
}

func seriesSummaryResponse(s store.SeriesSummary) SeriesSummaryResponse {
	sp := s.Spec
	r := SeriesSummaryResponse{ID: s.ID, TeamID: s.TeamID, Name: s.Name, Duration: formatDuration(sp.Duration), Recurrence: sp.Recurrence,
		Zone: sp.Zone, From: sp.From, Slots: "auto", Revision: s.Revision, CreatedAt: fmtTime(s.CreatedAt), UpdatedAt: fmtTime(s.UpdatedAt)}
	if sp.Until != "" {
		r.Until = &sp.Until
	} else {
		r.Count = &sp.Count
	}
	if sp.Slots > 0 {
		r.Slots = sp.Slots
	}
	return r
}

func (s *Server) listSeries(c echo.Context) error {
	p, limit, err := pageParams(c)
	if err != nil {
		return err
	}
	rows, err := s.planner.ListSeries(c.Request().Context(), principal(c).OrgID, c.Param("id"), p)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, paginate(rows, limit, func(r store.SeriesSummary) string { return r.ID }, seriesSummaryResponse))
}
