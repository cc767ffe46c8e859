package api

import (
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"github.com/prometheus/client_golang/prometheus"
	"golang.org/x/time/rate"
)

// logFeedKey carries the feed a /ical request served, for the log: the
// feed's ID is logged, never its token.
const logFeedKey = "overlap.log.feed_id"

// feedLimiter limits /ical requests per client address and per token, so a
// leaked URL or a misbehaving client cannot load the server.
func feedLimiter(perMinute int, key func(echo.Context) string) echo.MiddlewareFunc {
	store := middleware.NewRateLimiterMemoryStoreWithConfig(middleware.RateLimiterMemoryStoreConfig{
		Rate: rate.Limit(float64(perMinute) / 60), Burst: perMinute, ExpiresIn: 10 * time.Minute,
	})
	return middleware.RateLimiterWithConfig(middleware.RateLimiterConfig{
		Store:               store,
		IdentifierExtractor: func(c echo.Context) (string, error) { return key(c), nil },
		DenyHandler: func(c echo.Context, _ string, _ error) error {
			c.Response().Header().Set("Retry-After", "60")
			return echo.NewHTTPError(http.StatusTooManyRequests, "too many requests for this feed; try again in a minute")
		},
		ErrorHandler: func(c echo.Context, err error) error { return echo.ErrForbidden },
	})
}

// metrics are the Prometheus series of the HTTP layer.
type metrics struct {
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	// feeds counts published-feed requests by feed kind and status, never
	// by token; feedCache counts hits and misses of the built-body cache.
	feeds     *prometheus.CounterVec
	feedCache *prometheus.CounterVec
}

func newMetrics(reg prometheus.Registerer) *metrics {
	m := &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "overlap_http_requests_total",
			Help: "HTTP requests by method, route pattern and status.",
		}, []string{"method", "route", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "overlap_http_request_duration_seconds",
			Help:    "HTTP request latency by method and route pattern.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"method", "route"}),
		feeds: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "overlap_published_feed_requests_total",
			Help: "Requests for published iCal feeds by feed kind (unknown when no feed matched) and status.",
		}, []string{"kind", "status"}),
		feedCache: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "overlap_feed_cache_requests_total",
			Help: "Published-feed bodies served from the in-memory cache (hit) or built (miss).",
		}, []string{"result"}),
	}
	reg.MustRegister(m.requests, m.latency, m.feeds, m.feedCache)
	return m
}

// routeOf is the route pattern, never the raw path: paths may carry secrets
// (feed tokens) and unmatched paths would explode metric cardinality.
func routeOf(c echo.Context) string {
	if p := c.Path(); p != "" {
		return p
	}
	return "unmatched"
}

// observe logs and measures every request. It logs the route pattern, not the
// URL, and never a header, so no token reaches the log.
func (s *Server) observe(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		err := next(c)
		if err != nil {
			c.Error(err)
		}
		status := c.Response().Status
		route := routeOf(c)
		elapsed := time.Since(start)
		s.metrics.requests.WithLabelValues(c.Request().Method, route, strconv.Itoa(status)).Inc()
		s.metrics.latency.WithLabelValues(c.Request().Method, route).Observe(elapsed.Seconds())
		level := slog.LevelInfo
		if status >= 500 {
			level = slog.LevelError
		}
		attrs := []slog.Attr{
			slog.String("request_id", c.Response().Header().Get(echo.HeaderXRequestID)),
			slog.String("method", c.Request().Method),
			slog.String("route", route),
			slog.Int("status", status),
			slog.Int64("bytes", c.Response().Size),
			slog.Float64("duration_ms", float64(elapsed.Microseconds())/1000),
		}
		if org := principal(c).OrgID; org != "" {
			attrs = append(attrs, slog.String("org_id", org))
		}
		if feed, ok := c.Get(logFeedKey).(string); ok {
			attrs = append(attrs, slog.String("feed_id", feed))
		}
		s.log.LogAttrs(c.Request().Context(), level, "request", attrs...)
		return nil
	}
}

// feedKindKey carries the kind of the feed a /ical request served.
const feedKindKey = "overlap.feed_kind"

// countFeeds counts /ical requests by feed kind and status, rate-limited
// ones included (it runs before the limiters).
func (s *Server) countFeeds(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if err := next(c); err != nil {
			c.Error(err)
		}
		kind, _ := c.Get(feedKindKey).(string)
		if kind == "" {
			kind = "unknown"
		}
		s.metrics.feeds.WithLabelValues(kind, strconv.Itoa(c.Response().Status)).Inc()
		return nil
	}
}
