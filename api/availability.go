package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/overlap/overlap/planner"
	"github.com/overlap/overlap/scheduler"
)

// PieceResponse is one piece of a member's availability.
type PieceResponse struct {
	Start  string `json:"start"`
	End    string `json:"end"`
	Status string `json:"status"`
}

// AvailabilityResponse partitions [from, to) for one member.
type AvailabilityResponse struct {
	MemberID string          `json:"member_id"`
	Timezone string          `json:"timezone"`
	From     string          `json:"from"`
	To       string          `json:"to"`
	Stale    bool            `json:"stale"`
	Pieces   []PieceResponse `json:"pieces"`
}

// parseAnalysis reads from, to and tentative, plus what each endpoint asks for.
func parseAnalysis(c echo.Context, wantDuration bool) (planner.Question, error) {
	return parseAnalysisFrom(c.QueryParam, wantDuration)
}

// parseAnalysisFrom is parseAnalysis over any source of named values (the
// query string of the team routes, the body of the ad-hoc ones).
func parseAnalysisFrom(get func(string) string, wantDuration bool) (planner.Question, error) {
	q := planner.Question{Limit: scheduler.DefaultLimit, Loc: time.UTC}
	v := &ValidationError{}
	q.From, q.To = readRange(v, get, scheduler.MaxRange)
	switch get("tentative") {
	case "", "busy":
	case "free":
		q.TentativeFree = true
	default:
		v.add("tentative", "must be busy or free")
	}
	durationParam(v, get, "min_duration", &q.MinDuration)
	if wantDuration {
		if get("duration") == "" {
			v.add("duration", "is required, e.g. PT1H")
		}
		durationParam(v, get, "duration", &q.Duration)
		if q.Duration != 0 && q.Duration < 15*time.Minute {
			v.add("duration", "must be at least PT15M")
		}
	}
	intParam(v, get, "quorum", 1, 1<<20, &q.Quorum)
	intParam(v, get, "limit", 1, 50, &q.Limit)
	percentageParam(v, get, &q)
	if tz := get("tz"); tz != "" {
		q.Loc = loadZone(v, "tz", tz)
	}
	return q, v.err()
}

func durationParam(v *ValidationError, get func(string) string, name string, dst *time.Duration) {
	s := get(name)
	if s == "" {
		return
	}
	d, err := parseDuration(s)
	switch {
	case err != nil:
		v.add(name, "%s", err.Error())
	case d <= 0 || d > scheduler.MaxRange:
		v.add(name, "must be positive and at most 366 days")
	default:
		*dst = d
	}
}

func intParam(v *ValidationError, get func(string) string, name string, lo, hi int, dst *int) {
	s := get(name)
	if s == "" {
		return
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < lo || n > hi {
		v.add(name, "must be a whole number from %d to %d", lo, hi)
		return
	}
	*dst = n
}

func (s *Server) memberAvailability(c echo.Context) error {
	q, err := parseAnalysis(c, false)
	if err != nil {
		return err
	}
	r, err := s.planner.MemberAvailability(c.Request().Context(), principal(c).OrgID, c.Param("id"), q)
	if err != nil {
		return err
	}
	out := AvailabilityResponse{MemberID: r.Member.ID, Timezone: r.Member.Timezone, From: fmtTime(q.From), To: fmtTime(q.To), Stale: r.Stale,
		Pieces: make([]PieceResponse, len(r.Pieces))}
	for i, p := range r.Pieces {
		out.Pieces[i] = PieceResponse{Start: fmtTime(p.Start), End: fmtTime(p.End), Status: string(p.Status)}
	}
	return c.JSON(http.StatusOK, out)
}
