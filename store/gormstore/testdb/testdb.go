// Package testdb opens isolated, migrated databases for tests: SQLite always,
// PostgreSQL when TEST_DATABASE_URL is set. With REQUIRE_POSTGRES=1 (CI) a
// missing or unreachable PostgreSQL fails the test instead of skipping it.
package testdb

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"github.com/overlap/overlap/store/gormstore"
)

// Dialects lists the dialects every database test runs on.
var Dialects = []gormstore.Dialect{gormstore.SQLite, gormstore.Postgres}

// Open returns a new migrated database of the dialect, closed (and on
// PostgreSQL dropped) when the test ends. A PostgreSQL test skips when
// TEST_DATABASE_URL is unset, unless REQUIRE_POSTGRES=1.
func Open(t testing.TB, d gormstore.Dialect, now func() time.Time) *gormstore.DB {
	t.Helper()
	ctx := context.Background()
	cfg := gormstore.Config{Now: now}
	switch d {
	case gormstore.SQLite:
		cfg.SQLitePath = filepath.Join(t.TempDir(), "overlap.db")
	case gormstore.Postgres:
		cfg.URL = SchemaURL(t)
	}
	db, err := gormstore.Open(ctx, cfg)
	if err != nil {
		t.Fatalf("open %s: %v", d, err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(ctx, nil); err != nil {
		t.Fatalf("migrate %s: %v", d, err)
	}
	return db
}

// PostgresURL returns TEST_DATABASE_URL, skipping (or failing under
// REQUIRE_POSTGRES=1) when it is unset.
func PostgresURL(t testing.TB) string {
	t.Helper()
	u := os.Getenv("TEST_DATABASE_URL")
	if u == "" {
		if os.Getenv("REQUIRE_POSTGRES") == "1" {
			t.Fatal("REQUIRE_POSTGRES=1 but TEST_DATABASE_URL is not set")
		}
		t.Skip("TEST_DATABASE_URL not set: skipping PostgreSQL")
	}
	return u
}

// SchemaURL creates a PostgreSQL schema of its own for this test (dropped at
// cleanup) and returns a URL whose search_path points at it.
func SchemaURL(t testing.TB) string {
	t.Helper()
	base := PostgresURL(t)
	admin, err := gorm.Open(postgres.Open(base), &gorm.Config{Logger: logger.Discard})
	if err != nil {
		t.Fatalf("PostgreSQL at TEST_DATABASE_URL is unreachable: %v", err)
	}
	sqlDB, _ := admin.DB()
	defer sqlDB.Close()
	var b [8]byte
	rand.Read(b[:])
	schema := "t_" + hex.EncodeToString(b[:])
	if err := admin.Exec("CREATE SCHEMA " + schema).Error; err != nil {
		t.Fatalf("PostgreSQL at TEST_DATABASE_URL is unreachable: %v", err)
	}
	t.Cleanup(func() {
		a, err := gorm.Open(postgres.Open(base), &gorm.Config{Logger: logger.Discard})
		if err != nil {
			return
		}
		a.Exec("DROP SCHEMA " + schema + " CASCADE")
		if s, err := a.DB(); err == nil {
			s.Close()
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("TEST_DATABASE_URL: %v", err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}
