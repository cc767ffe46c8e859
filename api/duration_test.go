package api

import (
	"testing"
	"time"
)

func TestParseDuration(t *testing.T) {
	tests := []struct {
		in      string
		want    time.Duration
		wantErr bool
	}{
		{"PT30M", 30 * time.Minute, false},
		{"PT1H", time.Hour, false},
		{"PT1H30M", 90 * time.Minute, false},
		{"P1D", 24 * time.Hour, false},
		{"P1W", 7 * 24 * time.Hour, false},
		{"P1DT2H", 26 * time.Hour, false},
		{"pt15m", 15 * time.Minute, false},
		{"PT45S", 45 * time.Second, false},
		{"P1M", 0, true},
		{"P1Y", 0, true},
		{"PT", 0, true},
		{"P", 0, true},
		{"1H", 0, true},
		{"PT1.5H", 0, true},
		{"PTH", 0, true},
		{"P1H", 0, true},
		{"PT1D", 0, true},
		{"PT1HT2M", 0, true},
		{"PT9999999999H", 0, true},
	}
	for _, tt := range tests {
		got, err := parseDuration(tt.in)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("parseDuration(%q) = %v, %v; want %v, error %v", tt.in, got, err, tt.want, tt.wantErr)
		}
	}
	for _, d := range []time.Duration{time.Minute, 90 * time.Minute, 24 * time.Hour, 26*time.Hour + time.Second} {
		if back, err := parseDuration(formatDuration(d)); err != nil || back != d {
			t.Errorf("round trip of %v via %q = %v, %v", d, formatDuration(d), back, err)
		}
	}
}

func TestParseDurationBounded(t *testing.T) {
	for _, in := range []string{"P30501W", "P999999999W", "P999999999D", "PT999999999H", "P3661D", "P523W", "P3660DT1S", "P1DT999999999H"} {
		if d, err := parseDuration(in); err == nil {
			t.Errorf("parseDuration(%q) = %v, want an error (too long)", in, d)
		}
	}
	if d, err := parseDuration("P3660D"); err != nil || d != maxDuration {
		t.Errorf("parseDuration(P3660D) = %v, %v; want the maximum", d, err)
	}
}
