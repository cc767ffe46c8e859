package api

import (
	"crypto/subtle"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

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
	// Warnings, when a feed is created, point at options that do not do
	// what they seem to (a quorum the required members already reach).
	Warnings []AnswerWarning `json:"warnings,omitempty"`
}

// maxPast bounds how far back a feed reaches; a horizon is bounded by
// scheduler.MaxRange, as are horizon and past together.
const maxPast = 90 * 24 * time.Hour

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
	f.Options = store.FeedOptions{Quorum: o.Quorum, Horizon: planner.DefaultFeedHorizon, Past: planner.DefaultFeedPast}
	if o.Quorum < 0 || (o.Quorum > 0 && f.Kind != store.FeedTeamOverlap) {
		v.add("options.quorum", "must be a positive number, for team_overlap feeds only")
	}
	feedDuration(v, "options.min_duration", o.MinDuration, 0, scheduler.MaxRange, &f.Options.MinDuration)
	feedDuration(v, "options.horizon", o.Horizon, time.Hour, scheduler.MaxRange, &f.Options.Horizon)
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
	w, err := s.planner.PublishFeed(c.Request().Context(), &f)
	if err != nil {
		return err
	}
	r := feedResponse(f)
	s.feedURLs(c, &r, f, secret)
	r.Warnings = warnings(w)
	noStore(c)
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
	noStore(c)
	return c.JSON(http.StatusOK, r)
}

// errNoFeed hides whether a token ever existed.
var errNoFeed = &requestError{kind: store.ErrNotFound, detail: ""}

// serveFeed answers GET and HEAD /ical/{token}.ics and .ifb; the token is
// the only credential.
func (s *Server) serveFeed(c echo.Context) error {
	secret, ext, ok := strings.Cut(c.Param("file"), ".")
	format := planner.FeedFormat(ext)
	if !ok || (format != planner.FormatICS && format != planner.FormatFreeBusy) || !strings.HasPrefix(secret, FeedTokenPrefix) {
		return errNoFeed
	}
	f, err := s.feedByToken(c, secret)
	if err != nil {
		return err
	}
	if !format.Serves(f.Kind) {
		return errNoFeed
	}
	c.Set(logFeedKey, f.ID)
	c.Set(feedKindKey, string(f.Kind))
	now := s.now()
	s.touchFeed(c, f, now)
	r, hit, err := s.planner.RenderFeed(c.Request().Context(), f, format, now)
	if err != nil {
		return err
	}
	s.metrics.feedCache.WithLabelValues(cacheResult(hit)).Inc()
	return writeCached(c, r, acceptsGzip(c), "text/calendar; charset=utf-8")
}

func cacheResult(hit bool) string {
	if hit {
		return "hit"
	}
	return "miss"
}

// feedByToken finds the feed of a secret; errNoFeed hides whether it ever
// existed.
func (s *Server) feedByToken(c echo.Context, secret string) (store.Feed, error) {
	hash := HashToken(secret)
	f, err := s.store.FeedByTokenHash(c.Request().Context(), hash)
	if errors.Is(err, store.ErrNotFound) || (err == nil && subtle.ConstantTimeCompare(f.TokenHash, hash) != 1) {
		return f, errNoFeed
	}
	return f, err
}

// touchFeed records an access, at most every 5 minutes (best effort).
func (s *Server) touchFeed(c echo.Context, f store.Feed, now time.Time) {
	if f.LastAccessedAt == nil || now.Sub(*f.LastAccessedAt) > 5*time.Minute {
		if err := s.store.TouchFeed(c.Request().Context(), f.ID, now); err != nil {
			s.log.Warn("record feed access", "feed_id", f.ID, "error", err)
		}
	}
}

// writeCached answers with a strong ETag and honours If-None-Match; gz
// selects the gzip coding, whose ETag differs from the identity one's
// (RFC 9110 §8.8.3).
//
// There is no Last-Modified, so If-Modified-Since is never evaluated: a
// feed's build time says nothing about when its content changed (a rebuild
// within the same period can differ), and a per-replica "first seen" time
// could go backwards between replicas and answer 304 for a changed feed.
// The ETag is a hash of deterministic bytes, the same on every replica.
func writeCached(c echo.Context, r *planner.RenderedFeed, gz bool, ctype string) error {
	body := r.Body
	etag, other := `"`+r.ETag+`"`, `"`+r.ETag+`-gzip"`
	h := c.Response().Header()
	h.Add("Vary", "Accept-Encoding")
	if gz {
		body, etag, other = r.Encoded(gzipBytes), other, etag
	}
	h.Set("ETag", etag)
	h.Set("Cache-Control", "private, max-age="+strconv.Itoa(int(planner.FeedRefresh/time.Second)))
	h.Set("X-Robots-Tag", "noindex, nofollow")
	h.Set("Referrer-Policy", "no-referrer")
	req := c.Request()
	// A validator of either coding names the same content: unchanged.
	if inm := req.Header.Get("If-None-Match"); inm != "" && (etagMatch(inm, etag) || etagMatch(inm, other)) {
		return c.NoContent(http.StatusNotModified)
	}
	if gz {
		h.Set("Content-Encoding", "gzip")
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
