package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/overlap/overlap/planner"
	"github.com/overlap/overlap/scheduler"
	"github.com/overlap/overlap/store"
)

// ExchangeRequest records a real exchange.
type ExchangeRequest struct {
	FromMember string `json:"from_member"`
	ToMember   string `json:"to_member"`
	Priority   string `json:"priority"`
	SentAt     string `json:"sent_at"`
	AnsweredAt string `json:"answered_at"`
}

// ExchangeResponse is a recorded exchange with the expectation it had.
type ExchangeResponse struct {
	ID         string  `json:"id"`
	FromMember string  `json:"from_member"`
	ToMember   string  `json:"to_member"`
	Priority   string  `json:"priority"`
	SentAt     string  `json:"sent_at"`
	AnsweredAt *string `json:"answered_at"`
	ExpectedBy *string `json:"expected_by"`
	Met        *bool   `json:"met"` // null while unanswered or without an expectation
}

func exchangeResponse(e store.Exchange) ExchangeResponse {
	r := ExchangeResponse{ID: e.ID, FromMember: e.FromMember, ToMember: e.ToMember, Priority: string(e.Priority), SentAt: fmtTime(e.SentAt),
		AnsweredAt: fmtTimePtr(e.AnsweredAt), ExpectedBy: fmtTimePtr(e.ExpectedBy)}
	if e.AnsweredAt != nil && e.ExpectedBy != nil {
		met := !e.AnsweredAt.After(*e.ExpectedBy)
		r.Met = &met
	}
	return r
}

func (s *Server) createExchange(c echo.Context) error {
	var req ExchangeRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	e, err := req.toExchange(principal(c).OrgID, c.Param("id"))
	if err != nil {
		return err
	}
	if err := s.planner.RecordExchange(c.Request().Context(), &e); err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, exchangeResponse(e))
}

// toExchange validates the request.
func (req *ExchangeRequest) toExchange(orgID, teamID string) (store.Exchange, error) {
	v := &ValidationError{}
	e := store.Exchange{OrgID: orgID, TeamID: teamID, FromMember: req.FromMember, ToMember: req.ToMember, Priority: priorityParam(v, req.Priority)}
	e.SentAt = parseInstant(v, "sent_at", req.SentAt)
	if req.AnsweredAt != "" {
		a := parseInstant(v, "answered_at", req.AnsweredAt)
		if !a.IsZero() && a.Before(e.SentAt) {
			v.add("answered_at", "must not be before sent_at")
		}
		e.AnsweredAt = &a
	}
	return e, v.err()
}

// ExchangeStats says how often answers met the expectation.
type ExchangeStats struct {
	Exchanges int      `json:"exchanges"`
	Answered  int      `json:"answered"`
	Met       int      `json:"met"`
	MetRate   *float64 `json:"met_rate"` // of answered exchanges with an expectation
	// LateMinutesP50 is the median lateness of late answers.
	LateMinutesP50 *float64 `json:"late_minutes_p50"`
	// LateP50 is the same as an ISO 8601 duration.
	LateP50 *string `json:"late_p50"`
}

// MemberExchangeStats are one recipient's figures.
type MemberExchangeStats struct {
	MemberID string `json:"member_id"`
	Name     string `json:"name"`
	Timezone string `json:"timezone"`
	ExchangeStats
}

// ExchangeAnalyticsResponse compares real answers with expectations.
type ExchangeAnalyticsResponse struct {
	TeamID      string                   `json:"team_id"`
	Overall     ExchangeStats            `json:"overall"`
	ByRecipient []MemberExchangeStats    `json:"by_recipient"`
	ByPriority  map[string]ExchangeStats `json:"by_priority"`
}

func exchangeStats(st planner.ExchangeStats) ExchangeStats {
	out := ExchangeStats{Exchanges: st.Exchanges, Answered: st.Answered, Met: st.Met}
	if r, ok := st.MetRate(); ok {
		r = round3(r)
		out.MetRate = &r
	}
	if st.LateP50 != nil {
		m, d := st.LateP50.Minutes(), formatDuration(*st.LateP50)
		out.LateMinutesP50, out.LateP50 = &m, &d
	}
	return out
}

func (s *Server) exchangeAnalytics(c echo.Context) error {
	from, to, err := rangeParams(c, scheduler.MaxRange)
	if err != nil {
		return err
	}
	r, err := s.planner.ExchangeAnalytics(c.Request().Context(), principal(c).OrgID, c.Param("id"), from, to)
	if err != nil {
		return err
	}
	out := ExchangeAnalyticsResponse{TeamID: c.Param("id"), Overall: exchangeStats(r.Overall), ByRecipient: make([]MemberExchangeStats, len(r.ByRecipient)),
		ByPriority: make(map[string]ExchangeStats, len(r.ByPriority))}
	for i, m := range r.ByRecipient {
		out.ByRecipient[i] = MemberExchangeStats{MemberID: m.MemberID, Name: m.Name, Timezone: m.Timezone, ExchangeStats: exchangeStats(m.ExchangeStats)}
	}
	for p, st := range r.ByPriority {
		out.ByPriority[string(p)] = exchangeStats(st)
	}
	return c.JSON(http.StatusOK, out)
}
