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

type exchangeRow struct {
	ID         string
	OrgID      string
	TeamID     string
	FromMember string
	ToMember   string
	Priority   string
	SentAt     int64
	AnsweredAt *int64
	ExpectedBy *int64
	CreatedAt  time.Time
}

func (exchangeRow) TableName() string { return "exchanges" }

// CreateExchange stores an exchange of the org's team.
func (db *DB) CreateExchange(ctx context.Context, e *store.Exchange) error {
	e.ID, e.CreatedAt = newID(), db.now()
	row := exchangeRow{ID: e.ID, OrgID: e.OrgID, TeamID: e.TeamID, FromMember: e.FromMember, ToMember: e.ToMember,
		Priority: string(e.Priority), SentAt: e.SentAt.Unix(), AnsweredAt: unixPtr(e.AnsweredAt), ExpectedBy: unixPtr(e.ExpectedBy), CreatedAt: e.CreatedAt}
	return db.gorm.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if _, err := db.teamIn(tx, e.OrgID, e.TeamID); err != nil {
			return err
		}
		return translate(tx.Create(&row).Error)
	})
}

// ExchangesBetween lists a team's exchanges sent in [from, to).
func (db *DB) ExchangesBetween(ctx context.Context, orgID, teamID string, from, to time.Time) ([]store.Exchange, error) {
	if _, err := db.teamIn(db.gorm.WithContext(ctx), orgID, teamID); err != nil {
		return nil, err
	}
	var rows []exchangeRow
	err := db.gorm.WithContext(ctx).Where("org_id = ? AND team_id = ? AND sent_at >= ? AND sent_at < ?", orgID, teamID, from.Unix(), to.Unix()).
		Order("sent_at, id").Find(&rows).Error
	out := make([]store.Exchange, len(rows))
	for i, r := range rows {
		out[i] = store.Exchange{ID: r.ID, OrgID: r.OrgID, TeamID: r.TeamID, FromMember: r.FromMember, ToMember: r.ToMember,
			Priority: store.Priority(r.Priority), SentAt: time.Unix(r.SentAt, 0).UTC(), AnsweredAt: timePtr(r.AnsweredAt),
			ExpectedBy: timePtr(r.ExpectedBy), CreatedAt: r.CreatedAt.UTC()}
	}
	return out, translate(err)
}
