package gormstore

import "context"

// Analyze refreshes the planner statistics of every table (PostgreSQL's and
// SQLite's ANALYZE), as autovacuum does on a well-run PostgreSQL.
func (db *DB) Analyze(ctx context.Context) error {
	_, err := db.sql.ExecContext(ctx, "ANALYZE")
	return err
}
