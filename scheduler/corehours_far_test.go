package scheduler

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// TestCoreHoursFarFromNow: the middle of a working day was computed as
// (start+end)/2 in Unix nanoseconds, which overflows int64 after 2116 and
// before 1824: every candidate then had a fairness of about -153722867
// minutes and members lost member-days. A UTC team's week reads the same
// in any year the API accepts.
func TestCoreHoursFarFromNow(t *testing.T) {
	members := []CoreMember{
		{ID: "a", Schedule: Schedule{Loc: time.UTC, Weekly: on(Range{hm(9, 0), hm(17, 0)}, 1, 2, 3, 4, 5)}},
		{ID: "b", Schedule: Schedule{Loc: time.UTC, Weekly: on(Range{hm(12, 0), hm(20, 0)}, 1, 2, 3, 4, 5)}},
	}
	week := func(monday string) []CoreCandidate {
		t.Helper()
		m := d(monday)
		got, err := CoreHours(members, CoreOptions{Duration: time.Hour, Days: weekdays(), From: m, To: m.AddDays(4), Limit: 96})
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	want := week("2027-03-01")
	if want[0].MemberDays != 10 || want[0].Fairness < 0 {
		t.Fatalf("2027: %+v", want[0])
	}
	// Periods and outside ranges name dates, which differ; the figures must not.
	ignore := cmpopts.IgnoreFields(CoreMemberResult{}, "Periods", "Outside")
	for _, monday := range []string{"2150-03-02", "2199-03-04", "1810-03-05", "1800-03-03"} {
		if diff := cmp.Diff(want, week(monday), ignore); diff != "" {
			t.Errorf("week of %s differs from 2027's (-2027 +got):\n%s", monday, diff)
		}
	}
}
