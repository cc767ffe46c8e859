package scheduler

import (
	"time"
)

// Clock says how a response target is measured.
type Clock string

// Clocks.
const (
	// ClockWorking counts only the member's working clock: working hours
	// less absences (and meetings, with ResponseOptions.MeetingsBlock).
	ClockWorking Clock = "working"
	// ClockCalendar counts elapsed real time.
	ClockCalendar Clock = "calendar"
)

// DefaultHorizon is how far after a message RespondBy searches when
// ResponseOptions.Horizon is not set.
const DefaultHorizon = 90 * 24 * time.Hour

// ResponseOptions tunes a Responder.
type ResponseOptions struct {
	// MeetingsBlock stops the working clock in busy and tentative blocks;
	// otherwise meetings do not delay a response.
	MeetingsBlock bool
	// Horizon is how far after the message the answer is searched for;
	// zero or negative means DefaultHorizon. A target beyond it is not
	// found.
	Horizon time.Duration
}

// Wait is a span in which the member's working clock is stopped, with the
// strongest reason (see Precedence); outside_hours where no block explains
// it.
type Wait struct {
	Start, End time.Time
	Reason     Status
}

// Answer is when a member can be expected to respond to a message.
type Answer struct {
	// SentAt is the message's instant, in UTC.
	SentAt time.Time
	// FirstAvailableAt is the first instant at or after SentAt on the
	// working clock; zero when the clock does not run before the horizon
	// or the end of the Responder's range.
	FirstAvailableAt time.Time
	// RespondBy is the target instant; zero when not Found.
	RespondBy time.Time
	// Found is false when the working clock does not reach the target
	// inside the Responder's range and the horizon (always true on the
	// calendar clock). FirstAvailableAt is set all the same when the clock
	// starts before then: only the target lies beyond the horizon.
	Found bool
	// Waits are the stopped pieces from SentAt to FirstAvailableAt (to the
	// search limit when the clock never starts), in order, adjacent ones
	// differing in reason: material for a plain-language explanation.
	Waits []Wait
}

// Responder answers response-time questions for one member over a range
// fixed in advance. It holds the member's working clock as sorted spans
// with prefix sums, so each question costs two binary searches. A Responder
// is read-only after NewResponder and safe for concurrent use.
type Responder struct {
	lo, hi  int64
	horizon int64
	clock   []span  // the working clock, normalized
	cum     []int64 // cum[i]: clock time before clock[i]; cum[len(clock)] is the total
	stops   []span  // the complement of clock in [lo, hi), split by reason
	reasons []uint8 // precedence rank of each stop
}

// NewResponder precomputes m's working clock over [from, to): working hours
// (see Schedule.Intervals) less time_off, holiday, oof and outside_hours
// blocks, and less busy and tentative blocks when opts.MeetingsBlock. It
// returns ErrInvalidRange, ErrRangeTooLong, ErrInvalidHours or
// ErrInvalidBlock.
func NewResponder(m Member, from, to time.Time, opts ResponseOptions) (*Responder, error) {
	lo, hi, err := window(from, to)
	if err != nil {
		return nil, err
	}
	tm, err := newTeam([]Member{m}, lo, hi, false, false)
	if err != nil {
		return nil, err
	}
	defer tm.release()
	r := &Responder{lo: lo, hi: hi, horizon: int64(DefaultHorizon), cum: []int64{0}}
	if opts.Horizon > 0 {
		r.horizon = int64(min(opts.Horizon, MaxRange)) // longer is the whole range
	}
	tm.clockWalker(0, opts.MeetingsBlock, nil).walk(lo, hi, r.add)
	return r, nil
}

// clockWalker returns a walker for member i whose available pieces are the
// working clock: blocks of every reason stop it, meetings only when
// meetings is set.
func (tm *team) clockWalker(i int, meetings bool, w *walker) *walker {
	w = w.reset()
	for _, b := range tm.blocks(i) {
		if meetings || int(b.rank) <= outsideRank {
			w.add(int(b.rank), b.s, b.e)
		}
	}
	return w.finish(tm.work(i))
}

// add appends a walked piece, merging it with a like neighbour.
func (r *Responder) add(s, e int64, rank int) {
	if rank < 0 {
		if n := len(r.clock); n > 0 && r.clock[n-1].e == s {
			r.clock[n-1].e = e
		} else {
			r.clock = append(r.clock, span{s, e})
			r.cum = append(r.cum, r.cum[len(r.cum)-1])
		}
		r.cum[len(r.cum)-1] += e - s
		return
	}
	if n := len(r.stops); n > 0 && r.stops[n-1].e == s && int(r.reasons[n-1]) == rank {
		r.stops[n-1].e = e
		return
	}
	r.stops = append(r.stops, span{s, e})
	r.reasons = append(r.reasons, uint8(rank))
}

// RespondBy answers a message sent at sentAt that should be answered within
// a duration measured on clock (negative durations count as zero).
//
// On the working clock RespondBy is the earliest instant by which exactly
// within of working-clock time has elapsed since sentAt, or
// FirstAvailableAt when within is zero. It is never strictly inside a stop:
// a target reached exactly where a working span ends is that span's end
// (17:00, not the next morning). On the calendar clock RespondBy is
// sentAt+within, whatever the member's hours.
//
// Questions outside the Responder's range, or whose answer lies beyond it
// or beyond the horizon, are not Found.
func (r *Responder) RespondBy(sentAt time.Time, within time.Duration, clock Clock) Answer {
	within = max(within, 0)
	a := Answer{SentAt: sentAt.UTC()}
	if clock == ClockCalendar {
		a.RespondBy, a.Found = a.SentAt.Add(within), true
	}
	if sentAt.Before(instant(r.lo)) || !sentAt.Before(instant(r.hi)) {
		return a
	}
	s := sentAt.UnixNano()
	limit := r.hi
	if s < r.hi-r.horizon {
		limit = s + r.horizon
	}
	i := firstEndingAfter(r.clock, s)
	first := limit
	if i < len(r.clock) {
		first = max(r.clock[i].s, s)
	}
	if first >= limit {
		a.Waits = r.waits(s, limit)
		return a
	}
	a.FirstAvailableAt, a.Waits = instant(first), r.waits(s, first)
	if clock == ClockCalendar {
		return a
	}
	if t, ok := r.reach(i, first, int64(within)); ok && t <= limit {
		a.RespondBy, a.Found = instant(t), true
	}
	return a
}

// reach is the earliest instant at which d of clock time has elapsed after
// first, which lies in clock[i].
func (r *Responder) reach(i int, first, d int64) (int64, bool) {
	if d == 0 {
		return first, true
	}
	target := r.cum[i] + (first - r.clock[i].s) + d
	// The first span whose end reaches the target.
	lo, hi := i, len(r.clock)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if r.cum[m+1] >= target {
			hi = m
		} else {
			lo = m + 1
		}
	}
	if lo == len(r.clock) {
		return 0, false
	}
	return r.clock[lo].s + (target - r.cum[lo]), true
}

// waits lists the stops within [s, e).
func (r *Responder) waits(s, e int64) []Wait {
	var out []Wait
	for k := firstEndingAfter(r.stops, s); k < len(r.stops) && r.stops[k].s < e; k++ {
		out = append(out, Wait{instant(max(r.stops[k].s, s)), instant(min(r.stops[k].e, e)),
			precedence[r.reasons[k]]})
	}
	return out
}

// WorkingClock returns the member's working clock over the Responder's
// range as a Set.
func (r *Responder) WorkingClock() Set { return toSet(r.clock) }

// EarliestAnswer returns the index of the found answer with the earliest
// RespondBy (the first such on ties), or -1 when none is found: the member
// of a follow-the-sun team who can answer first.
func EarliestAnswer(answers []Answer) int {
	best := -1
	for i, a := range answers {
		if a.Found && (best < 0 || a.RespondBy.Before(answers[best].RespondBy)) {
			best = i
		}
	}
	return best
}
