package scheduler

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"pgregory.net/rapid"
)

// officeIn is a member working Monday to Friday, 09:00–17:00 in zone.
func officeIn(t testing.TB, id, zoneName string, blocks ...Block) Member {
	return Member{ID: id, Blocks: blocks,
		Schedule: Schedule{Loc: zone(t, zoneName), Weekly: DefaultWeeklyHours()}}
}

// wait is a Wait between two RFC 3339 instants.
func wait(s, e string, r Status) Wait { return Wait{at(s), at(e), r} }

func TestRespondBy(t *testing.T) {
	night := Member{ID: "night", Schedule: Schedule{Loc: time.UTC,
		Weekly: on(Range{hm(22, 0), hm(6, 0)}, 1, 2, 3, 4, 5)}}
	meetings := []Block{{at("2024-06-10T10:00:00Z"), at("2024-06-10T11:00:00Z"), StatusBusy}}
	cases := []struct {
		name   string
		m      Member
		opts   ResponseOptions
		sent   string
		within time.Duration
		clock  Clock
		want   Answer // SentAt is filled in
	}{
		{
			name: "Friday afternoon in Berlin, answered after spring forward",
			m:    officeIn(t, "b", "Europe/Berlin"), sent: "2024-03-29T15:00:00Z", within: 2 * time.Hour,
			want: Answer{FirstAvailableAt: at("2024-03-29T15:00:00Z"), RespondBy: at("2024-04-01T08:00:00Z"), Found: true},
		},
		{
			name: "target reached exactly at the end of the working day",
			m:    officeIn(t, "b", "Europe/Berlin"), sent: "2024-03-30T12:00:00Z", within: 8 * time.Hour,
			want: Answer{FirstAvailableAt: at("2024-04-01T07:00:00Z"), RespondBy: at("2024-04-01T15:00:00Z"), Found: true,
				Waits: []Wait{wait("2024-03-30T12:00:00Z", "2024-04-01T07:00:00Z", StatusOutsideHours)}},
		},
		{
			name: "calendar clock ignores hours",
			m:    officeIn(t, "b", "Europe/Berlin"), sent: "2024-03-30T12:00:00Z", within: 8 * time.Hour, clock: ClockCalendar,
			want: Answer{FirstAvailableAt: at("2024-04-01T07:00:00Z"), RespondBy: at("2024-03-30T20:00:00Z"), Found: true,
				Waits: []Wait{wait("2024-03-30T12:00:00Z", "2024-04-01T07:00:00Z", StatusOutsideHours)}},
		},
		{
			name: "holiday on Monday",
			m: officeIn(t, "b", "Europe/Berlin",
				Block{at("2024-03-31T22:00:00Z"), at("2024-04-01T22:00:00Z"), StatusHoliday}),
			sent: "2024-03-29T15:30:00Z", within: time.Hour,
			want: Answer{FirstAvailableAt: at("2024-03-29T15:30:00Z"), RespondBy: at("2024-04-02T07:30:00Z"), Found: true},
		},
		{
			name: "holiday on Monday explained",
			m: officeIn(t, "b", "Europe/Berlin",
				Block{at("2024-03-31T22:00:00Z"), at("2024-04-01T22:00:00Z"), StatusHoliday}),
			sent: "2024-03-30T10:00:00Z",
			want: Answer{FirstAvailableAt: at("2024-04-02T07:00:00Z"), RespondBy: at("2024-04-02T07:00:00Z"), Found: true,
				Waits: []Wait{
					wait("2024-03-30T10:00:00Z", "2024-03-31T22:00:00Z", StatusOutsideHours),
					wait("2024-03-31T22:00:00Z", "2024-04-01T22:00:00Z", StatusHoliday),
					wait("2024-04-01T22:00:00Z", "2024-04-02T07:00:00Z", StatusOutsideHours),
				}},
		},
		{
			name: "time off spanning a weekend",
			m: officeIn(t, "u", "UTC",
				Block{at("2024-06-14T12:00:00Z"), at("2024-06-18T12:00:00Z"), StatusTimeOff}),
			sent: "2024-06-14T10:00:00Z", within: 4 * time.Hour,
			want: Answer{FirstAvailableAt: at("2024-06-14T10:00:00Z"), RespondBy: at("2024-06-18T14:00:00Z"), Found: true},
		},
		{
			name: "time off outranks the weekend",
			m: officeIn(t, "u", "UTC",
				Block{at("2024-06-14T12:00:00Z"), at("2024-06-18T12:00:00Z"), StatusTimeOff}),
			sent: "2024-06-15T09:00:00Z", within: time.Minute,
			want: Answer{FirstAvailableAt: at("2024-06-18T12:00:00Z"), RespondBy: at("2024-06-18T12:01:00Z"), Found: true,
				Waits: []Wait{wait("2024-06-15T09:00:00Z", "2024-06-18T12:00:00Z", StatusTimeOff)}},
		},
		{
			name: "night shift past midnight",
			m:    night, sent: "2024-06-11T05:00:00Z", within: 3 * time.Hour,
			want: Answer{FirstAvailableAt: at("2024-06-11T05:00:00Z"), RespondBy: at("2024-06-12T00:00:00Z"), Found: true},
		},
		{
			name: "meetings do not block by default",
			m:    officeIn(t, "u", "UTC", meetings...), sent: "2024-06-10T09:30:00Z", within: time.Hour,
			want: Answer{FirstAvailableAt: at("2024-06-10T09:30:00Z"), RespondBy: at("2024-06-10T10:30:00Z"), Found: true},
		},
		{
			name: "meetings block when asked",
			m:    officeIn(t, "u", "UTC", meetings...), opts: ResponseOptions{MeetingsBlock: true},
			sent: "2024-06-10T10:15:00Z", within: time.Hour,
			want: Answer{FirstAvailableAt: at("2024-06-10T11:00:00Z"), RespondBy: at("2024-06-10T12:00:00Z"), Found: true,
				Waits: []Wait{wait("2024-06-10T10:15:00Z", "2024-06-10T11:00:00Z", StatusBusy)}},
		},
		{
			name: "beyond the horizon",
			m:    officeIn(t, "u", "UTC"), opts: ResponseOptions{Horizon: 24 * time.Hour},
			sent: "2024-06-14T16:00:00Z", within: 2 * time.Hour,
			want: Answer{FirstAvailableAt: at("2024-06-14T16:00:00Z")},
		},
		{
			name: "clock never starts before the horizon",
			m:    officeIn(t, "u", "UTC"), opts: ResponseOptions{Horizon: 24 * time.Hour},
			sent: "2024-06-15T12:00:00Z", within: time.Hour,
			want: Answer{Waits: []Wait{wait("2024-06-15T12:00:00Z", "2024-06-16T12:00:00Z", StatusOutsideHours)}},
		},
		{
			name: "sent outside the range",
			m:    officeIn(t, "u", "UTC"), sent: "2025-06-15T12:00:00Z", within: time.Hour,
			want: Answer{},
		},
	}
	from, to := at("2024-03-01T00:00:00Z"), at("2024-07-01T00:00:00Z")
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r, err := NewResponder(c.m, from, to, c.opts)
			if err != nil {
				t.Fatal(err)
			}
			clock := c.clock
			if clock == "" {
				clock = ClockWorking
			}
			c.want.SentAt = at(c.sent)
			got := r.RespondBy(at(c.sent), c.within, clock)
			if diff := cmp.Diff(c.want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("RespondBy (-want +got):\n%s", diff)
			}
		})
	}
}

// TestRespondByOneHourAWeek asks, as the API does (a range of 60 days from
// the message, the same horizon), for a day of working time from someone
// who works Monday 09:00–10:00 UTC: they are first available at 09:00, and
// only the target lies beyond the horizon.
func TestRespondByOneHourAWeek(t *testing.T) {
	m := Member{ID: "mo", Schedule: Schedule{Loc: time.UTC, Weekly: on(Range{hm(9, 0), hm(10, 0)}, 1)}}
	const horizon = 60 * 24 * time.Hour
	for _, c := range []struct {
		sent, first string
	}{
		{"2027-01-04T08:00:00Z", "2027-01-04T09:00:00Z"},
		{"2027-01-04T09:30:00Z", "2027-01-04T09:30:00Z"},
		{"2027-01-04T10:00:00Z", "2027-01-11T09:00:00Z"},
	} {
		sent := at(c.sent)
		r, err := NewResponder(m, sent, sent.Add(horizon), ResponseOptions{Horizon: horizon})
		if err != nil {
			t.Fatal(err)
		}
		got := r.RespondBy(sent, 24*time.Hour, ClockWorking)
		if got.Found || !got.RespondBy.IsZero() || !got.FirstAvailableAt.Equal(at(c.first)) {
			t.Errorf("sent %s: %+v, want first available %s and no target", c.sent, got, c.first)
		}
		// Eight hours is reached within the 60 days: Mondays 09:00–10:00 eight weeks on.
		if got := r.RespondBy(sent, 8*time.Hour, ClockWorking); !got.Found || !got.FirstAvailableAt.Equal(at(c.first)) {
			t.Errorf("sent %s, 8 hours: %+v", c.sent, got)
		}
	}
}

// TestFridayEveningTeam sends one message on Friday 17:00 in Los Angeles to
// members in Auckland, Berlin and Los Angeles: Auckland's Monday morning
// comes first, on Sunday in UTC.
func TestFridayEveningTeam(t *testing.T) {
	team := []Member{
		officeIn(t, "berlin", "Europe/Berlin"),
		officeIn(t, "la", "America/Los_Angeles"),
		officeIn(t, "auckland", "Pacific/Auckland"),
	}
	want := []string{"2024-06-17T08:00:00Z", "2024-06-17T17:00:00Z", "2024-06-16T22:00:00Z"}
	sent := at("2024-06-15T00:00:00Z")
	answers := make([]Answer, len(team))
	for i, m := range team {
		r, err := NewResponder(m, at("2024-06-01T00:00:00Z"), at("2024-07-01T00:00:00Z"), ResponseOptions{})
		if err != nil {
			t.Fatal(err)
		}
		answers[i] = r.RespondBy(sent, time.Hour, ClockWorking)
		if !answers[i].Found || !answers[i].RespondBy.Equal(at(want[i])) {
			t.Errorf("%s: respond by %v (found %v), want %s", m.ID, answers[i].RespondBy, answers[i].Found, want[i])
		}
	}
	if got := EarliestAnswer(answers); got != 2 {
		t.Errorf("EarliestAnswer = %d, want 2 (Auckland)", got)
	}
	if got := EarliestAnswer([]Answer{{}}); got != -1 {
		t.Errorf("EarliestAnswer of nothing found = %d, want -1", got)
	}
}

// TestPropRespondBy compares RespondBy with a minute-by-minute model and
// checks its invariants against the working clock as a Set.
func TestPropRespondBy(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		lo, hi := genWindow(t, 6)
		ms := genMembers(t, lo, hi, 1)
		if len(ms) == 0 {
			return
		}
		opts := ResponseOptions{MeetingsBlock: rapid.Bool().Draw(t, "meetingsBlock")}
		if rapid.Bool().Draw(t, "shortHorizon") {
			opts.Horizon = time.Duration(uniform(t, 1, 3*1440, "horizon")) * time.Minute
		}
		r, err := NewResponder(ms[0], minute(lo), minute(hi), opts)
		if err != nil {
			t.Fatal(err)
		}
		md := newModel(lo, hi)
		st := md.status(ms[0], false)
		on := make([]bool, len(st))
		for u, s := range st {
			on[u] = s < 0 || (!opts.MeetingsBlock && s >= 4) // busy or tentative only
		}
		check(t, "working clock", runs(on, lo), r.WorkingClock())
		for range 5 {
			sent := lo + int64(uniform(t, 0, int(hi-lo-1), "sent"))
			within := int64(uniform(t, 0, 3*1440, "within"))
			if rapid.Bool().Draw(t, "toSpanEnd") {
				within = toRunEnd(on, sent-lo, rapid.IntRange(1, 3).Draw(t, "runs"))
			}
			got := r.RespondBy(minute(sent), time.Duration(within)*time.Minute, ClockWorking)
			check(t, "RespondBy", modelAnswer(md, st, on, opts, sent, within), got)
			checkInvariants(t, r.WorkingClock(), got, time.Duration(within)*time.Minute)
		}
	})
}

// toRunEnd is the number of true minutes in on from i to the end of the
// n-th run of them: a target that ends exactly where working time does.
func toRunEnd(on []bool, i int64, n int) int64 {
	var count int64
	for ; i < int64(len(on)) && n > 0; i++ {
		if on[i] {
			count++
			if i+1 == int64(len(on)) || !on[i+1] {
				n--
			}
		}
	}
	return count
}

// modelAnswer answers a question minute by minute.
func modelAnswer(md *model, st []int, on []bool, opts ResponseOptions, sent, within int64) Answer {
	a := Answer{SentAt: minute(sent)}
	limit := md.hi
	if opts.Horizon > 0 {
		limit = min(limit, sent+int64(opts.Horizon/time.Minute))
	}
	u := sent
	for ; u < limit && !on[u-md.lo]; u++ {
		r := precedence[st[u-md.lo]]
		if n := len(a.Waits); n > 0 && a.Waits[n-1].Reason == r {
			a.Waits[n-1].End = minute(u + 1)
		} else {
			a.Waits = append(a.Waits, Wait{minute(u), minute(u + 1), r})
		}
	}
	if u == limit {
		return a
	}
	a.FirstAvailableAt = minute(u)
	if within == 0 {
		a.RespondBy, a.Found = minute(u), true
		return a
	}
	for n := int64(0); u < limit; u++ {
		if on[u-md.lo] {
			if n++; n == within {
				a.RespondBy, a.Found = minute(u+1), true
				break
			}
		}
	}
	return a
}

// checkInvariants checks a found answer against the working clock: exactly
// within of it lies between FirstAvailableAt and RespondBy, which is not
// strictly inside a stop.
func checkInvariants(t *rapid.T, clock Set, a Answer, within time.Duration) {
	t.Helper()
	if !a.Found {
		return
	}
	if d := clock.Clip(a.FirstAvailableAt, a.RespondBy).Duration(); d != within {
		t.Fatalf("%s of working clock between %s and %s, want %s", d, a.FirstAvailableAt, a.RespondBy, within)
	}
	if !clock.Contains(a.RespondBy) && !clock.Contains(a.RespondBy.Add(-time.Nanosecond)) {
		t.Fatalf("RespondBy %s is inside a stop", a.RespondBy)
	}
}

// respondTeam builds n office members in many zones over days from
// benchFrom, with meetings and now and then a day off.
func respondTeam(tb testing.TB, n, days int) []Member {
	ms := benchTeam(tb, n)
	rng := rand.New(rand.NewPCG(uint64(n), 11))
	for i := range ms {
		d := benchFrom.AddDate(0, 0, rng.IntN(days))
		ms[i].Blocks = append(ms[i].Blocks, Block{d, d.Add(24 * time.Hour), StatusTimeOff})
		sortBlocks(ms[i].Blocks)
	}
	return ms
}

func BenchmarkRespondByYear(b *testing.B) {
	m := respondTeam(b, 1, 90)[0]
	from := benchFrom
	to := from.AddDate(1, 0, 0)
	b.ReportAllocs()
	for b.Loop() {
		r, err := NewResponder(m, from, to, ResponseOptions{MeetingsBlock: true})
		if err != nil {
			b.Fatal(err)
		}
		for h := range 8760 {
			if a := r.RespondBy(from.Add(time.Duration(h)*time.Hour), 4*time.Hour, ClockWorking); !a.Found && h < 8000 {
				b.Fatalf("hour %d not found", h)
			}
		}
	}
}

func BenchmarkTeamResponse100x30(b *testing.B) {
	const days = 30
	ms := respondTeam(b, 100, days)
	from := benchFrom
	to := from.AddDate(0, 0, days)
	b.ReportAllocs()
	for b.Loop() {
		for _, m := range ms {
			r, err := NewResponder(m, from, to, ResponseOptions{MeetingsBlock: true})
			if err != nil {
				b.Fatal(err)
			}
			for h := range days * 24 {
				r.RespondBy(from.Add(time.Duration(h)*time.Hour), 2*time.Hour, ClockWorking)
			}
		}
	}
}
