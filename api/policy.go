package api

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/overlap/overlap/planner"
	"github.com/overlap/overlap/scheduler"
	"github.com/overlap/overlap/store"
)

// PolicyRuleDTO is a team's expectation for one priority.
type PolicyRuleDTO struct {
	Within         string `json:"within"`
	Clock          string `json:"clock"`
	OnCallFallback bool   `json:"on_call_fallback"`
}

// ResponsePolicyDTO is a team's response policy on the wire.
type ResponsePolicyDTO struct {
	Urgent        *PolicyRuleDTO `json:"urgent"`
	Normal        *PolicyRuleDTO `json:"normal"`
	Low           *PolicyRuleDTO `json:"low"`
	MeetingsBlock bool           `json:"meetings_block"`
	IsDefault     bool           `json:"is_default,omitempty"`
}

func (d *ResponsePolicyDTO) rules() []**PolicyRuleDTO {
	return []**PolicyRuleDTO{&d.Urgent, &d.Normal, &d.Low}
}

func policyDTO(p store.ResponsePolicy, isDefault bool) ResponsePolicyDTO {
	out := ResponsePolicyDTO{MeetingsBlock: p.MeetingsBlock, IsDefault: isDefault}
	for i, r := range out.rules() {
		rule := p.Rules[store.Priorities[i]]
		*r = &PolicyRuleDTO{Within: formatDuration(rule.Within), Clock: rule.Clock, OnCallFallback: rule.OnCallFallback}
	}
	return out
}

// toPolicy validates; priorities left out keep their defaults.
func (d *ResponsePolicyDTO) toPolicy() (store.ResponsePolicy, error) {
	v := &ValidationError{}
	p := store.DefaultResponsePolicy()
	p.MeetingsBlock = d.MeetingsBlock
	for i, r := range d.rules() {
		if *r == nil {
			continue
		}
		f := string(store.Priorities[i])
		rule := store.PolicyRule{Clock: (*r).Clock, OnCallFallback: (*r).OnCallFallback}
		w, err := parseDuration((*r).Within)
		switch {
		case err != nil:
			v.add(f+".within", "%s", err.Error())
		case w <= 0 || w > 30*24*time.Hour:
			v.add(f+".within", "must be positive and at most P30D")
		}
		rule.Within = w
		if rule.Clock != "working" && rule.Clock != "calendar" {
			v.add(f+".clock", "must be working or calendar")
		}
		p.Rules[store.Priorities[i]] = rule
	}
	return p, v.err()
}

func (s *Server) getResponsePolicy(c echo.Context) error {
	p, def, err := s.planner.ResponsePolicy(c.Request().Context(), principal(c).OrgID, c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, policyDTO(p, def))
}

func (s *Server) putResponsePolicy(c echo.Context) error {
	var req ResponsePolicyDTO
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	p, err := req.toPolicy()
	if err != nil {
		return err
	}
	if err := s.planner.PutResponsePolicy(c.Request().Context(), principal(c).OrgID, c.Param("id"), p); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, policyDTO(p, false))
}

// OnCallDTO is a team's on-call schedule on the wire.
type OnCallDTO struct {
	Strategy    string              `json:"strategy"`
	Members     []string            `json:"members"`
	ShiftLength string              `json:"shift_length"`
	Handoff     string              `json:"handoff"`
	Timezone    string              `json:"timezone"`
	StartDate   string              `json:"start_date"`
	Overrides   []OnCallOverrideDTO `json:"overrides"`
}

// OnCallOverrideDTO replaces the rotation with one member over [from, to).
type OnCallOverrideDTO struct {
	From     string `json:"from"`
	To       string `json:"to"`
	MemberID string `json:"member_id"`
}

func onCallDTO(o store.OnCall) OnCallDTO {
	out := OnCallDTO{Strategy: o.Strategy, Members: o.Members, ShiftLength: formatDuration(time.Duration(o.ShiftDays) * 24 * time.Hour),
		Handoff: o.Handoff, Timezone: o.Timezone, StartDate: o.StartDate, Overrides: []OnCallOverrideDTO{}}
	for _, ov := range o.Overrides {
		out.Overrides = append(out.Overrides, OnCallOverrideDTO{From: fmtTime(ov.From), To: fmtTime(ov.To), MemberID: ov.MemberID})
	}
	return out
}

// minStartDate and maxStartDate bound an on-call schedule's start_date: the
// scheduler's instants (scheduler.MinTime–MaxTime) with a year's margin.
var (
	minStartDate = scheduler.Date{Year: scheduler.MinTime.Year() + 1, Month: time.January, Day: 1}
	maxStartDate = scheduler.Date{Year: scheduler.MaxTime.Year() - 1, Month: time.December, Day: 31}
)

// toOnCall validates the schedule against the team's members.
func (d *OnCallDTO) toOnCall(team map[string]bool) (store.OnCall, error) {
	v := &ValidationError{}
	o := store.OnCall{Strategy: d.Strategy, Members: d.Members, Handoff: d.Handoff, Timezone: d.Timezone, StartDate: d.StartDate}
	if o.Strategy != "rotation" && o.Strategy != "follow-the-sun" {
		v.add("strategy", "must be rotation or follow-the-sun")
	}
	if len(o.Members) == 0 {
		v.add("members", "name at least one member of the team, in order")
	}
	seen := map[string]bool{}
	for i, m := range o.Members {
		if !team[m] {
			v.add(fmt.Sprintf("members[%d]", i), "is not a member of this team")
		} else if seen[m] {
			v.add(fmt.Sprintf("members[%d]", i), "appears twice")
		}
		seen[m] = true
	}
	days, err := parseDuration(d.ShiftLength)
	if err != nil || days <= 0 || days%(24*time.Hour) != 0 || days > 366*24*time.Hour {
		v.add("shift_length", "must be whole days, e.g. P1D or P7D")
	}
	o.ShiftDays = int(days / (24 * time.Hour))
	if _, err := scheduler.ParseTimeOfDay(d.Handoff); err != nil || strings.HasPrefix(d.Handoff, "24") {
		v.add("handoff", "must be a local time HH:MM")
	}
	loadZone(v, "timezone", d.Timezone)
	if sd, err := scheduler.ParseDate(d.StartDate); err != nil {
		v.add("start_date", "must be a date YYYY-MM-DD")
	} else {
		dateInRange(v, "start_date", sd)
	}
	for i, ov := range d.Overrides {
		f := fmt.Sprintf("overrides[%d]", i)
		from := parseInstant(v, f+".from", ov.From)
		to := parseInstant(v, f+".to", ov.To)
		if !team[ov.MemberID] {
			v.add(f+".member_id", "is not a member of this team")
		}
		if !to.After(from) {
			v.add(f+".to", "must be after from")
		}
		o.Overrides = append(o.Overrides, store.OnCallOverride{From: from, To: to, MemberID: ov.MemberID})
	}
	return o, v.err()
}

// noOnCall answers 404 with a hint for a team without an on-call schedule.
func noOnCall(err error) error {
	if errors.Is(err, planner.ErrNoOnCall) {
		return &requestError{kind: store.ErrNotFound, detail: "this team has no on-call schedule; PUT one first"}
	}
	return err
}

func (s *Server) getOnCall(c echo.Context) error {
	o, err := s.planner.OnCall(c.Request().Context(), principal(c).OrgID, c.Param("id"))
	if err != nil {
		return noOnCall(err)
	}
	return c.JSON(http.StatusOK, onCallDTO(o))
}

func (s *Server) putOnCall(c echo.Context) error {
	var req OnCallDTO
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	o, err := s.planner.PutOnCall(c.Request().Context(), principal(c).OrgID, c.Param("id"), req.toOnCall)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, onCallDTO(o))
}
