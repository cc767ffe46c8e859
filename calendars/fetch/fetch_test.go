package fetch

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestFetchOK(t *testing.T) {
	var got http.Header
	var user, pass string
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		got = r.Header.Clone()
		user, pass, _ = r.BasicAuth()
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("Last-Modified", "Mon, 02 Jan 2006 15:04:05 GMT")
		w.Header().Set("Cache-Control", "public, max-age=3600")
		serveCalendar(calendar)(w, r)
	})
	c := newTestClient(Config{UserAgent: "test-agent"})
	u := strings.Replace(srv.URL, "http://", "http://alice:s3cr3t@", 1) + "/cal.ics"

	resp, err := c.Fetch(context.Background(), Request{URL: u})
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256([]byte(calendar))
	want := &Response{
		Body:         []byte(calendar),
		ETag:         `"v1"`,
		LastModified: "Mon, 02 Jan 2006 15:04:05 GMT",
		ContentHash:  hex.EncodeToString(sum[:]),
		RefreshHint:  time.Hour,
	}
	if diff := cmp.Diff(want, resp); diff != "" {
		t.Errorf("Response mismatch (-want +got):\n%s", diff)
	}
	for h, v := range map[string]string{"User-Agent": "test-agent", "Accept-Encoding": "gzip", "If-None-Match": "", "If-Modified-Since": ""} {
		if got.Get(h) != v {
			t.Errorf("request header %s = %q, want %q", h, got.Get(h), v)
		}
	}
	if user != "alice" || pass != "s3cr3t" {
		t.Errorf("basic auth = %q:%q, want credentials from the URL", user, pass)
	}
}

func TestFetchAcceptsBOMWhitespaceAndGzip(t *testing.T) {
	tests := []struct {
		name    string
		handler http.HandlerFunc
	}{
		{"bom and blank lines", serveCalendar("\xEF\xBB\xBF\r\n  \nbegin:vcalendar\nEND:VCALENDAR\n\n")},
		{"gzip", func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Encoding", "gzip")
			gz := gzip.NewWriter(w)
			_, _ = gz.Write([]byte(calendar))
			_ = gz.Close()
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newServer(t, tt.handler)
			if _, err := newTestClient(Config{}).Fetch(context.Background(), Request{URL: srv.URL}); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestFetchWebcalBecomesHTTPS(t *testing.T) {
	// Only an https request can succeed against a TLS server.
	srv := httptest.NewTLSServer(serveCalendar(calendar))
	t.Cleanup(srv.Close)
	c := newTestClient(Config{})
	pool := x509.NewCertPool()
	pool.AddCert(srv.Certificate())
	c.http.Transport.(*http.Transport).TLSClientConfig.RootCAs = pool
	for _, scheme := range []string{"webcal://", "webcals://"} {
		u := strings.Replace(srv.URL, "https://", scheme, 1)
		if _, err := c.Fetch(context.Background(), Request{URL: u}); err != nil {
			t.Errorf("%s: %v", scheme, err)
		}
	}
}

func TestFetchUntrustedCertificate(t *testing.T) {
	srv := httptest.NewUnstartedServer(serveCalendar(calendar))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the rejected handshake is expected
	srv.StartTLS()
	t.Cleanup(srv.Close)
	fetchErr(t, newTestClient(Config{}), srv.URL, CodeTLSError)
}

func TestFetchConditional(t *testing.T) {
	const etag, lastMod = `W/"abc"`, "Tue, 03 Jan 2006 15:04:05 GMT"
	var conditional atomic.Int32
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") == etag && r.Header.Get("If-Modified-Since") == lastMod {
			conditional.Add(1)
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", etag)
		w.Header().Set("Last-Modified", lastMod)
		serveCalendar(calendar)(w, r)
	})
	c := newTestClient(Config{})

	first, err := c.Fetch(context.Background(), Request{URL: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	second, err := c.Fetch(context.Background(), Request{URL: srv.URL, ETag: first.ETag, LastModified: first.LastModified})
	if err != nil {
		t.Fatal(err)
	}
	want := &Response{NotModified: true, ETag: etag, LastModified: lastMod}
	if diff := cmp.Diff(want, second); diff != "" {
		t.Errorf("304 Response mismatch (-want +got):\n%s", diff)
	}
	if conditional.Load() != 1 {
		t.Errorf("server saw %d conditional requests, want 1", conditional.Load())
	}
}

func TestFetchUnconditional304(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusNotModified) })
	fetchErr(t, newTestClient(Config{}), srv.URL, CodeHTTPStatus)
}

func TestFetchStatusErrors(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name       string
		status     int
		retryAfter string
		wantCode   string
		wantTemp   bool
		wantRetry  time.Duration
		wantInMsg  string
	}{
		{"500", 500, "", CodeHTTPStatus, true, 0, "answered 500"},
		{"502", 502, "", CodeHTTPStatus, true, 0, "answered 502"},
		{"503 with http date", 503, now.Add(90 * time.Second).Format(http.TimeFormat), CodeHTTPStatus, true, 90 * time.Second, "answered 503"},
		{"400", 400, "", CodeHTTPStatus, false, 0, "answered 400"},
		{"401", 401, "", CodeUnauthorized, false, 0, "answered 401"},
		{"403", 403, "", CodeUnauthorized, false, 0, "answered 403"},
		{"404", 404, "", CodeNotFound, false, 0, "answered 404"},
		{"410", 410, "", CodeGone, false, 0, "answered 410"},
		{"429 with seconds", 429, "120", CodeRateLimited, true, 2 * time.Minute, "answered 429"},
		{"429 without retry-after", 429, "", CodeRateLimited, true, 0, "answered 429"},
		{"429 with past date", 429, now.Add(-time.Hour).Format(http.TimeFormat), CodeRateLimited, true, 0, "answered 429"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newServer(t, func(w http.ResponseWriter, _ *http.Request) {
				if tt.retryAfter != "" {
					w.Header().Set("Retry-After", tt.retryAfter)
				}
				w.WriteHeader(tt.status)
				_, _ = w.Write([]byte("<html>error</html>"))
			})
			c := newTestClient(Config{Now: func() time.Time { return now }})
			fe := fetchErr(t, c, srv.URL, tt.wantCode)
			if fe.Temporary != tt.wantTemp || fe.RetryAfter != tt.wantRetry {
				t.Errorf("Temporary, RetryAfter = %v, %v; want %v, %v", fe.Temporary, fe.RetryAfter, tt.wantTemp, tt.wantRetry)
			}
			if !strings.Contains(fe.Message, tt.wantInMsg) {
				t.Errorf("Message %q does not contain %q", fe.Message, tt.wantInMsg)
			}
		})
	}
}

func TestFetchTimeout(t *testing.T) {
	tests := []struct {
		name    string
		handler http.HandlerFunc
	}{
		{"no headers", func(_ http.ResponseWriter, r *http.Request) { <-r.Context().Done() }},
		{"body stalls", func(w http.ResponseWriter, r *http.Request) {
			_, _ = w.Write([]byte("BEGIN:VCALENDAR\r\n"))
			w.(http.Flusher).Flush()
			<-r.Context().Done()
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newServer(t, tt.handler)
			// CodeTimeout is the proof that the deadline ended the fetch (the
			// handlers never answer on their own); no time is asserted.
			fe := fetchErr(t, newTestClient(Config{Timeout: 200 * time.Millisecond}), srv.URL, CodeTimeout)
			if !fe.Temporary {
				t.Error("timeout should be temporary")
			}
		})
	}
}

func TestFetchCanceled(t *testing.T) {
	srv := newServer(t, func(_ http.ResponseWriter, r *http.Request) { <-r.Context().Done() })
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	_, err := newTestClient(Config{}).Fetch(ctx, Request{URL: srv.URL})
	if code := codeOf(err); code != CodeCanceled {
		t.Fatalf("code %q (%v), want %q", code, err, CodeCanceled)
	}
	if !errors.Is(err, context.Canceled) {
		t.Error("errors.Is(err, context.Canceled) = false")
	}
}

// redirector redirects /hop/N to /hop/N+1 and serves the calendar at /hop/last.
func redirector(t *testing.T, last int) *httptest.Server {
	t.Helper()
	return newServer(t, func(w http.ResponseWriter, r *http.Request) {
		var n int
		if _, err := fmt.Sscanf(r.URL.Path, "/hop/%d", &n); err != nil {
			http.NotFound(w, r)
			return
		}
		if n >= last {
			serveCalendar(calendar)(w, r)
			return
		}
		http.Redirect(w, r, fmt.Sprintf("/hop/%d", n+1), http.StatusFound)
	})
}

func TestFetchRedirects(t *testing.T) {
	tests := []struct {
		name         string
		hops         int
		maxRedirects int
		wantCode     string // "" for success
	}{
		{"five hops with default limit", 5, 0, ""},
		{"six hops with default limit", 6, 0, CodeTooManyRedirects},
		{"endless", 1 << 30, 0, CodeTooManyRedirects},
		{"one hop with redirects disabled", 1, -1, CodeTooManyRedirects},
		{"two hops with limit two", 2, 2, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := redirector(t, tt.hops)
			c := newTestClient(Config{MaxRedirects: tt.maxRedirects})
			if tt.wantCode == "" {
				if _, err := c.Fetch(context.Background(), Request{URL: srv.URL + "/hop/0"}); err != nil {
					t.Fatal(err)
				}
				return
			}
			fe := fetchErr(t, c, srv.URL+"/hop/0", tt.wantCode)
			if fe.Temporary {
				t.Error("too_many_redirects should not be temporary")
			}
		})
	}
}

func TestFetchRedirectToOtherScheme(t *testing.T) {
	for _, target := range []string{"ftp://example.com/cal.ics", "file:///etc/passwd", "webcal://example.com/cal.ics"} {
		t.Run(target, func(t *testing.T) {
			srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
				http.Redirect(w, r, target, http.StatusMovedPermanently)
			})
			fetchErr(t, newTestClient(Config{}), srv.URL, CodeInvalidURL)
		})
	}
}

func TestFetchBody(t *testing.T) {
	big := "BEGIN:VCALENDAR\r\n" + strings.Repeat("X-PAD:0123456789\r\n", 100) + "END:VCALENDAR\r\n"
	tests := []struct {
		name     string
		handler  http.HandlerFunc
		maxBody  int64
		wantCode string // "" for success
		wantMsg  string
	}{
		{"garbage", serveCalendar("\x00\x01binary junk END:VCALENDAR"), 0, CodeNotCalendar, "did not return an iCalendar feed"},
		{"json", serveCalendar(`{"error":"nope"}`), 0, CodeNotCalendar, ""},
		{"html page", func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			_, _ = w.Write([]byte("<!DOCTYPE html><html><body>Sign in</body></html>"))
		}, 0, CodeNotCalendar, "web page"},
		{"html labelled as calendar", serveCalendar("\n<html>oops</html>"), 0, CodeNotCalendar, "web page"},
		{"empty", serveCalendar(""), 0, CodeNotCalendar, "empty"},
		{"no END:VCALENDAR", serveCalendar("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\n"), 0, CodeTruncated, "END:VCALENDAR"},
		{"oversized with content-length", serveCalendar(big), int64(len(big) - 1), CodeBodyTooLarge, ""},
		{"oversized chunked", func(w http.ResponseWriter, _ *http.Request) {
			for i := 0; i < 10; i++ {
				_, _ = w.Write([]byte(big[:len(big)/2]))
				w.(http.Flusher).Flush() // no Content-Length: the limit must cut the stream
			}
		}, int64(len(big)), CodeBodyTooLarge, ""},
		{"exactly max body", serveCalendar(big), int64(len(big)), "", ""},
		{"unsupported encoding", func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Encoding", "br")
			_, _ = w.Write([]byte(calendar))
		}, 0, CodeNotCalendar, "encoding"},
		{"gzip header on plain body", func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Encoding", "gzip")
			_, _ = w.Write([]byte(calendar))
		}, 0, CodeNotCalendar, "gzip"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newServer(t, tt.handler)
			c := newTestClient(Config{MaxBody: tt.maxBody})
			if tt.wantCode == "" {
				resp, err := c.Fetch(context.Background(), Request{URL: srv.URL})
				if err != nil {
					t.Fatal(err)
				}
				if len(resp.Body) != int(tt.maxBody) {
					t.Errorf("body length %d, want %d", len(resp.Body), tt.maxBody)
				}
				return
			}
			fe := fetchErr(t, c, srv.URL, tt.wantCode)
			if !strings.Contains(fe.Message, tt.wantMsg) {
				t.Errorf("Message %q does not contain %q", fe.Message, tt.wantMsg)
			}
		})
	}
}

func TestFetchGzipBomb(t *testing.T) {
	// One gzip member of 1 MiB of zeros, repeated 1024 times: gzip readers
	// treat concatenated members as one stream, so the handler streams 1 GiB
	// of decompressed zeros (about 1 MiB on the wire) holding only ~1 KiB.
	var member bytes.Buffer
	gz, _ := gzip.NewWriterLevel(&member, gzip.BestCompression)
	_, _ = gz.Write(make([]byte, 1<<20))
	_ = gz.Close()

	done := make(chan struct{})
	srv := newServer(t, func(w http.ResponseWriter, _ *http.Request) {
		defer close(done)
		w.Header().Set("Content-Type", "text/calendar")
		w.Header().Set("Content-Encoding", "gzip")
		for range 1024 {
			if _, err := w.Write(member.Bytes()); err != nil {
				return // the client hung up
			}
		}
	})

	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	fe := fetchErr(t, newTestClient(Config{}), srv.URL, CodeBodyTooLarge) // default 10 MiB limit
	runtime.ReadMemStats(&after)
	if fe.Temporary {
		t.Error("body_too_large should not be temporary")
	}
	// Reading to the limit allocates a few times 10 MiB; decompressing the
	// whole bomb into memory would allocate over 1 GiB.
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 256<<20 {
		t.Errorf("Fetch allocated %d MiB; the limit did not cut the stream", alloc>>20)
	}
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("handler still streaming 10s after the client gave up")
	}
}

func TestFetchTruncated(t *testing.T) {
	tests := []struct {
		name string
		raw  string // written on the hijacked connection, which is then closed
	}{
		{"content-length larger than sent", "HTTP/1.1 200 OK\r\nContent-Type: text/calendar\r\nContent-Length: 1000\r\n\r\n" + calendar},
		{"chunked stream cut", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\nBEGIN:VCALENDAR\r\n\r\n"},
		{"gzip stream cut", "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n" + gzipped(t, calendar)[:20]},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newServer(t, func(w http.ResponseWriter, _ *http.Request) {
				conn, buf, err := w.(http.Hijacker).Hijack()
				if err != nil {
					t.Error(err)
					return
				}
				defer conn.Close()
				_, _ = buf.WriteString(tt.raw)
				_ = buf.Flush()
			})
			fe := fetchErr(t, newTestClient(Config{}), srv.URL, CodeTruncated)
			if !fe.Temporary {
				t.Error("truncated should be temporary")
			}
		})
	}
}

func gzipped(t *testing.T, s string) string {
	t.Helper()
	var b bytes.Buffer
	gz := gzip.NewWriter(&b)
	_, _ = gz.Write([]byte(s))
	if err := gz.Close(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestFetchConnectError(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	_ = ln.Close() // nothing listens there any more: connection refused
	fe := fetchErr(t, newTestClient(Config{}), "http://"+addr+"/cal.ics", CodeConnectError)
	if !fe.Temporary {
		t.Error("connect_error should be temporary")
	}
	assertNoLeak(t, fe.Error(), addr, "127.0.0.1")
}

// TestErrorsNeverLeakSecrets drives every reachable failure with a URL
// carrying a password and a token and checks no message repeats them.
func TestErrorsNeverLeakSecrets(t *testing.T) {
	const password, token = "pa55word-xyz", "t0ken-abc123"
	hang := func(_ http.ResponseWriter, r *http.Request) { <-r.Context().Done() }
	status := func(code int) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Retry-After", "5")
			http.Error(w, r.URL.String(), code) // the body echoes the URL
		}
	}
	loop := func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, r.URL.String(), http.StatusFound) }
	echo := func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte(r.URL.String())) }
	handlers := map[string]http.HandlerFunc{
		"500": status(500), "401": status(401), "404": status(404), "429": status(429),
		"timeout": hang, "redirect loop": loop, "not calendar": echo,
	}
	for name, h := range handlers {
		t.Run(name, func(t *testing.T) {
			srv := newServer(t, h)
			u := strings.Replace(srv.URL, "http://", "http://bob:"+password+"@", 1) + "/cal.ics?token=" + token
			c := newTestClient(Config{Timeout: 200 * time.Millisecond})
			_, err := c.Fetch(context.Background(), Request{URL: u})
			if err == nil {
				t.Fatal("Fetch succeeded")
			}
			assertNoLeak(t, err.Error(), password, token, "127.0.0.1")
		})
	}
	t.Run("invalid urls", func(t *testing.T) {
		for _, u := range []string{
			"ftp://bob:" + password + "@example.com/?token=" + token,
			"https://bob:" + password + "@exa mple.com/?token=" + token,
			"https://bob:" + password + "@/?token=" + token,
		} {
			_, err := NormalizeURL(u)
			if err == nil {
				t.Fatalf("NormalizeURL(%q) succeeded", Redact(u))
			}
			assertNoLeak(t, err.Error(), password, token)
		}
	})
	t.Run("blocked", func(t *testing.T) {
		srv := newServer(t, serveCalendar(calendar))
		u := strings.Replace(srv.URL, "http://", "http://bob:"+password+"@", 1) + "/?token=" + token
		_, err := New(Config{}).Fetch(context.Background(), Request{URL: u})
		if codeOf(err) != CodeBlockedAddress {
			t.Fatalf("code %q, want %q", codeOf(err), CodeBlockedAddress)
		}
		assertNoLeak(t, err.Error(), password, token, "127.0.0.1")
	})
}
