package api

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/overlap/overlap/calendars/icalfeed"
	"github.com/overlap/overlap/calendars/publish"
	"github.com/overlap/overlap/planner"
	"github.com/overlap/overlap/scheduler"
	"github.com/overlap/overlap/store"
)

// FeedRequest publishes a feed.
type FeedRequest struct {
	Kind     string          `json:"kind"`
	TeamID   string          `json:"team_id"`
	MemberID string          `json:"member_id"`
	SeriesID string          `json:"series_id"`
	Options  *FeedOptionsDTO `json:"options"`
}

// FeedOptionsDTO shapes a feed (durations in ISO 8601).
type FeedOptionsDTO struct {
	Quorum      int    `json:"quorum,omitempty"`
	MinDuration string `json:"min_duration,omitempty"`
	Horizon     string `json:"horizon,omitempty"`
	Past        string `json:"past,omitempty"`
}

// FeedResponse describes a feed; URL and WebcalURL only when created or rotated.
type FeedResponse struct {
	ID             string         `json:"id"`
	Kind           string         `json:"kind"`
	TeamID         *string        `json:"team_id"`
	MemberID       *string        `json:"member_id"`
	SeriesID       *string        `json:"series_id,omitempty"`
	Options        FeedOptionsDTO `json:"options"`
	URL            string         `json:"url,omitempty"`
	WebcalURL      string         `json:"webcal_url,omitempty"`
	FreeBusyURL    string         `json:"freebusy_url,omitempty"`
	CreatedAt      string         `json:"created_at"`
	RotatedAt      *string        `json:"rotated_at"`
	LastAccessedAt *string        `json:"last_accessed_at"`
}

const (
	defaultHorizon = 60 * 24 * time.Hour
	maxHorizon     = 366 * 24 * time.Hour
	defaultPast    = 7 * 24 * time.Hour
	maxPast        = 90 * 24 * time.Hour
)

func feedResponse(f store.Feed) FeedResponse {
	r := FeedResponse{ID: f.ID, Kind: string(f.Kind), TeamID: nullStr(f.TeamID), MemberID: nullStr(f.MemberID), SeriesID: nullStr(f.SeriesID),
		Options:   FeedOptionsDTO{Quorum: f.Options.Quorum, Horizon: formatDuration(f.Options.Horizon), Past: formatDuration(f.Options.Past)},
		CreatedAt: fmtTime(f.CreatedAt), RotatedAt: fmtTimePtr(f.RotatedAt), LastAccessedAt: fmtTimePtr(f.LastAccessedAt)}
	if f.Options.MinDuration > 0 {
		r.Options.MinDuration = formatDuration(f.Options.MinDuration)
	}
	return r
}

func nullStr(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func (req *FeedRequest) toFeed(f *store.Feed) error {
	v := &ValidationError{}
	f.Kind = store.FeedKind(req.Kind)
	switch f.Kind {
	case store.FeedTeamOverlap, store.FeedTeamOnCall:
		if req.TeamID == "" {
			v.add("team_id", "is required for a %s feed", req.Kind)
		}
		if req.MemberID != "" {
			v.add("member_id", "is not used by a %s feed", req.Kind)
		}
	case store.FeedMemberAvailability, store.FeedMemberBusy:
		if req.MemberID == "" {
			v.add("member_id", "is required for a %s feed", req.Kind)
		}
		if req.TeamID != "" {
			v.add("team_id", "is not used by a %s feed", req.Kind)
		}
	case store.FeedMeetingSeries:
		if req.TeamID == "" || req.SeriesID == "" {
			v.add("series_id", "team_id and series_id are required for a meeting_series feed")
		}
		if req.MemberID != "" {
			v.add("member_id", "is not used by a %s feed", req.Kind)
		}
	default:
		v.add("kind", "must be team_overlap, member_availability, member_busy, team_on_call or meeting_series")
	}
	if req.SeriesID != "" && f.Kind != store.FeedMeetingSeries {
		v.add("series_id", "is used by meeting_series feeds only")
	}
	f.TeamID, f.MemberID, f.SeriesID = req.TeamID, req.MemberID, req.SeriesID
	o := req.Options
	if o == nil {
		o = &FeedOptionsDTO{}
	}
	f.Options = store.FeedOptions{Quorum: o.Quorum, Horizon: defaultHorizon, Past: defaultPast}
	if o.Quorum < 0 || (o.Quorum > 0 && f.Kind != store.FeedTeamOverlap) {
		v.add("options.quorum", "must be a positive number, for team_overlap feeds only")
	}
	feedDuration(v, "options.min_duration", o.MinDuration, 0, maxHorizon, &f.Options.MinDuration)
	feedDuration(v, "options.horizon", o.Horizon, time.Hour, maxHorizon, &f.Options.Horizon)
	feedDuration(v, "options.past", o.Past, 0, maxPast, &f.Options.Past)
	if len(v.Errors) == 0 && f.Options.Horizon+f.Options.Past > scheduler.MaxRange {
		v.add("options.horizon", "horizon and past together may span at most 366 days")
	}
	return v.err()
}

func feedDuration(v *ValidationError, field, s string, lo, hi time.Duration, dst *time.Duration) {
	if s == "" {
		return
	}
	d, err := parseDuration(s)
	switch {
	case err != nil:
		v.add(field, "%s", err.Error())
	case d < lo || d > hi:
		v.add(field, "must be from %s to %s", formatDuration(lo), formatDuration(hi))
	default:
		*dst = d
	}
}

// feedURLs are the secret URLs of a feed token.
func (s *Server) feedURLs(c echo.Context, r *FeedResponse, f store.Feed, secret string) {
	base := s.publicURL
	if base == "" {
		base = c.Scheme() + "://" + c.Request().Host
	}
	r.URL = base + "/ical/" + secret + ".ics"
	_, rest, _ := strings.Cut(r.URL, "://")
	r.WebcalURL = "webcal://" + rest
	if f.Kind == store.FeedMemberBusy {
		r.FreeBusyURL = base + "/ical/" + secret + ".ifb"
	}
}

func (s *Server) createFeed(c echo.Context) error {
	var req FeedRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	f := store.Feed{OrgID: principal(c).OrgID}
	if err := req.toFeed(&f); err != nil {
		return err
	}
	secret, hash := newSecret(FeedTokenPrefix)
	f.TokenHash = hash
	if err := s.store.CreateFeed(c.Request().Context(), &f); err != nil {
		return err
	}
	r := feedResponse(f)
	s.feedURLs(c, &r, f, secret)
	return c.JSON(http.StatusCreated, r)
}

func (s *Server) listFeeds(c echo.Context) error {
	p, limit, err := pageParams(c)
	if err != nil {
		return err
	}
	rows, err := s.store.ListFeeds(c.Request().Context(), principal(c).OrgID, p)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, paginate(rows, limit, func(f store.Feed) string { return f.ID }, feedResponse))
}

func (s *Server) deleteFeed(c echo.Context) error {
	if err := s.store.DeleteFeed(c.Request().Context(), principal(c).OrgID, c.Param("id")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (s *Server) rotateFeed(c echo.Context) error {
	ctx := c.Request().Context()
	secret, hash := newSecret(FeedTokenPrefix)
	if err := s.store.RotateFeed(ctx, principal(c).OrgID, c.Param("id"), hash, s.now()); err != nil {
		return err
	}
	f, err := s.store.Feed(ctx, principal(c).OrgID, c.Param("id"))
	if err != nil {
		return err
	}
	r := feedResponse(f)
	s.feedURLs(c, &r, f, secret)
	return c.JSON(http.StatusOK, r)
}

// errNoFeed hides whether a token ever existed.
var errNoFeed = &requestError{kind: store.ErrNotFound, detail: ""}

// serveFeed answers GET and HEAD /ical/{token}.ics and .ifb; the token is
// the only credential.
func (s *Server) serveFeed(c echo.Context) error {
	ctx := c.Request().Context()
	name := c.Param("file")
	secret, ext, ok := strings.Cut(name, ".")
	if !ok || (ext != "ics" && ext != "ifb") || !strings.HasPrefix(secret, FeedTokenPrefix) {
		return errNoFeed
	}
	hash := HashToken(secret)
	f, err := s.store.FeedByTokenHash(ctx, hash)
	if errors.Is(err, store.ErrNotFound) || (err == nil && subtle.ConstantTimeCompare(f.TokenHash, hash) != 1) {
		return errNoFeed
	}
	if err != nil {
		return err
	}
	if ext == "ifb" && f.Kind != store.FeedMemberBusy {
		return errNoFeed
	}
	c.Set(logFeedKey, f.ID)
	now := s.now()
	if f.LastAccessedAt == nil || now.Sub(*f.LastAccessedAt) > 5*time.Minute {
		if err := s.store.TouchFeed(ctx, f.ID, now); err != nil {
			s.log.Warn("record feed access", "feed_id", f.ID, "error", err)
		}
	}
	key := f.ID + "." + ext + "." + hex.EncodeToString(f.TokenHash[:4])
	if body, stamp, ok := s.feedCache.get(key, now); ok {
		return writeCached(c, body, stamp, "text/calendar; charset=utf-8")
	}
	cal, err := s.planner.FeedCalendar(ctx, s.store, f, now)
	if err != nil {
		return err
	}
	var body strings.Builder
	if ext == "ifb" {
		err = publish.WriteFreeBusy(&body, publish.FreeBusy{Name: cal.Name, UID: "freebusy-" + f.ID + "@overlap", Stamp: cal.Stamp,
			From: cal.Stamp.Add(-f.Options.Past), To: cal.Stamp.Add(f.Options.Horizon), Busy: planner.BusyPeriods(cal)})
	} else if f.Kind == store.FeedMeetingSeries {
		err = icalfeed.Write(&body, cal) // go-ical's encoder; see docs/libraries.md
	} else {
		err = publish.Write(&body, cal)
	}
	if err != nil {
		return err
	}
	s.feedCache.put(key, []byte(body.String()), cal.Stamp, now)
	return writeCached(c, []byte(body.String()), cal.Stamp, "text/calendar; charset=utf-8")
}

// feedCacheTTL bounds how stale a served feed may be: subscribers poll every
// 30 minutes, and a burst of them (or their 304 checks) costs one build.
const feedCacheTTL = time.Minute

// feedCache keeps recently built feed bodies in memory, per replica.
type feedCache struct {
	mu      sync.Mutex
	entries map[string]feedCacheEntry
}

type feedCacheEntry struct {
	body           []byte
	stamp, expires time.Time
}

func (fc *feedCache) get(key string, now time.Time) ([]byte, time.Time, bool) {
	fc.mu.Lock()
	defer fc.mu.Unlock()
	e, ok := fc.entries[key]
	if !ok || now.After(e.expires) || !e.stamp.Equal(now.Truncate(planner.FeedRefresh)) {
		return nil, time.Time{}, false
	}
	return e.body, e.stamp, true
}

func (fc *feedCache) put(key string, body []byte, stamp, now time.Time) {
	fc.mu.Lock()
	defer fc.mu.Unlock()
	if fc.entries == nil || len(fc.entries) > 10000 {
		fc.entries = map[string]feedCacheEntry{}
	}
	fc.entries[key] = feedCacheEntry{body: body, stamp: stamp, expires: now.Add(feedCacheTTL)}
}

// writeCached answers with validators and honours conditional requests.
func writeCached(c echo.Context, body []byte, modified time.Time, ctype string) error {
	sum := sha256.Sum256(body)
	etag := `"` + hex.EncodeToString(sum[:16]) + `"`
	h := c.Response().Header()
	h.Set("ETag", etag)
	h.Set("Last-Modified", modified.UTC().Format(http.TimeFormat))
	h.Set("Cache-Control", "private, max-age="+strconv.Itoa(int(planner.FeedRefresh/time.Second)))
	h.Set("X-Robots-Tag", "noindex, nofollow")
	h.Set("Referrer-Policy", "no-referrer")
	req := c.Request()
	if inm := req.Header.Get("If-None-Match"); inm != "" {
		if etagMatch(inm, etag) {
			return c.NoContent(http.StatusNotModified)
		}
	} else if ims, err := http.ParseTime(req.Header.Get("If-Modified-Since")); err == nil && !modified.Truncate(time.Second).After(ims) {
		return c.NoContent(http.StatusNotModified)
	}
	if req.Method == http.MethodHead {
		h.Set("Content-Type", ctype)
		h.Set("Content-Length", strconv.Itoa(len(body)))
		return c.NoContent(http.StatusOK)
	}
	return c.Blob(http.StatusOK, ctype, body)
}

func etagMatch(header, etag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == etag || t == "*" {
			return true
		}
	}
	return false
}
