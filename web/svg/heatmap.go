package svg

import (
	"fmt"
	"time"

	"github.com/overlap/overlap/scheduler"
)

// Week is Monday first, as the heatmap API lists it.
var Week = []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday}

// Heatmap is how many members are available per hour of the week.
type Heatmap struct {
	Title   string
	Loc     *time.Location
	Members int
	Grid    scheduler.HeatGrid
}

// SVG draws the heatmap: a row per weekday, a column per hour.
func (h Heatmap) SVG() string {
	const left, top, cw, ch = 48, 40, 36, 26
	w, ht := left+24*cw+10, top+7*ch+30
	var b builder
	b.f(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-labelledby="hm-title" class="heatmap" font-family="system-ui, sans-serif" font-size="12">`, w, ht, w, ht)
	b.f(`<title id="hm-title">%s</title>`, esc(h.Title))
	b.f(`<rect x="0" y="0" width="%d" height="%d" fill="#ffffff"/>`, w, ht)
	b.f(`<text x="8" y="16" font-weight="bold">Members available per hour, %s</text>`, esc(h.Loc.String()))
	for hr := 0; hr < 24; hr += 3 {
		b.f(`<text x="%d" y="%d" text-anchor="middle">%02d</text>`, left+hr*cw+cw/2, top-6, hr)
	}
	for row, d := range Week {
		y := top + row*ch
		b.f(`<text x="8" y="%d">%s</text>`, y+ch/2+4, d.String()[:3])
		for hr := 0; hr < 24; hr++ {
			mean := h.Grid[d][hr].Mean
			frac := 0.0
			if h.Members > 0 {
				frac = mean / float64(h.Members)
			}
			x := left + hr*cw
			b.f(`<rect class="cell" data-day="%s" data-hour="%d" data-mean="%.3f" x="%d" y="%d" width="%d" height="%d" fill="%s" stroke="#ffffff">`,
				d.String()[:3], hr, mean, x, y, cw, ch, shade(frac))
			b.f(`<title>%s %02d:00–%02d:00 %s: %.1f of %d available</title></rect>`, d.String()[:3], hr, (hr+1)%24, esc(h.Loc.String()), mean, h.Members)
			if mean > 0 {
				fill := "#212529"
				if frac > 0.6 {
					fill = "#ffffff"
				}
				b.f(`<text x="%d" y="%d" text-anchor="middle" font-size="10" fill="%s">%s</text>`, x+cw/2, y+ch/2+4, fill, short(mean))
			}
		}
	}
	b.f(`<text x="8" y="%d" fill="#495057">Darker: more of the %d members available. Numbers are means over the week's hours.</text>`, top+7*ch+20, h.Members)
	b.f(`</svg>`)
	return b.String()
}

func short(f float64) string {
	if f == float64(int(f)) {
		return fmt.Sprintf("%d", int(f))
	}
	return fmt.Sprintf("%.1f", f)
}

// shade goes from light grey (nobody) to dark green (everybody).
func shade(frac float64) string {
	if frac <= 0 {
		return "#f1f3f5"
	}
	lo, hi := [3]float64{0xd3, 0xf9, 0xd8}, [3]float64{0x2b, 0x8a, 0x3e}
	var c [3]int
	for i := range c {
		c[i] = int(lo[i] + (hi[i]-lo[i])*min(frac, 1))
	}
	return fmt.Sprintf("#%02x%02x%02x", c[0], c[1], c[2])
}
