package ical

import (
	"fmt"
	"math/rand"
	"sort"
	"strings"
	"time"
)

// googleExport is a generated Google-Calendar-style export with the intervals it
// must produce, computed independently with time.Date.
type googleExport struct {
	data     []byte
	events   int
	from, to time.Time
	zone     *time.Location
	want     []string // "START END" in RFC 3339, sorted
}

var genZones = []string{"America/New_York", "America/New_York", "America/New_York", "Europe/Berlin", "Asia/Kolkata", "UTC"}

// genGoogleExport builds n VEVENTs (about 15 % recurring masters with EXDATE lists
// and moved or cancelled RECURRENCE-ID overrides), VTIMEZONEs, folded lines and
// CRLF, deterministically from seed, and the expected busy intervals over 90 days
// from 2025-03-01 in America/New_York.
func genGoogleExport(n int, seed int64) *googleExport {
	rng := rand.New(rand.NewSource(seed))
	member, _ := time.LoadLocation("America/New_York")
	g := &googleExport{zone: member,
		from: time.Date(2025, 3, 1, 0, 0, 0, 0, member), to: time.Date(2025, 5, 30, 0, 0, 0, 0, member)}
	var b strings.Builder
	b.WriteString("BEGIN:VCALENDAR\r\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\r\nVERSION:2.0\r\n" +
		"CALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\nX-WR-CALNAME:bench@example.com\r\nX-WR-TIMEZONE:America/New_York\r\n")
	b.WriteString(googleVTimezones)
	for g.events < n {
		if rng.Intn(100) < 15 && n-g.events > 4 {
			g.genSeries(&b, rng)
		} else {
			g.genSingle(&b, rng)
		}
	}
	b.WriteString("END:VCALENDAR\r\n")
	g.data = []byte(b.String())
	sort.Strings(g.want)
	return g
}

const googleVTimezones = "BEGIN:VTIMEZONE\r\nTZID:America/New_York\r\nX-LIC-LOCATION:America/New_York\r\n" +
	"BEGIN:DAYLIGHT\r\nTZOFFSETFROM:-0500\r\nTZOFFSETTO:-0400\r\nTZNAME:EDT\r\nDTSTART:19700308T020000\r\n" +
	"RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU\r\nEND:DAYLIGHT\r\nBEGIN:STANDARD\r\nTZOFFSETFROM:-0400\r\n" +
	"TZOFFSETTO:-0500\r\nTZNAME:EST\r\nDTSTART:19701101T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU\r\n" +
	"END:STANDARD\r\nEND:VTIMEZONE\r\nBEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\nX-LIC-LOCATION:Europe/Berlin\r\n" +
	"BEGIN:DAYLIGHT\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nTZNAME:CEST\r\nDTSTART:19700329T020000\r\n" +
	"RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nEND:DAYLIGHT\r\nBEGIN:STANDARD\r\nTZOFFSETFROM:+0200\r\n" +
	"TZOFFSETTO:+0100\r\nTZNAME:CET\r\nDTSTART:19701025T030000\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\n" +
	"END:STANDARD\r\nEND:VTIMEZONE\r\n"

// fold writes a content line folded at 75 octets, as Google does.
func fold(b *strings.Builder, line string) {
	for len(line) > 75 {
		b.WriteString(line[:75])
		b.WriteString("\r\n ")
		line = line[75:]
	}
	b.WriteString(line)
	b.WriteString("\r\n")
}

const lorem = "Quarterly planning sync: agenda, notes and follow-ups. Join with Google Meet: https://meet.google.com/abc-defg-hij\\nOr dial: +1 555-0100 PIN: 123456789#"

func (g *googleExport) header(b *strings.Builder) {
	b.WriteString("BEGIN:VEVENT\r\n")
	g.events++
}

func (g *googleExport) trailer(b *strings.Builder, rng *rand.Rand, uid string, seq int, status, transp string) {
	b.WriteString("DTSTAMP:20250301T120000Z\r\n")
	fmt.Fprintf(b, "UID:%s\r\n", uid)
	b.WriteString("CREATED:20240105T101500Z\r\n")
	if rng.Intn(3) == 0 {
		fold(b, "DESCRIPTION:"+lorem[:40+rng.Intn(len(lorem)-40)])
	} else {
		b.WriteString("DESCRIPTION:\r\n")
	}
	b.WriteString("LAST-MODIFIED:20250102T083000Z\r\n")
	if rng.Intn(2) == 0 {
		fold(b, "ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;CN=someone@example.com;X-NUM-GUESTS=0:mailto:someone@example.com")
	}
	b.WriteString("LOCATION:\r\n")
	fmt.Fprintf(b, "SEQUENCE:%d\r\nSTATUS:%s\r\n", seq, status)
	fmt.Fprintf(b, "SUMMARY:Meeting %d\r\nTRANSP:%s\r\n", g.events, transp)
	if rng.Intn(4) == 0 {
		b.WriteString("BEGIN:VALARM\r\nACTION:DISPLAY\r\nDESCRIPTION:This is an event reminder\r\nTRIGGER:-P0DT0H10M0S\r\nEND:VALARM\r\n")
	}
	b.WriteString("END:VEVENT\r\n")
}

func pickZone(rng *rand.Rand) *time.Location {
	loc, _ := time.LoadLocation(genZones[rng.Intn(len(genZones))])
	return loc
}

// dtProp formats a DATE-TIME property the way Google does: UTC with Z, or TZID.
func dtProp(name string, t time.Time) string {
	if t.Location() == time.UTC {
		return name + ":" + t.Format("20060102T150405Z")
	}
	return name + ";TZID=" + t.Location().String() + ":" + t.Format("20060102T150405")
}

func (g *googleExport) add(s, e time.Time) {
	if e.After(g.from) && s.Before(g.to) {
		g.want = append(g.want, s.UTC().Format(time.RFC3339)+" "+e.UTC().Format(time.RFC3339))
	}
}

func (g *googleExport) genSingle(b *strings.Builder, rng *rand.Rand) {
	uid := fmt.Sprintf("%026x@google.com", rng.Uint64())
	g.header(b)
	status, transp := "CONFIRMED", "OPAQUE"
	busy := true
	if rng.Intn(50) == 0 {
		status, busy = "CANCELLED", false
	}
	if rng.Intn(20) == 0 {
		transp, busy = "TRANSPARENT", false
	}
	d := time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, rng.Intn(3*365))
	if rng.Intn(30) == 0 { // all-day
		days := 1 + rng.Intn(3)
		fmt.Fprintf(b, "DTSTART;VALUE=DATE:%s\r\nDTEND;VALUE=DATE:%s\r\n", d.Format("20060102"), d.AddDate(0, 0, days).Format("20060102"))
		if busy {
			g.add(time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, g.zone), time.Date(d.Year(), d.Month(), d.Day()+days, 0, 0, 0, 0, g.zone))
		}
	} else {
		loc := pickZone(rng)
		s := time.Date(d.Year(), d.Month(), d.Day(), 8+rng.Intn(10), 30*rng.Intn(2), 0, 0, loc)
		e := s.Add(time.Duration(30*(1+rng.Intn(3))) * time.Minute)
		fmt.Fprintf(b, "%s\r\n%s\r\n", dtProp("DTSTART", s), dtProp("DTEND", e))
		if busy {
			g.add(s, e)
		}
	}
	g.trailer(b, rng, uid, rng.Intn(3), status, transp)
}

var wdCodes = []string{"SU", "MO", "TU", "WE", "TH", "FR", "SA"} // by time.Weekday

func (g *googleExport) genSeries(b *strings.Builder, rng *rand.Rand) {
	uid := fmt.Sprintf("%026x_R20240101@google.com", rng.Uint64())
	loc := pickZone(rng)
	d := time.Date(2022, 1, 3, 0, 0, 0, 0, time.UTC).AddDate(0, 0, rng.Intn(3*365+90))
	hh, mm := 8+rng.Intn(10), 15*rng.Intn(4)
	dur := time.Duration(30*(1+rng.Intn(4))) * time.Minute
	start := time.Date(d.Year(), d.Month(), d.Day(), hh, mm, 0, 0, loc)
	// The model: a function listing local dates in order, from the start date.
	var rrule string
	var next func(k int) time.Time // k-th candidate date (local midnight-ish), increasing
	switch kind := rng.Intn(20); {
	case kind < 8: // weekly on several days
		days := map[time.Weekday]bool{start.Weekday(): true}
		for i := 0; i < rng.Intn(3); i++ {
			days[time.Weekday(1+rng.Intn(5))] = true
		}
		var codes []string
		for wd := time.Sunday; wd <= time.Saturday; wd++ {
			if days[wd] {
				codes = append(codes, wdCodes[wd])
			}
		}
		rrule = "FREQ=WEEKLY;BYDAY=" + strings.Join(codes, ",")
		next = weeklyModel(start, days, 1)
	case kind < 13: // daily, sometimes every other day
		iv := 1 + rng.Intn(2)
		rrule = "FREQ=DAILY"
		if iv > 1 {
			rrule += fmt.Sprintf(";INTERVAL=%d", iv)
		}
		next = func(k int) time.Time { return start.AddDate(0, 0, k*iv) }
	case kind < 17: // monthly on the day of month
		if start.Day() > 28 {
			start = start.AddDate(0, 0, -3)
		}
		rrule = "FREQ=MONTHLY;BYMONTHDAY=" + fmt.Sprint(start.Day())
		next = func(k int) time.Time { return start.AddDate(0, k, 0) }
	default: // every other week, weeks starting on Sunday
		rrule = "FREQ=WEEKLY;WKST=SU;INTERVAL=2;BYDAY=" + wdCodes[start.Weekday()]
		next = func(k int) time.Time { return start.AddDate(0, 0, 14*k) }
	}
	count, until := 0, time.Time{}
	switch rng.Intn(5) {
	case 0, 1:
		count = 5 + rng.Intn(200)
		rrule += fmt.Sprintf(";COUNT=%d", count)
	case 2, 3:
		until = start.AddDate(0, 1+rng.Intn(30), 0).UTC().Truncate(time.Hour).Add(-time.Second)
		rrule += ";UNTIL=" + until.Format("20060102T150405Z")
	}
	// Enumerate the instances (bounded: the window ends in mid 2025).
	var inst []time.Time
	for k := 0; ; k++ {
		t := next(k)
		if count > 0 && k >= count || !until.IsZero() && t.After(until) || t.After(g.to.AddDate(0, 1, 0)) {
			break
		}
		inst = append(inst, t)
	}
	// EXDATEs and overrides on instances near the window, where they matter.
	excluded := map[int64]bool{}
	moved := map[int64][2]time.Time{}
	near := func() (time.Time, bool) {
		var c []time.Time
		for _, t := range inst {
			if t.After(g.from.AddDate(0, 0, -20)) && t.Before(g.to.AddDate(0, 0, 5)) {
				c = append(c, t)
			}
		}
		if len(c) == 0 {
			return time.Time{}, false
		}
		return c[rng.Intn(len(c))], true
	}
	g.header(b)
	fmt.Fprintf(b, "%s\r\n%s\r\nRRULE:%s\r\n", dtProp("DTSTART", start), dtProp("DTEND", start.Add(dur)), rrule)
	if rng.Intn(10) < 6 {
		var ex []string
		for i := 0; i < 1+rng.Intn(6); i++ {
			if t, ok := near(); ok && !excluded[t.Unix()] {
				excluded[t.Unix()] = true
				ex = append(ex, t.Format("20060102T150405"))
			}
		}
		if len(ex) > 0 {
			if loc == time.UTC {
				for i := range ex {
					ex[i] += "Z"
				}
				fold(b, "EXDATE:"+strings.Join(ex, ","))
			} else if rng.Intn(2) == 0 {
				fold(b, "EXDATE;TZID="+loc.String()+":"+strings.Join(ex, ","))
			} else {
				for _, e := range ex {
					fold(b, "EXDATE;TZID="+loc.String()+":"+e)
				}
			}
		}
	}
	g.trailer(b, rng, uid, 0, "CONFIRMED", "OPAQUE")
	if rng.Intn(2) == 0 {
		for i := 0; i < 1+rng.Intn(3); i++ {
			t, ok := near()
			if !ok || excluded[t.Unix()] || !moved[t.Unix()][0].IsZero() {
				continue
			}
			g.header(b)
			status := "CONFIRMED"
			ns := t.Add(time.Duration(1+rng.Intn(48)) * time.Hour)
			ne := ns.Add(time.Duration(15*(1+rng.Intn(8))) * time.Minute)
			if rng.Intn(10) == 0 {
				status = "CANCELLED"
				excluded[t.Unix()] = true
			} else {
				moved[t.Unix()] = [2]time.Time{ns, ne}
			}
			fmt.Fprintf(b, "%s\r\n%s\r\n%s\r\n", dtProp("DTSTART", ns), dtProp("DTEND", ne), dtProp("RECURRENCE-ID", t))
			g.trailer(b, rng, uid, 1, status, "OPAQUE")
		}
	}
	for _, t := range inst {
		switch {
		case excluded[t.Unix()]:
		case !moved[t.Unix()][0].IsZero():
			g.add(moved[t.Unix()][0], moved[t.Unix()][1])
		default:
			g.add(t, t.Add(dur))
		}
	}
}

// weeklyModel lists the days of a weekly rule (weeks starting Monday) in order.
func weeklyModel(start time.Time, days map[time.Weekday]bool, interval int) func(int) time.Time {
	var all []time.Time
	off := (int(start.Weekday()) + 6) % 7
	ws := start.AddDate(0, 0, -off)
	for w := 0; len(all) < 2000; w += interval {
		for i := 0; i < 7; i++ {
			t := ws.AddDate(0, 0, 7*w+i)
			if days[t.Weekday()] && !t.Before(start) {
				all = append(all, t)
			}
		}
	}
	return func(k int) time.Time {
		if k >= len(all) {
			return time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)
		}
		return all[k]
	}
}
