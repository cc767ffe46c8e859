package scheduler

import (
	"fmt"
	"slices"
	"time"
)

// Status says whether a member is available, or why not.
type Status string

// Statuses. Every status but StatusAvailable is also a block reason.
const (
	StatusAvailable    Status = "available"
	StatusTimeOff      Status = "time_off"
	StatusHoliday      Status = "holiday"
	StatusOOF          Status = "oof"
	StatusOutsideHours Status = "outside_hours"
	StatusBusy         Status = "busy"
	StatusTentative    Status = "tentative"
)

// precedence lists the reasons from strongest to weakest; see Precedence.
var precedence = [...]Status{
	StatusTimeOff, StatusHoliday, StatusOOF, StatusOutsideHours, StatusBusy, StatusTentative,
}

// Precedence returns the reasons from strongest to weakest. When several
// reasons cover an instant its status is the strongest: deliberate absences
// (time off, holidays, out of office) explain more than the working hours
// they fall in, and working hours explain more than meetings, which could be
// moved.
func Precedence() []Status { return slices.Clone(precedence[:]) }

// Ranks index precedence.
const (
	outsideRank   = 3
	tentativeRank = 5
	numRanks      = 6
)

// rankOf returns a reason's index in Precedence.
func rankOf(s Status) (int, bool) {
	for i, p := range precedence {
		if p == s {
			return i, true
		}
	}
	return 0, false
}

// Block is a span in which a member is not available, for Reason (one of the
// Precedence statuses).
type Block struct {
	Start, End time.Time
	Reason     Status
}

// Member is a team member: working hours, blocks from calendars and absences,
// and whether every meeting needs them.
type Member struct {
	ID       string
	Schedule Schedule
	Blocks   []Block
	Required bool
}

// AvailabilityOptions tunes how blocks count.
type AvailabilityOptions struct {
	// TentativeFree ignores tentative blocks; otherwise they count as busy.
	TentativeFree bool
}

// Piece is a span of constant status.
type Piece struct {
	Start, End time.Time
	Status     Status
}

// Availability partitions [from, to) into pieces of m's status, in time
// order, adjacent pieces differing in status. A piece is available when it is
// in working hours (see Schedule.Intervals) and no block covers it;
// otherwise its status is the strongest reason covering it (see Precedence),
// outside_hours standing for the absence of working hours. It returns
// ErrInvalidRange, ErrRangeTooLong, ErrInvalidHours or ErrInvalidBlock.
func Availability(m Member, from, to time.Time, opts AvailabilityOptions) ([]Piece, error) {
	lo, hi, err := window(from, to)
	if err != nil {
		return nil, err
	}
	tm, err := newTeam([]Member{m}, lo, hi, opts.TentativeFree, false)
	if err != nil {
		return nil, err
	}
	var out []Piece
	tm.walk(0, lo, hi, func(s, e int64, rank int) {
		st := StatusAvailable
		if rank >= 0 {
			st = precedence[rank]
		}
		if n := len(out); n > 0 && out[n-1].Status == st {
			out[n-1].End = instant(e)
			return
		}
		out = append(out, Piece{instant(s), instant(e), st})
	})
	return out, nil
}

// reasonSets holds a member's blocks by precedence rank, each normalized,
// except that the outside_hours entry holds the working hours that no
// outside_hours block covers: the complement of where that reason applies.
type reasonSets [numRanks][]span

// walk calls emit for consecutive spans of [ws, we) with member i's status
// there, as a Precedence rank or -1 for available. Neighbours may share a
// status.
func (tm *team) walk(i int, ws, we int64, emit func(s, e int64, rank int)) {
	sets := *tm.reasonsOf(i)
	var cur [numRanks]int
	for r, v := range sets {
		cur[r] = firstEndingAfter(v, ws)
	}
	for t := ws; t < we; {
		rank, next := -1, we
		for r, v := range sets {
			c := cur[r]
			for c < len(v) && v[c].e <= t {
				c++
			}
			cur[r] = c
			if c == len(v) {
				if r == outsideRank && rank < 0 {
					rank = r
				}
				continue
			}
			in := v[c].s <= t
			if in {
				next = min(next, v[c].e)
			} else {
				next = min(next, v[c].s)
			}
			if in != (r == outsideRank) && rank < 0 {
				rank = r
			}
		}
		emit(t, next, rank)
		t = next
	}
}

// absence is the status covering most of [ws, we) among those that are not
// available, ties going to the stronger; ok is false when member i is
// available throughout.
func (tm *team) absence(i int, ws, we int64) (st Status, ok bool) {
	var dur [numRanks]int64
	tm.walk(i, ws, we, func(s, e int64, rank int) {
		if rank >= 0 {
			dur[rank] += e - s
		}
	})
	best := -1
	for r, d := range dur {
		if d > 0 && (best < 0 || d > dur[best]) {
			best = r
		}
	}
	if best < 0 {
		return "", false
	}
	return precedence[best], true
}

// blockError describes a block that cannot be used.
func blockError(id string, k int, b Block, msg string) error {
	return fmt.Errorf("%w: member %q block %d (%s–%s): %s", ErrInvalidBlock, id, k,
		b.Start.Format(time.RFC3339), b.End.Format(time.RFC3339), msg)
}
