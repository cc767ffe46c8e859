// Package fetch downloads members' iCalendar feeds over HTTP(S) for the
// calendar refresher.
//
// Feed URLs are supplied by users, so every connection — including those
// made for redirects and after DNS resolution — is checked at dial time by an
// SSRF guard (code.dny.dev/ssrf) unless Config.AllowPrivate is set. Bodies
// are bounded after decompression, whole fetches are bounded in time, and
// conditional requests (ETag / Last-Modified) let unchanged feeds cost a 304.
// All failures are *Error values with stable codes and messages that are safe
// to show to clients: no URLs, credentials or resolved addresses.
package fetch

import (
	"context"
	"crypto/sha256"
	"crypto/tls"
	"encoding/hex"
	"io"
	"net"
	"net/http"
	"time"

	"code.dny.dev/ssrf"
)

// Defaults applied by New to zero Config fields.
const (
	DefaultMaxBody      = 10 << 20
	DefaultTimeout      = 30 * time.Second
	DefaultMaxRedirects = 5
	DefaultUserAgent    = "Overlap/1.0 (+calendar sync)"
)

// Config configures a Client. The zero value is the production setting.
type Config struct {
	// AllowPrivate disables the SSRF guard so feeds on loopback and private
	// networks can be fetched (OVERLAP_FEED_ALLOW_PRIVATE: self-hosted setups, tests).
	AllowPrivate bool
	// GuardOptions configure the SSRF guard when AllowPrivate is false. With
	// none, the ssrf defaults apply: tcp only, ports 80 and 443 only, and every
	// IANA special-purpose range (loopback, RFC 1918, link-local, CGNAT,
	// multicast, reserved, non-global IPv6 incl. IPv4-mapped) denied.
	GuardOptions []ssrf.Option
	// MaxBody caps the body in bytes after decompression; <= 0 means DefaultMaxBody.
	MaxBody int64
	// Timeout bounds a whole fetch, redirects and body included; <= 0 means DefaultTimeout.
	Timeout time.Duration
	// MaxRedirects is how many redirects are followed; 0 means
	// DefaultMaxRedirects, negative means none.
	MaxRedirects int
	// UserAgent is sent with every request; "" means DefaultUserAgent.
	UserAgent string
	// Dialer, when set, replaces the built-in dialer, and with it the SSRF
	// guard: guarding is then the Dialer's job. For tests.
	Dialer func(ctx context.Context, network, addr string) (net.Conn, error)
	// Now is the clock Retry-After dates are measured against; nil means time.Now.
	Now func() time.Time
}

// Client fetches feeds. It is safe for concurrent use; create one per
// process so connections are reused.
type Client struct {
	http         *http.Client
	maxBody      int64
	timeout      time.Duration
	maxRedirects int
	userAgent    string
	now          func() time.Time
}

// Request is one fetch. ETag and LastModified are the validators from the
// previous successful Response; when set they are sent as If-None-Match and
// If-Modified-Since.
type Request struct {
	URL          string
	ETag         string
	LastModified string
}

// Response is a successful fetch: either a 304 (NotModified, no Body) or a
// body that starts with BEGIN:VCALENDAR and ends with END:VCALENDAR.
type Response struct {
	NotModified bool
	Body        []byte
	// ETag and LastModified are the validators to send next time. On a 304
	// they are the server's new ones, or the request's if it sent none.
	ETag         string
	LastModified string
	// ContentHash is the hex SHA-256 of Body, so callers can skip parsing
	// a body identical to the last one when the server ignores validators.
	ContentHash string
	// RefreshHint is Cache-Control max-age, or zero. REFRESH-INTERVAL inside
	// the calendar is the parser's business.
	RefreshHint time.Duration
}

// New returns a Client for cfg, applying defaults to zero fields.
func New(cfg Config) *Client {
	c := &Client{
		maxBody:      orDefault(cfg.MaxBody, DefaultMaxBody),
		timeout:      orDefault(cfg.Timeout, DefaultTimeout),
		maxRedirects: cfg.MaxRedirects,
		userAgent:    cfg.UserAgent,
		now:          cfg.Now,
	}
	if c.maxRedirects == 0 {
		c.maxRedirects = DefaultMaxRedirects
	}
	if c.userAgent == "" {
		c.userAgent = DefaultUserAgent
	}
	if c.now == nil {
		c.now = time.Now
	}
	dial := cfg.Dialer
	if dial == nil {
		dial = newDialer(!cfg.AllowPrivate, cfg.GuardOptions...)
	}
	c.http = &http.Client{
		Transport:     newTransport(dial),
		CheckRedirect: c.checkRedirect,
	}
	return c
}

// orDefault treats negative limits like zero: a negative body cap or
// timeout would only make every fetch fail.
func orDefault[T int64 | time.Duration](v, def T) T {
	if v <= 0 {
		return def
	}
	return v
}

// newDialer returns the production dialer. The guard runs as
// net.Dialer.Control, i.e. on the resolved address of every connection
// attempt, which covers redirects and DNS rebinding alike.
func newDialer(guard bool, opts ...ssrf.Option) func(ctx context.Context, network, addr string) (net.Conn, error) {
	d := &net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}
	if guard {
		d.Control = newGuard(opts...).Safe
	}
	return d.DialContext
}

func newGuard(opts ...ssrf.Option) *ssrf.Guardian { return ssrf.New(opts...) }

func newTransport(dial func(ctx context.Context, network, addr string) (net.Conn, error)) *http.Transport {
	return &http.Transport{
		Proxy:                  nil, // an environment proxy would dial on our behalf, past the guard
		DialContext:            dial,
		ForceAttemptHTTP2:      true,
		TLSClientConfig:        &tls.Config{MinVersion: tls.VersionTLS12},
		TLSHandshakeTimeout:    10 * time.Second,
		DisableCompression:     true, // readBody decodes gzip itself, under the body limit
		MaxIdleConns:           100,
		MaxIdleConnsPerHost:    2,
		IdleConnTimeout:        90 * time.Second,
		MaxResponseHeaderBytes: 64 << 10,
	}
}

// checkRedirect enforces the hop limit and keeps redirects on http(s); the
// guard on the dialer takes care of where they point.
func (c *Client) checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) > c.maxRedirects || c.maxRedirects < 0 {
		return newError(CodeTooManyRedirects, false, "the feed redirected more than %d times", max(c.maxRedirects, 0))
	}
	if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
		return invalidURL("the feed redirected to an unsupported address")
	}
	return nil
}

// Fetch downloads the feed at req.URL (normalized with NormalizeURL). It
// returns a *Response, or nil and an *Error; see the Code constants for what
// each failure means and whether it is temporary.
func (c *Client) Fetch(ctx context.Context, req Request) (*Response, error) {
	u, err := NormalizeURL(req.URL)
	if err != nil {
		return nil, err
	}
	tctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	hreq, err := http.NewRequestWithContext(tctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, invalidURL("the feed address is not a valid URL")
	}
	c.setHeaders(hreq, req)
	resp, err := c.http.Do(hreq)
	if err != nil {
		return nil, transportError(ctx, tctx, err)
	}
	defer resp.Body.Close()
	switch resp.StatusCode {
	case http.StatusOK, http.StatusNonAuthoritativeInfo:
		return c.success(ctx, tctx, resp)
	case http.StatusNotModified:
		discard(resp.Body)
		return c.notModified(req, resp)
	}
	discard(resp.Body)
	return nil, statusError(resp, c.now())
}

func (c *Client) setHeaders(hreq *http.Request, req Request) {
	hreq.Header.Set("User-Agent", c.userAgent)
	hreq.Header.Set("Accept", "text/calendar, text/plain;q=0.8, */*;q=0.5")
	hreq.Header.Set("Accept-Encoding", "gzip")
	if req.ETag != "" {
		hreq.Header.Set("If-None-Match", req.ETag)
	}
	if req.LastModified != "" {
		hreq.Header.Set("If-Modified-Since", req.LastModified)
	}
}

func (c *Client) success(ctx, tctx context.Context, resp *http.Response) (*Response, error) {
	body, err := readBody(resp, c.maxBody)
	if err != nil {
		return nil, bodyError(ctx, tctx, err)
	}
	if e := checkCalendar(body, resp.Header.Get("Content-Type")); e != nil {
		return nil, e
	}
	sum := sha256.Sum256(body)
	return &Response{
		Body:         body,
		ETag:         resp.Header.Get("ETag"),
		LastModified: resp.Header.Get("Last-Modified"),
		ContentHash:  hex.EncodeToString(sum[:]),
		RefreshHint:  maxAge(resp.Header),
	}, nil
}

// notModified accepts a 304 only for a conditional request: one without
// validators has nothing cached to fall back on.
func (c *Client) notModified(req Request, resp *http.Response) (*Response, error) {
	if req.ETag == "" && req.LastModified == "" {
		return nil, newError(CodeHTTPStatus, false, "server answered 304 Not Modified to an unconditional request")
	}
	r := &Response{
		NotModified:  true,
		ETag:         resp.Header.Get("ETag"),
		LastModified: resp.Header.Get("Last-Modified"),
		RefreshHint:  maxAge(resp.Header),
	}
	if r.ETag == "" {
		r.ETag = req.ETag
	}
	if r.LastModified == "" {
		r.LastModified = req.LastModified
	}
	return r, nil
}

// discard reads a little of an unwanted body so the connection can be
// reused, without letting a hostile server keep us reading.
func discard(body io.Reader) {
	_, _ = io.CopyN(io.Discard, body, 4<<10)
}
