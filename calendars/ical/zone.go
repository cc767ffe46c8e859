package ical

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
)

// zone converts between wall seconds and instants for one resolved TZID. It wraps
// a *time.Location (IANA or fixed offset) or a VTIMEZONE evaluated from the file.
// A zone is used by one expansion only: it caches the offset period last looked up.
type zone struct {
	loc *time.Location
	vt  *vtzone

	cStart, cEnd, cOff int64 // cached [start, end) with offset cOff
}

func newLocZone(loc *time.Location) *zone {
	return &zone{loc: loc, cStart: 1, cEnd: 0}
}

// offset returns the UTC offset in seconds in force at instant utc.
func (z *zone) offset(utc int64) int64 {
	if z.vt != nil {
		return z.vt.offset(utc)
	}
	if utc >= z.cStart && utc < z.cEnd {
		return z.cOff
	}
	t := time.Unix(utc, 0).In(z.loc)
	_, off := t.Zone()
	s, e := t.ZoneBounds()
	z.cStart, z.cEnd, z.cOff = math.MinInt64, math.MaxInt64, int64(off)
	if !s.IsZero() {
		z.cStart = s.Unix()
	}
	if !e.IsZero() {
		z.cEnd = e.Unix()
	}
	return z.cOff
}

// toUTC anchors a DATE-TIME's wall seconds in the zone by RFC 5545 §3.3.5: a
// wall time that a change skips takes the offset in force before the gap (so
// 02:30 on a spring-forward day is 03:30 of the new offset: an instance a rule
// puts there is shifted forward by the gap), and a wall time that occurs twice
// is its first occurrence. Local midnights (all-day dates, window bounds) are
// read the same way.
func (z *zone) toUTC(wall int64) int64 { return z.toUTCDate(wall) }

// toUTCDate anchors a local midnight (an all-day date, a window bound): a gap
// takes the offset before it and an overlap its first occurrence.
func (z *zone) toUTCDate(wall int64) int64 {
	_, _, c1, c2, ok1, ok2, same := z.candidates(wall)
	switch {
	case same:
		return c2
	case ok1 && ok2:
		return min(c1, c2)
	case ok2:
		return c2
	}
	return c1
}

// candidates returns the two readings of wall under the offsets 14 hours before
// and after it, and whether each is consistent.
func (z *zone) candidates(wall int64) (o1, o2, c1, c2 int64, ok1, ok2, same bool) {
	const span = 14 * 3600
	o1 = z.offset(wall - span)
	o2 = z.offset(wall + span)
	c1, c2 = wall-o1, wall-o2
	if o1 == o2 {
		return o1, o2, c1, c2, true, true, true
	}
	return o1, o2, c1, c2, z.offset(c1) == o1, z.offset(c2) == o2, false
}

// toWall is the inverse of toUTC.
func (z *zone) toWall(utc int64) int64 { return utc + z.offset(utc) }

// locCache keeps time.LoadLocation results, which read and parse tzdata on every
// call. Only names in ianaZones are looked up, so the cache is bounded and a
// feed's made-up names never reach the tzdata index (a miss reads it again).
var locCache = struct {
	sync.Mutex
	m map[string]*time.Location
}{m: make(map[string]*time.Location)}

// loadIANA returns the IANA zone called name, or nil. "Local" and "" are refused so
// that a feed can never select the server's zone.
func loadIANA(name string) *time.Location {
	if !ianaZones[name] {
		return nil
	}
	locCache.Lock()
	loc, ok := locCache.m[name]
	locCache.Unlock()
	if ok {
		return loc
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		loc = nil
	}
	locCache.Lock()
	locCache.m[name] = loc
	locCache.Unlock()
	return loc
}

var displayOffset = regexp.MustCompile(`^\(?\s*(?:UTC|GMT)\s*([+-])(\d{1,2}):?(\d{2})?\)?`)

// resolveName maps a TZID without a usable VTIMEZONE to a location, trying in turn an
// IANA name, a "/mozilla.org/20070129_1/Europe/Berlin" style prefix, a Windows or
// Windows display name (CLDR windowsZones, with a trailing " 1" stripped), a
// "(UTC+01:00) …" display name as a fixed offset, and UTC/GMT aliases. It returns
// nil for a name to be read as floating time.
func resolveName(raw string) *time.Location {
	loc, _ := resolveNameFixed(raw)
	return loc
}

// resolveNameFixed is resolveName, also reporting whether the result is a fixed
// offset read from a display name.
func resolveNameFixed(raw string) (*time.Location, bool) {
	name := strings.TrimSpace(strings.Trim(strings.TrimSpace(raw), `"`))
	if loc := loadIANA(name); loc != nil {
		return loc, false
	}
	if strings.HasPrefix(name, "/") {
		parts := strings.Split(strings.Trim(name, "/"), "/")
		for i := 1; i < len(parts)-1; i++ {
			if loc := loadIANA(strings.Join(parts[i:], "/")); loc != nil {
				return loc, false
			}
		}
	}
	if iana := windowsZone(name); iana != "" {
		if loc := loadIANA(iana); loc != nil {
			return loc, false
		}
	}
	if m := displayOffset.FindStringSubmatch(name); m != nil {
		h, _ := strconv.Atoi(m[2])
		mi := 0
		if m[3] != "" {
			mi, _ = strconv.Atoi(m[3])
		}
		off := h*3600 + mi*60
		if m[1] == "-" {
			off = -off
		}
		if off >= -18*3600 && off <= 18*3600 {
			return time.FixedZone(name, off), true
		}
	}
	switch strings.ToUpper(name) {
	case "UTC", "GMT", "Z", "ETC/UTC", "ETC/GMT":
		return time.UTC, false
	}
	return nil, false
}

// windowsZone looks a Windows zone or display name up in the generated table.
func windowsZone(name string) string {
	key := strings.ToLower(strings.TrimSpace(name))
	if z, ok := windowsZones[key]; ok {
		return z
	}
	if i := strings.LastIndexByte(key, ' '); i > 0 {
		if _, err := strconv.Atoi(key[i+1:]); err == nil {
			if z, ok := windowsZones[strings.TrimSpace(key[:i])]; ok {
				return z
			}
		}
	}
	return ""
}
