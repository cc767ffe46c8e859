package api

import (
	"io"
	"mime"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/overlap/overlap/calendars"
	"github.com/overlap/overlap/calendars/fetch"
	"github.com/overlap/overlap/planner"
	"github.com/overlap/overlap/scheduler"
	"github.com/overlap/overlap/store"
)

// CalendarService imports calendars (calendars.Importer): what the planner
// drives, and the refresh interval a calendar's answer shows.
type CalendarService interface {
	planner.Importer
	EffectiveInterval(c store.Calendar) time.Duration
}

// maxCalendarBody bounds an uploaded .ics file.
const maxCalendarBody = "10M"

// CalendarRequest subscribes to a feed (POST) or changes a calendar (PATCH).
type CalendarRequest struct {
	URL             *string `json:"url"`
	Kind            *string `json:"kind"`
	Name            *string `json:"name"`
	RefreshInterval *string `json:"refresh_interval"`
}

// CalendarError is a calendar's last failure.
type CalendarError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// CalendarResponse is a calendar and the state of its import.
type CalendarResponse struct {
	ID                       string                  `json:"id"`
	MemberID                 string                  `json:"member_id"`
	Name                     string                  `json:"name"`
	Kind                     string                  `json:"kind"`
	Source                   string                  `json:"source"`
	URL                      *string                 `json:"url"`
	RefreshInterval          *string                 `json:"refresh_interval"`
	EffectiveRefreshInterval *string                 `json:"effective_refresh_interval"`
	LastAttemptAt            *string                 `json:"last_attempt_at"`
	LastSuccessAt            *string                 `json:"last_success_at"`
	LastError                *CalendarError          `json:"last_error"`
	ConsecutiveFailures      int                     `json:"consecutive_failures"`
	ETag                     string                  `json:"etag"`
	LastModified             string                  `json:"last_modified"`
	EventCount               int                     `json:"event_count"`
	IntervalCount            int                     `json:"interval_count"`
	Warnings                 []store.CalendarWarning `json:"warnings"`
	NextRefreshAt            *string                 `json:"next_refresh_at"`
	WindowStart              *string                 `json:"window_start"`
	WindowEnd                *string                 `json:"window_end"`
	Stale                    bool                    `json:"stale"`
	CreatedAt                string                  `json:"created_at"`
	UpdatedAt                string                  `json:"updated_at"`
}

func (s *Server) calendarResponse(c store.Calendar) CalendarResponse {
	r := CalendarResponse{
		ID: c.ID, MemberID: c.MemberID, Name: c.Name, Kind: string(c.Kind), Source: string(c.Source),
		LastAttemptAt: fmtTimePtr(c.LastAttemptAt), LastSuccessAt: fmtTimePtr(c.LastSuccessAt),
		ConsecutiveFailures: c.Failures, ETag: c.ETag, LastModified: c.LastModified,
		EventCount: c.EventCount, IntervalCount: c.IntervalCount, Warnings: c.Warnings,
		NextRefreshAt: fmtTimePtr(c.NextRefreshAt), Stale: s.calendars.Stale(c, s.now()),
		CreatedAt: fmtTime(c.CreatedAt), UpdatedAt: fmtTime(c.UpdatedAt),
	}
	if r.Warnings == nil {
		r.Warnings = []store.CalendarWarning{}
	}
	if c.URL != "" {
		u := fetch.Redact(c.URL)
		r.URL = &u
	}
	if c.RefreshInterval > 0 {
		d := formatDuration(c.RefreshInterval)
		r.RefreshInterval = &d
	}
	if c.Source == store.SourceURL {
		d := formatDuration(s.calendars.EffectiveInterval(c))
		r.EffectiveRefreshInterval = &d
	}
	if c.LastErrorCode != "" {
		r.LastError = &CalendarError{Code: c.LastErrorCode, Message: c.LastErrorMessage}
	}
	if c.LastSuccessAt != nil {
		r.WindowStart, r.WindowEnd = fmtTimePtr(&c.WindowStart), fmtTimePtr(&c.WindowEnd)
	}
	return r
}

// apply validates the request into c.
func (req *CalendarRequest) apply(c *store.Calendar, create bool) error {
	v := &ValidationError{}
	if req.Name != nil {
		c.Name = strings.TrimSpace(*req.Name)
		checkLen(v, "name", c.Name, 0, 200)
	}
	if req.Kind != nil || create {
		c.Kind = store.CalendarKind(deref(req.Kind))
		if c.Kind == "" {
			c.Kind = store.KindBusy
		}
		if !c.Kind.Valid() {
			v.add("kind", "must be busy, holidays or time_off")
		}
	}
	if req.URL != nil || create {
		c.URL = strings.TrimSpace(deref(req.URL))
		if c.URL == "" {
			v.add("url", "is required (http, https, webcal or webcals)")
		} else if u, err := fetch.NormalizeURL(c.URL); err != nil {
			v.add("url", "must be an http, https, webcal or webcals URL")
		} else {
			c.URL = u
		}
	}
	if req.RefreshInterval != nil {
		c.RefreshInterval = 0
		if *req.RefreshInterval != "" {
			d, err := parseDuration(*req.RefreshInterval)
			switch {
			case err != nil:
				v.add("refresh_interval", "%s", err.Error())
			case d < 15*time.Minute || d > 7*24*time.Hour:
				v.add("refresh_interval", "must be from PT15M to P7D")
			default:
				c.RefreshInterval = d
			}
		}
	}
	return v.err()
}

func isCalendarBody(c echo.Context) bool {
	mt, _, _ := mime.ParseMediaType(c.Request().Header.Get(echo.HeaderContentType))
	return mt == "text/calendar"
}

func (s *Server) createCalendar(c echo.Context) error {
	req, body, err := calendarCreation(c)
	if err != nil {
		return err
	}
	apply := func(cal *store.Calendar) error { return req.apply(cal, body == nil) }
	cal, err := s.planner.AddCalendar(c.Request().Context(), principal(c).OrgID, c.Param("id"), apply, body)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, s.calendarResponse(cal))
}

// calendarCreation reads a new calendar: an uploaded .ics file (kind and
// name in the query) or a JSON subscription.
func calendarCreation(c echo.Context) (CalendarRequest, []byte, error) {
	if isCalendarBody(c) {
		body, err := readCalendarBody(c)
		kind, name := c.QueryParam("kind"), c.QueryParam("name")
		return CalendarRequest{Kind: &kind, Name: &name}, body, err
	}
	var req CalendarRequest
	return req, nil, bindJSON(c, &req)
}

// readCalendarBody reads an uploaded .ics body (its size is bounded by the route).
func readCalendarBody(c echo.Context) ([]byte, error) {
	body, err := io.ReadAll(c.Request().Body)
	if err != nil {
		if isTooLarge(err) {
			return nil, echo.ErrStatusRequestEntityTooLarge
		}
		return nil, err
	}
	if len(body) == 0 {
		return nil, malformed("the body is empty; send an iCalendar file")
	}
	return body, nil
}

func (s *Server) listCalendars(c echo.Context) error {
	p, limit, err := pageParams(c)
	if err != nil {
		return err
	}
	rows, err := s.store.ListCalendars(c.Request().Context(), principal(c).OrgID, c.Param("id"), p)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, paginate(rows, limit, func(c store.Calendar) string { return c.ID }, s.calendarResponse))
}

func (s *Server) getCalendar(c echo.Context) error {
	cal, err := s.store.Calendar(c.Request().Context(), principal(c).OrgID, c.Param("cid"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, s.calendarResponse(cal))
}

func (s *Server) updateCalendar(c echo.Context) error {
	var req CalendarRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	cal, err := s.planner.UpdateCalendar(c.Request().Context(), principal(c).OrgID, c.Param("cid"), req.patch)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, s.calendarResponse(cal))
}

// patch validates a PATCH of the calendar c into it.
func (req *CalendarRequest) patch(c *store.Calendar) error {
	if req.URL != nil && c.Source == store.SourceUpload {
		return invalid("url", "an uploaded calendar has no URL; upload a new file with PUT /v1/calendars/{cid}/ics")
	}
	if req.URL != nil && *req.URL == fetch.Redact(c.URL) {
		req.URL = nil // the redacted form we showed, sent back unchanged
	}
	return req.apply(c, false)
}

func (s *Server) deleteCalendar(c echo.Context) error {
	if err := s.store.DeleteCalendar(c.Request().Context(), principal(c).OrgID, c.Param("cid")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (s *Server) replaceCalendarFile(c echo.Context) error {
	if !isCalendarBody(c) {
		return &requestError{kind: errMediaType, detail: "send the file as text/calendar"}
	}
	body, err := readCalendarBody(c)
	if err != nil {
		return err
	}
	cal, err := s.planner.ReplaceCalendarFile(c.Request().Context(), principal(c).OrgID, c.Param("cid"), body)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, s.calendarResponse(cal))
}

func (s *Server) refreshCalendar(c echo.Context) error {
	cal, err := s.planner.RefreshCalendar(c.Request().Context(), principal(c).OrgID, c.Param("cid"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, s.calendarResponse(cal))
}

// BusyResponse is one busy occurrence of a member.
type BusyResponse struct {
	Start      string `json:"start"`
	End        string `json:"end"`
	Kind       string `json:"kind"`
	CalendarID string `json:"calendar_id"`
	UID        string `json:"uid"`
}

func (s *Server) memberBusy(c echo.Context) error {
	from, to, err := rangeParams(c, scheduler.MaxRange)
	if err != nil {
		return err
	}
	rows, err := s.planner.MemberBusy(c.Request().Context(), principal(c).OrgID, c.Param("id"), from, to)
	if err != nil {
		return err
	}
	out := List[BusyResponse]{Items: make([]BusyResponse, len(rows))}
	for i, b := range rows {
		out.Items[i] = BusyResponse{Start: fmtTime(b.Start), End: fmtTime(b.End), Kind: b.Kind, CalendarID: b.CalendarID, UID: b.UID}
	}
	return c.JSON(http.StatusOK, out)
}

// rangeParams reads the from and to query parameters.
func rangeParams(c echo.Context, limit time.Duration) (time.Time, time.Time, error) {
	v := &ValidationError{}
	from, to := readRange(v, c.QueryParam, limit)
	return from, to, v.err()
}

// readRange reads from and to, instants at most limit apart, from any source
// of named values (a query string, a JSON body); v must hold no errors yet.
func readRange(v *ValidationError, get func(string) string, limit time.Duration) (time.Time, time.Time) {
	from := parseInstant(v, "from", get("from"))
	to := parseInstant(v, "to", get("to"))
	if len(v.Errors) == 0 {
		if !to.After(from) {
			v.add("to", "must be after from")
		} else if to.Sub(from) > limit {
			v.add("to", "the range is limited to %d days", int(limit/(24*time.Hour)))
		}
	}
	return from, to
}

var _ CalendarService = (*calendars.Importer)(nil)
