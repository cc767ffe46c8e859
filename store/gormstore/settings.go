package gormstore

import (
	"context"
	"encoding/json"
	"fmt"
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

// Setting names: the rows of team_settings.
const (
	settingResponsePolicy = "response_policy"
	settingOnCall         = "on_call"
)

// ResponsePolicy returns a team's response policy; ErrNotSet when unset.
func (db *DB) ResponsePolicy(ctx context.Context, orgID, teamID string) (store.ResponsePolicy, error) {
	var p store.ResponsePolicy
	return p, db.getSetting(ctx, orgID, teamID, settingResponsePolicy, &p)
}

// PutResponsePolicy replaces a team's response policy.
func (db *DB) PutResponsePolicy(ctx context.Context, orgID, teamID string, p store.ResponsePolicy) error {
	return db.putSetting(ctx, orgID, teamID, settingResponsePolicy, p)
}

// OnCall returns a team's on-call schedule; ErrNotSet when unset.
func (db *DB) OnCall(ctx context.Context, orgID, teamID string) (store.OnCall, error) {
	var o store.OnCall
	return o, db.getSetting(ctx, orgID, teamID, settingOnCall, &o)
}

// PutOnCall replaces a team's on-call schedule.
func (db *DB) PutOnCall(ctx context.Context, orgID, teamID string, o store.OnCall) error {
	return db.putSetting(ctx, orgID, teamID, settingOnCall, o)
}

// getSetting decodes a team's setting document into dst; the JSON encoding
// of settings stays in this file.
func (db *DB) getSetting(ctx context.Context, orgID, teamID, name string, dst any) error {
	if _, err := db.teamIn(db.gorm.WithContext(ctx), orgID, teamID); err != nil {
		return err
	}
	var row settingRow
	err := db.gorm.WithContext(ctx).Where("team_id = ? AND name = ?", teamID, name).Take(&row).Error
	if translate(err) == store.ErrNotFound {
		return store.ErrNotSet
	}
	if err != nil {
		return translate(err)
	}
	if err := json.Unmarshal([]byte(row.Value), dst); err != nil {
		return fmt.Errorf("team %s: %s: %w", teamID, name, err)
	}
	return nil
}

// putSetting replaces a team's setting document.
func (db *DB) putSetting(ctx context.Context, orgID, teamID, name string, value any) error {
	raw, err := json.Marshal(value)
	if err != nil {
		return fmt.Errorf("team %s: %s: %w", teamID, name, err)
	}
	return db.gorm.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if _, err := db.teamIn(tx, orgID, teamID); err != nil {
			return err
		}
		row := settingRow{TeamID: teamID, OrgID: orgID, Name: name, Value: string(raw), UpdatedAt: db.now()}
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
