package calendars

import (
	mrand "math/rand/v2"
	"time"

	"github.com/overlap/overlap/store"
)

// staleWindow reports whether a calendar's stored window should roll forward.
func (f *Importer) staleWindow(c store.Calendar, now time.Time) bool {
	return c.WindowEnd.Before(now.Add(f.cfg.Ahead - 24*time.Hour))
}

// window is the stored range around now.
func (f *Importer) window(now time.Time) (time.Time, time.Time) {
	return now.Add(-f.cfg.Past), now.Add(f.cfg.Ahead)
}

// interval is how long to wait before the next refresh of a healthy calendar.
func (f *Importer) interval(c store.Calendar, feed time.Duration) time.Duration {
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
func (f *Importer) EffectiveInterval(c store.Calendar) time.Duration {
	if c.Source != store.SourceURL {
		return 24 * time.Hour
	}
	return f.interval(c, c.FeedInterval)
}

// Stale reports whether a calendar's data can no longer be trusted: its last
// success is older than twice its refresh interval, or its last attempt failed.
func (f *Importer) Stale(c store.Calendar, now time.Time) bool {
	if c.LastErrorCode != "" || c.LastSuccessAt == nil {
		return true
	}
	return now.Sub(*c.LastSuccessAt) > 2*f.EffectiveInterval(c)
}

// backoff is the wait after the n-th consecutive failure: exponential from
// 5 minutes with ±20% jitter, at least Retry-After, at most MaxBackoff.
func (f *Importer) backoff(n int, retryAfter time.Duration) time.Duration {
	d := 5 * time.Minute << min(n-1, 12)
	d = min(d, f.cfg.MaxBackoff)
	d = time.Duration(float64(d) * (0.8 + 0.4*mrand.Float64()))
	return min(max(d, retryAfter), 7*24*time.Hour)
}
