package scheduler

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"time"
)

// DefaultLimit is how many suggestions Suggest returns when Limit is 0.
const DefaultLimit = 5

// SlotStep aligns suggested starts, on UTC quarter hours: every zone in use
// today has an offset of whole quarter hours, so they are local quarter hours
// too (Asia/Kathmandu, Pacific/Chatham and Australia/Eucla included).
const SlotStep = 15 * time.Minute

// SuggestOptions tunes Suggest.
type SuggestOptions struct {
	// Duration is the meeting's length; it must be positive.
	Duration time.Duration
	// Limit is how many suggestions to return; 0 or less means DefaultLimit.
	Limit int
	// Quorum is how many members must attend; 0 means 1. Required members
	// must attend whatever the quorum.
	Quorum int
	// TentativeFree ignores tentative blocks; otherwise they count as busy.
	TentativeFree bool
	// History is each member's past inconvenience by ID (for example the sum
	// over recent meetings); it is added to the member's inconvenience when
	// ranking, so burden rotates to those who have carried less.
	History map[string]float64
}

// Suggestion is a proposed meeting slot.
type Suggestion struct {
	Start, End time.Time
	// Attendees are the members available for the whole slot, in input order.
	Attendees []Attendee
	// Missing are the other members, in input order, each with the status
	// covering most of the slot where they are not available.
	Missing []Absence
	// Worst is the largest attendee load (inconvenience plus History) and
	// Total the sum of loads.
	Worst, Total float64
}

// Attendee is one attendee of a suggestion.
type Attendee struct {
	MemberID string
	// LocalStart is the slot's start in RFC 3339 with the attendee's offset,
	// in the zone of the working day the slot lies in.
	LocalStart string
	// Inconvenience is 0 at the middle of the attendee's working day and 1 at
	// its edges (see the definition on Suggest).
	Inconvenience float64
}

// Suggest proposes up to opts.Limit slots of opts.Duration in [from, to),
// starting on UTC quarter hours (SlotStep). A slot qualifies when every
// required member and at least the quorum attend, attending meaning available
// for the whole slot. Slots rank by attendance (more first), then by fairness:
// lower Worst, then lower Total, then earlier start. An attendee's
// inconvenience is max over the slot of |t − mid| / half, where mid and half
// are the middle and half-length of their working day holding the slot's
// start (first range start to last range end of that local date); 0 at the
// middle, 1 at the edges. Their load adds History. Suggestions are picked
// greedily in rank order skipping slots that overlap one already picked; only
// when no non-overlapping slot remains are the best remaining overlapping
// slots (distinct starts) appended, again in rank order. It returns
// ErrInvalidRange, ErrRangeTooLong, ErrInvalidDuration, ErrInvalidQuorum,
// ErrInvalidHours or ErrInvalidBlock.
func Suggest(members []Member, from, to time.Time, opts SuggestOptions) ([]Suggestion, error) {
	lo, hi, err := window(from, to)
	if err != nil {
		return nil, err
	}
	if opts.Duration <= 0 {
		return nil, fmt.Errorf("%w: meeting duration %s", ErrInvalidDuration, opts.Duration)
	}
	if len(members) == 0 {
		return nil, nil
	}
	quorum, err := checkQuorum(opts.Quorum, len(members), 1)
	if err != nil {
		return nil, err
	}
	tm, err := newTeam(members, lo, hi, opts.TentativeFree, true)
	if err != nil {
		return nil, err
	}
	defer tm.release()
	limit := opts.Limit
	if limit <= 0 {
		limit = DefaultLimit
	}
	p := picker{tm: tm, dur: int64(opts.Duration), quorum: quorum, load: make([]float64, len(members))}
	for i, m := range members {
		p.load[i] = opts.History[m.ID]
	}
	return p.suggestions(p.pick(limit)), nil
}

// picker ranks the slots of one Suggest call.
type picker struct {
	tm     *team
	dur    int64
	quorum int
	load   []float64 // History per member
	t0     int64     // first slot start
}

// slot is a candidate start with its ranking keys.
type slot struct {
	t            int64
	attend       int
	worst, total float64
	picked       bool
}

// pick returns up to limit slots in the order described on Suggest.
func (p *picker) pick(limit int) []slot {
	levels := p.levels()
	var picks, seen []slot
	for l := len(levels) - 1; l >= p.quorum && len(picks) < limit; l-- {
		level := levels[l]
		for k := range level {
			p.score(&level[k])
		}
		slices.SortFunc(level, compareSlots)
		for k := range level {
			if len(picks) < limit && !overlapsAny(picks, level[k].t, p.dur) {
				level[k].picked = true
				picks = append(picks, level[k])
			}
		}
		seen = append(seen, level...)
	}
	for k := 0; k < len(seen) && len(picks) < limit; k++ {
		if !seen[k].picked {
			picks = append(picks, seen[k])
		}
	}
	return picks
}

// compareSlots orders slots of one attendance by fairness, then start.
func compareSlots(a, b slot) int {
	return cmp.Or(cmp.Compare(a.worst, b.worst), cmp.Compare(a.total, b.total), cmp.Compare(a.t, b.t))
}

// overlapsAny reports whether [t, t+dur) overlaps a picked slot.
func overlapsAny(picks []slot, t, dur int64) bool {
	for _, s := range picks {
		if t < s.t+dur && s.t < t+dur {
			return true
		}
	}
	return false
}

// score sets a slot's Worst and Total over its attendees.
func (p *picker) score(s *slot) {
	s.worst, s.total = math.Inf(-1), 0 // History may be negative
	p.attendees(s.t, func(i int, inc float64) {
		l := inc + p.load[i]
		s.worst, s.total = max(s.worst, l), s.total+l
	})
}

// attendees calls fn for each member available throughout [t, t+dur), in
// input order, with their inconvenience.
func (p *picker) attendees(t int64, fn func(i int, inc float64)) {
	e := t + p.dur
	for i, v := range p.tm.avail {
		if !covers(v, t, e) {
			continue
		}
		// An attendee's instants are working instants, so a working day
		// holds t; ok is false only for inconsistent input.
		if h, ok := hullAt(p.tm.hulls[i], t); ok {
			fn(i, inconvenience(t, e, h))
		}
	}
}

// levels groups the qualifying slots by attendance, each group in time order.
func (p *picker) levels() [][]slot {
	att, req, nReq := p.attendance()
	var counts []int
	var all []slot
	for c := range att {
		if a := int(att[c]); int(req[c]) == nReq && a >= p.quorum {
			if a >= len(counts) {
				counts = append(counts, make([]int, a+1-len(counts))...)
			}
			counts[a]++
			all = append(all, slot{t: p.t0 + int64(c)*int64(SlotStep), attend: a})
		}
	}
	levels := make([][]slot, len(counts))
	sorted := make([]slot, len(all))
	next := 0
	for a, n := range counts {
		levels[a] = sorted[next : next : next+n]
		next += n
	}
	for _, s := range all {
		levels[s.attend] = append(levels[s.attend], s)
	}
	return levels
}

// attendance counts, for every slot start, the members and the required
// members available throughout, with difference arrays over the starts.
func (p *picker) attendance() (att, req []int32, nReq int) {
	tm, q := p.tm, int64(SlotStep)
	p.t0 = -floorDiv(-tm.lo, q) * q
	if tm.hi-p.dur < p.t0 {
		return nil, nil, 0
	}
	n := int((tm.hi-p.dur-p.t0)/q) + 1
	att, req = make([]int32, n+1), make([]int32, n+1)
	for i, v := range tm.avail {
		r := tm.members[i].Required
		if r {
			nReq++
		}
		for _, x := range v {
			first := max(-floorDiv(-(x.s-p.t0), q), 0)
			last := min(floorDiv(x.e-p.dur-p.t0, q), int64(n-1))
			if first > last {
				continue
			}
			att[first]++
			att[last+1]--
			if r {
				req[first]++
				req[last+1]--
			}
		}
	}
	for c := 1; c <= n; c++ {
		att[c] += att[c-1]
		req[c] += req[c-1]
	}
	return att[:n], req[:n], nReq
}

// suggestions turns picked slots into the result.
func (p *picker) suggestions(picks []slot) []Suggestion {
	out := make([]Suggestion, len(picks))
	for k, s := range picks {
		start, end := s.t, s.t+p.dur
		sg := Suggestion{Start: instant(start), End: instant(end), Worst: s.worst, Total: s.total}
		sg.Attendees = make([]Attendee, 0, s.attend)
		for i, m := range p.tm.members {
			if !covers(p.tm.avail[i], start, end) {
				continue
			}
			if h, ok := hullAt(p.tm.hulls[i], start); ok {
				local := sg.Start.In(h.zone.loc).Format(time.RFC3339)
				sg.Attendees = append(sg.Attendees, Attendee{m.ID, local, inconvenience(start, end, h)})
			}
		}
		out[k] = sg
	}
	p.missing(out)
	return out
}

// missing fills the suggestions' Missing lists, member by member, visiting
// the slots in time order.
func (p *picker) missing(out []Suggestion) {
	order := make([]int, len(out))
	spans := make([]span, len(out))
	for k := range order {
		order[k] = k
	}
	slices.SortFunc(order, func(a, b int) int { return out[a].Start.Compare(out[b].Start) })
	for k, o := range order {
		spans[k] = span{out[o].Start.UnixNano(), out[o].End.UnixNano()}
		out[o].Missing = make([]Absence, 0, len(p.tm.members)-len(out[o].Attendees))
	}
	var w *walker
	p.tm.uncovered(spans, func(k, i int) {
		w = p.tm.localWalker(i, spans[k].s, spans[k].e, w)
		st, _ := w.absence(spans[k].s, spans[k].e)
		sg := &out[order[k]]
		sg.Missing = append(sg.Missing, Absence{p.tm.members[i].ID, st})
	})
}
