package api

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
)

// CoverageResponse says when at least one member is available.
type CoverageResponse struct {
	TeamID         string         `json:"team_id"`
	Fraction       float64        `json:"fraction"`
	CoveredMinutes int64          `json:"covered_minutes"`
	Gaps           []IntervalJSON `json:"gaps"`
}

// IntervalJSON is a UTC interval.
type IntervalJSON struct {
	Start string `json:"start"`
	End   string `json:"end"`
}

// TrendWeek is the team overlap of one week.
type TrendWeek struct {
	Year         int     `json:"year"`
	Week         int     `json:"week"`
	Start        string  `json:"start"`
	End          string  `json:"end"`
	OverlapHours float64 `json:"overlap_hours"`
}

// TrendResponse is the weekly trend of team overlap.
type TrendResponse struct {
	TeamID   string      `json:"team_id"`
	Timezone string      `json:"timezone"`
	Weeks    []TrendWeek `json:"weeks"`
}

// HeatCellResponse is one hour of the week.
type HeatCellResponse struct {
	Weekday       string  `json:"weekday"`
	Hour          int     `json:"hour"`
	MeanAvailable float64 `json:"mean_available"`
}

// HeatmapResponse is the mean number of available members per hour of the week.
type HeatmapResponse struct {
	TeamID   string             `json:"team_id"`
	Timezone string             `json:"timezone"`
	Members  int                `json:"members"`
	Cells    []HeatCellResponse `json:"cells"`
}

func (s *Server) teamCoverage(c echo.Context) error {
	q, err := parseAnalysis(c, false)
	if err != nil {
		return err
	}
	a, err := s.planner.TeamCoverage(c.Request().Context(), principal(c).OrgID, c.Param("id"), q)
	if err != nil {
		return err
	}
	r := a.Coverage
	out := CoverageResponse{TeamID: c.Param("id"), Fraction: round3(r.Fraction), CoveredMinutes: int64(r.Covered / time.Minute), Gaps: make([]IntervalJSON, len(r.Gaps))}
	if len(a.In.Members) == 0 {
		out.Gaps = []IntervalJSON{{Start: fmtTime(q.From), End: fmtTime(q.To)}}
	}
	for i, g := range r.Gaps {
		out.Gaps[i] = IntervalJSON{Start: fmtTime(g.Start), End: fmtTime(g.End)}
	}
	return c.JSON(http.StatusOK, out)
}

func (s *Server) teamTrend(c echo.Context) error {
	q, err := parseAnalysis(c, false)
	if err != nil {
		return err
	}
	weeks, err := s.planner.TeamTrend(c.Request().Context(), principal(c).OrgID, c.Param("id"), q)
	if err != nil {
		return err
	}
	out := TrendResponse{TeamID: c.Param("id"), Timezone: q.Loc.String(), Weeks: make([]TrendWeek, len(weeks))}
	for i, w := range weeks {
		out.Weeks[i] = TrendWeek{Year: w.Year, Week: w.Week, Start: fmtTime(w.Start), End: fmtTime(w.End), OverlapHours: round3(w.Overlap.Hours())}
	}
	return c.JSON(http.StatusOK, out)
}

func (s *Server) teamHeatmap(c echo.Context) error {
	q, err := parseAnalysis(c, false)
	if err != nil {
		return err
	}
	r, err := s.planner.TeamHeatmap(c.Request().Context(), principal(c).OrgID, c.Param("id"), q)
	if err != nil {
		return err
	}
	if wantsSVG(c) {
		return s.heatmapSVG(c, r, q.Loc)
	}
	out := HeatmapResponse{TeamID: c.Param("id"), Timezone: q.Loc.String(), Members: len(r.In.Members), Cells: make([]HeatCellResponse, 0, 7*24)}
	for _, d := range []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday} {
		for h := 0; h < 24; h++ {
			out.Cells = append(out.Cells, HeatCellResponse{Weekday: dayKeys[d], Hour: h, MeanAvailable: round3(r.Grid[d][h].Mean)})
		}
	}
	return c.JSON(http.StatusOK, out)
}
