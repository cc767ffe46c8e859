package ical

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	ical "github.com/emersion/go-ical"
	"github.com/google/go-cmp/cmp"
)

// TestLexerMatchesGoICal checks the tokenizer against go-ical's decoder, used here
// as the reference tokenizer: for every corpus file go-ical can decode, both must
// see the same components, property names, values and TZID parameters.
func TestLexerMatchesGoICal(t *testing.T) {
	var files []string
	for _, dir := range []string{"node-ical", "icaljs", "synthetic", "overlap"} {
		m, _ := filepath.Glob(filepath.Join("testdata", dir, "*.ics"))
		files = append(files, m...)
	}
	compared := 0
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
		cal, err := decodeGoICal(data)
		if err != nil {
			continue // go-ical refuses it (blank lines, bare CR, Outlook quoting …)
		}
		compared++
		t.Run(name, func(t *testing.T) {
			var want []string
			flattenGoICal(cal.Component, "", &want)
			got := flattenLexer(t, data)
			sort.Strings(want)
			sort.Strings(got)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("(-go-ical +lexer):\n%s", diff)
			}
		})
	}
	if compared < 40 {
		t.Errorf("only %d files compared", compared)
	}
}

// decodeGoICal decodes with go-ical, turning its panics into errors.
func decodeGoICal(data []byte) (cal *ical.Calendar, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("go-ical panic: %v", r)
		}
	}()
	return ical.NewDecoder(bytes.NewReader(data)).Decode()
}

func flattenGoICal(c *ical.Component, path string, out *[]string) {
	path += "/" + c.Name
	for name, props := range c.Props {
		if strings.ContainsAny(name, "=\"") {
			continue // a malformed line, which the lexer skips (TestLexerQuirks)
		}
		for _, p := range props {
			*out = append(*out, fmt.Sprintf("%s %s tzid=%q %q", path, name, p.Params.Get("TZID"), p.Value))
		}
	}
	for _, child := range c.Children {
		flattenGoICal(child, path, out)
	}
}

func flattenLexer(t *testing.T, data []byte) []string {
	t.Helper()
	lx := newLexer(data, 1<<20)
	var out, stack []string
	for {
		raw, ok, err := lx.next()
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			return out
		}
		if !lx.split(raw) {
			continue
		}
		switch name := string(lx.name); name {
		case "BEGIN":
			stack = append(stack, strings.ToUpper(string(lx.value)))
		case "END":
			stack = stack[:len(stack)-1]
		default:
			path := "/" + strings.Join(stack, "/")
			out = append(out, fmt.Sprintf("%s %s tzid=%q %q", path, name, lx.param("TZID"), lx.value))
		}
	}
}

func TestLexerQuirks(t *testing.T) {
	data := []byte("BEGIN:VCALENDAR\rdtstart;tzid=\"W. Europe Standard Time:20200609T090000\"\r\n" +
		"X-A;P=\"a;b:c\";Q=x:v1\nORGANIZER=\"mailto:x@example.com\"\nSUMMARY:caf\xc3\r\n \xa9\r\n\tend\n\nEND:VCALENDAR")
	lx := newLexer(data, 1<<10)
	var got []string
	for {
		raw, ok, err := lx.next()
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			break
		}
		if !lx.split(raw) {
			got = append(got, fmt.Sprintf("%d skipped", lx.line))
			continue
		}
		var ps []string
		for _, p := range lx.params {
			ps = append(ps, string(p.name)+"="+string(p.value))
		}
		got = append(got, fmt.Sprintf("%d %s %v %q", lx.line, lx.name, ps, lx.value))
	}
	want := []string{
		`1 BEGIN [] "VCALENDAR"`,
		`2 DTSTART [tzid=W. Europe Standard Time] "20200609T090000"`,
		`3 X-A [P=a;b:c Q=x] "v1"`,
		"4 skipped",
		`5 SUMMARY [] "caféend"`,
		`9 END [] "VCALENDAR"`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
