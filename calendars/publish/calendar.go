package publish

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strconv"
	"time"
)

// DefaultProdID is the PRODID written when Calendar.ProdID or
// FreeBusy.ProdID is empty.
const DefaultProdID = "-//Overlap//Overlap published calendar//EN"

// Calendar is one published feed.
type Calendar struct {
	Name        string        // NAME and X-WR-CALNAME; always written, possibly empty
	Description string        // X-WR-CALDESC; omitted when empty after sanitizing
	ProdID      string        // PRODID; DefaultProdID when empty
	Refresh     time.Duration // REFRESH-INTERVAL and X-PUBLISHED-TTL; required, whole seconds
	// Stamp is the DTSTAMP of every event. Callers pass the generation time of
	// the data, not the time of the request, so the output is deterministic.
	Stamp  time.Time
	Events []Event // written sorted by (Start, End, UID); UIDs must be unique
}

// Event is one VEVENT of a Calendar.
type Event struct {
	UID string // stable and caller-made, e.g. "overlap-window-<hash>@overlap"
	// Start and End are written in UTC, widened outward to whole seconds; End
	// must be after Start.
	Start, End  time.Time
	Summary     string   // SUMMARY; always written, possibly empty
	Description string   // DESCRIPTION; omitted when empty after sanitizing
	Transparent bool     // TRANSP:TRANSPARENT (availability blocks) rather than OPAQUE
	Tentative   bool     // STATUS:TENTATIVE (time held only tentatively); no STATUS otherwise
	Categories  []string // CATEGORIES, in the given order; empty values are dropped
	Sequence    int      // SEQUENCE; omitted when 0, the default
}

// Write writes c to w as an RFC 5545 calendar.
//
// No METHOD is written: a subscription needs none, and an iTIP PUBLISH
// (RFC 5546 §3.2.1) requires an ORGANIZER in every event, which a secret
// feed should not carry (libical rejects PUBLISH without one).
//
// Events are sorted by (Start, End, UID) so the output depends only on the
// set of events, not on the order the caller found them in. Write returns one
// of the Err sentinels, wrapped, if c is invalid, and then writes nothing.
func Write(w io.Writer, c Calendar) error {
	b, err := encodeCalendar(c)
	if err != nil {
		return err
	}
	if _, err := w.Write(b); err != nil {
		return fmt.Errorf("publish: write calendar: %w", err)
	}
	return nil
}

// Events validates c as Write does, and returns the error Write would, or
// c's events as Write writes them: sorted, in UTC, widened to whole seconds.
// It is for writers of the same Calendar with another encoder.
func Events(c Calendar) ([]Event, error) {
	_, _, events, err := check(c)
	return events, err
}

// check validates c and returns the PRODID and REFRESH-INTERVAL to write
// and the events, normalized.
func check(c Calendar) (prodID, refresh string, events []Event, err error) {
	if prodID, err = checkHeader(c.ProdID, c.Stamp); err != nil {
		return "", "", nil, err
	}
	if refresh, err = formatDuration(c.Refresh); err != nil {
		return "", "", nil, fmt.Errorf("publish: refresh %v: %w", c.Refresh, err)
	}
	events, err = normalizeEvents(c.Events)
	return prodID, refresh, events, err
}

func encodeCalendar(c Calendar) ([]byte, error) {
	prodID, refresh, events, err := check(c)
	if err != nil {
		return nil, err
	}

	var l lines
	l.raw("BEGIN", "VCALENDAR")
	l.raw("VERSION", "2.0")
	l.text("PRODID", prodID)
	l.raw("CALSCALE", "GREGORIAN")
	l.text("NAME", c.Name)
	l.text("X-WR-CALNAME", c.Name)
	if desc := appendText(nil, c.Description); len(desc) > 0 {
		l.raw("X-WR-CALDESC", string(desc))
	}
	l.raw("REFRESH-INTERVAL;VALUE=DURATION", refresh)
	l.raw("X-PUBLISHED-TTL", refresh)
	for _, e := range events {
		writeEvent(&l, e, c.Stamp)
	}
	l.raw("END", "VCALENDAR")
	return l.buf, nil
}

// checkHeader validates what Calendar and FreeBusy share and returns the
// PRODID to write.
func checkHeader(prodID string, stamp time.Time) (string, error) {
	if prodID == "" {
		prodID = DefaultProdID
	}
	if !validIdentifier(prodID) {
		return "", fmt.Errorf("publish: prodid %q: %w", prodID, ErrInvalidProdID)
	}
	if err := checkTime(stamp); err != nil {
		return "", fmt.Errorf("publish: stamp %v: %w", stamp, err)
	}
	return prodID, nil
}

// normalizeEvents validates events and returns a sorted copy with times
// widened to whole seconds in UTC; the caller's slice is not modified.
func normalizeEvents(in []Event) ([]Event, error) {
	events := make([]Event, len(in))
	seen := make(map[string]bool, len(in))
	for i, e := range in {
		if err := checkEvent(e); err != nil {
			return nil, fmt.Errorf("publish: event %d (uid %q): %w", i, e.UID, err)
		}
		if seen[e.UID] {
			return nil, fmt.Errorf("publish: event %d (uid %q): %w", i, e.UID, ErrDuplicateUID)
		}
		seen[e.UID] = true
		e.Start, e.End = floorSecond(e.Start), ceilSecond(e.End)
		events[i] = e
	}
	slices.SortFunc(events, func(a, b Event) int {
		return cmp.Or(a.Start.Compare(b.Start), a.End.Compare(b.End), cmp.Compare(a.UID, b.UID))
	})
	return events, nil
}

func checkEvent(e Event) error {
	if e.UID == "" || !validIdentifier(e.UID) {
		return ErrInvalidUID
	}
	if err := checkTime(floorSecond(e.Start)); err != nil {
		return fmt.Errorf("start: %w", err)
	}
	if err := checkTime(ceilSecond(e.End)); err != nil {
		return fmt.Errorf("end: %w", err)
	}
	if !e.End.After(e.Start) {
		return ErrInvalidRange
	}
	if e.Sequence < 0 {
		return ErrInvalidSequence
	}
	return nil
}

func writeEvent(l *lines, e Event, stamp time.Time) {
	l.raw("BEGIN", "VEVENT")
	l.text("UID", e.UID)
	l.time("DTSTAMP", stamp)
	l.time("DTSTART", e.Start)
	l.time("DTEND", e.End)
	if e.Sequence > 0 {
		l.raw("SEQUENCE", strconv.Itoa(e.Sequence))
	}
	if e.Tentative {
		l.raw("STATUS", "TENTATIVE")
	}
	l.text("SUMMARY", e.Summary)
	if desc := appendText(nil, e.Description); len(desc) > 0 {
		l.raw("DESCRIPTION", string(desc))
	}
	if e.Transparent {
		l.raw("TRANSP", "TRANSPARENT")
	} else {
		l.raw("TRANSP", "OPAQUE")
	}
	l.textList("CATEGORIES", e.Categories)
	l.raw("END", "VEVENT")
}
