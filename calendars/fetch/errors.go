package fetch

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"code.dny.dev/ssrf"
)

// Error codes carried by [Error]. They are stable: callers map them to API
// problems and to refresh back-off, so never rename one.
const (
	CodeInvalidURL       = "invalid_url"        // the address cannot be fetched as given; not temporary
	CodeBlockedAddress   = "blocked_address"    // the SSRF guard refused the destination; not temporary
	CodeDNSError         = "dns_error"          // the host name did not resolve; temporary
	CodeConnectError     = "connect_error"      // connecting or talking to the server failed; temporary
	CodeTLSError         = "tls_error"          // TLS handshake or certificate failure; not temporary
	CodeTimeout          = "timeout"            // Config.Timeout or the caller's deadline ran out; temporary
	CodeCanceled         = "canceled"           // the caller canceled the context; temporary
	CodeTooManyRedirects = "too_many_redirects" // more than Config.MaxRedirects hops; not temporary
	CodeHTTPStatus       = "http_status"        // unexpected status; temporary for 5xx and 408 only
	CodeNotFound         = "not_found"          // 404; not temporary
	CodeGone             = "http_gone"          // 410; not temporary
	CodeUnauthorized     = "unauthorized"       // 401 or 403; not temporary
	CodeRateLimited      = "rate_limited"       // 429, RetryAfter set when the server sent one; temporary
	CodeBodyTooLarge     = "body_too_large"     // body over Config.MaxBody after decompression; not temporary
	CodeTruncated        = "truncated"          // body cut short or without END:VCALENDAR; temporary
	CodeNotCalendar      = "not_calendar"       // body is not an iCalendar stream (HTML, garbage); not temporary
)

// Error is the only error type Fetch and NormalizeURL return. Message is
// written for end users: it never contains the feed URL, credentials or
// resolved IP addresses, so it can be shown to clients and logged as is.
type Error struct {
	Code    string
	Message string
	// RetryAfter is the server's Retry-After (429 and 503), relative to
	// Config.Now, or zero. It is not clamped: the refresher owns back-off policy.
	RetryAfter time.Duration
	// Temporary reports whether retrying the same request later may succeed.
	Temporary bool

	// cause is a sentinel (context.Canceled, ssrf.ErrProhibitedIP, ...) for
	// errors.Is; never a wrapped error whose text could hold URLs or IPs.
	cause error
}

// ErrInvalidURL matches, with errors.Is, every error whose code is
// CodeInvalidURL.
var ErrInvalidURL = &Error{Code: CodeInvalidURL, Message: "the feed address is not valid"}

// Error returns the code and the client-safe message.
func (e *Error) Error() string { return fmt.Sprintf("fetch %s: %s", e.Code, e.Message) }

// Unwrap returns the sentinel cause, if any.
func (e *Error) Unwrap() error { return e.cause }

// Is reports whether target is an *Error with the same code, so that
// errors.Is(err, ErrInvalidURL) works whatever the message.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code == e.Code
}

func newError(code string, temporary bool, format string, args ...any) *Error {
	return &Error{Code: code, Temporary: temporary, Message: fmt.Sprintf(format, args...)}
}

// statusError maps a non-success HTTP status to an Error. Retry-After is
// honoured for 429 and 503, the two statuses RFC 9110 defines it for.
func statusError(resp *http.Response, now time.Time) *Error {
	code := resp.StatusCode
	status := fmt.Sprintf("%d %s", code, http.StatusText(code))
	var e *Error
	switch {
	case code == http.StatusUnauthorized || code == http.StatusForbidden:
		e = newError(CodeUnauthorized, false, "server answered %s; check the feed address and its credentials", status)
	case code == http.StatusNotFound:
		e = newError(CodeNotFound, false, "server answered %s; the feed does not exist at this address", status)
	case code == http.StatusGone:
		e = newError(CodeGone, false, "server answered %s; the feed was removed", status)
	case code == http.StatusTooManyRequests:
		e = newError(CodeRateLimited, true, "server answered %s", status)
	case code >= 500 || code == http.StatusRequestTimeout:
		e = newError(CodeHTTPStatus, true, "server answered %s", status)
	default:
		e = newError(CodeHTTPStatus, false, "server answered %s", status)
	}
	if code == http.StatusTooManyRequests || code == http.StatusServiceUnavailable {
		e.RetryAfter = parseRetryAfter(resp.Header.Get("Retry-After"), now)
	}
	return e
}

// transportError classifies an error from sending the request or reading the
// body. parent is the caller's context, timeoutCtx the one carrying
// Config.Timeout; inspecting them first is more reliable than decoding the
// many shapes net/http gives a cancellation.
func transportError(parent, timeoutCtx context.Context, err error) *Error {
	var fe *Error
	if errors.As(err, &fe) { // from CheckRedirect
		return fe
	}
	if e := contextError(parent, timeoutCtx); e != nil {
		return e
	}
	switch {
	case errors.Is(err, ssrf.ErrProhibitedIP), errors.Is(err, ssrf.ErrProhibitedNetwork),
		errors.Is(err, ssrf.ErrInvalidHostPort):
		return &Error{Code: CodeBlockedAddress, Message: "the feed's address is not allowed", cause: ssrf.ErrProhibitedIP}
	case errors.Is(err, ssrf.ErrProhibitedPort):
		return &Error{Code: CodeBlockedAddress, Message: "the feed's port is not allowed", cause: ssrf.ErrProhibitedPort}
	}
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		if dnsErr.IsNotFound {
			return newError(CodeDNSError, true, "the feed's host name does not exist")
		}
		return newError(CodeDNSError, true, "the feed's host name could not be resolved")
	}
	if isTLSError(err) {
		return newError(CodeTLSError, false, "secure connection to the feed's server failed (TLS handshake or certificate)")
	}
	var netErr net.Error
	if errors.As(err, &netErr) && netErr.Timeout() {
		return newError(CodeTimeout, true, "the feed's server did not answer in time")
	}
	var opErr *net.OpError
	if errors.As(err, &opErr) && opErr.Op == "dial" {
		return newError(CodeConnectError, true, "could not connect to the feed's server")
	}
	return newError(CodeConnectError, true, "the connection to the feed's server failed")
}

// contextError reports cancellation or expiry of the caller's context or of
// the per-fetch timeout, or nil if both are still live.
func contextError(parent, timeoutCtx context.Context) *Error {
	if errors.Is(parent.Err(), context.Canceled) {
		return &Error{Code: CodeCanceled, Temporary: true, Message: "the fetch was canceled", cause: context.Canceled}
	}
	if parent.Err() != nil || timeoutCtx.Err() != nil {
		return &Error{Code: CodeTimeout, Temporary: true, Message: "the feed took too long to download", cause: context.DeadlineExceeded}
	}
	return nil
}

func isTLSError(err error) bool {
	var (
		verify   *tls.CertificateVerificationError
		record   tls.RecordHeaderError
		alert    tls.AlertError
		unknown  x509.UnknownAuthorityError
		hostname x509.HostnameError
		invalid  x509.CertificateInvalidError
	)
	return errors.As(err, &verify) || errors.As(err, &record) || errors.As(err, &alert) ||
		errors.As(err, &unknown) || errors.As(err, &hostname) || errors.As(err, &invalid)
}
