package api

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// maxDuration bounds every duration read, before any field's own limit
// applies, so that no value overflows (P30501W once read as P3DT25M26S).
const maxDuration = 3660 * 24 * time.Hour

// parseDuration reads an ISO 8601 duration made of weeks, days, hours,
// minutes and seconds (P1W, P2D, PT1H30M, PT45S). Years and months are
// rejected: their length depends on the calendar. Days are 24 hours here.
func parseDuration(s string) (time.Duration, error) {
	bad := fmt.Errorf("%q is not an ISO 8601 duration such as PT30M, PT1H or P1D", s)
	rest, ok := strings.CutPrefix(strings.ToUpper(s), "P")
	if !ok || rest == "" || strings.HasSuffix(rest, "T") {
		return 0, bad
	}
	var total time.Duration
	inTime := false
	units := map[bool]map[byte]time.Duration{
		false: {'W': 7 * 24 * time.Hour, 'D': 24 * time.Hour},
		true:  {'H': time.Hour, 'M': time.Minute, 'S': time.Second},
	}
	for rest != "" {
		if rest[0] == 'T' {
			if inTime {
				return 0, bad
			}
			inTime, rest = true, rest[1:]
			continue
		}
		i := 0
		for i < len(rest) && (rest[i] >= '0' && rest[i] <= '9') {
			i++
		}
		if i == 0 || i == len(rest) || i > 9 {
			return 0, bad
		}
		n, _ := strconv.Atoi(rest[:i])
		unit, ok := units[inTime][rest[i]]
		if !ok {
			if !inTime && (rest[i] == 'Y' || rest[i] == 'M') {
				return 0, fmt.Errorf("%q uses years or months, whose length varies; use weeks or days", s)
			}
			return 0, bad
		}
		if time.Duration(n) > (maxDuration-total)/unit {
			return 0, fmt.Errorf("%q is longer than any duration Overlap accepts (at most %s)", s, formatDuration(maxDuration))
		}
		total += time.Duration(n) * unit
		rest = rest[i+1:]
	}
	return total, nil
}

// formatDuration writes d as an ISO 8601 duration (P1D, PT1H30M, PT0S).
func formatDuration(d time.Duration) string {
	if d <= 0 {
		return "PT0S"
	}
	var b strings.Builder
	b.WriteString("P")
	if days := d / (24 * time.Hour); days > 0 {
		fmt.Fprintf(&b, "%dD", days)
		d -= days * 24 * time.Hour
	}
	if d > 0 {
		b.WriteString("T")
		for _, u := range []struct {
			d time.Duration
			c string
		}{{time.Hour, "H"}, {time.Minute, "M"}, {time.Second, "S"}} {
			if n := d / u.d; n > 0 {
				fmt.Fprintf(&b, "%d%s", n, u.c)
				d -= n * u.d
			}
		}
	}
	return b.String()
}
