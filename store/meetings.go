package store

import (
	"context"
	"time"
)

// FeedMeetingSeries publishes a meeting series, one event per occurrence.
const FeedMeetingSeries FeedKind = "meeting_series"

// SeriesAttendeeSpec is one attendee of a series and their never band
// (local "HH:MM" times; equal times mean no band).
type SeriesAttendeeSpec struct {
	MemberID    string `json:"member_id"`
	NeverBefore string `json:"never_before"`
	NeverFrom   string `json:"never_from"`
}

// SeriesSpec is what a meeting series was asked for; recomputing it reads
// the same spec against current members, hours and time off.
type SeriesSpec struct {
	Duration   time.Duration        `json:"duration"`
	Recurrence string               `json:"recurrence"` // RRULE without DTSTART, UNTIL or COUNT
	Zone       string               `json:"zone"`
	From       string               `json:"from"`            // YYYY-MM-DD
	Until      string               `json:"until,omitempty"` // YYYY-MM-DD, or
	Count      int                  `json:"count,omitempty"`
	Slots      int                  `json:"slots"` // 0: auto
	Attendees  []SeriesAttendeeSpec `json:"attendees"`
	// AllMembers: the attendees are the team's members at each computation.
	AllMembers bool `json:"all_members"`
}

// MeetingSeries is a stored recurring meeting with its last computed plan.
// Plan is the application layer's document; the store keeps it whole.
type MeetingSeries struct {
	ID, OrgID, TeamID string
	Name              string
	Spec              SeriesSpec
	Plan              []byte
	CreatedAt         time.Time
	UpdatedAt         time.Time
}

// SeriesSummary is a stored series without its plan, for lists.
type SeriesSummary struct {
	ID, OrgID, TeamID string
	Name              string
	Spec              SeriesSpec
	// Revision is the plan document's top-level "revision" number (0 when
	// it has none), read in the database so that a list never loads plans.
	Revision  int
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Meetings stores meeting series.
type Meetings interface {
	// CreateMeetingSeries stores s (ID and timestamps set); ErrNotFound when
	// the team is not the org's.
	CreateMeetingSeries(ctx context.Context, s *MeetingSeries) error
	// MeetingSeries returns one series of the org's team; ErrNotFound.
	MeetingSeries(ctx context.Context, orgID, teamID, id string) (MeetingSeries, error)
	// UpdateMeetingSeriesPlan replaces a series' plan; ErrNotFound.
	UpdateMeetingSeriesPlan(ctx context.Context, orgID, teamID, id string, plan []byte) (time.Time, error)
	// ListMeetingSeries lists a team's series by ID, without their plans;
	// ErrNotFound when the team is not the org's. Plans must be JSON objects.
	ListMeetingSeries(ctx context.Context, orgID, teamID string, p Page) ([]SeriesSummary, error)
	// DeleteMeetingSeries deletes a series and its feeds; ErrNotFound.
	DeleteMeetingSeries(ctx context.Context, orgID, teamID, id string) error
}
