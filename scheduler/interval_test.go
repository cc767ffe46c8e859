package scheduler

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestSetOps(t *testing.T) {
	a := Set{iv("2024-01-01T09:00:00Z", "2024-01-01T12:00:00Z"), iv("2024-01-01T13:00:00Z", "2024-01-01T17:00:00Z")}
	b := Set{iv("2024-01-01T11:00:00Z", "2024-01-01T14:00:00Z")}
	cases := []struct {
		name string
		got  Set
		want Set
	}{
		{"normalize merges touching and overlapping, drops empty", Normalize([]Interval{
			iv("2024-01-01T10:00:00Z", "2024-01-01T11:00:00Z"),
			iv("2024-01-01T09:00:00Z", "2024-01-01T10:00:00Z"),
			iv("2024-01-01T10:30:00Z", "2024-01-01T12:00:00Z"),
			iv("2024-01-01T15:00:00Z", "2024-01-01T15:00:00Z"),
			iv("2024-01-01T18:00:00Z", "2024-01-01T17:00:00Z"),
		}), Set{iv("2024-01-01T09:00:00Z", "2024-01-01T12:00:00Z")}},
		{"normalize converts to UTC", Normalize([]Interval{{
			time.Date(2024, 1, 1, 10, 0, 0, 0, time.FixedZone("X", 3600)),
			time.Date(2024, 1, 1, 11, 0, 0, 0, time.FixedZone("X", 3600)),
		}}), Set{iv("2024-01-01T09:00:00Z", "2024-01-01T10:00:00Z")}},
		{"union", a.Union(b), Set{iv("2024-01-01T09:00:00Z", "2024-01-01T17:00:00Z")}},
		{"intersect", a.Intersect(b), Set{iv("2024-01-01T11:00:00Z", "2024-01-01T12:00:00Z"), iv("2024-01-01T13:00:00Z", "2024-01-01T14:00:00Z")}},
		{"subtract", a.Subtract(b), Set{iv("2024-01-01T09:00:00Z", "2024-01-01T11:00:00Z"), iv("2024-01-01T14:00:00Z", "2024-01-01T17:00:00Z")}},
		{"clip", a.Clip(at("2024-01-01T10:00:00Z"), at("2024-01-01T14:00:00Z")), Set{iv("2024-01-01T10:00:00Z", "2024-01-01T12:00:00Z"), iv("2024-01-01T13:00:00Z", "2024-01-01T14:00:00Z")}},
		{"clip to an empty window", a.Clip(at("2024-01-01T14:00:00Z"), at("2024-01-01T10:00:00Z")), nil},
		{"at least 2 of 3", AtLeast([]Set{a, b, {iv("2024-01-01T08:00:00Z", "2024-01-01T09:30:00Z")}}, 2), Set{
			iv("2024-01-01T09:00:00Z", "2024-01-01T09:30:00Z"), iv("2024-01-01T11:00:00Z", "2024-01-01T12:00:00Z"), iv("2024-01-01T13:00:00Z", "2024-01-01T14:00:00Z")}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if diff := cmp.Diff(c.want, c.got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
	if got, want := a.Duration(), 7*time.Hour; got != want {
		t.Errorf("Duration = %s, want %s", got, want)
	}
	if !a.Contains(at("2024-01-01T09:00:00Z")) || a.Contains(at("2024-01-01T12:00:00Z")) {
		t.Error("Contains is not half-open")
	}
}

func TestSweep(t *testing.T) {
	a := Set{iv("2024-01-01T09:00:00Z", "2024-01-01T12:00:00Z")}
	b := Set{iv("2024-01-01T10:00:00Z", "2024-01-01T11:00:00Z"), iv("2024-01-01T12:00:00Z", "2024-01-01T13:00:00Z")}
	want := []Cover{
		{at("2024-01-01T09:00:00Z"), at("2024-01-01T10:00:00Z"), []int{0}},
		{at("2024-01-01T10:00:00Z"), at("2024-01-01T11:00:00Z"), []int{0, 1}},
		{at("2024-01-01T11:00:00Z"), at("2024-01-01T12:00:00Z"), []int{0}},
		{at("2024-01-01T12:00:00Z"), at("2024-01-01T13:00:00Z"), []int{1}},
	}
	if diff := cmp.Diff(want, Sweep([]Set{a, b})); diff != "" {
		t.Errorf("Sweep (-want +got):\n%s", diff)
	}
}
