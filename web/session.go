package web

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/overlap/overlap/store"
)

// Cookie names. The session cookie is the only credential the page holds.
const (
	sessionCookie = "overlap_session"
	signInCookie  = "overlap_signin" // pairs with the sign-in form's hidden field
	tzCookie      = "overlap_tz"     // the viewer's zone, set by app.js
	sessionKey    = "overlap.web.session"
)

// session is the signed-in viewer of a request.
type session struct {
	store.WebSession
	csrf string // the form token, derived from the cookie secret
}

func randomSecret(prefix string) string {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("crypto/rand failed: " + err.Error())
	}
	return prefix + base64.RawURLEncoding.EncodeToString(b[:])
}

func hash(s string) []byte {
	h := sha256.Sum256([]byte(s))
	return h[:]
}

// csrfFor derives a session's form token from its cookie secret: only pages
// served to the cookie's holder can carry it, and nothing more is stored.
func csrfFor(secret string) string {
	return base64.RawURLEncoding.EncodeToString(hash("overlap-csrf\x00" + secret))
}

func (w *Web) secure() bool { return strings.HasPrefix(w.cfg.PublicURL, "https://") }

func (w *Web) cookie(name, value string, maxAge int) *http.Cookie {
	return &http.Cookie{Name: name, Value: value, Path: "/", MaxAge: maxAge, HttpOnly: true, Secure: w.secure(), SameSite: http.SameSiteLaxMode}
}

type signInData struct {
	CSRF, Error string
	Signed      bool
}

func (w *Web) signInPage(c echo.Context) error {
	if s, err := w.current(c); err == nil && s != nil {
		return c.Redirect(http.StatusSeeOther, "/teams")
	}
	return w.signInForm(c, http.StatusOK, "")
}

func (w *Web) signInForm(c echo.Context, status int, msg string) error {
	nonce := randomSecret("")
	c.SetCookie(w.cookie(signInCookie, nonce, 3600))
	return w.render(c, status, "signin", signInData{CSRF: nonce, Error: msg})
}

// signIn trades an API token (viewer role and up) for a session cookie. The
// token is only hashed and looked up: it is never stored, echoed or logged.
func (w *Web) signIn(c echo.Context) error {
	ck, err := c.Cookie(signInCookie)
	if err != nil || ck.Value == "" || subtle.ConstantTimeCompare([]byte(ck.Value), []byte(c.FormValue("csrf"))) != 1 {
		return refuse(c, "The sign-in form expired or was not sent from this site. Reload the page and try again.")
	}
	secret := strings.TrimSpace(c.FormValue("token"))
	if secret == "" {
		return w.signInForm(c, http.StatusUnprocessableEntity, "Paste an API token.")
	}
	ctx := c.Request().Context()
	tok, err := w.cfg.Store.TokenByHash(ctx, w.cfg.HashToken(secret))
	if errors.Is(err, store.ErrNotFound) || (err == nil && !tok.Role.Allows(store.RoleViewer)) {
		return w.signInForm(c, http.StatusUnauthorized, "This token is unknown or revoked.")
	}
	if err != nil {
		return err
	}
	cookieSecret := randomSecret("ows_")
	s := store.WebSession{OrgID: tok.OrgID, TokenID: tok.ID, Hash: hash(cookieSecret), ExpiresAt: w.now().Add(w.cfg.SessionTTL)}
	if err := w.cfg.Store.CreateWebSession(ctx, &s); err != nil {
		return err
	}
	c.SetCookie(w.cookie(sessionCookie, cookieSecret, int(w.cfg.SessionTTL/time.Second)))
	c.SetCookie(w.cookie(signInCookie, "", -1))
	w.log.Info("web sign-in", "org_id", tok.OrgID, "token_id", tok.ID, "session_id", s.ID)
	return c.Redirect(http.StatusSeeOther, "/teams")
}

func (w *Web) signOut(c echo.Context) error {
	s := c.Get(sessionKey).(*session)
	if err := w.cfg.Store.DeleteWebSession(c.Request().Context(), s.Hash); err != nil {
		return err
	}
	c.SetCookie(w.cookie(sessionCookie, "", -1))
	return c.Redirect(http.StatusSeeOther, "/")
}

// current reads the request's session; nil without a live one. The token
// behind it is checked on every request (revoked or without a role: gone).
func (w *Web) current(c echo.Context) (*session, error) {
	ck, err := c.Cookie(sessionCookie)
	if err != nil || ck.Value == "" {
		return nil, nil
	}
	ws, err := w.cfg.Store.WebSessionByHash(c.Request().Context(), hash(ck.Value), w.now())
	if errors.Is(err, store.ErrNotFound) || (err == nil && !ws.Role.Allows(store.RoleViewer)) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &session{WebSession: ws, csrf: csrfFor(ck.Value)}, nil
}

// session lets only signed-in viewers through; others go to the sign-in page.
func (w *Web) session(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		s, err := w.current(c)
		if err != nil {
			return err
		}
		if s == nil {
			c.SetCookie(w.cookie(sessionCookie, "", -1))
			if c.Request().Method == http.MethodGet {
				return c.Redirect(http.StatusSeeOther, "/")
			}
			return refuse(c, "You are signed out. Sign in again.")
		}
		c.Set(sessionKey, s)
		return next(c)
	}
}

// csrf refuses a form without the session's token.
func (w *Web) csrf(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		s := c.Get(sessionKey).(*session)
		if subtle.ConstantTimeCompare([]byte(c.FormValue("csrf")), []byte(s.csrf)) != 1 {
			return refuse(c, "This form is missing its security token. Reload the page and try again.")
		}
		return next(c)
	}
}
