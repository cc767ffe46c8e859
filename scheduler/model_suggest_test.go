package scheduler

import (
	"cmp"
	"math"
	"slices"
	"time"
)

// modelSlot is a candidate of the Suggest model.
type modelSlot struct {
	t            int64
	attend       []int
	worst, total float64
}

// suggest is the model of Suggest: every quarter hour is tried and ranked,
// then picked greedily as documented.
func (md *model) suggest(ms []Member, opts SuggestOptions) []Suggestion {
	if len(ms) == 0 {
		return nil
	}
	avail, stats := md.availability(ms, opts.TentativeFree)
	days := make([][]modelDay, len(ms))
	for i, m := range ms {
		_, days[i] = md.working(m.Schedule)
	}
	quorum, limit, dur := cmp.Or(opts.Quorum, 1), opts.Limit, int64(opts.Duration/time.Minute)
	if limit <= 0 {
		limit = DefaultLimit
	}
	var slots []modelSlot
	for t := (md.lo + 14) / 15 * 15; t+dur <= md.hi; t += 15 {
		s := modelSlot{t: t, worst: math.Inf(-1)}
		ok := true
		for i, m := range ms {
			all := true
			for u := t; u < t+dur; u++ {
				all = all && avail[i][u-md.lo]
			}
			if all {
				s.attend = append(s.attend, i)
				l := modelInconvenience(days[i], t, dur).inc + opts.History[m.ID]
				s.worst, s.total = max(s.worst, l), s.total+l
			} else if m.Required {
				ok = false
			}
		}
		if ok && len(s.attend) >= quorum {
			slots = append(slots, s)
		}
	}
	slices.SortFunc(slots, func(a, b modelSlot) int {
		return cmp.Or(-cmp.Compare(len(a.attend), len(b.attend)), cmp.Compare(a.worst, b.worst),
			cmp.Compare(a.total, b.total), cmp.Compare(a.t, b.t))
	})
	var picks []modelSlot
	picked := map[int64]bool{}
	for _, s := range slots {
		free := true
		for _, p := range picks {
			free = free && (s.t+dur <= p.t || p.t+dur <= s.t)
		}
		if free && len(picks) < limit {
			picks, picked[s.t] = append(picks, s), true
		}
	}
	for _, s := range slots {
		if !picked[s.t] && len(picks) < limit {
			picks = append(picks, s)
		}
	}
	var out []Suggestion
	for _, s := range picks {
		sg := Suggestion{Start: minute(s.t), End: minute(s.t + dur), Worst: s.worst, Total: s.total}
		for _, i := range s.attend {
			in := modelInconvenience(days[i], s.t, dur)
			sg.Attendees = append(sg.Attendees, Attendee{ms[i].ID, minute(s.t).In(in.loc).Format(time.RFC3339), in.inc})
		}
		sg.Missing = md.unavailable(ms, stats, s.t-md.lo, s.t+dur-md.lo)
		out = append(out, sg)
	}
	return out
}

type modelInc struct {
	inc float64
	loc *time.Location
}

// modelInconvenience uses the working day holding t that starts first.
func modelInconvenience(days []modelDay, t, dur int64) modelInc {
	best := -1
	for k, d := range days {
		if d.s <= t && t < d.e && (best < 0 || d.s < days[best].s) {
			best = k
		}
	}
	if best < 0 {
		panic("attendee outside every working day")
	}
	d := days[best]
	n := d.e - d.s
	a, b := 2*(t-d.s)-n, 2*(t+dur-d.s)-n
	return modelInc{float64(max(a, -a, b, -b)) / float64(n), d.loc}
}
