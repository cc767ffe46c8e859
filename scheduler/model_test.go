package scheduler

import (
	"math"
	"time"
)

// This file is a minute-by-minute brute-force model of the scheduler, used by
// the property tests. Instants are Unix minutes. It shares no code with the
// engine: wall clocks come from scanning time.Time.In minute by minute, not
// from zone transitions, and sets are boolean arrays, not interval lists.

// wallClock maps UTC minutes to wall-clock minutes (a wall-clock reading
// written as if it were UTC) over a span, and wall-clock readings back.
type wallClock struct {
	base     int64   // first UTC minute scanned
	wall     []int64 // wall clock at base+i
	wallBase int64   // smallest wall minute seen
	first    []int64 // first UTC minute showing wallBase+i, or -1
	last     []int64 // last UTC minute showing wallBase+i, or -1
}

func newWallClock(loc *time.Location, lo, hi int64) *wallClock {
	c := &wallClock{base: lo, wall: make([]int64, hi-lo)}
	minW, maxW := int64(math.MaxInt64), int64(math.MinInt64)
	for i := range c.wall {
		u := lo + int64(i)
		_, off := time.Unix(u*60, 0).In(loc).Zone()
		w := u + int64(off)/60
		c.wall[i] = w
		minW, maxW = min(minW, w), max(maxW, w)
	}
	c.wallBase = minW
	c.first, c.last = make([]int64, maxW-minW+1), make([]int64, maxW-minW+1)
	for i := range c.first {
		c.first[i], c.last[i] = -1, -1
	}
	for i, w := range c.wall {
		k := w - minW
		if c.first[k] < 0 {
			c.first[k] = c.base + int64(i)
		}
		c.last[k] = c.base + int64(i)
	}
	return c
}

// toUTC applies the spec's rule: first occurrence of a repeated reading; a
// missing one is read with the offset shown just before the gap.
func (c *wallClock) toUTC(w int64) int64 {
	k := w - c.wallBase
	if k < 0 || k >= int64(len(c.first)) {
		panic("wall clock outside the scanned span")
	}
	if c.first[k] >= 0 {
		return c.first[k]
	}
	for j := k - 1; j >= 0; j-- {
		if c.last[j] >= 0 {
			offBefore := (c.wallBase + j) - c.last[j]
			return w - offBefore
		}
	}
	panic("no reading before the gap")
}

// wallAt is the wall clock at UTC minute u.
func (c *wallClock) wallAt(u int64) int64 { return c.wall[u-c.base] }

// model evaluates members minute by minute over [lo, hi).
type model struct {
	lo, hi int64
	clocks map[*time.Location]*wallClock
}

const modelMargin = 10 * 1440

func newModel(lo, hi int64) *model {
	return &model{lo: lo, hi: hi, clocks: map[*time.Location]*wallClock{}}
}

func (md *model) clock(loc *time.Location) *wallClock {
	if loc == nil {
		loc = time.UTC
	}
	c, ok := md.clocks[loc]
	if !ok {
		c = newWallClock(loc, md.lo-modelMargin, md.hi+modelMargin)
		md.clocks[loc] = c
	}
	return c
}

// modelDay is one local date's working day in the model.
type modelDay struct {
	s, e int64
	loc  *time.Location
}

// dateOf is the civil date of day number d (days since 1970-01-01).
func dateOf(d int64) Date { return DateOf(time.Unix(d*86400, 0).UTC()) }

// zoneOf is the zone date d is read in.
func zoneOf(s Schedule, d Date) *time.Location {
	for _, o := range s.Overrides {
		if !d.Before(o.From) && !o.To.Before(d) {
			return o.Loc
		}
	}
	return s.Loc
}

// working marks the minutes of [lo, hi) in s's working hours and returns the
// working days.
func (md *model) working(s Schedule) ([]bool, []modelDay) {
	out := make([]bool, md.hi-md.lo)
	var days []modelDay
	for d := md.lo/1440 - 2; d <= md.hi/1440+2; d++ {
		date := dateOf(d)
		loc := zoneOf(s, date)
		c := md.clock(loc)
		day := modelDay{math.MaxInt64, math.MinInt64, loc}
		for _, r := range s.Weekly[date.Weekday()] {
			w := d*1440 + int64(r.Start)
			a, b := c.toUTC(w), c.toUTC(w+int64(r.Minutes()))
			if a >= b {
				continue
			}
			day.s, day.e = min(day.s, a), max(day.e, b)
			for u := max(a, md.lo); u < min(b, md.hi); u++ {
				out[u-md.lo] = true
			}
		}
		if day.s < day.e {
			days = append(days, day)
		}
	}
	return out, days
}

// status returns each minute's status rank (-1 available) for m.
func (md *model) status(m Member, tentativeFree bool) []int {
	work, _ := md.working(m.Schedule)
	var covered [numRanks][]bool
	for r := range covered {
		covered[r] = make([]bool, len(work))
	}
	for _, b := range allBlocks(&m) {
		r, _ := rankOf(b.Reason)
		if tentativeFree && r == tentativeRank {
			continue
		}
		for u := max(b.Start.Unix()/60, md.lo); u < min(b.End.Unix()/60, md.hi); u++ {
			covered[r][u-md.lo] = true
		}
	}
	out := make([]int, len(work))
	for u := range out {
		out[u] = -1
		for r := range numRanks {
			if (r == outsideRank && !work[u]) || covered[r][u] {
				out[u] = r
				break
			}
		}
	}
	return out
}

// minute is the instant of Unix minute u.
func minute(u int64) time.Time { return time.Unix(u*60, 0).UTC() }

// runs returns the maximal runs of true in v (offset by lo) as a Set.
func runs(v []bool, lo int64) Set {
	var out Set
	for i := 0; i < len(v); {
		if !v[i] {
			i++
			continue
		}
		j := i
		for j < len(v) && v[j] {
			j++
		}
		out = append(out, Interval{minute(lo + int64(i)), minute(lo + int64(j))})
		i = j
	}
	return out
}

// pieces run-length encodes a status array.
func (md *model) pieces(st []int) []Piece {
	var out []Piece
	for i := 0; i < len(st); {
		j := i
		for j < len(st) && st[j] == st[i] {
			j++
		}
		s := StatusAvailable
		if st[i] >= 0 {
			s = precedence[st[i]]
		}
		out = append(out, Piece{minute(md.lo + int64(i)), minute(md.lo + int64(j)), s})
		i = j
	}
	return out
}

// availability returns, per member, per minute whether they are available,
// and their status arrays.
func (md *model) availability(ms []Member, tentativeFree bool) ([][]bool, [][]int) {
	avail := make([][]bool, len(ms))
	stats := make([][]int, len(ms))
	for i, m := range ms {
		stats[i] = md.status(m, tentativeFree)
		avail[i] = make([]bool, len(stats[i]))
		for u, s := range stats[i] {
			avail[i][u] = s < 0
		}
	}
	return avail, stats
}

// allBlocks returns the member's blocks, Blocks then Busy, as Blocks.
func allBlocks(m *Member) []Block {
	if len(m.Busy) == 0 {
		return m.Blocks
	}
	out := make([]Block, 0, len(m.Blocks)+len(m.Busy))
	out = append(out, m.Blocks...)
	for _, b := range m.Busy {
		out = append(out, b.Block())
	}
	return out
}
