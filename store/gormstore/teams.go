package gormstore

import (
	"context"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/overlap/overlap/store"
)

func teamFromRow(r teamRow) store.Team {
	return store.Team{ID: r.ID, OrgID: r.OrgID, Name: r.Name, Description: r.Description,
		CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC()}
}

// CreateTeam stores a new team.
func (db *DB) CreateTeam(ctx context.Context, t *store.Team) error {
	t.ID, t.CreatedAt = newID(), db.now()
	t.UpdatedAt = t.CreatedAt
	row := teamRow{ID: t.ID, OrgID: t.OrgID, Name: t.Name, Description: t.Description, CreatedAt: t.CreatedAt, UpdatedAt: t.UpdatedAt}
	return translate(db.gorm.WithContext(ctx).Create(&row).Error)
}

// Team returns one team.
func (db *DB) Team(ctx context.Context, orgID, id string) (store.Team, error) {
	var row teamRow
	err := db.gorm.WithContext(ctx).Where("org_id = ? AND id = ?", orgID, id).Take(&row).Error
	return teamFromRow(row), translate(err)
}

// ListTeams lists teams by ID.
func (db *DB) ListTeams(ctx context.Context, orgID string, p store.Page) ([]store.Team, error) {
	var rows []teamRow
	err := page(db.gorm.WithContext(ctx).Where("org_id = ?", orgID), "id", p).Find(&rows).Error
	out := make([]store.Team, len(rows))
	for i, r := range rows {
		out[i] = teamFromRow(r)
	}
	return out, translate(err)
}

// UpdateTeam replaces a team's name and description.
func (db *DB) UpdateTeam(ctx context.Context, t *store.Team) error {
	t.UpdatedAt = db.now()
	res := db.gorm.WithContext(ctx).Model(&teamRow{}).Where("org_id = ? AND id = ?", t.OrgID, t.ID).
		Updates(map[string]any{"name": t.Name, "description": t.Description, "updated_at": t.UpdatedAt})
	if res.Error != nil {
		return translate(res.Error)
	}
	if res.RowsAffected == 0 {
		return store.ErrNotFound
	}
	return nil
}

// TeamMembersVersion reads the counter migration 00010's triggers raise on
// every change to the team's places.
func (db *DB) TeamMembersVersion(ctx context.Context, orgID, teamID string) (int64, error) {
	var v []int64
	err := db.gorm.WithContext(ctx).Raw(`SELECT members_version FROM teams WHERE org_id = ? AND id = ?`, orgID, teamID).Scan(&v).Error
	if err != nil {
		return 0, translate(err)
	}
	if len(v) == 0 {
		return 0, store.ErrNotFound
	}
	return v[0], nil
}

// DeleteTeam deletes a team with its membership.
func (db *DB) DeleteTeam(ctx context.Context, orgID, id string) error {
	return db.gorm.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		res := tx.Where("org_id = ? AND id = ?", orgID, id).Delete(&teamRow{})
		if res.Error != nil {
			return translate(res.Error)
		}
		if res.RowsAffected == 0 {
			return store.ErrNotFound
		}
		return translate(tx.Where("team_id = ?", id).Delete(&teamMemberRow{}).Error)
	})
}

// PutTeamMember adds a member to a team or updates its place.
func (db *DB) PutTeamMember(ctx context.Context, orgID string, tm *store.TeamMember) (bool, error) {
	created := false
	err := db.gorm.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if _, err := db.teamIn(tx, orgID, tm.TeamID); err != nil {
			return err
		}
		var n int64
		if err := tx.Model(&memberRow{}).Where("org_id = ? AND id = ?", orgID, tm.MemberID).Count(&n).Error; err != nil {
			return translate(err)
		}
		if n == 0 {
			return store.ErrNotFound
		}
		var existing teamMemberRow
		err := tx.Where("team_id = ? AND member_id = ?", tm.TeamID, tm.MemberID).Take(&existing).Error
		switch translate(err) {
		case nil:
			tm.AddedAt = existing.AddedAt.UTC()
		case store.ErrNotFound:
			created, tm.AddedAt = true, db.now()
		default:
			return translate(err)
		}
		row := teamMemberRow{TeamID: tm.TeamID, MemberID: tm.MemberID, Required: tm.Required, AddedAt: tm.AddedAt}
		return translate(tx.Clauses(clause.OnConflict{
			Columns:   []clause.Column{{Name: "team_id"}, {Name: "member_id"}},
			DoUpdates: clause.AssignmentColumns([]string{"required"}),
		}).Create(&row).Error)
	})
	return created, err
}

func (db *DB) teamIn(tx *gorm.DB, orgID, teamID string) (teamRow, error) {
	var row teamRow
	err := tx.Where("org_id = ? AND id = ?", orgID, teamID).Take(&row).Error
	return row, translate(err)
}

// RemoveTeamMember removes a member from a team.
func (db *DB) RemoveTeamMember(ctx context.Context, orgID, teamID, memberID string) error {
	if _, err := db.teamIn(db.gorm.WithContext(ctx), orgID, teamID); err != nil {
		return err
	}
	res := db.gorm.WithContext(ctx).Where("team_id = ? AND member_id = ?", teamID, memberID).Delete(&teamMemberRow{})
	if res.Error != nil {
		return translate(res.Error)
	}
	if res.RowsAffected == 0 {
		return store.ErrNotFound
	}
	return nil
}

// ListTeamMembers lists a team's places by member ID.
func (db *DB) ListTeamMembers(ctx context.Context, orgID, teamID string, p store.Page) ([]store.TeamMember, error) {
	if _, err := db.teamIn(db.gorm.WithContext(ctx), orgID, teamID); err != nil {
		return nil, err
	}
	if db.dialect == Postgres {
		return db.teamMembersPG(ctx, teamID, p)
	}
	var rows []teamMemberRow
	err := page(db.gorm.WithContext(ctx).Where("team_id = ?", teamID), "member_id", p).Find(&rows).Error
	out := make([]store.TeamMember, len(rows))
	for i, r := range rows {
		out[i] = store.TeamMember{TeamID: r.TeamID, MemberID: r.MemberID, Required: r.Required, AddedAt: r.AddedAt.UTC()}
	}
	return out, translate(err)
}
