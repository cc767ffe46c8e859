package gormstore

import (
	"context"
	"time"

	"github.com/overlap/overlap/store"
)

type webSessionRow struct {
	ID        string
	OrgID     string
	TokenID   string
	Hash      []byte
	CreatedAt time.Time
	ExpiresAt time.Time
}

func (webSessionRow) TableName() string { return "web_sessions" }

// CreateWebSession stores a session of an unrevoked token.
func (db *DB) CreateWebSession(ctx context.Context, s *store.WebSession) error {
	var tok tokenRow
	err := db.gorm.WithContext(ctx).Where("id = ? AND org_id = ? AND revoked_at IS NULL", s.TokenID, s.OrgID).Take(&tok).Error
	if err != nil {
		return translate(err)
	}
	s.ID, s.CreatedAt, s.Role = newID(), db.now(), store.Role(tok.Role)
	row := webSessionRow{ID: s.ID, OrgID: s.OrgID, TokenID: s.TokenID, Hash: s.Hash, CreatedAt: s.CreatedAt, ExpiresAt: s.ExpiresAt.UTC()}
	return translate(db.gorm.WithContext(ctx).Create(&row).Error)
}

// WebSessionByHash reads a live session with its token's current role: the
// token is checked on every read, so revoking it ends the session at once.
func (db *DB) WebSessionByHash(ctx context.Context, hash []byte, now time.Time) (store.WebSession, error) {
	var row struct {
		ID, OrgID, TokenID   string
		Hash                 []byte
		CreatedAt, ExpiresAt time.Time
		Role                 string
	}
	err := db.gorm.WithContext(ctx).Table("web_sessions").
		Select("web_sessions.*, tokens.role").
		Joins("JOIN tokens ON tokens.id = web_sessions.token_id AND tokens.revoked_at IS NULL").
		Where("web_sessions.hash = ? AND web_sessions.expires_at > ?", hash, now.UTC()).
		Take(&row).Error
	if err != nil {
		return store.WebSession{}, translate(err)
	}
	return store.WebSession{ID: row.ID, OrgID: row.OrgID, TokenID: row.TokenID, Hash: row.Hash, CreatedAt: row.CreatedAt.UTC(),
		ExpiresAt: row.ExpiresAt.UTC(), Role: store.Role(row.Role)}, nil
}

// DeleteWebSession ends a session.
func (db *DB) DeleteWebSession(ctx context.Context, hash []byte) error {
	return translate(db.gorm.WithContext(ctx).Where("hash = ?", hash).Delete(&webSessionRow{}).Error)
}

// DeleteExpiredWebSessions removes expired sessions.
func (db *DB) DeleteExpiredWebSessions(ctx context.Context, now time.Time) (int64, error) {
	res := db.gorm.WithContext(ctx).Where("expires_at <= ?", now.UTC()).Delete(&webSessionRow{})
	return res.RowsAffected, translate(res.Error)
}
