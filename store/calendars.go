package store

import (
	"context"
	"slices"
	"time"

	"github.com/overlap/overlap/scheduler"
)

// CalendarKind says how a calendar's events count.
type CalendarKind string

// Calendar kinds.
const (
	KindBusy     CalendarKind = "busy"     // events are busy time (default)
	KindHolidays CalendarKind = "holidays" // every event blocks its whole local days
	KindTimeOff  CalendarKind = "time_off" // every event is time off
)

// CalendarKinds lists the calendar kinds.
var CalendarKinds = []CalendarKind{KindBusy, KindHolidays, KindTimeOff}

// Valid reports whether k is a known kind.
func (k CalendarKind) Valid() bool { return slices.Contains(CalendarKinds, k) }

// CalendarSource says where a calendar's data comes from.
type CalendarSource string

// Calendar sources.
const (
	SourceURL    CalendarSource = "url"
	SourceUpload CalendarSource = "upload"
)

// CalendarWarning is something the importer skipped or could not resolve.
type CalendarWarning struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// Calendar is a member's calendar and the state of its import.
type Calendar struct {
	ID, OrgID, MemberID string
	Name                string
	Kind                CalendarKind
	Source              CalendarSource
	URL                 string // subscribed URL; may hold credentials: never log it unredacted

	RefreshInterval time.Duration // asked for by the user; 0 = from the feed, else the default
	FeedInterval    time.Duration // REFRESH-INTERVAL / X-PUBLISHED-TTL of the feed

	ETag, LastModified, ContentHash string

	LastAttemptAt, LastSuccessAt    *time.Time
	LastErrorCode, LastErrorMessage string
	Failures                        int // consecutive failed attempts
	NextRefreshAt                   *time.Time

	EventCount, IntervalCount int
	Warnings                  []CalendarWarning
	WindowStart, WindowEnd    time.Time // the stored window of intervals

	CreatedAt, UpdatedAt time.Time
}

// BusyInterval is one busy occurrence read from a calendar, whole.
type BusyInterval struct {
	CalendarID string
	MemberID   string
	Start, End time.Time
	Kind       string // one of BusyKinds
	UID        string
}

// Snapshot is a successful import: it replaces a calendar's intervals, body
// and status in one transaction.
type Snapshot struct {
	Body                            []byte // the calendar stripped to times and rules (calendars.Strip); nil keeps the stored body
	ETag, LastModified, ContentHash string
	FeedInterval                    time.Duration
	EventCount                      int
	Warnings                        []CalendarWarning
	WindowStart, WindowEnd          time.Time
	Intervals                       []BusyInterval
	At                              time.Time
	NextRefreshAt                   *time.Time
}

// Attempt records a refresh that brought no new data: unchanged (304 or the
// same body) when ErrorCode is empty, else a failure.
type Attempt struct {
	At                 time.Time
	NextRefreshAt      *time.Time
	ErrorCode, Message string
	ETag, LastModified string // updated when non-empty
}

// Calendars manages calendars and their busy intervals.
type Calendars interface {
	// CreateCalendar stores c for an existing member of c.OrgID, with the
	// snapshot's intervals when snap is not nil, in one transaction; ErrNotFound.
	CreateCalendar(ctx context.Context, c *Calendar, snap *Snapshot) error
	// Calendar returns one calendar of the org; ErrNotFound.
	Calendar(ctx context.Context, orgID, id string) (Calendar, error)
	// ListCalendars lists a member's calendars by ID; ErrNotFound for an unknown member.
	ListCalendars(ctx context.Context, orgID, memberID string, p Page) ([]Calendar, error)
	// CalendarsOfMembers returns every calendar of these members.
	CalendarsOfMembers(ctx context.Context, orgID string, memberIDs []string) ([]Calendar, error)
	// UpdateCalendar saves name, kind, URL, refresh interval, next refresh and
	// the HTTP validators (cleared when the URL changes); ErrNotFound.
	UpdateCalendar(ctx context.Context, c *Calendar) error
	// DeleteCalendar deletes a calendar with its intervals; ErrNotFound.
	DeleteCalendar(ctx context.Context, orgID, id string) error
	// CalendarBody returns the last good body (nil if none); ErrNotFound.
	CalendarBody(ctx context.Context, id string) ([]byte, error)

	// SaveSnapshot replaces the calendar's intervals and status in one
	// transaction. With a non-empty leaseOwner it only applies while that
	// owner holds the lease (and releases it); ErrNotFound otherwise.
	SaveSnapshot(ctx context.Context, id, leaseOwner string, snap *Snapshot) error
	// SaveAttempt records an attempt that changed no intervals (and releases
	// the lease of leaseOwner); the previous intervals are kept.
	SaveAttempt(ctx context.Context, id, leaseOwner string, a Attempt) error
	// LeaseDueCalendars leases up to limit calendars whose next
	// refresh is due at now and that no one else holds, until now+lease.
	// Safe with several replicas: on PostgreSQL rows are picked with
	// FOR UPDATE SKIP LOCKED.
	LeaseDueCalendars(ctx context.Context, now time.Time, owner string, limit int, lease time.Duration) ([]Calendar, error)
	// CalendarHealth returns every calendar of every organization with only
	// the fields that say whether it is stale or failing filled in (ID,
	// source, refresh and feed intervals, last success, last error code):
	// one narrow read for the metrics.
	CalendarHealth(ctx context.Context) ([]Calendar, error)
	// CalendarHealthOf is CalendarHealth for the calendars of these members
	// of the organization, with MemberID too: what a team read needs to
	// tell whose data is stale.
	CalendarHealthOf(ctx context.Context, orgID string, memberIDs []string) ([]Calendar, error)

	// BusySpans is BusyBetween without calendar IDs and UIDs, in no order.
	BusySpans(ctx context.Context, orgID string, memberIDs []string, from, to time.Time) ([]BusyInterval, error)
	// BusyBlocks is BusySpans as compact scheduler blocks, by member:
	// blocks[i] are memberIDs[i]'s intervals overlapping [from, to), whole,
	// in no order. The planner's hot path: one read and one allocation for
	// the team.
	BusyBlocks(ctx context.Context, orgID string, memberIDs []string, from, to time.Time) ([][]scheduler.Busy, error)
	// BusyBetween returns the busy intervals of these members that overlap
	// [from, to), whole, ordered by member and start.
	BusyBetween(ctx context.Context, orgID string, memberIDs []string, from, to time.Time) ([]BusyInterval, error)
}
