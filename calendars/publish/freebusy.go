package publish

import (
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/overlap/overlap/scheduler"
)

// FreeBusy is one published free/busy object (served as /ical/<token>.ifb).
type FreeBusy struct {
	Name   string // NAME and X-WR-CALNAME of the enclosing calendar
	ProdID string // PRODID; DefaultProdID when empty
	UID    string // UID of the VFREEBUSY; required
	// Stamp is the DTSTAMP: the generation time of the data.
	Stamp time.Time
	// From and To are the published range, DTSTART and DTEND; To must be
	// after From.
	From, To time.Time
	// Busy holds half-open [start, end) periods in any order. They are
	// widened to whole seconds, clipped to the range, merged when they
	// overlap or touch, and sorted; empty ones are dropped.
	Busy [][2]time.Time
	// Tentative holds periods held only tentatively, treated like Busy and
	// written as FBTYPE=BUSY-TENTATIVE; where a Busy period covers them,
	// Busy wins.
	Tentative [][2]time.Time
}

// WriteFreeBusy writes fb to w as an RFC 5545 calendar holding one VFREEBUSY
// with a FREEBUSY;FBTYPE=BUSY (or BUSY-TENTATIVE) line per merged period, in
// time order.
//
// No METHOD is written: an iTIP PUBLISH of a VFREEBUSY requires an ORGANIZER
// (RFC 5546 §3.3.1), and a secret feed should not carry anyone's address.
// WriteFreeBusy returns one of the Err sentinels, wrapped, if fb is invalid,
// and then writes nothing.
func WriteFreeBusy(w io.Writer, fb FreeBusy) error {
	b, err := encodeFreeBusy(fb)
	if err != nil {
		return err
	}
	if _, err := w.Write(b); err != nil {
		return fmt.Errorf("publish: write free/busy: %w", err)
	}
	return nil
}

func encodeFreeBusy(fb FreeBusy) ([]byte, error) {
	prodID, err := checkHeader(fb.ProdID, fb.Stamp)
	if err != nil {
		return nil, err
	}
	if fb.UID == "" || !validIdentifier(fb.UID) {
		return nil, fmt.Errorf("publish: free/busy uid %q: %w", fb.UID, ErrInvalidUID)
	}
	from, to := floorSecond(fb.From), ceilSecond(fb.To)
	if err := checkRange(from, to); err != nil {
		return nil, fmt.Errorf("publish: free/busy range: %w", err)
	}
	busy, err := mergeBusy(fb.Busy, from, to)
	if err != nil {
		return nil, err
	}
	tentative, err := mergeBusy(fb.Tentative, from, to)
	if err != nil {
		return nil, err
	}
	periods := make([]fbPeriod, 0, len(busy)+len(tentative))
	for _, p := range busy {
		periods = append(periods, fbPeriod{p, "BUSY"})
	}
	for _, p := range subtract(tentative, busy) {
		periods = append(periods, fbPeriod{p, "BUSY-TENTATIVE"})
	}
	slices.SortFunc(periods, func(a, b fbPeriod) int { return a.p[0].Compare(b.p[0]) })

	var l lines
	l.raw("BEGIN", "VCALENDAR")
	l.raw("VERSION", "2.0")
	l.text("PRODID", prodID)
	l.raw("CALSCALE", "GREGORIAN")
	l.text("NAME", fb.Name)
	l.text("X-WR-CALNAME", fb.Name)
	l.raw("BEGIN", "VFREEBUSY")
	l.text("UID", fb.UID)
	l.time("DTSTAMP", fb.Stamp)
	l.time("DTSTART", from)
	l.time("DTEND", to)
	for _, p := range periods {
		l.raw("FREEBUSY;FBTYPE="+p.fbType, formatTime(p.p[0])+"/"+formatTime(p.p[1]))
	}
	l.raw("END", "VFREEBUSY")
	l.raw("END", "VCALENDAR")
	return l.buf, nil
}

type fbPeriod struct {
	p      [2]time.Time
	fbType string
}

// subtract returns the parts of the sorted, disjoint periods in a that no
// period of the sorted, disjoint b covers.
func subtract(a, b [][2]time.Time) [][2]time.Time {
	return periods(toSet(a).Subtract(toSet(b)))
}

// toSet reads periods as a scheduler.Set, the one interval algebra.
func toSet(ps [][2]time.Time) scheduler.Set {
	ivs := make([]scheduler.Interval, len(ps))
	for i, p := range ps {
		ivs[i] = scheduler.Interval{Start: p[0], End: p[1]}
	}
	return scheduler.Normalize(ivs)
}

func periods(s scheduler.Set) [][2]time.Time {
	var out [][2]time.Time
	for _, iv := range s {
		out = append(out, [2]time.Time{iv.Start, iv.End})
	}
	return out
}

func checkRange(from, to time.Time) error {
	if err := checkTime(from); err != nil {
		return fmt.Errorf("start: %w", err)
	}
	if err := checkTime(to); err != nil {
		return fmt.Errorf("end: %w", err)
	}
	if !to.After(from) {
		return ErrInvalidRange
	}
	return nil
}

// mergeBusy validates periods and returns them widened to whole seconds,
// clipped to [from, to), sorted and merged.
func mergeBusy(busy [][2]time.Time, from, to time.Time) ([][2]time.Time, error) {
	widened := make([][2]time.Time, 0, len(busy))
	for i, p := range busy {
		start, end := floorSecond(p[0]), ceilSecond(p[1])
		if err := checkTime(start); err != nil {
			return nil, fmt.Errorf("publish: busy period %d start: %w", i, err)
		}
		if err := checkTime(end); err != nil {
			return nil, fmt.Errorf("publish: busy period %d end: %w", i, err)
		}
		if p[1].Before(p[0]) {
			return nil, fmt.Errorf("publish: busy period %d: %w", i, ErrInvalidRange)
		}
		if p[1].Equal(p[0]) {
			continue // empty; widening would make it a busy second
		}
		widened = append(widened, [2]time.Time{start, end})
	}
	return periods(toSet(widened).Clip(from, to)), nil
}
