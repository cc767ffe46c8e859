//go:build tools

package tools

import (
	_ "code.dny.dev/ssrf"
	_ "github.com/emersion/go-ical"
	_ "github.com/getkin/kin-openapi/openapi3"
	_ "github.com/glebarez/sqlite"
	_ "github.com/google/go-cmp/cmp"
	_ "github.com/google/uuid"
	_ "github.com/labstack/echo/v4"
	_ "github.com/pressly/goose/v3"
	_ "github.com/prometheus/client_golang/prometheus"
	_ "github.com/teambition/rrule-go"
	_ "gorm.io/driver/postgres"
	_ "gorm.io/gorm"
	_ "pgregory.net/rapid"
)
