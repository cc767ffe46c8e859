package storetest

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/overlap/overlap/scheduler"
	"github.com/overlap/overlap/store"
)

func calendarTests() []namedTest {
	return []namedTest{
		{"CalendarSnapshots", testCalendarSnapshots},
		{"CalendarLeases", testCalendarLeases},
		{"CalendarsScopedToOrg", testCalendarsScoped},
		{"CalendarHealth", testCalendarHealth},
		{"TeamReadsMatchSingleReads", testTeamReads},
		{"MemberHealthCopy", testMemberHealthCopy},
		{"LargeTeamBusyReads", testLargeTeamBusyReads},
	}
}

func at(h int) time.Time { return time.Date(2027, 1, 11, h, 0, 0, 0, time.UTC) }

func busy(start, end int, uid string) store.BusyInterval {
	return store.BusyInterval{Start: at(start), End: at(end), Kind: "busy", UID: uid}
}

func testCalendarSnapshots(t *testing.T, s store.Store) {
	org := mustOrg(t, s, "acme")
	m := mustMember(t, s, org.ID, "A", "")
	next := at(20)
	cal := store.Calendar{OrgID: org.ID, MemberID: m.ID, Name: "work", Kind: store.KindBusy, Source: store.SourceURL, URL: "https://example.com/a.ics"}
	snap := &store.Snapshot{Body: []byte("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"), ETag: `"v1"`, ContentHash: "h1", EventCount: 2,
		Warnings:  []store.CalendarWarning{{Code: "component_skipped", Message: "bad DTSTART"}},
		Intervals: []store.BusyInterval{busy(9, 10, "a"), busy(12, 13, "b")}, At: at(1), NextRefreshAt: &next,
		WindowStart: at(0).AddDate(0, 0, -30), WindowEnd: at(0).AddDate(1, 0, 0)}
	if err := s.CreateCalendar(ctx, &cal, snap); err != nil {
		t.Fatal(err)
	}
	got, err := s.Calendar(ctx, org.ID, cal.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.ETag != `"v1"` || got.EventCount != 2 || got.IntervalCount != 2 || len(got.Warnings) != 1 || got.LastSuccessAt == nil || !got.NextRefreshAt.Equal(next) {
		t.Fatalf("calendar after create = %+v", got)
	}
	body, err := s.CalendarBody(ctx, cal.ID)
	if err != nil || string(body) != string(snap.Body) {
		t.Fatalf("CalendarBody = %q, %v", body, err)
	}
	b, err := s.BusyBetween(ctx, org.ID, []string{m.ID}, at(9).Add(30*time.Minute), at(12))
	if err != nil || len(b) != 1 || b[0].UID != "a" || !b[0].Start.Equal(at(9)) || b[0].CalendarID != cal.ID {
		t.Fatalf("BusyBetween = %+v, %v", b, err)
	}
	spans, err := s.BusySpans(ctx, org.ID, []string{m.ID}, at(9).Add(30*time.Minute), at(12))
	if err != nil || len(spans) != 1 || spans[0].MemberID != m.ID || !spans[0].End.Equal(at(10)) || spans[0].Kind != "busy" {
		t.Fatalf("BusySpans = %+v, %v", spans, err)
	}
	blocks, err := s.BusyBlocks(ctx, org.ID, []string{"unknown", m.ID}, at(9).Add(30*time.Minute), at(13))
	if err != nil || len(blocks) != 2 || len(blocks[0]) != 0 || len(blocks[1]) != 2 || blocks[1][0].Reason.Status() != scheduler.StatusBusy {
		t.Fatalf("BusyBlocks = %+v, %v", blocks, err)
	}
	if spans, _ := s.BusySpans(ctx, "other-org", []string{m.ID}, at(0), at(23)); len(spans) != 0 {
		t.Fatal("BusySpans ignores the organization")
	}
	// A failure keeps the intervals.
	if err := s.SaveAttempt(ctx, cal.ID, "", store.Attempt{At: at(2), ErrorCode: "timeout", Message: "the feed did not answer"}); err != nil {
		t.Fatal(err)
	}
	got, _ = s.Calendar(ctx, org.ID, cal.ID)
	if got.LastErrorCode != "timeout" || got.Failures != 1 || !got.LastSuccessAt.Equal(at(1)) || !got.LastAttemptAt.Equal(at(2)) {
		t.Fatalf("after failure = %+v", got)
	}
	if b, _ := s.BusyBetween(ctx, org.ID, []string{m.ID}, at(0), at(23)); len(b) != 2 {
		t.Fatalf("failure lost intervals: %d left", len(b))
	}
	// A new snapshot replaces them and clears the error.
	snap2 := &store.Snapshot{ETag: `"v2"`, ContentHash: "h2", Intervals: []store.BusyInterval{busy(15, 16, "c")}, At: at(3)}
	if err := s.SaveSnapshot(ctx, cal.ID, "", snap2); err != nil {
		t.Fatal(err)
	}
	got, _ = s.Calendar(ctx, org.ID, cal.ID)
	if got.LastErrorCode != "" || got.Failures != 0 || got.ETag != `"v2"` || got.IntervalCount != 1 {
		t.Fatalf("after snapshot = %+v", got)
	}
	if b, _ := s.BusyBetween(ctx, org.ID, []string{m.ID}, at(0), at(23)); len(b) != 1 || b[0].UID != "c" {
		t.Fatalf("after snapshot busy = %+v", b)
	}
	if body, _ := s.CalendarBody(ctx, cal.ID); string(body) != string(snap.Body) {
		t.Fatal("a snapshot without a body must keep the stored body")
	}
	list, err := s.ListCalendars(ctx, org.ID, m.ID, store.Page{Limit: 10})
	if err != nil || len(list) != 1 {
		t.Fatalf("ListCalendars = %v, %v", list, err)
	}
	if err := s.DeleteCalendar(ctx, org.ID, cal.ID); err != nil {
		t.Fatal(err)
	}
	if b, _ := s.BusyBetween(ctx, org.ID, []string{m.ID}, at(0), at(23)); len(b) != 0 {
		t.Fatal("intervals survived their calendar")
	}
	wantErr(t, "delete twice", s.DeleteCalendar(ctx, org.ID, cal.ID), store.ErrNotFound)
}

func testCalendarLeases(t *testing.T, s store.Store) {
	org := mustOrg(t, s, "acme")
	m := mustMember(t, s, org.ID, "A", "")
	due, later := at(8), at(18)
	for _, next := range []*time.Time{&due, &due, &later, nil} {
		c := store.Calendar{OrgID: org.ID, MemberID: m.ID, Kind: store.KindBusy, Source: store.SourceURL, URL: "https://example.com", NextRefreshAt: next}
		if err := s.CreateCalendar(ctx, &c, nil); err != nil {
			t.Fatal(err)
		}
	}
	a, err := s.LeaseDueCalendars(ctx, at(9), "replica-a", 10, time.Minute)
	if err != nil || len(a) != 2 {
		t.Fatalf("first lease = %d calendars, %v; want the 2 due", len(a), err)
	}
	b, err := s.LeaseDueCalendars(ctx, at(9), "replica-b", 10, time.Minute)
	if err != nil || len(b) != 0 {
		t.Fatalf("second replica leased %d calendars already held", len(b))
	}
	// Only the lease holder may finish.
	wantErr(t, "finish by another owner", s.SaveAttempt(ctx, a[0].ID, "replica-b", store.Attempt{At: at(9)}), store.ErrNotFound)
	next := at(10)
	if err := s.SaveAttempt(ctx, a[0].ID, "replica-a", store.Attempt{At: at(9), NextRefreshAt: &next}); err != nil {
		t.Fatal(err)
	}
	// An expired lease may be taken over.
	c, err := s.LeaseDueCalendars(ctx, at(9).Add(2*time.Minute), "replica-b", 10, time.Minute)
	if err != nil || len(c) != 1 || c[0].ID != a[1].ID {
		t.Fatalf("takeover after expiry = %+v, %v", c, err)
	}
	// At 11:00 both are due again (b's lease lapsed): the longest overdue first.
	d, _ := s.LeaseDueCalendars(ctx, at(11), "replica-c", 1, time.Minute)
	if len(d) != 1 || d[0].ID != a[1].ID {
		t.Fatalf("limit 1 at 11:00 = %+v", d)
	}
}

func testCalendarsScoped(t *testing.T, s store.Store) {
	org := mustOrg(t, s, "acme")
	other := mustOrg(t, s, "globex")
	m := mustMember(t, s, org.ID, "A", "")
	c := store.Calendar{OrgID: other.ID, MemberID: m.ID, Kind: store.KindBusy, Source: store.SourceUpload}
	wantErr(t, "calendar for other org's member", s.CreateCalendar(ctx, &c, nil), store.ErrNotFound)
	c.OrgID = org.ID
	if err := s.CreateCalendar(ctx, &c, &store.Snapshot{Intervals: []store.BusyInterval{busy(9, 10, "a")}, At: at(1)}); err != nil {
		t.Fatal(err)
	}
	_, err := s.Calendar(ctx, other.ID, c.ID)
	wantErr(t, "read other org's calendar", err, store.ErrNotFound)
	wantErr(t, "delete other org's calendar", s.DeleteCalendar(ctx, other.ID, c.ID), store.ErrNotFound)
	upd := c
	upd.OrgID = other.ID
	wantErr(t, "update other org's calendar", s.UpdateCalendar(ctx, &upd), store.ErrNotFound)
	if b, _ := s.BusyBetween(ctx, other.ID, []string{m.ID}, at(0), at(23)); len(b) != 0 {
		t.Fatal("another org reads the member's busy time")
	}
	_, err = s.ListCalendars(ctx, other.ID, m.ID, store.Page{Limit: 10})
	wantErr(t, "list other org's member calendars", err, store.ErrNotFound)
}

func testCalendarHealth(t *testing.T, s store.Store) {
	org, other := mustOrg(t, s, "acme"), mustOrg(t, s, "globex")
	a, b := mustMember(t, s, org.ID, "A", ""), mustMember(t, s, other.ID, "B", "")
	ok := store.Calendar{OrgID: org.ID, MemberID: a.ID, Kind: store.KindBusy, Source: store.SourceURL, URL: "https://example.com/a", RefreshInterval: 2 * time.Hour}
	if err := s.CreateCalendar(ctx, &ok, &store.Snapshot{At: at(9), Body: []byte("x")}); err != nil {
		t.Fatal(err)
	}
	failing := store.Calendar{OrgID: other.ID, MemberID: b.ID, Kind: store.KindBusy, Source: store.SourceURL, URL: "https://example.com/b",
		LastErrorCode: "http_status", LastErrorMessage: "404"}
	if err := s.CreateCalendar(ctx, &failing, nil); err != nil {
		t.Fatal(err)
	}
	got, err := s.CalendarHealth(ctx)
	if err != nil || len(got) != 2 {
		t.Fatalf("CalendarHealth = %d calendars, %v; want both organizations' 2", len(got), err)
	}
	byID := map[string]store.Calendar{got[0].ID: got[0], got[1].ID: got[1]}
	if c := byID[ok.ID]; c.Source != store.SourceURL || c.RefreshInterval != 2*time.Hour || c.LastSuccessAt == nil || !c.LastSuccessAt.Equal(at(9)) || c.LastErrorCode != "" {
		t.Errorf("healthy calendar = %+v", c)
	}
	if c := byID[failing.ID]; c.LastErrorCode != "http_status" || c.LastSuccessAt != nil {
		t.Errorf("failing calendar = %+v", c)
	}
}

// The reads of a whole team (MembersByID, CalendarsOfMembers) give exactly
// what reading each member and calendar alone gives.
func testTeamReads(t *testing.T, s store.Store) {
	org := mustOrg(t, s, "acme")
	a := mustMember(t, s, org.ID, "A", "a@example.com")
	b := store.Member{OrgID: org.ID, Name: "B", Timezone: "Asia/Tokyo", WorkingHours: scheduler.WeeklyHours{1: {{Start: 60, End: 120}}},
		ZoneOverrides: []store.ZoneOverride{{From: scheduler.Date{Year: 2027, Month: 1, Day: 4}, To: scheduler.Date{Year: 2027, Month: 1, Day: 8}, Timezone: "UTC"}}}
	if err := s.CreateMember(ctx, &b); err != nil {
		t.Fatal(err)
	}
	next := at(20)
	c1 := store.Calendar{OrgID: org.ID, MemberID: a.ID, Name: "work", Kind: store.KindBusy, Source: store.SourceURL, URL: "https://example.com/a.ics", RefreshInterval: time.Hour}
	c2 := store.Calendar{OrgID: org.ID, MemberID: b.ID, Kind: store.KindHolidays, Source: store.SourceUpload}
	snap := &store.Snapshot{ETag: `"v1"`, EventCount: 1, Warnings: []store.CalendarWarning{{Code: "x", Message: "y"}},
		Intervals: []store.BusyInterval{busy(9, 10, "a")}, At: at(1), NextRefreshAt: &next, WindowStart: at(0), WindowEnd: at(23)}
	if err := s.CreateCalendar(ctx, &c1, snap); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateCalendar(ctx, &c2, nil); err != nil {
		t.Fatal(err)
	}
	members, err := s.MembersByID(ctx, org.ID, []string{b.ID, a.ID})
	if err != nil || len(members) != 2 {
		t.Fatalf("MembersByID = %v, %v", members, err)
	}
	cals, err := s.CalendarsOfMembers(ctx, org.ID, []string{b.ID, a.ID})
	if err != nil || len(cals) != 2 {
		t.Fatalf("CalendarsOfMembers = %v, %v", cals, err)
	}
	for _, m := range members {
		one, err := s.Member(ctx, org.ID, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(one, m); diff != "" {
			t.Errorf("MembersByID differs from Member (-one +team):\n%s", diff)
		}
	}
	for _, c := range cals {
		one, err := s.Calendar(ctx, org.ID, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(one, c); diff != "" {
			t.Errorf("CalendarsOfMembers differs from Calendar (-one +team):\n%s", diff)
		}
	}
	health, err := s.CalendarHealthOf(ctx, org.ID, []string{b.ID, a.ID, "nobody"})
	if err != nil || len(health) != 2 {
		t.Fatalf("CalendarHealthOf = %v, %v", health, err)
	}
	for i, c := range cals {
		want := store.Calendar{ID: c.ID, MemberID: c.MemberID, Source: c.Source, RefreshInterval: c.RefreshInterval,
			FeedInterval: c.FeedInterval, LastSuccessAt: c.LastSuccessAt, LastErrorCode: c.LastErrorCode}
		if diff := cmp.Diff(want, health[i]); diff != "" {
			t.Errorf("CalendarHealthOf (-want +got):\n%s", diff)
		}
	}
	if other, err := s.CalendarHealthOf(ctx, "other-org", []string{a.ID}); err != nil || len(other) != 0 {
		t.Errorf("CalendarHealthOf ignores the organization: %v, %v", other, err)
	}
}

// The health copy on each member's row (MemberSchedules) follows every
// change to a calendar: it always equals CalendarHealthOf; the members'
// schedules are MembersByID's.
func testMemberHealthCopy(t *testing.T, s store.Store) {
	org := mustOrg(t, s, "acme")
	other := mustOrg(t, s, "other")
	a := mustMember(t, s, org.ID, "A", "a@example.com")
	b := mustMember(t, s, org.ID, "B", "b@example.com")
	c := mustMember(t, s, org.ID, "C", "") // never has a calendar
	b.Timezone, b.WorkingHours = "Asia/Tokyo", scheduler.WeeklyHours{1: {{Start: 60, End: 120}}, 3: {{Start: 0, End: 1440}}}
	b.ZoneOverrides = []store.ZoneOverride{{From: scheduler.Date{Year: 2027, Month: 1, Day: 4}, To: scheduler.Date{Year: 2027, Month: 1, Day: 8}, Timezone: "UTC"}}
	if err := s.UpdateMember(ctx, &b); err != nil {
		t.Fatal(err)
	}
	stranger := mustMember(t, s, other.ID, "S", "s@example.com")
	ids := []string{a.ID, b.ID, c.ID, stranger.ID, "nobody"}
	byID := func(cs []store.Calendar) []store.Calendar {
		cs = slices.Clone(cs)
		slices.SortFunc(cs, func(x, y store.Calendar) int { return strings.Compare(x.ID, y.ID) })
		return cs
	}
	same := func(step string) {
		t.Helper()
		members, health, err := s.MemberSchedules(ctx, org.ID, ids)
		if err != nil || len(members) != 3 {
			t.Fatalf("%s: MemberSchedules = %d members, %v", step, len(members), err)
		}
		plain, err := s.MembersByID(ctx, org.ID, ids)
		if err != nil {
			t.Fatal(err)
		}
		for i := range plain {
			plain[i].Email, plain[i].CreatedAt, plain[i].UpdatedAt = "", time.Time{}, time.Time{}
		}
		if diff := cmp.Diff(plain, members, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("%s: schedules differ from MembersByID (-plain +schedules):\n%s", step, diff)
		}
		want, err := s.CalendarHealthOf(ctx, org.ID, ids)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(byID(want), byID(health), cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("%s: health differs from CalendarHealthOf (-want +got):\n%s", step, diff)
		}
	}
	same("no calendars")
	next := at(20)
	url := store.Calendar{OrgID: org.ID, MemberID: a.ID, Kind: store.KindBusy, Source: store.SourceURL, URL: "https://example.com/a.ics", RefreshInterval: time.Hour}
	snap := &store.Snapshot{ETag: `"v1"`, EventCount: 1, Intervals: []store.BusyInterval{busy(9, 10, "a")}, At: at(1),
		NextRefreshAt: &next, WindowStart: at(0), WindowEnd: at(23), FeedInterval: 30 * time.Minute}
	if err := s.CreateCalendar(ctx, &url, snap); err != nil {
		t.Fatal(err)
	}
	same("a subscription")
	upload := store.Calendar{OrgID: org.ID, MemberID: a.ID, Kind: store.KindHolidays, Source: store.SourceUpload}
	if err := s.CreateCalendar(ctx, &upload, nil); err != nil {
		t.Fatal(err)
	}
	holidays := store.Calendar{OrgID: org.ID, MemberID: b.ID, Kind: store.KindHolidays, Source: store.SourceUpload}
	if err := s.CreateCalendar(ctx, &holidays, nil); err != nil {
		t.Fatal(err)
	}
	same("two members, three calendars")
	if err := s.SaveAttempt(ctx, url.ID, "", store.Attempt{At: at(2), ErrorCode: "timeout", Message: "no answer"}); err != nil {
		t.Fatal(err)
	}
	same("a failed refresh")
	url.RefreshInterval = 4 * time.Hour
	if err := s.UpdateCalendar(ctx, &url); err != nil {
		t.Fatal(err)
	}
	same("a new refresh interval")
	snap.At, snap.FeedInterval = at(3), time.Hour
	if err := s.SaveSnapshot(ctx, url.ID, "", snap); err != nil {
		t.Fatal(err)
	}
	same("a successful refresh")
	// Refreshes of two calendars of one member at once: each rebuilds the
	// member's copy, and neither may lose the other's change.
	for round := range 10 {
		var wg sync.WaitGroup
		for k, id := range []string{url.ID, upload.ID} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				code := fmt.Sprintf("code_%d_%d", round, k)
				if err := s.SaveAttempt(ctx, id, "", store.Attempt{At: at(4), ErrorCode: code, Message: "m"}); err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		same(fmt.Sprintf("two refreshes at once, round %d", round))
	}
	if err := s.DeleteCalendar(ctx, org.ID, upload.ID); err != nil {
		t.Fatal(err)
	}
	same("a calendar deleted")
	if err := s.DeleteMember(ctx, org.ID, b.ID); err != nil {
		t.Fatal(err)
	}
	members, health, err := s.MemberSchedules(ctx, org.ID, ids)
	if err != nil || len(members) != 2 || len(health) != 1 || health[0].ID != url.ID {
		t.Errorf("after a member deleted: %d members, health %+v, %v", len(members), health, err)
	}
}

// A large team's busy reads (read in parts on some stores) give each
// member exactly what reading that member alone gives, in the order asked.
func testLargeTeamBusyReads(t *testing.T, s store.Store) {
	org := mustOrg(t, s, "acme")
	const n = 450 // more than gormstore's packReadSplit
	ids := make([]string, 0, n+1)
	for i := range n {
		m := mustMember(t, s, org.ID, fmt.Sprint("m", i), "")
		ids = append(ids, m.ID)
		if i%7 == 3 {
			continue // no calendar
		}
		var ivs []store.BusyInterval
		for k := range i % 5 {
			start := at(0).Add(time.Duration(i%11)*time.Hour + time.Duration(k)*49*time.Hour) // a few buckets
			ivs = append(ivs, store.BusyInterval{Start: start, End: start.Add(time.Duration(k+1) * 30 * time.Minute), Kind: "busy", UID: fmt.Sprint(i, "-", k)})
		}
		c := store.Calendar{OrgID: org.ID, MemberID: m.ID, Kind: store.KindBusy, Source: store.SourceUpload}
		if err := s.CreateCalendar(ctx, &c, &store.Snapshot{Intervals: ivs, At: at(0), WindowStart: at(-48), WindowEnd: at(24 * 60)}); err != nil {
			t.Fatal(err)
		}
	}
	ids = append(ids, "nobody")
	slices.Reverse(ids) // not in ID order
	from, to := at(-24), at(24*40)
	team, err := s.BusyBlocks(ctx, org.ID, ids, from, to)
	if err != nil || len(team) != len(ids) {
		t.Fatalf("BusyBlocks = %d lists, %v", len(team), err)
	}
	spans, err := s.BusySpans(ctx, org.ID, ids, from, to)
	if err != nil {
		t.Fatal(err)
	}
	var wantSpans []store.BusyInterval
	for i, id := range ids {
		one, err := s.BusyBlocks(ctx, org.ID, []string{id}, from, to)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(one[0], team[i], cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("member %d: BusyBlocks of the team differs from the member's own (-own +team):\n%s", i, diff)
		}
		oneSpans, err := s.BusySpans(ctx, org.ID, []string{id}, from, to)
		if err != nil {
			t.Fatal(err)
		}
		wantSpans = append(wantSpans, oneSpans...)
	}
	if diff := cmp.Diff(wantSpans, spans, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("BusySpans of the team differs from the members' own (-own +team):\n%s", diff)
	}
}
