// Package planner is the application layer: it owns every use case (load
// from the store, call the scheduler, assemble the answer), so that the JSON
// handlers, the web pages and the published feeds each make a single call
// and a rule lives in one place. It loads members with their working hours,
// time off, holidays and calendar busy time as scheduler.Member values for
// one window, and builds the answers from them.
package planner

import (
	"context"
	"fmt"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/overlap/overlap/scheduler"
	"github.com/overlap/overlap/store"
)

// Store is the storage the planner reads.
type Store interface {
	Member(ctx context.Context, orgID, id string) (store.Member, error)
	Team(ctx context.Context, orgID, id string) (store.Team, error)
	ListTeamMembers(ctx context.Context, orgID, teamID string, p store.Page) ([]store.TeamMember, error)
	TeamMembersVersion(ctx context.Context, orgID, teamID string) (int64, error)
	PutTeamMember(ctx context.Context, orgID string, tm *store.TeamMember) (bool, error)
	MembersByID(ctx context.Context, orgID string, ids []string) ([]store.Member, error)
	MemberSchedules(ctx context.Context, orgID string, ids []string) ([]store.Member, []store.Calendar, error)
	TimeOffBetween(ctx context.Context, orgID string, memberIDs []string, from, to time.Time) ([]store.TimeOff, error)
	BusyBetween(ctx context.Context, orgID string, memberIDs []string, from, to time.Time) ([]store.BusyInterval, error)
	BusyBlocks(ctx context.Context, orgID string, memberIDs []string, from, to time.Time) ([][]scheduler.Busy, error)
	CalendarHealthOf(ctx context.Context, orgID string, memberIDs []string) ([]store.Calendar, error)
	CalendarsOfMembers(ctx context.Context, orgID string, memberIDs []string) ([]store.Calendar, error)
	store.TeamSettings
	store.Exchanges
	UpdateMember(ctx context.Context, m *store.Member) error
	Calendar(ctx context.Context, orgID, id string) (store.Calendar, error)
	CreateFeed(ctx context.Context, f *store.Feed) error
	store.Meetings
	UpdateCalendar(ctx context.Context, c *store.Calendar) error
}

// Importer is the calendar import the planner drives when a change means
// imported calendars must be read again.
type Importer interface {
	// Subscribe creates a subscription and fetches it once.
	Subscribe(ctx context.Context, c *store.Calendar) error
	// Upload stores an uploaded calendar, all or nothing.
	Upload(ctx context.Context, c *store.Calendar, body []byte) error
	// ReplaceUpload replaces an uploaded calendar's file.
	ReplaceUpload(ctx context.Context, c store.Calendar, body []byte) (store.Calendar, error)
	// Refresh fetches a subscribed calendar now.
	Refresh(ctx context.Context, c store.Calendar) (store.Calendar, error)
	// Reexpand reads a calendar's stored body again.
	Reexpand(ctx context.Context, c store.Calendar) (store.Calendar, error)
	// Stale says whether a calendar's data can no longer be trusted.
	Stale(c store.Calendar, now time.Time) bool
}

// Planner is the application layer: every use case of the API, the web
// view and the published feeds.
type Planner struct {
	store    Store
	importer Importer // nil: no import (every calendar fresh, nothing re-read)
	now      func() time.Time
	feeds    feedCache
	places   placeCache
}

// New returns a planner. imp re-reads and judges imported calendars; nil
// treats every calendar as fresh and never re-reads one.
func New(s Store, imp Importer, now func() time.Time) *Planner {
	if now == nil {
		now = time.Now
	}
	return &Planner{store: s, importer: imp, now: now}
}

func (p *Planner) stale(c store.Calendar, now time.Time) bool {
	return p.importer != nil && p.importer.Stale(c, now)
}

// Input is a set of members ready for the scheduler, in a stable order.
type Input struct {
	Members []scheduler.Member
	// Zones are the members' home zones, by member ID.
	Zones map[string]*time.Location
	// Names are the members' names, by member ID.
	Names map[string]string
	// Stale lists members whose calendar data is stale, by member ID.
	Stale map[string]bool
}

// StaleIDs lists the stale members in input order.
func (in *Input) StaleIDs() []string {
	out := []string{}
	for _, m := range in.Members {
		if in.Stale[m.ID] {
			out = append(out, m.ID)
		}
	}
	return out
}

// Member loads one member for [from, to).
func (p *Planner) Member(ctx context.Context, m store.Member, from, to time.Time) (*Input, error) {
	return p.build(ctx, m.OrgID, []string{m.ID}, func(ctx context.Context) ([]store.Member, []store.Calendar, error) {
		cals, err := p.store.CalendarHealthOf(ctx, m.OrgID, []string{m.ID})
		return []store.Member{m}, cals, err
	}, nil, from, to)
}

// Team loads a team's members for [from, to), with their required flags.
// ErrNotFound when the team is not the org's.
func (p *Planner) Team(ctx context.Context, orgID, teamID string, from, to time.Time) (*Input, error) {
	ids, required, err := p.teamPlaces(ctx, orgID, teamID)
	if err != nil {
		return nil, err
	}
	return p.build(ctx, orgID, ids, func(ctx context.Context) ([]store.Member, []store.Calendar, error) {
		return p.store.MemberSchedules(ctx, orgID, ids)
	}, required, from, to)
}

// teamPlaces lists a team's member IDs, every page, with their required
// flags; ErrNotFound for another org's team. The list is kept between
// requests (placeCache) under the team's members version, which every
// change to its places raises: each call reads the version (one lookup by
// key) and reads the list again only when it changed, so no call answers
// with a list older than the version it read, whichever replica changed
// it. The slice and map returned are shared: only read them.
func (p *Planner) teamPlaces(ctx context.Context, orgID, teamID string) ([]string, map[string]bool, error) {
	version, err := p.store.TeamMembersVersion(ctx, orgID, teamID)
	if err != nil {
		return nil, nil, err
	}
	if ids, required, ok := p.places.get(orgID, teamID, version); ok {
		return ids, required, nil
	}
	required := map[string]bool{}
	var ids []string
	page := store.Page{Limit: 5000} // a large team in one read: a full page costs another
	for {
		tms, err := p.store.ListTeamMembers(ctx, orgID, teamID, page)
		if err != nil {
			return nil, nil, err
		}
		for _, tm := range tms {
			ids = append(ids, tm.MemberID)
			required[tm.MemberID] = tm.Required
		}
		if len(tms) < page.Limit {
			break
		}
		page.After = tms[len(tms)-1].MemberID
	}
	// Read after the version: a change made meanwhile is in the list, or
	// raised the version past the one it is kept under.
	p.places.put(orgID, teamID, version, ids, required)
	return ids, required, nil
}

// placeCache keeps teams' member lists by organization, team and members
// version: at most placeCacheTeams lists and placeCacheIDs member IDs in
// all (any list is dropped to make room; a list longer than that is not
// kept).
type placeCache struct {
	mu      sync.Mutex
	entries map[[2]string]placeEntry
	ids     int // member IDs kept, over all entries
}

const (
	placeCacheTeams = 1024
	placeCacheIDs   = 250_000 // ~25 MB with the required flags
)

type placeEntry struct {
	version  int64
	ids      []string
	required map[string]bool
}

func (pc *placeCache) get(orgID, teamID string, version int64) ([]string, map[string]bool, bool) {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	e, ok := pc.entries[[2]string{orgID, teamID}]
	if !ok || e.version != version {
		return nil, nil, false
	}
	return e.ids, e.required, true
}

func (pc *placeCache) put(orgID, teamID string, version int64, ids []string, required map[string]bool) {
	if len(ids) > placeCacheIDs {
		return
	}
	pc.mu.Lock()
	defer pc.mu.Unlock()
	if pc.entries == nil {
		pc.entries = map[[2]string]placeEntry{}
	}
	key := [2]string{orgID, teamID}
	if old, ok := pc.entries[key]; ok {
		pc.ids -= len(old.ids)
		delete(pc.entries, key)
	}
	for k, e := range pc.entries {
		if len(pc.entries) < placeCacheTeams && pc.ids+len(ids) <= placeCacheIDs {
			break
		}
		pc.ids -= len(e.ids)
		delete(pc.entries, k)
	}
	pc.entries[key] = placeEntry{version, ids, required}
	pc.ids += len(ids)
}

// build loads the members ids for [from, to), in the order loadMembers
// returns them (it may leave out members that are gone) with their
// calendars' health; the other reads run meanwhile.
func (p *Planner) build(ctx context.Context, orgID string, ids []string, loadMembers func(context.Context) ([]store.Member, []store.Calendar, error),
	required map[string]bool, from, to time.Time) (*Input, error) {
	if len(ids) == 0 {
		return &Input{Zones: map[string]*time.Location{}, Names: map[string]string{}, Stale: map[string]bool{}}, nil
	}
	// Sized for every member: growing them is most of this function's time
	// for a large team.
	in := &Input{Zones: make(map[string]*time.Location, len(ids)), Names: make(map[string]string, len(ids)), Stale: map[string]bool{}}
	// Three independent reads: on PostgreSQL they run at once.
	var (
		members []store.Member
		timeOff []store.TimeOff
		busy    [][]scheduler.Busy
		cals    []store.Calendar
	)
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() (err error) { members, cals, err = loadMembers(gctx); return })
	g.Go(func() (err error) { timeOff, err = p.store.TimeOffBetween(gctx, orgID, ids, from, to); return })
	g.Go(func() (err error) { busy, err = p.store.BusyBlocks(gctx, orgID, ids, from, to); return })
	if err := g.Wait(); err != nil {
		return nil, err
	}
	if len(members) == 0 {
		return in, nil
	}
	now := p.now()
	for _, c := range cals {
		if p.stale(c, now) {
			in.Stale[c.MemberID] = true
		}
	}
	in.Members = make([]scheduler.Member, 0, len(members))
	var pos map[string]int // ids' positions, when members do not come in ids' order
	for j, m := range members {
		k := j
		if k >= len(ids) || ids[k] != m.ID {
			if pos == nil {
				pos = make(map[string]int, len(ids))
				for i, id := range ids {
					pos[id] = i
				}
			}
			var ok bool
			if k, ok = pos[m.ID]; !ok {
				return nil, fmt.Errorf("member %s: not among the members asked", m.ID)
			}
		}
		sched, err := Schedule(m)
		if err != nil {
			return nil, err
		}
		in.Zones[m.ID], in.Names[m.ID] = sched.Loc, m.Name
		in.Members = append(in.Members, scheduler.Member{ID: m.ID, Schedule: sched, Busy: busy[k], Required: required[m.ID]})
	}
	idx := make(map[string]int, len(in.Members))
	for i, m := range in.Members {
		idx[m.ID] = i
	}
	for _, t := range timeOff {
		i, ok := idx[t.MemberID]
		if !ok {
			continue // a member removed meanwhile
		}
		s, e := Span(t, in.Members[i].Schedule.Loc)
		in.Members[i].Blocks = append(in.Members[i].Blocks, scheduler.Block{Start: s, End: e, Reason: scheduler.StatusTimeOff})
	}
	return in, nil
}

// Schedule converts a member's stored working time.
func Schedule(m store.Member) (scheduler.Schedule, error) {
	loc, err := scheduler.LoadZone(m.Timezone)
	if err != nil {
		return scheduler.Schedule{}, fmt.Errorf("member %s: %w", m.ID, err)
	}
	s := scheduler.Schedule{Loc: loc, Weekly: m.WorkingHours}
	for _, o := range m.ZoneOverrides {
		ol, err := scheduler.LoadZone(o.Timezone)
		if err != nil {
			return scheduler.Schedule{}, fmt.Errorf("member %s: %w", m.ID, err)
		}
		s.Overrides = append(s.Overrides, scheduler.ZoneOverride{From: o.From, To: o.To, Loc: ol})
	}
	return s, nil
}

// Span is the UTC interval an absence covers for a member whose home zone is
// loc: whole days run from local midnight to local midnight.
func Span(t store.TimeOff, loc *time.Location) (time.Time, time.Time) {
	if !t.AllDay {
		return t.Start, t.End
	}
	return scheduler.LocalMidnight(t.StartDate, loc), scheduler.LocalMidnight(t.EndDate.AddDays(1), loc)
}
