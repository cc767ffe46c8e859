package gormstore

import (
	"github.com/overlap/overlap/store"

	"gorm.io/gorm"
)

// SeriesListSQL is the statement ListMeetingSeries sends, values inlined,
// for plan checks.
func (db *DB) SeriesListSQL(orgID, teamID string, p store.Page) string {
	return db.gorm.ToSQL(func(tx *gorm.DB) *gorm.DB {
		var rows []seriesSummaryRow
		return db.seriesPage(tx, orgID, teamID, p).Scan(&rows)
	})
}
