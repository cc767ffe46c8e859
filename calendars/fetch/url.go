package fetch

import (
	"net/url"
	"strconv"
	"strings"
	"unicode"
)

// maxURLLength bounds what we store and send; real feed URLs are far shorter.
const maxURLLength = 2048

// NormalizeURL validates a feed address entered by a member and returns the
// form Fetch requests. Surrounding whitespace is trimmed; webcal and webcals
// become https (servers behind webcal:// links almost always speak TLS, and
// Apple Calendar tries https first too); scheme and host are lower-cased and
// the fragment dropped. Userinfo is kept: private feeds often carry
// credentials in the URL, and Fetch sends them as Basic auth. Use [Redact]
// before logging the result.
//
// Errors are *Error with CodeInvalidURL (errors.Is(err, ErrInvalidURL)); their
// messages never echo the input.
func NormalizeURL(raw string) (string, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return "", invalidURL("the feed address is empty")
	}
	if len(raw) > maxURLLength {
		return "", invalidURL("the feed address is too long")
	}
	if strings.IndexFunc(raw, unicode.IsSpace) >= 0 {
		return "", invalidURL("the feed address must not contain spaces")
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "", invalidURL("the feed address is not a valid URL")
	}
	switch u.Scheme {
	case "http", "https":
	case "webcal", "webcals":
		u.Scheme = "https"
	case "":
		return "", invalidURL("the feed address must start with https://, http:// or webcal://")
	default:
		return "", invalidURL("the feed address must use https, http or webcal")
	}
	if u.Opaque != "" || u.Hostname() == "" {
		return "", invalidURL("the feed address has no host name")
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return "", invalidURL("the feed address has an invalid port")
		}
	}
	u.Host = strings.ToLower(u.Host)
	u.Fragment, u.RawFragment = "", ""
	return u.String(), nil
}

func invalidURL(msg string) *Error {
	return &Error{Code: CodeInvalidURL, Message: msg}
}

// Redact returns raw in a form safe for logs: userinfo and the whole query
// string are replaced by REDACTED, the fragment is dropped, and path segments
// that look like secret tokens (16+ characters including a digit, as in
// Google's private-…, iCloud's /published/2/… and Outlook's calendar URLs)
// are replaced too. Unparseable input yields a placeholder, never the input.
func Redact(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Host == "" {
		return "[unparseable URL]"
	}
	var b strings.Builder
	b.WriteString(u.Scheme)
	b.WriteString("://")
	if u.User != nil {
		b.WriteString("REDACTED@")
	}
	b.WriteString(u.Host)
	segments := strings.Split(u.EscapedPath(), "/")
	for i, s := range segments {
		if looksSecret(s) {
			segments[i] = "REDACTED"
		}
	}
	b.WriteString(strings.Join(segments, "/"))
	if u.RawQuery != "" || u.ForceQuery {
		b.WriteString("?REDACTED")
	}
	return b.String()
}

func looksSecret(segment string) bool {
	if s, err := url.PathUnescape(segment); err == nil {
		segment = s // so %40 in an e-mail address does not count as digits
	}
	return len(segment) >= 16 && strings.ContainsAny(segment, "0123456789")
}
