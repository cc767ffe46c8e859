package gormstore

import (
	"context"
	"time"

	"gorm.io/gorm"

	"github.com/overlap/overlap/store"
)

// EnsureOrg returns the organization named name, creating it when missing.
// Concurrent callers (several replicas starting at once) get the same row.
func (db *DB) EnsureOrg(ctx context.Context, name string) (store.Org, error) {
	var row orgRow
	err := db.gorm.WithContext(ctx).Where("name = ?", name).Take(&row).Error
	if err == nil {
		return orgFromRow(row), nil
	}
	if translate(err) != store.ErrNotFound {
		return store.Org{}, err
	}
	row = orgRow{ID: newID(), Name: name, CreatedAt: db.now()}
	if err := translate(db.gorm.WithContext(ctx).Create(&row).Error); err != nil {
		if err == store.ErrConflict {
			err = db.gorm.WithContext(ctx).Where("name = ?", name).Take(&row).Error
			return orgFromRow(row), translate(err)
		}
		return store.Org{}, err
	}
	return orgFromRow(row), nil
}

// CountOrgs counts organizations.
func (db *DB) CountOrgs(ctx context.Context) (int64, error) {
	var n int64
	err := db.gorm.WithContext(ctx).Model(&orgRow{}).Count(&n).Error
	return n, translate(err)
}

func orgFromRow(r orgRow) store.Org {
	return store.Org{ID: r.ID, Name: r.Name, CreatedAt: r.CreatedAt.UTC()}
}

// CreateToken stores t.
func (db *DB) CreateToken(ctx context.Context, t *store.Token) error {
	t.ID, t.CreatedAt = newID(), db.now()
	row := tokenRow{ID: t.ID, OrgID: t.OrgID, Name: t.Name, Role: string(t.Role), Hash: t.Hash, CreatedAt: t.CreatedAt}
	return translate(db.gorm.WithContext(ctx).Create(&row).Error)
}

// TokenByHash finds an unrevoked token by hash.
func (db *DB) TokenByHash(ctx context.Context, hash []byte) (store.Token, error) {
	var row tokenRow
	err := db.gorm.WithContext(ctx).Where("hash = ? AND revoked_at IS NULL", hash).Take(&row).Error
	return tokenFromRow(row), translate(err)
}

// TouchToken records the last use of a token.
func (db *DB) TouchToken(ctx context.Context, id string, at time.Time) error {
	at = at.UTC()
	return translate(db.gorm.WithContext(ctx).Model(&tokenRow{}).Where("id = ?", id).Update("last_used_at", at).Error)
}

// ListTokens lists the organization's tokens.
func (db *DB) ListTokens(ctx context.Context, orgID string, p store.Page) ([]store.Token, error) {
	var rows []tokenRow
	err := page(db.gorm.WithContext(ctx).Where("org_id = ?", orgID), "id", p).Find(&rows).Error
	out := make([]store.Token, len(rows))
	for i, r := range rows {
		out[i] = tokenFromRow(r)
	}
	return out, translate(err)
}

// RevokeToken marks a token revoked.
func (db *DB) RevokeToken(ctx context.Context, orgID, id string, at time.Time) error {
	res := db.gorm.WithContext(ctx).Model(&tokenRow{}).
		Where("org_id = ? AND id = ?", orgID, id).
		Update("revoked_at", gorm.Expr("COALESCE(revoked_at, ?)", at.UTC()))
	if res.Error != nil {
		return translate(res.Error)
	}
	if res.RowsAffected == 0 {
		return store.ErrNotFound
	}
	return nil
}

func tokenFromRow(r tokenRow) store.Token {
	return store.Token{
		ID: r.ID, OrgID: r.OrgID, Name: r.Name, Role: store.Role(r.Role), Hash: r.Hash,
		CreatedAt: r.CreatedAt.UTC(), LastUsedAt: utcPtr(r.LastUsedAt), RevokedAt: utcPtr(r.RevokedAt),
	}
}

func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}
