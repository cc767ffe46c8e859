package api

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/overlap/overlap/planner"
	"github.com/overlap/overlap/scheduler"
	"github.com/overlap/overlap/store"
)

// responseHorizon is how far ahead an answer is searched for.
const responseHorizon = 60 * 24 * time.Hour

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
	p := store.Priority(c.QueryParam("priority"))
	if p == "" {
		p = store.PriorityNormal
	}
	if !slices.Contains(priorities, p) {
		v.add("priority", "must be urgent, normal or low")
	}
	return sent, p, v.err()
}

// answer computes one member's expectation.
func answer(m scheduler.Member, name string, loc *time.Location, sent time.Time, p store.Priority, policy store.ResponsePolicy) (ResponseTimeResponse, scheduler.Answer, error) {
	rule := policy.Rules[p]
	out := ResponseTimeResponse{MemberID: m.ID, Name: name, Timezone: loc.String(), SentAt: fmtTime(sent), Priority: string(p), Clock: rule.Clock, Within: formatDuration(rule.Within)}
	r, err := scheduler.NewResponder(m, sent, sent.Add(responseHorizon), scheduler.ResponseOptions{MeetingsBlock: policy.MeetingsBlock, Horizon: responseHorizon})
	if err != nil {
		return out, scheduler.Answer{}, err
	}
	a := r.RespondBy(sent, rule.Within, scheduler.Clock(rule.Clock))
	out.Explanation = explain(a, loc, rule)
	if !a.FirstAvailableAt.IsZero() {
		out.FirstAvailableAt = fmtTimePtr(&a.FirstAvailableAt)
	}
	if a.Found {
		out.RespondBy = fmtTimePtr(&a.RespondBy)
	}
	return out, a, nil
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
	days := int(responseHorizon.Hours() / 24)
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
			days, humanDuration(rule.Within), days))
	}
	if rule.Clock == "working" {
		steps = append(steps, fmt.Sprintf("answer expected after %s of working time: by %s", humanDuration(rule.Within), local(a.RespondBy, loc)))
	} else {
		steps = append(steps, fmt.Sprintf("answer expected within %s of the message: by %s", humanDuration(rule.Within), local(a.RespondBy, loc)))
	}
	return steps
}

func humanDuration(d time.Duration) string {
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
// sent_at + within.
func (s *Server) onCallFallback(c echo.Context, teamID string, in *planner.Input, sent time.Time, rule store.PolicyRule, first *time.Time) (*OnCallAnswer, error) {
	if !rule.OnCallFallback || teamID == "" || (first != nil && !first.After(sent.Add(rule.Within))) {
		return nil, nil
	}
	ctx := c.Request().Context()
	o, err := s.planner.OnCall(ctx, principal(c).OrgID, teamID)
	if errors.Is(err, planner.ErrNoOnCall) {
		return nil, nil // no schedule, no fallback
	}
	if err != nil {
		return nil, err
	}
	shifts, err := s.planner.OnCallShifts(ctx, principal(c).OrgID, teamID, o, in, sent, sent.Add(time.Minute))
	if err != nil || len(shifts) == 0 || shifts[0].Gap {
		return nil, err
	}
	refs, err := s.shiftRefs(c, shifts[0])
	if err != nil {
		return nil, err
	}
	ref := refs[shifts[0].MemberID]
	return &OnCallAnswer{MemberID: shifts[0].MemberID, Name: ref.Name, Timezone: ref.Timezone, RespondBy: fmtTime(sent.Add(rule.Within))}, nil
}

func (s *Server) memberResponseTime(c echo.Context) error {
	ctx := c.Request().Context()
	m, err := s.store.Member(ctx, principal(c).OrgID, c.Param("id"))
	if err != nil {
		return err
	}
	sent, p, err := responseQuery(c)
	if err != nil {
		return err
	}
	teamID := c.QueryParam("team_id")
	policy := store.DefaultResponsePolicy()
	if teamID != "" {
		if policy, _, err = s.teamPolicy(c, teamID); err != nil {
			return err
		}
	}
	in, err := s.planner.Member(ctx, m, sent, sent.Add(responseHorizon))
	if err != nil {
		return err
	}
	out, a, err := answer(in.Members[0], m.Name, in.Zones[m.ID], sent, p, policy)
	if err != nil {
		return err
	}
	// The team is only loaded if the fallback applies (OnCallShifts loads it).
	if out.OnCall, err = s.onCallFallback(c, teamID, nil, sent, policy.Rules[p], firstAvailable(a)); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, out)
}

func (s *Server) teamResponseTime(c echo.Context) error {
	ctx := c.Request().Context()
	teamID := c.Param("id")
	if _, err := s.store.Team(ctx, principal(c).OrgID, teamID); err != nil {
		return err
	}
	sent, p, err := responseQuery(c)
	if err != nil {
		return err
	}
	policy, _, err := s.teamPolicy(c, teamID)
	if err != nil {
		return err
	}
	in, err := s.planner.Team(ctx, principal(c).OrgID, teamID, sent, sent.Add(responseHorizon))
	if err != nil {
		return err
	}
	if len(in.Members) == 0 {
		return invalid("team", "the team has no members")
	}
	out := TeamResponseTimeResponse{TeamID: teamID, SentAt: fmtTime(sent), Priority: string(p), Members: []ResponseTimeResponse{}}
	var best *scheduler.Answer
	for _, m := range in.Members {
		r, a, err := answer(m, in.Names[m.ID], in.Zones[m.ID], sent, p, policy)
		if err != nil {
			return err
		}
		out.Members = append(out.Members, r)
		if a.Found && (best == nil || a.RespondBy.Before(best.RespondBy)) {
			a := a
			best = &a
			id, name, tz := m.ID, r.Name, r.Timezone
			out.MemberID, out.Name, out.Timezone = &id, &name, &tz
		}
	}
	var first *time.Time
	if best != nil {
		out.RespondBy = fmtTimePtr(&best.RespondBy)
		first = firstAvailable(*best)
	}
	if out.OnCall, err = s.onCallFallback(c, teamID, in, sent, policy.Rules[p], first); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, out)
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

func stats(d []time.Duration) DelayStats {
	if len(d) == 0 {
		return DelayStats{P50: "PT0S", P90: "PT0S", Max: "PT0S"}
	}
	sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
	q := func(p float64) time.Duration { return d[int(float64(len(d)-1)*p)] }
	return DelayStats{Samples: len(d), P50Minutes: q(0.5).Minutes(), P90Minutes: q(0.9).Minutes(), MaxMinutes: d[len(d)-1].Minutes(),
		P50: formatDuration(q(0.5)), P90: formatDuration(q(0.9)), Max: formatDuration(d[len(d)-1])}
}

func (s *Server) teamResponseAnalytics(c echo.Context) error {
	ctx := c.Request().Context()
	teamID := c.Param("id")
	if _, err := s.store.Team(ctx, principal(c).OrgID, teamID); err != nil {
		return err
	}
	from, to, err := rangeParams(c, 92*24*time.Hour)
	if err != nil {
		return err
	}
	p := store.Priority(c.QueryParam("priority"))
	if p == "" {
		p = store.PriorityNormal
	}
	if !slices.Contains(priorities, p) {
		return invalid("priority", "must be urgent, normal or low")
	}
	policy, _, err := s.teamPolicy(c, teamID)
	if err != nil {
		return err
	}
	in, err := s.planner.Team(ctx, principal(c).OrgID, teamID, from, to.Add(responseHorizon))
	if err != nil {
		return err
	}
	if len(in.Members) == 0 {
		return invalid("team", "the team has no members")
	}
	rule := policy.Rules[p]
	responders := make([]*scheduler.Responder, len(in.Members))
	for i, m := range in.Members {
		if responders[i], err = scheduler.NewResponder(m, from, to.Add(responseHorizon), scheduler.ResponseOptions{MeetingsBlock: policy.MeetingsBlock, Horizon: responseHorizon}); err != nil {
			return err
		}
	}
	zones := map[string]*time.Location{}
	for _, loc := range in.Zones {
		zones[loc.String()] = loc
	}
	byZone := map[string]*[24][]time.Duration{}
	var all []time.Duration
	for sent := from.Truncate(time.Hour); sent.Before(to); sent = sent.Add(time.Hour) {
		if sent.Before(from) {
			continue
		}
		best := time.Duration(-1)
		for _, r := range responders {
			if a := r.RespondBy(sent, rule.Within, scheduler.Clock(rule.Clock)); a.Found && (best < 0 || a.RespondBy.Sub(sent) < best) {
				best = a.RespondBy.Sub(sent)
			}
		}
		if best < 0 {
			best = responseHorizon
		}
		all = append(all, best)
		for name, loc := range zones {
			if byZone[name] == nil {
				byZone[name] = &[24][]time.Duration{}
			}
			h := sent.In(loc).Hour()
			byZone[name][h] = append(byZone[name][h], best)
		}
	}
	out := ResponseAnalyticsResponse{TeamID: teamID, Priority: string(p), Overall: stats(all), ByZone: []ZoneDelays{}}
	names := make([]string, 0, len(zones))
	for n := range zones {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		zd := ZoneDelays{Timezone: n}
		for h := 0; h < 24; h++ {
			zd.Hours = append(zd.Hours, HourDelays{Hour: h, DelayStats: stats(byZone[n][h])})
		}
		out.ByZone = append(out.ByZone, zd)
	}
	return c.JSON(http.StatusOK, out)
}
