package planner

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"sync"
	"time"

	"github.com/overlap/overlap/calendars/icalfeed"
	"github.com/overlap/overlap/calendars/publish"
	"github.com/overlap/overlap/store"
)

// FeedFormat is how a published feed is written.
type FeedFormat string

// Feed formats: an iCalendar feed (.ics) and free/busy (.ifb, member_busy
// feeds only).
const (
	FormatICS      FeedFormat = "ics"
	FormatFreeBusy FeedFormat = "ifb"
)

// Serves reports whether feeds of kind k are published in format f.
func (f FeedFormat) Serves(k store.FeedKind) bool {
	return f == FormatICS || (f == FormatFreeBusy && k == store.FeedMemberBusy)
}

// ErrFormatUnsupported is returned for a format the feed's kind does not
// publish (free/busy of anything but a member_busy feed).
var ErrFormatUnsupported = errors.New("feed format not supported by this kind")

// feedCacheTTL bounds how stale a served feed may be: subscribers poll every
// 30 minutes, and a burst of them (or their 304 checks) costs one build.
const feedCacheTTL = time.Minute

// RenderedFeed is a feed's body at one moment with its validator, shared
// by every request of the same feed within feedCacheTTL.
type RenderedFeed struct {
	Body []byte
	// ETag is a hash of Body: deterministic bytes, the same on every replica.
	ETag string
	// Stamp is the feed's DTSTAMP: now rounded down to FeedRefresh.
	Stamp time.Time

	expires time.Time
	gzOnce  sync.Once
	gzipped []byte
}

// Encoded is the body in a content coding, computed once per rendered feed
// (encode is the HTTP layer's, e.g. gzip).
func (r *RenderedFeed) Encoded(encode func([]byte) []byte) []byte {
	r.gzOnce.Do(func() { r.gzipped = encode(r.Body) })
	return r.gzipped
}

// feedCache keeps recently rendered feeds in memory, per replica.
type feedCache struct {
	mu      sync.Mutex
	entries map[string]*RenderedFeed
}

func (fc *feedCache) get(key string, now time.Time) (*RenderedFeed, bool) {
	fc.mu.Lock()
	defer fc.mu.Unlock()
	e, ok := fc.entries[key]
	if !ok || now.After(e.expires) || !e.Stamp.Equal(now.Truncate(FeedRefresh)) {
		return nil, false
	}
	return e, true
}

func (fc *feedCache) put(key string, e *RenderedFeed) {
	fc.mu.Lock()
	defer fc.mu.Unlock()
	if fc.entries == nil || len(fc.entries) > 10000 {
		fc.entries = map[string]*RenderedFeed{}
	}
	fc.entries[key] = e
}

// RenderFeed is a published feed as it reads at now, in format: the feed's
// kind decides what it shows (FeedCalendar), the format and kind which
// writer writes it (free/busy; go-ical's encoder for meeting series, see
// docs/libraries.md; calendars/publish otherwise). Rendered feeds are cached
// for feedCacheTTL within one FeedRefresh period; hit says the answer came
// from the cache.
func (p *Planner) RenderFeed(ctx context.Context, f store.Feed, format FeedFormat, now time.Time) (r *RenderedFeed, hit bool, err error) {
	if !format.Serves(f.Kind) {
		return nil, false, ErrFormatUnsupported
	}
	key := f.ID + "." + string(format) + "." + hex.EncodeToString(f.TokenHash[:min(4, len(f.TokenHash))])
	if r, ok := p.feeds.get(key, now); ok {
		return r, true, nil
	}
	cal, err := p.FeedCalendar(ctx, p.store, f, now)
	if err != nil {
		return nil, false, err
	}
	var body bytes.Buffer
	switch {
	case format == FormatFreeBusy:
		busy, tentative := busyPeriods(cal)
		err = publish.WriteFreeBusy(&body, publish.FreeBusy{Name: cal.Name, UID: "freebusy-" + f.ID + "@overlap", Stamp: cal.Stamp,
			From: cal.Stamp.Add(-f.Options.Past), To: cal.Stamp.Add(f.Options.Horizon), Busy: busy, Tentative: tentative})
	case f.Kind == store.FeedMeetingSeries:
		err = icalfeed.Write(&body, cal) // go-ical's encoder; see docs/libraries.md
	default:
		err = publish.Write(&body, cal)
	}
	if err != nil {
		return nil, false, err
	}
	sum := sha256.Sum256(body.Bytes())
	r = &RenderedFeed{Body: body.Bytes(), ETag: hex.EncodeToString(sum[:16]), Stamp: cal.Stamp, expires: now.Add(feedCacheTTL)}
	p.feeds.put(key, r)
	return r, false, nil
}
