package store

import (
	"context"
	"time"
)

// FeedKind is what a published feed shows.
type FeedKind string

// Feed kinds.
const (
	FeedTeamOverlap        FeedKind = "team_overlap"
	FeedMemberAvailability FeedKind = "member_availability"
	FeedMemberBusy         FeedKind = "member_busy"
	FeedTeamOnCall         FeedKind = "team_on_call"
)

// FeedOptions shape a feed's content.
type FeedOptions struct {
	Quorum      int           `json:"quorum,omitempty"`
	MinDuration time.Duration `json:"min_duration,omitempty"`
	Horizon     time.Duration `json:"horizon,omitempty"`
	Past        time.Duration `json:"past,omitempty"`
}

// Feed is a published iCal subscription; its token is stored only as a hash.
type Feed struct {
	ID             string
	OrgID          string
	Kind           FeedKind
	TeamID         string
	MemberID       string
	SeriesID       string // meeting_series feeds only
	Options        FeedOptions
	TokenHash      []byte
	CreatedAt      time.Time
	RotatedAt      *time.Time
	LastAccessedAt *time.Time
}

// Feeds manages published feeds.
type Feeds interface {
	// CreateFeed stores f; ErrNotFound when its team, member or series is not the org's.
	CreateFeed(ctx context.Context, f *Feed) error
	// Feed returns one feed of the org; ErrNotFound.
	Feed(ctx context.Context, orgID, id string) (Feed, error)
	// FeedByTokenHash finds a feed by the SHA-256 of its token; ErrNotFound.
	FeedByTokenHash(ctx context.Context, hash []byte) (Feed, error)
	// ListFeeds lists the org's feeds by ID.
	ListFeeds(ctx context.Context, orgID string, p Page) ([]Feed, error)
	// DeleteFeed revokes a feed at once; ErrNotFound.
	DeleteFeed(ctx context.Context, orgID, id string) error
	// RotateFeed replaces a feed's token hash; the old token stops working. ErrNotFound.
	RotateFeed(ctx context.Context, orgID, id string, hash []byte, at time.Time) error
	// TouchFeed records an access (callers throttle it).
	TouchFeed(ctx context.Context, id string, at time.Time) error
}
