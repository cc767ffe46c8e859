package scheduler

import "time"

// The Set operations below are used by tests only (the models check the
// engine against them); the service needs Intersect, Subtract, Clip and
// Contains.

// Union is the set of instants in s or t.
func (s Set) Union(t Set) Set {
	s, t = s.norm(), t.norm()
	out := make(Set, 0, len(s)+len(t))
	i, j := 0, 0
	for i < len(s) || j < len(t) {
		if j == len(t) || (i < len(s) && s[i].Start.Before(t[j].Start)) {
			out = append(out, s[i])
			i++
		} else {
			out = append(out, t[j])
			j++
		}
	}
	return mergeSorted(out)
}

// Duration is the total length of s.
func (s Set) Duration() time.Duration {
	var d time.Duration
	for _, iv := range s.norm() {
		d += iv.Duration()
	}
	return d
}
