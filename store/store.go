// Package store holds Overlap's domain entities, the storage interfaces the
// rest of the service depends on, and the sentinel errors those interfaces
// return. It does not import GORM: the implementation lives in store/gormstore.
package store

import (
	"context"
	"errors"
	"time"

	"github.com/overlap/overlap/scheduler"
)

// Sentinel errors returned by every store implementation.
var (
	// ErrNotFound: the object does not exist in the caller's organization.
	ErrNotFound = errors.New("not found")
	// ErrConflict: a unique constraint (e.g. a member's email) would be violated.
	ErrConflict = errors.New("conflict")
)

// Role is what a token may do in its organization.
type Role string

// Roles, from most to least powerful.
const (
	RoleAdmin   Role = "admin"
	RoleManager Role = "manager"
	RoleViewer  Role = "viewer"
)

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return r == RoleAdmin || r == RoleManager || r == RoleViewer }

// Allows reports whether r is at least as powerful as min.
func (r Role) Allows(min Role) bool { return rank(r) >= rank(min) }

func rank(r Role) int {
	switch r {
	case RoleAdmin:
		return 3
	case RoleManager:
		return 2
	case RoleViewer:
		return 1
	}
	return 0
}

// Org is an organization: the unit every object and query is scoped to.
type Org struct {
	ID        string
	Name      string
	CreatedAt time.Time
}

// Token is an API credential. Only the SHA-256 of its secret is stored.
type Token struct {
	ID         string
	OrgID      string
	Name       string
	Role       Role
	Hash       []byte
	CreatedAt  time.Time
	LastUsedAt *time.Time
	RevokedAt  *time.Time
}

// Member is a person whose working time Overlap knows.
type Member struct {
	ID            string
	OrgID         string
	Name          string
	Email         string // empty when unknown; unique in the organization otherwise
	Timezone      string // IANA name
	WorkingHours  scheduler.WeeklyHours
	ZoneOverrides []ZoneOverride
	CreatedAt     time.Time
	UpdatedAt     time.Time
}

// ZoneOverride reads a member's working hours in another zone on the dates
// From..To (inclusive), e.g. while travelling.
type ZoneOverride struct {
	From, To scheduler.Date
	Timezone string
}

// TimeOff is an absence of a member: either instants [Start, End) or whole
// days StartDate..EndDate (inclusive) in the member's zone.
type TimeOff struct {
	ID        string
	OrgID     string
	MemberID  string
	Start     time.Time // UTC; zero when AllDay
	End       time.Time
	AllDay    bool
	StartDate scheduler.Date
	EndDate   scheduler.Date
	Reason    string
	CreatedAt time.Time
}

// Team is a named group of members.
type Team struct {
	ID          string
	OrgID       string
	Name        string
	Description string
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// TeamMember is a member's place in a team.
type TeamMember struct {
	TeamID   string
	MemberID string
	Required bool
	AddedAt  time.Time
}

// Page asks for one page of a list ordered by ID. After is the last ID of the
// previous page ("" for the first).
type Page struct {
	Limit int
	After string
}

// Orgs manages organizations.
type Orgs interface {
	// EnsureOrg returns the organization with this name, creating it if needed.
	EnsureOrg(ctx context.Context, name string) (Org, error)
	// CountOrgs counts organizations (0 on a new database).
	CountOrgs(ctx context.Context) (int64, error)
}

// Tokens manages API tokens.
type Tokens interface {
	// CreateToken stores t (ID and CreatedAt are set). ErrConflict if the hash exists.
	CreateToken(ctx context.Context, t *Token) error
	// TokenByHash finds an unrevoked token by the SHA-256 of its secret; ErrNotFound otherwise.
	TokenByHash(ctx context.Context, hash []byte) (Token, error)
	// TouchToken records that a token was used at t (best effort, throttled by callers).
	TouchToken(ctx context.Context, id string, at time.Time) error
	// ListTokens lists the organization's tokens, including revoked ones.
	ListTokens(ctx context.Context, orgID string, p Page) ([]Token, error)
	// RevokeToken marks a token revoked; ErrNotFound if it is not the org's.
	RevokeToken(ctx context.Context, orgID, id string, at time.Time) error
}

// Members manages members and their time off.
type Members interface {
	// CreateMember stores m (ID, timestamps set). ErrConflict on a duplicate email.
	CreateMember(ctx context.Context, m *Member) error
	// Member returns one member of the org; ErrNotFound otherwise.
	Member(ctx context.Context, orgID, id string) (Member, error)
	// ListMembers lists the org's members by ID.
	ListMembers(ctx context.Context, orgID string, p Page) ([]Member, error)
	// MembersByID returns the org's members with these IDs (missing ones are left out).
	MembersByID(ctx context.Context, orgID string, ids []string) ([]Member, error)
	// MemberSchedules returns the org's members with these IDs, ordered by
	// ID, with what a schedule needs (ID, OrgID, Name, Timezone,
	// WorkingHours, ZoneOverrides; the rest empty, and to be only read), and
	// their calendars as CalendarHealthOf returns them (in no promised
	// order), in one read.
	MemberSchedules(ctx context.Context, orgID string, ids []string) ([]Member, []Calendar, error)
	// UpdateMember replaces the member's fields; ErrNotFound, ErrConflict.
	UpdateMember(ctx context.Context, m *Member) error
	// DeleteMember deletes a member with its time off and team places; ErrNotFound.
	DeleteMember(ctx context.Context, orgID, id string) error

	// CreateTimeOff stores t for an existing member of the org; ErrNotFound.
	CreateTimeOff(ctx context.Context, t *TimeOff) error
	// ListTimeOff lists a member's time off by ID; ErrNotFound for an unknown member.
	ListTimeOff(ctx context.Context, orgID, memberID string, p Page) ([]TimeOff, error)
	// TimeOffBetween returns the time off of these members that may overlap
	// [from, to) (whole-day entries are returned when their dates are near the range).
	TimeOffBetween(ctx context.Context, orgID string, memberIDs []string, from, to time.Time) ([]TimeOff, error)
	// DeleteTimeOff deletes one entry; ErrNotFound.
	DeleteTimeOff(ctx context.Context, orgID, memberID, id string) error
}

// Teams manages teams and their membership.
type Teams interface {
	// CreateTeam stores t (ID, timestamps set).
	CreateTeam(ctx context.Context, t *Team) error
	// Team returns one team of the org; ErrNotFound.
	Team(ctx context.Context, orgID, id string) (Team, error)
	// ListTeams lists the org's teams by ID.
	ListTeams(ctx context.Context, orgID string, p Page) ([]Team, error)
	// UpdateTeam replaces name and description; ErrNotFound.
	UpdateTeam(ctx context.Context, t *Team) error
	// DeleteTeam deletes a team and its membership; ErrNotFound.
	DeleteTeam(ctx context.Context, orgID, id string) error
	// PutTeamMember adds or updates a member's place; ErrNotFound if the team
	// or the member is not the org's. It reports whether the place is new.
	PutTeamMember(ctx context.Context, orgID string, tm *TeamMember) (created bool, err error)
	// RemoveTeamMember removes a member from a team; ErrNotFound.
	RemoveTeamMember(ctx context.Context, orgID, teamID, memberID string) error
	// ListTeamMembers lists a team's places by member ID; ErrNotFound for an unknown team.
	ListTeamMembers(ctx context.Context, orgID, teamID string, p Page) ([]TeamMember, error)
	// TeamMembersVersion is a number that every change to the team's places
	// raises (adding, removing, changing required, cascades); ErrNotFound
	// for another org's team.
	TeamMembersVersion(ctx context.Context, orgID, teamID string) (int64, error)
}

// Store is everything the service persists.
type Store interface {
	Orgs
	Tokens
	Members
	Teams
	Calendars
	Feeds
	TeamSettings
	Exchanges
	WebSessions
	Meetings
	// Ping checks that the database answers.
	Ping(ctx context.Context) error
	// Close releases the database.
	Close() error
}
