package ical

import (
	"fmt"
	"testing"

	"pgregory.net/rapid"
)

// TestSkipToMatchesFullExpansion checks the window fast path: evaluating a rule
// from a later wall time must give exactly the instances a full evaluation from
// DTSTART gives from that time on.
func TestSkipToMatchesFullExpansion(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		freqs := []string{"YEARLY", "MONTHLY", "WEEKLY", "DAILY", "HOURLY", "MINUTELY"}
		f := rapid.IntRange(0, len(freqs)-1).Draw(t, "freq")
		spec := "FREQ=" + freqs[f] + fmt.Sprintf(";INTERVAL=%d", rapid.IntRange(1, 5).Draw(t, "interval"))
		if rapid.Bool().Draw(t, "byday") {
			days := []string{"MO", "TU", "WE", "TH", "FR", "SA", "SU", "1MO", "-1FR", "2TU"}
			n := rapid.IntRange(1, 3).Draw(t, "ndays")
			spec += ";BYDAY=" + days[rapid.IntRange(0, len(days)-1).Draw(t, "d0")]
			for i := 1; i < n; i++ {
				spec += "," + days[rapid.IntRange(0, 6).Draw(t, fmt.Sprint("d", i))]
			}
		}
		if rapid.Bool().Draw(t, "bymonthday") {
			spec += fmt.Sprintf(";BYMONTHDAY=%d", rapid.SampledFrom([]int{1, 13, 28, 31, -1, -7}).Draw(t, "md"))
		}
		if rapid.Bool().Draw(t, "bymonth") {
			spec += fmt.Sprintf(";BYMONTH=%d", rapid.IntRange(1, 12).Draw(t, "m"))
		}
		if f >= 4 && rapid.Bool().Draw(t, "byhour") {
			spec += fmt.Sprintf(";BYHOUR=%d,%d", rapid.IntRange(0, 11).Draw(t, "h1"), rapid.IntRange(12, 23).Draw(t, "h2"))
		}
		if rapid.Bool().Draw(t, "bysetpos") {
			spec += fmt.Sprintf(";BYSETPOS=%d", rapid.SampledFrom([]int{1, 2, -1}).Draw(t, "pos"))
		}
		if rapid.Bool().Draw(t, "wkst") {
			spec += ";WKST=SU"
		}
		r, err := parseRule([]byte(spec), &parser{})
		if err != nil {
			t.Fatalf("%s: %v", spec, err)
		}
		start := wallOf(rapid.IntRange(2015, 2024).Draw(t, "y"), rapid.IntRange(1, 12).Draw(t, "mo"),
			rapid.IntRange(1, 28).Draw(t, "d"), rapid.IntRange(0, 23).Draw(t, "h"), 15*rapid.IntRange(0, 3).Draw(t, "mi"), 0)
		span := int64(secondsPerDay * 400)
		if f >= 4 {
			span = secondsPerDay * 10
		}
		from := start + rapid.Int64Range(0, span).Draw(t, "skip")
		limit := from + span
		full := collect(newRuleIter(r, start, limit), 100000)
		var want []int64
		for _, w := range full {
			if w >= from {
				want = append(want, w)
			}
		}
		it := newRuleIter(r, start, limit)
		it.skipTo(from)
		var got []int64
		for _, w := range collect(it, 100000) {
			if w >= from {
				got = append(got, w)
			}
		}
		if len(want) != len(got) {
			t.Fatalf("%s from %d: full gives %d instances, skipped %d", spec, from, len(want), len(got))
		}
		for i := range want {
			if want[i] != got[i] {
				t.Fatalf("%s from %d: instance %d: full %d, skipped %d", spec, from, i, want[i], got[i])
			}
		}
	})
}

func collect(it *ruleIter, max int) []int64 {
	var out []int64
	for len(out) < max && it.steps < 1000000 {
		w, ok := it.next()
		if !ok {
			if it.paused {
				continue
			}
			break
		}
		out = append(out, w)
	}
	return out
}
