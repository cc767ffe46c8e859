package publish

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	gocmp "github.com/google/go-cmp/cmp"
)

var stamp = time.Date(2027, 1, 4, 8, 30, 0, 0, time.UTC)

func at(day, hour, minute int) time.Time {
	return time.Date(2027, 1, day, hour, minute, 0, 0, time.UTC)
}

// availability is a small team feed; its events are deliberately out of order.
func availability() Calendar {
	cet := time.FixedZone("CET", 3600) // written in UTC all the same
	return Calendar{
		Name:        "Platform team — overlap",
		Description: "Hours when at least 3 of 5 members are working.\nUpdated hourly.",
		Refresh:     time.Hour,
		Stamp:       stamp,
		Events: []Event{
			{UID: "overlap-window-b2@overlap", Start: at(12, 9, 0), End: at(12, 11, 30), Summary: "Overlap: 3/5 (Ana, Bo, Chen)", Transparent: true, Categories: []string{"Overlap", "Quorum 3"}},
			{UID: "overlap-window-a1@overlap", Start: at(11, 9, 0), End: at(11, 12, 0), Summary: "Overlap: 5/5", Description: "Everyone; book the planning meeting here", Transparent: true, Categories: []string{"Overlap"}, Sequence: 2},
			{UID: "overlap-focus-c3@overlap", Start: at(11, 13, 0).In(cet), End: at(11, 15, 0).In(cet), Summary: "Focus time (no meetings)", Tentative: true},
		},
	}
}

func write(t *testing.T, c Calendar) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, c); err != nil {
		t.Fatalf("Write: %v", err)
	}
	return buf.Bytes()
}

func TestWriteGolden(t *testing.T) {
	c := availability()
	out := write(t, c)
	checkFeed(t, out, c)
	golden(t, "availability", out)
}

// A subscription carries no METHOD: PUBLISH would need an ORGANIZER.
func TestWriteNoMethod(t *testing.T) {
	for _, line := range unfold(write(t, availability())) {
		if strings.HasPrefix(line, "METHOD") || strings.HasPrefix(line, "ORGANIZER") {
			t.Errorf("unexpected %q", line)
		}
	}
}

func TestWriteGoldenInjection(t *testing.T) {
	c := Calendar{
		Name:        "Team\r\nX-WR-CALNAME:evil",
		Description: "line1\rline2\nline3\r\n; , \\ \x00\x1b[31m\x7f\u2028end",
		Refresh:     15 * time.Minute,
		Stamp:       stamp,
		Events: []Event{{
			UID:        "overlap-window-x@overlap",
			Start:      at(11, 9, 0),
			End:        at(11, 10, 0),
			Summary:    "Standup\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:pwned",
			Categories: []string{"a,b", "c;d", "\r\n", "", "e\\f"},
		}, {
			UID:     "overlap-window-y@overlap",
			Start:   at(11, 10, 0),
			End:     at(11, 11, 0),
			Summary: strings.Repeat("🙂", 30) + strings.Repeat("日本語", 10) + strings.Repeat("e\u0301", 20) + "\xff\xfe",
		}},
	}
	out := write(t, c)
	checkFeed(t, out, c)
	golden(t, "injection", out)
	// The payload survives as text inside SUMMARY, never as a line of its own.
	if n := slices.Index(unfold(out), "SUMMARY:Standup\\nEND:VEVENT\\nBEGIN:VEVENT\\nSUMMARY:pwned"); n < 0 {
		t.Errorf("escaped payload not found in\n%s", out)
	}
	for _, line := range unfold(out) {
		if strings.HasPrefix(line, "SUMMARY:pwned") || line == "X-WR-CALNAME:evil" {
			t.Errorf("injected line %q", line)
		}
	}
}

// injections are hostile strings for every TEXT field.
var injections = map[string]string{
	"cr":           "a\rb",
	"lf":           "a\nb",
	"crlf":         "a\r\nb",
	"lf cr":        "a\n\rb",
	"specials":     `a,b;c\d\\e\,\;\n`,
	"payload":      "x\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:pwned",
	"payload lf":   "x\nEND:VEVENT\nBEGIN:VEVENT\nSUMMARY:pwned\nEND:VEVENT\nEND:VCALENDAR\n",
	"payload cr":   "x\rEND:VEVENT\rBEGIN:VEVENT\rSUMMARY:pwned",
	"payload fold": "x\r\n BEGIN:VEVENT\r\n\tSUMMARY:pwned",
	"separators":   "a\u2028b\u2029c\u0085d\u000be\u000cf",
	"controls":     "\x00a\x01\x08\tb\x1b[31mc\x7f\x1f",
	"invalid utf8": "a\xffb\xfe\xc0\xafc\xe2\x82d\xed\xa0\x80e\xf4\x90\x80\x80",
	"replacement":  "\uFFFD\xef\xbf",
	"long ascii":   strings.Repeat("abcdefghij", 1000),
	"long emoji":   strings.Repeat("🙂👩🏽‍💻🇩🇪", 1000),
	"long cjk":     strings.Repeat("日本語の名前", 1700),
	"long marks":   strings.Repeat("Z\u0351\u0300\u0301\u0302\u0303", 1700),
	"backslashes":  strings.Repeat(`\`, 301),
	"escapes":      strings.Repeat("a\n;,\\", 500),
	"only newline": "\r\n",
	"empty":        "",
}

func TestWriteInjection(t *testing.T) {
	for name, s := range injections {
		// Shift the text by 0..3 octets so escapes and multi-byte characters
		// land on every fold position.
		for shift := range 4 {
			text := strings.Repeat("s", shift) + s
			t.Run(fmt.Sprintf("%s/shift%d", name, shift), func(t *testing.T) {
				c := Calendar{
					Name: text, Description: text, Refresh: time.Hour, Stamp: stamp,
					Events: []Event{
						{UID: "a@overlap", Start: at(11, 9, 0), End: at(11, 10, 0), Summary: text, Description: text, Categories: []string{text, "fixed", text}},
						{UID: "b@overlap", Start: at(11, 10, 0), End: at(11, 11, 0), Summary: "fixed"},
					},
				}
				checkFeed(t, write(t, c), c)
			})
		}
	}
}

func TestAppendText(t *testing.T) {
	tests := map[string]struct{ in, want string }{
		"plain":      {"Overlap 9–11", "Overlap 9–11"},
		"specials":   {`a,b;c\d`, `a\,b\;c\\d`},
		"newlines":   {"a\r\nb\nc\rd\n\re", `a\nb\nc\nd\n\ne`},
		"controls":   {"\x00a\tb\x1b\x7f\u0085\u2028\u2029c", "abc"},
		"invalid":    {"a\xffb\xe2\x82c", "a\uFFFDb\uFFFD\uFFFDc"},
		"colon etc.": {`k:v "q" <x>`, `k:v "q" <x>`},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			if got := string(appendText(nil, tt.in)); got != tt.want {
				t.Errorf("appendText(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestAppendFolded(t *testing.T) {
	a := func(n int) string { return strings.Repeat("a", n) }
	tests := map[string]struct {
		line string
		want []string // physical lines without CRLF
	}{
		"75 octets":            {a(75), []string{a(75)}},
		"76 octets":            {a(76), []string{a(75), " a"}},
		"continuation is 74":   {a(75 + 74 + 1), []string{a(75), " " + a(74), " a"}},
		"euro across the fold": {a(74) + "€", []string{a(74), " €"}},
		"emoji across":         {a(73) + "🙂", []string{a(73), " 🙂"}},
		"emoji fits":           {a(71) + "🙂b", []string{a(71) + "🙂", " b"}},
		"escape across":        {a(74) + `\,`, []string{a(74), ` \,`}},
		"escaped backslash":    {a(73) + `\\x`, []string{a(73) + `\\`, " x"}},
		"three backslashes":    {a(72) + `\\\n`, []string{a(72) + `\\`, ` \n`}},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			got := strings.Split(strings.TrimSuffix(string(appendFolded(nil, []byte(tt.line))), "\r\n"), "\r\n")
			if diff := gocmp.Diff(tt.want, got); diff != "" {
				t.Errorf("fold mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestFormatDuration(t *testing.T) {
	tests := map[time.Duration]string{
		time.Second:                    "PT1S",
		15 * time.Minute:               "PT15M",
		time.Hour:                      "PT1H",
		90 * time.Minute:               "PT1H30M",
		time.Hour + 5*time.Second:      "PT1H0M5S",
		24 * time.Hour:                 "P1D",
		36 * time.Hour:                 "P1DT12H",
		7*24*time.Hour + time.Minute:   "P7DT1M",
		2*24*time.Hour + 3*time.Second: "P2DT3S",
	}
	for d, want := range tests {
		if got, err := formatDuration(d); got != want || err != nil {
			t.Errorf("formatDuration(%v) = %q, %v; want %q", d, got, err, want)
		}
	}
	for _, d := range []time.Duration{0, -time.Hour, time.Hour + time.Millisecond} {
		if _, err := formatDuration(d); !errors.Is(err, ErrInvalidRefresh) {
			t.Errorf("formatDuration(%v) error = %v, want ErrInvalidRefresh", d, err)
		}
	}
}

func TestWriteInvalid(t *testing.T) {
	tests := map[string]struct {
		edit func(*Calendar)
		want error
	}{
		"no refresh":        {func(c *Calendar) { c.Refresh = 0 }, ErrInvalidRefresh},
		"sub-second":        {func(c *Calendar) { c.Refresh = 1500 * time.Millisecond }, ErrInvalidRefresh},
		"no stamp":          {func(c *Calendar) { c.Stamp = time.Time{} }, ErrInvalidTime},
		"prodid newline":    {func(c *Calendar) { c.ProdID = "-//x//EN\r\nMETHOD:REQUEST" }, ErrInvalidProdID},
		"prodid invalid":    {func(c *Calendar) { c.ProdID = "\xff" }, ErrInvalidProdID},
		"empty uid":         {func(c *Calendar) { c.Events[0].UID = "" }, ErrInvalidUID},
		"uid newline":       {func(c *Calendar) { c.Events[0].UID = "a\nb" }, ErrInvalidUID},
		"uid nul":           {func(c *Calendar) { c.Events[0].UID = "a\x00" }, ErrInvalidUID},
		"uid invalid utf8":  {func(c *Calendar) { c.Events[0].UID = "a\xff" }, ErrInvalidUID},
		"duplicate uid":     {func(c *Calendar) { c.Events[1].UID = c.Events[0].UID }, ErrDuplicateUID},
		"end before start":  {func(c *Calendar) { c.Events[0].End = c.Events[0].Start.Add(-time.Hour) }, ErrInvalidRange},
		"empty event":       {func(c *Calendar) { c.Events[0].End = c.Events[0].Start }, ErrInvalidRange},
		"zero start":        {func(c *Calendar) { c.Events[0].Start = time.Time{} }, ErrInvalidTime},
		"year 10000":        {func(c *Calendar) { c.Events[0].End = time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC) }, ErrInvalidTime},
		"negative sequence": {func(c *Calendar) { c.Events[0].Sequence = -1 }, ErrInvalidSequence},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			c := availability()
			tt.edit(&c)
			var buf bytes.Buffer
			if err := Write(&buf, c); !errors.Is(err, tt.want) {
				t.Fatalf("Write error = %v, want %v", err, tt.want)
			}
			if buf.Len() != 0 {
				t.Errorf("Write wrote %d bytes before failing", buf.Len())
			}
		})
	}
}

func TestWriteDeterministic(t *testing.T) {
	c := availability()
	orig := slices.Clone(c.Events)
	first := write(t, c)
	if !gocmp.Equal(orig, c.Events) {
		t.Fatal("Write reordered the caller's events")
	}
	slices.Reverse(c.Events)
	if got := write(t, c); !bytes.Equal(first, got) {
		t.Errorf("output depends on event order:\n%s\n---\n%s", first, got)
	}
}

func TestWriteSpecialValues(t *testing.T) {
	c := availability()
	c.ProdID = `-//Acme, Inc.//Overlap; test\//EN`
	c.Events[0].UID = `odd,uid;with\specials@overlap`
	c.Events[0].Start = c.Events[0].Start.Add(500 * time.Millisecond)
	c.Events[0].End = c.Events[0].End.Add(-500 * time.Millisecond)
	out := write(t, c)
	checkFeed(t, out, c)
	for _, line := range []string{
		`PRODID:-//Acme\, Inc.//Overlap\; test\\//EN`,
		`UID:odd\,uid\;with\\specials@overlap`,
		"DTSTART:20270112T090000Z", // widened outward to whole seconds
		"DTEND:20270112T113000Z",
	} {
		if !slices.Contains(unfold(out), line) {
			t.Errorf("output lacks %q", line)
		}
	}
}
