package fetch

import (
	"net/http"
	"testing"
	"time"
)

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Duration
	}{
		{"", 0},
		{"0", 0},
		{"30", 30 * time.Second},
		{" 3600 ", time.Hour},
		{"-5", 0},
		{"soon", 0},
		{"99999999999999999999", 0}, // overflows int64: unparseable
		{"9223372036854775807", time.Duration(1<<63 - 1)},
		{now.Add(2 * time.Minute).Format(http.TimeFormat), 2 * time.Minute},
		{"Sunday, 01-Mar-26 12:05:00 GMT", 5 * time.Minute}, // RFC 850
		{now.Add(-time.Minute).Format(http.TimeFormat), 0},
	}
	for _, tt := range tests {
		if got := parseRetryAfter(tt.in, now); got != tt.want {
			t.Errorf("parseRetryAfter(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestMaxAge(t *testing.T) {
	tests := []struct {
		in   []string
		want time.Duration
	}{
		{nil, 0},
		{[]string{"no-cache"}, 0},
		{[]string{"public, max-age=900"}, 15 * time.Minute},
		{[]string{"private", `MAX-AGE="60"`}, time.Minute},
		{[]string{"max-age=abc"}, 0},
		{[]string{"s-maxage=10"}, 0},
	}
	for _, tt := range tests {
		h := http.Header{}
		for _, v := range tt.in {
			h.Add("Cache-Control", v)
		}
		if got := maxAge(h); got != tt.want {
			t.Errorf("maxAge(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}
