package api

import (
	"cmp"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/overlap/overlap/planner"
	"github.com/overlap/overlap/store"
)

// OnCallAnswer is who answers an urgent message the recipient cannot.
type OnCallAnswer struct {
	MemberID  string `json:"member_id"`
	Name      string `json:"name"`
	Timezone  string `json:"timezone"`
	RespondBy string `json:"respond_by"`
}

// ResponseTimeResponse is the expectation for one recipient.
type ResponseTimeResponse struct {
	MemberID         string        `json:"member_id"`
	Name             string        `json:"name"`
	Timezone         string        `json:"timezone"`
	SentAt           string        `json:"sent_at"`
	Priority         string        `json:"priority"`
	FirstAvailableAt *string       `json:"first_available_at"`
	RespondBy        *string       `json:"respond_by"`
	Clock            string        `json:"clock"`
	Within           string        `json:"within"`
	Explanation      []string      `json:"explanation"`
	OnCall           *OnCallAnswer `json:"on_call,omitempty"`
}

// TeamResponseTimeResponse is the earliest answer over a team (follow the sun).
type TeamResponseTimeResponse struct {
	TeamID    string                 `json:"team_id"`
	SentAt    string                 `json:"sent_at"`
	Priority  string                 `json:"priority"`
	RespondBy *string                `json:"respond_by"`
	MemberID  *string                `json:"member_id"`
	Name      *string                `json:"name"`     // of member_id
	Timezone  *string                `json:"timezone"` // of member_id
	OnCall    *OnCallAnswer          `json:"on_call,omitempty"`
	Members   []ResponseTimeResponse `json:"members"`
}

// responseQuery reads sent_at and priority.
func responseQuery(c echo.Context) (time.Time, store.Priority, error) {
	v := &ValidationError{}
	sent := parseInstant(v, "sent_at", c.QueryParam("sent_at"))
	p := priorityParam(v, c.QueryParam("priority"))
	return sent, p, v.err()
}

// priorityParam reads a priority; normal when left out.
func priorityParam(v *ValidationError, s string) store.Priority {
	p := store.Priority(cmp.Or(s, string(store.PriorityNormal)))
	if !p.Valid() {
		v.add("priority", "must be urgent, normal or low")
	}
	return p
}

// expectationResponse is one member's expectation on the wire.
func expectationResponse(e planner.Expectation) ResponseTimeResponse {
	out := ResponseTimeResponse{MemberID: e.MemberID, Name: e.Name, Timezone: e.Loc.String(), SentAt: fmtTime(e.Sent), Priority: string(e.Priority),
		Clock: e.Rule.Clock, Within: formatDuration(e.Rule.Within), Explanation: e.Explanation}
	if !e.Answer.FirstAvailableAt.IsZero() {
		out.FirstAvailableAt = fmtTimePtr(&e.Answer.FirstAvailableAt)
	}
	if e.Answer.Found {
		out.RespondBy = fmtTimePtr(&e.Answer.RespondBy)
	}
	return out
}

func onCallAnswer(o *planner.OnCallAnswer) *OnCallAnswer {
	if o == nil {
		return nil
	}
	return &OnCallAnswer{MemberID: o.MemberID, Name: o.Name, Timezone: o.Timezone, RespondBy: fmtTime(o.RespondBy)}
}

func (s *Server) memberResponseTime(c echo.Context) error {
	sent, p, err := responseQuery(c)
	if err != nil {
		return err
	}
	r, err := s.planner.MemberResponseTime(c.Request().Context(), principal(c).OrgID, c.Param("id"), c.QueryParam("team_id"), sent, p)
	if err != nil {
		return err
	}
	out := expectationResponse(r.Expectation)
	out.OnCall = onCallAnswer(r.OnCall)
	return c.JSON(http.StatusOK, out)
}

func (s *Server) teamResponseTime(c echo.Context) error {
	sent, p, err := responseQuery(c)
	if err != nil {
		return err
	}
	r, err := s.planner.TeamResponseTime(c.Request().Context(), principal(c).OrgID, c.Param("id"), sent, p)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, teamResponseTimeResponse(c.Param("id"), sent, p, r))
}

func teamResponseTimeResponse(teamID string, sent time.Time, p store.Priority, r planner.TeamResponse) TeamResponseTimeResponse {
	out := TeamResponseTimeResponse{TeamID: teamID, SentAt: fmtTime(sent), Priority: string(p), Members: make([]ResponseTimeResponse, len(r.Members)),
		OnCall: onCallAnswer(r.OnCall)}
	for i, e := range r.Members {
		out.Members[i] = expectationResponse(e)
	}
	if r.Best >= 0 {
		best := out.Members[r.Best]
		out.RespondBy, out.MemberID, out.Name, out.Timezone = best.RespondBy, &best.MemberID, &best.Name, &best.Timezone
	}
	return out
}

// DelayStats summarise expected delays in minutes.
type DelayStats struct {
	Samples    int     `json:"samples"`
	P50Minutes float64 `json:"p50_minutes"`
	P90Minutes float64 `json:"p90_minutes"`
	MaxMinutes float64 `json:"max_minutes"`
	// P50, P90 and Max are the same figures as ISO 8601 durations, as
	// durations are everywhere else in the API.
	P50 string `json:"p50"`
	P90 string `json:"p90"`
	Max string `json:"max"`
}

// HourDelays are the delays of messages sent at one local hour.
type HourDelays struct {
	Hour int `json:"hour"`
	DelayStats
}

// ZoneDelays are the delays seen by senders in one zone, by their local hour.
type ZoneDelays struct {
	Timezone string       `json:"timezone"`
	Hours    []HourDelays `json:"hours"`
}

// ResponseAnalyticsResponse is the distribution of expected delays.
type ResponseAnalyticsResponse struct {
	TeamID   string       `json:"team_id"`
	Priority string       `json:"priority"`
	Overall  DelayStats   `json:"overall"`
	ByZone   []ZoneDelays `json:"by_sender_zone"`
}

func stats(d planner.DelayStats) DelayStats {
	return DelayStats{Samples: d.Samples, P50Minutes: d.P50.Minutes(), P90Minutes: d.P90.Minutes(), MaxMinutes: d.Max.Minutes(),
		P50: formatDuration(d.P50), P90: formatDuration(d.P90), Max: formatDuration(d.Max)}
}

// responseAnalyticsRange bounds the range of response analytics.
const responseAnalyticsRange = 92 * 24 * time.Hour

func (s *Server) teamResponseAnalytics(c echo.Context) error {
	from, to, err := rangeParams(c, responseAnalyticsRange)
	if err != nil {
		return err
	}
	p, err := priorityQuery(c)
	if err != nil {
		return err
	}
	r, err := s.planner.ResponseAnalytics(c.Request().Context(), principal(c).OrgID, c.Param("id"), from, to, p)
	if err != nil {
		return err
	}
	out := ResponseAnalyticsResponse{TeamID: c.Param("id"), Priority: string(p), Overall: stats(r.Overall), ByZone: make([]ZoneDelays, len(r.ByZone))}
	for i, z := range r.ByZone {
		out.ByZone[i] = ZoneDelays{Timezone: z.Zone, Hours: make([]HourDelays, len(z.Hours))}
		for h, d := range z.Hours {
			out.ByZone[i].Hours[h] = HourDelays{Hour: h, DelayStats: stats(d)}
		}
	}
	return c.JSON(http.StatusOK, out)
}

func priorityQuery(c echo.Context) (store.Priority, error) {
	v := &ValidationError{}
	p := priorityParam(v, c.QueryParam("priority"))
	return p, v.err()
}
