package gormstore

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/overlap/overlap/store"
)

type seriesRow struct {
	ID        string
	OrgID     string
	TeamID    string
	Name      string
	Spec      string
	Plan      string
	CreatedAt time.Time
	UpdatedAt time.Time
}

func (seriesRow) TableName() string { return "meeting_series" }

func seriesFromRow(r seriesRow) (store.MeetingSeries, error) {
	s := store.MeetingSeries{ID: r.ID, OrgID: r.OrgID, TeamID: r.TeamID, Name: r.Name, Plan: []byte(r.Plan),
		CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC()}
	if err := json.Unmarshal([]byte(r.Spec), &s.Spec); err != nil {
		return s, fmt.Errorf("meeting series %s: spec: %w", r.ID, err)
	}
	return s, nil
}

// CreateMeetingSeries stores a series of the org's team.
func (db *DB) CreateMeetingSeries(ctx context.Context, s *store.MeetingSeries) error {
	spec, err := json.Marshal(s.Spec)
	if err != nil {
		return err
	}
	s.ID, s.CreatedAt = newID(), db.now()
	s.UpdatedAt = s.CreatedAt
	row := seriesRow{ID: s.ID, OrgID: s.OrgID, TeamID: s.TeamID, Name: s.Name, Spec: string(spec), Plan: string(s.Plan),
		CreatedAt: s.CreatedAt, UpdatedAt: s.UpdatedAt}
	return db.gorm.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if _, err := db.teamIn(tx, s.OrgID, s.TeamID); err != nil {
			return err
		}
		return translate(tx.Create(&row).Error)
	})
}

// MeetingSeries returns one series.
func (db *DB) MeetingSeries(ctx context.Context, orgID, teamID, id string) (store.MeetingSeries, error) {
	var row seriesRow
	err := db.gorm.WithContext(ctx).Where("org_id = ? AND team_id = ? AND id = ?", orgID, teamID, id).Take(&row).Error
	if err != nil {
		return store.MeetingSeries{}, translate(err)
	}
	return seriesFromRow(row)
}

// UpdateMeetingSeriesPlan replaces a series' plan.
func (db *DB) UpdateMeetingSeriesPlan(ctx context.Context, orgID, teamID, id string, plan []byte) (time.Time, error) {
	now := db.now()
	res := db.gorm.WithContext(ctx).Model(&seriesRow{}).Where("org_id = ? AND team_id = ? AND id = ?", orgID, teamID, id).
		Updates(map[string]any{"plan": string(plan), "updated_at": now})
	if res.Error != nil {
		return time.Time{}, translate(res.Error)
	}
	if res.RowsAffected == 0 {
		return time.Time{}, store.ErrNotFound
	}
	return now, nil
}

// DeleteMeetingSeries deletes a series; its feeds go with it (ON DELETE CASCADE).
func (db *DB) DeleteMeetingSeries(ctx context.Context, orgID, teamID, id string) error {
	res := db.gorm.WithContext(ctx).Where("org_id = ? AND team_id = ? AND id = ?", orgID, teamID, id).Delete(&seriesRow{})
	if res.Error != nil {
		return translate(res.Error)
	}
	if res.RowsAffected == 0 {
		return store.ErrNotFound
	}
	return nil
}

// seriesIn checks that a series belongs to the org's team.
func (db *DB) seriesIn(tx *gorm.DB, orgID, teamID, id string) error {
	var n int64
	if err := tx.Model(&seriesRow{}).Where("org_id = ? AND team_id = ? AND id = ?", orgID, teamID, id).Count(&n).Error; err != nil {
		return translate(err)
	}
	if n == 0 {
		return store.ErrNotFound
	}
	return nil
}
