package ical

import (
	"fmt"
	"strings"
	"time"
)

// hostileCase is one input of the standing hostile-input suite: the worst
// inputs known, each with its outcome (nil: accepted). Every one is at most
// 1 MB and must be accepted or refused within the work budget; the suite
// asserts the outcome, BenchmarkHostile reports the time and allocations.
type hostileCase struct {
	name string
	data []byte
	want *Error
}

// fullBYxxx is the 715-byte RRULE of issue 9: every second of the year.
func fullBYxxx(freq string) string {
	list := func(lo, hi int) string {
		var b strings.Builder
		for i := lo; i <= hi; i++ {
			if i > lo {
				b.WriteByte(',')
			}
			fmt.Fprint(&b, i)
		}
		return b.String()
	}
	return "RRULE:FREQ=" + freq + ";BYMONTH=" + list(1, 12) + ";BYMONTHDAY=" + list(1, 31) +
		";BYHOUR=" + list(0, 23) + ";BYMINUTE=" + list(0, 59) + ";BYSECOND=" + list(0, 59) + "\r\n"
}

func vevent(uid, props string) string {
	return "BEGIN:VEVENT\r\nUID:" + uid + "\r\n" + props + "END:VEVENT\r\n"
}

// observances returns a VTIMEZONE named tzid with n observances of rule freq.
func observances(tzid string, n int, freq string) string {
	var b strings.Builder
	b.WriteString("BEGIN:VTIMEZONE\r\nTZID:" + tzid + "\r\n")
	for i := 0; i < n; i++ {
		kind, from, to := "STANDARD", "+0100", "+0000"
		if i%2 == 1 {
			kind, from, to = "DAYLIGHT", "+0000", "+0100"
		}
		fmt.Fprintf(&b, "BEGIN:%s\r\nDTSTART:20000101T%02d%02d%02d\r\nRRULE:FREQ=%s\r\nTZOFFSETFROM:%s\r\nTZOFFSETTO:%s\r\nEND:%s\r\n",
			kind, i/3600%24, i/60%60, i%60, freq, from, to, kind)
	}
	b.WriteString("END:VTIMEZONE\r\n")
	return b.String()
}

// repeatTo repeats unit (built from its index) until the body would pass size.
func repeatTo(size int, unit func(i int) string) string {
	var b strings.Builder
	for i := 0; ; i++ {
		u := unit(i)
		if b.Len()+len(u) > size {
			return b.String()
		}
		b.WriteString(u)
	}
}

func hostileCases() []hostileCase {
	const mb = 1 << 20
	cal := func(body string) []byte { return []byte(wrapEvents(body)) }
	ev := func(props string) string { return vevent("h", props) }
	dt := "DTSTART:20240101T000000Z\r\nDURATION:PT1S\r\n"
	past := "DTSTART:16000101T000000Z\r\nDURATION:PT1S\r\n"
	list := func(n int, f func(i int) string) string {
		parts := make([]string, n)
		for i := range parts {
			parts[i] = f(i)
		}
		return strings.Join(parts, ",")
	}
	return []hostileCase{
		// Issue 9, point 1: the BYxxx product was built into one buffer (1 GB).
		{"yearly BYxxx product, 715 bytes", cal(ev(dt + fullBYxxx("YEARLY"))), ErrTooManyInstances},
		{"three yearly BYxxx products", cal(ev(dt + fullBYxxx("YEARLY") + fullBYxxx("YEARLY") + fullBYxxx("YEARLY"))), ErrTooManyInstances},
		{"yearly BYxxx product with COUNT from 1900", cal(ev("DTSTART:19000101T000000Z\r\nDURATION:PT1S\r\n" + strings.Replace(fullBYxxx("YEARLY"), "\r\n", ";COUNT=3000\r\n", 1))), nil},
		{"yearly BYxxx product, BYSETPOS over 31 million candidates", cal(ev(dt + strings.Replace(fullBYxxx("YEARLY"), "\r\n", ";BYSETPOS=-1,1,-366,366\r\n", 1))), nil},
		{"monthly BYxxx product in 1,000 events", cal(repeatTo(mb-64, func(i int) string { return vevent(fmt.Sprint(i), dt+fullBYxxx("MONTHLY")) })), ErrTooManyInstances},
		// Issue 9, point 2: sub-daily VTIMEZONE observances.
		{"1,000 hourly observances", cal(observances("H", 1000, "HOURLY") + ev("DTSTART;TZID=H:20240601T100000\r\nDURATION:PT1H\r\n")), ErrWorkBudget},
		{"3,000 secondly observances", cal(observances("S", 3000, "SECONDLY") + ev("DTSTART;TZID=S:20240601T100000\r\nDURATION:PT1H\r\n")), ErrWorkBudget},
		{"hourly observance with the BYxxx product", cal("BEGIN:VTIMEZONE\r\nTZID:P\r\nBEGIN:STANDARD\r\nDTSTART:20000101T000000\r\n" +
			strings.Replace(fullBYxxx("HOURLY"), "\r\n", "\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0000\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n", 1) +
			ev("DTSTART;TZID=P:20240601T100000\r\nDURATION:PT1H\r\n")), ErrWorkBudget},
		{"5,000 VTIMEZONEs, each used", cal(repeatTo(mb-64, func(i int) string {
			return observances(fmt.Sprint("Z", i), 2, "YEARLY") + vevent(fmt.Sprint(i), fmt.Sprintf("DTSTART;TZID=Z%d:20240601T100000\r\nDURATION:PT1H\r\nRRULE:FREQ=WEEKLY\r\n", i))
		})), nil},
		{"11,000 unknown TZIDs", cal(repeatTo(mb-64, func(i int) string {
			return vevent("", fmt.Sprintf("DTSTART;TZID=Nowhere/Q%d:20240601T100000\r\nDURATION:PT1H\r\n", i))
		})), nil},
		{"11,000 unknown Mozilla-style TZIDs", cal(repeatTo(mb-64, func(i int) string {
			return vevent("", fmt.Sprintf("DTSTART;TZID=/a/b/c/d/e/f/g/%d:20240601T100000\r\nDURATION:PT1H\r\n", i))
		})), nil},
		// Rules that generate nothing for a long time, many times over.
		{"secondly never matching", cal(ev(dt + "RRULE:FREQ=SECONDLY;BYSETPOS=2\r\n")), ErrTooManyInstances},
		{"30,000 never-matching secondly rules", cal(ev(dt + repeatTo(mb-200, func(int) string { return "RRULE:FREQ=SECONDLY;BYSETPOS=2\r\n" }))), ErrTooManyInstances},
		{"minutely COUNT from 1900", cal(ev("DTSTART:19000101T000000Z\r\nDURATION:PT1S\r\nRRULE:FREQ=MINUTELY;COUNT=2000000000\r\n")), ErrTooManyInstances},
		{"10,000 series of 3,000 instances from 1900", cal(repeatTo(mb-64, func(i int) string {
			return vevent(fmt.Sprint(i), "DTSTART:19000101T000000Z\r\nDURATION:PT1S\r\nRRULE:FREQ=DAILY;COUNT=3000\r\n")
		})), ErrWorkBudget},
		{"yearly BYWEEKNO=53 that never occurs in range", cal(ev(dt + "RRULE:FREQ=YEARLY;BYWEEKNO=53;BYMONTH=6\r\n")), nil},
		{"30 rules scanning 732 BYYEARDAYs from 1600", cal(ev(past + strings.Repeat("RRULE:FREQ=YEARLY;COUNT=5;BYMONTH=2;BYMONTHDAY=30;BYYEARDAY="+
			list(732, func(i int) string { return fmt.Sprint(i%366 + 1 - (i/366)*367) })+"\r\n", 30))), ErrWorkBudget},
		{"742 ordinal BYDAYs that never match, from 1600", cal(ev(past + strings.Repeat("RRULE:FREQ=MONTHLY;COUNT=5;BYMONTHDAY=31;BYMONTH=2;BYDAY="+
			list(742, func(i int) string { return fmt.Sprint((i/7%53+1)*(1-2*(i/371)), weekdayNames[i%7]) })+"\r\n", 30))), ErrWorkBudget},
		{"a line with 60,000 parameters", cal(ev("DTSTART" + strings.Repeat(";X-P=a", 40000) + ":20240101T000000Z\r\nDURATION:PT1H\r\n")), nil},
		// Lists and overrides.
		{"60,000 EXDATEs", cal(ev(dt + "RRULE:FREQ=HOURLY;COUNT=3000\r\n" + repeatTo(mb-300, func(i int) string {
			return "EXDATE:" + list(1000, func(j int) string { return hourOf2024(i*1000 + j) }) + "\r\n"
		}))), nil},
		{"60,000 RDATEs", cal(ev(dt + repeatTo(mb-300, func(i int) string {
			return "RDATE:" + list(1000, func(j int) string { return hourOf2024(i*1000 + j) }) + "\r\n"
		}))), ErrTooManyInstances},
		{"cancelled hourly series, 3,000 instances each", cal(repeatTo(mb-64, func(i int) string {
			return vevent(fmt.Sprint(i), "STATUS:CANCELLED\r\nDTSTART:20240101T000000Z\r\nDURATION:PT1H\r\nRRULE:FREQ=HOURLY;COUNT=3000\r\n")
		})), ErrWorkBudget},
		{"series from 1900 in a VTIMEZONE", cal(observances("V", 2, "YEARLY") + repeatTo(mb-1024, func(i int) string {
			return vevent(fmt.Sprint(i), "DTSTART;TZID=V:19000101T000000\r\nDURATION:PT1H\r\nRRULE:FREQ=DAILY;COUNT=3000\r\n")
		})), ErrWorkBudget},
		{"25,000 exhausted RRULEs in one event", cal(ev(dt + repeatTo(mb-200, func(int) string { return "RRULE:FREQ=DAILY;UNTIL=19000101\r\n" }))), nil},
		{"10,000 overrides of one series", cal(vevent("o", "DTSTART:20240101T000000Z\r\nDURATION:PT1H\r\nRRULE:FREQ=HOURLY\r\n") + repeatTo(mb-200, func(i int) string {
			at := fmt.Sprintf("2024%02d%02dT%02d0000Z", 1+i/672%12, 1+i/24%28, i%24)
			return vevent("o", "RECURRENCE-ID:"+at+"\r\nDTSTART:"+at+"\r\nDURATION:PT30M\r\n")
		})), ErrTooManyInstances},
		{"10,000 stale overrides outside the window", cal(vevent("s", "SEQUENCE:5\r\nDTSTART:19000101T000000Z\r\nDURATION:PT1H\r\nRRULE:FREQ=DAILY;COUNT=3000\r\n") + repeatTo(mb-200, func(i int) string {
			at := day(1900, 1, 1).AddDate(0, 0, i).Format("20060102T150405Z")
			return vevent("s", fmt.Sprintf("SEQUENCE:%d\r\nRECURRENCE-ID:%s\r\nDTSTART:%s\r\nDURATION:PT30M\r\n", i%5, at, at))
		})), ErrWorkBudget},
		// Structure.
		{"1 MB line", cal("X-A:" + strings.Repeat("a", mb-100) + "\r\n"), ErrLineTooLong},
		{"many small components", cal(repeatTo(mb-64, func(i int) string { return vevent(fmt.Sprint(i), dt) })), nil},
		{"40,000 empty components", cal(repeatTo(mb-64, func(int) string { return "BEGIN:VALARM\r\nEND:VALARM\r\n" })), nil},
		{"DTEND years before DTSTART", cal(ev("DTSTART:20300101T000000Z\r\nDTEND:20240601T000000Z\r\n")), nil},
	}
}

// hourOf2024 returns the i-th hour of 2024 (modulo the year) as a UTC DATE-TIME.
func hourOf2024(i int) string {
	t := day(2024, 1, 1).Add(time.Duration(i%8784) * time.Hour)
	return t.Format("20060102T150405Z")
}
