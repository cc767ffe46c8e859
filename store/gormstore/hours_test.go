package gormstore

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/overlap/overlap/scheduler"
)

// Cached working hours decode as json.Unmarshal does, and members never
// share them.
func TestDecodeHours(t *testing.T) {
	raw, _ := json.Marshal(scheduler.DefaultWeeklyHours())
	for _, s := range []string{string(raw), string(raw), `[null,[],[{"Start":60,"End":120}],null,null,null,null]`} {
		var want scheduler.WeeklyHours
		wantErr := json.Unmarshal([]byte(s), &want)
		got, err := decodeHours(s)
		if (err != nil) != (wantErr != nil) || !cmp.Equal(want, got) {
			t.Fatalf("decodeHours(%s) = %v, %v; want %v, %v", s, got, err, want, wantErr)
		}
	}
	a, _ := decodeHours(string(raw))
	a[1][0].Start = 1
	if b, _ := decodeHours(string(raw)); b[1][0].Start == 1 {
		t.Fatal("a decoded value shares memory with the cache")
	}
	if _, err := decodeHours(`{`); err == nil {
		t.Fatal("bad JSON decoded")
	}
}
