package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/overlap/overlap/planner"
	"github.com/overlap/overlap/scheduler"
	"github.com/overlap/overlap/store"
	"github.com/overlap/overlap/web/svg"
)

type teamsData struct {
	Teams  []store.Team
	Role   store.Role
	CSRF   string
	Signed bool
}

func (w *Web) teams(c echo.Context) error {
	s := c.Get(sessionKey).(*session)
	teams, err := w.cfg.Store.ListTeams(c.Request().Context(), s.OrgID, store.Page{Limit: 500})
	if err != nil {
		return err
	}
	return w.render(c, http.StatusOK, "teams", teamsData{Teams: teams, Role: s.Role, CSRF: s.csrf, Signed: true})
}

// viewerZone is the zone the viewer reads times in: ?tz=, else the browser's
// (the cookie app.js sets), else UTC.
func viewerZone(c echo.Context) (*time.Location, string, string) {
	if tz := c.QueryParam("tz"); tz != "" {
		if loc, err := scheduler.LoadZone(tz); err == nil {
			return loc, tz, "query"
		}
	}
	if ck, err := c.Cookie(tzCookie); err == nil && ck.Value != "" {
		if name, err := url.QueryUnescape(ck.Value); err == nil {
			if loc, err := scheduler.LoadZone(name); err == nil {
				return loc, name, "browser"
			}
		}
	}
	return time.UTC, "UTC", "default"
}

func (w *Web) team(c echo.Context) error {
	s := c.Get(sessionKey).(*session)
	ctx := c.Request().Context()
	team, err := w.cfg.Store.Team(ctx, s.OrgID, c.Param("id"))
	if noSuchTeam(err) {
		return w.fail(c, http.StatusNotFound, "Team not found", "There is no such team in your organization.")
	}
	if err != nil {
		return err
	}
	v := &teamView{Team: team, Role: s.Role, CanSubscribe: s.Role.Allows(store.RoleManager), CSRF: s.csrf, Signed: true}
	v.Loc, v.TZ, v.TZSource = viewerZone(c)
	now := w.now()
	v.Now = now.In(v.Loc).Format(stampFmt)
	date := scheduler.DateOf(now.In(v.Loc))
	if q := c.QueryParam("date"); q != "" {
		// A date whose week the scheduler cannot reach reads like an
		// unreadable one: the page shows today.
		if d, err := scheduler.ParseDate(q); err == nil && d.Year > scheduler.MinTime.Year() && d.Year < scheduler.MaxTime.Year()-1 {
			date = d
		}
	}
	if err := w.fill(ctx, v, s.OrgID, date, now); err != nil {
		return err
	}
	return w.render(c, http.StatusOK, "team", v)
}

// noSuchTeam says err means the team ID names no team of the organization,
// including an ID that is not text (a NUL or invalid UTF-8), which the store
// refuses to look up.
func noSuchTeam(err error) bool {
	return errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrInvalidText)
}

// fill assembles every section of the team page.
func (w *Web) fill(ctx context.Context, v *teamView, orgID string, date scheduler.Date, now time.Time) error {
	onCall, err := w.onCall(ctx, v, orgID, now)
	if err != nil {
		return err
	}
	if err := w.nowPanel(ctx, v, orgID, now, onCall); err != nil {
		return err
	}
	v.Members = len(v.NowRows)
	if err := w.day(ctx, v, orgID, date, now); err != nil {
		return err
	}
	return w.week(ctx, v, orgID, date)
}

func (v *teamView) link(d scheduler.Date) string {
	q := url.Values{"date": {d.String()}}
	if v.TZSource == "query" {
		q.Set("tz", v.TZ)
	}
	return "/teams/" + url.PathEscape(v.Team.ID) + "?" + q.Encode()
}

// overlapOptions are the JSON API's defaults for /overlap.
var overlapOptions = scheduler.OverlapOptions{MinDuration: planner.DefaultMinDuration}

// day draws the timeline of one local day of the viewer.
func (w *Web) day(ctx context.Context, v *teamView, orgID string, date scheduler.Date, now time.Time) error {
	from, to := scheduler.LocalMidnight(date, v.Loc), scheduler.LocalMidnight(date.AddDays(1), v.Loc)
	v.Date, v.DayLabel = date.String(), from.In(v.Loc).Format("Monday 2 January 2006")
	v.PrevDay, v.NextDay, v.PrevWeek, v.NextWk = v.link(date.AddDays(-1)), v.link(date.AddDays(1)), v.link(date.AddDays(-7)), v.link(date.AddDays(7))
	r, err := w.cfg.Planner.Overlap(ctx, orgID, planner.ForTeam(v.Team.ID), planner.Question{From: from, To: to, Loc: v.Loc})
	if err != nil {
		return err
	}
	in, windows := r.In, r.Windows
	zones := map[string]bool{"UTC": true, v.TZ: true}
	for _, l := range in.Zones {
		zones[l.String()] = true
	}
	for z := range zones {
		v.Zones = append(v.Zones, z)
	}
	slices.Sort(v.Zones)
	title := fmt.Sprintf("%s on %s, times in %s", v.Team.Name, v.DayLabel, v.TZ)
	tl, err := svg.TimelineOf(title, in, windows, from, to, v.Loc, scheduler.AvailabilityOptions{})
	if err != nil {
		return err
	}
	tl.Now = now
	v.Timeline = tl.SVG()
	for _, win := range windows {
		v.DayWindows = append(v.DayWindows, fmt.Sprintf("%s – %s (%s)", win.Start.In(v.Loc).Format("15:04 MST"), win.End.In(v.Loc).Format("15:04 MST"), svg.Hours(win.End.Sub(win.Start))))
	}
	switch {
	case len(in.Members) == 0:
		v.DayNote = "This team has no members yet, so there is nothing to draw. Add members with PUT /v1/teams/{id}/members/{member_id}."
	case len(windows) == 0:
		v.DayNote = "No common working hours on this day."
	}
	return nil
}

// week draws the heatmap of the viewer's week (Monday to Sunday) and, when
// the team never overlaps in it, says what comes closest.
func (w *Web) week(ctx context.Context, v *teamView, orgID string, date scheduler.Date) error {
	back := (int(date.Weekday()) + 6) % 7
	monday := date.AddDays(-back)
	from, to := scheduler.LocalMidnight(monday, v.Loc), scheduler.LocalMidnight(monday.AddDays(7), v.Loc)
	v.WeekLabel = from.In(v.Loc).Format("Mon 2 Jan") + " – " + to.Add(-time.Minute).In(v.Loc).Format("Mon 2 Jan 2006")
	r, err := w.cfg.Planner.TeamHeatmap(ctx, orgID, v.Team.ID, planner.Question{From: from, To: to, Loc: v.Loc})
	if err != nil {
		return err
	}
	in, grid := r.In, r.Grid
	v.Heatmap = svg.Heatmap{Title: v.Team.Name + ": members available per hour, week of " + v.WeekLabel + " (" + v.TZ + ")", Loc: v.Loc, Members: len(in.Members), Grid: grid}.SVG()
	ids := make([]string, len(in.Members))
	for i, m := range in.Members {
		ids[i] = m.ID
	}
	if err := w.health(ctx, v, orgID, ids, in.Names, w.now()); err != nil {
		return err
	}
	switch n := len(in.Members); {
	case n == 0:
		v.WeekNote = "This team has no members yet."
		return nil
	case n == 1:
		return nil
	}
	windows, err := scheduler.Overlap(in.Members, from, to, overlapOptions)
	if err != nil || len(windows) > 0 {
		return err
	}
	v.WeekNote, err = closest(in, from, to, v.Loc)
	return err
}

// closest explains a week without overlap: the longest window with as many
// members as possible, and who is missing from it.
func closest(in *planner.Input, from, to time.Time, loc *time.Location) (string, error) {
	// Nobody is required here: the question is who is missing.
	members := slices.Clone(in.Members)
	for i := range members {
		members[i].Required = false
	}
	for q := len(members) - 1; q >= 1; q-- {
		windows, err := scheduler.Overlap(members, from, to, scheduler.OverlapOptions{MinDuration: 15 * time.Minute, Quorum: q})
		if err != nil {
			return "", err
		}
		if len(windows) == 0 {
			continue
		}
		best := windows[0]
		for _, w := range windows[1:] {
			if w.End.Sub(w.Start) > best.End.Sub(best.Start) {
				best = w
			}
		}
		var missing []string
		for _, a := range best.Unavailable {
			missing = append(missing, in.Names[a.MemberID])
		}
		return fmt.Sprintf("No common working hours this week: the closest is %s on %s (%s), missing %s.",
			svg.Hours(best.End.Sub(best.Start)), best.Start.In(loc).Format("Mon"), best.Start.In(loc).Format("15:04 MST"), strings.Join(missing, ", ")), nil
	}
	return "No common working hours this week, and nobody is working in it.", nil
}

type subscribedData struct {
	Team        store.Team
	Kind        string
	URL, Webcal string
	CSRF        string
	Signed      bool
	Role        store.Role
}

// subscribe publishes a team feed (managers only) and shows its link once.
func (w *Web) subscribe(c echo.Context) error {
	s := c.Get(sessionKey).(*session)
	if !s.Role.Allows(store.RoleManager) {
		return w.fail(c, http.StatusForbidden, "Not allowed", "Only managers and admins can create subscription links.")
	}
	kind := store.FeedKind(c.FormValue("kind"))
	if kind != store.FeedTeamOverlap && kind != store.FeedTeamOnCall {
		return w.fail(c, http.StatusUnprocessableEntity, "Unknown feed", "Choose the team overlap or the on-call feed.")
	}
	secret, hash := w.cfg.NewFeedToken()
	f := store.Feed{OrgID: s.OrgID, Kind: kind, TeamID: c.Param("id"), TokenHash: hash,
		Options: store.FeedOptions{Horizon: planner.DefaultFeedHorizon, Past: planner.DefaultFeedPast}}
	_, err := w.cfg.Planner.PublishFeed(c.Request().Context(), &f)
	if noSuchTeam(err) {
		return w.fail(c, http.StatusNotFound, "Team not found", "There is no such team in your organization.")
	}
	if err != nil {
		return err
	}
	team, _ := w.cfg.Store.Team(c.Request().Context(), s.OrgID, f.TeamID)
	base := w.cfg.PublicURL
	if base == "" {
		base = c.Scheme() + "://" + c.Request().Host
	}
	link := strings.TrimRight(base, "/") + "/ical/" + secret + ".ics"
	_, rest, _ := strings.Cut(link, "://")
	w.log.Info("web feed created", "org_id", s.OrgID, "feed_id", f.ID, "kind", string(kind))
	return w.render(c, http.StatusCreated, "subscribed", subscribedData{Team: team, Kind: string(kind), URL: link, Webcal: "webcal://" + rest, CSRF: s.csrf, Signed: true, Role: s.Role})
}
