package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/overlap/overlap/calendars"
	"github.com/overlap/overlap/planner"
	"github.com/overlap/overlap/scheduler"
	"github.com/overlap/overlap/store"
)

// ProblemContentType is the media type of every error response (RFC 9457).
const ProblemContentType = "application/problem+json"

// Problem is an RFC 9457 problem details body.
type Problem struct {
	Type      string       `json:"type"`
	Title     string       `json:"title"`
	Status    int          `json:"status"`
	Detail    string       `json:"detail,omitempty"`
	Instance  string       `json:"instance,omitempty"`
	RequestID string       `json:"request_id,omitempty"`
	Code      string       `json:"code,omitempty"` // a stable sub-code, e.g. of a calendar import failure
	Errors    []FieldError `json:"errors,omitempty"`
}

// FieldError names one invalid field of a request.
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// ValidationError is returned by request validation: 422 with every field at fault.
type ValidationError struct{ Errors []FieldError }

func (e *ValidationError) Error() string {
	var b strings.Builder
	for i, f := range e.Errors {
		if i > 0 {
			b.WriteString("; ")
		}
		fmt.Fprintf(&b, "%s: %s", f.Field, f.Message)
	}
	return b.String()
}

// add records a field error; it is the one way validators collect problems.
func (e *ValidationError) add(field, format string, args ...any) {
	e.Errors = append(e.Errors, FieldError{Field: field, Message: fmt.Sprintf(format, args...)})
}

// err returns e as an error when it holds any field errors, else nil.
func (e *ValidationError) err() error {
	if len(e.Errors) == 0 {
		return nil
	}
	return e
}

func invalid(field, format string, args ...any) error {
	v := &ValidationError{}
	v.add(field, format, args...)
	return v
}

// Errors raised by the HTTP layer itself.
var (
	errMalformed    = errors.New("malformed request")
	errUnauthorized = errors.New("unauthorized")
	errForbidden    = errors.New("forbidden")
	errMediaType    = errors.New("unsupported media type")
)

// requestError carries a client-safe detail for a sentinel.
type requestError struct {
	kind   error
	detail string
}

func (e *requestError) Error() string { return e.detail }
func (e *requestError) Unwrap() error { return e.kind }

func malformed(format string, args ...any) error {
	return &requestError{kind: errMalformed, detail: fmt.Sprintf(format, args...)}
}

// problemKind is one row of the error table.
type problemKind struct {
	status int
	slug   string
	title  string
}

// errorTable is the single map from domain and HTTP errors to problems.
// Order matters only where errors wrap one another.
var errorTable = []struct {
	err  error
	kind problemKind
}{
	{errMalformed, problemKind{http.StatusBadRequest, "malformed-request", "The request could not be read"}},
	{errUnauthorized, problemKind{http.StatusUnauthorized, "unauthorized", "A valid bearer token is required"}},
	{errForbidden, problemKind{http.StatusForbidden, "forbidden", "The token's role does not allow this"}},
	{store.ErrNotFound, problemKind{http.StatusNotFound, "not-found", "Not found"}},
	{store.ErrConflict, problemKind{http.StatusConflict, "conflict", "The request conflicts with existing data"}},
	{errMediaType, problemKind{http.StatusUnsupportedMediaType, "unsupported-media-type", "Unsupported content type"}},
	{calendars.ErrNotUpload, problemKind{http.StatusConflict, "not-an-upload", "Only uploaded calendars can be replaced"}},
	{scheduler.ErrInvalidRange, validationKind},
	{scheduler.ErrRangeTooLong, validationKind},
	{scheduler.ErrInvalidDuration, validationKind},
	{scheduler.ErrInvalidQuorum, validationKind},
	{scheduler.ErrInvalidHours, validationKind},
	{store.ErrInvalidText, validationKind},
	{store.ErrUnavailable, unavailableKind},
	{context.DeadlineExceeded, unavailableKind},
	{planner.ErrInvalidSeries, validationKind},
}

// statusKinds covers errors raised by Echo itself, by status.
var statusKinds = map[int]problemKind{
	http.StatusBadRequest:            {http.StatusBadRequest, "malformed-request", "The request could not be read"},
	http.StatusNotFound:              {http.StatusNotFound, "not-found", "Not found"},
	http.StatusMethodNotAllowed:      {http.StatusMethodNotAllowed, "method-not-allowed", "Method not allowed"},
	http.StatusRequestEntityTooLarge: {http.StatusRequestEntityTooLarge, "too-large", "The request body is too large"},
	http.StatusTooManyRequests:       {http.StatusTooManyRequests, "rate-limited", "Too many requests"},
	http.StatusUnsupportedMediaType:  {http.StatusUnsupportedMediaType, "unsupported-media-type", "Unsupported content type"},
	http.StatusUnauthorized:          {http.StatusUnauthorized, "unauthorized", "A valid bearer token is required"},
	http.StatusServiceUnavailable:    {http.StatusServiceUnavailable, "unavailable", "Service unavailable"},
}

var (
	validationKind = problemKind{http.StatusUnprocessableEntity, "validation", "The request has invalid fields"}
	importKind     = problemKind{http.StatusUnprocessableEntity, "calendar-import", "The calendar could not be imported"}
	internalKind   = problemKind{http.StatusInternalServerError, "internal", "Internal server error"}
	// unavailableKind: the database is down, overloaded or did not answer
	// within the request's deadline; the client may retry (Retry-After).
	unavailableKind = problemKind{http.StatusServiceUnavailable, "unavailable", "Service unavailable"}
)

// ProblemType is the stable type URI of a problem slug.
func ProblemType(slug string) string { return "urn:overlap:problem:" + slug }

// toProblem maps any error to the problem the client sees. Unknown errors
// become a generic 500 whose cause only the log sees.
func toProblem(err error) (Problem, bool) {
	var ve *ValidationError
	if errors.As(err, &ve) {
		return newProblem(validationKind, "", ve.Errors), true
	}
	var pe *planner.InvalidError
	if errors.As(err, &pe) {
		fields := make([]FieldError, len(pe.Fields))
		for i, f := range pe.Fields {
			fields[i] = FieldError{Field: f.Field, Message: f.Message}
		}
		return newProblem(validationKind, "", fields), true
	}
	var ie *calendars.ImportError
	if errors.As(err, &ie) {
		p := newProblem(importKind, ie.Message, nil)
		p.Code = ie.Code
		return p, true
	}
	var he *echo.HTTPError
	if errors.As(err, &he) {
		if k, ok := statusKinds[he.Code]; ok {
			return newProblem(k, echoDetail(he), nil), true
		}
	}
	for _, row := range errorTable {
		if errors.Is(err, row.err) {
			detail := ""
			var re *requestError
			if errors.As(err, &re) {
				detail = re.detail
			} else if row.kind.slug == "validation" {
				detail = err.Error()
			}
			return newProblem(row.kind, detail, nil), true
		}
	}
	return newProblem(internalKind, "", nil), false
}

func echoDetail(he *echo.HTTPError) string {
	if he.Code == http.StatusNotFound || he.Code == http.StatusMethodNotAllowed {
		return ""
	}
	if s, ok := he.Message.(string); ok {
		return s
	}
	return ""
}

func newProblem(k problemKind, detail string, fields []FieldError) Problem {
	return Problem{Type: ProblemType(k.slug), Title: k.title, Status: k.status, Detail: detail, Errors: fields}
}

// errorHandler is Echo's HTTPErrorHandler: every error becomes problem+json.
func (s *Server) errorHandler(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	p, known := toProblem(err)
	p.RequestID = c.Response().Header().Get(echo.HeaderXRequestID)
	if !known {
		s.log.Error("request failed", "request_id", p.RequestID, "route", c.Path(), "error", err)
	}
	if p.Status == http.StatusUnauthorized {
		c.Response().Header().Set("WWW-Authenticate", `Bearer realm="overlap"`)
	}
	if p.Status == http.StatusServiceUnavailable {
		s.log.Warn("service unavailable", "request_id", p.RequestID, "route", c.Path(), "error", err)
		if c.Response().Header().Get("Retry-After") == "" {
			c.Response().Header().Set("Retry-After", retryAfterSeconds)
		}
	}
	writeProblem(c, p, s.log)
}

func writeProblem(c echo.Context, p Problem, log *slog.Logger) {
	body, err := json.Marshal(p)
	if err != nil {
		log.Error("encode problem", "error", err)
		return
	}
	c.Response().Header().Set(echo.HeaderContentType, ProblemContentType)
	c.Response().WriteHeader(p.Status)
	if c.Request().Method != http.MethodHead {
		c.Response().Write(body)
	}
}
