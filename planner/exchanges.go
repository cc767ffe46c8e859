package planner

import (
	"context"
	"slices"
	"time"

	"github.com/overlap/overlap/store"
)

// RecordExchange stores a real exchange with the expectation its recipient
// had when the message was sent (ExpectedBy, nil when no answer was due
// within the horizon). ErrNotFound for another org's team; an
// InvalidError when from or to is not a member of the org.
func (p *Planner) RecordExchange(ctx context.Context, e *store.Exchange) error {
	policy, _, err := p.ResponsePolicy(ctx, e.OrgID, e.TeamID)
	if err != nil {
		return err
	}
	members, err := p.store.MembersByID(ctx, e.OrgID, []string{e.FromMember, e.ToMember})
	if err != nil {
		return err
	}
	isFrom := func(m store.Member) bool { return m.ID == e.FromMember }
	to := slices.IndexFunc(members, func(m store.Member) bool { return m.ID == e.ToMember })
	var bad []FieldError
	if e.FromMember == "" || !slices.ContainsFunc(members, isFrom) {
		bad = append(bad, FieldError{Field: "from_member", Message: "is not a member of this organization"})
	}
	if to < 0 {
		bad = append(bad, FieldError{Field: "to_member", Message: "is not a member of this organization"})
	}
	if len(bad) > 0 {
		return &InvalidError{Fields: bad}
	}
	in, err := p.Member(ctx, members[to], e.SentAt, e.SentAt.Add(ResponseHorizon))
	if err != nil {
		return err
	}
	x, err := expect(in.Members[0], members[to].Name, in.Zones[e.ToMember], e.SentAt, e.Priority, policy)
	if err != nil {
		return err
	}
	if x.Answer.Found {
		e.ExpectedBy = &x.Answer.RespondBy
	}
	return p.store.CreateExchange(ctx, e)
}

// ExchangeStats say how often answers met the expectation.
type ExchangeStats struct {
	Exchanges, Answered, Met int
	// Judged counts answered exchanges that had an expectation: the base of
	// the met rate.
	Judged int
	// LateP50 is the median lateness of late answers; nil when none was late.
	LateP50 *time.Duration
}

// MetRate is the share of judged exchanges that met the expectation; false
// when none was judged.
func (s ExchangeStats) MetRate() (float64, bool) {
	if s.Judged == 0 {
		return 0, false
	}
	return float64(s.Met) / float64(s.Judged), true
}

// RecipientStats are one recipient's figures.
type RecipientStats struct {
	MemberID, Name, Timezone string
	ExchangeStats
}

// ExchangeAnalytics compares real answers with expectations.
type ExchangeAnalytics struct {
	Overall     ExchangeStats
	ByRecipient []RecipientStats // by member ID
	ByPriority  map[store.Priority]ExchangeStats
}

// ExchangeAnalytics sums up a team's exchanges sent in [from, to);
// ErrNotFound for another org's team.
func (p *Planner) ExchangeAnalytics(ctx context.Context, orgID, teamID string, from, to time.Time) (ExchangeAnalytics, error) {
	es, err := p.store.ExchangesBetween(ctx, orgID, teamID, from, to)
	if err != nil {
		return ExchangeAnalytics{}, err
	}
	out := ExchangeAnalytics{Overall: exchangeStats(es), ByRecipient: []RecipientStats{}, ByPriority: map[store.Priority]ExchangeStats{}}
	byTo := map[string][]store.Exchange{}
	byP := map[store.Priority][]store.Exchange{}
	var order []string
	for _, e := range es {
		if _, ok := byTo[e.ToMember]; !ok {
			order = append(order, e.ToMember)
		}
		byTo[e.ToMember] = append(byTo[e.ToMember], e)
		byP[e.Priority] = append(byP[e.Priority], e)
	}
	slices.Sort(order)
	var members []store.Member
	if len(order) > 0 {
		if members, err = p.store.MembersByID(ctx, orgID, order); err != nil {
			return ExchangeAnalytics{}, err
		}
	}
	for _, id := range order {
		r := RecipientStats{MemberID: id, ExchangeStats: exchangeStats(byTo[id])}
		if i := slices.IndexFunc(members, func(m store.Member) bool { return m.ID == id }); i >= 0 {
			r.Name, r.Timezone = members[i].Name, members[i].Timezone
		}
		out.ByRecipient = append(out.ByRecipient, r)
	}
	for pr, list := range byP {
		out.ByPriority[pr] = exchangeStats(list)
	}
	return out, nil
}

func exchangeStats(es []store.Exchange) ExchangeStats {
	st := ExchangeStats{Exchanges: len(es)}
	var late []time.Duration
	for _, e := range es {
		if e.AnsweredAt == nil {
			continue
		}
		st.Answered++
		if e.ExpectedBy == nil {
			continue
		}
		st.Judged++
		if !e.AnsweredAt.After(*e.ExpectedBy) {
			st.Met++
		} else {
			late = append(late, e.AnsweredAt.Sub(*e.ExpectedBy))
		}
	}
	if len(late) > 0 {
		slices.Sort(late)
		st.LateP50 = &late[(len(late)-1)/2]
	}
	return st
}
