package gormstore

import (
	"cmp"
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/overlap/overlap/store"
)

// pgRows runs a query on PostgreSQL through pgx's own interface (binary rows,
// no reflection): the team reads return a row per member of a large team.
func (db *DB) pgRows(ctx context.Context, q string, args []any, dest []any, each func() error) error {
	if err := checkArgs(args); err != nil { // this path bypasses the GORM guard
		return err
	}
	for i, a := range args {
		if ids, ok := a.([]string); ok {
			args[i] = textArray(ids)
		}
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

// textArray is ids as a PostgreSQL array literal, sent as text: built in
// one allocation, where pgx's own encoding of a []string costs several per
// element (a large team's reads each send a thousand IDs). Every element
// is quoted, so no ID can read as more than one.
func textArray(ids []string) string {
	n := 2
	for _, id := range ids {
		n += len(id) + 3
	}
	var b strings.Builder
	b.Grow(n)
	b.WriteByte('{')
	for i, id := range ids {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('"')
		for j := 0; j < len(id); j++ {
			if c := id[j]; c == '"' || c == '\\' {
				b.WriteByte('\\')
			}
			b.WriteByte(id[j])
		}
		b.WriteByte('"')
	}
	b.WriteByte('}')
	return b.String()
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

// membersByIDFast reads members without reflection, with (when health is
// not nil) their calendars' health from the copy on each member's row
// (migration 00009); on PostgreSQL by primary key, one lookup per ID: with
// "org_id = $1 AND id = ANY($2)" the planner may walk the whole
// organization's members_org_id entries, which grows with the organization.
func (db *DB) membersByIDFast(ctx context.Context, orgID string, ids []string, health *[]store.Calendar) ([]store.Member, error) {
	cols := `r.id, r.org_id, r.name, r.email, r.timezone, r.working_hours, r.zone_overrides, r.created_at, r.updated_at`
	var r memberRow
	var lines string
	dest := []any{&r.ID, &r.OrgID, &r.Name, &r.Email, &r.Timezone, &r.WorkingHours, &r.ZoneOverrides, &r.CreatedAt, &r.UpdatedAt}
	if health != nil {
		cols += `, r.calendar_health`
		dest = append(dest, &lines)
	}
	rows := make([]memberRow, 0, len(ids))
	var healthErr error
	each := func() error {
		rows = append(rows, r)
		r.Email = nil
		if health != nil && lines != "" && healthErr == nil {
			*health, healthErr = appendHealth(*health, r.ID, lines)
		}
		return nil
	}
	var err error
	if db.dialect == SQLite {
		err = db.sqliteChunks(ctx, `SELECT `+cols+` FROM members AS r WHERE r.org_id = ? AND r.id IN (?) ORDER BY r.id`, orgID, ids, dest, each)
	} else {
		err = db.pgRows(ctx, `SELECT `+cols+`
			FROM unnest($2::text[]) AS m(id)
			CROSS JOIN LATERAL (SELECT * FROM members WHERE id = m.id AND org_id = $1 OFFSET 0) AS r
			ORDER BY r.id`, []any{orgID, ids}, dest, each)
	}
	if err == nil {
		err = healthErr
	}
	if err != nil {
		return nil, err
	}
	return membersFromRows(rows)
}

// memberSchedulesPG is MemberSchedules on PostgreSQL: one lateral lookup
// per member, as membersByIDFast, with no allocation per row beyond the
// member's ID, name and calendar IDs (zone names and working hours are
// shared between members).
func (db *DB) memberSchedulesPG(ctx context.Context, orgID string, ids []string) ([]store.Member, []store.Calendar, error) {
	const q = `SELECT r.id, r.name, r.timezone, r.working_hours, r.zone_overrides, r.calendar_health
		FROM unnest($2::text[]) AS m(id)
		CROSS JOIN LATERAL (SELECT * FROM members WHERE id = m.id AND org_id = $1 OFFSET 0) AS r
		ORDER BY r.id`
	var (
		id, name                  string
		zone, hours, ovs, healthB pgtype.DriverBytes // valid until the next row
	)
	members := make([]store.Member, 0, len(ids))
	health := make([]store.Calendar, 0, len(ids))
	zones := map[string]string{}
	err := db.pgRows(ctx, q, []any{orgID, ids}, []any{&id, &name, &zone, &hours, &ovs, &healthB}, func() error {
		m := store.Member{ID: id, OrgID: orgID, Name: name}
		var ok bool
		if m.Timezone, ok = zones[string(zone)]; !ok {
			m.Timezone = string(zone)
			zones[m.Timezone] = m.Timezone
		}
		var err error
		if m.WorkingHours, err = sharedHours(hours); err != nil {
			return fmt.Errorf("member %s: working hours: %w", id, err)
		}
		if m.ZoneOverrides, err = decodeOverrides(id, string(ovs)); err != nil {
			return err
		}
		if len(healthB) > 0 {
			if health, err = appendHealth(health, id, string(healthB)); err != nil {
				return err
			}
		}
		members = append(members, m)
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	return members, health, nil
}

// appendHealth appends the calendars of one member's calendar_health lines
// (see migration 00009: id, source, refresh and feed intervals in seconds,
// last success in Unix seconds or empty, last error code; tab-separated)
// with the fields CalendarHealthOf reads.
func appendHealth(dst []store.Calendar, memberID, lines string) ([]store.Calendar, error) {
	for line := range strings.SplitSeq(lines, "\n") {
		var f [6]string
		rest := line
		for k := range f {
			if k == len(f)-1 {
				f[k] = rest
				break
			}
			var ok bool
			if f[k], rest, ok = strings.Cut(rest, "\t"); !ok {
				return dst, fmt.Errorf("member %s: calendar health %q: want 6 fields", memberID, line)
			}
		}
		refresh, err1 := strconv.ParseInt(f[2], 10, 64)
		feed, err2 := strconv.ParseInt(f[3], 10, 64)
		c := store.Calendar{ID: f[0], MemberID: memberID, Source: store.CalendarSource(f[1]),
			RefreshInterval: time.Duration(refresh) * time.Second, FeedInterval: time.Duration(feed) * time.Second, LastErrorCode: f[5]}
		var err3 error
		if f[4] != "" {
			var at int64
			at, err3 = strconv.ParseInt(f[4], 10, 64)
			c.LastSuccessAt = timePtr(&at)
		}
		if err := cmp.Or(err1, err2, err3); err != nil {
			return dst, fmt.Errorf("member %s: calendar health %q: %w", memberID, line, err)
		}
		dst = append(dst, c)
	}
	return dst, nil
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
