package calendars

import (
	mrand "math/rand/v2"
	"time"

	"github.com/overlap/overlap/store"
)

// staleWindow reports whether a calendar's stored window should roll forward.
func (im *Importer) staleWindow(c store.Calendar, now time.Time) bool {
	return c.WindowEnd.Before(now.Add(im.cfg.Ahead - 24*time.Hour))
}

// window is the stored range around now.
func (im *Importer) window(now time.Time) (time.Time, time.Time) {
	return now.Add(-im.cfg.Past), now.Add(im.cfg.Ahead)
}

// interval is how long to wait before the next refresh of a healthy calendar:
// the user's interval, else the calendar's own (REFRESH-INTERVAL), else the default.
func (im *Importer) interval(c store.Calendar, own time.Duration) time.Duration {
	d := c.RefreshInterval
	if d == 0 {
		d = own
	}
	if d == 0 {
		d = im.cfg.DefaultInterval
	}
	return min(max(d, im.cfg.MinInterval), im.cfg.MaxInterval)
}

// EffectiveInterval is how often a healthy calendar is refreshed.
func (im *Importer) EffectiveInterval(c store.Calendar) time.Duration {
	if c.Source != store.SourceURL {
		return 24 * time.Hour
	}
	return im.interval(c, c.FeedInterval)
}

// Stale reports whether a calendar's data can no longer be trusted: its last
// success is older than twice its refresh interval, or its last attempt failed.
func (im *Importer) Stale(c store.Calendar, now time.Time) bool {
	if c.LastErrorCode != "" || c.LastSuccessAt == nil {
		return true
	}
	return now.Sub(*c.LastSuccessAt) > 2*im.EffectiveInterval(c)
}

// backoff is the wait after the n-th consecutive failure: exponential from
// 5 minutes with ±20% jitter, at least Retry-After, at most MaxBackoff.
func (im *Importer) backoff(n int, retryAfter time.Duration) time.Duration {
	d := 5 * time.Minute << min(n-1, 12)
	d = min(d, im.cfg.MaxBackoff)
	d = time.Duration(float64(d) * (0.8 + 0.4*mrand.Float64()))
	return min(max(d, retryAfter), 7*24*time.Hour)
}
