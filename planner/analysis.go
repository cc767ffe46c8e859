package planner

import (
	"context"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/overlap/overlap/scheduler"
	"github.com/overlap/overlap/store"
)

// DefaultMinDuration is the shortest overlap window worth reporting when a
// question or a feed does not say.
const DefaultMinDuration = 30 * time.Minute

// Question is an analysis over [From, To) of a team or an ad-hoc group:
// who must be available together, for how long, and how to read the answer.
type Question struct {
	From, To    time.Time
	MinDuration time.Duration // overlap windows; DefaultMinDuration when 0
	Duration    time.Duration // suggested slots
	Quorum      int           // 0: everyone
	// Percentage is a minimum share of attendees (0 when not given); the
	// question turns it into a quorum once the team's size is known.
	Percentage    float64
	Limit         int
	TentativeFree bool
	Loc           *time.Location // of weeks and hours of the week
}

func (q *Question) availability() scheduler.AvailabilityOptions {
	return scheduler.AvailabilityOptions{TentativeFree: q.TentativeFree}
}

func (q *Question) overlap() scheduler.OverlapOptions {
	return scheduler.OverlapOptions{MinDuration: q.MinDuration, Quorum: q.Quorum, TentativeFree: q.TentativeFree}
}

// resolve turns a percentage into a quorum for n members and refuses a
// quorum larger than the team.
func (q *Question) resolve(n int) error {
	if q.Percentage > 0 && n > 0 {
		q.Quorum = quorumOf(q.Percentage, n)
	}
	if q.Quorum > n && n > 0 {
		return &InvalidError{Fields: []FieldError{{Field: "quorum", Message: fmt.Sprintf("is larger than the team (%d members)", n)}}}
	}
	return nil
}

// quorumOf is the quorum a percentage asks of n members, rounded up: 50% of
// 3 members is 2, so that at least the percentage attends.
func quorumOf(percentage float64, n int) int {
	// Hundredths of a percent avoid float noise (33.33% of 3 is 1, not 2).
	q := (int64(math.Round(percentage*100))*int64(n) + 9999) / 10000
	return max(int(q), 1)
}

// Who names the members a question is about: a team, or (when TeamID is
// empty) an ad-hoc group of the org's members.
type Who struct {
	TeamID    string
	Attendees []Attendee
}

// ForTeam asks about a team.
func ForTeam(id string) Who { return Who{TeamID: id} }

// ForGroup asks about an ad-hoc group.
func ForGroup(attendees []Attendee) Who { return Who{Attendees: attendees} }

// Ask loads who q is about and resolves q's quorum against them.
// ErrNotFound for another org's team; an InvalidError for attendees who are
// not the org's members or a quorum larger than the team.
func (p *Planner) Ask(ctx context.Context, orgID string, who Who, q *Question) (*Input, error) {
	var in *Input
	if who.TeamID != "" {
		var err error
		if in, err = p.Team(ctx, orgID, who.TeamID, q.From, q.To); err != nil {
			return nil, err
		}
	} else {
		var missing []string
		var err error
		if in, missing, err = p.Group(ctx, orgID, who.Attendees, q.From, q.To); err != nil {
			return nil, err
		}
		if len(missing) > 0 {
			return nil, &InvalidError{Fields: []FieldError{{Field: "members", Message: "not members of this organization: " + strings.Join(missing, ", ")}}}
		}
	}
	return in, q.resolve(len(in.Members))
}

// Warning points at something in a question that does not do what it seems to.
type Warning struct{ Code, Message string }

// QuorumWarnings says when a quorum has no effect because the required
// members alone already reach it.
func (in *Input) QuorumWarnings(quorum int) []Warning {
	return quorumWarning(in.Required(), len(in.Members), quorum)
}

func quorumWarning(r, n, quorum int) []Warning {
	if quorum == 0 || quorum >= n || r < quorum {
		return nil
	}
	return []Warning{{Code: "quorum_covered_by_required", Message: fmt.Sprintf(
		"%d of the %d members are required and must all be available, so quorum %d has no effect; "+
			"mark members optional (\"required\": false) for the quorum to choose among them", r, n, quorum)}}
}

// PublishFeed stores a new feed and warns about options that do not do what
// they seem to (a team_overlap quorum the required members already reach).
// ErrNotFound when what the feed names is not the org's.
func (p *Planner) PublishFeed(ctx context.Context, f *store.Feed) ([]Warning, error) {
	if err := p.store.CreateFeed(ctx, f); err != nil {
		return nil, err
	}
	if f.Kind != store.FeedTeamOverlap || f.Options.Quorum == 0 {
		return nil, nil
	}
	ids, required, err := p.teamPlaces(ctx, f.OrgID, f.TeamID)
	if err != nil {
		return nil, err
	}
	r := 0
	for _, id := range ids {
		if required[id] {
			r++
		}
	}
	return quorumWarning(r, len(ids), f.Options.Quorum), nil
}

// Asked is what every answer to a question carries.
type Asked struct {
	In *Input
	// Question is the question as answered: its quorum resolved (and for
	// overlap its minimum duration defaulted).
	Question Question
	// EmptyReason says why the answer is empty; "" when it is not.
	EmptyReason string
	Warnings    []Warning
}

// OverlapAnswer is the overlap windows of a team or group.
type OverlapAnswer struct {
	Asked
	// Quorum is how many members each window has at least (everyone when the
	// question set none).
	Quorum  int
	Windows []scheduler.Window
}

// Overlap answers q for a team or group: ErrNotFound, or an InvalidError
// (see Ask).
func (p *Planner) Overlap(ctx context.Context, orgID string, who Who, q Question) (OverlapAnswer, error) {
	return answer(ctx, p, orgID, who, q, overlapOf)
}

// answer asks q of who and answers it with f.
func answer[T any](ctx context.Context, p *Planner, orgID string, who Who, q Question, f func(*Input, Question) (T, error)) (T, error) {
	in, err := p.Ask(ctx, orgID, who, &q)
	if err != nil {
		var zero T
		return zero, err
	}
	return f(in, q)
}

func overlapOf(in *Input, q Question) (OverlapAnswer, error) {
	if q.MinDuration == 0 {
		q.MinDuration = DefaultMinDuration
	}
	windows, err := scheduler.Overlap(in.Members, q.From, q.To, q.overlap())
	if err != nil {
		return OverlapAnswer{}, err
	}
	out := OverlapAnswer{Asked: Asked{In: in, Question: q, Warnings: in.QuorumWarnings(q.Quorum)}, Quorum: q.Quorum, Windows: windows}
	if out.Quorum == 0 {
		out.Quorum = len(in.Members)
	}
	if len(windows) == 0 {
		out.EmptyReason = emptyReason(in.Members, q.From, q.To, q.overlap(), true)
	}
	return out, nil
}

// SuggestionsAnswer is the best slots for a team or group.
type SuggestionsAnswer struct {
	Asked
	Suggestions []scheduler.Suggestion
}

// Suggestions proposes slots of q.Duration for a team or group.
func (p *Planner) Suggestions(ctx context.Context, orgID string, who Who, q Question) (SuggestionsAnswer, error) {
	return answer(ctx, p, orgID, who, q, suggestionsOf)
}

func suggestionsOf(in *Input, q Question) (SuggestionsAnswer, error) {
	sugs, err := scheduler.Suggest(in.Members, q.From, q.To, scheduler.SuggestOptions{Duration: q.Duration, Limit: q.Limit, Quorum: q.Quorum, TentativeFree: q.TentativeFree})
	if err != nil {
		return SuggestionsAnswer{}, err
	}
	out := SuggestionsAnswer{Asked: Asked{In: in, Question: q, Warnings: in.QuorumWarnings(q.Quorum)}, Suggestions: sugs}
	if len(sugs) == 0 {
		out.EmptyReason = emptyReason(in.Members, q.From, q.To, scheduler.OverlapOptions{MinDuration: q.Duration, Quorum: max(q.Quorum, 1), TentativeFree: q.TentativeFree}, false)
	}
	return out, nil
}

// CoverageAnswer says when at least one member of a team is available.
type CoverageAnswer struct {
	In       *Input
	Coverage scheduler.CoverageReport
}

// TeamCoverage answers q's coverage for a team.
func (p *Planner) TeamCoverage(ctx context.Context, orgID, teamID string, q Question) (CoverageAnswer, error) {
	return answer(ctx, p, orgID, ForTeam(teamID), q, func(in *Input, q Question) (CoverageAnswer, error) {
		r, err := scheduler.Coverage(in.Members, q.From, q.To, q.availability())
		return CoverageAnswer{In: in, Coverage: r}, err
	})
}

// TeamTrend is the team's overlap week by week (weeks in q.Loc).
func (p *Planner) TeamTrend(ctx context.Context, orgID, teamID string, q Question) ([]scheduler.WeekOverlap, error) {
	return answer(ctx, p, orgID, ForTeam(teamID), q, func(in *Input, q Question) ([]scheduler.WeekOverlap, error) {
		return scheduler.WeeklyTrend(in.Members, q.From, q.To, q.Loc, q.overlap())
	})
}

// HeatmapAnswer is the mean number of available members per hour of the week.
type HeatmapAnswer struct {
	In   *Input
	Grid scheduler.HeatGrid
}

// TeamHeatmap answers q's heatmap for a team (hours of the week in q.Loc).
func (p *Planner) TeamHeatmap(ctx context.Context, orgID, teamID string, q Question) (HeatmapAnswer, error) {
	return answer(ctx, p, orgID, ForTeam(teamID), q, func(in *Input, q Question) (HeatmapAnswer, error) {
		grid, err := scheduler.Heatmap(in.Members, q.From, q.To, q.Loc, q.availability())
		return HeatmapAnswer{In: in, Grid: grid}, err
	})
}

// MatrixAnswer is the pairwise overlap of a team's members.
type MatrixAnswer struct {
	In    *Input
	Pairs *scheduler.PairTable
}

// TeamMatrix answers q's pairwise overlap for a team.
func (p *Planner) TeamMatrix(ctx context.Context, orgID, teamID string, q Question) (MatrixAnswer, error) {
	return answer(ctx, p, orgID, ForTeam(teamID), q, func(in *Input, q Question) (MatrixAnswer, error) {
		pt, err := scheduler.NewPairTable(in.Members, q.From, q.To, q.availability())
		return MatrixAnswer{In: in, Pairs: pt}, err
	})
}

// Reasons for an empty answer, like Microsoft Graph's emptySuggestionsReason.
const (
	EmptyNoMembers          = "no_members"
	EmptyNoCommonHours      = "no_common_working_hours"
	EmptyRequiredMembers    = "required_members_unavailable"
	EmptyTimeOff            = "quorum_unreachable_time_off"
	EmptyEveryoneBusy       = "everyone_busy"
	EmptyAnalysisUnexpected = "unknown"
)

// emptyReason explains an empty answer by asking again with less in the way:
// working hours alone, then the required members alone, then time off and
// holidays alone; whatever first leaves nothing is the reason. It runs only
// when an answer is empty. known says that opts' own overlap is already known
// to be empty, which spares computing it again.
func emptyReason(members []scheduler.Member, from, to time.Time, opts scheduler.OverlapOptions, known bool) string {
	if len(members) == 0 {
		return EmptyNoMembers
	}
	none := func(ms []scheduler.Member, o scheduler.OverlapOptions) bool {
		// Only whether a window exists matters: no segments, and absences
		// explained for one member at most (most of the work on large teams).
		o.NoSegments, o.MaxUnavailable = true, 1
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
		return EmptyNoCommonHours
	}
	var required []scheduler.Member
	for _, m := range members {
		if m.Required {
			required = append(required, m)
		}
	}
	if len(required) > 0 && len(required) < len(members) && none(required, scheduler.OverlapOptions{MinDuration: opts.MinDuration, TentativeFree: opts.TentativeFree}) {
		return EmptyRequiredMembers
	}
	// With no absence at all, the members kept are those of the first check,
	// which found windows: no need to ask again.
	if absent := keep(scheduler.Status.Absence); anyBlocks(absent) && none(absent, opts) {
		return EmptyTimeOff
	}
	if !known && !none(members, opts) {
		return EmptyAnalysisUnexpected // windows exist, but no slot fits them
	}
	return EmptyEveryoneBusy
}

// anyBlocks reports whether any member has a block, compact or not.
func anyBlocks(ms []scheduler.Member) bool {
	for _, m := range ms {
		if len(m.Blocks) > 0 || len(m.Busy) > 0 {
			return true
		}
	}
	return false
}

// AvailabilityAnswer partitions a member's [From, To).
type AvailabilityAnswer struct {
	Member store.Member
	Pieces []scheduler.Piece
	Stale  bool // the member's calendar data is stale
}

// MemberAvailability answers q for one member; ErrNotFound.
func (p *Planner) MemberAvailability(ctx context.Context, orgID, memberID string, q Question) (AvailabilityAnswer, error) {
	m, err := p.store.Member(ctx, orgID, memberID)
	if err != nil {
		return AvailabilityAnswer{}, err
	}
	in, err := p.Member(ctx, m, q.From, q.To)
	if err != nil {
		return AvailabilityAnswer{}, err
	}
	pieces, err := scheduler.Availability(in.Members[0], q.From, q.To, q.availability())
	return AvailabilityAnswer{Member: m, Pieces: pieces, Stale: in.Stale[m.ID]}, err
}
