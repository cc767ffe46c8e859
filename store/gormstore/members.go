package gormstore

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/overlap/overlap/scheduler"
	"github.com/overlap/overlap/store"
)

type overrideJSON struct {
	From     string `json:"from"`
	To       string `json:"to"`
	Timezone string `json:"timezone"`
}

func memberToRow(m *store.Member) (memberRow, error) {
	wh, err := json.Marshal(m.WorkingHours)
	if err != nil {
		return memberRow{}, err
	}
	ovs := make([]overrideJSON, len(m.ZoneOverrides))
	for i, o := range m.ZoneOverrides {
		ovs[i] = overrideJSON{From: o.From.String(), To: o.To.String(), Timezone: o.Timezone}
	}
	zo, err := json.Marshal(ovs)
	if err != nil {
		return memberRow{}, err
	}
	var email *string
	if e := strings.TrimSpace(m.Email); e != "" {
		email = &e
	}
	return memberRow{
		ID: m.ID, OrgID: m.OrgID, Name: m.Name, Email: email, Timezone: m.Timezone,
		WorkingHours: string(wh), ZoneOverrides: string(zo), CreatedAt: m.CreatedAt, UpdatedAt: m.UpdatedAt,
	}, nil
}

func memberFromRow(r memberRow) (store.Member, error) {
	m := store.Member{ID: r.ID, OrgID: r.OrgID, Name: r.Name, Timezone: r.Timezone,
		CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC()}
	if r.Email != nil {
		m.Email = *r.Email
	}
	var err error
	if m.WorkingHours, err = decodeHours(r.WorkingHours); err != nil {
		return m, fmt.Errorf("member %s: working hours: %w", r.ID, err)
	}
	m.ZoneOverrides, err = decodeOverrides(r.ID, r.ZoneOverrides)
	return m, err
}

// decodeOverrides decodes a member's stored zone overrides.
func decodeOverrides(memberID, s string) ([]store.ZoneOverride, error) {
	if s == "[]" || s == "null" {
		return nil, nil // none, as nearly always: spares a large team's read a JSON decode per member
	}
	var ovs []overrideJSON
	if err := json.Unmarshal([]byte(s), &ovs); err != nil {
		return nil, fmt.Errorf("member %s: zone overrides: %w", memberID, err)
	}
	var out []store.ZoneOverride
	for _, o := range ovs {
		from, err1 := scheduler.ParseDate(o.From)
		to, err2 := scheduler.ParseDate(o.To)
		if err1 != nil || err2 != nil {
			return nil, fmt.Errorf("member %s: bad zone override dates", memberID)
		}
		out = append(out, store.ZoneOverride{From: from, To: to, Timezone: o.Timezone})
	}
	return out, nil
}

func membersFromRows(rows []memberRow) ([]store.Member, error) {
	out := make([]store.Member, 0, len(rows))
	for _, r := range rows {
		m, err := memberFromRow(r)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, nil
}

// CreateMember stores a new member.
func (db *DB) CreateMember(ctx context.Context, m *store.Member) error {
	m.ID = newID()
	m.CreatedAt = db.now()
	m.UpdatedAt = m.CreatedAt
	row, err := memberToRow(m)
	if err != nil {
		return err
	}
	return translate(db.gorm.WithContext(ctx).Create(&row).Error)
}

// Member returns one member.
func (db *DB) Member(ctx context.Context, orgID, id string) (store.Member, error) {
	var row memberRow
	if err := db.gorm.WithContext(ctx).Where("org_id = ? AND id = ?", orgID, id).Take(&row).Error; err != nil {
		return store.Member{}, translate(err)
	}
	return memberFromRow(row)
}

// ListMembers lists members by ID.
func (db *DB) ListMembers(ctx context.Context, orgID string, p store.Page) ([]store.Member, error) {
	var rows []memberRow
	if err := page(db.gorm.WithContext(ctx).Where("org_id = ?", orgID), "id", p).Find(&rows).Error; err != nil {
		return nil, translate(err)
	}
	return membersFromRows(rows)
}

// MembersByID returns the org's members with these IDs, ordered by ID.
func (db *DB) MembersByID(ctx context.Context, orgID string, ids []string) ([]store.Member, error) {
	return db.membersByIDFast(ctx, orgID, ids, nil)
}

// MemberSchedules returns the org's members with these IDs, ordered by ID,
// with what a schedule needs (ID, OrgID, Name, Timezone, WorkingHours,
// ZoneOverrides; the other fields are left empty, and members sharing
// working hours share their slices: read them only), and their calendars as
// CalendarHealthOf returns them (in no promised order), in one read: a
// large team's first read.
func (db *DB) MemberSchedules(ctx context.Context, orgID string, ids []string) ([]store.Member, []store.Calendar, error) {
	if db.dialect == Postgres {
		return db.memberSchedulesPG(ctx, orgID, ids)
	}
	health := make([]store.Calendar, 0, len(ids))
	members, err := db.membersByIDFast(ctx, orgID, ids, &health)
	if err != nil {
		return nil, nil, err
	}
	for i := range members {
		members[i].Email, members[i].CreatedAt, members[i].UpdatedAt = "", time.Time{}, time.Time{}
	}
	return members, health, nil
}

// UpdateMember replaces a member's fields.
func (db *DB) UpdateMember(ctx context.Context, m *store.Member) error {
	m.UpdatedAt = db.now()
	row, err := memberToRow(m)
	if err != nil {
		return err
	}
	res := db.gorm.WithContext(ctx).Model(&memberRow{}).Where("org_id = ? AND id = ?", m.OrgID, m.ID).
		Select("name", "email", "timezone", "working_hours", "zone_overrides", "updated_at").Updates(&row)
	if res.Error != nil {
		return translate(res.Error)
	}
	if res.RowsAffected == 0 {
		return store.ErrNotFound
	}
	return nil
}

// DeleteMember deletes a member; time off and team places go with it.
func (db *DB) DeleteMember(ctx context.Context, orgID, id string) error {
	return db.gorm.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if db.dialect == Postgres {
			// The member's calendars first, then the member: the order in
			// which a calendar change locks them (its trigger updates the
			// member's health copy, migration 00009). The other order could
			// deadlock with a refresh saving one of these calendars.
			if err := tx.Exec(`SELECT 1 FROM calendars WHERE org_id = ? AND member_id = ? ORDER BY id FOR UPDATE`, orgID, id).Error; err != nil {
				return translate(err)
			}
		}
		res := tx.Where("org_id = ? AND id = ?", orgID, id).Delete(&memberRow{})
		if res.Error != nil {
			return translate(res.Error)
		}
		if res.RowsAffected == 0 {
			return store.ErrNotFound
		}
		// The foreign keys cascade too; deleting explicitly keeps SQLite
		// databases opened without foreign_keys(1) clean.
		if err := tx.Where("member_id = ?", id).Delete(&teamMemberRow{}).Error; err != nil {
			return translate(err)
		}
		return translate(tx.Where("member_id = ?", id).Delete(&timeOffRow{}).Error)
	})
}

// Whole-day time off is indexed by a UTC superset of its local days: the
// earliest zone is UTC+14, the latest UTC-12.
const (
	earliestOffset = 14 * time.Hour
	latestOffset   = 12 * time.Hour
)

func timeOffToRow(t *store.TimeOff) timeOffRow {
	row := timeOffRow{ID: t.ID, OrgID: t.OrgID, MemberID: t.MemberID, AllDay: t.AllDay, Reason: t.Reason, CreatedAt: t.CreatedAt}
	if t.AllDay {
		row.StartDate, row.EndDate = t.StartDate.String(), t.EndDate.String()
		s := time.Date(t.StartDate.Year, t.StartDate.Month, t.StartDate.Day, 0, 0, 0, 0, time.UTC).Add(-earliestOffset)
		e := time.Date(t.EndDate.Year, t.EndDate.Month, t.EndDate.Day+1, 0, 0, 0, 0, time.UTC).Add(latestOffset)
		row.StartAt, row.EndAt = s.Unix(), e.Unix()
	} else {
		row.StartAt, row.EndAt = t.Start.Unix(), t.End.Unix()
	}
	return row
}

func timeOffFromRow(r timeOffRow) store.TimeOff {
	t := store.TimeOff{ID: r.ID, OrgID: r.OrgID, MemberID: r.MemberID, AllDay: r.AllDay, Reason: r.Reason, CreatedAt: r.CreatedAt.UTC()}
	if r.AllDay {
		t.StartDate, _ = scheduler.ParseDate(r.StartDate)
		t.EndDate, _ = scheduler.ParseDate(r.EndDate)
	} else {
		t.Start, t.End = time.Unix(r.StartAt, 0).UTC(), time.Unix(r.EndAt, 0).UTC()
	}
	return t
}

// CreateTimeOff stores an absence of an existing member.
func (db *DB) CreateTimeOff(ctx context.Context, t *store.TimeOff) error {
	if _, err := db.Member(ctx, t.OrgID, t.MemberID); err != nil {
		return err
	}
	t.ID, t.CreatedAt = newID(), db.now()
	row := timeOffToRow(t)
	return translate(db.gorm.WithContext(ctx).Create(&row).Error)
}

// ListTimeOff lists a member's time off by ID.
func (db *DB) ListTimeOff(ctx context.Context, orgID, memberID string, p store.Page) ([]store.TimeOff, error) {
	if _, err := db.Member(ctx, orgID, memberID); err != nil {
		return nil, err
	}
	var rows []timeOffRow
	if err := page(db.gorm.WithContext(ctx).Where("org_id = ? AND member_id = ?", orgID, memberID), "id", p).Find(&rows).Error; err != nil {
		return nil, translate(err)
	}
	out := make([]store.TimeOff, len(rows))
	for i, r := range rows {
		out[i] = timeOffFromRow(r)
	}
	return out, nil
}

// TimeOffBetween returns time off of these members that may overlap [from, to).
func (db *DB) TimeOffBetween(ctx context.Context, orgID string, memberIDs []string, from, to time.Time) ([]store.TimeOff, error) {
	toS := unixCeil(to)
	if db.dialect == Postgres {
		return db.timeOffBetweenPG(ctx, orgID, memberIDs, from.Unix(), toS)
	}
	var out []store.TimeOff
	for start := 0; start < len(memberIDs); start += 500 {
		chunk := memberIDs[start:min(start+500, len(memberIDs))]
		var rows []timeOffRow
		err := db.gorm.WithContext(ctx).
			Where("org_id = ? AND member_id IN ? AND start_at < ? AND end_at > ?", orgID, chunk, toS, from.Unix()).
			Order("member_id, start_at").Find(&rows).Error
		if err != nil {
			return nil, translate(err)
		}
		for _, r := range rows {
			out = append(out, timeOffFromRow(r))
		}
	}
	return out, nil
}

// DeleteTimeOff deletes one entry of a member's time off.
func (db *DB) DeleteTimeOff(ctx context.Context, orgID, memberID, id string) error {
	res := db.gorm.WithContext(ctx).Where("org_id = ? AND member_id = ? AND id = ?", orgID, memberID, id).Delete(&timeOffRow{})
	if res.Error != nil {
		return translate(res.Error)
	}
	if res.RowsAffected == 0 {
		return store.ErrNotFound
	}
	return nil
}
