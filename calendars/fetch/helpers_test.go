package fetch

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

const calendar = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Overlap//test//EN\r\nEND:VCALENDAR\r\n"

// newServer starts a loopback HTTP server closed at the end of the test.
func newServer(t *testing.T, h http.HandlerFunc) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

// serveCalendar answers every request with body as text/calendar.
func serveCalendar(body string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
		_, _ = w.Write([]byte(body))
	}
}

// newTestClient returns a client that may reach loopback test servers.
func newTestClient(cfg Config) *Client {
	cfg.AllowPrivate = true
	return New(cfg)
}

// fetchErr fetches url and requires an *Error with the given code.
func fetchErr(t *testing.T, c *Client, url, code string) *Error {
	t.Helper()
	resp, err := c.Fetch(context.Background(), Request{URL: url})
	if err == nil {
		t.Fatalf("Fetch succeeded (%d bytes), want error %q", len(resp.Body), code)
	}
	var fe *Error
	if !errors.As(err, &fe) {
		t.Fatalf("Fetch error %T %v, want *Error", err, err)
	}
	if fe.Code != code {
		t.Fatalf("Fetch error code %q (%v), want %q", fe.Code, fe, code)
	}
	return fe
}

// assertNoLeak fails if msg mentions any of the secrets.
func assertNoLeak(t *testing.T, msg string, secrets ...string) {
	t.Helper()
	for _, s := range secrets {
		if s != "" && strings.Contains(msg, s) {
			t.Errorf("message %q reveals %q", msg, s)
		}
	}
}

// codeOf returns the Code of an *Error in err's chain, or "".
func codeOf(err error) string {
	var fe *Error
	if errors.As(err, &fe) {
		return fe.Code
	}
	return ""
}
