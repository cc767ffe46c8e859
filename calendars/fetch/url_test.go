package fetch

import (
	"errors"
	"net/url"
	"strings"
	"testing"
)

func TestNormalizeURL(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string // "" means invalid
	}{
		{"https", "https://example.com/cal.ics", "https://example.com/cal.ics"},
		{"http", "http://example.com/cal.ics", "http://example.com/cal.ics"},
		{"webcal", "webcal://example.com/cal.ics", "https://example.com/cal.ics"},
		{"webcals", "webcals://example.com/cal.ics", "https://example.com/cal.ics"},
		{"upper-case scheme and host", "WEBCAL://Example.COM/Cal.ics", "https://example.com/Cal.ics"},
		{"surrounding spaces", "  https://example.com/cal.ics \n", "https://example.com/cal.ics"},
		{"port", "https://example.com:8443/cal.ics", "https://example.com:8443/cal.ics"},
		{"credentials kept", "https://u:p%40ss@example.com/c.ics?token=abc", "https://u:p%40ss@example.com/c.ics?token=abc"},
		{"fragment dropped", "https://example.com/cal.ics#top", "https://example.com/cal.ics"},
		{"ipv6 literal", "http://[2001:db8::1]/cal.ics", "http://[2001:db8::1]/cal.ics"},
		{"ftp", "ftp://example.com/cal.ics", ""},
		{"file", "file:///etc/passwd", ""},
		{"javascript", "javascript:alert(1)", ""},
		{"no scheme", "example.com/cal.ics", ""},
		{"missing host", "https:///cal.ics", ""},
		{"only scheme", "https://", ""},
		{"port without host", "https://:443/cal.ics", ""},
		{"opaque", "https:example.com/cal.ics", ""},
		{"empty", "", ""},
		{"blank", "   ", ""},
		{"space in host", "https://exa mple.com/cal.ics", ""},
		{"space in path", "https://example.com/my cal.ics", ""},
		{"two urls pasted", "https://a.example/x.ics https://b.example/y.ics", ""},
		{"control character", "https://example.com/\x00cal.ics", ""},
		{"bad port", "https://example.com:99999999999/cal.ics", ""},
		{"too long", "https://example.com/" + strings.Repeat("a", maxURLLength), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := NormalizeURL(tt.in)
			if tt.want == "" {
				if err == nil {
					t.Fatalf("NormalizeURL(%q) = %q, want error", tt.in, got)
				}
				if !errors.Is(err, ErrInvalidURL) {
					t.Errorf("error %v is not ErrInvalidURL", err)
				}
				if trimmed := strings.TrimSpace(tt.in); len(trimmed) > 3 && strings.Contains(err.Error(), trimmed) {
					t.Errorf("error %q echoes the input", err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("NormalizeURL(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestRedact(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://example.com/cal.ics", "https://example.com/cal.ics"},
		{"https://alice:s3cr3t@example.com/cal.ics?token=t0k3n", "https://REDACTED@example.com/cal.ics?REDACTED"},
		{"https://example.com/cal.ics?s3cr3tt0k3n", "https://example.com/cal.ics?REDACTED"},
		{"https://example.com/cal.ics#frag", "https://example.com/cal.ics"},
		{
			"https://calendar.google.com/calendar/ical/alice%40gmail.com/private-0123456789abcdef0123/basic.ics",
			"https://calendar.google.com/calendar/ical/alice%40gmail.com/REDACTED/basic.ics",
		},
		{"webcal://p42-caldav.icloud.com/published/2/MTIzNDU2Nzg5MDEyMzQ1Njc4", "webcal://p42-caldav.icloud.com/published/2/REDACTED"},
		{"https://exa mple.com/?token=t0k3n", "[unparseable URL]"},
		{"not a url", "[unparseable URL]"},
	}
	for _, tt := range tests {
		if got := Redact(tt.in); got != tt.want {
			t.Errorf("Redact(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzNormalizeURL(f *testing.F) {
	for _, s := range []string{"https://example.com/cal.ics", "webcal://u:p@example.com:80/a?b=c#d", "http://[::1]/", "ftp://x", " "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		got, err := NormalizeURL(raw)
		if err != nil {
			if !errors.Is(err, ErrInvalidURL) {
				t.Fatalf("error %v is not ErrInvalidURL", err)
			}
			return
		}
		u, err := url.Parse(got)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Hostname() == "" {
			t.Fatalf("NormalizeURL(%q) = %q: not an http(s) URL with a host", raw, got)
		}
		if again, err := NormalizeURL(got); err != nil || again != got {
			t.Fatalf("not idempotent: %q -> %q -> %q, %v", raw, got, again, err)
		}
	})
}

func FuzzRedact(f *testing.F) {
	f.Add("https://user:secret@example.com/private-0123456789abcdef/basic.ics?token=secret")
	f.Fuzz(func(t *testing.T, raw string) {
		u, err := url.Parse(strings.TrimSpace(raw))
		if err != nil {
			return
		}
		got := Redact(raw)
		if pw, ok := u.User.Password(); ok && len(pw) > 3 && strings.Contains(got, pw) && !strings.Contains(u.Host+u.EscapedPath(), pw) {
			t.Fatalf("Redact(%q) = %q reveals the password", raw, got)
		}
	})
}
