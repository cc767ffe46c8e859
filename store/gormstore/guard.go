package gormstore

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	"gorm.io/gorm"

	"github.com/overlap/overlap/store"
)

// guardPool sits between GORM and the connection pool (above GORM's
// prepared-statement cache, so it sees every argument). It refuses text that
// no database should receive (store.ErrInvalidText) before the query is sent,
// and marks the errors of an unreachable or stalled database as
// store.ErrUnavailable. Every query GORM runs passes through it.
type guardPool struct{ gorm.ConnPool }

func (p guardPool) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	if err := checkArgs(args); err != nil {
		return nil, err
	}
	r, err := p.ConnPool.ExecContext(ctx, q, args...)
	return r, unavailable(err)
}

func (p guardPool) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	if err := checkArgs(args); err != nil {
		return nil, err
	}
	r, err := p.ConnPool.QueryContext(ctx, q, args...)
	return r, unavailable(err)
}

func (p guardPool) PrepareContext(ctx context.Context, q string) (*sql.Stmt, error) {
	s, err := p.ConnPool.PrepareContext(ctx, q)
	return s, unavailable(err)
}

// BeginTx starts a transaction whose statements are guarded too.
func (p guardPool) BeginTx(ctx context.Context, opts *sql.TxOptions) (gorm.ConnPool, error) {
	var (
		tx  gorm.ConnPool
		err error
	)
	switch b := p.ConnPool.(type) {
	case gorm.TxBeginner:
		var t *sql.Tx
		if t, err = b.BeginTx(ctx, opts); err == nil {
			tx = t
		}
	case gorm.ConnPoolBeginner:
		tx, err = b.BeginTx(ctx, opts)
	default:
		return nil, gorm.ErrInvalidTransaction
	}
	if err != nil {
		return nil, unavailable(err)
	}
	return &guardTx{guardPool{tx}}, nil
}

// GetDBConn gives GORM the *sql.DB below (for DB()).
func (p guardPool) GetDBConn() (*sql.DB, error) {
	switch c := p.ConnPool.(type) {
	case *sql.DB:
		return c, nil
	case gorm.GetDBConnector:
		return c.GetDBConn()
	}
	return nil, gorm.ErrInvalidDB
}

// guardTx is a guarded transaction.
type guardTx struct{ guardPool }

func (t *guardTx) Commit() error {
	return unavailable(t.ConnPool.(gorm.TxCommitter).Commit())
}

func (t *guardTx) Rollback() error {
	return t.ConnPool.(gorm.TxCommitter).Rollback()
}

// checkArgs refuses query arguments holding text that is not valid UTF-8 or
// holds NUL: PostgreSQL rejects both (a 500 otherwise), and SQLite would
// store what no client can read back.
func checkArgs(args []any) error {
	for i, a := range args {
		if !validArg(a) {
			return fmt.Errorf("%w (query argument %d)", store.ErrInvalidText, i+1)
		}
	}
	return nil
}

func validArg(a any) bool {
	switch v := a.(type) {
	case string:
		return store.ValidText(v)
	case *string:
		return v == nil || store.ValidText(*v)
	case []string:
		for _, s := range v {
			if !store.ValidText(s) {
				return false
			}
		}
	case sql.NamedArg:
		return validArg(v.Value)
	case driver.Valuer:
		if dv, err := v.Value(); err == nil {
			if s, ok := dv.(string); ok {
				return store.ValidText(s)
			}
		}
	}
	return true
}

// unavailable marks err as store.ErrUnavailable when it says the database
// could not be reached or did not answer in time; other errors pass unchanged.
func unavailable(err error) error {
	if err == nil || errors.Is(err, store.ErrUnavailable) || !isUnavailable(err) {
		return err
	}
	return fmt.Errorf("%w: %w", store.ErrUnavailable, err)
}

// pgUnavailable are the PostgreSQL SQLSTATEs (or classes, two characters) of
// a server that cannot serve now.
var pgUnavailable = []string{
	"08",    // connection exception
	"53300", // too_many_connections
	"53",    // insufficient resources
	"57014", // query_canceled (statement timeout, cancelled on deadline)
	"57P01", // admin_shutdown
	"57P02", // crash_shutdown
	"57P03", // cannot_connect_now
	"55P03", // lock_not_available (lock_timeout)
}

// sqliteUnavailable are SQLite result codes (primary, the low byte) of a
// database that is busy or cannot be opened.
var sqliteUnavailable = map[int]bool{5: true, 6: true, 9: true, 14: true} // BUSY, LOCKED, INTERRUPT, CANTOPEN

func isUnavailable(err error) bool {
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) ||
		errors.Is(err, driver.ErrBadConn) || errors.Is(err, sql.ErrConnDone) ||
		errors.Is(err, io.ErrUnexpectedEOF) { // a connection cut while its answer was read
		return true
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		for _, c := range pgUnavailable {
			if strings.HasPrefix(pgErr.Code, c) {
				return true
			}
		}
		return false
	}
	var connectErr *pgconn.ConnectError
	var netErr net.Error
	if errors.As(err, &connectErr) || errors.As(err, &netErr) || pgconn.Timeout(err) {
		return true
	}
	var coded interface{ Code() int }
	if errors.As(err, &coded) && sqliteUnavailable[coded.Code()&0xff] {
		return true
	}
	// database/sql does not export these.
	msg := err.Error()
	return strings.Contains(msg, "sql: database is closed") || strings.Contains(msg, "conn closed") ||
		strings.Contains(msg, "failed to connect")
}
