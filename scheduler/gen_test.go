package scheduler

import (
	"fmt"
	"slices"
	"time"

	"pgregory.net/rapid"
)

// Generators for the property tests. Everything is minute-aligned, so the
// minute model is exact.

var propZones = []string{
	"UTC", "Europe/Berlin", "America/New_York", "Australia/Sydney", "Australia/Lord_Howe",
	"Pacific/Chatham", "Asia/Kathmandu", "America/Sao_Paulo", "Asia/Tokyo",
	"America/St_Johns", "Europe/London", "America/Los_Angeles",
}

// transitions are dates near which windows are drawn: DST changes of the
// zones above, and dates without any.
var transitions = []string{
	"2024-03-10", "2024-03-31", "2024-04-07", "2024-09-29", "2024-10-06", "2024-10-27",
	"2024-11-03", "2018-11-04", "2019-02-17", "2023-03-26", "2023-10-01", "2024-01-15",
	"2024-06-15",
}

// uniform draws from [lo, hi] about uniformly: rapid's IntRange favours
// small values, which would keep windows and blocks short. Digits in base 16
// each come out close to uniform, and shrink towards lo all the same.
func uniform(t *rapid.T, lo, hi int, label string) int {
	span := hi - lo + 1
	v, scale := 0, 1
	for scale < span {
		v += scale * rapid.IntRange(0, 15).Draw(t, label)
		scale *= 16
	}
	return lo + v%span
}

var locCache = map[string]*time.Location{}

func loadZone(name string) *time.Location {
	if loc, ok := locCache[name]; ok {
		return loc
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	locCache[name] = loc
	return loc
}

func genZone(t *rapid.T, label string) *time.Location {
	return loadZone(rapid.SampledFrom(propZones).Draw(t, label))
}

// genWindow draws [lo, hi) in Unix minutes: up to maxDays long, starting a
// few days around a transition date.
func genWindow(t *rapid.T, maxDays int) (lo, hi int64) {
	d, _ := time.Parse("2006-01-02", rapid.SampledFrom(transitions).Draw(t, "date"))
	lo = d.Unix()/60 + int64(uniform(t, -3*1440, 2*1440, "start"))
	return lo, lo + int64(uniform(t, 1, maxDays*1440, "length"))
}

// genMinute draws a time of day: often on a quarter hour, often in the
// small hours when clocks change.
func genMinute(t *rapid.T, label string) TimeOfDay {
	switch rapid.IntRange(0, 3).Draw(t, label+"-kind") {
	case 0:
		return TimeOfDay(uniform(t, 0, 1439, label))
	case 1:
		return TimeOfDay(uniform(t, 0, 239, label))
	}
	return TimeOfDay(15 * uniform(t, 0, 95, label))
}

// genWeekly draws weekly hours: an office pattern (one range on most days),
// random ranges, or both.
func genWeekly(t *rapid.T) WeeklyHours {
	var w WeeklyHours
	if rapid.IntRange(0, 3).Draw(t, "pattern") > 0 {
		start := genMinute(t, "patternFrom")
		end := TimeOfDay((int(start) + uniform(t, 120, 1000, "patternMinutes")) % 1440)
		for d := range w {
			if rapid.IntRange(0, 6).Draw(t, "patternDay") < 5 {
				w[d] = []Range{{start, end}}
			}
		}
	}
	for range rapid.IntRange(0, 6).Draw(t, "ranges") {
		d := time.Weekday(rapid.IntRange(0, 6).Draw(t, "day"))
		start := genMinute(t, "from")
		end := TimeOfDay((int(start) + uniform(t, 15, 1200, "minutes")) % 1440)
		if end == 0 && rapid.Bool().Draw(t, "2400") {
			end = 1440
		}
		w[d] = append(w[d], Range{start, end})
		if w.Validate() != nil {
			w[d] = w[d][:len(w[d])-1]
		}
	}
	return w
}

func genSchedule(t *rapid.T, lo int64) Schedule {
	s := Schedule{Loc: genZone(t, "zone"), Weekly: genWeekly(t)}
	for range rapid.IntRange(0, 2).Draw(t, "overrides") {
		from := dateOf(lo/1440 + int64(rapid.IntRange(-2, 8).Draw(t, "ovFrom")))
		s.Overrides = append(s.Overrides, ZoneOverride{from, from.AddDays(rapid.IntRange(0, 3).Draw(t, "ovDays")),
			genZone(t, "ovZone")})
	}
	return s
}

var reasons = []Status{StatusTimeOff, StatusHoliday, StatusOOF, StatusOutsideHours, StatusBusy, StatusTentative}

func genBlocks(t *rapid.T, lo, hi int64) []Block {
	var out []Block
	for range rapid.IntRange(0, 6).Draw(t, "blocks") {
		s := lo + int64(uniform(t, -600, int(hi-lo), "blockStart"))
		e := s + int64(uniform(t, 0, 600, "blockMinutes"))
		out = append(out, Block{minute(s), minute(e), rapid.SampledFrom(reasons).Draw(t, "reason")})
	}
	if rapid.Bool().Draw(t, "sortBlocks") {
		sortBlocks(out) // as calendars list them: the engine's fast paths
	}
	return out
}

func genMembers(t *rapid.T, lo, hi int64, maxN int) []Member {
	n := uniform(t, 0, maxN, "members")
	out := make([]Member, n)
	for i := range out {
		out[i] = Member{ID: fmt.Sprintf("m%d", i), Schedule: genSchedule(t, lo),
			Blocks: genBlocks(t, lo, hi), Required: rapid.IntRange(0, 3).Draw(t, "required") == 0}
		if i > 0 && rapid.IntRange(0, 2).Draw(t, "sameSchedule") == 0 {
			// Another member's zone and weekly hours (a copy): large teams
			// share a few, and the engine computes each once.
			from := out[rapid.IntRange(0, i-1).Draw(t, "scheduleOf")].Schedule
			out[i].Schedule = Schedule{Loc: from.Loc, Weekly: from.Weekly} // the same slices, as a store shares them
			if rapid.Bool().Draw(t, "copyHours") {
				for d, rs := range from.Weekly {
					out[i].Schedule.Weekly[d] = slices.Clone(rs)
				}
			}
			if rapid.Bool().Draw(t, "sameOverrides") {
				out[i].Schedule.Overrides = slices.Clone(from.Overrides)
			}
		}
		out[i].Blocks, out[i].Busy = genCompact(t, out[i].Blocks)
	}
	return out
}

// genSplit makes newTeam compute teams of two or more members in two
// halves at once for the rest of the test, or in one, as drawn.
func genSplit(t *rapid.T) {
	saved := parallelMembers
	if rapid.Bool().Draw(t, "split") {
		parallelMembers = 2
	}
	t.Cleanup(func() { parallelMembers = saved })
}

// genCompact moves some of blocks, all or none, into the compact form, as
// the planner hands calendars' busy time over.
func genCompact(t *rapid.T, blocks []Block) ([]Block, []Busy) {
	var keep []Block
	var busy []Busy
	switch rapid.IntRange(0, 2).Draw(t, "compact") {
	case 0:
		return blocks, nil
	case 1:
		keep = nil
	case 2:
		keep = blocks[:0:0]
	}
	for k, b := range blocks {
		if keep == nil || rapid.Bool().Draw(t, fmt.Sprintf("compact%d", k)) {
			c, _ := Code(b.Reason)
			busy = append(busy, Busy{Start: b.Start.Unix(), Length: uint32(b.End.Unix() - b.Start.Unix()), Reason: c})
		} else {
			keep = append(keep, b)
		}
	}
	return keep, busy
}

// genSet draws a set of minute-aligned intervals over [lo, hi) (possibly
// overlapping, unsorted) as a raw interval list.
func genIntervals(t *rapid.T, lo, hi int64, label string) []Interval {
	var out []Interval
	for range rapid.IntRange(0, 8).Draw(t, label) {
		s := lo + int64(uniform(t, 0, int(hi-lo), label+"s"))
		e := s + int64(uniform(t, -5, 300, label+"e"))
		out = append(out, Interval{minute(s), minute(e)})
	}
	return out
}
