// Package icalfeed writes published calendars with the component model and
// encoder of github.com/emersion/go-ical, over calendars/publish's folding
// writer (go-ical writes lines unfolded). It takes the same publish.Calendar
// as publish.Write, so a feed can move between the two writers without its
// builder knowing; docs/libraries.md says which feeds use which and why.
package icalfeed

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode"

	ical "github.com/emersion/go-ical"

	"github.com/overlap/overlap/calendars/publish"
)

// Write writes c to w as an RFC 5545 calendar. No METHOD is written, as in
// publish.Write: a subscription needs none, and METHOD:PUBLISH without an
// ORGANIZER fails libical's iTIP restriction check.
//
// go-ical refuses a VCALENDAR without components (RFC 5545 §3.6 wants one),
// while a subscribed feed with nothing to show must still answer: a 404 or an
// error would make clients drop the subscription, and a placeholder event
// would appear in people's calendars. So a calendar without events is written
// by publish.Write, which emits the same header with no components (what
// every client we know accepts as "nothing to show").
func Write(w io.Writer, c publish.Calendar) error {
	if len(c.Events) == 0 {
		return publish.Write(w, c)
	}
	cal, err := build(c)
	if err != nil {
		return err
	}
	fw := publish.NewFoldingWriter(w)
	if err := ical.NewEncoder(fw).Encode(cal); err != nil {
		return fmt.Errorf("icalfeed: encode: %w", err)
	}
	return fw.Close()
}

func build(c publish.Calendar) (*ical.Calendar, error) {
	events, err := publish.Events(c) // validated as publish.Write validates
	if err != nil {
		return nil, err
	}
	cal := ical.NewCalendar()
	prodID := c.ProdID
	if prodID == "" {
		prodID = publish.DefaultProdID
	}
	cal.Props.SetText(ical.PropVersion, "2.0")
	cal.Props.SetText(ical.PropProductID, clean(prodID))
	cal.Props.SetText(ical.PropCalendarScale, "GREGORIAN")
	cal.Props.SetText(ical.PropName, clean(c.Name))
	setXText(cal.Props, "X-WR-CALNAME", clean(c.Name))
	if c.Description != "" {
		setXText(cal.Props, "X-WR-CALDESC", clean(c.Description))
	}
	// RFC 7986 requires VALUE=DURATION here although it is the default type,
	// so go-ical's SetValueType would leave it out.
	refresh := ical.NewProp(ical.PropRefreshInterval)
	refresh.Params.Set(ical.ParamValue, string(ical.ValueDuration))
	refresh.Value = "PT" + strconv.Itoa(int(c.Refresh/time.Second)) + "S"
	cal.Props.Set(refresh)
	ttl := ical.NewProp("X-PUBLISHED-TTL")
	ttl.Value = refresh.Value
	cal.Props.Set(ttl)
	for _, e := range events {
		cal.Children = append(cal.Children, event(e, c.Stamp).Component)
	}
	return cal, nil
}

func event(e publish.Event, stamp time.Time) *ical.Event {
	ev := ical.NewEvent()
	ev.Props.SetText(ical.PropUID, clean(e.UID))
	ev.Props.SetDateTime(ical.PropDateTimeStamp, stamp.UTC().Truncate(time.Second))
	ev.Props.SetDateTime(ical.PropDateTimeStart, e.Start) // whole seconds in UTC (publish.Events)
	ev.Props.SetDateTime(ical.PropDateTimeEnd, e.End)
	if e.Sequence > 0 {
		seq := ical.NewProp(ical.PropSequence)
		seq.Value = strconv.Itoa(e.Sequence)
		ev.Props.Set(seq)
	}
	ev.Props.SetText(ical.PropSummary, clean(e.Summary))
	if d := clean(e.Description); d != "" {
		ev.Props.SetText(ical.PropDescription, d)
	}
	transp := "OPAQUE"
	if e.Transparent {
		transp = "TRANSPARENT"
	}
	ev.Props.SetText(ical.PropTransparency, transp)
	return ev
}

// setXText sets an extension property to escaped text without the
// VALUE=TEXT parameter go-ical adds to properties it does not know.
func setXText(props ical.Props, name, text string) {
	props.SetText(name, text)
	p := props.Get(name)
	p.Params.Del(ical.ParamValue)
	props.Set(p)
}

// clean drops control characters (newlines stay: go-ical escapes them), as
// publish does: no client shows them and some read them as line ends.
func clean(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.Map(func(r rune) rune {
		if r != '\n' && (unicode.IsControl(r) || r == '\u2028' || r == '\u2029') {
			return -1
		}
		return r
	}, strings.ToValidUTF8(s, "\uFFFD"))
}
