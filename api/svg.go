package api

import (
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/overlap/overlap/planner"
	"github.com/overlap/overlap/scheduler"
	"github.com/overlap/overlap/web/svg"
)

// mimeSVG is the picture form of the overlap and heatmap answers.
const mimeSVG = "image/svg+xml"

// wantsSVG reports whether the caller asked for a picture rather than JSON.
func wantsSVG(c echo.Context) bool {
	return strings.Contains(c.Request().Header.Get(echo.HeaderAccept), mimeSVG)
}

func (s *Server) teamName(c echo.Context) string {
	t, err := s.store.Team(c.Request().Context(), principal(c).OrgID, c.Param("id"))
	if err != nil {
		return "Team"
	}
	return t.Name
}

func svgBlob(c echo.Context, body string) error {
	c.Response().Header().Set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")
	return c.Blob(http.StatusOK, mimeSVG, []byte(body))
}

// timelineSVG draws the overlap answer as a timeline.
func (s *Server) timelineSVG(c echo.Context, r planner.OverlapAnswer) error {
	q := r.Question
	title := s.teamName(c) + ": team overlap " + q.From.In(q.Loc).Format("Mon 2 Jan 2006 15:04 MST") + " – " + q.To.In(q.Loc).Format("Mon 2 Jan 2006 15:04 MST")
	tl, err := svg.TimelineOf(title, r.In, r.Windows, q.From, q.To, q.Loc, scheduler.AvailabilityOptions{TentativeFree: q.TentativeFree})
	if err != nil {
		return err
	}
	return svgBlob(c, tl.SVG())
}

// heatmapSVG draws the heatmap answer.
func (s *Server) heatmapSVG(c echo.Context, r planner.HeatmapAnswer, loc *time.Location) error {
	title := s.teamName(c) + ": members available per hour of the week (" + loc.String() + ")"
	return svgBlob(c, svg.Heatmap{Title: title, Loc: loc, Members: len(r.In.Members), Grid: r.Grid}.SVG())
}
