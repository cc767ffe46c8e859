package planner_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/overlap/overlap/planner"
	"github.com/overlap/overlap/scheduler"
	"github.com/overlap/overlap/store"
	"github.com/overlap/overlap/store/gormstore"
	"github.com/overlap/overlap/store/gormstore/testdb"
)

var ctx = context.Background()

// monday is a Monday, 00:00 UTC.
var monday = time.Date(2027, 1, 11, 0, 0, 0, 0, time.UTC)

// fakeImporter records what the planner asks of calendar import.
type fakeImporter struct {
	refreshed, reexpanded, subscribed, uploaded []string
}

func (f *fakeImporter) Subscribe(_ context.Context, c *store.Calendar) error {
	f.subscribed = append(f.subscribed, c.URL)
	return nil
}

func (f *fakeImporter) Upload(_ context.Context, c *store.Calendar, body []byte) error {
	f.uploaded = append(f.uploaded, string(body))
	return nil
}

func (f *fakeImporter) ReplaceUpload(_ context.Context, c store.Calendar, body []byte) (store.Calendar, error) {
	f.uploaded = append(f.uploaded, string(body))
	return c, nil
}

func (f *fakeImporter) Refresh(_ context.Context, c store.Calendar) (store.Calendar, error) {
	f.refreshed = append(f.refreshed, c.ID)
	return c, nil
}

func (f *fakeImporter) Reexpand(_ context.Context, c store.Calendar) (store.Calendar, error) {
	f.reexpanded = append(f.reexpanded, c.ID)
	return c, nil
}

func (f *fakeImporter) Stale(store.Calendar, time.Time) bool { return false }

// world is a SQLite store with one org, a team and its members.
type world struct {
	db    *gormstore.DB
	p     *planner.Planner
	imp   *fakeImporter
	org   store.Org
	team  store.Team
	ids   map[string]string // by name
	other store.Org
}

// newWorld makes a team of members named after their zones, all working
// Monday to Friday 09:00–17:00 local time.
func newWorld(t *testing.T, zones ...string) *world {
	t.Helper()
	now := func() time.Time { return monday }
	w := &world{db: testdb.Open(t, gormstore.SQLite, now), imp: &fakeImporter{}, ids: map[string]string{}}
	w.p = planner.New(w.db, w.imp, now)
	var err error
	if w.org, err = w.db.EnsureOrg(ctx, "acme"); err != nil {
		t.Fatal(err)
	}
	if w.other, err = w.db.EnsureOrg(ctx, "globex"); err != nil {
		t.Fatal(err)
	}
	w.team = store.Team{OrgID: w.org.ID, Name: "T"}
	if err := w.db.CreateTeam(ctx, &w.team); err != nil {
		t.Fatal(err)
	}
	for _, z := range zones {
		m := store.Member{OrgID: w.org.ID, Name: z, Timezone: z, WorkingHours: scheduler.DefaultWeeklyHours()}
		if err := w.db.CreateMember(ctx, &m); err != nil {
			t.Fatal(err)
		}
		if _, err := w.db.PutTeamMember(ctx, w.org.ID, &store.TeamMember{TeamID: w.team.ID, MemberID: m.ID}); err != nil {
			t.Fatal(err)
		}
		w.ids[z] = m.ID
	}
	return w
}

func wantInvalid(t *testing.T, err error, field string) {
	t.Helper()
	var ie *planner.InvalidError
	if !errors.As(err, &ie) || len(ie.Fields) == 0 || ie.Fields[0].Field != field {
		t.Fatalf("error = %v, want an InvalidError naming %s", err, field)
	}
}

func TestResponsePolicy(t *testing.T) {
	w := newWorld(t, "UTC")
	pol, def, err := w.p.ResponsePolicy(ctx, w.org.ID, w.team.ID)
	if err != nil || !def || !cmp.Equal(pol, store.DefaultResponsePolicy()) {
		t.Fatalf("unset policy = %+v, %v, %v; want the default", pol, def, err)
	}
	want := store.DefaultResponsePolicy()
	want.MeetingsBlock = true
	if err := w.p.PutResponsePolicy(ctx, w.org.ID, w.team.ID, want); err != nil {
		t.Fatal(err)
	}
	if pol, def, err = w.p.ResponsePolicy(ctx, w.org.ID, w.team.ID); err != nil || def || !cmp.Equal(pol, want) {
		t.Fatalf("policy = %+v, %v, %v; want %+v", pol, def, err, want)
	}
	if _, _, err := w.p.ResponsePolicy(ctx, w.other.ID, w.team.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("another org's team: %v, want ErrNotFound", err)
	}
}

// A message sent on Monday 10:00 UTC reaches London at work and Tokyo after
// hours: the team's answer is London's, 4 working hours later.
func TestTeamResponseTime(t *testing.T) {
	w := newWorld(t, "Europe/London", "Asia/Tokyo")
	sent := monday.Add(10 * time.Hour)
	r, err := w.p.TeamResponseTime(ctx, w.org.ID, w.team.ID, sent, store.PriorityNormal)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Members) != 2 || r.Best < 0 || r.Members[r.Best].MemberID != w.ids["Europe/London"] {
		t.Fatalf("best = %d of %+v, want London", r.Best, r.Members)
	}
	if got, want := r.Members[r.Best].Answer.RespondBy, sent.Add(4*time.Hour); !got.Equal(want) {
		t.Errorf("respond by %s, want %s", got, want)
	}
	for _, e := range r.Members {
		if len(e.Explanation) == 0 {
			t.Errorf("%s has no explanation", e.Name)
		}
	}
	if r.OnCall != nil {
		t.Errorf("on-call fallback %+v for a normal message", r.OnCall)
	}

	empty := store.Team{OrgID: w.org.ID, Name: "empty"}
	if err := w.db.CreateTeam(ctx, &empty); err != nil {
		t.Fatal(err)
	}
	_, err = w.p.TeamResponseTime(ctx, w.org.ID, empty.ID, sent, store.PriorityNormal)
	wantInvalid(t, err, "team")
	if _, err := w.p.TeamResponseTime(ctx, w.other.ID, w.team.ID, sent, store.PriorityNormal); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("another org's team: %v, want ErrNotFound", err)
	}
}

// An urgent message to someone asleep falls through to whoever is on call.
func TestOnCallFallback(t *testing.T) {
	w := newWorld(t, "Asia/Tokyo", "Europe/London")
	_, err := w.p.PutOnCall(ctx, w.org.ID, w.team.ID, func(team map[string]bool) (store.OnCall, error) {
		if !team[w.ids["Europe/London"]] {
			t.Errorf("team = %v, want London in it", team)
		}
		return store.OnCall{Strategy: "rotation", Members: []string{w.ids["Europe/London"]}, ShiftDays: 7, Handoff: "00:00", Timezone: "UTC", StartDate: "2027-01-04"}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sent := monday.Add(10 * time.Hour) // 19:00 in Tokyo
	r, err := w.p.MemberResponseTime(ctx, w.org.ID, w.ids["Asia/Tokyo"], w.team.ID, sent, store.PriorityUrgent)
	if err != nil {
		t.Fatal(err)
	}
	want := &planner.OnCallAnswer{MemberID: w.ids["Europe/London"], Name: "Europe/London", Timezone: "Europe/London", RespondBy: sent.Add(time.Hour)}
	if diff := cmp.Diff(want, r.OnCall); diff != "" {
		t.Errorf("on call (-want +got):\n%s", diff)
	}
	// Without a team there is no schedule to fall back on.
	if r, err = w.p.MemberResponseTime(ctx, w.org.ID, w.ids["Asia/Tokyo"], "", sent, store.PriorityUrgent); err != nil || r.OnCall != nil {
		t.Errorf("no team: on call %+v, %v", r.OnCall, err)
	}
	now, err := w.p.OnCallAt(ctx, w.org.ID, w.team.ID, sent)
	if err != nil || len(now.Shifts) != 1 || now.Shifts[0].MemberID != w.ids["Europe/London"] || now.Refs[w.ids["Europe/London"]].Name != "Europe/London" {
		t.Errorf("on call at %s = %+v, %v", sent, now, err)
	}
}

func TestOnCallUnset(t *testing.T) {
	w := newWorld(t, "UTC")
	if _, err := w.p.OnCall(ctx, w.org.ID, w.team.ID); !errors.Is(err, planner.ErrNoOnCall) {
		t.Fatalf("unset on-call: %v, want ErrNoOnCall", err)
	}
	if _, err := w.p.TeamShifts(ctx, w.other.ID, w.team.ID, monday, monday.Add(time.Hour)); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("another org's team: %v, want ErrNotFound", err)
	}
}

func TestRotationRefusesWhatDoesNotParse(t *testing.T) {
	good := store.OnCall{Members: []string{"a"}, ShiftDays: 1, Handoff: "09:00", Timezone: "UTC", StartDate: "2027-01-04"}
	if _, err := planner.Rotation(good); err != nil {
		t.Fatal(err)
	}
	for name, mutate := range map[string]func(*store.OnCall){
		"handoff":    func(o *store.OnCall) { o.Handoff = "nine" },
		"start date": func(o *store.OnCall) { o.StartDate = "soon" },
		"timezone":   func(o *store.OnCall) { o.Timezone = "Mars/Olympus" },
	} {
		o := good
		mutate(&o)
		if _, err := planner.Rotation(o); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestRecordExchange(t *testing.T) {
	w := newWorld(t, "Europe/London", "Asia/Tokyo")
	sent := monday.Add(10 * time.Hour)
	bad := store.Exchange{OrgID: w.org.ID, TeamID: w.team.ID, FromMember: w.ids["Asia/Tokyo"], ToMember: "nobody", Priority: store.PriorityNormal, SentAt: sent}
	wantInvalid(t, w.p.RecordExchange(ctx, &bad), "to_member")

	late, early := sent.Add(5*time.Hour), sent.Add(time.Hour)
	for _, answered := range []*time.Time{&late, &early, nil} {
		e := store.Exchange{OrgID: w.org.ID, TeamID: w.team.ID, FromMember: w.ids["Asia/Tokyo"], ToMember: w.ids["Europe/London"],
			Priority: store.PriorityNormal, SentAt: sent, AnsweredAt: answered}
		if err := w.p.RecordExchange(ctx, &e); err != nil {
			t.Fatal(err)
		}
		if e.ExpectedBy == nil || !e.ExpectedBy.Equal(sent.Add(4*time.Hour)) {
			t.Fatalf("expected by %v, want %s", e.ExpectedBy, sent.Add(4*time.Hour))
		}
	}
	a, err := w.p.ExchangeAnalytics(ctx, w.org.ID, w.team.ID, monday, monday.Add(24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	hour := time.Hour
	want := planner.ExchangeStats{Exchanges: 3, Answered: 2, Met: 1, Judged: 2, LateP50: &hour}
	if diff := cmp.Diff(want, a.Overall); diff != "" {
		t.Errorf("overall (-want +got):\n%s", diff)
	}
	if len(a.ByRecipient) != 1 || a.ByRecipient[0].Name != "Europe/London" || a.ByPriority[store.PriorityNormal].Exchanges != 3 {
		t.Errorf("by recipient %+v, by priority %+v", a.ByRecipient, a.ByPriority)
	}
}

func TestUpdateMemberReexpandsOnZoneChange(t *testing.T) {
	w := newWorld(t, "UTC")
	id := w.ids["UTC"]
	cal := store.Calendar{OrgID: w.org.ID, MemberID: id, Kind: store.KindHolidays, Source: store.SourceUpload}
	if err := w.db.CreateCalendar(ctx, &cal, nil); err != nil {
		t.Fatal(err)
	}
	rename := func(m *store.Member) error { m.Name = "Dana"; return nil }
	if _, err := w.p.UpdateMember(ctx, w.org.ID, id, rename); err != nil || len(w.imp.reexpanded) != 0 {
		t.Fatalf("rename: re-read %v, %v; want nothing re-read", w.imp.reexpanded, err)
	}
	move := func(m *store.Member) error { m.Timezone = "Asia/Tokyo"; return nil }
	m, err := w.p.UpdateMember(ctx, w.org.ID, id, move)
	if err != nil || m.Timezone != "Asia/Tokyo" || !cmp.Equal(w.imp.reexpanded, []string{cal.ID}) {
		t.Fatalf("move: %+v, re-read %v, %v", m, w.imp.reexpanded, err)
	}
	refuse := errors.New("refused")
	if _, err := w.p.UpdateMember(ctx, w.org.ID, id, func(*store.Member) error { return refuse }); !errors.Is(err, refuse) {
		t.Fatalf("a refused change: %v", err)
	}
	if _, err := w.p.UpdateMember(ctx, w.other.ID, id, rename); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("another org's member: %v, want ErrNotFound", err)
	}
}

func TestUpdateCalendar(t *testing.T) {
	w := newWorld(t, "UTC")
	cal := store.Calendar{OrgID: w.org.ID, MemberID: w.ids["UTC"], Kind: store.KindBusy, Source: store.SourceURL, URL: "https://example.com/a.ics", ETag: `"1"`}
	if err := w.db.CreateCalendar(ctx, &cal, nil); err != nil {
		t.Fatal(err)
	}
	got, err := w.p.UpdateCalendar(ctx, w.org.ID, cal.ID, func(c *store.Calendar) error { c.RefreshInterval = time.Hour; return nil })
	if err != nil || got.NextRefreshAt == nil || !got.NextRefreshAt.Equal(monday) {
		t.Fatalf("new interval: next refresh %v, %v; want now", got.NextRefreshAt, err)
	}
	if _, err := w.p.UpdateCalendar(ctx, w.org.ID, cal.ID, func(c *store.Calendar) error { c.Kind = store.KindTimeOff; return nil }); err != nil {
		t.Fatal(err)
	}
	got, err = w.p.UpdateCalendar(ctx, w.org.ID, cal.ID, func(c *store.Calendar) error { c.URL = "https://example.com/b.ics"; return nil })
	if err != nil || got.ETag != "" {
		t.Fatalf("new URL: etag %q, %v; want the validators dropped", got.ETag, err)
	}
	if !cmp.Equal(w.imp.reexpanded, []string{cal.ID}) || !cmp.Equal(w.imp.refreshed, []string{cal.ID}) {
		t.Errorf("re-read %v, refreshed %v; want one each", w.imp.reexpanded, w.imp.refreshed)
	}
}

func TestAddCalendar(t *testing.T) {
	w := newWorld(t, "UTC")
	kind := func(c *store.Calendar) error { c.Kind, c.URL = store.KindBusy, "https://example.com/a.ics"; return nil }
	if _, err := w.p.AddCalendar(ctx, w.org.ID, w.ids["UTC"], kind, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := w.p.AddCalendar(ctx, w.org.ID, w.ids["UTC"], kind, []byte("BEGIN:VCALENDAR")); err != nil {
		t.Fatal(err)
	}
	if !cmp.Equal(w.imp.subscribed, []string{"https://example.com/a.ics"}) || !cmp.Equal(w.imp.uploaded, []string{"BEGIN:VCALENDAR"}) {
		t.Errorf("subscribed %v, uploaded %v", w.imp.subscribed, w.imp.uploaded)
	}
	if _, err := w.p.AddCalendar(ctx, w.other.ID, w.ids["UTC"], kind, nil); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("another org's member: %v, want ErrNotFound", err)
	}
	cal := store.Calendar{OrgID: w.org.ID, MemberID: w.ids["UTC"], Kind: store.KindBusy, Source: store.SourceUpload}
	if err := w.db.CreateCalendar(ctx, &cal, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := w.p.ReplaceCalendarFile(ctx, w.org.ID, cal.ID, []byte("v2")); err != nil || w.imp.uploaded[len(w.imp.uploaded)-1] != "v2" {
		t.Fatalf("replace: uploaded %v, %v", w.imp.uploaded, err)
	}
	if _, err := w.p.RefreshCalendar(ctx, w.other.ID, cal.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("refresh another org's calendar: %v, want ErrNotFound", err)
	}
	if _, err := planner.New(w.db, nil, nil).RefreshCalendar(ctx, w.org.ID, cal.ID); !errors.Is(err, planner.ErrNoImporter) {
		t.Fatalf("refresh without import: %v, want ErrNoImporter", err)
	}
}

func TestTeamQuestionQuorum(t *testing.T) {
	w := newWorld(t, "UTC", "Europe/Berlin", "Asia/Tokyo")
	q := planner.Question{From: monday, To: monday.Add(24 * time.Hour), Percentage: 50}
	if _, err := w.p.Ask(ctx, w.org.ID, planner.ForTeam(w.team.ID), &q); err != nil || q.Quorum != 2 {
		t.Fatalf("50%% of 3: quorum %d, %v; want 2", q.Quorum, err)
	}
	q = planner.Question{From: monday, To: monday.Add(24 * time.Hour), Quorum: 4}
	_, err := w.p.Ask(ctx, w.org.ID, planner.ForTeam(w.team.ID), &q)
	wantInvalid(t, err, "quorum")
	r, err := w.p.Overlap(ctx, w.org.ID, planner.ForTeam(w.team.ID), planner.Question{From: monday, To: monday.Add(24 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	// UTC and Tokyo never share working hours.
	if r.Quorum != 3 || r.Question.MinDuration != planner.DefaultMinDuration || len(r.Windows) != 0 || r.EmptyReason != planner.EmptyNoCommonHours {
		t.Errorf("overlap = quorum %d, min %s, %d windows, reason %q", r.Quorum, r.Question.MinDuration, len(r.Windows), r.EmptyReason)
	}
}

func TestRenderFeed(t *testing.T) {
	w := newWorld(t, "UTC")
	f := store.Feed{OrgID: w.org.ID, Kind: store.FeedMemberBusy, MemberID: w.ids["UTC"], TokenHash: []byte("hash-1"),
		Options: store.FeedOptions{Horizon: planner.DefaultFeedHorizon, Past: planner.DefaultFeedPast}}
	if _, err := w.p.PublishFeed(ctx, &f); err != nil {
		t.Fatal(err)
	}
	now := monday.Add(10 * time.Hour)
	ics, hit, err := w.p.RenderFeed(ctx, f, planner.FormatICS, now)
	if err != nil || hit || len(ics.Body) == 0 || ics.ETag == "" || !ics.Stamp.Equal(now) {
		t.Fatalf("first render: hit %v, %d bytes, etag %q, stamp %s, %v", hit, len(ics.Body), ics.ETag, ics.Stamp, err)
	}
	again, hit, err := w.p.RenderFeed(ctx, f, planner.FormatICS, now.Add(time.Second))
	if err != nil || !hit || again != ics {
		t.Fatalf("second render within the TTL: hit %v, %v; want the cached feed", hit, err)
	}
	if _, hit, _ = w.p.RenderFeed(ctx, f, planner.FormatICS, now.Add(2*time.Minute)); hit {
		t.Error("a render past the cache TTL was a hit")
	}
	ifb, _, err := w.p.RenderFeed(ctx, f, planner.FormatFreeBusy, now)
	if err != nil || ifb.ETag == ics.ETag {
		t.Fatalf("free/busy: %v, etag %q", err, ifb.ETag)
	}
	if got := ifb.Encoded(func(b []byte) []byte { return append([]byte("x"), b...) }); len(got) != len(ifb.Body)+1 {
		t.Errorf("encoded %d bytes, want %d", len(got), len(ifb.Body)+1)
	}
	f.Kind = store.FeedMemberAvailability
	if _, _, err := w.p.RenderFeed(ctx, f, planner.FormatFreeBusy, now); !errors.Is(err, planner.ErrFormatUnsupported) {
		t.Fatalf("free/busy of an availability feed: %v, want ErrFormatUnsupported", err)
	}
}

// A team's member list is kept between requests, but never answers after
// a change to the team's places, made through this planner, another one
// (another replica) or the store; on both databases.
func TestTeamListNeverOutlivesAChange(t *testing.T) {
	for _, d := range testdb.Dialects {
		t.Run(string(d), func(t *testing.T) {
			db := testdb.Open(t, d, func() time.Time { return monday })
			org, err := db.EnsureOrg(ctx, "acme")
			if err != nil {
				t.Fatal(err)
			}
			team := store.Team{OrgID: org.ID, Name: "T"}
			if err := db.CreateTeam(ctx, &team); err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, name := range []string{"a", "b", "c"} {
				m := store.Member{OrgID: org.ID, Name: name, Timezone: "UTC", WorkingHours: scheduler.DefaultWeeklyHours()}
				if err := db.CreateMember(ctx, &m); err != nil {
					t.Fatal(err)
				}
				ids = append(ids, m.ID)
			}
			one, two := planner.New(db, nil, nil), planner.New(db, nil, nil)
			members := func(p *planner.Planner) (got []string) {
				t.Helper()
				in, err := p.Team(ctx, org.ID, team.ID, monday, monday.AddDate(0, 0, 1))
				if err != nil {
					t.Fatal(err)
				}
				for _, m := range in.Members {
					got = append(got, fmt.Sprintf("%s:%v", m.ID, m.Required))
				}
				return got
			}
			want := func(step string, p *planner.Planner, places ...string) {
				t.Helper()
				if got := members(p); !cmp.Equal(places, got, cmpopts.EquateEmpty()) {
					t.Errorf("%s: members %v, want %v", step, got, places)
				}
			}
			put := func(id string, required bool) {
				t.Helper()
				if _, err := db.PutTeamMember(ctx, org.ID, &store.TeamMember{TeamID: team.ID, MemberID: id, Required: required}); err != nil {
					t.Fatal(err)
				}
			}
			want("empty", one)
			put(ids[0], false)
			want("one added", one, ids[0]+":false")
			want("the same, again", one, ids[0]+":false")
			want("the other replica", two, ids[0]+":false")
			put(ids[1], true)
			want("another added", one, ids[0]+":false", ids[1]+":true")
			put(ids[0], true)
			want("made required", one, ids[0]+":true", ids[1]+":true")
			if err := db.RemoveTeamMember(ctx, org.ID, team.ID, ids[1]); err != nil {
				t.Fatal(err)
			}
			want("removed", two, ids[0]+":true")
			want("removed, seen by the first", one, ids[0]+":true")
			if err := db.DeleteMember(ctx, org.ID, ids[0]); err != nil {
				t.Fatal(err)
			}
			want("member deleted", one)
			if err := db.DeleteTeam(ctx, org.ID, team.ID); err != nil {
				t.Fatal(err)
			}
			if _, err := one.Team(ctx, org.ID, team.ID, monday, monday.AddDate(0, 0, 1)); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("deleted team: %v, want ErrNotFound", err)
			}
		})
	}
}
