package calendars

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	mrand "math/rand/v2"
	"os"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/overlap/overlap/calendars/fetch"
	"github.com/overlap/overlap/store"
)

// FeedStore is the storage the feed service needs.
type FeedStore interface {
	Member(ctx context.Context, orgID, id string) (store.Member, error)
	CreateCalendar(ctx context.Context, c *store.Calendar, snap *store.Snapshot) error
	Calendar(ctx context.Context, orgID, id string) (store.Calendar, error)
	CalendarBody(ctx context.Context, id string) ([]byte, error)
	SaveSnapshot(ctx context.Context, id, leaseOwner string, snap *store.Snapshot) error
	SaveAttempt(ctx context.Context, id, leaseOwner string, a store.Attempt) error
	LeaseDueCalendars(ctx context.Context, now time.Time, owner string, limit int, lease time.Duration) ([]store.Calendar, error)
	CalendarHealth(ctx context.Context) ([]store.Calendar, error)
}

// Fetcher fetches a feed URL conditionally (calendars/fetch.Client).
type Fetcher interface {
	Fetch(ctx context.Context, req fetch.Request) (*fetch.Response, error)
}

// FeedsConfig configures the feed service. Zero fields take the defaults.
type FeedsConfig struct {
	Store   FeedStore
	Fetcher Fetcher
	Log     *slog.Logger
	Now     func() time.Time
	Limits  Limits

	Past, Ahead     time.Duration // stored window around now: 30 days back, 1 year ahead
	DefaultInterval time.Duration // refresh interval when neither user nor feed sets one: 1 h
	MinInterval     time.Duration // 15 min
	MaxInterval     time.Duration // 7 days
	MaxBackoff      time.Duration // longest wait after failures: 24 h

	Workers int           // concurrent refreshes: 4
	Poll    time.Duration // how often due feeds are looked for: 15 s
	Lease   time.Duration // how long a replica holds a feed: 2 min
	Owner   string        // lease owner name: host, pid and a random suffix
}

// Feeds imports members' calendars: subscriptions refreshed in the
// background and uploaded files. Every replacement is one transaction; a
// failed fetch or parse keeps the previous intervals.
type Feeds struct {
	cfg     FeedsConfig
	metrics *feedMetrics
}

// NewFeeds returns the feed service.
func NewFeeds(cfg FeedsConfig) *Feeds {
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
	def(&cfg.Poll, 15*time.Second)
	def(&cfg.Lease, 2*time.Minute)
	if cfg.Workers <= 0 {
		cfg.Workers = 4
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.Owner == "" {
		host, _ := os.Hostname()
		var b [4]byte
		rand.Read(b[:])
		cfg.Owner = fmt.Sprintf("%s/%d/%s", host, os.Getpid(), hex.EncodeToString(b[:]))
	}
	return &Feeds{cfg: cfg, metrics: newFeedMetrics()}
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

func (f *Feeds) now() time.Time { return f.cfg.Now().UTC().Truncate(time.Second) }

// window is the stored range around now.
func (f *Feeds) window(now time.Time) (time.Time, time.Time) {
	return now.Add(-f.cfg.Past), now.Add(f.cfg.Ahead)
}

// staleWindow reports whether a calendar's stored window should roll forward.
func (f *Feeds) staleWindow(c store.Calendar, now time.Time) bool {
	return c.WindowEnd.Before(now.Add(f.cfg.Ahead - 24*time.Hour))
}

// interval is how long to wait before the next refresh of a healthy calendar.
func (f *Feeds) interval(c store.Calendar, feed time.Duration) time.Duration {
	d := c.RefreshInterval
	if d == 0 {
		d = feed
	}
	if d == 0 {
		d = f.cfg.DefaultInterval
	}
	return min(max(d, f.cfg.MinInterval), f.cfg.MaxInterval)
}

// EffectiveInterval is how often a healthy calendar is refreshed.
func (f *Feeds) EffectiveInterval(c store.Calendar) time.Duration {
	if c.Source != store.SourceURL {
		return 24 * time.Hour
	}
	return f.interval(c, c.FeedInterval)
}

// Stale reports whether a calendar's data can no longer be trusted: its last
// success is older than twice its refresh interval, or its last attempt failed.
func (f *Feeds) Stale(c store.Calendar, now time.Time) bool {
	if c.LastErrorCode != "" || c.LastSuccessAt == nil {
		return true
	}
	return now.Sub(*c.LastSuccessAt) > 2*f.EffectiveInterval(c)
}

// backoff is the wait after the n-th consecutive failure: exponential from
// 5 minutes with ±20% jitter, at least Retry-After, at most MaxBackoff.
func (f *Feeds) backoff(n int, retryAfter time.Duration) time.Duration {
	d := 5 * time.Minute << min(n-1, 12)
	d = min(d, f.cfg.MaxBackoff)
	d = time.Duration(float64(d) * (0.8 + 0.4*mrand.Float64()))
	return min(max(d, retryAfter), 7*24*time.Hour)
}

// expand reads a body for a member.
func (f *Feeds) expand(ctx context.Context, c store.Calendar, body []byte, now time.Time) (*store.Snapshot, error) {
	m, err := f.cfg.Store.Member(ctx, c.OrgID, c.MemberID)
	if err != nil {
		return nil, err
	}
	loc, err := time.LoadLocation(m.Timezone)
	if err != nil {
		loc = time.UTC
	}
	from, to := f.window(now)
	res, err := Expand(body, from, to, Options{Zone: loc, Kind: CalendarKind(c.Kind), Limits: f.cfg.Limits})
	if err != nil {
		code := ErrorCode(err)
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
// feed that cannot be used (blocked address, not a calendar, unreadable,
// 404…) is an *ImportError and nothing is stored; a passing failure (timeout,
// 5xx) stores the subscription with its error and retries later.
func (f *Feeds) Subscribe(ctx context.Context, c *store.Calendar) error {
	u, err := fetch.NormalizeURL(c.URL)
	if err != nil {
		return &ImportError{Code: "invalid_url", Message: err.Error()}
	}
	c.URL, c.Source = u, store.SourceURL
	now := f.now()
	resp, err := f.cfg.Fetcher.Fetch(ctx, fetch.Request{URL: u})
	if err != nil {
		ie := fetchError(err)
		if !ie.Temporary {
			return ie
		}
		at, next := now, now.Add(f.backoff(1, retryAfter(err)))
		c.LastAttemptAt, c.NextRefreshAt, c.LastErrorCode, c.LastErrorMessage, c.Failures = &at, &next, ie.Code, ie.Message, 1
		return f.cfg.Store.CreateCalendar(ctx, c, nil)
	}
	cleanValidators(resp)
	snap, err := f.expand(ctx, *c, resp.Body, now)
	if err != nil {
		return err
	}
	snap.Body, snap.ETag, snap.LastModified, snap.ContentHash = Strip(resp.Body), resp.ETag, resp.LastModified, resp.ContentHash
	next := now.Add(f.interval(*c, snap.FeedInterval))
	snap.NextRefreshAt = &next
	return f.cfg.Store.CreateCalendar(ctx, c, snap)
}

// Upload stores an uploaded calendar, all or nothing.
func (f *Feeds) Upload(ctx context.Context, c *store.Calendar, body []byte) error {
	c.Source, c.URL = store.SourceUpload, ""
	now := f.now()
	snap, err := f.expand(ctx, *c, body, now)
	if err != nil {
		return err
	}
	snap.Body, snap.ContentHash = Strip(body), hashBody(body)
	next := now.Add(24 * time.Hour) // roll the window forward daily
	snap.NextRefreshAt = &next
	return f.cfg.Store.CreateCalendar(ctx, c, snap)
}

// ReplaceUpload replaces an uploaded calendar's file, all or nothing.
func (f *Feeds) ReplaceUpload(ctx context.Context, c store.Calendar, body []byte) (store.Calendar, error) {
	if c.Source != store.SourceUpload {
		return c, ErrNotUpload
	}
	now := f.now()
	snap, err := f.expand(ctx, c, body, now)
	if err != nil {
		return c, err
	}
	snap.Body, snap.ContentHash = Strip(body), hashBody(body)
	next := now.Add(24 * time.Hour)
	snap.NextRefreshAt = &next
	if err := f.cfg.Store.SaveSnapshot(ctx, c.ID, "", snap); err != nil {
		return c, err
	}
	return f.cfg.Store.Calendar(ctx, c.OrgID, c.ID)
}

// Refresh refreshes one calendar now and returns its new state. A failure is
// recorded on the calendar (and returned in its status), not returned as an error.
func (f *Feeds) Refresh(ctx context.Context, c store.Calendar) (store.Calendar, error) {
	if err := f.refresh(ctx, c, ""); err != nil {
		return c, err
	}
	return f.cfg.Store.Calendar(ctx, c.OrgID, c.ID)
}

// Reexpand reads a calendar's stored body again, now: after a change of its
// kind or of its member's zone, which change the intervals but not the feed.
// A calendar without a stored body is refreshed instead.
func (f *Feeds) Reexpand(ctx context.Context, c store.Calendar) (store.Calendar, error) {
	now := f.now()
	next := now.Add(f.EffectiveInterval(c))
	if c.NextRefreshAt != nil && c.NextRefreshAt.Before(next) {
		next = *c.NextRefreshAt
	}
	body, err := f.cfg.Store.CalendarBody(ctx, c.ID)
	if err != nil {
		return c, err
	}
	if body == nil {
		return f.Refresh(ctx, c)
	}
	if err := f.reexpand(ctx, c, "", now, next); err != nil {
		return c, err
	}
	return f.cfg.Store.Calendar(ctx, c.OrgID, c.ID)
}

// refresh does one refresh; only storage errors are returned.
func (f *Feeds) refresh(ctx context.Context, c store.Calendar, owner string) error {
	now := f.now()
	if c.Source == store.SourceUpload {
		return f.reexpand(ctx, c, owner, now, now.Add(24*time.Hour))
	}
	started := time.Now()
	resp, err := f.cfg.Fetcher.Fetch(ctx, fetch.Request{URL: c.URL, ETag: c.ETag, LastModified: c.LastModified})
	f.metrics.duration.Observe(time.Since(started).Seconds())
	if err == nil && !resp.NotModified {
		f.metrics.bytes.Observe(float64(len(resp.Body)))
	}
	if err != nil {
		if errors.Is(err, context.Canceled) && ctx.Err() != nil {
			return ctx.Err()
		}
		ie := fetchError(err)
		return f.fail(ctx, c, owner, now, ie, retryAfter(err))
	}
	cleanValidators(resp)
	if resp.NotModified || resp.ContentHash == c.ContentHash {
		next := now.Add(f.interval(c, c.FeedInterval))
		if f.staleWindow(c, now) {
			return f.reexpand(ctx, c, owner, now, next)
		}
		f.metrics.refreshed(outcomeNotModified)
		return f.cfg.Store.SaveAttempt(ctx, c.ID, owner, store.Attempt{At: now, NextRefreshAt: &next, ETag: resp.ETag, LastModified: resp.LastModified})
	}
	snap, err := f.expand(ctx, c, resp.Body, now)
	if err != nil {
		var ie *ImportError
		if errors.As(err, &ie) {
			return f.fail(ctx, c, owner, now, ie, 0)
		}
		return err
	}
	snap.Body, snap.ETag, snap.LastModified, snap.ContentHash = Strip(resp.Body), resp.ETag, resp.LastModified, resp.ContentHash
	next := now.Add(f.interval(c, snap.FeedInterval))
	snap.NextRefreshAt = &next
	f.cfg.Log.Info("calendar refreshed", "calendar_id", c.ID, "events", snap.EventCount, "intervals", len(snap.Intervals))
	return f.save(ctx, c, owner, now, snap, outcomeUpdated)
}

// reexpand reads the stored body again over the current window.
func (f *Feeds) reexpand(ctx context.Context, c store.Calendar, owner string, now, next time.Time) error {
	body, err := f.cfg.Store.CalendarBody(ctx, c.ID)
	if err != nil {
		return err
	}
	if body == nil {
		return f.cfg.Store.SaveAttempt(ctx, c.ID, owner, store.Attempt{At: now, NextRefreshAt: &next})
	}
	snap, err := f.expand(ctx, c, body, now)
	if err != nil {
		var ie *ImportError
		if errors.As(err, &ie) {
			return f.fail(ctx, c, owner, now, ie, 0)
		}
		return err
	}
	snap.ETag, snap.LastModified, snap.ContentHash = c.ETag, c.LastModified, c.ContentHash
	snap.NextRefreshAt = &next
	return f.save(ctx, c, owner, now, snap, outcomeReexpanded)
}

// save stores a refreshed snapshot. A failure to store it is a failure of the
// refresh: it is recorded on the calendar (last error, stale, back-off) like a
// failed fetch, and the previous intervals stay. Losing the lease (ErrNotFound)
// or the context is returned as is: someone else owns the calendar now.
// A stored snapshot counts as a refresh with the given outcome.
func (f *Feeds) save(ctx context.Context, c store.Calendar, owner string, now time.Time, snap *store.Snapshot, outcome string) error {
	err := f.cfg.Store.SaveSnapshot(ctx, c.ID, owner, snap)
	if err == nil {
		f.metrics.refreshed(outcome)
		return nil
	}
	if ctx.Err() != nil || errors.Is(err, store.ErrNotFound) {
		return err
	}
	f.cfg.Log.Error("store refreshed calendar", "calendar_id", c.ID, "error", err)
	ie := &ImportError{Code: "store_failed", Message: "the refreshed calendar could not be stored", Temporary: true}
	if ferr := f.fail(ctx, c, owner, now, ie, 0); ferr != nil {
		return errors.Join(err, ferr)
	}
	return nil
}

// fail records a failed attempt; the previous intervals stay.
func (f *Feeds) fail(ctx context.Context, c store.Calendar, owner string, now time.Time, ie *ImportError, retry time.Duration) error {
	f.metrics.refreshed(outcomeFailed)
	next := now.Add(f.backoff(c.Failures+1, retry))
	f.cfg.Log.Warn("calendar refresh failed", "calendar_id", c.ID, "code", ie.Code, "failures", c.Failures+1, "next_attempt", next)
	return f.cfg.Store.SaveAttempt(ctx, c.ID, owner, store.Attempt{At: now, NextRefreshAt: &next, ErrorCode: ie.Code, Message: ie.Message})
}

func fetchError(err error) *ImportError {
	var fe *fetch.Error
	if errors.As(err, &fe) {
		return &ImportError{Code: fe.Code, Message: fe.Message, Temporary: fe.Temporary}
	}
	return &ImportError{Code: "fetch_failed", Message: "the feed could not be fetched", Temporary: true}
}

func retryAfter(err error) time.Duration {
	var fe *fetch.Error
	if errors.As(err, &fe) {
		return fe.RetryAfter
	}
	return 0
}

// cleanValidators drops an ETag or Last-Modified that a database cannot store
// as text (HTTP allows any byte above 0x7F in a header value): the next fetch
// is then unconditional, which is always correct.
func cleanValidators(resp *fetch.Response) {
	storable := func(s string) bool { return utf8.ValidString(s) && !strings.ContainsRune(s, 0) }
	if !storable(resp.ETag) {
		resp.ETag = ""
	}
	if !storable(resp.LastModified) {
		resp.LastModified = ""
	}
}
