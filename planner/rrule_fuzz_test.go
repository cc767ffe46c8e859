package planner

import (
	"errors"
	"testing"
	"time"

	"github.com/overlap/overlap/scheduler"
)

// FuzzSeriesDates: whatever the rule and the bounds, SeriesDates answers
// dates or ErrInvalidSeries, never a panic (rrule-go panics on some rules it
// accepts, e.g. BYEASTER=-400: index out of range, a 500 through the API).
func FuzzSeriesDates(f *testing.F) {
	for _, s := range []string{"FREQ=WEEKLY;BYDAY=TU", "FREQ=YEARLY;BYEASTER=-400", "FREQ=YEARLY;BYWEEKNO=53;BYDAY=MO",
		"FREQ=MONTHLY;BYSETPOS=-1;BYDAY=MO,TU", "FREQ=YEARLY;BYYEARDAY=-366;BYMONTH=2", "FREQ=MONTHLY;BYMONTHDAY=-31;BYDAY=5FR"} {
		f.Add(s, 2027, 1, 1, 5)
	}
	f.Fuzz(func(t *testing.T, rule string, y, m, d, n int) {
		if y < 1801 || y > 2199 || m < 1 || m > 12 || d < 1 || d > 28 || n < 1 || n > 500 {
			return
		}
		dates, err := SeriesDates(rule, scheduler.Date{Year: y, Month: time.Month(m), Day: d}, nil, n)
		if err != nil && !errors.Is(err, ErrInvalidSeries) {
			t.Fatalf("SeriesDates(%q) = %v, want ErrInvalidSeries", rule, err)
		}
		if err == nil && len(dates) != n {
			t.Fatalf("SeriesDates(%q, count %d) = %d dates", rule, n, len(dates))
		}
	})
}
