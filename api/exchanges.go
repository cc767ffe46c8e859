package api

import (
	"net/http"
	"slices"
	"time"

	"github.com/labstack/echo/v4"

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
	ctx := c.Request().Context()
	teamID := c.Param("id")
	if _, err := s.store.Team(ctx, principal(c).OrgID, teamID); err != nil {
		return err
	}
	var req ExchangeRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	v := &ValidationError{}
	e := store.Exchange{OrgID: principal(c).OrgID, TeamID: teamID, FromMember: req.FromMember, ToMember: req.ToMember, Priority: store.Priority(req.Priority)}
	if e.Priority == "" {
		e.Priority = store.PriorityNormal
	}
	if !slices.Contains(priorities, e.Priority) {
		v.add("priority", "must be urgent, normal or low")
	}
	e.SentAt = parseInstant(v, "sent_at", req.SentAt)
	if req.AnsweredAt != "" {
		a := parseInstant(v, "answered_at", req.AnsweredAt)
		if !a.IsZero() && a.Before(e.SentAt) {
			v.add("answered_at", "must not be before sent_at")
		}
		e.AnsweredAt = &a
	}
	members, err := s.store.MembersByID(ctx, e.OrgID, []string{req.FromMember, req.ToMember})
	if err != nil {
		return err
	}
	var to *store.Member
	for i := range members {
		if members[i].ID == req.ToMember {
			to = &members[i]
		}
	}
	if req.FromMember == "" || !slices.ContainsFunc(members, func(m store.Member) bool { return m.ID == req.FromMember }) {
		v.add("from_member", "is not a member of this organization")
	}
	if to == nil {
		v.add("to_member", "is not a member of this organization")
	}
	if err := v.err(); err != nil {
		return err
	}
	policy, _, err := s.teamPolicy(c, teamID)
	if err != nil {
		return err
	}
	in, err := s.planner.Member(ctx, *to, e.SentAt, e.SentAt.Add(responseHorizon))
	if err != nil {
		return err
	}
	if _, a, err := answer(in.Members[0], to.Name, in.Zones[to.ID], e.SentAt, e.Priority, policy); err != nil {
		return err
	} else if a.Found {
		e.ExpectedBy = &a.RespondBy
	}
	if err := s.store.CreateExchange(ctx, &e); err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, exchangeResponse(e))
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

func exchangeStats(es []store.Exchange) ExchangeStats {
	st := ExchangeStats{Exchanges: len(es)}
	var judged int
	var late []time.Duration
	for _, e := range es {
		if e.AnsweredAt == nil {
			continue
		}
		st.Answered++
		if e.ExpectedBy == nil {
			continue
		}
		judged++
		if !e.AnsweredAt.After(*e.ExpectedBy) {
			st.Met++
		} else {
			late = append(late, e.AnsweredAt.Sub(*e.ExpectedBy))
		}
	}
	if judged > 0 {
		r := round3(float64(st.Met) / float64(judged))
		st.MetRate = &r
	}
	if len(late) > 0 {
		slices.Sort(late)
		m := late[(len(late)-1)/2].Minutes()
		st.LateMinutesP50 = &m
		d := formatDuration(late[(len(late)-1)/2])
		st.LateP50 = &d
	}
	return st
}

func (s *Server) exchangeAnalytics(c echo.Context) error {
	from, to, err := rangeParams(c, maxRange)
	if err != nil {
		return err
	}
	es, err := s.store.ExchangesBetween(c.Request().Context(), principal(c).OrgID, c.Param("id"), from, to)
	if err != nil {
		return err
	}
	out := ExchangeAnalyticsResponse{TeamID: c.Param("id"), Overall: exchangeStats(es), ByRecipient: []MemberExchangeStats{}, ByPriority: map[string]ExchangeStats{}}
	byTo := map[string][]store.Exchange{}
	byP := map[string][]store.Exchange{}
	var order []string
	for _, e := range es {
		if _, ok := byTo[e.ToMember]; !ok {
			order = append(order, e.ToMember)
		}
		byTo[e.ToMember] = append(byTo[e.ToMember], e)
		byP[string(e.Priority)] = append(byP[string(e.Priority)], e)
	}
	slices.Sort(order)
	refs, err := s.memberRefs(c.Request().Context(), principal(c).OrgID, order)
	if err != nil {
		return err
	}
	for _, m := range order {
		out.ByRecipient = append(out.ByRecipient, MemberExchangeStats{MemberID: m, Name: refs[m].Name, Timezone: refs[m].Timezone, ExchangeStats: exchangeStats(byTo[m])})
	}
	for p, list := range byP {
		out.ByPriority[p] = exchangeStats(list)
	}
	return c.JSON(http.StatusOK, out)
}
