package scheduler

import "time"

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
	defer tm.release()
	var out []Piece
	tm.walker(0, nil).walk(lo, hi, func(s, e int64, rank int) {
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
