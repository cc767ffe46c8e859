package store

import (
	"context"
	"fmt"
	"slices"
	"time"
)

// Priority is how urgent a message is.
type Priority string

// Priorities.
const (
	PriorityUrgent Priority = "urgent"
	PriorityNormal Priority = "normal"
	PriorityLow    Priority = "low"
)

// Priorities lists the priorities, most urgent first.
var Priorities = []Priority{PriorityUrgent, PriorityNormal, PriorityLow}

// Valid reports whether p is a known priority.
func (p Priority) Valid() bool { return slices.Contains(Priorities, p) }

// PolicyRule is a team's expectation for one priority.
type PolicyRule struct {
	Within         time.Duration `json:"within"`
	Clock          string        `json:"clock"` // working or calendar
	OnCallFallback bool          `json:"on_call_fallback"`
}

// ResponsePolicy is a team's response policy.
type ResponsePolicy struct {
	Rules         map[Priority]PolicyRule `json:"rules"`
	MeetingsBlock bool                    `json:"meetings_block"`
}

// DefaultResponsePolicy: urgent within 1 h on the calendar clock with
// on-call fallback; normal within 4 working hours; low within 16.
func DefaultResponsePolicy() ResponsePolicy {
	return ResponsePolicy{Rules: map[Priority]PolicyRule{
		PriorityUrgent: {Within: time.Hour, Clock: "calendar", OnCallFallback: true},
		PriorityNormal: {Within: 4 * time.Hour, Clock: "working"},
		PriorityLow:    {Within: 16 * time.Hour, Clock: "working"},
	}}
}

// OnCallOverride replaces the rotation with one member in [From, To).
type OnCallOverride struct {
	From     time.Time `json:"from"`
	To       time.Time `json:"to"`
	MemberID string    `json:"member_id"`
}

// OnCall is a team's on-call schedule.
type OnCall struct {
	Strategy  string           `json:"strategy"` // rotation or follow-the-sun
	Members   []string         `json:"members"`  // order
	ShiftDays int              `json:"shift_days"`
	Handoff   string           `json:"handoff"`  // HH:MM local
	Timezone  string           `json:"timezone"` // of the handoff
	StartDate string           `json:"start_date"`
	Overrides []OnCallOverride `json:"overrides"`
	UpdatedAt time.Time        `json:"-"`
}

// ErrNotSet is returned for a team setting that was never set. It is an
// ErrNotFound (errors.Is), so that callers who only care that there is
// nothing to read need not tell it from a team that is not the org's.
var ErrNotSet = fmt.Errorf("setting never set: %w", ErrNotFound)

// TeamSettings stores a team's settings, one typed pair of methods each.
type TeamSettings interface {
	// ResponsePolicy returns a team's response policy; ErrNotSet when none
	// was set, ErrNotFound when the team is not the org's.
	ResponsePolicy(ctx context.Context, orgID, teamID string) (ResponsePolicy, error)
	// PutResponsePolicy replaces a team's response policy; ErrNotFound.
	PutResponsePolicy(ctx context.Context, orgID, teamID string, p ResponsePolicy) error
	// OnCall returns a team's on-call schedule; ErrNotSet when none was set,
	// ErrNotFound when the team is not the org's.
	OnCall(ctx context.Context, orgID, teamID string) (OnCall, error)
	// PutOnCall replaces a team's on-call schedule; ErrNotFound.
	PutOnCall(ctx context.Context, orgID, teamID string, o OnCall) error
}

// Exchange is a real message between two members and when it was answered.
type Exchange struct {
	ID, OrgID, TeamID    string
	FromMember, ToMember string
	Priority             Priority
	SentAt               time.Time
	AnsweredAt           *time.Time
	ExpectedBy           *time.Time // the expectation when it was recorded; nil if none was found
	CreatedAt            time.Time
}

// Exchanges records real exchanges.
type Exchanges interface {
	// CreateExchange stores e; ErrNotFound when the team is not the org's.
	CreateExchange(ctx context.Context, e *Exchange) error
	// ExchangesBetween lists a team's exchanges sent in [from, to).
	ExchangesBetween(ctx context.Context, orgID, teamID string, from, to time.Time) ([]Exchange, error)
}
