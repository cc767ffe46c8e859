package api

import (
	"context"
	"unicode/utf8"

	"github.com/overlap/overlap/planner"
)

// MemberRef is what a reader needs to recognise a member.
type MemberRef struct {
	Name     string `json:"name"`
	Timezone string `json:"timezone"`
}

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

// memberRefs loads the name and zone of the org's members among ids
// (members that no longer exist are left out).
func (s *Server) memberRefs(ctx context.Context, orgID string, ids []string) (map[string]MemberRef, error) {
	seen := make(map[string]bool, len(ids))
	uniq := make([]string, 0, len(ids))
	for _, id := range ids {
		if id != "" && !seen[id] {
			seen[id] = true
			uniq = append(uniq, id)
		}
	}
	out := make(map[string]MemberRef, len(uniq))
	if len(uniq) == 0 {
		return out, nil
	}
	ms, err := s.store.MembersByID(ctx, orgID, uniq)
	if err != nil {
		return nil, err
	}
	for _, m := range ms {
		out[m.ID] = MemberRef{Name: m.Name, Timezone: m.Timezone}
	}
	return out, nil
}
