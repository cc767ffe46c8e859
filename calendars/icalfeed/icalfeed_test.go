package icalfeed

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	ical "github.com/emersion/go-ical"

	"github.com/overlap/overlap/calendars/publish"
)

func sample(n int) publish.Calendar {
	stamp := time.Date(2027, 1, 4, 12, 0, 0, 0, time.UTC)
	c := publish.Calendar{Name: "All hands", Refresh: 30 * time.Minute, Stamp: stamp}
	for i := range n {
		s := stamp.Add(time.Duration(i) * 7 * 24 * time.Hour)
		c.Events = append(c.Events, publish.Event{UID: fmt.Sprintf("series-x-%d@overlap", i), Start: s, End: s.Add(time.Hour),
			Summary:     "All hands (excused: Zoë Ångström, 陳大文; outside hours: Ana; a rather long summary to fold)",
			Description: "Ana: outside at 2027-01-05T06:00:00-05:00\nZoë: excused, see; notes\\", Sequence: 2})
	}
	return c
}

// The go-ical output folds at 75 octets and reads back, value for value, as
// the house writer's output does.
func TestWriteMatchesPublish(t *testing.T) {
	c := sample(3)
	var mine, theirs bytes.Buffer
	if err := Write(&mine, c); err != nil {
		t.Fatal(err)
	}
	if err := publish.Write(&theirs, c); err != nil {
		t.Fatal(err)
	}
	for i, line := range strings.Split(mine.String(), "\r\n") {
		if len(line) > 75 {
			t.Fatalf("line %d has %d octets: %q", i, len(line), line)
		}
	}
	for _, want := range []string{"\r\nREFRESH-INTERVAL;VALUE=DURATION:PT1800S\r\n", "\r\nX-WR-CALNAME:All hands\r\n", "\r\nSEQUENCE:2\r\n"} {
		if !strings.Contains(mine.String(), want) {
			t.Fatalf("output lacks %q:\n%s", want, mine.String())
		}
	}
	if !strings.HasSuffix(mine.String(), "END:VCALENDAR\r\n") {
		t.Fatal("output does not end with END:VCALENDAR CRLF")
	}
	a, b := decode(t, mine.Bytes()), decode(t, theirs.Bytes())
	if len(a) != 3 || len(b) != 3 {
		t.Fatalf("events %d and %d, want 3", len(a), len(b))
	}
	for i := range a {
		for _, p := range []string{ical.PropUID, ical.PropDateTimeStart, ical.PropDateTimeEnd, ical.PropDateTimeStamp, ical.PropSummary, ical.PropDescription, ical.PropSequence, ical.PropTransparency} {
			x, y := a[i].Props.Get(p), b[i].Props.Get(p)
			if x == nil || y == nil || x.Value != y.Value || len(x.Params) != len(y.Params) {
				t.Errorf("event %d %s: go-ical %+v, publish %+v", i, p, x, y)
			}
		}
	}
}

func decode(t *testing.T, b []byte) []ical.Event {
	t.Helper()
	cal, err := ical.NewDecoder(bytes.NewReader(b)).Decode()
	if err != nil {
		t.Fatalf("decode: %v\n%s", err, b)
	}
	return cal.Events()
}

// An empty feed is the house writer's empty calendar: go-ical would refuse it.
func TestWriteEmpty(t *testing.T) {
	c := sample(0)
	var mine, theirs bytes.Buffer
	if err := Write(&mine, c); err != nil {
		t.Fatal(err)
	}
	_ = publish.Write(&theirs, c)
	if mine.String() != theirs.String() || strings.Contains(mine.String(), "VEVENT") {
		t.Fatalf("empty feed:\n%s", mine.String())
	}
	var direct bytes.Buffer
	if err := ical.NewEncoder(&direct).Encode(ical.NewCalendar()); err == nil {
		t.Fatal("go-ical now encodes an empty calendar: the fallback can go")
	}
}

func TestWriteRejects(t *testing.T) {
	c := sample(2)
	c.Events[1].UID = c.Events[0].UID
	if err := Write(&bytes.Buffer{}, c); err == nil {
		t.Fatal("duplicate UIDs written")
	}
}

func BenchmarkWriteGoICal500(b *testing.B) {
	c := sample(500)
	for b.Loop() {
		var buf bytes.Buffer
		if err := Write(&buf, c); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkWritePublish500(b *testing.B) {
	c := sample(500)
	for b.Loop() {
		var buf bytes.Buffer
		if err := publish.Write(&buf, c); err != nil {
			b.Fatal(err)
		}
	}
}
