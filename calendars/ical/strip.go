package ical

import "bytes"

// kept are the properties the importer reads. Strip keeps only these (and
// every BEGIN/END line, so the structure and the component count stay).
var kept = map[string]bool{
	"BEGIN": true, "END": true, "VERSION": true, "CALSCALE": true,
	"UID": true, "DTSTART": true, "DTEND": true, "DURATION": true,
	"RRULE": true, "RDATE": true, "EXDATE": true, "RECURRENCE-ID": true, "SEQUENCE": true,
	"STATUS": true, "TRANSP": true, "X-MICROSOFT-CDO-BUSYSTATUS": true, "FREEBUSY": true,
	"TZID": true, "TZOFFSETFROM": true, "TZOFFSETTO": true,
	"X-WR-TIMEZONE": true, "REFRESH-INTERVAL": true, "X-PUBLISHED-TTL": true,
}

// Strip removes everything from a calendar that busy time does not need —
// summaries, descriptions, locations, attendees, organisers, URLs, alarms'
// properties — so that what Overlap stores of a feed is times, rules and
// identifiers only. Lines are unfolded and written back with CRLF; Expand
// reads the result exactly as it reads the original.
func Strip(data []byte) []byte {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	out := make([]byte, 0, len(data)/4)
	var line []byte
	flush := func() {
		if len(line) == 0 {
			return
		}
		end := bytes.IndexAny(line, ";:")
		if end < 0 {
			end = len(line)
		}
		if kept[string(bytes.ToUpper(bytes.TrimSpace(line[:end])))] {
			out = append(out, line...)
			out = append(out, '\r', '\n')
		}
		line = line[:0]
	}
	for len(data) > 0 {
		i := bytes.IndexAny(data, "\r\n")
		var l []byte
		if i < 0 {
			l, data = data, nil
		} else {
			l = data[:i]
			if data[i] == '\r' && i+1 < len(data) && data[i+1] == '\n' {
				i++
			}
			data = data[i+1:]
		}
		if len(l) > 0 && (l[0] == ' ' || l[0] == '\t') {
			line = append(line, l[1:]...) // a folded continuation
			continue
		}
		flush()
		line = append(line, l...)
	}
	flush()
	return out
}
