package api

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/overlap/overlap/scheduler"
	"github.com/overlap/overlap/store"
)

// bindJSON decodes the request body strictly: malformed JSON is 400, unknown
// fields and wrong types are 422 naming the field.
func bindJSON(c echo.Context, dst any) error {
	if ct := c.Request().Header.Get(echo.HeaderContentType); ct != "" {
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil || (mt != echo.MIMEApplicationJSON && !strings.HasSuffix(mt, "+json")) {
			return &requestError{kind: errMediaType, detail: "send application/json"}
		}
	}
	dec := json.NewDecoder(c.Request().Body)
	dec.DisallowUnknownFields()
	err := dec.Decode(dst)
	if err == nil {
		if dec.More() {
			return malformed("the body holds more than one JSON value")
		}
		if _, err := dec.Token(); err != io.EOF {
			return malformed("the body holds more than one JSON value")
		}
		return checkText(dst)
	}
	var (
		syntax *json.SyntaxError
		typ    *json.UnmarshalTypeError
	)
	switch {
	case isTooLarge(err):
		return echo.ErrStatusRequestEntityTooLarge
	case errors.Is(err, io.EOF):
		return malformed("the body is empty; send a JSON object")
	case errors.As(err, &syntax), errors.Is(err, io.ErrUnexpectedEOF):
		return malformed("the body is not valid JSON")
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			return malformed("the body must be a JSON object")
		}
		return invalid(field, "must be %s", jsonKind(typ.Type.Kind().String()))
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return invalid(name, "unknown field")
	}
	return malformed("the body could not be read")
}

func jsonKind(k string) string {
	switch k {
	case "string":
		return "a string"
	case "bool":
		return "a boolean"
	case "slice", "array":
		return "an array"
	case "map", "struct":
		return "an object"
	case "ptr":
		return "a value of another type"
	}
	return "a number"
}

// isTooLarge reports a body cut by a size limit: Echo's BodyLimit or
// net/http's MaxBytesReader.
func isTooLarge(err error) bool {
	var he *echo.HTTPError
	var mb *http.MaxBytesError
	return (errors.As(err, &he) && he.Code == http.StatusRequestEntityTooLarge) || errors.As(err, &mb)
}

// bindOptionalJSON is bindJSON for bodies that may be left out entirely.
func bindOptionalJSON(c echo.Context, dst any) error {
	body, err := io.ReadAll(c.Request().Body)
	if err != nil {
		return bindJSON(c, dst) // reports the size limit
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return nil
	}
	c.Request().Body = io.NopCloser(bytes.NewReader(body))
	return bindJSON(c, dst)
}

// List is the envelope of every paginated response.
type List[T any] struct {
	Items      []T    `json:"items"`
	NextCursor string `json:"next_cursor,omitempty"`
}

const (
	defaultLimit = 50
	maxLimit     = 200
)

// pageParams reads limit and cursor. The store is asked for one more row than
// the limit so that next_cursor is only given when another page exists.
func pageParams(c echo.Context) (store.Page, int, error) {
	limit := defaultLimit
	v := &ValidationError{}
	if s := c.QueryParam("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > maxLimit {
			v.add("limit", "must be a whole number from 1 to %d", maxLimit)
		}
		limit = n
	}
	p := store.Page{Limit: limit + 1, After: cursorParam(v, c)}
	return p, limit, v.err()
}

// cursorParam reads the cursor query parameter: the key a page starts after,
// "" when there is none.
func cursorParam(v *ValidationError, c echo.Context) string {
	cur := c.QueryParam("cursor")
	if cur == "" {
		return ""
	}
	raw, err := base64.RawURLEncoding.DecodeString(cur)
	after, ok := strings.CutPrefix(string(raw), "v1:")
	if err != nil || !ok || after == "" || !store.ValidText(after) {
		v.add("cursor", "is not a cursor returned by this API")
	}
	return after
}

// paginate trims the extra row and builds the envelope.
func paginate[S, T any](rows []S, limit int, key func(S) string, conv func(S) T) List[T] {
	out := List[T]{Items: make([]T, 0, min(len(rows), limit))}
	for i, r := range rows {
		if i == limit {
			out.NextCursor = base64.RawURLEncoding.EncodeToString([]byte("v1:" + key(rows[i-1])))
			break
		}
		out.Items = append(out.Items, conv(r))
	}
	return out
}

// parseInstant reads an RFC 3339 instant and returns it in UTC.
func parseInstant(v *ValidationError, field, s string) time.Time {
	if s == "" {
		v.add(field, "is required (RFC 3339, e.g. 2027-01-11T09:00:00Z)")
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		// A "+" left unescaped in a query string arrives as a space.
		if _, err2 := time.Parse(time.RFC3339Nano, strings.Replace(s, " ", "+", 1)); err2 == nil {
			v.add(field, "must be an RFC 3339 instant; in a URL, send the offset's + as %%2B (2027-01-11T10:00:00%%2B01:00)")
			return time.Time{}
		}
		v.add(field, "must be an RFC 3339 instant, e.g. 2027-01-11T09:00:00Z")
		return time.Time{}
	}
	if t.Before(MinInstant) || !t.Before(MaxInstant) {
		v.add(field, "must be from %s to before %s", fmtTime(MinInstant), fmtTime(MaxInstant))
		return time.Time{}
	}
	return t.UTC()
}

// MinInstant and MaxInstant bound the instants a request may carry (years
// 1900 to 2200, in UTC): every instant in range has an RFC 3339 form, and
// ranges computed from it stay in range.
var (
	MinInstant = time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)
	MaxInstant = time.Date(2201, 1, 1, 0, 0, 0, 0, time.UTC)
)

// loadZone validates an IANA zone name.
func loadZone(v *ValidationError, field, name string) *time.Location {
	if name == "" {
		v.add(field, "is required (an IANA zone such as Europe/Berlin)")
		return nil
	}
	loc, err := scheduler.LoadZone(name)
	if err != nil {
		v.add(field, "%q is not an IANA time zone", name)
		return nil
	}
	return loc
}

func fmtTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func fmtTimePtr(t *time.Time) *string {
	if t == nil {
		return nil
	}
	s := fmtTime(*t)
	return &s
}

func checkLen(v *ValidationError, field, s string, min, max int) {
	n := len([]rune(s))
	switch {
	case n < min && min == 1:
		v.add(field, "is required")
	case n < min:
		v.add(field, "must have at least %d characters", min)
	case n > max:
		v.add(field, "must have at most %d characters", max)
	}
}
