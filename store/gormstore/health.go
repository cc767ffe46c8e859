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
// time. Read as calendarsOf reads, without reflection.
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
	err := db.calendarsOf(ctx, orgID, memberIDs, cols, dest, each)
	return out, err
}

// healthFromRow is the health part of a calendar row: the fields
// CalendarHealth and CalendarHealthOf read.
func healthFromRow(r calendarRow) store.Calendar {
	return store.Calendar{ID: r.ID, MemberID: r.MemberID, Source: store.CalendarSource(r.Source),
		RefreshInterval: time.Duration(r.RefreshInterval) * time.Second, FeedInterval: time.Duration(r.FeedInterval) * time.Second,
		LastSuccessAt: timePtr(r.LastSuccessAt), LastErrorCode: r.LastErrorCode}
}
