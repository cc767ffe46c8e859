package gormstore

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"syscall"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/overlap/overlap/store"
)

type codedErr int

func (c codedErr) Error() string { return fmt.Sprintf("sqlite error %d", int(c)) }
func (c codedErr) Code() int     { return int(c) }

func TestUnavailableClassification(t *testing.T) {
	refused := &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"deadline", fmt.Errorf("query: %w", context.DeadlineExceeded), true},
		{"connection refused", refused, true},
		{"pgconn connect error", &pgconn.ConnectError{}, true},
		{"too many connections", &pgconn.PgError{Code: "53300"}, true},
		{"cannot connect now", &pgconn.PgError{Code: "57P03"}, true},
		{"admin shutdown", &pgconn.PgError{Code: "57P01"}, true},
		{"statement timeout", &pgconn.PgError{Code: "57014"}, true},
		{"connection failure", &pgconn.PgError{Code: "08006"}, true},
		{"sqlite busy", codedErr(5), true},
		{"sqlite busy snapshot", codedErr(5 | 2<<8), true},
		{"sqlite locked", codedErr(6), true},
		{"closed pool", errors.New("sql: database is closed"), true},
		// A pooled connection cut while its answer was read (seen as a 500 on
		// the web view's first request after PostgreSQL went away).
		{"connection cut mid-answer", fmt.Errorf("scan: %w", io.ErrUnexpectedEOF), true},
		{"unique violation", &pgconn.PgError{Code: "23505"}, false},
		{"invalid byte sequence", &pgconn.PgError{Code: "22021"}, false},
		{"sqlite constraint", codedErr(19), false},
		{"other", errors.New("boom"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := errors.Is(unavailable(tt.err), store.ErrUnavailable)
			if got != tt.want {
				t.Fatalf("unavailable(%v) is ErrUnavailable = %v, want %v", tt.err, got, tt.want)
			}
			if tt.want && !errors.Is(unavailable(tt.err), tt.err) {
				t.Fatalf("the cause %v is lost", tt.err)
			}
		})
	}
}

func TestCheckArgs(t *testing.T) {
	good, bad := "Ana", "A\x00"
	for _, args := range [][]any{{"x", bad}, {"\xff"}, {&bad}, {[]string{"a", bad}}} {
		if err := checkArgs(args); !errors.Is(err, store.ErrInvalidText) {
			t.Errorf("checkArgs(%q) = %v, want ErrInvalidText", args, err)
		}
	}
	for _, args := range [][]any{{"x", 1, &good, []byte{0, 0xff}, nil, (*string)(nil), []string{"a"}}} {
		if err := checkArgs(args); err != nil {
			t.Errorf("checkArgs(%q) = %v, want nil", args, err)
		}
	}
}
