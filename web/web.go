// Package web is the web view for managers: server-rendered pages (sign-in,
// teams, a team across time zones) on the same Echo instance as the JSON API.
// Every asset is embedded; pages run no inline script, so the
// Content-Security-Policy forbids it. Page handlers call the same application
// layer as the JSON handlers (planner, scheduler, store) and draw pictures
// with web/svg.
package web

import (
	"context"
	"embed"
	"errors"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/overlap/overlap/planner"
	"github.com/overlap/overlap/store"
)

//go:embed templates static
var assets embed.FS

// Store is the storage the web view reads and writes.
type Store interface {
	TokenByHash(ctx context.Context, hash []byte) (store.Token, error)
	store.WebSessions
	Team(ctx context.Context, orgID, id string) (store.Team, error)
	ListTeams(ctx context.Context, orgID string, p store.Page) ([]store.Team, error)
	ListTeamMembers(ctx context.Context, orgID, teamID string, p store.Page) ([]store.TeamMember, error)
	CalendarsOfMembers(ctx context.Context, orgID string, memberIDs []string) ([]store.Calendar, error)
}

// Config wires the web view.
type Config struct {
	Store     Store
	Planner   *planner.Planner
	Stale     func(store.Calendar, time.Time) bool // nil: every calendar is fresh
	Now       func() time.Time                     // nil: time.Now
	PublicURL string                               // https here makes cookies Secure
	Logger    *slog.Logger
	// SessionTTL bounds a session (default 12 hours).
	SessionTTL time.Duration
	// NewFeedToken makes a feed secret and its stored hash (api.NewFeedToken).
	NewFeedToken func() (string, []byte)
	// HashToken is the stored form of an API token (api.HashToken).
	HashToken func(string) []byte
}

// Web serves the pages.
type Web struct {
	cfg   Config
	pages map[string]*template.Template
	log   *slog.Logger
}

// New parses the templates.
func New(cfg Config) (*Web, error) {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Stale == nil {
		cfg.Stale = func(store.Calendar, time.Time) bool { return false }
	}
	if cfg.SessionTTL <= 0 {
		cfg.SessionTTL = 12 * time.Hour
	}
	w := &Web{cfg: cfg, pages: map[string]*template.Template{}, log: cfg.Logger}
	if w.log == nil {
		w.log = slog.New(slog.DiscardHandler)
	}
	for _, page := range []string{"signin", "teams", "team", "subscribed", "error"} {
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(assets, "templates/layout.html", "templates/"+page+".html")
		if err != nil {
			return nil, err
		}
		w.pages[page] = t
	}
	return w, nil
}

func (w *Web) now() time.Time { return w.cfg.Now().UTC() }

// Mount adds the web routes to e.
func (w *Web) Mount(e *echo.Echo) {
	static, _ := fs.Sub(assets, "static")
	files := http.StripPrefix("/assets/", http.FileServer(http.FS(static)))
	e.GET("/assets/*", echo.WrapHandler(files), headers(false))
	e.GET("/favicon.ico", func(c echo.Context) error {
		return c.Redirect(http.StatusMovedPermanently, "/assets/icon.svg")
	}, headers(false))

	e.GET("/", w.signInPage, headers(true))
	e.POST("/sign-in", w.signIn, headers(true), w.sameOrigin)
	e.POST("/sign-out", w.signOut, headers(true), w.sameOrigin, w.session, w.csrf)
	e.GET("/teams", w.teams, headers(true), w.session)
	e.GET("/teams/:id", w.team, headers(true), w.session)
	e.POST("/teams/:id/subscribe", w.subscribe, headers(true), w.sameOrigin, w.session, w.csrf)
}

// csp forbids inline script and style, framing, and loading anything from
// elsewhere.
const csp = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; " +
	"form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

// headers sets the security headers of every web response; pages are not cached.
func headers(page bool) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			h := c.Response().Header()
			h.Set("Content-Security-Policy", csp)
			h.Set("X-Frame-Options", "DENY")
			h.Set("X-Content-Type-Options", "nosniff")
			h.Set("Referrer-Policy", "same-origin")
			h.Set("Cross-Origin-Opener-Policy", "same-origin")
			if page {
				h.Set("Cache-Control", "no-store")
			} else {
				h.Set("Cache-Control", "public, max-age=3600")
			}
			err := next(c)
			if page && (errors.Is(err, store.ErrUnavailable) || errors.Is(err, context.DeadlineExceeded)) {
				// A person reads this, not a program: a page, not problem+json.
				h.Set("Retry-After", "5")
				return c.HTML(http.StatusServiceUnavailable, "<!doctype html><title>Try again shortly</title>"+
					"<p>Overlap cannot reach its database just now. Try again in a few seconds.</p>")
			}
			return err
		}
	}
}

// sameOrigin refuses a form posted from another site when the browser says
// so (the Origin header): it must name this host or the public URL's.
func (w *Web) sameOrigin(next echo.HandlerFunc) echo.HandlerFunc {
	_, public, _ := strings.Cut(w.cfg.PublicURL, "://")
	public, _, _ = strings.Cut(public, "/")
	return func(c echo.Context) error {
		origin := c.Request().Header.Get("Origin")
		if origin != "" {
			_, host, _ := strings.Cut(origin, "://")
			if host != c.Request().Host && (public == "" || host != public) {
				return refuse(c, "This form was sent from another site.")
			}
		}
		return next(c)
	}
}

// render writes one page.
func (w *Web) render(c echo.Context, status int, page string, data any) error {
	var b strings.Builder
	if err := w.pages[page].Execute(&b, data); err != nil {
		return err
	}
	return c.HTML(status, b.String())
}

// errorPage is a plain page for a refused or failed request.
type errorPage struct {
	Title, Message string
	Status         int
	Signed         bool
	CSRF           string
}

func (w *Web) fail(c echo.Context, status int, title, msg string) error {
	p := errorPage{Title: title, Message: msg, Status: status}
	if s, ok := c.Get(sessionKey).(*session); ok {
		p.Signed, p.CSRF = true, s.csrf
	}
	return w.render(c, status, "error", p)
}

func refuse(c echo.Context, msg string) error {
	return c.HTML(http.StatusForbidden, "<!doctype html><title>Refused</title><p>"+template.HTMLEscapeString(msg)+"</p>")
}

// Run deletes expired sessions every hour until ctx is done.
func (w *Web) Run(ctx context.Context) {
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		if n, err := w.cfg.Store.DeleteExpiredWebSessions(ctx, w.now()); err != nil && ctx.Err() == nil {
			w.log.Warn("sweep web sessions", "error", err)
		} else if n > 0 {
			w.log.Info("swept web sessions", "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
