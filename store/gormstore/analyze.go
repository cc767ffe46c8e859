package gormstore

import (
	"context"
	"strings"
)

// Analyze refreshes the planner statistics of every table (PostgreSQL's and
// SQLite's ANALYZE), as autovacuum does on a well-run PostgreSQL.
func (db *DB) Analyze(ctx context.Context) error {
	_, err := db.sql.ExecContext(ctx, "ANALYZE")
	return err
}

// Explain returns the plan of a query (EXPLAIN on PostgreSQL, EXPLAIN QUERY
// PLAN on SQLite), one line per row, to check that hot queries use indexes.
func (db *DB) Explain(ctx context.Context, query string, args ...any) (string, error) {
	prefix := "EXPLAIN "
	if db.dialect == SQLite {
		prefix = "EXPLAIN QUERY PLAN "
	}
	rows, err := db.sql.QueryContext(ctx, prefix+query, args...)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var b strings.Builder
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return "", err
		}
		v := vals[len(vals)-1]
		if bs, ok := v.([]byte); ok {
			v = string(bs)
		}
		b.WriteString(strings.TrimSpace(toString(v)))
		b.WriteByte('\n')
	}
	return b.String(), rows.Err()
}

func toString(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	return ""
}

// Exec runs a statement (tests that build data in SQL).
func (db *DB) Exec(ctx context.Context, q string, args ...any) error {
	_, err := db.sql.ExecContext(ctx, q, args...)
	return err
}
