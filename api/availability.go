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

// analysisQuery is the validated query of the availability endpoints.
type analysisQuery struct {
	from, to      time.Time
	minDuration   time.Duration
	duration      time.Duration
	quorum, limit int
	percentage    float64 // minimum_attendee_percentage; 0 when not given
	tentativeFree bool
	loc           *time.Location
	tzName        string
}

// parseAnalysis reads from, to and tentative, plus what each endpoint asks for.
func parseAnalysis(c echo.Context, wantDuration bool) (analysisQuery, error) {
	return parseAnalysisFrom(c.QueryParam, wantDuration)
}

// parseAnalysisFrom is parseAnalysis over any source of named values (the
// query string of the team routes, the body of the ad-hoc ones).
func parseAnalysisFrom(get func(string) string, wantDuration bool) (analysisQuery, error) {
	q := analysisQuery{limit: scheduler.DefaultLimit, loc: time.UTC, tzName: "UTC"}
	v := &ValidationError{}
	q.from = parseInstant(v, "from", get("from"))
	q.to = parseInstant(v, "to", get("to"))
	if len(v.Errors) == 0 {
		if !q.to.After(q.from) {
			v.add("to", "must be after from")
		} else if q.to.Sub(q.from) > scheduler.MaxRange {
			v.add("to", "the range is limited to %d days", int(scheduler.MaxRange/(24*time.Hour)))
		}
	}
	switch get("tentative") {
	case "", "busy":
	case "free":
		q.tentativeFree = true
	default:
		v.add("tentative", "must be busy or free")
	}
	durationParam(v, get, "min_duration", &q.minDuration)
	if wantDuration {
		if get("duration") == "" {
			v.add("duration", "is required, e.g. PT1H")
		}
		durationParam(v, get, "duration", &q.duration)
		if q.duration != 0 && q.duration < 15*time.Minute {
			v.add("duration", "must be at least PT15M")
		}
	}
	intParam(v, get, "quorum", 1, 1<<20, &q.quorum)
	intParam(v, get, "limit", 1, 50, &q.limit)
	percentageParam(v, get, &q)
	if tz := get("tz"); tz != "" {
		q.tzName = tz
		q.loc = loadZone(v, "tz", tz)
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

// checkQuorum rejects a quorum larger than the team and turns a
// minimum_attendee_percentage into a quorum for n members.
func (q *analysisQuery) checkQuorum(n int) error {
	if q.percentage > 0 && n > 0 {
		q.quorum = quorumOf(q.percentage, n)
	}
	if q.quorum > n && n > 0 {
		return invalid("quorum", "is larger than the team (%d members)", n)
	}
	return nil
}

func (s *Server) memberAvailability(c echo.Context) error {
	ctx := c.Request().Context()
	m, err := s.store.Member(ctx, principal(c).OrgID, c.Param("id"))
	if err != nil {
		return err
	}
	q, err := parseAnalysis(c, false)
	if err != nil {
		return err
	}
	in, err := s.planner.Member(ctx, m, q.from, q.to)
	if err != nil {
		return err
	}
	pieces, err := scheduler.Availability(in.Members[0], q.from, q.to, scheduler.AvailabilityOptions{TentativeFree: q.tentativeFree})
	if err != nil {
		return err
	}
	out := AvailabilityResponse{MemberID: m.ID, Timezone: m.Timezone, From: fmtTime(q.from), To: fmtTime(q.to), Stale: in.Stale[m.ID],
		Pieces: make([]PieceResponse, len(pieces))}
	for i, p := range pieces {
		out.Pieces[i] = PieceResponse{Start: fmtTime(p.Start), End: fmtTime(p.End), Status: string(p.Status)}
	}
	return c.JSON(http.StatusOK, out)
}

// teamInput loads a team for an analysis query.
func (s *Server) teamInput(c echo.Context, wantDuration bool) (*planner.Input, analysisQuery, error) {
	ctx := c.Request().Context()
	if _, err := s.store.Team(ctx, principal(c).OrgID, c.Param("id")); err != nil {
		return nil, analysisQuery{}, err
	}
	q, err := parseAnalysis(c, wantDuration)
	if err != nil {
		return nil, q, err
	}
	in, err := s.planner.Team(ctx, principal(c).OrgID, c.Param("id"), q.from, q.to)
	if err != nil {
		return nil, q, err
	}
	err = q.checkQuorum(len(in.Members))
	return in, q, err
}
