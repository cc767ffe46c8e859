package ical

import (
	"math"
	"sort"
	"time"
)

// ruleMargin widens a UTC span into wall time: no zone is more than 26 hours
// away from UTC, VTIMEZONE oddities included.
const ruleMargin = 26 * 3600

// maxRuleSteps bounds the periods one rule may evaluate for one expansion (a
// period with no instance, such as a SECONDLY rule whose BYSETPOS never matches,
// costs a step too).
const maxRuleSteps = 2000000

// instances returns the instances of master m starting in [lo, hi] (UTC), sorted and
// without duplicates: DTSTART, every RRULE and every RDATE. DTSTART is the first
// instance even when no rule generates it (a set RFC 5545 §3.8.5.3 leaves
// undefined; the contract follows §3.3.10, where DTSTART always counts): it then
// counts toward the first rule's COUNT. Each instance generated counts against
// Limits.MaxInstances.
func (x *expander) instances(m *event, lo, hi int64) ([]instance, error) {
	c := &x.col
	*c = collector{out: x.inst[:0], lo: lo, hi: hi, max: x.lim.MaxInstances, m: m, work: x.p.work}
	add := c.add
	start := instance{val: m.start, utc: x.utc(m.start), special: true}
	z := x.zoneOf(m.start)
	unsynced := len(m.rules) > 0 && !x.rulesProduceStart(m, z)
	if len(m.rules) == 0 || m.badRule || unsynced {
		if err := add(start); err != nil {
			return nil, err
		}
	}
	for i, r := range m.rules {
		if i == 0 && unsynced && r.count > 0 {
			// DTSTART took the first of the rule's COUNT instances.
			if r.count == 1 {
				continue
			}
			rc := *r
			rc.count--
			rc.dates = nil // cached with the whole COUNT
			r = &rc
		}
		if err := x.ruleInstances(m, r, z, lo, hi); err != nil {
			return nil, err
		}
	}
	for i, per := range m.rdates {
		t := instance{val: per.start, utc: x.utc(per.start)}
		if m.rdatePeriod[i] {
			t.hasPer = true
			t.perEnd = t.utc + per.dur.secs
			if per.dur.days != 0 {
				t.perEnd = x.utc(dtValue{wall: per.start.wall + per.dur.days*secondsPerDay, form: per.start.form, tz: per.start.tz}) + per.dur.secs
			}
			if per.hasEnd {
				t.perEnd = x.utc(per.end)
			}
		}
		if m.start.isDate() && !t.val.isDate() {
			// A DATE-TIME RDATE on an all-day series names its day.
			t.val = dtValue{wall: t.val.dayNumber() * secondsPerDay, form: formDate}
			t.utc = x.utc(t.val)
		}
		if err := add(t); err != nil {
			return nil, err
		}
	}
	out := c.out
	if !sort.SliceIsSorted(out, func(i, j int) bool { return out[i].utc < out[j].utc }) {
		sort.SliceStable(out, func(i, j int) bool { return out[i].utc < out[j].utc })
	}
	// Deduplicate: the same instant, or the same date on an all-day series. A
	// generated instance wins over an RDATE (the RDATE may carry a period).
	j := 0
	for i := range out {
		if j > 0 && sameInstance(&out[j-1], &out[i]) {
			if out[i].hasPer && !out[j-1].hasPer && !out[j-1].special {
				out[j-1].hasPer, out[j-1].perEnd = true, out[i].perEnd
			}
			continue
		}
		out[j] = out[i]
		j++
	}
	x.inst = out[:j]
	return x.inst, nil
}

// instanceCost is the work charged for one instance.
const instanceCost = 2

// collector gathers the instances of one series within [lo, hi], counting every
// instance against the limit.
type collector struct {
	out    []instance
	lo, hi int64
	count  int
	max    int
	m      *event
	work   *budget
}

func (c *collector) add(t instance) error {
	// An instance costs more than a candidate: it is matched against EXDATEs
	// and overrides, anchored and emitted.
	if !c.work.spend(instanceCost) {
		return c.work.err
	}
	if c.count++; c.count > c.max {
		return &ParseError{Line: c.m.line, Err: ErrTooManyInstances, Detail: "UID " + c.m.uid}
	}
	if t.utc >= c.lo && t.utc <= c.hi {
		c.out = append(c.out, t)
	}
	return nil
}

func sameInstance(a, b *instance) bool {
	if a.val.isDate() && b.val.isDate() {
		return a.val.dayNumber() == b.val.dayNumber()
	}
	return a.utc == b.utc
}

// rulesProduceStart reports whether one of m's rules generates DTSTART itself,
// remembered on m (it does not depend on the window).
func (x *expander) rulesProduceStart(m *event, z *zone) bool {
	if m.startState == 0 {
		m.startState = 2
		for _, r := range m.rules {
			if x.ruleProducesStart(m, r, z) {
				m.startState = 1
				break
			}
		}
	}
	return m.startState == 1
}

// ruleProducesStart evaluates r from DTSTART up to DTSTART only.
func (x *expander) ruleProducesStart(m *event, r *rule, z *zone) bool {
	st := m.start
	r, limit, untilUTC, exact := x.ruleUntil(m, r, z, math.MaxInt64)
	it := x.iter(r, st.wall, min(limit, st.wall))
	w, ok := it.next()
	if !ok || w != st.wall {
		return false
	}
	return !exact || st.form == formUTC || z.toUTC(w) <= untilUTC
}

// ruleInstances evaluates rule r of master m in the wall clock of zone z.
func (x *expander) ruleInstances(m *event, r *rule, z *zone, lo, hi int64) error {
	st := m.start
	limit := hi + ruleMargin
	if st.form == formUTC {
		limit = hi
	}
	r, limit, untilUTC, exact := x.ruleUntil(m, r, z, limit)
	it := x.iter(r, st.wall, limit)
	wallLo := lo - ruleMargin
	if st.form == formUTC {
		wallLo = lo
	}
	it.skipTo(wallLo)
	for {
		if err := x.checkTime(); err != nil {
			return err
		}
		w, ok := it.next()
		if it.steps > maxRuleSteps {
			return &ParseError{Line: m.line, Err: ErrTooManyInstances, Detail: "UID " + m.uid + ": rule needs too many steps"}
		}
		if !ok {
			if err := x.p.work.failed(); err != nil {
				return &ParseError{Line: m.line, Err: ErrWorkBudget, Detail: "UID " + m.uid}
			}
			if !it.paused {
				return nil
			}
			if time.Now().After(x.p.deadline) {
				return &ParseError{Line: m.line, Err: ErrTimeBudget, Detail: "UID " + m.uid}
			}
			continue
		}
		t := instance{val: dtValue{wall: w, form: st.form, tz: st.tz}}
		if st.form == formUTC {
			t.utc = w
		} else {
			t.utc = z.toUTC(w)
		}
		if w == st.wall {
			t.special = true
		}
		if exact && t.utc > untilUTC {
			continue
		}
		if err := x.col.add(t); err != nil {
			return err
		}
	}
}

// iter returns the expander's rule iterator, restarted for r. Event rules are
// evaluated one at a time (VTIMEZONE rules, evaluated from inside zone lookups,
// have their own).
func (x *expander) iter(r *rule, start, limit int64) *ruleIter {
	if x.it == nil {
		x.it = &ruleIter{}
	}
	x.it.init(r, start, limit)
	return x.it.withBudget(x.p.work, reusedIterCost)
}

// ruleUntil adapts r to m's DTSTART (all-day series) and lowers limit to its
// UNTIL. A UTC UNTIL on a zoned series is exact: instances after untilUTC are
// dropped.
func (x *expander) ruleUntil(m *event, r *rule, z *zone, limit int64) (_ *rule, _ int64, untilUTC int64, exact bool) {
	st := m.start
	if st.isDate() {
		r = r.forDates()
	}
	if r.hasUntil {
		u := r.until
		switch {
		case u.isDate() && st.isDate():
			limit = min(limit, u.wall)
		case u.isDate():
			limit = min(limit, u.wall+secondsPerDay-1) // the whole UNTIL day
		case st.isDate():
			// A DATE-TIME UNTIL on an all-day series: its local date for the member.
			uu := x.utc(u)
			limit = min(limit, dayOfWall(x.member.toWall(uu))*secondsPerDay)
		case u.form == formUTC && st.form != formUTC:
			untilUTC, exact = u.wall, true
			limit = min(limit, z.toWall(u.wall)+ruleMargin)
		default:
			// A floating (or zoned) UNTIL is read in DTSTART's zone.
			limit = min(limit, u.wall)
		}
	}
	return r, limit, untilUTC, exact
}
