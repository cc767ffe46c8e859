package publish

import (
	"strconv"
	"time"
	"unicode/utf8"
)

// maxOctets is the longest a physical line may be, CRLF excluded (RFC 5545
// §3.1).
const maxOctets = 75

// lines accumulates a feed as folded, CRLF-terminated content lines.
type lines struct {
	buf []byte
}

// raw writes a content line whose value needs no escaping: names,
// parameters and values the package formats itself (times, durations,
// enumerations).
func (l *lines) raw(name, value string) {
	line := make([]byte, 0, len(name)+1+len(value))
	line = append(line, name...)
	line = append(line, ':')
	line = append(line, value...)
	l.buf = appendFolded(l.buf, line)
}

// text writes a content line with one TEXT value.
func (l *lines) text(name, value string) {
	line := append([]byte(name), ':')
	l.buf = appendFolded(l.buf, appendText(line, value))
}

// textList writes a content line with a list of TEXT values separated by
// unescaped commas. Values that are empty after sanitizing are dropped, and
// so is the whole line when none is left: an empty category means nothing.
func (l *lines) textList(name string, values []string) {
	line := append([]byte(name), ':')
	head := len(line)
	for _, v := range values {
		mark := len(line)
		if mark > head {
			line = append(line, ',')
		}
		before := len(line)
		line = appendText(line, v)
		if len(line) == before {
			line = line[:mark]
		}
	}
	if len(line) > head {
		l.buf = appendFolded(l.buf, line)
	}
}

// time writes a DATE-TIME in UTC form.
func (l *lines) time(name string, t time.Time) {
	l.raw(name, formatTime(t))
}

// appendText appends s sanitized and escaped as an RFC 5545 TEXT value (see
// the package comment for the rules).
func appendText(b []byte, s string) []byte {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == '\r':
			if i < len(s) && s[i] == '\n' {
				i++
			}
			b = append(b, `\n`...)
		case r == '\n':
			b = append(b, `\n`...)
		case r == '\\' || r == ';' || r == ',':
			b = append(b, '\\', byte(r))
		case isControl(r):
			// Dropped: no client shows them, and some treat them as line ends.
		default:
			// An invalid byte decodes as utf8.RuneError, which is U+FFFD.
			b = utf8.AppendRune(b, r)
		}
	}
	return b
}

// isControl reports whether r is removed from TEXT values and rejected in
// identifiers: C0 (TAB included), DEL, C1 (NEL included) and the Unicode
// line and paragraph separators.
func isControl(r rune) bool {
	return r < 0x20 || (r >= 0x7f && r <= 0x9f) || r == '\u2028' || r == '\u2029'
}

// validIdentifier reports whether s can be written as a UID or PRODID
// without changing it beyond TEXT escaping.
func validIdentifier(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if isControl(r) {
			return false
		}
	}
	return true
}

// appendFolded appends line folded to maxOctets octets per physical line,
// each ended by CRLF. A fold is placed before the octet limit rather than
// inside a UTF-8 sequence or a backslash escape: RFC 5545 allows both, but
// clients that decode or unescape line by line (several have) would corrupt
// them.
func appendFolded(dst, line []byte) []byte {
	limit := maxOctets
	for len(line) > limit {
		cut := foldPoint(line, limit)
		dst = append(dst, line[:cut]...)
		dst = append(dst, "\r\n "...)
		line = line[cut:]
		limit = maxOctets - 1 // the leading space counts
	}
	dst = append(dst, line...)
	return append(dst, "\r\n"...)
}

// foldPoint returns where to cut line, at most limit octets in. line starts at
// a character and escape boundary and is valid UTF-8, so the result is at
// least limit-4.
func foldPoint(line []byte, limit int) int {
	cut := limit
	for cut > 0 && !utf8.RuneStart(line[cut]) {
		cut--
	}
	// An odd run of backslashes before the cut ends in the first half of an
	// escape; move the cut before it.
	run := 0
	for i := cut - 1; i >= 0 && line[i] == '\\'; i-- {
		run++
	}
	if run%2 == 1 {
		cut--
	}
	return cut
}

// utcLayout is the RFC 5545 DATE-TIME form in UTC ("FORM #2").
const utcLayout = "20060102T150405Z"

func formatTime(t time.Time) string { return t.UTC().Format(utcLayout) }

// checkTime validates a time that will be written as a DATE-TIME.
func checkTime(t time.Time) error {
	if y := t.UTC().Year(); t.IsZero() || y < 1 || y > 9999 {
		return ErrInvalidTime
	}
	return nil
}

// floorSecond and ceilSecond widen an interval outward to whole seconds, the
// precision of DATE-TIME, so a written interval always covers the given one.
func floorSecond(t time.Time) time.Time { return t.UTC().Truncate(time.Second) }

func ceilSecond(t time.Time) time.Time {
	f := floorSecond(t)
	if f.Before(t) {
		return f.Add(time.Second)
	}
	return f
}

// formatDuration formats d as an RFC 5545 dur-value: PT15M, PT1H, P1D,
// P1DT12H, PT1H0M30S (the grammar allows no gap between H and S).
func formatDuration(d time.Duration) (string, error) {
	if d <= 0 || d%time.Second != 0 {
		return "", ErrInvalidRefresh
	}
	secs := int64(d / time.Second)
	days, h, m, s := secs/86400, secs/3600%24, secs/60%60, secs%60
	b := []byte{'P'}
	if days > 0 {
		b = strconv.AppendInt(b, days, 10)
		b = append(b, 'D')
	}
	if h == 0 && m == 0 && s == 0 {
		return string(b), nil
	}
	b = append(b, 'T')
	if h > 0 {
		b = strconv.AppendInt(b, h, 10)
		b = append(b, 'H')
	}
	if m > 0 || (h > 0 && s > 0) {
		b = strconv.AppendInt(b, m, 10)
		b = append(b, 'M')
	}
	if s > 0 {
		b = strconv.AppendInt(b, s, 10)
		b = append(b, 'S')
	}
	return string(b), nil
}
