package gormstore

import (
	"context"
	"encoding/json"
	"time"

	"gorm.io/gorm"

	"github.com/overlap/overlap/store"
)

type feedRow struct {
	ID             string
	OrgID          string
	Kind           string
	TeamID         *string
	MemberID       *string
	SeriesID       *string
	Options        string
	TokenHash      []byte
	CreatedAt      time.Time
	RotatedAt      *time.Time
	LastAccessedAt *time.Time
}

func (feedRow) TableName() string { return "feeds" }

func nullable(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func feedFromRow(r feedRow) store.Feed {
	f := store.Feed{ID: r.ID, OrgID: r.OrgID, Kind: store.FeedKind(r.Kind), TokenHash: r.TokenHash,
		CreatedAt: r.CreatedAt.UTC(), RotatedAt: utcPtr(r.RotatedAt), LastAccessedAt: utcPtr(r.LastAccessedAt)}
	if r.TeamID != nil {
		f.TeamID = *r.TeamID
	}
	if r.MemberID != nil {
		f.MemberID = *r.MemberID
	}
	if r.SeriesID != nil {
		f.SeriesID = *r.SeriesID
	}
	_ = json.Unmarshal([]byte(r.Options), &f.Options)
	return f
}

// CreateFeed stores a feed whose subject is the org's.
func (db *DB) CreateFeed(ctx context.Context, f *store.Feed) error {
	f.ID, f.CreatedAt = newID(), db.now()
	opts, _ := json.Marshal(f.Options)
	row := feedRow{ID: f.ID, OrgID: f.OrgID, Kind: string(f.Kind), TeamID: nullable(f.TeamID), MemberID: nullable(f.MemberID),
		SeriesID: nullable(f.SeriesID), Options: string(opts), TokenHash: f.TokenHash, CreatedAt: f.CreatedAt}
	return db.gorm.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if f.TeamID != "" {
			if _, err := db.teamIn(tx, f.OrgID, f.TeamID); err != nil {
				return err
			}
		}
		if f.SeriesID != "" {
			if err := db.seriesIn(tx, f.OrgID, f.TeamID, f.SeriesID); err != nil {
				return err
			}
		}
		if f.MemberID != "" {
			var n int64
			if err := tx.Model(&memberRow{}).Where("org_id = ? AND id = ?", f.OrgID, f.MemberID).Count(&n).Error; err != nil {
				return translate(err)
			}
			if n == 0 {
				return store.ErrNotFound
			}
		}
		return translate(tx.Create(&row).Error)
	})
}

// Feed returns one feed.
func (db *DB) Feed(ctx context.Context, orgID, id string) (store.Feed, error) {
	var row feedRow
	err := db.gorm.WithContext(ctx).Where("org_id = ? AND id = ?", orgID, id).Take(&row).Error
	return feedFromRow(row), translate(err)
}

// FeedByTokenHash finds a feed by its token hash.
func (db *DB) FeedByTokenHash(ctx context.Context, hash []byte) (store.Feed, error) {
	var row feedRow
	err := db.gorm.WithContext(ctx).Where("token_hash = ?", hash).Take(&row).Error
	return feedFromRow(row), translate(err)
}

// ListFeeds lists feeds by ID.
func (db *DB) ListFeeds(ctx context.Context, orgID string, p store.Page) ([]store.Feed, error) {
	var rows []feedRow
	err := page(db.gorm.WithContext(ctx).Where("org_id = ?", orgID), "id", p).Find(&rows).Error
	out := make([]store.Feed, len(rows))
	for i, r := range rows {
		out[i] = feedFromRow(r)
	}
	return out, translate(err)
}

// DeleteFeed deletes a feed, which revokes its token.
func (db *DB) DeleteFeed(ctx context.Context, orgID, id string) error {
	res := db.gorm.WithContext(ctx).Where("org_id = ? AND id = ?", orgID, id).Delete(&feedRow{})
	if res.Error != nil {
		return translate(res.Error)
	}
	if res.RowsAffected == 0 {
		return store.ErrNotFound
	}
	return nil
}

// RotateFeed gives a feed a new token hash.
func (db *DB) RotateFeed(ctx context.Context, orgID, id string, hash []byte, at time.Time) error {
	res := db.gorm.WithContext(ctx).Model(&feedRow{}).Where("org_id = ? AND id = ?", orgID, id).
		Updates(map[string]any{"token_hash": hash, "rotated_at": at.UTC()})
	if res.Error != nil {
		return translate(res.Error)
	}
	if res.RowsAffected == 0 {
		return store.ErrNotFound
	}
	return nil
}

// TouchFeed records the last access of a feed.
func (db *DB) TouchFeed(ctx context.Context, id string, at time.Time) error {
	return translate(db.gorm.WithContext(ctx).Model(&feedRow{}).Where("id = ?", id).Update("last_accessed_at", at.UTC()).Error)
}
