package gormstore

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/overlap/overlap/store"
)

// seriesSummaryRow is a series row with its plan's revision instead of the plan.
type seriesSummaryRow struct {
	ID        string
	OrgID     string
	TeamID    string
	Name      string
	Spec      string
	Revision  int
	CreatedAt time.Time
	UpdatedAt time.Time
}

// revisionColumn reads the plan document's revision in the database, so a
// page of series never carries their plans (up to megabytes each).
func (db *DB) revisionColumn() string {
	if db.dialect == Postgres {
		return "COALESCE(CAST(CAST(plan AS json) ->> 'revision' AS integer), 0) AS revision"
	}
	return "COALESCE(json_extract(plan, '$.revision'), 0) AS revision"
}

// seriesPage is the list query: the index meeting_series_team (org_id,
// team_id, id) serves its filter, its order and the keyset.
func (db *DB) seriesPage(tx *gorm.DB, orgID, teamID string, p store.Page) *gorm.DB {
	q := tx.Model(&seriesRow{}).Select("id, org_id, team_id, name, spec, "+db.revisionColumn()+", created_at, updated_at").
		Where("org_id = ? AND team_id = ?", orgID, teamID)
	return page(q, "id", p)
}

// ListMeetingSeries lists a team's series by ID, without their plans.
func (db *DB) ListMeetingSeries(ctx context.Context, orgID, teamID string, p store.Page) ([]store.SeriesSummary, error) {
	tx := db.gorm.WithContext(ctx)
	if _, err := db.teamIn(tx, orgID, teamID); err != nil {
		return nil, err
	}
	var rows []seriesSummaryRow
	if err := db.seriesPage(tx, orgID, teamID, p).Scan(&rows).Error; err != nil {
		return nil, translate(err)
	}
	out := make([]store.SeriesSummary, len(rows))
	for i, r := range rows {
		out[i] = store.SeriesSummary{ID: r.ID, OrgID: r.OrgID, TeamID: r.TeamID, Name: r.Name, Revision: r.Revision,
			CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC()}
		if err := json.Unmarshal([]byte(r.Spec), &out[i].Spec); err != nil {
			return nil, fmt.Errorf("meeting series %s: spec: %w", r.ID, err)
		}
	}
	return out, nil
}
