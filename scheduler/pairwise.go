package scheduler

import (
	mbits "math/bits"
	"slices"
	"time"
)

// PairTable answers the shared availability of pairs of members row by row,
// so that a large team's matrix can be paged or streamed without holding n²
// cells. It is exact to the nanosecond.
//
// The window is cut at every start and end of anyone's availability into
// elementary segments; each member is a bitset over them. The segments are
// ordered by length, so that the segments of one length fill whole words:
// a pair is then, per length, a popcount of two ANDed word runs times that
// length. For calendars on a common grid (15 minutes) a 1,000-member month
// is ~50 words a member. When the cut is too fine for that to pay (times to
// the second everywhere), pairs are intersected span list against span list.
type PairTable struct {
	ids   []string
	avail [][]span
	// bitset form, when used
	words   int
	bits    []uint64 // member i: bits[i*words : (i+1)*words]
	classes []pairClass
}

type pairClass struct {
	lo, hi int   // words
	length int64 // of each segment in the class
}

// NewPairTable prepares the pairwise availability of members over [from, to).
// It returns ErrInvalidRange, ErrRangeTooLong, ErrInvalidHours or
// ErrInvalidBlock.
func NewPairTable(members []Member, from, to time.Time, opts AvailabilityOptions) (*PairTable, error) {
	lo, hi, err := window(from, to)
	if err != nil {
		return nil, err
	}
	tm, err := newTeam(members, lo, hi, opts.TentativeFree, false)
	if err != nil {
		return nil, err
	}
	defer tm.release()
	n := len(members)
	pt := &PairTable{ids: make([]string, n), avail: make([][]span, n)}
	total := 0
	for i := range n {
		total += len(tm.avail[i])
	}
	all := make([]span, 0, total) // tm's spans go back to the pool
	for i := range n {
		pt.ids[i] = members[i].ID
		a := len(all)
		all = append(all, tm.avail[i]...)
		pt.avail[i] = all[a:len(all):len(all)]
	}
	pt.buildBits(all, total, n)
	return pt, nil
}

// alwaysBits makes tests take the bitset path whatever it costs.
var alwaysBits = false

// buildBits builds the bitsets when they are cheaper than merging span lists.
func (pt *PairTable) buildBits(all []span, total, n int) {
	if n < 8 && !alwaysBits || total == 0 {
		return
	}
	pts := make([]int64, 0, 2*total)
	for _, s := range all {
		pts = append(pts, s.s, s.e)
	}
	slices.Sort(pts)
	pts = slices.Compact(pts)
	k := len(pts) - 1 // segments [pts[s], pts[s+1])
	if k <= 0 {
		return
	}
	// Segments by length, each length starting on a word.
	order := make([]int32, k)
	for s := range order {
		order[s] = int32(s)
	}
	slices.SortFunc(order, func(a, b int32) int {
		la, lb := pts[a+1]-pts[a], pts[b+1]-pts[b]
		if la != lb {
			if la < lb {
				return -1
			}
			return 1
		}
		return int(a - b)
	})
	col := make([]int32, k) // segment → bit
	bit := 0
	for r := 0; r < k; r++ {
		s := order[r]
		l := pts[s+1] - pts[s]
		if r == 0 || l != pts[order[r-1]+1]-pts[order[r-1]] {
			bit = (bit + 63) &^ 63
			pt.classes = append(pt.classes, pairClass{lo: bit / 64, length: l})
		}
		col[s] = int32(bit)
		bit++
		pt.classes[len(pt.classes)-1].hi = (bit + 63) / 64
	}
	words := (bit + 63) / 64
	// A word pair costs about a quarter of a merge step.
	if words > total/n*2+16 && !alwaysBits {
		pt.classes = nil
		return
	}
	pt.words = words
	pt.bits = make([]uint64, n*words)
	for i, av := range pt.avail {
		row := pt.bits[i*words : (i+1)*words]
		for _, sp := range av {
			a, _ := slices.BinarySearch(pts, sp.s)
			for s := a; s < k && pts[s] < sp.e; s++ {
				c := col[s]
				row[c/64] |= 1 << (c % 64)
			}
		}
	}
}

// IDs are the members' IDs in input order.
func (pt *PairTable) IDs() []string { return pt.ids }

// Shared is how long members i and j are both available; Shared(i, i) is
// how long member i is available.
func (pt *PairTable) Shared(i, j int) time.Duration {
	if pt.bits == nil {
		return time.Duration(intersectLen(pt.avail[i], pt.avail[j]))
	}
	a, b := pt.bits[i*pt.words:(i+1)*pt.words], pt.bits[j*pt.words:(j+1)*pt.words]
	var total int64
	for _, c := range pt.classes {
		cnt := 0
		for w := c.lo; w < c.hi; w++ {
			cnt += mbits.OnesCount64(a[w] & b[w])
		}
		total += int64(cnt) * c.length
	}
	return time.Duration(total)
}

// Row fills dst (grown to the number of members) with member i's shared time with each member.
func (pt *PairTable) Row(i int, dst []time.Duration) []time.Duration {
	dst = slices.Grow(dst[:0], len(pt.ids))[:len(pt.ids)]
	for j := range pt.ids {
		dst[j] = pt.Shared(i, j)
	}
	return dst
}
