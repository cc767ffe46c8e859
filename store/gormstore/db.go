// Package gormstore implements the store interfaces with GORM, on PostgreSQL
// (production, several replicas) and on an embedded cgo-free SQLite (the
// default for a single machine). Schema changes are versioned SQL migrations
// per dialect, embedded and applied with goose.
package gormstore

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/glebarez/sqlite"
	"github.com/google/uuid"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"github.com/overlap/overlap/store"
)

//go:embed migrations
var migrations embed.FS

// Dialect names the database behind a DB.
type Dialect string

// Supported dialects.
const (
	Postgres Dialect = "postgres"
	SQLite   Dialect = "sqlite"
)

// DB is the GORM implementation of store.Store.
type DB struct {
	gorm    *gorm.DB
	sql     *sql.DB
	dialect Dialect
	now     func() time.Time
}

var _ store.Store = (*DB)(nil)

// Config says where the database is.
type Config struct {
	// URL is a postgres:// (or postgresql://) URL; empty selects SQLite.
	URL string
	// SQLitePath is the SQLite file used when URL is empty.
	SQLitePath string
	// Logger receives slow-query and migration messages; nil discards them.
	Logger *slog.Logger
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// Open connects to the database. It does not migrate: call Migrate.
func Open(ctx context.Context, cfg Config) (*DB, error) {
	gcfg := &gorm.Config{
		TranslateError: true,
		Logger:         logger.Discard,
		NowFunc:        func() time.Time { return time.Now().UTC() },
	}
	var (
		g       *gorm.DB
		err     error
		dialect Dialect
	)
	switch {
	case strings.HasPrefix(cfg.URL, "postgres://"), strings.HasPrefix(cfg.URL, "postgresql://"):
		dialect = Postgres
		gcfg.PrepareStmt = true // plans are reused: the same few queries run on every request
		g, err = gorm.Open(postgres.Open(cfg.URL), gcfg)
	case cfg.URL == "":
		dialect = SQLite
		if err := os.MkdirAll(filepath.Dir(cfg.SQLitePath), 0o750); err != nil {
			return nil, fmt.Errorf("create data directory: %w", err)
		}
		dsn := cfg.SQLitePath + "?_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)&_pragma=synchronous(NORMAL)&_txlock=immediate"
		g, err = gorm.Open(sqlite.Open(dsn), gcfg)
	default:
		return nil, errors.New("DATABASE_URL must start with postgres:// or postgresql://")
	}
	if err != nil {
		return nil, fmt.Errorf("open %s database: %w", dialect, unavailable(err))
	}
	sqlDB, err := g.DB()
	if err != nil {
		return nil, err
	}
	// Every statement passes the guard (guard.go): invalid text never reaches
	// the database, and an unreachable or stalled one is store.ErrUnavailable.
	g.ConnPool = guardPool{g.ConnPool}
	g.Statement.ConnPool = g.ConnPool
	if dialect == SQLite {
		// SQLite allows one writer; one connection avoids "database is locked".
		sqlDB.SetMaxOpenConns(1)
	} else {
		sqlDB.SetMaxOpenConns(20)
		sqlDB.SetMaxIdleConns(10)
		sqlDB.SetConnMaxIdleTime(5 * time.Minute)
	}
	if err := sqlDB.PingContext(ctx); err != nil {
		sqlDB.Close()
		return nil, fmt.Errorf("connect to %s database: %w", dialect, unavailable(err))
	}
	now := cfg.Now
	if now == nil {
		now = time.Now
	}
	return &DB{gorm: g, sql: sqlDB, dialect: dialect, now: func() time.Time { return now().UTC().Truncate(time.Microsecond) }}, nil
}

// Dialect reports which database this is.
func (db *DB) Dialect() Dialect { return db.dialect }

// Migrate applies every pending migration of the dialect. On PostgreSQL a
// session advisory lock lets several replicas start at once.
func (db *DB) Migrate(ctx context.Context, log *slog.Logger) error {
	p, err := db.provider()
	if err != nil {
		return err
	}
	results, err := p.Up(ctx)
	if err != nil {
		return fmt.Errorf("apply migrations: %w", err)
	}
	if log != nil {
		for _, r := range results {
			log.Info("migration applied", "version", r.Source.Version, "file", r.Source.Path, "duration", r.Duration)
		}
	}
	return nil
}

// MigrateTo applies the pending migrations up to version (tests of a migration).
func (db *DB) MigrateTo(ctx context.Context, version int64) error {
	p, err := db.provider()
	if err != nil {
		return err
	}
	_, err = p.UpTo(ctx, version)
	return err
}

func (db *DB) provider() (*goose.Provider, error) {
	sub, err := fs.Sub(migrations, "migrations/"+string(db.dialect))
	if err != nil {
		return nil, err
	}
	gd := goose.DialectSQLite3
	var opts []goose.ProviderOption
	if db.dialect == Postgres {
		gd = goose.DialectPostgres
		locker, err := lock.NewPostgresSessionLocker()
		if err != nil {
			return nil, err
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	p, err := goose.NewProvider(gd, db.sql, sub, opts...)
	if err != nil {
		return nil, fmt.Errorf("migrations: %w", err)
	}
	return p, nil
}

// Ping checks the database answers.
func (db *DB) Ping(ctx context.Context) error { return unavailable(db.sql.PingContext(ctx)) }

// Close closes the connection pool.
func (db *DB) Close() error { return db.sql.Close() }

// translate maps GORM errors to store sentinels at the edge.
func translate(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, gorm.ErrRecordNotFound):
		return store.ErrNotFound
	case errors.Is(err, gorm.ErrDuplicatedKey):
		return store.ErrConflict
	case errors.Is(err, gorm.ErrForeignKeyViolated):
		return store.ErrNotFound
	}
	return unavailable(err)
}

func newID() string { return uuid.Must(uuid.NewV7()).String() }

// page applies keyset pagination ordered by the id column.
func page(q *gorm.DB, col string, p store.Page) *gorm.DB {
	if p.After != "" {
		q = q.Where(col+" > ?", p.After)
	}
	limit := p.Limit
	if limit <= 0 {
		limit = 50
	}
	return q.Order(col).Limit(limit)
}

// unixCeil is t in Unix seconds, rounded up: instants are stored in whole
// seconds, so "start < to" must compare against the next second when to has a
// fraction.
func unixCeil(t time.Time) int64 {
	if t.Nanosecond() > 0 {
		return t.Unix() + 1
	}
	return t.Unix()
}
