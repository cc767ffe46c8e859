package scheduler

import (
	"time"
)

// Matrix holds the time each pair of members is available together.
type Matrix struct {
	// IDs are the members' IDs in input order, indexing Shared.
	IDs []string
	// Shared[i][j] is how long members i and j are both available;
	// Shared[i][i] is how long member i is available. It is symmetric.
	Shared [][]time.Duration
}

// Pairwise computes the shared availability of every pair of members over
// [from, to) (see PairTable). It returns ErrInvalidRange, ErrRangeTooLong,
// ErrInvalidHours or ErrInvalidBlock.
func Pairwise(members []Member, from, to time.Time, opts AvailabilityOptions) (Matrix, error) {
	pt, err := NewPairTable(members, from, to, opts)
	if err != nil {
		return Matrix{}, err
	}
	n := len(members)
	mx := Matrix{IDs: pt.IDs(), Shared: make([][]time.Duration, n)}
	cells := make([]time.Duration, n*n)
	for i := range n {
		mx.Shared[i] = cells[i*n : (i+1)*n : (i+1)*n]
		for j := range i + 1 {
			d := pt.Shared(i, j)
			mx.Shared[i][j], mx.Shared[j][i] = d, d
		}
	}
	return mx, nil
}

// CoverageReport says how much of a window has someone available.
type CoverageReport struct {
	// Covered is how long at least one member is available.
	Covered time.Duration
	// Fraction is Covered over the window's length.
	Fraction float64
	// Gaps are the parts of the window where nobody is available.
	Gaps Set
}

// Coverage reports when at least one member is available in [from, to). It
// returns ErrInvalidRange, ErrRangeTooLong, ErrInvalidHours or
// ErrInvalidBlock.
func Coverage(members []Member, from, to time.Time, opts AvailabilityOptions) (CoverageReport, error) {
	lo, hi, err := window(from, to)
	if err != nil {
		return CoverageReport{}, err
	}
	tm, err := newTeam(members, lo, hi, opts.TentativeFree, false)
	if err != nil {
		return CoverageReport{}, err
	}
	defer tm.release()
	covered := runsOf(tm.profile(nil), 0, func(s step) bool { return s.cnt > 0 })
	total := spanTotal(covered)
	return CoverageReport{
		Covered:  time.Duration(total),
		Fraction: float64(total) / float64(hi-lo),
		Gaps:     toSet(appendComplement(nil, covered, lo, hi)),
	}, nil
}
