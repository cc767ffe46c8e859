package api

import (
	"unicode/utf8"

	"github.com/overlap/overlap/planner"
)

// MemberDirectory is the members of an answer once, by ID ("member_info"),
// so that large answers carry bare IDs yet read without another call. It is
// written straight from the planner's input: no map is built.
type MemberDirectory struct{ in *planner.Input }

func directory(in *planner.Input) MemberDirectory { return MemberDirectory{in: in} }

// MarshalJSON writes {"id":{"name":…,"timezone":…},…} in member order.
func (d MemberDirectory) MarshalJSON() ([]byte, error) {
	if d.in == nil || len(d.in.Members) == 0 {
		return []byte("{}"), nil
	}
	b := make([]byte, 0, 80*len(d.in.Members))
	b = append(b, '{')
	for i, m := range d.in.Members {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, m.ID)
		b = append(b, `:{"name":`...)
		b = appendJSONString(b, d.in.Names[m.ID])
		b = append(b, `,"timezone":`...)
		b = appendJSONString(b, m.Schedule.Loc.String())
		b = append(b, '}')
	}
	return append(b, '}'), nil
}

// appendJSONString appends s as a JSON string.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
		case c < 0x20:
			b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		case c < utf8.RuneSelf:
			b = append(b, c)
		default:
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 {
				b = append(b, `\ufffd`...)
			} else {
				b = append(b, s[i:i+size]...)
			}
			i += size
			continue
		}
		i++
	}
	return append(b, '"')
}
