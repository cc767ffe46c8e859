package store

import (
	"context"
	"time"
)

// WebSession is a signed-in browser of the web view. Only the SHA-256 of its
// cookie secret is stored; it lives no longer than ExpiresAt and no longer
// than the API token it was opened with.
type WebSession struct {
	ID        string
	OrgID     string
	TokenID   string
	Hash      []byte
	CreatedAt time.Time
	ExpiresAt time.Time
	// Role is the current role of the token, read with the session.
	Role Role
}

// WebSessions manages web view sessions.
type WebSessions interface {
	// CreateWebSession stores s (ID and CreatedAt are set); ErrNotFound when
	// its token is unknown or revoked, ErrConflict if the hash exists.
	CreateWebSession(ctx context.Context, s *WebSession) error
	// WebSessionByHash finds a session by the SHA-256 of its secret, with the
	// current role of its token. ErrNotFound when there is none, it expired
	// by now, or its token was revoked.
	WebSessionByHash(ctx context.Context, hash []byte, now time.Time) (WebSession, error)
	// DeleteWebSession ends a session; deleting a missing one is not an error.
	DeleteWebSession(ctx context.Context, hash []byte) error
	// DeleteExpiredWebSessions removes sessions expired by now and reports how many.
	DeleteExpiredWebSessions(ctx context.Context, now time.Time) (int64, error)
}
