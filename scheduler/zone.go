package scheduler

import (
	"math"
	"time"
)

// Instants inside the engine are Unix nanoseconds (int64); wall-clock
// readings are encoded the same way, as if the wall clock were UTC.
const (
	minNs  = int64(time.Minute)
	hourNs = int64(time.Hour)
	dayNs  = 24 * hourNs
	// never is an instant before any supported one.
	never = math.MinInt64 / 2
)

// zoneSeg is a stretch of constant UTC offset starting at start (UTC).
type zoneSeg struct {
	start, off int64
}

// zoneTable holds a zone's offsets around a window: the first segment reaches
// back forever and the last forward forever, so every reading has an answer.
type zoneTable struct {
	loc  *time.Location
	segs []zoneSeg
}

// newZoneTable walks loc's transitions between lo and hi with ZoneBounds.
func newZoneTable(loc *time.Location, lo, hi int64) *zoneTable {
	z := &zoneTable{loc: loc}
	t := time.Unix(0, lo).In(loc)
	end := time.Unix(0, hi)
	for {
		_, off := t.Zone()
		o := int64(off) * int64(time.Second)
		if n := len(z.segs); n == 0 {
			z.segs = append(z.segs, zoneSeg{never, o})
		} else if z.segs[n-1].off != o {
			z.segs = append(z.segs, zoneSeg{t.UnixNano(), o})
		}
		_, next := t.ZoneBounds()
		if next.IsZero() || !next.Before(end) || !next.After(t) {
			return z
		}
		t = next.In(loc)
	}
}

// toUTC converts a wall-clock reading w to the instant it denotes. Readings
// that occur twice (a fall-back overlap) take their first occurrence.
// Readings that do not occur (a spring-forward gap) are read with the offset
// in force before the gap: the instant the clock would have shown w had it
// not jumped. That is RFC 5545's rule, the one iCalendar uses, and amounts to
// adding the gap's length: 02:30 in a one-hour gap starting at 02:00 is
// 03:30 of the new offset. The mapping is not monotonic inside a gap: a
// reading in the gap may land later than a reading just after it.
func (z *zoneTable) toUTC(w int64) int64 {
	segs := z.segs
	for i := range segs {
		if i > 0 && w < segs[i].start+segs[i].off {
			return w - segs[i-1].off // in the gap before segment i
		}
		if i+1 == len(segs) || w < segs[i+1].start+segs[i].off {
			return w - segs[i].off
		}
	}
	return w - segs[len(segs)-1].off // unreachable: the last segment is open
}

// offsetAt is the zone's UTC offset at instant u.
func (z *zoneTable) offsetAt(u int64) int64 {
	segs := z.segs
	i := len(segs) - 1
	for i > 0 && segs[i].start > u {
		i--
	}
	return segs[i].off
}

// zoneCache shares zone tables between the members of one call.
type zoneCache struct {
	lo, hi int64
	tables map[*time.Location]*zoneTable
}

// newZoneCache prepares tables for a window, with margins for the days a
// working range or week may reach beyond it.
func newZoneCache(lo, hi int64) *zoneCache {
	return &zoneCache{lo: lo - 9*dayNs, hi: hi + 9*dayNs, tables: map[*time.Location]*zoneTable{}}
}

// get returns loc's table; nil means UTC.
func (c *zoneCache) get(loc *time.Location) *zoneTable {
	if loc == nil {
		loc = time.UTC
	}
	z, ok := c.tables[loc]
	if !ok {
		z = newZoneTable(loc, c.lo, c.hi)
		c.tables[loc] = z
	}
	return z
}

// floorDiv is a / b rounded towards negative infinity, for b > 0.
func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b < 0 {
		q--
	}
	return q
}

// civilDay is the number of days from 1970-01-01 to d.
func civilDay(d Date) int64 {
	return floorDiv(time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC).Unix(), 86400)
}

// weekdayOf is the weekday of a civil day number.
func weekdayOf(day int64) time.Weekday {
	return time.Weekday((day%7 + 7 + 4) % 7) // 1970-01-01 was a Thursday
}
