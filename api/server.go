// Package api is Overlap's HTTP surface: the Echo server, every route in one
// place, request and response DTOs, authentication, and the one table that
// maps errors to application/problem+json.
package api

import (
	"cmp"
	"context"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/overlap/overlap/planner"
	"github.com/overlap/overlap/store"
)

// Config wires a Server.
type Config struct {
	Store     store.Store
	Calendars CalendarService // calendar import (calendars.Importer)
	Logger    *slog.Logger
	Now       func() time.Time // nil: time.Now
	OpenAPI   []byte           // served at /openapi.yaml
	PublicURL string           // base for links, e.g. https://overlap.example.com
	Version   string
	// FeedRatePerIP and FeedRatePerToken bound /ical requests a minute
	// (defaults 120 and 60).
	FeedRatePerIP, FeedRatePerToken int
	// TrustedProxies are the peers whose X-Forwarded-For is believed; with
	// none, the client address is the peer's (forwarded headers are ignored).
	TrustedProxies []*net.IPNet
	// MetricsToken, when set, is the bearer token /metrics requires.
	MetricsToken string
	// MetricsAddr, when set, serves /metrics on that address only (Start),
	// not on the API's.
	MetricsAddr string
	// RequestTimeout is every request's deadline (default 10s); ImportTimeout
	// that of requests that fetch or parse a calendar (default 40s).
	RequestTimeout, ImportTimeout time.Duration
}

// Server is the HTTP API.
type Server struct {
	store     store.Store
	calendars CalendarService
	planner   *planner.Planner
	log       *slog.Logger
	now       func() time.Time
	spec      []byte
	publicURL string
	version   string

	feedRatePerIP, feedRatePerToken int
	metricsToken, metricsAddr       string
	requestTimeout, importTimeout   time.Duration
	queryNames                      map[string]map[string]bool // allowed query parameters per operation, from the spec
	metrics                         *metrics
	registry                        *prometheus.Registry
	echo                            *echo.Echo
}

// maxBody bounds every JSON request body.
const maxBody = "1M"

// New builds the server and its routes.
func New(cfg Config) *Server {
	now := cfg.Now
	if now == nil {
		now = time.Now
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	if c, ok := cfg.Calendars.(interface{ Collectors() []prometheus.Collector }); ok {
		reg.MustRegister(c.Collectors()...) // calendar refreshes, stale and failing calendars
	}
	s := &Server{
		store: cfg.Store, calendars: cfg.Calendars, log: log, now: func() time.Time { return now().UTC() },
		spec: cfg.OpenAPI, publicURL: cfg.PublicURL, version: cfg.Version,
		metrics: newMetrics(reg), registry: reg, echo: echo.New(),
	}
	s.planner = planner.New(cfg.Store, cfg.Calendars, s.now)
	s.feedRatePerIP, s.feedRatePerToken = cfg.FeedRatePerIP, cfg.FeedRatePerToken
	if s.feedRatePerIP <= 0 {
		s.feedRatePerIP = 120
	}
	if s.feedRatePerToken <= 0 {
		s.feedRatePerToken = 60
	}
	s.requestTimeout, s.importTimeout = cmp.Or(cfg.RequestTimeout, DefaultRequestTimeout), cfg.ImportTimeout
	if s.importTimeout <= 0 {
		s.importTimeout = s.requestTimeout + defaultImportExtra
	}
	if names, err := queryNamesFromSpec(cfg.OpenAPI); err != nil {
		log.Error("unknown query parameters are not checked", "error", err)
	} else {
		s.queryNames = names
	}
	s.echo.HideBanner, s.echo.HidePort = true, true
	s.echo.HTTPErrorHandler = s.errorHandler
	s.echo.IPExtractor = ipExtractor(cfg.TrustedProxies)
	s.metricsToken, s.metricsAddr = cfg.MetricsToken, cfg.MetricsAddr
	s.echo.JSONSerializer = zonedJSON{}
	s.routes()
	return s
}

// ServeHTTP makes the server an http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.echo.ServeHTTP(w, r) }

// Routes lists method and path of every route (for the OpenAPI agreement test).
func (s *Server) Routes() []*echo.Route { return s.echo.Routes() }

// routes is the whole HTTP surface.
func (s *Server) routes() {
	e := s.echo
	e.Use(middleware.RequestID(), securityHeaders, s.observe, middleware.Recover(), s.deadline)

	e.GET("/healthz", s.healthz)
	e.GET("/readyz", s.readyz)
	if s.metricsAddr == "" {
		e.GET("/metrics", s.metricsRoute())
	}
	e.GET("/openapi.yaml", s.openapi)

	// Published feeds: the token in the path is the only credential.
	byIP := feedLimiter(s.feedRatePerIP, func(c echo.Context) string { return "ip:" + c.RealIP() })
	byToken := feedLimiter(s.feedRatePerToken, func(c echo.Context) string { return "token:" + c.Param("file") })
	e.GET("/ical/:file", s.serveFeed, s.countFeeds, byIP, byToken)
	e.HEAD("/ical/:file", s.serveFeed, s.countFeeds, byIP, byToken)

	// Routes are added one by one rather than through an Echo group with
	// middleware: a group registers catch-all routes, which would turn a
	// wrong method (405) into a 404.
	v1 := func(method, path string, h echo.HandlerFunc, role echo.MiddlewareFunc) {
		e.Add(method, "/v1"+path, h, compressJSON, middleware.BodyLimit(maxBody), s.authenticate, role, s.checkInput, answerZone)
	}
	// Calendar uploads may be larger than JSON bodies.
	v1ics := func(method, path string, h echo.HandlerFunc, role echo.MiddlewareFunc) {
		e.Add(method, "/v1"+path, h, middleware.BodyLimit(maxCalendarBody), s.authenticate, role, s.checkInput, answerZone)
	}
	read, write, admin := require(store.RoleViewer), require(store.RoleManager), require(store.RoleAdmin)

	v1(http.MethodPost, "/tokens", s.createToken, admin)
	v1(http.MethodGet, "/tokens", s.listTokens, admin)
	v1(http.MethodDelete, "/tokens/:id", s.revokeToken, admin)

	v1(http.MethodPost, "/members", s.createMember, write)
	v1(http.MethodGet, "/members", s.listMembers, read)
	v1(http.MethodGet, "/members/:id", s.getMember, read)
	v1(http.MethodPatch, "/members/:id", s.updateMember, write)
	v1(http.MethodDelete, "/members/:id", s.deleteMember, write)

	v1(http.MethodPost, "/members/:id/time-off", s.createTimeOff, write)
	v1(http.MethodGet, "/members/:id/time-off", s.listTimeOff, read)
	v1(http.MethodDelete, "/members/:id/time-off/:tid", s.deleteTimeOff, write)

	v1ics(http.MethodPost, "/members/:id/calendars", s.createCalendar, write)
	v1(http.MethodGet, "/members/:id/calendars", s.listCalendars, read)
	v1(http.MethodGet, "/members/:id/busy", s.memberBusy, read)
	v1(http.MethodGet, "/members/:id/availability", s.memberAvailability, read)
	v1(http.MethodGet, "/calendars/:cid", s.getCalendar, read)
	v1(http.MethodPatch, "/calendars/:cid", s.updateCalendar, write)
	v1(http.MethodDelete, "/calendars/:cid", s.deleteCalendar, write)
	v1ics(http.MethodPut, "/calendars/:cid/ics", s.replaceCalendarFile, write)
	v1(http.MethodPost, "/calendars/:cid/refresh", s.refreshCalendar, write)

	v1(http.MethodPost, "/feeds", s.createFeed, write)
	v1(http.MethodGet, "/feeds", s.listFeeds, read)
	v1(http.MethodDelete, "/feeds/:id", s.deleteFeed, write)
	v1(http.MethodPost, "/feeds/:id/rotate", s.rotateFeed, write)

	v1(http.MethodPost, "/teams", s.createTeam, write)
	v1(http.MethodGet, "/teams", s.listTeams, read)
	v1(http.MethodGet, "/teams/:id", s.getTeam, read)
	v1(http.MethodPatch, "/teams/:id", s.updateTeam, write)
	v1(http.MethodDelete, "/teams/:id", s.deleteTeam, write)
	v1(http.MethodGet, "/teams/:id/members", s.listTeamMembers, read)
	v1(http.MethodPut, "/teams/:id/members/:member_id", s.putTeamMember, write)
	v1(http.MethodDelete, "/teams/:id/members/:member_id", s.removeTeamMember, write)
	v1(http.MethodGet, "/teams/:id/response-policy", s.getResponsePolicy, read)
	v1(http.MethodPut, "/teams/:id/response-policy", s.putResponsePolicy, write)
	v1(http.MethodGet, "/teams/:id/on-call", s.getOnCall, read)
	v1(http.MethodPut, "/teams/:id/on-call", s.putOnCall, write)
	v1(http.MethodGet, "/teams/:id/on-call/shifts", s.onCallShiftsHandler, read)
	v1(http.MethodGet, "/teams/:id/on-call/now", s.onCallNow, read)
	v1(http.MethodGet, "/teams/:id/response-time", s.teamResponseTime, read)
	v1(http.MethodGet, "/members/:id/response-time", s.memberResponseTime, read)
	v1(http.MethodGet, "/teams/:id/analytics/response", s.teamResponseAnalytics, read)
	v1(http.MethodPost, "/teams/:id/exchanges", s.createExchange, write)
	v1(http.MethodGet, "/teams/:id/analytics/exchanges", s.exchangeAnalytics, read)
	v1(http.MethodGet, "/teams/:id/overlap", s.teamOverlap, read)
	v1(http.MethodPost, "/availability/overlap", s.groupOverlap, read)
	v1(http.MethodPost, "/availability/suggestions", s.groupSuggestions, read)
	v1(http.MethodGet, "/teams/:id/suggestions", s.teamSuggestions, read)
	v1(http.MethodGet, "/teams/:id/analytics/matrix", s.teamMatrix, read)
	v1(http.MethodGet, "/teams/:id/analytics/coverage", s.teamCoverage, read)
	v1(http.MethodGet, "/teams/:id/analytics/trend", s.teamTrend, read)
	v1(http.MethodGet, "/teams/:id/analytics/heatmap", s.teamHeatmap, read)
	v1(http.MethodGet, "/teams/:id/core-hours", s.teamCoreHours, read)
	v1(http.MethodPost, "/teams/:id/meeting-series", s.createSeries, write)
	v1(http.MethodGet, "/teams/:id/meeting-series", s.listSeries, read)
	v1(http.MethodGet, "/teams/:id/meeting-series/:sid", s.getSeries, read)
	v1(http.MethodDelete, "/teams/:id/meeting-series/:sid", s.deleteSeries, write)
	v1(http.MethodPost, "/teams/:id/meeting-series/:sid/recompute", s.recomputeSeries, write)
}

// Start serves on addr until ctx is done, then shuts down gracefully,
// letting in-flight requests finish within grace.
func (s *Server) Start(ctx context.Context, addr string, grace time.Duration, ready func(addr string)) error {
	srv := &http.Server{
		Addr:              addr,
		Handler:           s,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      120 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	ln, err := listen(addr)
	if err != nil {
		return err
	}
	if s.metricsAddr != "" {
		stop, err := s.startMetrics(s.metricsAddr)
		if err != nil {
			ln.Close()
			return err
		}
		defer func() {
			sctx, cancel := context.WithTimeout(context.Background(), grace)
			defer cancel()
			stop(sctx)
		}()
	}
	if ready != nil {
		ready(ln.Addr().String())
	}
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return err
	}
	return nil
}

func (s *Server) healthz(c echo.Context) error {
	return c.JSON(http.StatusOK, map[string]string{"status": "ok", "version": s.version})
}

func (s *Server) readyz(c echo.Context) error {
	ctx, cancel := context.WithTimeout(c.Request().Context(), 2*time.Second)
	defer cancel()
	if err := s.store.Ping(ctx); err != nil {
		s.log.Warn("readiness: database unreachable", "error", err)
		return echo.NewHTTPError(http.StatusServiceUnavailable, "the database is unreachable")
	}
	return c.JSON(http.StatusOK, map[string]string{"status": "ready"})
}

func (s *Server) openapi(c echo.Context) error {
	return c.Blob(http.StatusOK, "application/yaml", s.spec)
}

func listen(addr string) (net.Listener, error) { return net.Listen("tcp", addr) }
