package gormstore

import (
	"context"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/overlap/overlap/store"
)

// pgRows runs a query on PostgreSQL through pgx's own interface (binary rows,
// no reflection): the team reads return a row per member of a large team.
func (db *DB) pgRows(ctx context.Context, q string, args []any, dest []any, each func() error) error {
	if err := checkArgs(args); err != nil { // this path bypasses the GORM guard
		return err
	}
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return translate(conn.Raw(func(dc any) error {
		rows, err := dc.(*stdlib.Conn).Conn().Query(ctx, q, args...)
		if err != nil {
			return err
		}
		_, err = pgx.ForEachRow(rows, dest, each)
		return err
	}))
}

// sqliteChunks runs q once per 500 IDs, with "IN (?)" expanded to the
// chunk's placeholders and the arguments orgID then the IDs, scanning each
// row into dest (no reflection).
func (db *DB) sqliteChunks(ctx context.Context, q, orgID string, ids []string, dest []any, each func() error) error {
	if err := checkArgs([]any{orgID, ids}); err != nil { // this path bypasses the GORM guard
		return err
	}
	for start := 0; start < len(ids); start += 500 {
		chunk := ids[start:min(start+500, len(ids))]
		args := make([]any, 0, len(chunk)+1)
		args = append(args, orgID)
		for _, id := range chunk {
			args = append(args, id)
		}
		rows, err := db.sql.QueryContext(ctx, strings.Replace(q, "IN (?)", "IN (?"+strings.Repeat(",?", len(chunk)-1)+")", 1), args...)
		if err != nil {
			return translate(err)
		}
		for rows.Next() {
			if err = rows.Scan(dest...); err == nil {
				err = each()
			}
			if err != nil {
				rows.Close()
				return err
			}
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return translate(err)
		}
	}
	return nil
}

const calendarColumns = `c.id, c.org_id, c.member_id, c.name, c.kind, c.source, c.url, c.refresh_interval, c.feed_interval,
	c.etag, c.last_modified, c.content_hash, c.last_attempt_at, c.last_success_at, c.last_error_code, c.last_error_message,
	c.failures, c.next_refresh_at, c.lease_owner, c.lease_until, c.event_count, c.interval_count, c.warnings,
	c.window_start, c.window_end, c.created_at, c.updated_at`

// calendarsOfMembersFast reads the members' calendars without reflection.
func (db *DB) calendarsOfMembersFast(ctx context.Context, orgID string, memberIDs []string) ([]store.Calendar, error) {
	var r calendarRow
	dest := []any{&r.ID, &r.OrgID, &r.MemberID, &r.Name, &r.Kind, &r.Source, &r.URL, &r.RefreshInterval, &r.FeedInterval,
		&r.ETag, &r.LastModified, &r.ContentHash, &r.LastAttemptAt, &r.LastSuccessAt, &r.LastErrorCode, &r.LastErrorMessage,
		&r.Failures, &r.NextRefreshAt, &r.LeaseOwner, &r.LeaseUntil, &r.EventCount, &r.IntervalCount, &r.Warnings,
		&r.WindowStart, &r.WindowEnd, &r.CreatedAt, &r.UpdatedAt}
	out := make([]store.Calendar, 0, len(memberIDs))
	err := db.calendarsOf(ctx, orgID, memberIDs, calendarColumns, dest, func() error {
		out = append(out, calendarFromRow(r))
		r.LastAttemptAt, r.LastSuccessAt, r.NextRefreshAt = nil, nil, nil
		return nil
	})
	return out, err
}

// calendarsOf reads cols (of calendars AS c) of the members' calendars in ID
// order into dest, calling each per row: on SQLite by chunks of IDs, on
// PostgreSQL member by member (a lateral index scan of calendars_member,
// whatever the statistics say).
func (db *DB) calendarsOf(ctx context.Context, orgID string, memberIDs []string, cols string, dest []any, each func() error) error {
	if db.dialect == SQLite {
		return db.sqliteChunks(ctx, `SELECT `+cols+` FROM calendars AS c WHERE c.org_id = ? AND c.member_id IN (?) ORDER BY c.id`,
			orgID, memberIDs, dest, each)
	}
	q := `SELECT ` + cols + `
		FROM unnest($2::text[]) AS m(id)
		CROSS JOIN LATERAL (SELECT * FROM calendars WHERE org_id = $1 AND member_id = m.id OFFSET 0) AS c
		ORDER BY c.id`
	return db.pgRows(ctx, q, []any{orgID, memberIDs}, dest, each)
}

// timeOffBetweenPG reads the members' time off member by member (a lateral
// index scan of time_off_member).
func (db *DB) timeOffBetweenPG(ctx context.Context, orgID string, memberIDs []string, from, to int64) ([]store.TimeOff, error) {
	const q = `SELECT t.id, t.org_id, t.member_id, t.start_at, t.end_at, t.all_day, t.start_date, t.end_date, t.reason, t.created_at
		FROM unnest($2::text[]) AS m(id)
		CROSS JOIN LATERAL (SELECT * FROM time_off WHERE org_id = $1 AND member_id = m.id
			AND start_at < $3 AND end_at > $4 OFFSET 0) AS t
		ORDER BY t.member_id, t.start_at`
	var r timeOffRow
	dest := []any{&r.ID, &r.OrgID, &r.MemberID, &r.StartAt, &r.EndAt, &r.AllDay, &r.StartDate, &r.EndDate, &r.Reason, &r.CreatedAt}
	var out []store.TimeOff
	err := db.pgRows(ctx, q, []any{orgID, memberIDs, to, from}, dest, func() error {
		out = append(out, timeOffFromRow(r))
		return nil
	})
	return out, err
}

// membersByIDFast reads members without reflection; on PostgreSQL by
// primary key, one lookup per ID: with "org_id = $1 AND id = ANY($2)" the
// planner may walk the whole organization's members_org_id entries, which
// grows with the organization.
func (db *DB) membersByIDFast(ctx context.Context, orgID string, ids []string) ([]store.Member, error) {
	const q = `SELECT r.id, r.org_id, r.name, r.email, r.timezone, r.working_hours, r.zone_overrides, r.created_at, r.updated_at
		FROM unnest($2::text[]) AS m(id)
		CROSS JOIN LATERAL (SELECT * FROM members WHERE id = m.id AND org_id = $1 OFFSET 0) AS r
		ORDER BY r.id`
	var r memberRow
	dest := []any{&r.ID, &r.OrgID, &r.Name, &r.Email, &r.Timezone, &r.WorkingHours, &r.ZoneOverrides, &r.CreatedAt, &r.UpdatedAt}
	rows := make([]memberRow, 0, len(ids))
	each := func() error {
		rows = append(rows, r)
		r.Email = nil
		return nil
	}
	var err error
	if db.dialect == SQLite {
		err = db.sqliteChunks(ctx, `SELECT r.id, r.org_id, r.name, r.email, r.timezone, r.working_hours, r.zone_overrides, r.created_at, r.updated_at
			FROM members AS r WHERE r.org_id = ? AND r.id IN (?) ORDER BY r.id`, orgID, ids, dest, each)
	} else {
		err = db.pgRows(ctx, q, []any{orgID, ids}, dest, each)
	}
	if err != nil {
		return nil, err
	}
	return membersFromRows(rows)
}

// teamMembersPG is ListTeamMembers' page on PostgreSQL, without reflection:
// a large team's first read.
func (db *DB) teamMembersPG(ctx context.Context, teamID string, p store.Page) ([]store.TeamMember, error) {
	limit := p.Limit
	if limit <= 0 {
		limit = 50
	}
	q, args := `SELECT team_id, member_id, required, added_at FROM team_members WHERE team_id = $1 ORDER BY member_id LIMIT $2`, []any{teamID, limit}
	if p.After != "" {
		q, args = `SELECT team_id, member_id, required, added_at FROM team_members WHERE team_id = $1 AND member_id > $3 ORDER BY member_id LIMIT $2`,
			append(args, p.After)
	}
	var r store.TeamMember
	out := make([]store.TeamMember, 0, min(limit, 1024))
	err := db.pgRows(ctx, q, args, []any{&r.TeamID, &r.MemberID, &r.Required, &r.AddedAt}, func() error {
		r.AddedAt = r.AddedAt.UTC()
		out = append(out, r)
		return nil
	})
	return out, err
}
