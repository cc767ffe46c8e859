package ical

import (
	"bufio"
	"fmt"
	"io"
	"time"
)

// ExpandDates expands data over the member's local days [fromDate, toDate), given
// as YYYY-MM-DD, in the IANA zone tz ("" means UTC). It is what `overlap expand`
// runs. A bad date or range returns ErrInvalidRange, a bad zone ErrInvalidZone.
func ExpandDates(data []byte, fromDate, toDate, tz string, kind CalendarKind) (Result, error) {
	loc := time.UTC
	if tz != "" {
		if loc = loadIANA(tz); loc == nil {
			return Result{}, fmt.Errorf("%w: %q", ErrInvalidZone, tz)
		}
	}
	from, err1 := localMidnight(fromDate, loc)
	to, err2 := localMidnight(toDate, loc)
	if err1 != nil || err2 != nil || !to.After(from) {
		return Result{}, fmt.Errorf("%w: %q to %q", ErrInvalidRange, fromDate, toDate)
	}
	return Expand(data, from, to, Options{Zone: loc, Kind: kind})
}

// localMidnight returns the first instant of date in loc.
func localMidnight(date string, loc *time.Location) (time.Time, error) {
	d, err := time.Parse("2006-01-02", date)
	if err != nil {
		return time.Time{}, err
	}
	z := newLocZone(loc)
	return time.Unix(z.toUTCDate(daysFromCivil(d.Year(), int(d.Month()), d.Day())*secondsPerDay), 0).UTC(), nil
}

// WriteBusyLines writes one "START END UID" line per interval, in UTC
// (2024-01-01T09:00:00Z), the format of the corpus's expected files. An empty UID
// is written as "-".
func WriteBusyLines(w io.Writer, busy []Busy) error {
	bw := bufio.NewWriter(w)
	var buf []byte
	for _, b := range busy {
		buf = b.Start.UTC().AppendFormat(buf[:0], time.RFC3339)
		buf = append(buf, ' ')
		buf = b.End.UTC().AppendFormat(buf, time.RFC3339)
		buf = append(buf, ' ')
		if b.UID == "" {
			buf = append(buf, '-')
		} else {
			buf = append(buf, b.UID...)
		}
		buf = append(buf, '\n')
		if _, err := bw.Write(buf); err != nil {
			return err
		}
	}
	return bw.Flush()
}
