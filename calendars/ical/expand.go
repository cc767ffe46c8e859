package ical

import (
	"bytes"
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Expand reads one iCalendar body and returns the busy intervals overlapping
// [from, to), in UTC, for a member in opts.Zone.
//
// Errors are *ParseError values wrapping one of the sentinels (ErrTooLarge,
// ErrLineTooLong, ErrTooDeep, ErrTooManyComponents, ErrTooManyInstances,
// ErrTooManyIntervals, ErrNotCalendar, ErrTruncated, ErrTimeBudget, ErrMalformed),
// or ErrInvalidRange for an empty window. A component that cannot be read is not
// an error: it is skipped and reported in Result.Warnings.
func Expand(data []byte, from, to time.Time, opts Options) (res Result, err error) {
	defer func() {
		if r := recover(); r != nil {
			res, err = Result{}, &ParseError{Err: ErrMalformed, Detail: fmt.Sprint(r)}
		}
	}()
	lim := opts.Limits.withDefaults()
	if !to.After(from) {
		return Result{}, ErrInvalidRange
	}
	if len(data) > lim.MaxBytes {
		return Result{}, &ParseError{Err: ErrTooLarge}
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	data = bytes.TrimLeft(data, " \t\r\n")
	p := &parser{lim: lim, lx: newLexer(data, lim.MaxLineBytes), deadline: time.Now().Add(lim.TimeBudget), work: newBudget(lim.MaxWork)}
	// Size the event slice once: counting is a fast scan, regrowing is not.
	p.events = make([]event, 0, min(bytes.Count(data, []byte("BEGIN:VEVENT"))+1, lim.MaxComponents))
	if err := p.run(); err != nil {
		return Result{}, err
	}
	x := newExpander(p, from, to, opts)
	if err := x.run(); err != nil {
		return Result{}, err
	}
	if err := p.work.failed(); err != nil {
		return Result{}, err
	}
	slices.SortFunc(x.out, func(a, b span) int {
		if c := cmp.Compare(a.s, b.s); c != 0 {
			return c
		}
		if c := cmp.Compare(a.e, b.e); c != 0 {
			return c
		}
		return strings.Compare(a.uid, b.uid)
	})
	busy := make([]Busy, len(x.out))
	for i, sp := range x.out {
		busy[i] = Busy{Start: time.Unix(sp.s, 0).UTC(), End: time.Unix(sp.e, 0).UTC(), Kind: sp.kind, UID: sp.uid}
	}
	return Result{Busy: busy, Events: p.eventsSeen, Warnings: p.warnings, RefreshInterval: p.refresh}, nil
}

// expander turns parsed components into intervals.
type expander struct {
	p        *parser
	lim      Limits
	kind     CalendarKind
	from, to int64 // window, Unix seconds
	member   *zone
	float    *zone
	utcZone  *zone
	zones    []*zone // by parser.tzNames index; nil: floating
	out      []span
	inst     []instance
	col      collector
	it       *ruleIter // reused for every event rule
	longUID  string    // the last UID warned about with long_instance
	steps    int
}

func newExpander(p *parser, from, to time.Time, opts Options) *expander {
	member := opts.Zone
	if member == nil {
		member = time.UTC
	}
	x := &expander{p: p, lim: p.lim, kind: opts.Kind, from: from.Unix(), to: to.Unix(),
		member: newLocZone(member), utcZone: newLocZone(time.UTC),
		out: make([]span, 0, min(len(p.events)+len(p.freeBusy)+16, p.lim.MaxIntervals))}
	if x.kind == "" {
		x.kind = CalendarBusy
	}
	x.float = x.member
	if p.xwrTZ != "" {
		if loc := loadIANA(p.xwrTZ); loc != nil {
			x.float = newLocZone(loc)
		}
	}
	x.zones = make([]*zone, len(p.tzNames))
	for i, name := range p.tzNames {
		x.zones[i] = x.resolve(name)
	}
	return x
}

// resolve maps a TZID to a zone: IANA first, then the file's VTIMEZONE, then the
// name heuristics of resolveName. Unknown names are floating (nil).
func (x *expander) resolve(name string) *zone {
	// An uncached miss reads the tzdata index (tens of kilobytes) for each name tried.
	x.p.work.spend(tzLookupCost)
	if loc := loadIANA(name); loc != nil {
		return newLocZone(loc)
	}
	def := x.p.vtz[name]
	if def == nil {
		def = x.p.vtz[trimQuotes(name)]
	}
	if def != nil {
		return &zone{vt: &vtzone{def: def, b: x.p.work}}
	}
	if loc, fixed := resolveNameFixed(name); loc != nil {
		if fixed {
			x.p.warn("zone_fixed_offset", fmt.Sprintf("TZID %q read as a fixed offset", name))
		}
		return newLocZone(loc)
	}
	x.p.warn("zone_unresolved", fmt.Sprintf("TZID %q is not known; read as floating time", name))
	return nil
}

func trimQuotes(s string) string {
	return string(bytes.TrimSpace(bytes.Trim(bytes.TrimSpace([]byte(s)), `"`)))
}

// tzLookupCost is the work charged for resolving one TZID.
const tzLookupCost = 200

// zoneOf returns the zone in whose wall clock v counts.
func (x *expander) zoneOf(v dtValue) *zone {
	switch v.form {
	case formUTC:
		return x.utcZone
	case formZoned:
		if z := x.zones[v.tz]; z != nil {
			return z
		}
		return x.float
	case formDate:
		return x.member
	}
	return x.float
}

// utc anchors a value: DATE values are local midnights in the member's zone.
func (x *expander) utc(v dtValue) int64 {
	switch v.form {
	case formUTC:
		return v.wall
	case formDate:
		return x.member.toUTCDate(v.wall)
	}
	return x.zoneOf(v).toUTC(v.wall)
}

// checkTime enforces the work budget, and the time budget every few thousand steps.
func (x *expander) checkTime() error {
	if err := x.p.work.failed(); err != nil {
		return err
	}
	if x.steps++; x.steps&4095 == 0 && time.Now().After(x.p.deadline) {
		return &ParseError{Err: ErrTimeBudget}
	}
	return nil
}

// group is the components sharing one UID: the master with the highest SEQUENCE
// (the last one on a tie) and the overrides.
type group struct {
	master    *event
	overrides []*event
}

func (x *expander) run() error {
	index := make(map[string]int32, len(x.p.events))
	groups := make([]group, 0, len(x.p.events))
	for i := range x.p.events {
		ev := &x.p.events[i]
		if ev.broken != "" {
			continue
		}
		gi, ok := index[ev.uid]
		if !ok || ev.uid == "" {
			gi = int32(len(groups))
			groups = append(groups, group{})
			if ev.uid != "" {
				index[ev.uid] = gi
			}
		}
		g := &groups[gi]
		switch {
		case ev.hasRecurID:
			g.overrides = append(g.overrides, ev)
		case g.master == nil || ev.seq >= g.master.seq:
			g.master = ev
		}
	}
	for i := range groups {
		if err := x.checkTime(); err != nil {
			return err
		}
		if err := x.expandGroup(&groups[i]); err != nil {
			return err
		}
	}
	if err := x.p.work.failed(); err != nil {
		return err
	}
	for i := range x.p.freeBusy {
		if err := x.expandFreeBusy(&x.p.freeBusy[i], i); err != nil {
			return err
		}
	}
	return nil
}

func (x *expander) expandFreeBusy(fb *freeBusy, n int) error {
	uid := fb.uid
	if uid == "" {
		uid = fmt.Sprintf("freebusy-%d", n+1)
	}
	uid += "#freebusy"
	for i, per := range fb.periods {
		s := x.utc(per.start)
		e := s + per.dur.days*secondsPerDay + per.dur.secs
		if per.hasEnd {
			e = x.utc(per.end)
		}
		if err := x.emitSpan(s, e, fb.kinds[i], false, false, uid); err != nil {
			return err
		}
	}
	return nil
}

// emit adds the interval [s, e) of a component if it is busy and overlaps the window.
func (x *expander) emit(s, e int64, ev *event) error {
	return x.emitSpan(s, e, ev.kind, ev.free, ev.cancelled, ev.uid)
}

func (x *expander) emitSpan(s, e int64, kind Kind, free, cancelled bool, uid string) error {
	if e < s {
		s, e = e, s
	}
	if cancelled {
		return nil
	}
	switch x.kind {
	case CalendarHolidays:
		s, e = x.wholeDays(s, e)
		kind = KindHoliday
	case CalendarTimeOff:
		kind = KindTimeOff
	default:
		if free {
			return nil
		}
	}
	if !x.p.work.spend(1) {
		return x.p.work.err
	}
	if s == e || e <= x.from || s >= x.to {
		return nil
	}
	if e-s > maxPlausibleSpan && uid != x.longUID {
		// A DATE-TIME DTEND before DTSTART is swapped by the contract and can
		// block months or years: say so, once per component.
		x.longUID = uid
		x.p.warn("long_instance", fmt.Sprintf("%s has an instance of %d days from %s; check its DTSTART and DTEND",
			describeUID(uid), (e-s)/secondsPerDay, time.Unix(s, 0).UTC().Format(time.RFC3339)))
	}
	if len(x.out) >= x.lim.MaxIntervals {
		return &ParseError{Err: ErrTooManyIntervals}
	}
	x.out = append(x.out, span{s: s, e: e, kind: kind, uid: uid})
	return nil
}

// maxPlausibleSpan is the longest instance read without a long_instance warning.
const maxPlausibleSpan = 60 * secondsPerDay

func describeUID(uid string) string {
	if uid == "" {
		return "an event without UID"
	}
	return "UID " + uid
}

// span is a busy interval in Unix seconds, converted to Busy once sorted.
type span struct {
	s, e int64
	kind Kind
	uid  string
}

// wholeDays widens [s, e) to the member's local days it touches (at least one).
func (x *expander) wholeDays(s, e int64) (int64, int64) {
	d0 := dayOfWall(x.member.toWall(s))
	d1 := d0 + 1
	if e > s {
		d1 = dayOfWall(x.member.toWall(e-1)) + 1
	}
	return x.member.toUTCDate(d0 * secondsPerDay), x.member.toUTCDate(d1 * secondsPerDay)
}
