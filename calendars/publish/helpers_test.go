package publish

import (
	"bytes"
	"cmp"
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/emersion/go-ical"
	gocmp "github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current output")

// golden compares got with testdata/<name>.golden, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if diff := gocmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s mismatch (-want +got):\n%s", path, diff)
	}
}

// sanitized is the test's own model of what user text becomes once written
// and read back: invalid bytes → U+FFFD, CRLF/CR → LF, other controls gone.
func sanitized(s string) string {
	s = string([]rune(s)) // one U+FFFD per invalid byte
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n':
			return r
		case r < 0x20, r >= 0x7f && r <= 0x9f, r == '\u2028', r == '\u2029':
			return -1
		}
		return r
	}, s)
}

// feedView is what a subscriber sees of a Calendar.
type feedView struct {
	Name, CalName, CalDesc string
	Refresh, TTL           string
	Events                 []eventView
}

type eventView struct {
	UID, Summary, Description string
	Stamp, Start, End         time.Time
	Transp, Sequence, Status  string
	Categories                []string
}

// want is the view a correct Write of c must produce.
func want(c Calendar) feedView {
	refresh, _ := formatDuration(c.Refresh)
	v := feedView{
		Name: sanitized(c.Name), CalName: sanitized(c.Name), CalDesc: sanitized(c.Description),
		Refresh: refresh, TTL: refresh,
	}
	for _, e := range c.Events {
		ev := eventView{
			UID: e.UID, Summary: sanitized(e.Summary), Description: sanitized(e.Description),
			Stamp: c.Stamp.UTC().Truncate(time.Second),
			Start: e.Start.UTC().Truncate(time.Second), End: e.End.UTC().Add(time.Second - 1).Truncate(time.Second),
			Transp: "OPAQUE",
		}
		if e.Transparent {
			ev.Transp = "TRANSPARENT"
		}
		if e.Sequence != 0 {
			ev.Sequence = strconv.Itoa(e.Sequence)
		}
		if e.Tentative {
			ev.Status = "TENTATIVE"
		}
		for _, cat := range e.Categories {
			if s := sanitized(cat); s != "" {
				ev.Categories = append(ev.Categories, s)
			}
		}
		v.Events = append(v.Events, ev)
	}
	slices.SortFunc(v.Events, func(a, b eventView) int {
		return cmp.Or(a.Start.Compare(b.Start), a.End.Compare(b.End), strings.Compare(a.UID, b.UID))
	})
	return v
}

// checkFeed asserts everything the injection incidents taught us about out,
// the output of Write(c):
//
//	(a) CRLF only, physical lines ≤ 75 octets, valid UTF-8, no split escapes;
//	(b) the test's own unfold + unescape gives back the sanitized text;
//	(c) go-ical decodes exactly the events written, with the same text;
//	(d) no extra component or property appears.
func checkFeed(t testing.TB, out []byte, c Calendar) {
	t.Helper()
	checkLines(t, out)
	w := want(c)
	if diff := gocmp.Diff(w, ownView(t, out)); diff != "" {
		t.Errorf("unfold+unescape view mismatch (-want +got):\n%s", diff)
	}
	if diff := gocmp.Diff(w, icalView(t, out)); diff != "" {
		t.Errorf("go-ical view mismatch (-want +got):\n%s", diff)
	}
}

// checkLines asserts (a).
func checkLines(t testing.TB, out []byte) {
	t.Helper()
	if !bytes.HasSuffix(out, []byte("\r\n")) {
		t.Fatalf("output does not end in CRLF")
	}
	for i, line := range strings.Split(string(out[:len(out)-2]), "\r\n") {
		switch {
		case strings.ContainsAny(line, "\r\n"):
			t.Fatalf("line %d has a bare CR or LF: %q", i+1, line)
		case len(line) > maxOctets:
			t.Fatalf("line %d is %d octets: %q", i+1, len(line), line)
		case line == "" || (i == 0 && line[0] == ' '):
			t.Fatalf("line %d is empty or a continuation of nothing: %q", i+1, line)
		case !utf8.ValidString(line):
			t.Fatalf("line %d is not valid UTF-8 on its own: %q", i+1, line)
		case (len(line)-len(strings.TrimRight(line, `\`)))%2 == 1:
			t.Fatalf("line %d ends inside an escape: %q", i+1, line)
		}
	}
}

// unfold joins continuation lines (RFC 5545 §3.1).
func unfold(out []byte) []string {
	var lines []string
	var cur strings.Builder
	for i, l := range strings.Split(strings.TrimSuffix(string(out), "\r\n"), "\r\n") {
		if strings.HasPrefix(l, " ") && i > 0 {
			cur.WriteString(l[1:])
			continue
		}
		if i > 0 {
			lines = append(lines, cur.String())
		}
		cur.Reset()
		cur.WriteString(l)
	}
	return append(lines, cur.String())
}

// unescapeList splits a TEXT list on unescaped commas and unescapes each value.
func unescapeList(v string) ([]string, error) {
	var list []string
	var b strings.Builder
	for i := 0; i < len(v); i++ {
		switch v[i] {
		case ',':
			list = append(list, b.String())
			b.Reset()
		case '\\':
			i++
			if i == len(v) {
				return nil, errors.New("dangling backslash")
			}
			switch v[i] {
			case '\\', ';', ',':
				b.WriteByte(v[i])
			case 'n', 'N':
				b.WriteByte('\n')
			default:
				return nil, errors.New("bad escape \\" + v[i:i+1])
			}
		case ';':
			return nil, errors.New("unescaped semicolon")
		default:
			b.WriteByte(v[i])
		}
	}
	return append(list, b.String()), nil
}

// ownView reads out with the test's own unfolding and unescaping, failing on
// anything it does not expect: unknown or repeated properties, components
// other than one VCALENDAR holding VEVENTs.
func ownView(t testing.TB, out []byte) feedView {
	t.Helper()
	var v feedView
	var ev *eventView
	depth := 0
	seen := map[string]bool{}
	text := func(name, value string) string {
		l, err := unescapeList(value)
		if err != nil || len(l) != 1 {
			t.Fatalf("%s: value %q is not one TEXT value (%v)", name, value, err)
		}
		return l[0]
	}
	for _, line := range unfold(out) {
		name, value, ok := strings.Cut(line, ":")
		if !ok {
			t.Fatalf("no colon in %q", line)
		}
		if seen[name] && name != "BEGIN" && name != "END" {
			t.Fatalf("property %s repeated in one component", name)
		}
		seen[name] = true
		switch {
		case name == "BEGIN" && value == "VCALENDAR" && depth == 0:
			depth = 1
		case name == "BEGIN" && value == "VEVENT" && depth == 1:
			depth, ev, seen = 2, &eventView{}, map[string]bool{}
		case name == "END" && value == "VEVENT" && depth == 2:
			v.Events = append(v.Events, *ev)
			depth, seen = 1, map[string]bool{"END": true}
		case name == "END" && value == "VCALENDAR" && depth == 1:
			depth = -1
		case name == "BEGIN" || name == "END" || depth != 1 && depth != 2:
			t.Fatalf("unexpected %q at depth %d", line, depth)
		case depth == 1:
			switch name {
			case "NAME":
				v.Name = text(name, value)
			case "X-WR-CALNAME":
				v.CalName = text(name, value)
			case "X-WR-CALDESC":
				v.CalDesc = text(name, value)
			case "REFRESH-INTERVAL;VALUE=DURATION":
				v.Refresh = value
			case "X-PUBLISHED-TTL":
				v.TTL = value
			case "VERSION", "PRODID", "CALSCALE":
			default:
				t.Fatalf("unexpected calendar property %q", line)
			}
		default:
			switch name {
			case "UID":
				ev.UID = text(name, value)
			case "SUMMARY":
				ev.Summary = text(name, value)
			case "DESCRIPTION":
				ev.Description = text(name, value)
			case "DTSTAMP":
				ev.Stamp = parseUTC(t, value)
			case "DTSTART":
				ev.Start = parseUTC(t, value)
			case "DTEND":
				ev.End = parseUTC(t, value)
			case "TRANSP":
				ev.Transp = value
			case "SEQUENCE":
				ev.Sequence = value
			case "STATUS":
				ev.Status = value
			case "CATEGORIES":
				l, err := unescapeList(value)
				if err != nil {
					t.Fatalf("CATEGORIES %q: %v", value, err)
				}
				ev.Categories = l
			default:
				t.Fatalf("unexpected event property %q", line)
			}
		}
	}
	if depth != -1 {
		t.Fatalf("calendar not closed")
	}
	return v
}

func parseUTC(t testing.TB, value string) time.Time {
	t.Helper()
	tm, err := time.Parse(utcLayout, value)
	if err != nil {
		t.Fatalf("DATE-TIME: %v", err)
	}
	return tm
}

// icalView reads out with github.com/emersion/go-ical, as a third-party
// subscriber would.
func icalView(t testing.TB, out []byte) feedView {
	t.Helper()
	dec := ical.NewDecoder(bytes.NewReader(out))
	cal, err := dec.Decode()
	if err != nil {
		t.Fatalf("go-ical: %v", err)
	}
	if _, err := dec.Decode(); err != io.EOF {
		t.Fatalf("go-ical: content after END:VCALENDAR (err %v)", err)
	}
	text := func(props ical.Props, name string) string {
		p := props.Get(name)
		if p == nil {
			return ""
		}
		if len(props[name]) != 1 {
			t.Fatalf("go-ical: %d %s properties", len(props[name]), name)
		}
		s, err := p.Text()
		if err != nil {
			t.Fatalf("go-ical: %s: %v", name, err)
		}
		return s
	}
	v := feedView{
		Name: text(cal.Props, "NAME"), CalName: text(cal.Props, "X-WR-CALNAME"), CalDesc: text(cal.Props, "X-WR-CALDESC"),
		Refresh: cal.Props.Get("REFRESH-INTERVAL").Value, TTL: cal.Props.Get("X-PUBLISHED-TTL").Value,
	}
	if len(cal.Events()) != len(cal.Children) {
		t.Fatalf("go-ical: %d children, %d of them events", len(cal.Children), len(cal.Events()))
	}
	for _, e := range cal.Events() {
		ev := eventView{
			UID: text(e.Props, ical.PropUID), Summary: text(e.Props, ical.PropSummary),
			Description: text(e.Props, ical.PropDescription), Transp: e.Props.Get(ical.PropTransparency).Value,
		}
		if p := e.Props.Get(ical.PropSequence); p != nil {
			ev.Sequence = p.Value
		}
		if p := e.Props.Get(ical.PropStatus); p != nil {
			ev.Status = p.Value
		}
		for name, dst := range map[string]*time.Time{ical.PropDateTimeStamp: &ev.Stamp, ical.PropDateTimeStart: &ev.Start, ical.PropDateTimeEnd: &ev.End} {
			if *dst, err = e.Props.DateTime(name, time.UTC); err != nil {
				t.Fatalf("go-ical: %s: %v", name, err)
			}
		}
		if p := e.Props.Get(ical.PropCategories); p != nil {
			if ev.Categories, err = p.TextList(); err != nil {
				t.Fatalf("go-ical: CATEGORIES: %v", err)
			}
		}
		v.Events = append(v.Events, ev)
	}
	return v
}
