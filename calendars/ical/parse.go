package ical

import (
	"bytes"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// compKind is the kind of component the parser is inside.
type compKind uint8

const (
	compCalendar compKind = iota
	compEvent
	compFreeBusy
	compTimezone
	compObservance
	compOther // VALARM, VTODO, VJOURNAL, x-components: read for nesting, otherwise ignored
)

// event is one VEVENT as read, before zones are resolved.
type event struct {
	uid         string
	line        int
	seq         int
	start, end  dtValue
	dur         duration
	hasStart    bool
	hasEnd      bool
	hasDur      bool
	rules       []*rule
	badRule     bool
	rdates      []period // start only unless isPeriod
	rdatePeriod []bool
	exdates     []dtValue
	recurID     dtValue
	hasRecurID  bool
	future      bool // RANGE=THISANDFUTURE
	free        bool // TRANSP:TRANSPARENT or MS BUSYSTATUS FREE
	cancelled   bool
	kind        Kind
	broken      string // why the component cannot be read; empty when fine
	startState  uint8  // 0 not known yet, 1 a rule generates DTSTART, 2 none does
}

// freeBusy is one VFREEBUSY's busy periods.
type freeBusy struct {
	uid     string
	periods []period
	kinds   []Kind
}

// parser reads content lines into events, free/busy periods and time zone
// definitions, enforcing the structural limits.
type parser struct {
	lim      Limits
	lx       *lexer
	deadline time.Time
	work     *budget // shared with the expander

	tzNames []string
	tzIndex map[string]int32

	events     []event
	freeBusy   []freeBusy
	vtz        map[string]*vtzDef
	xwrTZ      string
	refresh    time.Duration
	haveRI     bool
	warnings   []Warning
	comps      int
	eventsSeen int
}

func (p *parser) warn(code, msg string) {
	if len(p.warnings) < maxWarnings {
		p.warnings = append(p.warnings, Warning{Code: code, Message: msg})
	}
}

// maxWarnings caps the warnings kept for one calendar.
const maxWarnings = 100

func (p *parser) internTZID(b []byte) int32 {
	if i, ok := p.tzIndex[string(b)]; ok {
		return i
	}
	if p.tzIndex == nil {
		p.tzIndex = make(map[string]int32)
	}
	s := string(b)
	i := int32(len(p.tzNames))
	p.tzNames = append(p.tzNames, s)
	p.tzIndex[s] = i
	return i
}

func (p *parser) fail(err error) error {
	return &ParseError{Line: p.lx.line, Err: err}
}

// run reads the whole body.
func (p *parser) run() error {
	stack := make([]compKind, 16)
	depth := 0
	var ev *event
	var fb *freeBusy
	var tz *vtzDef
	var obs *observance
	first := true
	lines := 0
	for {
		raw, ok, err := p.lx.next()
		if err != nil {
			return p.fail(err)
		}
		if !ok {
			break
		}
		if lines++; lines&1023 == 0 && time.Now().After(p.deadline) {
			return p.fail(ErrTimeBudget)
		}
		if !p.work.spend(1) {
			return p.fail(ErrWorkBudget)
		}
		if !p.lx.split(raw) {
			if first {
				return p.fail(ErrNotCalendar)
			}
			if len(bytes.TrimSpace(raw)) == 0 {
				continue
			}
			p.warn("line_skipped", "malformed content line "+strconv.Itoa(p.lx.line)+" ignored")
			continue
		}
		name := p.lx.name
		if first {
			if string(name) != "BEGIN" || !equalFoldASCII(bytes.TrimSpace(p.lx.value), "VCALENDAR") {
				return p.fail(ErrNotCalendar)
			}
			first = false
		}
		switch string(name) {
		case "BEGIN":
			p.comps++
			if p.comps > p.lim.MaxComponents {
				return p.fail(ErrTooManyComponents)
			}
			if depth >= p.lim.MaxDepth {
				return p.fail(ErrTooDeep)
			}
			if depth == len(stack) {
				stack = append(stack, 0)
			}
			k := compOther
			cn := bytes.TrimSpace(p.lx.value)
			parent := compOther
			if depth > 0 {
				parent = stack[depth-1]
			}
			switch {
			case depth == 0 && equalFoldASCII(cn, "VCALENDAR"):
				k = compCalendar
			case parent == compCalendar && equalFoldASCII(cn, "VEVENT"):
				k = compEvent
				p.eventsSeen++
				p.events = append(p.events, event{line: p.lx.line, kind: KindBusy})
				ev = &p.events[len(p.events)-1]
			case parent == compCalendar && equalFoldASCII(cn, "VFREEBUSY"):
				k = compFreeBusy
				p.eventsSeen++
				p.freeBusy = append(p.freeBusy, freeBusy{})
				fb = &p.freeBusy[len(p.freeBusy)-1]
			case parent == compCalendar && equalFoldASCII(cn, "VTIMEZONE"):
				k = compTimezone
				tz = &vtzDef{}
			case parent == compTimezone && (equalFoldASCII(cn, "STANDARD") || equalFoldASCII(cn, "DAYLIGHT")):
				k = compObservance
				tz.obs = append(tz.obs, observance{})
				obs = &tz.obs[len(tz.obs)-1]
			}
			stack[depth] = k
			depth++
		case "END":
			// A missing END (say END:VALARM) must not swallow the event: close
			// down to the component the END names, and ignore an END naming none.
			target := depth - 1
			if k := endKind(bytes.TrimSpace(p.lx.value)); k != compOther {
				for target >= 0 && stack[target] != k {
					target--
				}
			} else if target >= 0 && stack[target] != compOther {
				target = -1
			}
			for target >= 0 && depth > target {
				depth--
				switch stack[depth] {
				case compEvent:
					p.finishEvent(ev)
				case compTimezone:
					p.addVTimezone(tz)
				}
			}
		default:
			if depth == 0 {
				continue
			}
			switch stack[depth-1] {
			case compCalendar:
				p.calendarProp(name)
			case compEvent:
				p.eventProp(ev, name)
			case compFreeBusy:
				p.freeBusyProp(fb, name)
			case compTimezone:
				if string(name) == "TZID" && tz.tzid == "" {
					tz.tzid = unescapeText(p.lx.value)
				}
			case compObservance:
				p.observanceProp(obs, name)
			}
		}
	}
	if first {
		return p.fail(ErrNotCalendar)
	}
	if depth > 0 {
		return p.fail(ErrTruncated)
	}
	return nil
}

// endKind maps the name in an END line to the component kind it closes.
func endKind(name []byte) compKind {
	switch {
	case equalFoldASCII(name, "VCALENDAR"):
		return compCalendar
	case equalFoldASCII(name, "VEVENT"):
		return compEvent
	case equalFoldASCII(name, "VFREEBUSY"):
		return compFreeBusy
	case equalFoldASCII(name, "VTIMEZONE"):
		return compTimezone
	case equalFoldASCII(name, "STANDARD"), equalFoldASCII(name, "DAYLIGHT"):
		return compObservance
	}
	return compOther
}

func (p *parser) calendarProp(name []byte) {
	v := bytes.TrimSpace(p.lx.value)
	switch string(name) {
	case "X-WR-TIMEZONE":
		if p.xwrTZ == "" {
			p.xwrTZ = unescapeText(v)
		}
	case "REFRESH-INTERVAL", "X-PUBLISHED-TTL":
		if p.haveRI && string(name) == "X-PUBLISHED-TTL" {
			return
		}
		if d, err := parseDuration(v); err == nil && d.days >= 0 && d.secs >= 0 {
			p.refresh = time.Duration(d.days)*24*time.Hour + time.Duration(d.secs)*time.Second
			p.haveRI = string(name) == "REFRESH-INTERVAL"
		}
	}
}

func (p *parser) valueIsDate() bool {
	return equalFoldASCII(p.lx.param("VALUE"), "DATE")
}

func (p *parser) eventProp(ev *event, name []byte) {
	if ev.broken != "" {
		return
	}
	lx := p.lx
	v := lx.value
	var err error
	switch string(name) {
	case "UID":
		ev.uid = p.cleanUID(v)
	case "DTSTART":
		if ev.hasStart {
			ev.broken = "second DTSTART"
			return
		}
		ev.start, err = p.parseDT(v, lx.param("TZID"), p.valueIsDate())
		ev.hasStart = true
	case "DTEND":
		if ev.hasEnd {
			return
		}
		ev.end, err = p.parseDT(v, lx.param("TZID"), p.valueIsDate())
		ev.hasEnd = true
	case "DURATION":
		ev.dur, err = parseDuration(v)
		ev.hasDur = true
	case "RRULE":
		if r, rerr := parseRule(v, p); rerr == nil {
			ev.rules = append(ev.rules, r)
		} else {
			ev.badRule = true
		}
	case "RDATE":
		isPeriod := equalFoldASCII(lx.param("VALUE"), "PERIOD")
		tzid, asDate := lx.param("TZID"), p.valueIsDate()
		err = forEachValue(v, func(item []byte) error {
			if isPeriod || bytes.IndexByte(item, '/') >= 0 {
				per, err := p.parsePeriod(item, tzid)
				if err == nil {
					ev.rdates = append(ev.rdates, per)
					ev.rdatePeriod = append(ev.rdatePeriod, true)
				}
				return err
			}
			d, err := p.parseDT(item, tzid, asDate)
			if err == nil {
				ev.rdates = append(ev.rdates, period{start: d})
				ev.rdatePeriod = append(ev.rdatePeriod, false)
			}
			return err
		})
		if err != nil {
			p.warn("value_skipped", "unreadable RDATE in event "+ev.uid+" at line "+strconv.Itoa(lx.line))
			err = nil
		}
	case "EXDATE":
		tzid, asDate := lx.param("TZID"), p.valueIsDate()
		err = forEachValue(v, func(item []byte) error {
			d, err := p.parseDT(item, tzid, asDate)
			if err == nil {
				ev.exdates = append(ev.exdates, d)
			}
			return err
		})
		if err != nil {
			p.warn("value_skipped", "unreadable EXDATE in event "+ev.uid+" at line "+strconv.Itoa(lx.line))
			err = nil
		}
	case "RECURRENCE-ID":
		ev.recurID, err = p.parseDT(v, lx.param("TZID"), p.valueIsDate())
		ev.hasRecurID = true
		ev.future = equalFoldASCII(lx.param("RANGE"), "THISANDFUTURE")
	case "SEQUENCE":
		ev.seq, _ = strconv.Atoi(string(bytes.TrimSpace(v)))
	case "STATUS":
		s := bytes.TrimSpace(v)
		ev.cancelled = equalFoldASCII(s, "CANCELLED")
		if equalFoldASCII(s, "TENTATIVE") && ev.kind == KindBusy {
			ev.kind = KindTentative
		}
	case "TRANSP":
		if equalFoldASCII(bytes.TrimSpace(v), "TRANSPARENT") {
			ev.free = true
		}
	case "X-MICROSOFT-CDO-BUSYSTATUS":
		switch s := bytes.TrimSpace(v); {
		case equalFoldASCII(s, "FREE"):
			ev.free = true
		case equalFoldASCII(s, "TENTATIVE"):
			if ev.kind == KindBusy {
				ev.kind = KindTentative
			}
		case equalFoldASCII(s, "OOF"):
			ev.kind = KindOOF
		}
	}
	if err != nil {
		ev.broken = "unreadable " + string(name) + " at line " + strconv.Itoa(lx.line)
	}
}

func (p *parser) finishEvent(ev *event) {
	if ev.broken == "" && !ev.hasStart {
		if ev.hasRecurID {
			ev.start, ev.hasStart = ev.recurID, true
		} else {
			ev.broken = "no DTSTART"
		}
	}
	if ev.broken != "" {
		p.warn("component_skipped", "VEVENT "+ev.uid+" at line "+strconv.Itoa(ev.line)+" skipped: "+ev.broken)
		return
	}
	if ev.badRule {
		p.warn("rule_unreadable", "VEVENT "+ev.uid+": unreadable RRULE, DTSTART used alone")
	}
}

func (p *parser) freeBusyProp(fb *freeBusy, name []byte) {
	switch string(name) {
	case "UID":
		fb.uid = p.cleanUID(p.lx.value)
	case "FREEBUSY":
		kind := KindBusy
		switch t := p.lx.param("FBTYPE"); {
		case t == nil || equalFoldASCII(t, "BUSY"):
		case equalFoldASCII(t, "BUSY-TENTATIVE"):
			kind = KindTentative
		case equalFoldASCII(t, "BUSY-UNAVAILABLE"):
			kind = KindOOF
		default:
			return
		}
		err := forEachValue(p.lx.value, func(item []byte) error {
			per, err := p.parsePeriod(item, nil)
			if err == nil {
				fb.periods = append(fb.periods, per)
				fb.kinds = append(fb.kinds, kind)
			}
			return err
		})
		if err != nil {
			p.warn("value_skipped", "unreadable FREEBUSY period at line "+strconv.Itoa(p.lx.line))
		}
	}
}

func (p *parser) observanceProp(o *observance, name []byte) {
	v := bytes.TrimSpace(p.lx.value)
	switch string(name) {
	case "DTSTART":
		if d, err := p.parseDT(v, nil, false); err == nil {
			o.start, o.hasStart = d.wall, true
		}
	case "TZOFFSETFROM":
		o.from, o.hasFrom = parseOffset(v)
	case "TZOFFSETTO":
		o.to, o.hasTo = parseOffset(v)
	case "RRULE":
		if r, err := parseRule(v, p); err == nil {
			o.rules = append(o.rules, r)
		}
	case "RDATE":
		_ = forEachValue(v, func(item []byte) error {
			if s := bytes.IndexByte(item, '/'); s >= 0 {
				item = item[:s]
			}
			if d, err := p.parseDT(item, nil, false); err == nil {
				o.rdates = append(o.rdates, d)
			}
			return nil
		})
	}
}

// cleanUID returns a UID that any database can store as text: a NUL or an
// invalid UTF-8 sequence becomes U+FFFD (with a uid_cleaned warning), and a UID
// longer than maxUIDBytes is cut. Distinct dirty UIDs may then coincide; that
// only merges what was unreadable anyway.
func (p *parser) cleanUID(v []byte) string {
	v = bytes.TrimSpace(v)
	if len(v) > maxUIDBytes {
		v = v[:maxUIDBytes]
		p.warn("uid_cleaned", "a UID at line "+strconv.Itoa(p.lx.line)+" was cut to "+strconv.Itoa(maxUIDBytes)+" bytes")
	}
	if utf8.Valid(v) && bytes.IndexByte(v, 0) < 0 {
		return string(v)
	}
	s := strings.ToValidUTF8(strings.ReplaceAll(string(v), "\x00", "\uFFFD"), "\uFFFD")
	p.warn("uid_cleaned", "the UID at line "+strconv.Itoa(p.lx.line)+" had NUL bytes or invalid UTF-8, replaced by U+FFFD")
	return s
}

// maxUIDBytes bounds a stored UID. RFC 5545 sets no limit; real ones are under
// 300 bytes (Exchange's are the longest).
const maxUIDBytes = 1024

// parseOffset reads a UTC offset such as +0100, -0741 or +013045.
func parseOffset(v []byte) (int64, bool) {
	if len(v) != 5 && len(v) != 7 || (v[0] != '+' && v[0] != '-') {
		return 0, false
	}
	h, ok1 := digits(v[1:3])
	m, ok2 := digits(v[3:5])
	s := 0
	ok3 := true
	if len(v) == 7 {
		s, ok3 = digits(v[5:7])
	}
	if !ok1 || !ok2 || !ok3 || h > 23 || m > 59 || s > 59 {
		return 0, false
	}
	off := int64(h*3600 + m*60 + s)
	if v[0] == '-' {
		off = -off
	}
	return off, true
}
