package ical

import (
	"bytes"
)

// lexer splits an iCalendar body into logical content lines (RFC 5545 §3.1): it
// accepts CRLF, bare LF and bare CR line ends, unfolds continuation lines (a line
// starting with a space or tab, also when the fold splits a UTF-8 sequence) and
// skips blank lines. A line that needs no unfolding is returned as a slice of the
// input, so the common case costs no copy; an unfolded line lives in a scratch
// buffer that the next call reuses.
//
// The package does not decode with go-ical: its Decoder allocates a Prop, a Params
// map and strings for every line, which made it most of the cost of an expansion,
// and it cannot be limited line by line. go-ical is the reference the tokenizer is
// tested against (lex_test.go).
type lexer struct {
	data    []byte
	pos     int
	nextLF  int // index of the next '\n' at or after pos, or len(data)
	line    int // number of the physical line where the current logical line starts
	nextNo  int
	maxLine int
	buf     []byte

	name   []byte
	params []param
	value  []byte
	upName [64]byte
}

// param is one property parameter; value has its quotes removed.
type param struct {
	name  []byte
	value []byte
}

func newLexer(data []byte, maxLine int) *lexer {
	l := &lexer{data: data, maxLine: maxLine, nextLF: -1, nextNo: 1}
	return l
}

// physLine returns the next physical line [start, end) and the index after its
// terminator.
func (l *lexer) physLine(pos int) (end, next int) {
	if l.nextLF < pos {
		i := bytes.IndexByte(l.data[pos:], '\n')
		if i < 0 {
			l.nextLF = len(l.data)
		} else {
			l.nextLF = pos + i
		}
	}
	e := l.nextLF
	if cr := bytes.IndexByte(l.data[pos:e], '\r'); cr >= 0 {
		end = pos + cr
		if end+1 < len(l.data) && l.data[end+1] == '\n' {
			return end, end + 2
		}
		return end, end + 1
	}
	if e >= len(l.data) {
		return len(l.data), len(l.data)
	}
	return e, e + 1
}

// next reads the next logical line into raw form. It returns ok=false at the end
// of the input and ErrLineTooLong for an unfolded line over the limit.
func (l *lexer) next() (raw []byte, ok bool, err error) {
	for l.pos < len(l.data) {
		start := l.pos
		end, next := l.physLine(start)
		l.line = l.nextNo
		l.nextNo++
		if next >= len(l.data) || !isFoldChar(l.data[next]) {
			l.pos = next
			if end-start > l.maxLine {
				return nil, false, ErrLineTooLong
			}
			if end == start {
				continue
			}
			return l.data[start:end], true, nil
		}
		l.buf = append(l.buf[:0], l.data[start:end]...)
		for next < len(l.data) && isFoldChar(l.data[next]) {
			s := next + 1
			e, n := l.physLine(s)
			l.nextNo++
			if len(l.buf)+(e-s) > l.maxLine {
				return nil, false, ErrLineTooLong
			}
			l.buf = append(l.buf, l.data[s:e]...)
			next = n
		}
		l.pos = next
		if len(l.buf) == 0 {
			continue
		}
		return l.buf, true, nil
	}
	return nil, false, nil
}

func isFoldChar(c byte) bool { return c == ' ' || c == '\t' }

// split parses a logical line into name, parameters and value. It reports false
// for a line that is not a content line. Quoted parameter values may contain ':',
// ';' and ','. A quoted value that swallowed the property value
// (TZID="Zone:20200609T090000", seen from Outlook) is split at its last colon.
func (l *lexer) split(raw []byte) bool {
	l.params = l.params[:0]
	i := 0
	for i < len(raw) && isNameChar(raw[i]) {
		i++
	}
	if i == 0 || i >= len(raw) || (raw[i] != ':' && raw[i] != ';') {
		return false
	}
	l.name = l.upper(raw[:i])
	for raw[i] == ';' {
		i++
		ns := i
		for i < len(raw) && raw[i] != '=' && raw[i] != ':' && raw[i] != ';' {
			i++
		}
		if i >= len(raw) {
			return false
		}
		pname := bytes.TrimSpace(raw[ns:i])
		if raw[i] != '=' { // a parameter without value: ignore it
			if raw[i] == ':' {
				break
			}
			continue
		}
		i++
		var pval []byte
		if i < len(raw) && raw[i] == '"' {
			q := bytes.IndexByte(raw[i+1:], '"')
			if q < 0 {
				return false
			}
			pval = raw[i+1 : i+1+q]
			i += q + 2
			if i >= len(raw) {
				// Outlook's TZID="Zone:VALUE": the value is inside the quotes.
				c := bytes.LastIndexByte(pval, ':')
				if c < 0 {
					return false
				}
				l.params = append(l.params, param{name: pname, value: pval[:c]})
				l.value = pval[c+1:]
				return true
			}
			// Skip junk after the closing quote up to the next delimiter.
			for i < len(raw) && raw[i] != ';' && raw[i] != ':' {
				i++
			}
		} else {
			vs := i
			for i < len(raw) && raw[i] != ';' && raw[i] != ':' {
				i++
			}
			pval = raw[vs:i]
		}
		l.params = append(l.params, param{name: pname, value: pval})
		if i >= len(raw) {
			return false
		}
	}
	l.value = raw[i+1:]
	return true
}

// upper returns name in upper case, copying only when it has lower-case letters.
func (l *lexer) upper(name []byte) []byte {
	for _, c := range name {
		if 'a' <= c && c <= 'z' {
			if len(name) > len(l.upName) {
				return bytes.ToUpper(name)
			}
			b := l.upName[:len(name)]
			for j, c := range name {
				if 'a' <= c && c <= 'z' {
					c -= 'a' - 'A'
				}
				b[j] = c
			}
			return b
		}
	}
	return name
}

// param returns the value of parameter name (upper case), or nil.
func (l *lexer) param(name string) []byte {
	for _, p := range l.params {
		if equalFoldASCII(p.name, name) {
			return p.value
		}
	}
	return nil
}

func isNameChar(c byte) bool {
	return c == '-' || ('A' <= c && c <= 'Z') || ('a' <= c && c <= 'z') || ('0' <= c && c <= '9')
}

// equalFoldASCII compares b with the upper-case ASCII string s, ignoring case.
func equalFoldASCII(b []byte, s string) bool {
	if len(b) != len(s) {
		return false
	}
	for i := 0; i < len(b); i++ {
		c := b[i]
		if 'a' <= c && c <= 'z' {
			c -= 'a' - 'A'
		}
		if c != s[i] {
			return false
		}
	}
	return true
}

// upperASCII returns b upper-cased as a string (for short tokens).
func upperASCII(b []byte) string {
	for _, c := range b {
		if 'a' <= c && c <= 'z' {
			return string(bytes.ToUpper(b))
		}
	}
	return string(b)
}

// unescapeText undoes RFC 5545 TEXT escaping (\\ \; \, \n \N).
func unescapeText(b []byte) string {
	if bytes.IndexByte(b, '\\') < 0 {
		return string(b)
	}
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); i++ {
		if b[i] == '\\' && i+1 < len(b) {
			i++
			switch b[i] {
			case 'n', 'N':
				out = append(out, '\n')
			default:
				out = append(out, b[i])
			}
			continue
		}
		out = append(out, b[i])
	}
	return string(out)
}
