package api

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// ipExtractor is how the server learns a client's address (the /ical
// per-address limit keys on it). Forwarded headers are believed only when the
// peer is one of the trusted proxies; with none, the peer address is the
// client, whatever X-Forwarded-For or X-Real-IP say.
func ipExtractor(trusted []*net.IPNet) echo.IPExtractor {
	if len(trusted) == 0 {
		return echo.ExtractIPDirect()
	}
	// Echo trusts loopback, link-local and private ranges by default: only
	// the configured ranges are trusted here.
	opts := []echo.TrustOption{echo.TrustLoopback(false), echo.TrustLinkLocal(false), echo.TrustPrivateNet(false)}
	for _, n := range trusted {
		opts = append(opts, echo.TrustIPRange(n))
	}
	return echo.ExtractIPFromXFFHeader(opts...)
}

// securityHeaders marks every response, errors included, so that browsers
// never guess a content type (a problem body echoing input stays JSON).
func securityHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		c.Response().Header().Set(echo.HeaderXContentTypeOptions, "nosniff")
		return next(c)
	}
}

// noStore keeps a response that carries a secret (a new token or feed URL)
// out of every cache, shared or private.
func noStore(c echo.Context) {
	c.Response().Header().Set(echo.HeaderCacheControl, "no-store")
}

// metricsRoute serves Prometheus metrics, behind a bearer token when one is
// configured.
func (s *Server) metricsRoute() echo.HandlerFunc {
	// A series that cannot be collected (the stale-calendar count while the
	// database is down; the collector logs why) is left out, not a 500 that
	// hides every other series and shows the database error to the scraper.
	h := echo.WrapHandler(promhttp.HandlerFor(s.registry, promhttp.HandlerOpts{ErrorHandling: promhttp.ContinueOnError}))
	if s.metricsToken == "" {
		return h
	}
	// Comparing hashes keeps the comparison constant-time whatever the
	// lengths.
	want := sha256.Sum256([]byte(s.metricsToken))
	return func(c echo.Context) error {
		scheme, secret, _ := strings.Cut(c.Request().Header.Get(echo.HeaderAuthorization), " ")
		got := sha256.Sum256([]byte(strings.TrimSpace(secret)))
		if !strings.EqualFold(scheme, "Bearer") || subtle.ConstantTimeCompare(got[:], want[:]) != 1 {
			return &requestError{kind: errUnauthorized, detail: "send Authorization: Bearer <metrics token>"}
		}
		return h(c)
	}
}

// MetricsHandler serves /metrics alone, for a separate listen address
// (Config.MetricsAddr).
func (s *Server) MetricsHandler() http.Handler {
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.HTTPErrorHandler = s.errorHandler
	e.Use(securityHeaders)
	e.GET("/metrics", s.metricsRoute())
	return e
}

// startMetrics serves MetricsHandler on addr until stop is called.
func (s *Server) startMetrics(addr string) (stop func(context.Context), err error) {
	ln, err := listen(addr)
	if err != nil {
		return nil, err
	}
	srv := &http.Server{Handler: s.MetricsHandler(), ReadHeaderTimeout: 10 * time.Second, WriteTimeout: 30 * time.Second}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.log.Error("metrics listener failed", "error", err)
		}
	}()
	s.log.Info("serving metrics", "addr", ln.Addr().String())
	return func(ctx context.Context) { srv.Shutdown(ctx) }, nil
}
