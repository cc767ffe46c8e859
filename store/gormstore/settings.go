package gormstore

import (
	"context"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/overlap/overlap/store"
)

type settingRow struct {
	TeamID    string
	OrgID     string
	Name      string
	Value     string
	UpdatedAt time.Time
}

func (settingRow) TableName() string { return "team_settings" }

// TeamSetting returns a team's setting document, nil when unset.
func (db *DB) TeamSetting(ctx context.Context, orgID, teamID, name string) ([]byte, error) {
	if _, err := db.teamIn(db.gorm.WithContext(ctx), orgID, teamID); err != nil {
		return nil, err
	}
	var row settingRow
	err := db.gorm.WithContext(ctx).Where("team_id = ? AND name = ?", teamID, name).Take(&row).Error
	if translate(err) == store.ErrNotFound {
		return nil, nil
	}
	if err != nil {
		return nil, translate(err)
	}
	return []byte(row.Value), nil
}

// PutTeamSetting replaces a team's setting document.
func (db *DB) PutTeamSetting(ctx context.Context, orgID, teamID, name string, value []byte) error {
	return db.gorm.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if _, err := db.teamIn(tx, orgID, teamID); err != nil {
			return err
		}
		row := settingRow{TeamID: teamID, OrgID: orgID, Name: name, Value: string(value), UpdatedAt: db.now()}
		return translate(tx.Clauses(clause.OnConflict{
			Columns:   []clause.Column{{Name: "team_id"}, {Name: "name"}},
			DoUpdates: clause.AssignmentColumns([]string{"value", "updated_at"}),
		}).Create(&row).Error)
	})
}
