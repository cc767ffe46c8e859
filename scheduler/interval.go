package scheduler

import (
	"slices"
	"time"
)

// Interval is the half-open span of instants [Start, End).
type Interval struct {
	Start, End time.Time
}

// Duration is the interval's length; negative lengths count as zero.
func (iv Interval) Duration() time.Duration {
	return max(iv.End.Sub(iv.Start), 0)
}

// Empty reports whether the interval holds no instant.
func (iv Interval) Empty() bool { return !iv.Start.Before(iv.End) }

// Set is a normalized set of instants: non-empty intervals in UTC, sorted,
// disjoint and non-adjacent (touching intervals are merged). Normalize builds
// one from any intervals; the methods also accept a Set that is not normalized
// and normalize a copy first.
type Set []Interval

// Normalize returns the set of instants covered by ivs. It does not modify ivs.
func Normalize(ivs []Interval) Set {
	out := make(Set, 0, len(ivs))
	for _, iv := range ivs {
		if !iv.Empty() {
			out = append(out, Interval{iv.Start.UTC(), iv.End.UTC()})
		}
	}
	slices.SortFunc(out, func(a, b Interval) int { return a.Start.Compare(b.Start) })
	return mergeSorted(out)
}

// mergeSorted merges overlapping and touching intervals of s, sorted by
// start, in place.
func mergeSorted(s Set) Set {
	w := 0
	for _, iv := range s {
		if w > 0 && !iv.Start.After(s[w-1].End) {
			if iv.End.After(s[w-1].End) {
				s[w-1].End = iv.End
			}
			continue
		}
		s[w] = iv
		w++
	}
	return s[:w]
}

// normalized reports whether s already satisfies the Set invariants.
func (s Set) normalized() bool {
	for i, iv := range s {
		if iv.Empty() || iv.Start.Location() != time.UTC || iv.End.Location() != time.UTC {
			return false
		}
		if i > 0 && !s[i-1].End.Before(iv.Start) {
			return false
		}
	}
	return true
}

// norm returns s, or a normalized copy when s breaks the invariants.
func (s Set) norm() Set {
	if s.normalized() {
		return s
	}
	return Normalize(s)
}

// Intersect is the set of instants in both s and t.
func (s Set) Intersect(t Set) Set {
	s, t = s.norm(), t.norm()
	var out Set
	for i, j := 0, 0; i < len(s) && j < len(t); {
		start, end := later(s[i].Start, t[j].Start), earlier(s[i].End, t[j].End)
		if start.Before(end) {
			out = append(out, Interval{start, end})
		}
		if s[i].End.Before(t[j].End) {
			i++
		} else {
			j++
		}
	}
	return out
}

// Subtract is the set of instants in s but not in t.
func (s Set) Subtract(t Set) Set {
	s, t = s.norm(), t.norm()
	var out Set
	j := 0
	for _, iv := range s {
		start := iv.Start
		for j < len(t) && !t[j].End.After(start) {
			j++
		}
		for k := j; k < len(t) && t[k].Start.Before(iv.End); k++ {
			if start.Before(t[k].Start) {
				out = append(out, Interval{start, t[k].Start})
			}
			start = later(start, t[k].End)
		}
		if start.Before(iv.End) {
			out = append(out, Interval{start, iv.End})
		}
	}
	return out
}

// Clip is the part of s inside [from, to).
func (s Set) Clip(from, to time.Time) Set {
	return s.Intersect(Set{{from.UTC(), to.UTC()}})
}

// Contains reports whether t lies in s.
func (s Set) Contains(t time.Time) bool {
	s = s.norm()
	i, _ := slices.BinarySearchFunc(s, t, func(iv Interval, t time.Time) int {
		if iv.End.After(t) {
			return 1
		}
		return -1
	})
	return i < len(s) && !s[i].Start.After(t)
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func earlier(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
