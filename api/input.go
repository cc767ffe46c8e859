package api

import (
	"context"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/labstack/echo/v4"

	"github.com/overlap/overlap/store"
)

// Request deadlines. Every request gets one, so a stalled database answers
// 503 rather than holding the request; routes that import a calendar also
// fetch it, and get the fetch timeout on top.
const (
	DefaultRequestTimeout = 10 * time.Second
	defaultImportExtra    = 30 * time.Second
)

// retryAfterSeconds is the Retry-After of a 503.
const retryAfterSeconds = "5"

// importRoutes fetch or parse a calendar within the request.
var importRoutes = map[string]bool{
	"POST /v1/members/:id/calendars":  true,
	"PUT /v1/calendars/:cid/ics":      true,
	"POST /v1/calendars/:cid/refresh": true,
	"PATCH /v1/calendars/:cid":        true,
}

// deadline bounds every request by the configured timeout; database calls
// that pass it fail with store.ErrUnavailable (503).
func (s *Server) deadline(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		d := s.requestTimeout
		if importRoutes[c.Request().Method+" "+c.Path()] {
			d = s.importTimeout
		}
		ctx, cancel := context.WithTimeout(c.Request().Context(), d)
		defer cancel()
		c.SetRequest(c.Request().WithContext(ctx))
		return next(c)
	}
}

const badTextMessage = "must be UTF-8 text without NUL characters"

// checkInput guards every /v1 request before its handler: a path parameter
// that is not valid text names nothing (404); a query parameter that
// openapi.yaml does not declare for the operation, or whose value is not
// valid text, is a 422 naming it. Published feeds, health and metrics are not
// /v1 routes and keep ignoring what they do not know (calendar clients add
// cache-busters).
func (s *Server) checkInput(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		for _, p := range c.ParamValues() {
			if !store.ValidText(p) {
				return echo.ErrNotFound
			}
		}
		q := c.QueryParams()
		names := make([]string, 0, len(q))
		for name := range q {
			names = append(names, name)
		}
		slices.Sort(names)
		allowed, known := s.queryNames[routeKey(c.Request().Method, c.Path())]
		v := &ValidationError{}
		for _, name := range names {
			if known && !allowed[name] {
				v.add(name, "unknown query parameter")
				continue
			}
			if slices.ContainsFunc(q[name], func(s string) bool { return !store.ValidText(s) }) {
				v.add(name, badTextMessage)
			}
		}
		if err := v.err(); err != nil {
			return err
		}
		return next(c)
	}
}

var (
	specParam = regexp.MustCompile(`\{[^}/]*\}|:[^/]+`)
	specCache sync.Map // string(spec) → map[string]map[string]bool
)

// routeKey names an operation whatever its path parameters are called:
// "GET /v1/members/*" for both /v1/members/{id} and /v1/members/:id.
func routeKey(method, path string) string {
	return strings.ToUpper(method) + " " + specParam.ReplaceAllString(path, "*")
}

// queryNamesFromSpec reads, per operation, the query parameters openapi.yaml
// declares (path-level and operation-level). The spec is the one list: a
// parameter added to it is accepted, one missing from it is refused.
func queryNamesFromSpec(spec []byte) (map[string]map[string]bool, error) {
	if len(spec) == 0 {
		return nil, nil
	}
	if m, ok := specCache.Load(string(spec)); ok {
		return m.(map[string]map[string]bool), nil
	}
	doc, err := openapi3.NewLoader().LoadFromData(spec)
	if err != nil {
		return nil, fmt.Errorf("openapi.yaml: %w", err)
	}
	out := map[string]map[string]bool{}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			names := map[string]bool{}
			for _, params := range []openapi3.Parameters{item.Parameters, op.Parameters} {
				for _, p := range params {
					if p.Value != nil && p.Value.In == openapi3.ParameterInQuery {
						names[p.Value.Name] = true
					}
				}
			}
			out[routeKey(method, path)] = names
		}
	}
	specCache.Store(string(spec), out)
	return out, nil
}

// checkText reports every string of a decoded request body that is not
// valid text (a NUL, from "\u0000"), by its JSON path, e.g. "name" or
// "overrides[1].member_id". Invalid UTF-8 cannot get this far: the JSON
// decoder replaces it.
func checkText(dst any) error {
	v := &ValidationError{}
	walkText(v, "", reflect.ValueOf(dst))
	return v.err()
}

func walkText(v *ValidationError, path string, rv reflect.Value) {
	switch rv.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !rv.IsNil() {
			walkText(v, path, rv.Elem())
		}
	case reflect.String:
		if !store.ValidText(rv.String()) {
			v.add(path, badTextMessage)
		}
	case reflect.Struct:
		walkStruct(v, path, rv)
	case reflect.Slice, reflect.Array:
		if rv.Type().Elem().Kind() == reflect.Uint8 {
			return
		}
		for i := range rv.Len() {
			walkText(v, fmt.Sprintf("%s[%d]", path, i), rv.Index(i))
		}
	case reflect.Map:
		if rv.Type().Key().Kind() != reflect.String {
			return
		}
		keys := rv.MapKeys()
		slices.SortFunc(keys, func(a, b reflect.Value) int { return strings.Compare(a.String(), b.String()) })
		for _, k := range keys {
			p := joinPath(path, k.String())
			if !store.ValidText(k.String()) {
				v.add(p, badTextMessage)
				continue
			}
			walkText(v, p, rv.MapIndex(k))
		}
	}
}

func walkStruct(v *ValidationError, path string, rv reflect.Value) {
	t := rv.Type()
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		switch {
		case name == "-":
			continue
		case f.Anonymous && name == "":
			walkText(v, path, rv.Field(i))
			continue
		case name == "":
			name = f.Name
		}
		walkText(v, joinPath(path, name), rv.Field(i))
	}
}

func joinPath(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}
