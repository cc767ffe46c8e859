package planner

import (
	"cmp"
	"context"
	"errors"
	"time"

	"github.com/overlap/overlap/store"
)

// UpdateMember changes a member with apply (which validates the change) and
// saves it. When the member's zone changed, their calendars are read again:
// all-day and floating events are read in the member's zone. ErrNotFound,
// ErrConflict (a duplicate email).
func (p *Planner) UpdateMember(ctx context.Context, orgID, id string, apply func(*store.Member) error) (store.Member, error) {
	m, err := p.store.Member(ctx, orgID, id)
	if err != nil {
		return m, err
	}
	zone := m.Timezone
	if err := apply(&m); err != nil {
		return m, err
	}
	if err := p.store.UpdateMember(ctx, &m); err != nil {
		return m, err
	}
	if m.Timezone == zone || p.importer == nil {
		return m, nil
	}
	cals, err := p.store.CalendarsOfMembers(ctx, m.OrgID, []string{m.ID})
	if err != nil {
		return m, err
	}
	for _, c := range cals {
		if _, err := p.importer.Reexpand(ctx, c); err != nil {
			return m, err
		}
	}
	return m, nil
}

// ErrNoImporter is returned when a calendar is added to a planner without
// calendar import.
var ErrNoImporter = errors.New("calendar import is not configured")

// AddCalendar gives a member a calendar that apply fills in (and validates):
// the uploaded body when there is one, else a subscription to its URL,
// fetched once before it returns. ErrNotFound for another org's member.
func (p *Planner) AddCalendar(ctx context.Context, orgID, memberID string, apply func(*store.Calendar) error, body []byte) (store.Calendar, error) {
	m, err := p.store.Member(ctx, orgID, memberID)
	if err != nil {
		return store.Calendar{}, err
	}
	cal := store.Calendar{OrgID: m.OrgID, MemberID: m.ID}
	if err := apply(&cal); err != nil {
		return cal, err
	}
	switch {
	case p.importer == nil:
		return cal, ErrNoImporter
	case body != nil:
		return cal, p.importer.Upload(ctx, &cal, body)
	}
	return cal, p.importer.Subscribe(ctx, &cal)
}

// RefreshCalendar fetches a subscribed calendar now; ErrNotFound.
func (p *Planner) RefreshCalendar(ctx context.Context, orgID, id string) (store.Calendar, error) {
	return p.withCalendar(ctx, orgID, id, func(ctx context.Context, c store.Calendar) (store.Calendar, error) {
		return p.importer.Refresh(ctx, c)
	})
}

// ReplaceCalendarFile replaces an uploaded calendar's file, all or nothing;
// ErrNotFound.
func (p *Planner) ReplaceCalendarFile(ctx context.Context, orgID, id string, body []byte) (store.Calendar, error) {
	return p.withCalendar(ctx, orgID, id, func(ctx context.Context, c store.Calendar) (store.Calendar, error) {
		return p.importer.ReplaceUpload(ctx, c, body)
	})
}

// withCalendar loads one of the org's calendars and hands it to import.
func (p *Planner) withCalendar(ctx context.Context, orgID, id string, f func(context.Context, store.Calendar) (store.Calendar, error)) (store.Calendar, error) {
	cal, err := p.store.Calendar(ctx, orgID, id)
	if err != nil || p.importer == nil {
		return cal, cmp.Or(err, ErrNoImporter)
	}
	return f(ctx, cal)
}

// MemberBusy lists a member's imported busy intervals that overlap
// [from, to); ErrNotFound for another org's member.
func (p *Planner) MemberBusy(ctx context.Context, orgID, memberID string, from, to time.Time) ([]store.BusyInterval, error) {
	if _, err := p.store.Member(ctx, orgID, memberID); err != nil {
		return nil, err
	}
	return p.store.BusyBetween(ctx, orgID, []string{memberID}, from, to)
}

// UpdateCalendar changes a calendar with apply (which validates the change)
// and saves it. A new URL drops the old conditional-GET validators and is
// fetched at once; a new refresh interval is due now; a new kind re-reads
// the stored body (what its events mean changed). ErrNotFound.
func (p *Planner) UpdateCalendar(ctx context.Context, orgID, id string, apply func(*store.Calendar) error) (store.Calendar, error) {
	cal, err := p.store.Calendar(ctx, orgID, id)
	if err != nil {
		return cal, err
	}
	before := cal
	if err := apply(&cal); err != nil {
		return cal, err
	}
	if cal.URL != before.URL {
		cal.ETag, cal.LastModified, cal.ContentHash = "", "", ""
	}
	if cal.RefreshInterval != before.RefreshInterval && cal.Source == store.SourceURL {
		now := p.now()
		cal.NextRefreshAt = &now // the refresher picks it up with the new interval
	}
	if err := p.store.UpdateCalendar(ctx, &cal); err != nil {
		return cal, err
	}
	switch {
	case p.importer == nil:
	case cal.URL != before.URL:
		return p.importer.Refresh(ctx, cal)
	case cal.Kind != before.Kind:
		return p.importer.Reexpand(ctx, cal)
	}
	return cal, nil
}
