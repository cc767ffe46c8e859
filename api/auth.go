package api

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base32"
	"errors"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/overlap/overlap/store"
)

// TokenPrefix marks Overlap API tokens so that leaked ones are recognisable
// (e.g. by secret scanners).
const TokenPrefix = "ovl_"

var tokenEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

// NewToken returns a new random API token (256 bits) and its SHA-256 hash,
// which is all that is stored.
func NewToken() (secret string, hash []byte) { return newSecret(TokenPrefix) }

// FeedTokenPrefix marks the secret of a published feed URL.
const FeedTokenPrefix = "ovf_"

func newSecret(prefix string) (string, []byte) {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("crypto/rand failed: " + err.Error())
	}
	secret := prefix + strings.ToLower(tokenEncoding.EncodeToString(b[:]))
	return secret, HashToken(secret)
}

// HashToken is the stored form of a token secret.
func HashToken(secret string) []byte {
	h := sha256.Sum256([]byte(secret))
	return h[:]
}

// Principal is the authenticated caller.
type Principal struct {
	OrgID   string
	TokenID string
	Role    store.Role
}

const principalKey = "overlap.principal"

func principal(c echo.Context) Principal {
	p, _ := c.Get(principalKey).(Principal)
	return p
}

// touchEvery bounds how often a token's last use is written.
const touchEvery = time.Minute

// authenticate checks the bearer token of every /v1 request.
func (s *Server) authenticate(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Request().Header.Get(echo.HeaderAuthorization)
		scheme, secret, ok := strings.Cut(h, " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(secret) == "" {
			return &requestError{kind: errUnauthorized, detail: "send Authorization: Bearer <token>"}
		}
		hash := HashToken(strings.TrimSpace(secret))
		tok, err := s.store.TokenByHash(c.Request().Context(), hash)
		if errors.Is(err, store.ErrNotFound) || (err == nil && subtle.ConstantTimeCompare(tok.Hash, hash) != 1) {
			return &requestError{kind: errUnauthorized, detail: "the token is unknown or revoked"}
		}
		if err != nil {
			return err
		}
		now := s.now()
		if tok.LastUsedAt == nil || now.Sub(*tok.LastUsedAt) > touchEvery {
			if err := s.store.TouchToken(c.Request().Context(), tok.ID, now); err != nil {
				s.log.Warn("record token use", "token_id", tok.ID, "error", err)
			}
		}
		c.Set(principalKey, Principal{OrgID: tok.OrgID, TokenID: tok.ID, Role: tok.Role})
		return next(c)
	}
}

// require lets a request through only when the caller's role allows min.
func require(min store.Role) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if !principal(c).Role.Allows(min) {
				return &requestError{kind: errForbidden, detail: "this needs the " + string(min) + " role"}
			}
			return next(c)
		}
	}
}
