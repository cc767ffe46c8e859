package planner

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/overlap/overlap/scheduler"
	"github.com/overlap/overlap/store"
)

// ResponseHorizon is how far ahead an answer is searched for.
const ResponseHorizon = 60 * 24 * time.Hour

// FieldError names one input a use case refuses once it has read the
// store (a member that does not exist, a team without members).
type FieldError struct{ Field, Message string }

// InvalidError is the inputs a use case refused; the API reports it as a
// validation problem naming each field. Kind, when set, is the sentinel it
// also is (errors.Is), such as ErrInvalidSeries.
type InvalidError struct {
	Fields []FieldError
	Kind   error
}

// Unwrap returns Kind.
func (e *InvalidError) Unwrap() error { return e.Kind }

func (e *InvalidError) Error() string {
	parts := make([]string, len(e.Fields))
	for i, f := range e.Fields {
		parts[i] = f.Field + ": " + f.Message
	}
	return strings.Join(parts, "; ")
}

// errNoMembers: a team question needs someone to answer it.
var errNoMembers = &InvalidError{Fields: []FieldError{{Field: "team", Message: "the team has no members"}}}

// Expectation is when one member is expected to answer a message, and why.
type Expectation struct {
	MemberID, Name string
	Loc            *time.Location
	Sent           time.Time
	Priority       store.Priority
	Rule           store.PolicyRule
	Answer         scheduler.Answer
	// Explanation is the answer as ordered plain-language steps.
	Explanation []string
}

// OnCallAnswer names who answers an urgent message the recipient cannot.
type OnCallAnswer struct {
	MemberID, Name, Timezone string
	RespondBy                time.Time
}

// MemberResponse is a member's expectation, with the on-call fallback of
// the team the message was sent in.
type MemberResponse struct {
	Expectation
	OnCall *OnCallAnswer
}

// TeamResponse is the earliest answer over a team (follow the sun).
type TeamResponse struct {
	In      *Input        // the team, loaded over [sent, sent+ResponseHorizon)
	Members []Expectation // in the order of In.Members
	// Best indexes the member who answers first; -1 when nobody does.
	Best   int
	OnCall *OnCallAnswer
}

// MemberResponseTime is when a member answers a message sent at sent,
// under the policy of teamID ("" for the default policy). ErrNotFound for
// a member or team that is not the org's.
func (p *Planner) MemberResponseTime(ctx context.Context, orgID, memberID, teamID string, sent time.Time, pr store.Priority) (MemberResponse, error) {
	m, err := p.store.Member(ctx, orgID, memberID)
	if err != nil {
		return MemberResponse{}, err
	}
	policy := store.DefaultResponsePolicy()
	if teamID != "" {
		if policy, _, err = p.ResponsePolicy(ctx, orgID, teamID); err != nil {
			return MemberResponse{}, err
		}
	}
	in, err := p.Member(ctx, m, sent, sent.Add(ResponseHorizon))
	if err != nil {
		return MemberResponse{}, err
	}
	e, err := expect(in.Members[0], m.Name, in.Zones[m.ID], sent, pr, policy)
	if err != nil {
		return MemberResponse{}, err
	}
	// The team is only loaded if the fallback applies (OnCallShifts loads it).
	onCall, err := p.onCallFallback(ctx, orgID, teamID, nil, sent, e.Rule, firstAvailable(e.Answer))
	return MemberResponse{Expectation: e, OnCall: onCall}, err
}

// TeamResponseTime is when each member of a team answers a message sent at
// sent, and who answers first. ErrNotFound for another org's team.
func (p *Planner) TeamResponseTime(ctx context.Context, orgID, teamID string, sent time.Time, pr store.Priority) (TeamResponse, error) {
	out, policy, err := p.teamReplies(ctx, orgID, teamID, sent, pr)
	if err != nil {
		return TeamResponse{}, err
	}
	if len(out.Members) == 0 {
		return TeamResponse{}, errNoMembers
	}
	var first *time.Time
	if out.Best >= 0 {
		first = firstAvailable(out.Members[out.Best].Answer)
	}
	out.OnCall, err = p.onCallFallback(ctx, orgID, teamID, out.In, sent, policy.Rules[pr], first)
	return out, err
}

// TeamReplies is when each member of a team answers a message sent at
// sent, without the on-call fallback; an empty team has no replies.
// ErrNotFound for another org's team.
func (p *Planner) TeamReplies(ctx context.Context, orgID, teamID string, sent time.Time, pr store.Priority) (TeamResponse, error) {
	out, _, err := p.teamReplies(ctx, orgID, teamID, sent, pr)
	return out, err
}

func (p *Planner) teamReplies(ctx context.Context, orgID, teamID string, sent time.Time, pr store.Priority) (TeamResponse, store.ResponsePolicy, error) {
	policy, _, err := p.ResponsePolicy(ctx, orgID, teamID)
	if err != nil {
		return TeamResponse{}, policy, err
	}
	in, err := p.Team(ctx, orgID, teamID, sent, sent.Add(ResponseHorizon))
	if err != nil {
		return TeamResponse{}, policy, err
	}
	out := TeamResponse{In: in, Members: make([]Expectation, len(in.Members))}
	answers := make([]scheduler.Answer, len(in.Members))
	for i, m := range in.Members {
		if out.Members[i], err = expect(m, in.Names[m.ID], in.Zones[m.ID], sent, pr, policy); err != nil {
			return TeamResponse{}, policy, err
		}
		answers[i] = out.Members[i].Answer
	}
	out.Best = scheduler.EarliestAnswer(answers)
	return out, policy, nil
}

// expect computes one member's expectation.
func expect(m scheduler.Member, name string, loc *time.Location, sent time.Time, pr store.Priority, policy store.ResponsePolicy) (Expectation, error) {
	e := Expectation{MemberID: m.ID, Name: name, Loc: loc, Sent: sent, Priority: pr, Rule: policy.Rules[pr]}
	r, err := scheduler.NewResponder(m, sent, sent.Add(ResponseHorizon), responseOptions(policy))
	if err != nil {
		return e, err
	}
	e.Answer = r.RespondBy(sent, e.Rule.Within, scheduler.Clock(e.Rule.Clock))
	e.Explanation = explain(e.Answer, loc, e.Rule)
	return e, nil
}

func responseOptions(policy store.ResponsePolicy) scheduler.ResponseOptions {
	return scheduler.ResponseOptions{MeetingsBlock: policy.MeetingsBlock, Horizon: ResponseHorizon}
}

// firstAvailable is when a's member can first answer, for the on-call
// fallback: nil when they cannot within the target's reach (no respond_by)
// or are not available at all (on the calendar clock respond_by is found
// even then).
func firstAvailable(a scheduler.Answer) *time.Time {
	if !a.Found || a.FirstAvailableAt.IsZero() {
		return nil
	}
	return &a.FirstAvailableAt
}

// onCallFallback names who answers when the recipient cannot within the
// target: the fallback applies when the first available instant is after
// sent + within. in holds the team when it is already loaded.
func (p *Planner) onCallFallback(ctx context.Context, orgID, teamID string, in *Input, sent time.Time, rule store.PolicyRule, first *time.Time) (*OnCallAnswer, error) {
	if !rule.OnCallFallback || teamID == "" || (first != nil && !first.After(sent.Add(rule.Within))) {
		return nil, nil
	}
	o, err := p.OnCall(ctx, orgID, teamID)
	if errors.Is(err, ErrNoOnCall) {
		return nil, nil // no schedule, no fallback
	}
	if err != nil {
		return nil, err
	}
	shifts, err := p.OnCallShifts(ctx, orgID, teamID, o, in, sent, sent.Add(time.Minute))
	if err != nil || len(shifts) == 0 || shifts[0].Gap {
		return nil, err
	}
	refs, err := p.shiftRefs(ctx, orgID, shifts[:1])
	if err != nil {
		return nil, err
	}
	ref := refs[shifts[0].MemberID]
	return &OnCallAnswer{MemberID: shifts[0].MemberID, Name: ref.Name, Timezone: ref.Timezone, RespondBy: sent.Add(rule.Within)}, nil
}

// local formats an instant for people in a zone: "Sat 10:00 in Asia/Tokyo".
func local(t time.Time, loc *time.Location) string {
	return t.In(loc).Format("Mon 2006-01-02 15:04") + " in " + loc.String()
}

// explain turns an answer into ordered plain-language steps.
func explain(a scheduler.Answer, loc *time.Location, rule store.PolicyRule) []string {
	steps := []string{}
	for _, w := range a.Waits {
		switch w.Reason {
		case scheduler.StatusOutsideHours:
			steps = append(steps, fmt.Sprintf("%s is outside working hours", local(w.Start, loc)))
		case scheduler.StatusHoliday:
			steps = append(steps, fmt.Sprintf("%s is a public holiday", w.Start.In(loc).Format("Mon 2006-01-02")))
		case scheduler.StatusTimeOff:
			steps = append(steps, fmt.Sprintf("time off until %s", local(w.End, loc)))
		case scheduler.StatusOOF:
			steps = append(steps, fmt.Sprintf("out of office until %s", local(w.End, loc)))
		default:
			steps = append(steps, fmt.Sprintf("in a meeting until %s", local(w.End, loc)))
		}
	}
	days := int(ResponseHorizon.Hours() / 24)
	if a.FirstAvailableAt.IsZero() {
		return append(steps, fmt.Sprintf("not available in the next %d days", days))
	}
	if len(a.Waits) == 0 {
		steps = append(steps, fmt.Sprintf("available when the message arrives (%s)", local(a.SentAt, loc)))
	} else {
		steps = append(steps, fmt.Sprintf("first available %s", local(a.FirstAvailableAt, loc)))
	}
	if !a.Found {
		return append(steps, fmt.Sprintf("respond_by is beyond the %d-day horizon: %s of working time is not reached in the next %d days",
			days, HumanDuration(rule.Within), days))
	}
	if rule.Clock == "working" {
		return append(steps, fmt.Sprintf("answer expected after %s of working time: by %s", HumanDuration(rule.Within), local(a.RespondBy, loc)))
	}
	return append(steps, fmt.Sprintf("answer expected within %s of the message: by %s", HumanDuration(rule.Within), local(a.RespondBy, loc)))
}

// HumanDuration writes a duration for people: "45 min", "1 hour", "2 h 30 min".
func HumanDuration(d time.Duration) string {
	h, m := int(d.Hours()), int(d.Minutes())%60
	switch {
	case h == 0:
		return fmt.Sprintf("%d min", m)
	case m == 0 && h == 1:
		return "1 hour"
	case m == 0:
		return fmt.Sprintf("%d hours", h)
	}
	return fmt.Sprintf("%d h %d min", h, m)
}

// DelayStats summarise expected delays.
type DelayStats struct {
	Samples       int
	P50, P90, Max time.Duration
}

// ZoneDelays are the delays seen by senders in one zone, by their local hour.
type ZoneDelays struct {
	Zone  string
	Hours [24]DelayStats
}

// ResponseAnalytics is the distribution of expected delays of a message
// sent at every hour of a range, answered by whoever answers first.
type ResponseAnalytics struct {
	Overall DelayStats
	ByZone  []ZoneDelays // by zone name
}

// ResponseAnalytics answers, for a message sent at each whole hour of
// [from, to), how long the team takes to answer it; ErrNotFound for
// another org's team.
func (p *Planner) ResponseAnalytics(ctx context.Context, orgID, teamID string, from, to time.Time, pr store.Priority) (ResponseAnalytics, error) {
	policy, _, err := p.ResponsePolicy(ctx, orgID, teamID)
	if err != nil {
		return ResponseAnalytics{}, err
	}
	in, err := p.Team(ctx, orgID, teamID, from, to.Add(ResponseHorizon))
	if err != nil {
		return ResponseAnalytics{}, err
	}
	if len(in.Members) == 0 {
		return ResponseAnalytics{}, errNoMembers
	}
	responders := make([]*scheduler.Responder, len(in.Members))
	for i, m := range in.Members {
		if responders[i], err = scheduler.NewResponder(m, from, to.Add(ResponseHorizon), responseOptions(policy)); err != nil {
			return ResponseAnalytics{}, err
		}
	}
	zones := map[string]*time.Location{}
	for _, loc := range in.Zones {
		zones[loc.String()] = loc
	}
	byZone := map[string]*[24][]time.Duration{}
	for name := range zones {
		byZone[name] = &[24][]time.Duration{}
	}
	var all []time.Duration
	rule := policy.Rules[pr]
	for sent := from.Truncate(time.Hour); sent.Before(to); sent = sent.Add(time.Hour) {
		if sent.Before(from) {
			continue
		}
		best := firstAnswer(responders, sent, rule)
		all = append(all, best)
		for name, loc := range zones {
			h := sent.In(loc).Hour()
			byZone[name][h] = append(byZone[name][h], best)
		}
	}
	out := ResponseAnalytics{Overall: delayStats(all), ByZone: make([]ZoneDelays, 0, len(zones))}
	for name, hours := range byZone {
		zd := ZoneDelays{Zone: name}
		for h := range hours {
			zd.Hours[h] = delayStats(hours[h])
		}
		out.ByZone = append(out.ByZone, zd)
	}
	sort.Slice(out.ByZone, func(i, j int) bool { return out.ByZone[i].Zone < out.ByZone[j].Zone })
	return out, nil
}

// firstAnswer is the delay of the earliest answer to a message sent at
// sent; the horizon when nobody answers within it.
func firstAnswer(responders []*scheduler.Responder, sent time.Time, rule store.PolicyRule) time.Duration {
	best := time.Duration(-1)
	for _, r := range responders {
		if a := r.RespondBy(sent, rule.Within, scheduler.Clock(rule.Clock)); a.Found && (best < 0 || a.RespondBy.Sub(sent) < best) {
			best = a.RespondBy.Sub(sent)
		}
	}
	if best < 0 {
		return ResponseHorizon
	}
	return best
}

func delayStats(d []time.Duration) DelayStats {
	if len(d) == 0 {
		return DelayStats{}
	}
	sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
	q := func(p float64) time.Duration { return d[int(float64(len(d)-1)*p)] }
	return DelayStats{Samples: len(d), P50: q(0.5), P90: q(0.9), Max: d[len(d)-1]}
}
