package calendars

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/overlap/overlap/calendars/fetch"
	"github.com/overlap/overlap/calendars/ical"
	"github.com/overlap/overlap/scheduler"
	"github.com/overlap/overlap/store"
)

// ImportStore is the storage the Importer needs.
type ImportStore interface {
	Member(ctx context.Context, orgID, id string) (store.Member, error)
	CreateCalendar(ctx context.Context, c *store.Calendar, snap *store.Snapshot) error
	Calendar(ctx context.Context, orgID, id string) (store.Calendar, error)
	CalendarBody(ctx context.Context, id string) ([]byte, error)
	SaveSnapshot(ctx context.Context, id, leaseOwner string, snap *store.Snapshot) error
	SaveAttempt(ctx context.Context, id, leaseOwner string, a store.Attempt) error
	CalendarHealth(ctx context.Context) ([]store.Calendar, error)
}

// Fetcher fetches a subscribed calendar's URL conditionally (calendars/fetch.Client).
type Fetcher interface {
	Fetch(ctx context.Context, req fetch.Request) (*fetch.Response, error)
}

// ImporterConfig configures the Importer. Zero fields take the defaults.
type ImporterConfig struct {
	Store   ImportStore
	Fetcher Fetcher
	Log     *slog.Logger
	Now     func() time.Time
	Limits  ical.Limits

	Past, Ahead     time.Duration // stored window around now: 30 days back, 1 year ahead
	DefaultInterval time.Duration // refresh interval when neither user nor calendar sets one: 1 h
	MinInterval     time.Duration // 15 min
	MaxInterval     time.Duration // 7 days
	MaxBackoff      time.Duration // longest wait after failures: 24 h
}

// Importer imports members' calendars: subscriptions (fetched, then
// refreshed) and uploaded files, read with ical and stored as busy intervals.
// Every replacement is one transaction; a failed fetch or parse keeps the
// previous intervals. The Refresher runs its refreshes in the background.
type Importer struct {
	cfg     ImporterConfig
	metrics *importMetrics
}

// NewImporter returns an Importer.
func NewImporter(cfg ImporterConfig) *Importer {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&cfg.Past, 30*24*time.Hour)
	def(&cfg.Ahead, 365*24*time.Hour)
	def(&cfg.DefaultInterval, time.Hour)
	def(&cfg.MinInterval, 15*time.Minute)
	def(&cfg.MaxInterval, 7*24*time.Hour)
	def(&cfg.MaxBackoff, 24*time.Hour)
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	return &Importer{cfg: cfg, metrics: newImportMetrics()}
}

// ImportError is a calendar that could not be fetched or read. Code is
// stable (e.g. not_calendar, blocked_address, calendar_truncated).
type ImportError struct {
	Code      string
	Message   string
	Temporary bool
}

func (e *ImportError) Error() string { return e.Code + ": " + e.Message }

// ErrNotUpload is returned when replacing the file of a subscribed calendar.
var ErrNotUpload = errors.New("only uploaded calendars can be replaced")

func (im *Importer) now() time.Time { return im.cfg.Now().UTC().Truncate(time.Second) }

// expand reads a body for a member.
func (im *Importer) expand(ctx context.Context, c store.Calendar, body []byte, now time.Time) (*store.Snapshot, error) {
	m, err := im.cfg.Store.Member(ctx, c.OrgID, c.MemberID)
	if err != nil {
		return nil, err
	}
	loc, err := scheduler.LoadZone(m.Timezone)
	if err != nil {
		loc = time.UTC
	}
	from, to := im.window(now)
	res, err := ical.Expand(body, from, to, ical.Options{Zone: loc, Kind: ical.CalendarKind(c.Kind), Limits: im.cfg.Limits})
	if err != nil {
		code := ical.ErrorCode(err)
		if code == "" {
			code = "calendar_malformed"
		}
		return nil, &ImportError{Code: code, Message: err.Error()}
	}
	snap := &store.Snapshot{EventCount: res.Events, FeedInterval: res.RefreshInterval, WindowStart: from, WindowEnd: to, At: now}
	for _, w := range res.Warnings {
		if len(snap.Warnings) == 100 {
			snap.Warnings = append(snap.Warnings, store.CalendarWarning{Code: "warnings_truncated", Message: fmt.Sprintf("%d more warnings", len(res.Warnings)-100)})
			break
		}
		snap.Warnings = append(snap.Warnings, store.CalendarWarning{Code: w.Code, Message: w.Message})
	}
	snap.Intervals = make([]store.BusyInterval, len(res.Busy))
	for i, b := range res.Busy {
		snap.Intervals[i] = store.BusyInterval{MemberID: c.MemberID, Start: b.Start, End: b.End, Kind: string(b.Kind), UID: b.UID}
	}
	return snap, nil
}

func hashBody(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// Subscribe creates a subscription and fetches it once before returning. A
// URL that cannot be used (blocked address, not a calendar, unreadable,
// 404…) is an *ImportError and nothing is stored; a passing failure (timeout,
// 5xx) stores the subscription with its error and retries later.
func (im *Importer) Subscribe(ctx context.Context, c *store.Calendar) error {
	u, err := fetch.NormalizeURL(c.URL)
	if err != nil {
		return &ImportError{Code: "invalid_url", Message: err.Error()}
	}
	c.URL, c.Source = u, store.SourceURL
	now := im.now()
	resp, err := im.cfg.Fetcher.Fetch(ctx, fetch.Request{URL: u})
	if err != nil {
		ie := fetchError(err)
		if !ie.Temporary {
			return ie
		}
		at, next := now, now.Add(im.backoff(1, retryAfter(err)))
		c.LastAttemptAt, c.NextRefreshAt, c.LastErrorCode, c.LastErrorMessage, c.Failures = &at, &next, ie.Code, ie.Message, 1
		return im.cfg.Store.CreateCalendar(ctx, c, nil)
	}
	cleanValidators(resp)
	snap, err := im.expand(ctx, *c, resp.Body, now)
	if err != nil {
		return err
	}
	snap.Body, snap.ETag, snap.LastModified, snap.ContentHash = ical.Strip(resp.Body), resp.ETag, resp.LastModified, resp.ContentHash
	next := now.Add(im.interval(*c, snap.FeedInterval))
	snap.NextRefreshAt = &next
	return im.cfg.Store.CreateCalendar(ctx, c, snap)
}

// Upload stores an uploaded calendar, all or nothing.
func (im *Importer) Upload(ctx context.Context, c *store.Calendar, body []byte) error {
	c.Source, c.URL = store.SourceUpload, ""
	now := im.now()
	snap, err := im.expand(ctx, *c, body, now)
	if err != nil {
		return err
	}
	snap.Body, snap.ContentHash = ical.Strip(body), hashBody(body)
	next := now.Add(24 * time.Hour) // roll the window forward daily
	snap.NextRefreshAt = &next
	return im.cfg.Store.CreateCalendar(ctx, c, snap)
}

// ReplaceUpload replaces an uploaded calendar's file, all or nothing.
func (im *Importer) ReplaceUpload(ctx context.Context, c store.Calendar, body []byte) (store.Calendar, error) {
	if c.Source != store.SourceUpload {
		return c, ErrNotUpload
	}
	now := im.now()
	snap, err := im.expand(ctx, c, body, now)
	if err != nil {
		return c, err
	}
	snap.Body, snap.ContentHash = ical.Strip(body), hashBody(body)
	next := now.Add(24 * time.Hour)
	snap.NextRefreshAt = &next
	if err := im.cfg.Store.SaveSnapshot(ctx, c.ID, "", snap); err != nil {
		return c, err
	}
	return im.cfg.Store.Calendar(ctx, c.OrgID, c.ID)
}
