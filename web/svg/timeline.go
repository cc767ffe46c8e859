package svg

import (
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/overlap/overlap/planner"
	"github.com/overlap/overlap/scheduler"
)

// Timeline is one day (or any range) of a team on a common axis.
type Timeline struct {
	Title    string
	From, To time.Time
	Loc      *time.Location // the axis zone
	Rows     []Row
	Windows  []scheduler.Window // the team overlap, highlighted
	Now      time.Time          // drawn when inside the range
}

// Row is one member.
type Row struct {
	ID, Name string
	Zone     *time.Location // in effect on the timeline's first date
	Home     *time.Location // set when Zone is a zone override's (travelling)
	Pieces   []scheduler.Piece
}

// TimelineOf builds a timeline from a planner input and the overlap the
// scheduler found for it over [from, to). A member's row is labelled with
// the zone in effect on the first date of the axis: a travelling member's
// override zone, with their home zone beside it.
func TimelineOf(title string, in *planner.Input, windows []scheduler.Window, from, to time.Time, loc *time.Location, opts scheduler.AvailabilityOptions) (Timeline, error) {
	tl := Timeline{Title: title, From: from, To: to, Loc: loc, Windows: windows}
	date := scheduler.DateOf(from.In(loc))
	for _, m := range in.Members {
		pieces, err := scheduler.Availability(m, from, to, opts)
		if err != nil {
			return tl, err
		}
		r := Row{ID: m.ID, Name: in.Names[m.ID], Zone: planner.ZoneOn(m.Schedule, date), Pieces: pieces}
		if home := zoneOr(in.Zones[m.ID]); home.String() != r.Zone.String() {
			r.Home = home
		}
		tl.Rows = append(tl.Rows, r)
	}
	return tl, nil
}

// X is the horizontal position of t on the timeline's axis, in user units.
func (tl Timeline) X(t time.Time) float64 {
	span := tl.To.Sub(tl.From)
	if span <= 0 {
		return labelWidth
	}
	frac := float64(t.Sub(tl.From)) / float64(span)
	return labelWidth + max(0, min(1, frac))*plotWidth
}

// stamp formats an instant in a zone with its abbreviation.
func stamp(t time.Time, loc *time.Location) string {
	return t.In(loc).Format("Mon 15:04 MST")
}

// SVG draws the timeline.
func (tl Timeline) SVG() string {
	rows := max(len(tl.Rows), 1)
	height := axisHeight + rows*rowHeight + 46
	var b builder
	b.f(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-labelledby="tl-title" class="timeline" font-family="system-ui, sans-serif" font-size="12">`, width, height, width, height)
	b.f(`<title id="tl-title">%s</title>`, esc(tl.Title))
	b.f(`<rect x="0" y="0" width="%d" height="%d" fill="#ffffff"/>`, width, height)
	tl.axis(&b, height)
	for i, r := range tl.Rows {
		tl.row(&b, i, r)
	}
	if len(tl.Rows) == 0 {
		b.f(`<text x="%d" y="%d" fill="#495057">No members</text>`, labelWidth, axisHeight+20)
	}
	tl.overlap(&b, rows)
	if !tl.Now.IsZero() && !tl.Now.Before(tl.From) && tl.Now.Before(tl.To) {
		x := f1(tl.X(tl.Now))
		b.f(`<line class="now" x1="%s" x2="%s" y1="%d" y2="%d" stroke="#e03131" stroke-width="2"><title>Now: %s</title></line>`, x, x, axisHeight-6, axisHeight+rows*rowHeight, esc(stamp(tl.Now, tl.Loc)))
	}
	legend(&b, axisHeight+rows*rowHeight+18)
	b.f(`</svg>`)
	return b.String()
}

// axis labels the hours of the axis zone and marks its DST changes.
func (tl Timeline) axis(b *builder, height int) {
	b.f(`<text x="8" y="16" font-weight="bold">Times in %s</text>`, esc(tl.Loc.String()))
	b.f(`<text x="8" y="32" fill="#495057">%s</text>`, esc(tl.From.In(tl.Loc).Format("Mon 2 Jan 2006")))
	span := tl.To.Sub(tl.From)
	every := 1
	if span > 30*time.Hour {
		every = 6
	} else if span > 12*time.Hour {
		every = 3
	}
	bottom := axisHeight + max(len(tl.Rows), 1)*rowHeight
	start := tl.From.In(tl.Loc).Truncate(time.Hour)
	for t := start; t.Before(tl.To); t = t.Add(time.Hour) {
		if t.Before(tl.From) {
			continue
		}
		local := t.In(tl.Loc)
		if local.Minute() != 0 || local.Hour()%every != 0 {
			continue
		}
		x := f1(tl.X(t))
		b.f(`<line x1="%s" x2="%s" y1="%d" y2="%d" stroke="#ced4da" stroke-width="1"/>`, x, x, axisHeight-4, bottom)
		b.f(`<text x="%s" y="%d" text-anchor="middle" fill="#212529">%s</text>`, x, axisHeight-8, local.Format("15"))
	}
	for _, tr := range Transitions(tl.Loc, tl.From, tl.To) {
		x := f1(tl.X(tr.At))
		b.f(`<g class="dst"><line x1="%s" x2="%s" y1="%d" y2="%d" stroke="#c2255c" stroke-width="2" stroke-dasharray="4 3"/>`, x, x, 20, bottom)
		b.f(`<text x="%s" y="16" fill="#c2255c" text-anchor="middle">%s → %s</text>`, x, esc(tr.From), esc(tr.To))
		b.f(`<title>Clocks change in %s: %s → %s at %s</title></g>`, esc(tl.Loc.String()), esc(tr.From), esc(tr.To), esc(tr.At.In(tl.Loc).Format("15:04 MST")))
	}
}

// row draws one member's pieces, and their own DST changes.
func (tl Timeline) row(b *builder, i int, r Row) {
	y := axisHeight + i*rowHeight
	label := r.Name
	zone := "UTC"
	if r.Zone != nil {
		zone = r.Zone.String()
	}
	b.f(`<g class="member" data-member="%s">`, esc(r.ID))
	zoneLabel := zone + " (" + Abbrev(tl.From, zoneOr(r.Zone)) + ")"
	if r.Home == nil {
		b.f(`<text x="8" y="%d" font-weight="bold">%s</text>`, y+13, esc(label))
		b.f(`<text x="8" y="%d" fill="#495057" font-size="11">%s</text>`, y+26, esc(zoneLabel))
	} else {
		travel := "(travelling; home " + r.Home.String() + ")"
		nameWidth := float64(utf8.RuneCountInString(label))*7 + 4
		b.f(`<text class="travelling" x="8" y="%d"><tspan font-weight="bold">%s</tspan> <tspan fill="#c2255c" font-size="10"%s>%s</tspan>`,
			y+13, esc(label), fitLabel(float64(utf8.RuneCountInString(travel))*5, labelWidth-12-nameWidth), esc(travel))
		b.f(`<title>%s: %s on %s %s</title></text>`, esc(label), esc(zone), esc(tl.From.In(tl.Loc).Format("Mon 2 Jan")), esc(travel))
		b.f(`<text x="8" y="%d" fill="#495057" font-size="11">%s</text>`, y+26, esc(zoneLabel))
	}
	for _, p := range r.Pieces {
		x0, x1 := tl.X(p.Start), tl.X(p.End)
		fill := colors[string(p.Status)]
		if fill == "" {
			fill = "#adb5bd"
		}
		b.f(`<rect class="piece %s" x="%s" y="%d" width="%s" height="%d" fill="%s">`, esc(string(p.Status)), f1(x0), y+4, f1(x1-x0), rowHeight-8, fill)
		b.f(`<title>%s: %s, %s – %s (their time %s – %s)</title></rect>`, esc(label), esc(Words[string(p.Status)]),
			esc(stamp(p.Start, tl.Loc)), esc(stamp(p.End, tl.Loc)), esc(stamp(p.Start, zoneOr(r.Zone))), esc(stamp(p.End, zoneOr(r.Zone))))
	}
	if r.Zone != nil {
		for _, tr := range Transitions(r.Zone, tl.From, tl.To) {
			x := tl.X(tr.At)
			b.f(`<g class="dst"><path d="M%s %d l5 -7 h-10 z" fill="#c2255c"/><text x="%s" y="%d" fill="#c2255c" font-size="10">%s→%s</text>`,
				f1(x), y+11, f1(x+7), y+11, esc(tr.From), esc(tr.To))
			b.f(`<title>Clocks change for %s (%s): %s → %s</title></g>`, esc(label), esc(zone), esc(tr.From), esc(tr.To))
		}
	}
	b.f(`</g>`)
}

// overlap highlights the team overlap windows across every row.
func (tl Timeline) overlap(b *builder, rows int) {
	for _, w := range tl.Windows {
		x0, x1 := tl.X(w.Start), tl.X(w.End)
		b.f(`<rect class="overlap" data-start="%s" data-end="%s" x="%s" y="%d" width="%s" height="%d" fill="#1c7ed6" fill-opacity="0.18" stroke="#1864ab" stroke-width="2">`,
			w.Start.UTC().Format(time.RFC3339), w.End.UTC().Format(time.RFC3339), f1(x0), axisHeight, f1(x1-x0), rows*rowHeight)
		b.f(`<title>Team overlap %s – %s (%s)</title></rect>`, esc(stamp(w.Start, tl.Loc)), esc(stamp(w.End, tl.Loc)), esc(Hours(w.End.Sub(w.Start))))
	}
}

func legend(b *builder, y int) {
	x := 8
	for _, s := range []string{"available", "outside_hours", "busy", "time_off"} {
		b.f(`<rect x="%d" y="%d" width="12" height="12" fill="%s"/><text x="%d" y="%d">%s</text>`, x, y, colors[s], x+16, y+11, esc(Words[s]))
		x += 110
	}
	b.f(`<rect x="%d" y="%d" width="12" height="12" fill="#1c7ed6" fill-opacity="0.18" stroke="#1864ab"/><text x="%d" y="%d">team overlap</text>`, x, y, x+16, y+11)
}

// fitLabel squeezes a label whose estimated width (in user units) would run
// past room and into the plot, where the pieces drawn after it hide its end.
func fitLabel(est, room float64) string {
	if est <= room {
		return ""
	}
	return fmt.Sprintf(` textLength="%s" lengthAdjust="spacingAndGlyphs"`, f1(max(room, 40)))
}

func zoneOr(l *time.Location) *time.Location {
	if l == nil {
		return time.UTC
	}
	return l
}

// Hours says a duration briefly: "1 h", "2 h 30 min", "45 min".
func Hours(d time.Duration) string {
	h, m := int(d.Hours()), int(d.Minutes())%60
	switch {
	case h == 0:
		return fmt.Sprintf("%d min", m)
	case m == 0:
		return fmt.Sprintf("%d h", h)
	}
	return fmt.Sprintf("%d h %d min", h, m)
}
