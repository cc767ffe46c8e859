package store

import (
	"context"
	"time"
)

// Team setting names.
const (
	SettingResponsePolicy = "response_policy"
	SettingOnCall         = "on_call"
)

// Priority is how urgent a message is.
type Priority string

// Priorities.
const (
	PriorityUrgent Priority = "urgent"
	PriorityNormal Priority = "normal"
	PriorityLow    Priority = "low"
)

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

// TeamSettings stores per-team documents.
type TeamSettings interface {
	// TeamSetting returns a team's setting document; ErrNotFound when the team
	// is not the org's, (nil, nil) when the setting was never set.
	TeamSetting(ctx context.Context, orgID, teamID, name string) ([]byte, error)
	// PutTeamSetting replaces a team's setting document; ErrNotFound.
	PutTeamSetting(ctx context.Context, orgID, teamID, name string, value []byte) error
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
