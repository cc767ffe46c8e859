package api

import (
	"bytes"
	"encoding/json"
	"io"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
)

// answerZoneKey carries the zone of ?tz= to the JSON serializer.
const answerZoneKey = "overlap.answer_zone"

// answerZone reads the tz query parameter of a /v1 route: an invalid zone is
// 422 naming tz; a valid one makes every UTC instant of the answer gain a
// local twin (see zonedJSON).
func answerZone(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if tz := c.QueryParam("tz"); tz != "" {
			v := &ValidationError{}
			loc := loadZone(v, "tz", tz)
			if err := v.err(); err != nil {
				return err
			}
			c.Set(answerZoneKey, loc)
		}
		return next(c)
	}
}

// zonedJSON is Echo's JSON serializer, plus local twins when ?tz= is given:
// instants stay RFC 3339 UTC, and each field holding one ("start":
// "2027-01-11T09:00:00Z") is followed by "start_local" with the same instant
// in the zone ("2027-01-11T10:00:00+01:00"). Answers without tz are
// untouched, so the twins cost nothing unless asked for.
type zonedJSON struct{ echo.DefaultJSONSerializer }

func (z zonedJSON) Serialize(c echo.Context, i any, indent string) error {
	loc, _ := c.Get(answerZoneKey).(*time.Location)
	if loc == nil {
		return z.DefaultJSONSerializer.Serialize(c, i, indent)
	}
	b, err := json.Marshal(i)
	if err != nil {
		return err
	}
	if b, err = addLocalTwins(b, loc); err != nil {
		return err
	}
	_, err = c.Response().Write(b)
	return err
}

// addLocalTwins rewrites a JSON document token by token, keeping its order,
// adding KEY_local after every object member KEY whose value is a UTC
// instant as this API writes them (2006-01-02T15:04:05Z).
func addLocalTwins(src []byte, loc *time.Location) ([]byte, error) {
	type frame struct {
		obj, wantKey bool
		n            int
		key          string
	}
	dec := json.NewDecoder(bytes.NewReader(src))
	dec.UseNumber()
	out := make([]byte, 0, len(src)+len(src)/3)
	var stack []frame
	startElem := func() { // a key in an object, a value in an array
		if top := len(stack) - 1; top >= 0 && stack[top].n > 0 && (!stack[top].obj || stack[top].wantKey) {
			out = append(out, ',')
		}
	}
	endValue := func() {
		if top := len(stack) - 1; top >= 0 {
			stack[top].n++
			stack[top].wantKey = stack[top].obj
		}
	}
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		switch v := tok.(type) {
		case json.Delim:
			switch v {
			case '{', '[':
				startElem()
				out = append(out, byte(v))
				stack = append(stack, frame{obj: v == '{', wantKey: v == '{'})
			default:
				out = append(out, byte(v))
				stack = stack[:len(stack)-1]
				endValue()
			}
		case string:
			top := len(stack) - 1
			if top >= 0 && stack[top].obj && stack[top].wantKey {
				startElem()
				out = append(appendJSONString(out, v), ':')
				stack[top].key, stack[top].wantKey = v, false
				continue
			}
			startElem()
			out = appendJSONString(out, v)
			if top >= 0 && stack[top].obj && !localKey(stack[top].key) {
				if t, ok := utcInstant(v); ok {
					out = append(appendJSONString(append(out, ','), stack[top].key+"_local"), ':')
					out = appendJSONString(out, t.In(loc).Format(time.RFC3339))
				}
			}
			endValue()
		default:
			startElem()
			switch v := v.(type) {
			case json.Number:
				out = append(out, v...)
			case bool:
				if v {
					out = append(out, "true"...)
				} else {
					out = append(out, "false"...)
				}
			case nil:
				out = append(out, "null"...)
			}
			endValue()
		}
	}
}

// utcInstant recognises an instant as fmtTime writes it.
func utcInstant(s string) (time.Time, bool) {
	if len(s) != len("2006-01-02T15:04:05Z") || s[10] != 'T' || s[19] != 'Z' {
		return time.Time{}, false
	}
	t, err := time.Parse(time.RFC3339, s)
	return t, err == nil
}

// localKey names a field that already holds a local time (an attendee's
// local_start, a twin): one whose zone is UTC or London in winter reads
// like a UTC instant but gains no twin.
func localKey(key string) bool {
	return strings.HasPrefix(key, "local_") || strings.HasSuffix(key, "_local")
}
