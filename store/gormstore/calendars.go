package gormstore

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"io"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/overlap/overlap/store"
)

type calendarRow struct {
	ID               string
	OrgID            string
	MemberID         string
	Name             string
	Kind             string
	Source           string
	URL              string `gorm:"column:url"`
	RefreshInterval  int64
	FeedInterval     int64
	ETag             string `gorm:"column:etag"`
	LastModified     string
	ContentHash      string
	LastAttemptAt    *int64
	LastSuccessAt    *int64
	LastErrorCode    string
	LastErrorMessage string
	Failures         int
	NextRefreshAt    *int64
	LeaseOwner       string
	LeaseUntil       int64
	EventCount       int
	IntervalCount    int
	Warnings         string
	WindowStart      int64
	WindowEnd        int64
	CreatedAt        time.Time
	UpdatedAt        time.Time
}

func (calendarRow) TableName() string { return "calendars" }

type calendarBodyRow struct {
	CalendarID string `gorm:"primaryKey"`
	Body       []byte
}

func (calendarBodyRow) TableName() string { return "calendar_bodies" }

func unixPtr(t *time.Time) *int64 {
	if t == nil {
		return nil
	}
	u := t.Unix()
	return &u
}

func timePtr(u *int64) *time.Time {
	if u == nil {
		return nil
	}
	t := time.Unix(*u, 0).UTC()
	return &t
}

func calendarToRow(c *store.Calendar) calendarRow {
	w, _ := json.Marshal(c.Warnings)
	if c.Warnings == nil {
		w = []byte("[]")
	}
	return calendarRow{
		ID: c.ID, OrgID: c.OrgID, MemberID: c.MemberID, Name: c.Name, Kind: string(c.Kind), Source: string(c.Source), URL: c.URL,
		RefreshInterval: int64(c.RefreshInterval / time.Second), FeedInterval: int64(c.FeedInterval / time.Second),
		ETag: c.ETag, LastModified: c.LastModified, ContentHash: c.ContentHash,
		LastAttemptAt: unixPtr(c.LastAttemptAt), LastSuccessAt: unixPtr(c.LastSuccessAt),
		LastErrorCode: c.LastErrorCode, LastErrorMessage: c.LastErrorMessage, Failures: c.Failures,
		NextRefreshAt: unixPtr(c.NextRefreshAt), EventCount: c.EventCount, IntervalCount: c.IntervalCount,
		Warnings: string(w), WindowStart: c.WindowStart.Unix(), WindowEnd: c.WindowEnd.Unix(),
		CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt,
	}
}

func calendarFromRow(r calendarRow) store.Calendar {
	c := store.Calendar{
		ID: r.ID, OrgID: r.OrgID, MemberID: r.MemberID, Name: r.Name, Kind: store.CalendarKind(r.Kind), Source: store.CalendarSource(r.Source), URL: r.URL,
		RefreshInterval: time.Duration(r.RefreshInterval) * time.Second, FeedInterval: time.Duration(r.FeedInterval) * time.Second,
		ETag: r.ETag, LastModified: r.LastModified, ContentHash: r.ContentHash,
		LastAttemptAt: timePtr(r.LastAttemptAt), LastSuccessAt: timePtr(r.LastSuccessAt),
		LastErrorCode: r.LastErrorCode, LastErrorMessage: r.LastErrorMessage, Failures: r.Failures,
		NextRefreshAt: timePtr(r.NextRefreshAt), EventCount: r.EventCount, IntervalCount: r.IntervalCount,
		WindowStart: time.Unix(r.WindowStart, 0).UTC(), WindowEnd: time.Unix(r.WindowEnd, 0).UTC(),
		CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC(),
	}
	if r.Warnings == "[]" { // nearly every calendar: spare a team read a thousand decodes
		c.Warnings = []store.CalendarWarning{}
	} else {
		_ = json.Unmarshal([]byte(r.Warnings), &c.Warnings)
	}
	return c
}

func compress(b []byte) []byte {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestSpeed)
	zw.Write(b)
	zw.Close()
	return buf.Bytes()
}

func decompress(b []byte) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	return io.ReadAll(zr)
}

// CreateCalendar stores a calendar and, when given, its first snapshot.
func (db *DB) CreateCalendar(ctx context.Context, c *store.Calendar, snap *store.Snapshot) error {
	c.ID, c.CreatedAt = newID(), db.now()
	c.UpdatedAt = c.CreatedAt
	return db.gorm.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var n int64
		if err := tx.Model(&memberRow{}).Where("org_id = ? AND id = ?", c.OrgID, c.MemberID).Count(&n).Error; err != nil {
			return translate(err)
		}
		if n == 0 {
			return store.ErrNotFound
		}
		if snap != nil {
			applySnapshot(c, snap)
		}
		row := calendarToRow(c)
		if err := tx.Create(&row).Error; err != nil {
			return translate(err)
		}
		if snap == nil {
			return nil
		}
		return writeSnapshotData(tx, c.ID, c.OrgID, c.MemberID, snap)
	})
}

// applySnapshot copies a snapshot's status into c.
func applySnapshot(c *store.Calendar, s *store.Snapshot) {
	at := s.At.UTC()
	c.ETag, c.LastModified, c.ContentHash = s.ETag, s.LastModified, s.ContentHash
	c.FeedInterval, c.EventCount, c.IntervalCount, c.Warnings = s.FeedInterval, s.EventCount, len(s.Intervals), s.Warnings
	c.WindowStart, c.WindowEnd = s.WindowStart, s.WindowEnd
	c.LastAttemptAt, c.LastSuccessAt = &at, &at
	c.LastErrorCode, c.LastErrorMessage, c.Failures = "", "", 0
	c.NextRefreshAt = s.NextRefreshAt
}

func writeSnapshotData(tx *gorm.DB, calID, orgID, memberID string, s *store.Snapshot) error {
	if err := writeBusyPacks(tx, calID, orgID, memberID, s.Intervals); err != nil {
		return err
	}
	if s.Body == nil {
		return nil
	}
	body := calendarBodyRow{CalendarID: calID, Body: compress(s.Body)}
	return translate(tx.Clauses(clause.OnConflict{
		Columns: []clause.Column{{Name: "calendar_id"}}, DoUpdates: clause.AssignmentColumns([]string{"body"}),
	}).Create(&body).Error)
}

// Calendar returns one calendar.
func (db *DB) Calendar(ctx context.Context, orgID, id string) (store.Calendar, error) {
	var row calendarRow
	err := db.gorm.WithContext(ctx).Where("org_id = ? AND id = ?", orgID, id).Take(&row).Error
	return calendarFromRow(row), translate(err)
}

// ListCalendars lists a member's calendars.
func (db *DB) ListCalendars(ctx context.Context, orgID, memberID string, p store.Page) ([]store.Calendar, error) {
	if _, err := db.Member(ctx, orgID, memberID); err != nil {
		return nil, err
	}
	var rows []calendarRow
	if err := page(db.gorm.WithContext(ctx).Where("org_id = ? AND member_id = ?", orgID, memberID), "id", p).Find(&rows).Error; err != nil {
		return nil, translate(err)
	}
	out := make([]store.Calendar, len(rows))
	for i, r := range rows {
		out[i] = calendarFromRow(r)
	}
	return out, nil
}

// CalendarsOfMembers returns every calendar of these members.
func (db *DB) CalendarsOfMembers(ctx context.Context, orgID string, memberIDs []string) ([]store.Calendar, error) {
	return db.calendarsOfMembersFast(ctx, orgID, memberIDs)
}

// UpdateCalendar saves the calendar's settings.
func (db *DB) UpdateCalendar(ctx context.Context, c *store.Calendar) error {
	c.UpdatedAt = db.now()
	res := db.gorm.WithContext(ctx).Model(&calendarRow{}).Where("org_id = ? AND id = ?", c.OrgID, c.ID).Updates(map[string]any{
		"name": c.Name, "kind": string(c.Kind), "url": c.URL, "refresh_interval": int64(c.RefreshInterval / time.Second),
		"next_refresh_at": unixPtr(c.NextRefreshAt), "updated_at": c.UpdatedAt,
		"etag": c.ETag, "last_modified": c.LastModified, "content_hash": c.ContentHash,
	})
	if res.Error != nil {
		return translate(res.Error)
	}
	if res.RowsAffected == 0 {
		return store.ErrNotFound
	}
	return nil
}

// DeleteCalendar deletes a calendar with its intervals and body.
func (db *DB) DeleteCalendar(ctx context.Context, orgID, id string) error {
	return db.gorm.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		res := tx.Where("org_id = ? AND id = ?", orgID, id).Delete(&calendarRow{})
		if res.Error != nil {
			return translate(res.Error)
		}
		if res.RowsAffected == 0 {
			return store.ErrNotFound
		}
		if err := tx.Where("calendar_id = ?", id).Delete(&busyPackRow{}).Error; err != nil {
			return translate(err)
		}
		return translate(tx.Where("calendar_id = ?", id).Delete(&calendarBodyRow{}).Error)
	})
}

// CalendarBody returns the calendar's last good body.
func (db *DB) CalendarBody(ctx context.Context, id string) ([]byte, error) {
	var row calendarBodyRow
	err := db.gorm.WithContext(ctx).Where("calendar_id = ?", id).Take(&row).Error
	if translate(err) == store.ErrNotFound {
		return nil, nil
	}
	if err != nil {
		return nil, translate(err)
	}
	return decompress(row.Body)
}

// leased restricts an update to the lease holder, when there is one.
func leased(tx *gorm.DB, id, owner string) *gorm.DB {
	q := tx.Model(&calendarRow{}).Where("id = ?", id)
	if owner != "" {
		q = q.Where("lease_owner = ?", owner)
	}
	return q
}

// SaveSnapshot replaces a calendar's intervals and status atomically.
func (db *DB) SaveSnapshot(ctx context.Context, id, leaseOwner string, snap *store.Snapshot) error {
	return db.gorm.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var row calendarRow
		if err := tx.Where("id = ?", id).Take(&row).Error; err != nil {
			return translate(err)
		}
		c := calendarFromRow(row)
		applySnapshot(&c, snap)
		nr := calendarToRow(&c)
		res := leased(tx, id, leaseOwner).Updates(map[string]any{
			"etag": nr.ETag, "last_modified": nr.LastModified, "content_hash": nr.ContentHash, "feed_interval": nr.FeedInterval,
			"event_count": nr.EventCount, "interval_count": nr.IntervalCount, "warnings": nr.Warnings,
			"window_start": nr.WindowStart, "window_end": nr.WindowEnd, "last_attempt_at": nr.LastAttemptAt, "last_success_at": nr.LastSuccessAt,
			"last_error_code": "", "last_error_message": "", "failures": 0, "next_refresh_at": nr.NextRefreshAt,
			"lease_owner": "", "lease_until": 0, "updated_at": db.now(),
		})
		if res.Error != nil {
			return translate(res.Error)
		}
		if res.RowsAffected == 0 {
			return store.ErrNotFound
		}
		return writeSnapshotData(tx, id, row.OrgID, row.MemberID, snap)
	})
}

// SaveAttempt records an attempt that kept the intervals.
func (db *DB) SaveAttempt(ctx context.Context, id, leaseOwner string, a store.Attempt) error {
	at := a.At.UTC().Unix()
	upd := map[string]any{
		"last_attempt_at": at, "next_refresh_at": unixPtr(a.NextRefreshAt),
		"lease_owner": "", "lease_until": 0, "updated_at": db.now(),
	}
	if a.ErrorCode == "" {
		upd["last_success_at"], upd["last_error_code"], upd["last_error_message"], upd["failures"] = at, "", "", 0
	} else {
		upd["last_error_code"], upd["last_error_message"], upd["failures"] = a.ErrorCode, a.Message, gorm.Expr("failures + 1")
	}
	if a.ETag != "" {
		upd["etag"] = a.ETag
	}
	if a.LastModified != "" {
		upd["last_modified"] = a.LastModified
	}
	res := leased(db.gorm.WithContext(ctx), id, leaseOwner).Updates(upd)
	if res.Error != nil {
		return translate(res.Error)
	}
	if res.RowsAffected == 0 {
		return store.ErrNotFound
	}
	return nil
}

// LeaseDueCalendars leases due subscriptions for one refresher.
func (db *DB) LeaseDueCalendars(ctx context.Context, now time.Time, owner string, limit int, lease time.Duration) ([]store.Calendar, error) {
	var rows []calendarRow
	n := now.Unix()
	due := db.gorm.Model(&calendarRow{}).Select("id").
		Where("next_refresh_at IS NOT NULL AND next_refresh_at <= ? AND lease_until < ?", n, n).
		Order("next_refresh_at").Limit(limit)
	if db.dialect == Postgres {
		due = due.Clauses(clause.Locking{Strength: "UPDATE", Options: "SKIP LOCKED"})
	}
	err := db.gorm.WithContext(ctx).Model(&rows).Clauses(clause.Returning{}).
		Where("id IN (?)", due).
		Updates(map[string]any{"lease_owner": owner, "lease_until": now.Add(lease).Unix()}).Error
	if err != nil {
		return nil, translate(err)
	}
	out := make([]store.Calendar, len(rows))
	for i, r := range rows {
		out[i] = calendarFromRow(r)
	}
	return out, nil
}

// CalendarHealth returns the refresh state of every calendar, narrowly.
func (db *DB) CalendarHealth(ctx context.Context) ([]store.Calendar, error) {
	var rows []calendarRow
	err := db.gorm.WithContext(ctx).Model(&calendarRow{}).
		Select("id", "source", "refresh_interval", "feed_interval", "last_success_at", "last_error_code").
		Order("id").Find(&rows).Error
	if err != nil {
		return nil, translate(err)
	}
	out := make([]store.Calendar, len(rows))
	for i, r := range rows {
		out[i] = healthFromRow(r)
	}
	return out, nil
}
