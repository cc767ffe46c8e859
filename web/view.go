package web

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"time"

	"github.com/overlap/overlap/planner"
	"github.com/overlap/overlap/scheduler"
	"github.com/overlap/overlap/store"
	"github.com/overlap/overlap/web/svg"
)

// stampFmt shows an instant with its zone abbreviation, always.
const stampFmt = "Mon 2 Jan 15:04 MST"

var funcs = template.FuncMap{
	"svg": func(s string) template.HTML { return template.HTML(s) }, // drawn by web/svg, every text escaped there
}

// Times is an instant for people: in the member's zone and the viewer's.
type Times struct {
	Local, Viewer string
}

func (v *teamView) times(t time.Time, loc *time.Location) Times {
	return Times{Local: t.In(loc).Format(stampFmt), Viewer: t.In(v.Loc).Format(stampFmt)}
}

// NowRow is one member in the Now panel.
type NowRow struct {
	Name, Zone, Abbrev, LocalTime string
	Home                          string // the home zone while Zone is a travel override's
	State, StateClass             string
	NextAvailable                 string
	Reply                         string
	OnCall                        bool
}

// ShiftRow is one on-call shift or gap.
type ShiftRow struct {
	Who      string
	Gap      bool
	From, To string
}

// CalendarRow is one calendar's health.
type CalendarRow struct {
	Member, Name, Kind, Source string
	LastRefresh                string
	State, StateClass          string
	Problem                    string
}

// teamView is everything the team page shows.
type teamView struct {
	Team             store.Team
	Role             store.Role
	CanSubscribe     bool
	CSRF             string
	Signed           bool
	Loc              *time.Location
	TZ, TZSource     string
	Zones            []string
	Now              string
	Members          int
	NowRows          []NowRow
	OnCallNow        string
	Shifts           []ShiftRow
	OnCallNote       string
	Date             string
	DayLabel         string
	PrevDay, NextDay string
	PrevWeek, NextWk string
	Timeline         string
	DayWindows       []string
	DayNote          string
	WeekNote         string
	Heatmap          string
	WeekLabel        string
	Calendars        []CalendarRow
}

// state says a piece's status in the Now panel's words.
func state(s scheduler.Status) (string, string) {
	switch s {
	case scheduler.StatusAvailable:
		return "working", "ok"
	case scheduler.StatusOutsideHours:
		return "off", "off"
	case scheduler.StatusTimeOff, scheduler.StatusOOF:
		return "on time off", "away"
	case scheduler.StatusHoliday:
		return "on time off (public holiday)", "away"
	}
	return "busy", "busy"
}

// nowPanel fills who is working, off or busy now, and when they answer a
// message of normal priority (the JSON API's response time).
func (w *Web) nowPanel(ctx context.Context, v *teamView, orgID string, now time.Time, onCall string) error {
	replies, err := w.cfg.Planner.TeamReplies(ctx, orgID, v.Team.ID, now, store.PriorityNormal)
	if err != nil {
		return err
	}
	in := replies.In
	for i, m := range in.Members {
		// While travelling, a member's hours and clock are the override zone's.
		home := in.Zones[m.ID]
		loc := planner.ZoneOn(m.Schedule, scheduler.DateOf(now.In(home)))
		pieces, err := scheduler.Availability(m, now, now.Add(14*24*time.Hour), scheduler.AvailabilityOptions{})
		if err != nil {
			return err
		}
		row := NowRow{Name: in.Names[m.ID], Zone: loc.String(), Abbrev: svg.Abbrev(now, loc), LocalTime: now.In(loc).Format("Mon 15:04 MST"), OnCall: m.ID == onCall}
		if loc.String() != home.String() {
			row.Home = home.String()
		}
		row.State, row.StateClass = state(pieces[0].Status)
		row.NextAvailable = "in the next 14 days: none"
		for _, p := range pieces {
			if p.Status == scheduler.StatusAvailable {
				if !p.Start.After(now) {
					row.NextAvailable = "now"
				} else {
					t := v.times(p.Start, loc)
					row.NextAvailable = t.Local + " (" + t.Viewer + ")"
				}
				break
			}
		}
		if a := replies.Members[i].Answer; a.Found {
			t := v.times(a.RespondBy, loc)
			row.Reply = "by " + t.Local + " (" + t.Viewer + ")"
		} else {
			row.Reply = "not within 60 days"
		}
		v.NowRows = append(v.NowRows, row)
	}
	return nil
}

// onCall fills the on-call section and says who is on call now.
func (w *Web) onCall(ctx context.Context, v *teamView, orgID string, now time.Time) (string, error) {
	r, err := w.cfg.Planner.ShiftsFrom(ctx, orgID, v.Team.ID, now, now.Add(14*24*time.Hour))
	if errors.Is(err, planner.ErrNoOnCall) {
		v.OnCallNote = "This team has no on-call schedule."
		v.OnCallNow = "nobody (no schedule)"
		return "", nil
	}
	if err != nil {
		return "", err
	}
	cur, _ := scheduler.OnCallAt(r.Shifts, now)
	v.OnCallNow = "nobody (a gap in the schedule)"
	o := r.OnCall
	startsLater := o.StartDate > now.In(zoneOr(o.Timezone)).Format(time.DateOnly)
	if startsLater {
		v.OnCallNow = "nobody (the rotation starts on " + o.StartDate + ")"
	}
	if !cur.Gap && cur.MemberID != "" {
		v.OnCallNow = r.Refs[cur.MemberID].Name + " until " + cur.End.In(v.Loc).Format(stampFmt)
	}
	for _, sh := range r.Shifts {
		if !sh.End.After(now) || len(v.Shifts) >= 12 {
			continue
		}
		row := ShiftRow{Gap: sh.Gap, From: sh.Start.In(v.Loc).Format(stampFmt), To: sh.End.In(v.Loc).Format(stampFmt), Who: r.Refs[sh.MemberID].Name}
		if sh.Gap {
			row.Who = "nobody: gap"
		}
		if sh.Replaces != "" { // as the on-call feed says it
			row.Who += " for " + r.Refs[sh.Replaces].Name + " (away)"
		}
		v.Shifts = append(v.Shifts, row)
	}
	if len(v.Shifts) == 0 {
		v.OnCallNote = "No shifts in the next 14 days."
		if startsLater {
			v.OnCallNote = "No shifts in the next 14 days: the rotation starts on " + o.StartDate + "."
		}
	}
	return cur.MemberID, nil
}

// zoneOr loads a stored zone name, UTC when it no longer loads.
func zoneOr(name string) *time.Location {
	if loc, err := scheduler.LoadZone(name); err == nil {
		return loc
	}
	return time.UTC
}

// calendarWords says a calendar's trouble in plain words, by error code
// (calendars/fetch and the importer); other codes show the stored message.
var calendarWords = map[string]string{
	"invalid_url":        "the calendar address is not valid",
	"blocked_address":    "the calendar address is on a private network, which Overlap may not reach",
	"dns_error":          "the calendar server's name could not be found",
	"connect_error":      "the calendar server could not be reached",
	"tls_error":          "the calendar server's certificate is not valid",
	"timeout":            "the calendar server did not answer in time",
	"too_many_redirects": "the calendar address redirects too many times",
	"not_found":          "the calendar address no longer exists (404): the link may have been reset",
	"http_gone":          "the calendar was removed by its owner",
	"unauthorized":       "the calendar server refused access: the secret link may have been reset",
	"rate_limited":       "the calendar server asked Overlap to slow down",
	"body_too_large":     "the calendar is larger than Overlap accepts",
	"truncated":          "the calendar arrived cut short",
	"not_calendar":       "the address does not serve a calendar (perhaps a web page)",
}

// health fills the calendars section.
func (w *Web) health(ctx context.Context, v *teamView, orgID string, ids []string, names map[string]string, now time.Time) error {
	cals, err := w.cfg.Store.CalendarsOfMembers(ctx, orgID, ids)
	if err != nil {
		return err
	}
	for _, c := range cals {
		row := CalendarRow{Member: names[c.MemberID], Name: c.Name, Kind: string(c.Kind), Source: string(c.Source), LastRefresh: "never", State: "fresh", StateClass: "ok"}
		if c.LastSuccessAt != nil {
			row.LastRefresh = c.LastSuccessAt.In(v.Loc).Format(stampFmt) + " (" + ago(now.Sub(*c.LastSuccessAt)) + ")"
		}
		switch {
		case c.LastErrorCode != "":
			row.State, row.StateClass = "failing", "bad"
			if c.Failures > 1 {
				row.State = fmt.Sprintf("failing (%d times in a row)", c.Failures)
			}
			row.Problem = calendarWords[c.LastErrorCode]
			if row.Problem == "" {
				row.Problem = c.LastErrorMessage
			}
		case w.cfg.Stale(c, now):
			row.State, row.StateClass = "stale", "warn"
			row.Problem = "not refreshed for a while: busy times may be out of date"
		}
		v.Calendars = append(v.Calendars, row)
	}
	return nil
}

func ago(d time.Duration) string {
	switch {
	case d < time.Minute:
		return "just now"
	case d < time.Hour:
		return fmt.Sprintf("%d min ago", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%d h ago", int(d.Hours()))
	}
	return fmt.Sprintf("%d days ago", int(d.Hours()/24))
}
