package api

import (
	"net/http"
	"strings"

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
	c.Response().Header().Set("X-Content-Type-Options", "nosniff")
	return c.Blob(http.StatusOK, mimeSVG, []byte(body))
}

// timelineSVG draws the overlap answer as a timeline.
func (s *Server) timelineSVG(c echo.Context, in *planner.Input, q analysisQuery, windows []scheduler.Window) error {
	title := s.teamName(c) + ": team overlap " + q.from.In(q.loc).Format("Mon 2 Jan 2006 15:04 MST") + " – " + q.to.In(q.loc).Format("Mon 2 Jan 2006 15:04 MST")
	tl, err := svg.TimelineOf(title, in, windows, q.from, q.to, q.loc, scheduler.AvailabilityOptions{TentativeFree: q.tentativeFree})
	if err != nil {
		return err
	}
	return svgBlob(c, tl.SVG())
}

// heatmapSVG draws the heatmap answer.
func (s *Server) heatmapSVG(c echo.Context, in *planner.Input, q analysisQuery, grid scheduler.HeatGrid) error {
	title := s.teamName(c) + ": members available per hour of the week (" + q.tzName + ")"
	return svgBlob(c, svg.Heatmap{Title: title, Loc: q.loc, Members: len(in.Members), Grid: grid}.SVG())
}
