package ical

import (
	"slices"
	"sort"
)

// durModel is how an instance's end follows from its start.
type durModel struct {
	kind    uint8
	days    int64
	secs    int64
	endZone *zone // durMixedDate: DTEND's zone
}

const (
	durExact     uint8 = iota // secs, exact
	durDays                   // days on the calendar (DATE DTSTART and DTEND)
	durNominal                // DURATION: days on the wall clock, then secs exact
	durMixedDate              // DATE DTSTART with DATE-TIME DTEND: midnight in DTEND's zone + secs
)

// durationOf derives ev's duration model; has is false when ev has neither DTEND
// nor DURATION (an override then keeps the master's).
func (x *expander) durationOf(ev *event) (m durModel, has bool) {
	st := ev.start
	switch {
	case ev.hasEnd:
		en := ev.end
		switch {
		case st.isDate() && en.isDate():
			days := en.dayNumber() - st.dayNumber()
			if days <= 0 {
				days = 1
			}
			return durModel{kind: durDays, days: days}, true
		case st.isDate():
			z := x.zoneOf(en)
			return durModel{kind: durMixedDate, secs: x.utc(en) - z.toUTCDate(st.wall), endZone: z}, true
		case en.isDate():
			mid := x.zoneOf(st).toUTCDate(en.wall)
			return durModel{kind: durExact, secs: mid - x.utc(st)}, true
		}
		return durModel{kind: durExact, secs: x.utc(en) - x.utc(st)}, true
	case ev.hasDur:
		return durModel{kind: durNominal, days: ev.dur.days, secs: ev.dur.secs}, true
	case st.isDate():
		return durModel{kind: durDays, days: 1}, false
	}
	return durModel{kind: durExact}, false
}

// reach bounds how far before its start (lo, negative durations) and after it
// (hi) an instance with model m can reach, in seconds.
func (m durModel) reach() (before, after int64) {
	ext := m.secs
	switch m.kind {
	case durDays, durNominal:
		ext += m.days * 90000 // a nominal day is at most 25 hours
	case durMixedDate:
		ext += secondsPerDay
	}
	if ext < 0 {
		return -ext + 3600, 3600
	}
	return 3600, ext + 3600
}

// span returns the interval of an instance starting at t under model m.
func (x *expander) span(t dtValue, m durModel) (int64, int64) {
	s := x.utc(t)
	switch m.kind {
	case durDays:
		return s, x.utc(dtValue{wall: t.wall + m.days*secondsPerDay, form: t.form, tz: t.tz})
	case durNominal:
		e := s
		if m.days != 0 {
			e = x.utc(dtValue{wall: t.wall + m.days*secondsPerDay, form: t.form, tz: t.tz})
		}
		return s, e + m.secs
	case durMixedDate:
		mid := m.endZone.toUTCDate(t.dayNumber() * secondsPerDay)
		return mid, mid + m.secs
	}
	return s, s + m.secs
}

// instance is one occurrence of a series before exceptions and overrides.
type instance struct {
	val     dtValue
	utc     int64
	perEnd  int64 // RDATE PERIOD end (instant) when hasPer
	hasPer  bool
	special bool // DTSTART itself (an RDATE period never changes its duration)
}

// override is a RECURRENCE-ID component prepared for matching.
type override struct {
	ev     *event
	ridUTC int64
	ridDay int64 // calendar date of RECURRENCE-ID in its own zone
	isDate bool
	used   bool
}

func (x *expander) expandGroup(g *group) error {
	master := g.master
	ovs := x.prepareOverrides(g.overrides)
	if master == nil {
		for i := range ovs {
			if err := x.emitOverride(&ovs[i], nil, durModel{}); err != nil {
				return err
			}
		}
		return nil
	}
	return x.expandSeries(master, ovs)
}

// prepareOverrides keeps one override per RECURRENCE-ID, the highest SEQUENCE
// (the last one on a tie).
func (x *expander) prepareOverrides(evs []*event) []override {
	if len(evs) == 0 {
		return nil
	}
	type key struct {
		isDate bool
		at     int64
	}
	out := make([]override, 0, len(evs))
	seen := make(map[key]int, len(evs))
	for _, ev := range evs {
		o := override{ev: ev, ridUTC: x.utc(ev.recurID), ridDay: ev.recurID.dayNumber(), isDate: ev.recurID.isDate()}
		k := key{o.isDate, o.ridUTC}
		if o.isDate {
			k.at = o.ridDay
		}
		if i, ok := seen[k]; ok {
			if ev.seq >= out[i].ev.seq {
				out[i] = o
			}
			continue
		}
		seen[k] = len(out)
		out = append(out, o)
	}
	return out
}

// emitOverride emits an override on its own terms: its DTSTART (else its
// RECURRENCE-ID) and its duration, else the master's model md.
func (x *expander) emitOverride(o *override, master *event, md durModel) error {
	m, has := x.durationOf(o.ev)
	if !has && master != nil {
		m = md
	}
	s, e := x.span(o.ev.start, m)
	return x.emit(s, e, o.ev)
}

func (x *expander) expandSeries(m *event, ovs []override) error {
	md, _ := x.durationOf(m)
	before, after := md.reach()
	for i, per := range m.rdates {
		if m.rdatePeriod[i] {
			s := x.utc(per.start)
			e := s + per.dur.days*90000 + per.dur.secs
			if per.hasEnd {
				e = x.utc(per.end)
			}
			before, after = max(before, s-e+3600), max(after, e-s+3600)
		}
	}
	lo, hi := x.from-after, x.to+before
	// RANGE=THISANDFUTURE moves later instances: widen by each shift and duration.
	for i := range ovs {
		if o := &ovs[i]; o.ev.future {
			shift := x.utc(o.ev.start) - o.ridUTC
			b, a := md.reach()
			if om, has := x.durationOf(o.ev); has {
				b, a = om.reach()
			}
			lo, hi = min(lo, x.from-a-max(shift, 0)), max(hi, x.to+b+max(-shift, 0))
		}
	}
	inst, err := x.instances(m, lo, hi)
	if err != nil {
		return err
	}
	ex := x.exceptions(m)
	future := futureOverrides(ovs)
	idx := newOverrideIndex(ovs)
	for i := range inst {
		t := &inst[i]
		o := idx.match(t)
		if ex.excludes(t) {
			if o != nil {
				o.used = true
				if o.ev.seq >= m.seq {
					if err := x.emitOverride(o, m, md); err != nil {
						return err
					}
				}
			}
			continue
		}
		if o != nil {
			o.used = true
			if err := x.emitOverride(o, m, md); err != nil {
				return err
			}
			continue
		}
		if err := x.emitInstance(m, md, t, future); err != nil {
			return err
		}
	}
	return x.leftoverOverrides(m, md, ovs, &ex, lo, hi)
}

// emitInstance emits a plain instance, shifted by the last THISANDFUTURE override
// at or before it, if any.
func (x *expander) emitInstance(m *event, md durModel, t *instance, future []*override) error {
	var rov *override
	if i := sort.Search(len(future), func(i int) bool { return future[i].ridUTC > t.utc }); i > 0 {
		rov = future[i-1]
	}
	if rov != nil {
		shift := x.utc(rov.ev.start) - rov.ridUTC
		dm, has := x.durationOf(rov.ev)
		if !has {
			dm = md
		}
		s, e := x.span(t.val, dm)
		return x.emit(s+shift, e+shift, rov.ev)
	}
	s, e := x.span(t.val, md)
	if t.hasPer && !t.special {
		e = t.perEnd
	}
	return x.emit(s, e, m)
}

// leftoverOverrides handles overrides that matched no generated instance: their
// RECURRENCE-ID lies outside the generated span, or names no instance at all. An
// override stands on its own unless its SEQUENCE is below the master's, in which
// case it is kept only if it replaces a real (not excluded) instance.
func (x *expander) leftoverOverrides(m *event, md durModel, ovs []override, ex *exceptionSet, lo, hi int64) error {
	for i := range ovs {
		o := &ovs[i]
		if o.used {
			continue
		}
		if o.ev.future && o.ridUTC < hi {
			continue
		}
		if o.ev.seq < m.seq {
			if o.ridUTC >= lo && o.ridUTC <= hi {
				continue
			}
			real, err := x.isLiveInstance(m, o, ex)
			if err != nil {
				return err
			}
			if !real {
				continue
			}
		}
		if err := x.emitOverride(o, m, md); err != nil {
			return err
		}
	}
	return nil
}

// isLiveInstance reports whether o's RECURRENCE-ID names a non-excluded instance.
func (x *expander) isLiveInstance(m *event, o *override, ex *exceptionSet) (bool, error) {
	inst, err := x.instances(m, o.ridUTC-2*secondsPerDay, o.ridUTC+2*secondsPerDay)
	if err != nil {
		return false, err
	}
	one := []override{*o}
	for i := range inst {
		if matchOverride(one, &inst[i]) != nil {
			return !ex.excludes(&inst[i]), nil
		}
	}
	return false, nil
}

func futureOverrides(ovs []override) []*override {
	var out []*override
	for i := range ovs {
		if ovs[i].ev.future {
			out = append(out, &ovs[i])
		}
	}
	sort.SliceStable(out, func(a, b int) bool { return out[a].ridUTC < out[b].ridUTC })
	return out
}

// matchOverride finds the override replacing t: by instant, or by date when
// either side is a DATE.
func matchOverride(ovs []override, t *instance) *override {
	if len(ovs) == 0 {
		return nil
	}
	day := t.val.dayNumber()
	for i := range ovs {
		if o := &ovs[i]; !o.isDate && o.ridUTC == t.utc {
			return o
		}
	}
	for i := range ovs {
		o := &ovs[i]
		if (o.isDate || t.val.isDate()) && o.ridDay == day {
			return o
		}
	}
	return nil
}

// exceptionSet is a master's EXDATEs, sorted for binary search (a feed may
// carry thousands).
type exceptionSet struct {
	instants []int64
	days     []int64
}

func (x *expander) exceptions(m *event) exceptionSet {
	var ex exceptionSet
	for _, d := range m.exdates {
		if d.isDate() {
			ex.days = append(ex.days, d.dayNumber())
			continue
		}
		ex.instants = append(ex.instants, x.utc(d))
		if m.start.isDate() {
			ex.days = append(ex.days, d.dayNumber())
		}
	}
	slices.Sort(ex.instants)
	slices.Sort(ex.days)
	return ex
}

// excludes matches an instance by instant, or by date where a DATE is involved.
func (ex *exceptionSet) excludes(t *instance) bool {
	if _, ok := slices.BinarySearch(ex.instants, t.utc); ok {
		return true
	}
	if len(ex.days) > 0 {
		_, ok := slices.BinarySearch(ex.days, t.val.dayNumber())
		return ok
	}
	return false
}

// overrideIndex finds the override replacing an instance in constant time, as
// matchOverride does by scanning.
type overrideIndex struct {
	ovs       []override
	byUTC     map[int64]int // overrides with a DATE-TIME RECURRENCE-ID, by instant
	byDay     map[int64]int // every override, by date
	byDateDay map[int64]int // overrides with a DATE RECURRENCE-ID, by date
}

func newOverrideIndex(ovs []override) overrideIndex {
	ix := overrideIndex{ovs: ovs}
	if len(ovs) <= 8 {
		return ix
	}
	ix.byUTC, ix.byDay, ix.byDateDay = make(map[int64]int), make(map[int64]int), make(map[int64]int)
	first := func(m map[int64]int, k int64, i int) {
		if _, ok := m[k]; !ok {
			m[k] = i
		}
	}
	for i := range ovs {
		o := &ovs[i]
		if !o.isDate {
			first(ix.byUTC, o.ridUTC, i)
		} else {
			first(ix.byDateDay, o.ridDay, i)
		}
		first(ix.byDay, o.ridDay, i)
	}
	return ix
}

func (ix *overrideIndex) match(t *instance) *override {
	if ix.byUTC == nil {
		return matchOverride(ix.ovs, t)
	}
	if i, ok := ix.byUTC[t.utc]; ok {
		return &ix.ovs[i]
	}
	days := ix.byDateDay
	if t.val.isDate() {
		days = ix.byDay
	}
	if i, ok := days[t.val.dayNumber()]; ok {
		return &ix.ovs[i]
	}
	return nil
}
