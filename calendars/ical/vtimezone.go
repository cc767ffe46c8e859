package ical

import "sort"

// observance is a STANDARD or DAYLIGHT sub-component of a VTIMEZONE.
type observance struct {
	start    int64 // wall seconds, in the offset TZOFFSETFROM
	hasStart bool
	from, to int64
	hasFrom  bool
	hasTo    bool
	rules    []*rule
	rdates   []dtValue
}

// vtzDef is a VTIMEZONE as read.
type vtzDef struct {
	tzid string
	obs  []observance
}

func (p *parser) addVTimezone(d *vtzDef) {
	if d == nil || d.tzid == "" {
		return
	}
	valid := d.obs[:0]
	for _, o := range d.obs {
		if !o.hasStart || !o.hasTo {
			continue
		}
		if !o.hasFrom {
			o.from = o.to
		}
		valid = append(valid, o)
	}
	if len(valid) == 0 {
		return
	}
	d.obs = valid
	if p.vtz == nil {
		p.vtz = make(map[string]*vtzDef)
	}
	if _, dup := p.vtz[d.tzid]; !dup {
		p.vtz[d.tzid] = d
	}
}

// vtzone evaluates a VTIMEZONE: the onsets of every observance (DTSTART, RRULE,
// RDATE) become transitions, computed for a span of years around the instants
// asked for and extended on demand, so a definition starting in year 1601 (or 0001)
// costs only the years in use.
type vtzone struct {
	def     *vtzDef
	b       *budget // the calendar's work budget
	ready   bool
	lo, hi  int // years covered by trans
	trans   []transition
	initial int64

	cStart, cEnd, cOff int64 // the offset period last looked up: [cStart, cEnd)
}

type transition struct {
	at  int64 // instant of the onset
	off int64 // offset from then on
}

// maxVTZRuleSteps bounds the rule evaluation for one observance and span.
const maxVTZRuleSteps = 20000

// maxTransitionsPerYear bounds the onsets of one VTIMEZONE: real zones change
// offset a few times a year at most. A definition with more (sub-daily
// observances) spends the whole work budget, so the calendar is refused.
const maxTransitionsPerYear = 64

func (v *vtzone) offset(utc int64) int64 {
	if v.ready && utc >= v.cStart && utc < v.cEnd {
		return v.cOff
	}
	y, _, _ := civilFromDays(dayOfWall(utc))
	if !v.ready || y-1 < v.lo || y+1 > v.hi {
		lo, hi := y-1, y+1
		if v.ready && max(hi, v.hi)-min(lo, v.lo) < 400 {
			lo, hi = min(lo, v.lo), max(hi, v.hi)
		}
		v.compute(lo, hi)
		v.ready = true
	}
	i := sort.Search(len(v.trans), func(i int) bool { return v.trans[i].at > utc })
	// Cache the period found, within the years whose lookups need no recompute.
	v.cStart, v.cEnd = daysFromCivil(v.lo+1, 1, 1)*secondsPerDay, daysFromCivil(v.hi, 1, 1)*secondsPerDay
	v.cOff = v.initial
	if i > 0 {
		v.cStart, v.cOff = max(v.cStart, v.trans[i-1].at), v.trans[i-1].off
	}
	if i < len(v.trans) {
		v.cEnd = min(v.cEnd, v.trans[i].at)
	}
	return v.cOff
}

// compute fills trans with the onsets of wall years lo..hi.
func (v *vtzone) compute(lo, hi int) {
	v.lo, v.hi = lo, hi
	v.trans = v.trans[:0]
	from := daysFromCivil(lo, 1, 1) * secondsPerDay
	to := daysFromCivil(hi+1, 1, 1)*secondsPerDay - 1
	bestBefore, haveBefore := int64(0), false
	var earliest *observance
	maxTrans := maxTransitionsPerYear * (hi - lo + 1)
	for i := range v.def.obs {
		o := &v.def.obs[i]
		if earliest == nil || o.start < earliest.start {
			earliest = o
		}
		o.onsets(from, to, v.b, func(w int64) {
			if len(v.trans) >= maxTrans {
				v.b.exhaust()
				return
			}
			v.trans = append(v.trans, transition{at: w - o.from, off: o.to})
		})
		// The last onset before the span sets the offset at its start.
		var last int64
		found := false
		o.onsets(from-2*366*secondsPerDay, from-1, v.b, func(w int64) { last, found = w, true })
		if !found && o.start < from {
			last, found = o.start, true
		}
		if found && (!haveBefore || last-o.from > bestBefore) {
			bestBefore, haveBefore = last-o.from, true
			v.initial = o.to
		}
	}
	if !haveBefore {
		v.initial = earliest.from
	}
	sort.Slice(v.trans, func(a, b int) bool { return v.trans[a].at < v.trans[b].at })
}

// onsets calls fn with each onset (wall seconds) of o in [from, to].
func (o *observance) onsets(from, to int64, b *budget, fn func(int64)) {
	if !b.spend(int64(1 + len(o.rdates))) {
		return
	}
	if o.start >= from && o.start <= to {
		fn(o.start)
	}
	for _, d := range o.rdates {
		if d.wall >= from && d.wall <= to && d.wall != o.start {
			fn(d.wall)
		}
	}
	for _, r := range o.rules {
		limit := to
		if r.hasUntil {
			u := r.until.wall
			switch r.until.form {
			case formUTC:
				u += o.from
			case formDate:
				u += secondsPerDay - 1
			}
			limit = min(limit, u)
		}
		it := newRuleIter(r, o.start, limit).withBudget(b, iterCost)
		it.skipTo(from)
		for it.steps < maxVTZRuleSteps {
			w, ok := it.next()
			if !ok {
				if it.paused && b.failed() == nil {
					continue
				}
				break
			}
			if w >= from && w != o.start {
				fn(w)
			}
		}
	}
}
