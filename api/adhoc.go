package api

import (
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/overlap/overlap/planner"
	"github.com/overlap/overlap/scheduler"
	"github.com/overlap/overlap/store"
)

// GroupMemberRequest is one member of an ad-hoc question.
type GroupMemberRequest struct {
	ID       string `json:"id"`
	Required *bool  `json:"required"`
}

// GroupQuestion asks about an ad-hoc set of members, with the options of the
// team routes (the query parameters of those become fields here).
type GroupQuestion struct {
	Members                   []GroupMemberRequest `json:"members"`
	From                      string               `json:"from"`
	To                        string               `json:"to"`
	MinDuration               string               `json:"min_duration"`
	Duration                  string               `json:"duration"`
	Quorum                    *int                 `json:"quorum"`
	MinimumAttendeePercentage *float64             `json:"minimum_attendee_percentage"`
	Limit                     *int                 `json:"limit"`
	Tentative                 string               `json:"tentative"`
}

// maxGroup bounds an ad-hoc group, as a team's answers are bounded by paging.
const maxGroup = 1000

// get reads the question's options by their query-parameter names.
func (g *GroupQuestion) get(name string) string {
	switch name {
	case "from":
		return g.From
	case "to":
		return g.To
	case "min_duration":
		return g.MinDuration
	case "duration":
		return g.Duration
	case "tentative":
		return g.Tentative
	case "quorum":
		return intString(g.Quorum)
	case "limit":
		return intString(g.Limit)
	case "minimum_attendee_percentage":
		if g.MinimumAttendeePercentage != nil {
			return strconv.FormatFloat(*g.MinimumAttendeePercentage, 'f', -1, 64)
		}
	}
	return ""
}

func intString(p *int) string {
	if p == nil {
		return ""
	}
	return strconv.Itoa(*p)
}

// groupInput binds an ad-hoc question and loads its members.
func (s *Server) groupInput(c echo.Context, wantDuration bool) (*planner.Input, analysisQuery, error) {
	var g GroupQuestion
	if err := bindJSON(c, &g); err != nil {
		return nil, analysisQuery{}, err
	}
	q, err := parseAnalysisFrom(g.get, wantDuration)
	v := &ValidationError{}
	if err != nil {
		v = err.(*ValidationError)
	}
	attendees := make([]planner.Attendee, 0, len(g.Members))
	switch {
	case len(g.Members) == 0:
		v.add("members", "is required: at least one member, e.g. [{\"id\":\"…\",\"required\":false}]")
	case len(g.Members) > maxGroup:
		v.add("members", "may hold at most %d members", maxGroup)
	}
	for i, m := range g.Members {
		if strings.TrimSpace(m.ID) == "" {
			v.add(fmt.Sprintf("members[%d].id", i), "is required")
		}
		attendees = append(attendees, planner.Attendee{ID: m.ID, Required: m.Required != nil && *m.Required})
	}
	if err := v.err(); err != nil {
		return nil, q, err
	}
	in, missing, err := s.planner.Group(c.Request().Context(), principal(c).OrgID, attendees, q.from, q.to)
	if err != nil {
		return nil, q, err
	}
	if len(missing) > 0 {
		return nil, q, invalid("members", "not members of this organization: %s", strings.Join(missing, ", "))
	}
	err = q.checkQuorum(len(in.Members))
	return in, q, err
}

func (s *Server) groupOverlap(c echo.Context) error {
	in, q, err := s.groupInput(c, false)
	if err != nil {
		return err
	}
	out, err := overlapAnswer(in, q)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, out)
}

func (s *Server) groupSuggestions(c echo.Context) error {
	in, q, err := s.groupInput(c, true)
	if err != nil {
		return err
	}
	out, err := suggestionsAnswer(in, q)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, out)
}

// percentageParam reads minimum_attendee_percentage, Microsoft Graph's
// alternative to a quorum; giving both is ambiguous.
func percentageParam(v *ValidationError, get func(string) string, q *analysisQuery) {
	s := get("minimum_attendee_percentage")
	if s == "" {
		return
	}
	p, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(p) || p <= 0 || p > 100 {
		v.add("minimum_attendee_percentage", "must be a number above 0 and at most 100")
		return
	}
	if get("quorum") != "" {
		v.add("minimum_attendee_percentage", "give quorum or minimum_attendee_percentage, not both")
		return
	}
	q.percentage = p
}

// quorumOf is the quorum a percentage asks of n members, rounded up: 50% of
// 3 members is 2, so that at least the percentage attends.
func quorumOf(percentage float64, n int) int {
	// Hundredths of a percent avoid float noise (33.33% of 3 is 1, not 2).
	q := (int64(math.Round(percentage*100))*int64(n) + 9999) / 10000
	return max(int(q), 1)
}

// AnswerWarning points at something in the question that does not do what it
// seems to.
type AnswerWarning struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// quorumWarnings says when a quorum has no effect because the required
// members alone already reach it.
func quorumWarnings(in *planner.Input, quorum int) []AnswerWarning {
	return quorumWarning(in.Required(), len(in.Members), quorum)
}

// feedWarnings checks a new team_overlap feed's quorum against the team.
func (s *Server) feedWarnings(c echo.Context, f store.Feed) ([]AnswerWarning, error) {
	if f.Kind != store.FeedTeamOverlap || f.Options.Quorum == 0 {
		return nil, nil
	}
	r, n := 0, 0
	page := store.Page{Limit: 1000}
	for {
		tms, err := s.store.ListTeamMembers(c.Request().Context(), f.OrgID, f.TeamID, page)
		if err != nil {
			return nil, err
		}
		for _, tm := range tms {
			n++
			if tm.Required {
				r++
			}
		}
		if len(tms) < page.Limit {
			return quorumWarning(r, n, f.Options.Quorum), nil
		}
		page.After = tms[len(tms)-1].MemberID
	}
}

func quorumWarning(r, n, quorum int) []AnswerWarning {
	if quorum == 0 || quorum >= n || r < quorum {
		return nil
	}
	return []AnswerWarning{{Code: "quorum_covered_by_required", Message: fmt.Sprintf(
		"%d of the %d members are required and must all be available, so quorum %d has no effect; "+
			"mark members optional (\"required\": false) for the quorum to choose among them", r, n, quorum)}}
}

// Reasons for an empty answer, like Microsoft Graph's emptySuggestionsReason.
const (
	emptyNoMembers          = "no_members"
	emptyNoCommonHours      = "no_common_working_hours"
	emptyRequiredMembers    = "required_members_unavailable"
	emptyTimeOff            = "quorum_unreachable_time_off"
	emptyEveryoneBusy       = "everyone_busy"
	emptyAnalysisUnexpected = "unknown"
)

// emptyReason explains an empty answer by asking again with less in the way:
// working hours alone, then the required members alone, then time off and
// holidays alone; whatever first leaves nothing is the reason. It runs only
// when an answer is empty. known says that opts' own overlap is already known
// to be empty, which spares computing it again.
func emptyReason(members []scheduler.Member, from, to time.Time, opts scheduler.OverlapOptions, known bool) string {
	if len(members) == 0 {
		return emptyNoMembers
	}
	none := func(ms []scheduler.Member, o scheduler.OverlapOptions) bool {
		w, err := scheduler.Overlap(ms, from, to, o)
		return err == nil && len(w) == 0
	}
	keep := func(pred func(scheduler.Status) bool) []scheduler.Member {
		out := make([]scheduler.Member, len(members))
		for i, m := range members {
			out[i] = m.KeepBlocks(pred)
		}
		return out
	}
	if none(keep(func(scheduler.Status) bool { return false }), opts) {
		return emptyNoCommonHours
	}
	var required []scheduler.Member
	for _, m := range members {
		if m.Required {
			required = append(required, m)
		}
	}
	if len(required) > 0 && len(required) < len(members) && none(required, scheduler.OverlapOptions{MinDuration: opts.MinDuration, TentativeFree: opts.TentativeFree}) {
		return emptyRequiredMembers
	}
	absent := func(r scheduler.Status) bool {
		return r == scheduler.StatusTimeOff || r == scheduler.StatusHoliday || r == scheduler.StatusOOF
	}
	if none(keep(absent), opts) {
		return emptyTimeOff
	}
	if !known && !none(members, opts) {
		return emptyAnalysisUnexpected // windows exist, but no slot fits them
	}
	return emptyEveryoneBusy
}
