package api

import (
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/overlap/overlap/planner"
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

// groupQuestion binds an ad-hoc question.
func groupQuestion(c echo.Context, wantDuration bool) ([]planner.Attendee, planner.Question, error) {
	var g GroupQuestion
	if err := bindJSON(c, &g); err != nil {
		return nil, planner.Question{}, err
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
	return attendees, q, v.err()
}

func (s *Server) groupOverlap(c echo.Context) error {
	attendees, q, err := groupQuestion(c, false)
	if err != nil {
		return err
	}
	r, err := s.planner.Overlap(c.Request().Context(), principal(c).OrgID, planner.ForGroup(attendees), q)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, overlapResponse(r))
}

func (s *Server) groupSuggestions(c echo.Context) error {
	attendees, q, err := groupQuestion(c, true)
	if err != nil {
		return err
	}
	r, err := s.planner.Suggestions(c.Request().Context(), principal(c).OrgID, planner.ForGroup(attendees), q)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, suggestionsResponse(r))
}

// percentageParam reads minimum_attendee_percentage, Microsoft Graph's
// alternative to a quorum; giving both is ambiguous.
func percentageParam(v *ValidationError, get func(string) string, q *planner.Question) {
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
	q.Percentage = p
}

// AnswerWarning points at something in the question that does not do what it
// seems to.
type AnswerWarning struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

func warnings(ws []planner.Warning) []AnswerWarning {
	if len(ws) == 0 {
		return nil
	}
	out := make([]AnswerWarning, len(ws))
	for i, w := range ws {
		out[i] = AnswerWarning{Code: w.Code, Message: w.Message}
	}
	return out
}
