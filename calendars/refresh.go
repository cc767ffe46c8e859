package calendars

import (
	"context"
	"errors"
	"time"

	"github.com/overlap/overlap/calendars/fetch"
	"github.com/overlap/overlap/calendars/ical"
	"github.com/overlap/overlap/store"
)

// Refresh refreshes one calendar now and returns its new state. A failure is
// recorded on the calendar (and returned in its status), not returned as an error.
func (im *Importer) Refresh(ctx context.Context, c store.Calendar) (store.Calendar, error) {
	if err := im.refresh(ctx, c, ""); err != nil {
		return c, err
	}
	return im.cfg.Store.Calendar(ctx, c.OrgID, c.ID)
}

// Reexpand reads a calendar's stored body again, now: after a change of its
// kind or of its member's zone, which change the intervals but not the body.
// A calendar without a stored body is refreshed instead.
func (im *Importer) Reexpand(ctx context.Context, c store.Calendar) (store.Calendar, error) {
	now := im.now()
	next := now.Add(im.EffectiveInterval(c))
	if c.NextRefreshAt != nil && c.NextRefreshAt.Before(next) {
		next = *c.NextRefreshAt
	}
	body, err := im.cfg.Store.CalendarBody(ctx, c.ID)
	if err != nil {
		return c, err
	}
	if body == nil {
		return im.Refresh(ctx, c)
	}
	if err := im.reexpandBody(ctx, c, "", now, next, body); err != nil {
		return c, err
	}
	return im.cfg.Store.Calendar(ctx, c.OrgID, c.ID)
}

// refresh does one refresh; only storage errors are returned.
func (im *Importer) refresh(ctx context.Context, c store.Calendar, owner string) error {
	now := im.now()
	if c.Source == store.SourceUpload {
		return im.reexpand(ctx, c, owner, now, now.Add(24*time.Hour))
	}
	started := time.Now()
	resp, err := im.cfg.Fetcher.Fetch(ctx, fetch.Request{URL: c.URL, ETag: c.ETag, LastModified: c.LastModified})
	im.metrics.duration.Observe(time.Since(started).Seconds())
	if err == nil && !resp.NotModified {
		im.metrics.bytes.Observe(float64(len(resp.Body)))
	}
	if err != nil {
		if errors.Is(err, context.Canceled) && ctx.Err() != nil {
			return ctx.Err()
		}
		ie := fetchError(err)
		return im.fail(ctx, c, owner, now, ie, retryAfter(err))
	}
	cleanValidators(resp)
	if resp.NotModified || resp.ContentHash == c.ContentHash {
		next := now.Add(im.interval(c, c.FeedInterval))
		if im.staleWindow(c, now) {
			return im.reexpand(ctx, c, owner, now, next)
		}
		im.metrics.refreshed(outcomeNotModified)
		return im.cfg.Store.SaveAttempt(ctx, c.ID, owner, store.Attempt{At: now, NextRefreshAt: &next, ETag: resp.ETag, LastModified: resp.LastModified})
	}
	snap, err := im.expand(ctx, c, resp.Body, now)
	if err != nil {
		var ie *ImportError
		if errors.As(err, &ie) {
			return im.fail(ctx, c, owner, now, ie, 0)
		}
		return err
	}
	snap.Body, snap.ETag, snap.LastModified, snap.ContentHash = ical.Strip(resp.Body), resp.ETag, resp.LastModified, resp.ContentHash
	next := now.Add(im.interval(c, snap.FeedInterval))
	snap.NextRefreshAt = &next
	im.cfg.Log.Info("calendar refreshed", "calendar_id", c.ID, "events", snap.EventCount, "intervals", len(snap.Intervals))
	return im.save(ctx, c, owner, now, snap, outcomeUpdated)
}

// reexpand reads the stored body again over the current window.
func (im *Importer) reexpand(ctx context.Context, c store.Calendar, owner string, now, next time.Time) error {
	body, err := im.cfg.Store.CalendarBody(ctx, c.ID)
	if err != nil {
		return err
	}
	if body == nil {
		return im.cfg.Store.SaveAttempt(ctx, c.ID, owner, store.Attempt{At: now, NextRefreshAt: &next})
	}
	return im.reexpandBody(ctx, c, owner, now, next, body)
}

// reexpandBody reads a stored body, already loaded, over the current window.
func (im *Importer) reexpandBody(ctx context.Context, c store.Calendar, owner string, now, next time.Time, body []byte) error {
	snap, err := im.expand(ctx, c, body, now)
	if err != nil {
		var ie *ImportError
		if errors.As(err, &ie) {
			return im.fail(ctx, c, owner, now, ie, 0)
		}
		return err
	}
	snap.ETag, snap.LastModified, snap.ContentHash = c.ETag, c.LastModified, c.ContentHash
	snap.NextRefreshAt = &next
	return im.save(ctx, c, owner, now, snap, outcomeReexpanded)
}

// save stores a refreshed snapshot. A failure to store it is a failure of the
// refresh: it is recorded on the calendar (last error, stale, back-off) like a
// failed fetch, and the previous intervals stay. Losing the lease (ErrNotFound)
// or the context is returned as is: someone else owns the calendar now.
// A stored snapshot counts as a refresh with the given outcome.
func (im *Importer) save(ctx context.Context, c store.Calendar, owner string, now time.Time, snap *store.Snapshot, outcome string) error {
	err := im.cfg.Store.SaveSnapshot(ctx, c.ID, owner, snap)
	if err == nil {
		im.metrics.refreshed(outcome)
		return nil
	}
	if ctx.Err() != nil || errors.Is(err, store.ErrNotFound) {
		return err
	}
	im.cfg.Log.Error("store refreshed calendar", "calendar_id", c.ID, "error", err)
	ie := &ImportError{Code: "store_failed", Message: "the refreshed calendar could not be stored", Temporary: true}
	if ferr := im.fail(ctx, c, owner, now, ie, 0); ferr != nil {
		return errors.Join(err, ferr)
	}
	return nil
}

// fail records a failed attempt; the previous intervals stay.
func (im *Importer) fail(ctx context.Context, c store.Calendar, owner string, now time.Time, ie *ImportError, retry time.Duration) error {
	im.metrics.refreshed(outcomeFailed)
	next := now.Add(im.backoff(c.Failures+1, retry))
	im.cfg.Log.Warn("calendar refresh failed", "calendar_id", c.ID, "code", ie.Code, "failures", c.Failures+1, "next_attempt", next)
	return im.cfg.Store.SaveAttempt(ctx, c.ID, owner, store.Attempt{At: now, NextRefreshAt: &next, ErrorCode: ie.Code, Message: ie.Message})
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
	if !store.ValidText(resp.ETag) {
		resp.ETag = ""
	}
	if !store.ValidText(resp.LastModified) {
		resp.LastModified = ""
	}
}
