package gormstore

import (
	"context"
	"time"

	"github.com/overlap/overlap/store"
)

// CalendarHealthOf returns the calendars of these members with only the
// fields that say whether they are stale or failing (ID, member, source,
// refresh and feed intervals, last success, last error code): a team read
// needs no more, and a thousand whole calendars cost more than the busy
// time. On PostgreSQL member by member (a lateral index scan of
// calendars_member), without reflection.
func (db *DB) CalendarHealthOf(ctx context.Context, orgID string, memberIDs []string) ([]store.Calendar, error) {
	const cols = `c.id, c.member_id, c.source, c.refresh_interval, c.feed_interval, c.last_success_at, c.last_error_code`
	var r calendarRow
	dest := []any{&r.ID, &r.MemberID, &r.Source, &r.RefreshInterval, &r.FeedInterval, &r.LastSuccessAt, &r.LastErrorCode}
	out := make([]store.Calendar, 0, len(memberIDs))
	each := func() error {
		out = append(out, healthFromRow(r))
		r.LastSuccessAt = nil
		return nil
	}
	if db.dialect == SQLite {
		return out, db.sqliteChunks(ctx, `SELECT `+cols+` FROM calendars AS c WHERE c.org_id = ? AND c.member_id IN (?) ORDER BY c.id`,
			orgID, memberIDs, dest, each)
	}
	const q = `SELECT ` + cols + `
		FROM unnest($2::text[]) AS m(id)
		CROSS JOIN LATERAL (SELECT * FROM calendars WHERE org_id = $1 AND member_id = m.id OFFSET 0) AS c
		ORDER BY c.id`
	return out, db.pgRows(ctx, q, []any{orgID, memberIDs}, dest, each)
}

// healthFromRow is the health part of a calendar row: the fields
// CalendarHealth and CalendarHealthOf read.
func healthFromRow(r calendarRow) store.Calendar {
	return store.Calendar{ID: r.ID, MemberID: r.MemberID, Source: store.CalendarSource(r.Source),
		RefreshInterval: time.Duration(r.RefreshInterval) * time.Second, FeedInterval: time.Duration(r.FeedInterval) * time.Second,
		LastSuccessAt: timePtr(r.LastSuccessAt), LastErrorCode: r.LastErrorCode}
}
