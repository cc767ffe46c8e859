package ical

import "sort"

// ruleIter evaluates one RRULE in wall seconds, period by period, in the manner of
// python-dateutil's rrule (a period is one year, month, week, day, hour, minute or
// second of the frequency, times INTERVAL; each period yields its sorted instance set,
// BYSETPOS applied). It differs where RFC 5545 and libical agree against dateutil:
// YEARLY with BYWEEKNO iterates week-years (a week may spill into the neighbouring
// calendar years), and a BYWEEKNO rule without BYDAY takes DTSTART's weekday.
//
// The iterator owns its own evaluation instead of using rrule-go because rrule-go
// always iterates from the first occurrence (a series started in 2010 costs every
// instance since 2010 to expand a 2025 window), reads UNTIL in UTC, and allocates a
// time.Time per candidate. skipTo jumps straight to the period containing the window
// start for rules without COUNT; only COUNT rules must be counted from DTSTART.
type ruleIter struct {
	r     *rule // &rc
	rc    rule  // the rule with DTSTART's defaults filled in
	start int64 // DTSTART, wall seconds
	limit int64 // no instance after this wall time
	b     *budget

	timeset  []int32 // seconds of day for frequencies coarser than hourly
	hourSet  []int32 // seconds within the hour (HOURLY): BYMINUTE x BYSECOND
	minSet   []int32 // seconds within the minute (MINUTELY): BYSECOND
	plainWd  uint8
	nth      []nthWeekday
	yearNth  bool  // nth weekdays count within the year rather than the month
	dayCost  int64 // work to test one day: the lists dayMatches scans
	weekNo   bool  // YEARLY + BYWEEKNO: periods are week-years
	step     int64
	baseYear int
	baseIdx  int64 // year*12 + month-1 for MONTHLY
	baseDay  int64 // first day (or week start) of the first period
	baseT    int64 // first sub-daily period start

	k int64 // current period index
	// The current period's candidates are days x times, each day+base+time,
	// read lazily (di, ti) so that a large BYxxx product is never built; with
	// BYSETPOS the few selected instants are in buf instead.
	days    []int64
	times   []int32
	base    int64
	di, ti  int
	buf     []int64
	bi      int
	emitted int
	steps   int
	done    bool
	paused  bool // next returned to let the caller check its budget; call again
}

// pauseEvery makes next return (paused) after that many periods without an
// instance, so callers can check their time budget.
const pauseEvery = 4096

// maxRuleYear bounds every rule: nothing after year 9999 is generated.
const maxRuleYear = 9999

func newRuleIter(r *rule, start, limit int64) *ruleIter {
	it := &ruleIter{}
	it.init(r, start, limit)
	return it
}

// init (re)starts the iterator for r from start, keeping its buffers, so that
// an expansion evaluates its rules one after another without allocating.
func (it *ruleIter) init(r *rule, start, limit int64) {
	days, buf, nth := it.days[:0], it.buf[:0], it.nth[:0]
	*it = ruleIter{r: r, start: start, limit: limit, days: days, buf: buf, nth: nth}
	y, mo, d, h, mi, s := splitWall(start)
	sday := dayOfWall(start)
	swd := weekdayOf(sday)
	it.plainWd = r.byWeekday
	hasDaySel := r.hasByDay || len(r.byMonthDay) > 0 || len(r.byYearDay) > 0
	monthDayPos, monthDayNeg := r.monthDayPos, r.monthDayNeg
	monthMask := r.monthMask
	if !hasDaySel && len(r.byWeekNo) == 0 {
		switch r.freq {
		case freqYearly:
			if monthMask == 0 {
				monthMask = 1 << mo
			}
			monthDayPos = 1 << d
		case freqMonthly:
			monthDayPos = 1 << d
		case freqWeekly:
			it.plainWd = 1 << swd
		}
	}
	if len(r.byWeekNo) > 0 && !hasDaySel {
		it.plainWd = 1 << swd
	}
	// YEARLY;BYMONTHDAY=n without BYMONTH keeps DTSTART's month (libical, ical.js).
	if r.freq == freqYearly && monthMask == 0 && len(r.byMonthDay) > 0 && !r.hasByDay &&
		len(r.byYearDay) == 0 && len(r.byWeekNo) == 0 {
		monthMask = 1 << mo
	}
	for _, n := range r.byNWeekday {
		if r.freq > freqMonthly || (r.freq == freqYearly && len(r.byWeekNo) > 0) {
			it.plainWd |= 1 << n.wd
		} else {
			it.nth = append(it.nth, n)
		}
	}
	it.yearNth = r.freq == freqYearly && len(r.byMonth) == 0
	it.dayCost = 1 + int64(len(r.byYearDay)+len(r.byWeekNo)+len(it.nth))/8
	// Keep the effective day selectors on a private copy of the rule.
	it.rc = *r
	it.rc.monthMask, it.rc.monthDayPos, it.rc.monthDayNeg = monthMask, monthDayPos, monthDayNeg
	it.r = &it.rc

	interval := int64(r.interval)
	switch r.freq {
	case freqYearly:
		it.baseYear = y
		if len(r.byWeekNo) > 0 {
			it.weekNo = true
			it.baseYear = weekYearOf(sday, r.wkst)
		}
	case freqMonthly:
		it.baseIdx = int64(y)*12 + int64(mo-1)
	case freqWeekly:
		it.baseDay = sday - int64((swd-r.wkst+7)%7)
	case freqDaily:
		it.baseDay = sday
	case freqHourly:
		it.step = 3600 * interval
		it.baseT = sday*secondsPerDay + int64(h)*3600
	case freqMinutely:
		it.step = 60 * interval
		it.baseT = sday*secondsPerDay + int64(h*3600+mi*60)
	case freqSecondly:
		it.step = interval
		it.baseT = start
	}
	switch {
	case r.freq < freqHourly:
		it.timeset = r.timeSet(h, mi, s)
	case r.freq == freqHourly:
		it.hourSet = product([]int{0}, orDefault(r.byMinute, mi), orDefault(r.bySecond, s))
	case r.freq == freqMinutely:
		it.minSet = product([]int{0}, []int{0}, orDefault(r.bySecond, s))
	default:
		it.minSet = zeroSet[:]
	}
}

var zeroSet = [1]int32{0}

// iterCost and reusedIterCost are the work charged for setting up one rule
// evaluation, with its allocations or in a reused iterator, so that thousands
// of rules or re-evaluations are paid for.
const (
	iterCost       = 100
	reusedIterCost = 20
)

// withBudget makes the iterator spend b, starting with setUp for its set-up
// and the time sets it built.
func (it *ruleIter) withBudget(b *budget, setUp int64) *ruleIter {
	it.b = b
	b.spend(setUp + int64(len(it.timeset)+len(it.hourSet)))
	return it
}

// timeSet returns the sorted seconds of day of BYHOUR x BYMINUTE x BYSECOND, each
// part defaulting to DTSTART's (h, mi, s). The lists are sorted and free of
// duplicates, so the product is sorted. It is cached on the rule, which is
// evaluated again for every window and override check.
func (r *rule) timeSet(h, mi, s int) []int32 {
	key := int32(h*3600 + mi*60 + s)
	if r.ts != nil && r.tsKey == key {
		return r.ts
	}
	r.ts, r.tsKey = product(orDefault(r.byHour, h), orDefault(r.byMinute, mi), orDefault(r.bySecond, s)), key
	return r.ts
}

// product returns the seconds of day hours x minutes x seconds, sorted when
// each list is.
func product(hours, minutes, seconds []int) []int32 {
	ts := make([]int32, 0, len(hours)*len(minutes)*len(seconds))
	for _, hh := range hours {
		for _, mm := range minutes {
			for _, ss := range seconds {
				ts = append(ts, int32(hh*3600+mm*60+ss))
			}
		}
	}
	return ts
}

func orDefault(v []int, d int) []int {
	if len(v) > 0 {
		return v
	}
	return []int{d}
}

// skipTo moves to the first period that may hold instances at or after wall time t.
// It does nothing for COUNT rules, whose instances must be counted from DTSTART.
func (it *ruleIter) skipTo(t int64) {
	if it.r.count > 0 || t <= it.start {
		return
	}
	interval := int64(it.r.interval)
	var k int64
	switch it.r.freq {
	case freqYearly:
		ty, _, _ := civilFromDays(dayOfWall(t))
		k = floorDiv(int64(ty-1-it.baseYear), interval)
	case freqMonthly:
		ty, tm, _ := civilFromDays(dayOfWall(t))
		k = floorDiv(int64(ty)*12+int64(tm-1)-1-it.baseIdx, interval)
	case freqWeekly:
		k = floorDiv(dayOfWall(t)-it.baseDay, 7*interval)
	case freqDaily:
		k = floorDiv(dayOfWall(t)-it.baseDay, interval)
	default:
		k = floorDiv(t-it.baseT, it.step)
	}
	if k > it.k {
		it.k = k
		it.resetPeriod()
	}
}

func (it *ruleIter) resetPeriod() {
	it.buf, it.bi = it.buf[:0], 0
	it.days, it.times, it.base, it.di, it.ti = it.days[:0], nil, 0, 0, 0
}

// candidate returns the next candidate of the current period.
func (it *ruleIter) candidate() (int64, bool) {
	if it.bi < len(it.buf) {
		w := it.buf[it.bi]
		it.bi++
		return w, true
	}
	if it.di < len(it.days) && len(it.times) > 0 {
		w := it.days[it.di]*secondsPerDay + it.base + int64(it.times[it.ti])
		if it.ti++; it.ti == len(it.times) {
			it.ti = 0
			it.di++
		}
		return w, true
	}
	return 0, false
}

// stop ends the iteration.
func (it *ruleIter) stop() {
	it.done = true
	it.resetPeriod()
}

// next returns the next instance in wall seconds. ok is false when the rule is
// exhausted, passed the limit, or spent the budget.
func (it *ruleIter) next() (w int64, ok bool) {
	it.paused = false
	empty := 0
	for {
		for {
			if w, ok = it.candidate(); !ok {
				break
			}
			if !it.b.spend(1) {
				it.stop()
				return 0, false
			}
			if w < it.start {
				continue
			}
			if w > it.limit || (it.r.count > 0 && it.emitted >= it.r.count) {
				it.stop()
				return 0, false
			}
			it.emitted++
			return w, true
		}
		if it.done {
			return 0, false
		}
		if empty++; empty > pauseEvery {
			it.paused = true
			return 0, false
		}
		it.resetPeriod()
		it.steps++
		if !it.b.spend(1) {
			it.stop()
			return 0, false
		}
		it.fillPeriod()
	}
}

// fillPeriod computes the instances of period k into buf and advances k.
func (it *ruleIter) fillPeriod() {
	r := it.r
	interval := int64(r.interval)
	it.days = it.days[:0]
	var periodStart int64 // wall seconds
	switch r.freq {
	case freqYearly:
		y := int64(it.baseYear) + it.k*interval
		if y > maxRuleYear || y < 1 {
			it.done = true
			return
		}
		if it.weekNo {
			periodStart = it.weekNoDays(int(y)) * secondsPerDay
		} else {
			periodStart = daysFromCivil(int(y), 1, 1) * secondsPerDay
			for m := 1; m <= 12; m++ {
				if r.monthMask == 0 || r.monthMask&(1<<m) != 0 {
					it.monthDays(int(y), m)
				}
			}
		}
	case freqMonthly:
		idx := it.baseIdx + it.k*interval
		y, m := int(floorDiv(idx, 12)), int(idx-floorDiv(idx, 12)*12)+1
		if y > maxRuleYear {
			it.done = true
			return
		}
		periodStart = daysFromCivil(y, m, 1) * secondsPerDay
		if r.monthMask == 0 || r.monthMask&(1<<m) != 0 {
			it.monthDays(y, m)
		}
	case freqWeekly, freqDaily:
		n := int64(1)
		step := interval
		if r.freq == freqWeekly {
			n, step = 7, 7*interval
		}
		first := it.baseDay + it.k*step
		periodStart = first * secondsPerDay
		it.b.spend(n * it.dayCost)
		for d := first; d < first+n; d++ {
			if it.dayMatches(d) {
				it.days = append(it.days, d)
			}
		}
	default:
		it.fillSubDaily()
		return
	}
	it.k++
	if periodStart > it.limit {
		it.done = true
		return
	}
	it.combine(it.timeset, 0)
}

// fillSubDaily handles HOURLY, MINUTELY and SECONDLY periods, jumping over whole
// days, hours or minutes that the BY rule parts exclude.
func (it *ruleIter) fillSubDaily() {
	r := it.r
	t := it.baseT + it.k*it.step
	if t > it.limit || t >= (daysFromCivil(maxRuleYear+1, 1, 1))*secondsPerDay {
		it.done = true
		return
	}
	day := dayOfWall(t)
	sec := int(t - day*secondsPerDay)
	it.b.spend(it.dayCost - 1) // next spent one for the period
	h, mi, s := sec/3600, sec/60%60, sec%60
	switch {
	case !it.dayMatches(day):
		it.jumpTo((day + 1) * secondsPerDay)
		return
	case r.hourMask != 0 && r.hourMask&(1<<h) == 0:
		it.jumpTo(t - int64(mi*60+s) + 3600)
		return
	case r.freq >= freqMinutely && r.minuteMask != 0 && r.minuteMask&(1<<mi) == 0:
		it.jumpTo(t - int64(s) + 60)
		return
	case r.freq == freqSecondly && r.secondMask != 0 && r.secondMask&(1<<s) == 0:
		it.k++
		return
	}
	it.k++
	it.days = append(it.days, day)
	switch r.freq {
	case freqHourly:
		it.combine(it.hourSet, int64(h*3600))
	case freqMinutely:
		it.combine(it.minSet, int64(h*3600+mi*60))
	default:
		it.combine(it.minSet, int64(sec))
	}
}

// jumpTo moves k to the first period starting at or after wall time t.
func (it *ruleIter) jumpTo(t int64) {
	k := floorDiv(t-it.baseT+it.step-1, it.step)
	if k <= it.k {
		k = it.k + 1
	}
	it.k = k
}

// combine sets the period's candidates to its days crossed with times (plus
// base seconds), applying BYSETPOS. Without BYSETPOS the product is read lazily
// by candidate, from the first one at or after DTSTART.
func (it *ruleIter) combine(times []int32, base int64) {
	if len(it.days) == 0 || len(times) == 0 {
		it.days = it.days[:0]
		return
	}
	if len(it.r.bySetPos) == 0 {
		it.times, it.base, it.di, it.ti = times, base, 0, 0
		it.seekStart()
		return
	}
	total := len(it.days) * len(times)
	it.b.spend(int64(len(it.r.bySetPos)))
	for _, pos := range it.r.bySetPos {
		i := pos - 1
		if pos < 0 {
			i = total + pos
		}
		if i < 0 || i >= total {
			continue
		}
		it.buf = append(it.buf, it.days[i/len(times)]*secondsPerDay+base+int64(times[i%len(times)]))
	}
	it.di = len(it.days)
	sort.Slice(it.buf, func(a, b int) bool { return it.buf[a] < it.buf[b] })
	j := 0
	for i, w := range it.buf {
		if i == 0 || w != it.buf[j-1] {
			it.buf[j] = w
			j++
		}
	}
	it.buf = it.buf[:j]
}

// seekStart skips the candidates before DTSTART in the period DTSTART falls in,
// without examining them one by one.
func (it *ruleIter) seekStart() {
	last := int64(it.times[len(it.times)-1])
	for it.di < len(it.days) && it.days[it.di]*secondsPerDay+it.base+last < it.start {
		it.di++
	}
	if it.di == len(it.days) {
		return
	}
	d := it.days[it.di]*secondsPerDay + it.base
	it.ti = sort.Search(len(it.times), func(i int) bool { return d+int64(it.times[i]) >= it.start })
}

// monthDays appends the matching days of month y-m.
func (it *ruleIter) monthDays(y, m int) {
	first := daysFromCivil(y, m, 1)
	n := monthLen(y, m)
	r := it.r
	it.b.spend(int64(n) * it.dayCost)
	// Fast path: only month days select (the common default).
	if !r.hasByDay && it.plainWd == 0 && len(r.byYearDay) == 0 && len(r.byWeekNo) == 0 && len(it.nth) == 0 {
		for md := 1; md <= n; md++ {
			if r.monthDayPos&(1<<md) != 0 || r.monthDayNeg&(1<<(n-md+1)) != 0 {
				it.days = append(it.days, first+int64(md-1))
			}
		}
		return
	}
	for md := 0; md < n; md++ {
		if it.dayMatches(first + int64(md)) {
			it.days = append(it.days, first+int64(md))
		}
	}
}

// weekNoDays appends the matching days of week-year y and returns its first day.
func (it *ruleIter) weekNoDays(y int) int64 {
	r := it.r
	w1 := weekOneStart(y, r.wkst)
	weeks := int((weekOneStart(y+1, r.wkst) - w1) / 7)
	var sel [54]bool
	for _, n := range r.byWeekNo {
		if n < 0 {
			n += weeks + 1
		}
		if n >= 1 && n <= weeks {
			sel[n] = true
		}
	}
	for n := 1; n <= weeks; n++ {
		if !sel[n] {
			continue
		}
		it.b.spend(7 * it.dayCost)
		for d := w1 + int64(n-1)*7; d < w1+int64(n)*7; d++ {
			if it.dayMatches(d) {
				it.days = append(it.days, d)
			}
		}
	}
	return w1
}

// dayMatches applies the day-level BY rule parts (other than the period's own
// expansion) to day number d.
func (it *ruleIter) dayMatches(d int64) bool {
	r := it.r
	y, m, md := civilFromDays(d)
	if r.monthMask != 0 && r.monthMask&(1<<m) == 0 {
		return false
	}
	if r.monthDayPos != 0 || r.monthDayNeg != 0 {
		n := monthLen(y, m)
		if r.monthDayPos&(1<<md) == 0 && r.monthDayNeg&(1<<(n-md+1)) == 0 {
			return false
		}
	}
	if len(r.byYearDay) > 0 {
		yd := int(d-daysFromCivil(y, 1, 1)) + 1
		if !containsInt(r.byYearDay, yd) && !containsInt(r.byYearDay, yd-yearLen(y)-1) {
			return false
		}
	}
	if len(r.byWeekNo) > 0 && !it.weekNo && !it.inWeekNo(d) {
		return false
	}
	if it.plainWd == 0 && len(it.nth) == 0 {
		return true
	}
	wd := weekdayOf(d)
	if it.plainWd&(1<<wd) != 0 {
		return true
	}
	for _, n := range it.nth {
		if n.wd != wd {
			continue
		}
		pos, length := md, monthLen(y, m)
		if it.yearNth {
			pos, length = int(d-daysFromCivil(y, 1, 1))+1, yearLen(y)
		}
		if n.n > 0 && (pos-1)/7+1 == n.n {
			return true
		}
		if n.n < 0 && (length-pos)/7+1 == -n.n {
			return true
		}
	}
	return false
}

// inWeekNo reports whether day d lies in one of BYWEEKNO's weeks of its week-year.
func (it *ruleIter) inWeekNo(d int64) bool {
	wy := weekYearOf(d, it.r.wkst)
	w1 := weekOneStart(wy, it.r.wkst)
	weeks := int((weekOneStart(wy+1, it.r.wkst) - w1) / 7)
	n := int((d-w1)/7) + 1
	return containsInt(it.r.byWeekNo, n) || containsInt(it.r.byWeekNo, n-weeks-1)
}

func containsInt(s []int, v int) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}
