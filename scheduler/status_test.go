package scheduler

import "testing"

func TestRankOf(t *testing.T) {
	for i, s := range Precedence() {
		if r, ok := rankOf(s); !ok || r != i {
			t.Errorf("rankOf(%q) = %d, %v; want %d", s, r, ok, i)
		}
	}
	for _, s := range []Status{"", StatusAvailable, "Busy", "busy ", "holidays", "oof\\x00", "tentativ_"} {
		if _, ok := rankOf(s); ok {
			t.Errorf("rankOf(%q) accepted", s)
		}
	}
}
