package api

import (
	"cmp"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/overlap/overlap/planner"
	"github.com/overlap/overlap/scheduler"
	"github.com/overlap/overlap/store"
)

// CoreHoursResponse ranks daily windows fixed in one zone.
type CoreHoursResponse struct {
	TeamID     string                  `json:"team_id"`
	Zone       string                  `json:"zone"`
	Duration   string                  `json:"duration"`
	From       string                  `json:"from"`
	To         string                  `json:"to"`
	Days       []string                `json:"days"`
	Candidates []CoreCandidateResponse `json:"candidates"`
}

// CoreCandidateResponse is one window and how it fares.
type CoreCandidateResponse struct {
	Start      string               `json:"start"`
	End        string               `json:"end"`
	Coverage   float64              `json:"coverage"`
	MemberDays int                  `json:"member_days"`
	Covered    int                  `json:"covered"`
	Fairness   float64              `json:"fairness"`
	Members    []CoreMemberResponse `json:"members"`
}

// CoreMemberResponse is one member's view of a window.
type CoreMemberResponse struct {
	MemberID   string               `json:"member_id"`
	Name       string               `json:"name"`
	Zone       string               `json:"zone"`
	Coverage   float64              `json:"coverage"`
	MemberDays int                  `json:"member_days"`
	Covered    int                  `json:"covered"`
	Periods    []CorePeriodResponse `json:"periods"`
	Outside    []DateRangeResponse  `json:"outside"`
}

// CorePeriodResponse is the window in a member's local time over dates.
type CorePeriodResponse struct {
	From  string `json:"from"`
	To    string `json:"to"`
	Start string `json:"start"`
	End   string `json:"end"`
}

// DateRangeResponse is an inclusive run of dates.
type DateRangeResponse struct {
	From string `json:"from"`
	To   string `json:"to"`
}

var dayIndex = map[string]time.Weekday{"sun": 0, "mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6}

// coreHoursQuery reads the query; from/to default to the next 365 days in zone.
func coreHoursQuery(c echo.Context, now time.Time) (planner.CoreHoursQuery, []string, error) {
	v := &ValidationError{}
	q := planner.CoreHoursQuery{Zone: time.UTC, Limit: 3}
	if z := c.QueryParam("zone"); z != "" {
		q.Zone = loadZone(v, "zone", z)
	}
	if d, err := parseDuration(c.QueryParam("duration")); err != nil {
		msg := "is required: an ISO 8601 duration from PT15M to PT12H, e.g. PT2H"
		if c.QueryParam("duration") != "" {
			msg = "must be an ISO 8601 duration from PT15M to PT12H, e.g. PT2H"
		}
		v.add("duration", "%s", msg)
	} else {
		q.Duration = d
	}
	days := strings.Split(cmp.Or(c.QueryParam("days"), "mon,tue,wed,thu,fri"), ",")
	badDays := false
	for _, d := range days {
		wd, ok := dayIndex[strings.ToLower(strings.TrimSpace(d))]
		if !ok {
			v.add("days", "must be a comma-separated list of mon, tue, wed, thu, fri, sat, sun")
			badDays = true
			break
		}
		q.Days[wd] = true
	}
	// Echoed as read: lower case, once each, Monday first.
	if !badDays {
		days = days[:0]
		for _, wd := range []time.Weekday{1, 2, 3, 4, 5, 6, 0} {
			if q.Days[wd] {
				days = append(days, [...]string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}[wd])
			}
		}
	}
	if q.Zone != nil {
		q.From = scheduler.DateOf(now.In(q.Zone))
	}
	queryDate(v, c, "from", &q.From)
	q.To = q.From.AddDays(364)
	queryDate(v, c, "to", &q.To)
	if l := c.QueryParam("limit"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 1 || n > 96 {
			v.add("limit", "must be a whole number from 1 to 96")
		}
		q.Limit = n
	}
	checkCoreHours(v, q)
	return q, days, v.err()
}

// checkCoreHours refuses, by field, what scheduler.CoreHours would refuse
// after the team's data had been loaded for the dates.
func checkCoreHours(v *ValidationError, q planner.CoreHoursQuery) {
	if d := q.Duration; d != 0 && (d < 15*time.Minute || d > 12*time.Hour || d%time.Minute != 0) {
		v.add("duration", "must be from PT15M to PT12H, in whole minutes")
	}
	if slices.ContainsFunc(v.Errors, func(f FieldError) bool { return f.Field == "from" || f.Field == "to" || f.Field == "zone" }) {
		return // a date that did not parse, or no zone to default them in
	}
	midnight := func(d scheduler.Date) time.Time { return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC) }
	lo, hi := midnight(q.From), midnight(q.To)
	bounds := fmt.Sprintf("must be a date from %s to %s", scheduler.MinTime.Format(time.DateOnly), scheduler.MaxTime.Format(time.DateOnly))
	switch {
	case lo.Before(scheduler.MinTime) || lo.After(scheduler.MaxTime):
		v.add("from", "%s", bounds)
	case hi.Before(scheduler.MinTime) || hi.After(scheduler.MaxTime):
		v.add("to", "%s", bounds)
	case hi.Before(lo):
		v.add("to", "must be on or after from")
	case int(hi.Sub(lo)/(24*time.Hour))+1 > scheduler.MaxCoreDays:
		v.add("to", "the range is limited to %d days", scheduler.MaxCoreDays)
	}
}

func queryDate(v *ValidationError, c echo.Context, name string, dst *scheduler.Date) {
	if s := c.QueryParam(name); s != "" {
		d, err := scheduler.ParseDate(s)
		if err != nil {
			v.add(name, "must be a date YYYY-MM-DD")
			return
		}
		*dst = d
	}
}

func round4(x float64) float64 { return math.Round(x*10000) / 10000 }

func (s *Server) teamCoreHours(c echo.Context) error {
	q, days, err := coreHoursQuery(c, s.now())
	if err != nil {
		return err
	}
	ans, err := s.planner.CoreHours(c.Request().Context(), principal(c).OrgID, c.Param("id"), q)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, coreHoursResponse(c.Param("id"), q, days, ans))
}

func coreHoursResponse(teamID string, q planner.CoreHoursQuery, days []string, ans planner.CoreHoursAnswer) CoreHoursResponse {
	out := CoreHoursResponse{TeamID: teamID, Zone: q.Zone.String(), Duration: formatDuration(q.Duration), From: q.From.String(),
		To: q.To.String(), Days: days, Candidates: make([]CoreCandidateResponse, len(ans.Candidates))}
	for i, cc := range ans.Candidates {
		r := CoreCandidateResponse{Start: cc.Start.String(), End: cc.End.String(), Coverage: round4(cc.Coverage), MemberDays: cc.MemberDays,
			Covered: cc.Covered, Fairness: round4(cc.Fairness), Members: make([]CoreMemberResponse, len(cc.Members))}
		for j, m := range cc.Members {
			mr := CoreMemberResponse{MemberID: m.ID, Name: ans.Names[m.ID], Zone: ans.Zones[m.ID].String(), Coverage: round4(m.Coverage),
				MemberDays: m.MemberDays, Covered: m.Covered, Periods: make([]CorePeriodResponse, len(m.Periods)), Outside: make([]DateRangeResponse, len(m.Outside))}
			for k, p := range m.Periods {
				mr.Periods[k] = CorePeriodResponse{From: p.From.String(), To: p.To.String(), Start: p.Start.String(), End: p.End.String()}
			}
			for k, o := range m.Outside {
				mr.Outside[k] = DateRangeResponse{From: o.From.String(), To: o.To.String()}
			}
			r.Members[j] = mr
		}
		out.Candidates[i] = r
	}
	return out
}

// SeriesRequest creates a meeting series.
type SeriesRequest struct {
	Name       string              `json:"name"`
	Duration   string              `json:"duration"`
	Recurrence string              `json:"recurrence"`
	Zone       string              `json:"zone"`
	From       string              `json:"from"`
	Until      string              `json:"until"`
	Count      int                 `json:"count"`
	Attendees  []SeriesAttendeeDTO `json:"attendees"`
	Slots      json.RawMessage     `json:"slots"`
}

// SeriesAttendeeDTO is one attendee and their never band.
type SeriesAttendeeDTO struct {
	MemberID    string `json:"member_id"`
	NeverBefore string `json:"never_before"`
	NeverFrom   string `json:"never_from"`
}

func (req *SeriesRequest) spec() (store.SeriesSpec, error) {
	v := &ValidationError{}
	checkLen(v, "name", req.Name, 1, 200)
	// A rule copied from a calendar file starts with its property name.
	if rule := strings.TrimSpace(req.Recurrence); len(rule) >= 6 && strings.EqualFold(rule[:6], "RRULE:") {
		req.Recurrence = rule[6:]
	}
	sp := store.SeriesSpec{Recurrence: req.Recurrence, Zone: cmp.Or(req.Zone, "UTC"), From: req.From, Until: req.Until, Count: req.Count}
	if d, err := parseDuration(req.Duration); err != nil || d < 15*time.Minute || d > 8*time.Hour || d%time.Minute != 0 {
		v.add("duration", "must be an ISO 8601 duration from PT15M to PT8H in whole minutes")
	} else {
		sp.Duration = d
	}
	if !strings.HasPrefix(strings.ToUpper(req.Recurrence), "FREQ=") && !strings.Contains(strings.ToUpper(req.Recurrence), ";FREQ=") {
		v.add("recurrence", "is required: an RFC 5545 RRULE such as FREQ=WEEKLY;BYDAY=TU")
	}
	loadZone(v, "zone", sp.Zone)
	if d, err := scheduler.ParseDate(req.From); err != nil {
		v.add("from", "is required: a date YYYY-MM-DD")
	} else {
		dateInRange(v, "from", d)
	}
	if req.Until != "" {
		if d, err := scheduler.ParseDate(req.Until); err != nil {
			v.add("until", "must be a date YYYY-MM-DD")
		} else {
			dateInRange(v, "until", d)
		}
	}
	if (req.Until == "") == (req.Count == 0) {
		v.add("count", "give either until or count")
	} else if req.Count < 0 || req.Count > scheduler.MaxSeriesOccurrences {
		v.add("count", "must be from 1 to %d", scheduler.MaxSeriesOccurrences)
	}
	switch slots := strings.TrimSpace(string(req.Slots)); slots {
	case "", `"auto"`, "null":
	default:
		n, err := strconv.Atoi(slots)
		if err != nil || n < 1 || n > 12 {
			v.add("slots", `must be "auto" or a whole number from 1 to 12`)
		}
		sp.Slots = n
	}
	if len(req.Attendees) > 100 {
		v.add("attendees", "at most 100 attendees")
	}
	sp.AllMembers = len(req.Attendees) == 0
	seen := map[string]bool{}
	for i, a := range req.Attendees {
		f := fmt.Sprintf("attendees[%d]", i)
		if seen[a.MemberID] {
			v.add(f+".member_id", "lists an attendee a second time")
		}
		seen[a.MemberID] = true
		if (a.NeverBefore == "") != (a.NeverFrom == "") {
			v.add(f, "give both never_before and never_from, or neither")
		} else if a.NeverBefore != "" {
			if m, err := scheduler.ParseTimeOfDay(a.NeverBefore); err != nil || m == 1440 {
				v.add(f+".never_before", "must be a local time HH:MM")
			}
			if _, err := scheduler.ParseTimeOfDay(a.NeverFrom); err != nil {
				v.add(f+".never_from", "must be a local time HH:MM")
			}
		}
		sp.Attendees = append(sp.Attendees, store.SeriesAttendeeSpec{MemberID: a.MemberID, NeverBefore: a.NeverBefore, NeverFrom: a.NeverFrom})
	}
	return sp, v.err()
}

func (s *Server) createSeries(c echo.Context) error {
	var req SeriesRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	spec, err := req.spec()
	if err != nil {
		return err
	}
	plan, err := s.planner.CreateSeries(c.Request().Context(), principal(c).OrgID, c.Param("id"), req.Name, spec)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, seriesResponse(plan))
}

func (s *Server) getSeries(c echo.Context) error {
	plan, err := s.planner.Series(c.Request().Context(), principal(c).OrgID, c.Param("id"), c.Param("sid"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, seriesResponse(plan))
}

func (s *Server) recomputeSeries(c echo.Context) error {
	plan, err := s.planner.RecomputeSeries(c.Request().Context(), principal(c).OrgID, c.Param("id"), c.Param("sid"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, seriesResponse(plan))
}

func (s *Server) deleteSeries(c echo.Context) error {
	if err := s.store.DeleteMeetingSeries(c.Request().Context(), principal(c).OrgID, c.Param("id"), c.Param("sid")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
