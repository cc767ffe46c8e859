// Package svg draws Overlap's pictures (the day timeline and the week
// heatmap) as standalone SVG from the same answers the JSON API gives. The
// drawings carry text labels and <title>s so they stay readable when pasted
// into a wiki or a chat, and use presentation attributes only (no style
// attributes, no script), so a strict Content-Security-Policy allows them.
package svg

import (
	"fmt"
	"html"
	"strings"
	"time"
)

// Drawing sizes, in SVG user units.
const (
	width      = 960
	labelWidth = 210
	plotWidth  = width - labelWidth - 10
	rowHeight  = 30
	axisHeight = 44
)

// Colors by status; the legend uses the same table.
var colors = map[string]string{
	"available":     "#2f9e5b",
	"outside_hours": "#e4e7eb",
	"busy":          "#f08c00",
	"tentative":     "#ffc078",
	"time_off":      "#7950f2",
	"holiday":       "#9775fa",
	"oof":           "#7950f2",
}

// Words says each status in plain words; meetings are only ever "busy".
var Words = map[string]string{
	"available":     "working",
	"outside_hours": "off",
	"busy":          "busy",
	"tentative":     "maybe busy",
	"time_off":      "time off",
	"holiday":       "public holiday",
	"oof":           "out of office",
}

func esc(s string) string { return html.EscapeString(s) }

// Abbrev is the zone abbreviation at t in loc, e.g. "CEST".
func Abbrev(t time.Time, loc *time.Location) string {
	name, _ := t.In(loc).Zone()
	return name
}

// Transition is an offset change of a zone (a DST change).
type Transition struct {
	At         time.Time
	From, To   string // abbreviations
	FromOffset int    // seconds east of UTC
	ToOffset   int
}

// Transitions finds the offset changes of loc in [from, to).
func Transitions(loc *time.Location, from, to time.Time) []Transition {
	var out []Transition
	const step = 15 * time.Minute
	prevName, prevOff := from.In(loc).Zone()
	for t := from.Add(step); t.Before(to); t = t.Add(step) {
		name, off := t.In(loc).Zone()
		if off == prevOff {
			continue
		}
		// Narrow down to the minute.
		lo := t.Add(-step)
		for lo.Add(time.Minute).Before(t) {
			mid := lo.Add(t.Sub(lo) / 2).Truncate(time.Minute)
			if _, o := mid.In(loc).Zone(); o == prevOff {
				lo = mid
			} else {
				t = mid
			}
		}
		out = append(out, Transition{At: t, From: prevName, To: name, FromOffset: prevOff, ToOffset: off})
		prevName, prevOff = name, off
	}
	return out
}

type builder struct{ strings.Builder }

func (b *builder) f(format string, args ...any) { fmt.Fprintf(&b.Builder, format, args...) }

func f1(x float64) string { return fmt.Sprintf("%.2f", x) }
