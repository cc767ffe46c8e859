package scheduler

import (
	"slices"
	"time"
)

// span is the engine's interval: [s, e) in Unix nanoseconds. Lists of spans
// are normalized like a Set unless said otherwise.
type span struct {
	s, e int64
}

// instant converts Unix nanoseconds to a UTC time.
func instant(ns int64) time.Time { return time.Unix(0, ns).UTC() }

// toSet converts normalized spans to a Set.
func toSet(v []span) Set {
	if len(v) == 0 {
		return nil
	}
	out := make(Set, len(v))
	for i, x := range v {
		out[i] = Interval{instant(x.s), instant(x.e)}
	}
	return out
}

// normalizeSpans sorts v by start if needed and merges it in place, dropping
// empty spans.
func normalizeSpans(v []span) []span {
	if !slices.IsSortedFunc(v, cmpSpan) {
		slices.SortFunc(v, cmpSpan)
	}
	w := 0
	for _, x := range v {
		switch {
		case x.s >= x.e:
		case w > 0 && x.s <= v[w-1].e:
			v[w-1].e = max(v[w-1].e, x.e)
		default:
			v[w] = x
			w++
		}
	}
	return v[:w]
}

func cmpSpan(a, b span) int {
	switch {
	case a.s < b.s:
		return -1
	case a.s > b.s:
		return 1
	}
	return 0
}

// appendSubtract appends a minus b to dst.
func appendSubtract(dst, a, b []span) []span {
	j := 0
	for _, x := range a {
		s := x.s
		for j < len(b) && b[j].e <= s {
			j++
		}
		for k := j; k < len(b) && b[k].s < x.e; k++ {
			if s < b[k].s {
				dst = append(dst, span{s, b[k].s})
			}
			s = max(s, b[k].e)
		}
		if s < x.e {
			dst = append(dst, span{s, x.e})
		}
	}
	return dst
}

// appendComplement appends [lo, hi) minus a to dst.
func appendComplement(dst, a []span, lo, hi int64) []span {
	return appendSubtract(dst, []span{{lo, hi}}, a)
}

// intersectLen is the total length of a ∩ b.
func intersectLen(a, b []span) int64 {
	var n int64
	for i, j := 0, 0; i < len(a) && j < len(b); {
		if s, e := max(a[i].s, b[j].s), min(a[i].e, b[j].e); s < e {
			n += e - s
		}
		if a[i].e < b[j].e {
			i++
		} else {
			j++
		}
	}
	return n
}

// spanTotal is the total length of v.
func spanTotal(v []span) int64 {
	var n int64
	for _, x := range v {
		n += x.e - x.s
	}
	return n
}

// firstEndingAfter is the index of the first span of v ending after t.
func firstEndingAfter(v []span, t int64) int {
	lo, hi := 0, len(v)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if v[m].e > t {
			hi = m
		} else {
			lo = m + 1
		}
	}
	return lo
}

// covers reports whether v contains all of [s, e).
func covers(v []span, s, e int64) bool {
	i := firstEndingAfter(v, s)
	return i < len(v) && v[i].s <= s && v[i].e >= e
}
