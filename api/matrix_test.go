package api_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/overlap/overlap/api/apitest"
	"github.com/overlap/overlap/scheduler"
	"github.com/overlap/overlap/store"
	"github.com/overlap/overlap/store/gormstore/testdb"
)

type matrixPair struct {
	MemberID      string `json:"member_id"`
	SharedMinutes int64  `json:"shared_minutes"`
}

type matrixAnswer struct {
	Members       []string  `json:"members"`
	Rows          []string  `json:"rows"`
	SharedMinutes [][]int64 `json:"shared_minutes"`
	Top           []struct {
		MemberID         string       `json:"member_id"`
		AvailableMinutes int64        `json:"available_minutes"`
		Pairs            []matrixPair `json:"pairs"`
	} `json:"top"`
	NextCursor string `json:"next_cursor"`
}

// Pages of the matrix put together are the whole matrix, and top pairs are
// each row's largest cells.
func TestMatrixPages(t *testing.T) {
	for _, d := range testdb.Dialects {
		t.Run(string(d), func(t *testing.T) {
			e := apitest.New(t, d, nil)
			ctx := context.Background()
			team := store.Team{OrgID: e.OrgID, Name: "big"}
			if err := e.Store.CreateTeam(ctx, &team); err != nil {
				t.Fatal(err)
			}
			rng := rand.New(rand.NewPCG(3, 4))
			start := time.Date(2027, 1, 11, 0, 0, 0, 0, time.UTC)
			for i := range 13 {
				m := store.Member{OrgID: e.OrgID, Name: fmt.Sprint("m", i), Timezone: benchZones[i%len(benchZones)], WorkingHours: scheduler.DefaultWeeklyHours()}
				if err := e.Store.CreateMember(ctx, &m); err != nil {
					t.Fatal(err)
				}
				if _, err := e.Store.PutTeamMember(ctx, e.OrgID, &store.TeamMember{TeamID: team.ID, MemberID: m.ID}); err != nil {
					t.Fatal(err)
				}
				c := store.Calendar{OrgID: e.OrgID, MemberID: m.ID, Kind: store.KindBusy, Source: store.SourceUpload}
				if err := e.Store.CreateCalendar(ctx, &c, &store.Snapshot{At: start, Intervals: scaleBusy(rng, m.Timezone, start, 7)}); err != nil {
					t.Fatal(err)
				}
			}
			base := "/v1/teams/" + team.ID + "/analytics/matrix?from=2027-01-11T00:00:00Z&to=2027-01-18T00:00:00Z"
			get := func(q string) matrixAnswer {
				t.Helper()
				r := e.Do("GET", base+q, e.Viewer, nil)
				if r.Status != http.StatusOK {
					t.Fatalf("GET %s = %d %s", q, r.Status, r.Body)
				}
				var a matrixAnswer
				r.JSON(t, &a)
				return a
			}
			full := get("")
			if len(full.SharedMinutes) != 13 || full.Rows != nil || full.NextCursor != "" {
				t.Fatalf("full matrix = %d rows, rows %v, cursor %q", len(full.SharedMinutes), full.Rows, full.NextCursor)
			}
			var rows [][]int64
			var ids []string
			cursor, pages := "", 0
			for {
				p := get("&member_limit=5&cursor=" + cursor)
				if cursor == "" {
					p = get("&member_limit=5")
				}
				pages++
				if diff := cmp.Diff(full.Members, p.Members); diff != "" {
					t.Fatalf("page columns differ: %s", diff)
				}
				rows, ids = append(rows, p.SharedMinutes...), append(ids, p.Rows...)
				if cursor = p.NextCursor; cursor == "" {
					break
				}
			}
			if pages != 3 || cmp.Diff(full.SharedMinutes, rows) != "" || cmp.Diff(full.Members, ids) != "" {
				t.Fatalf("%d pages; rows differ: %s", pages, cmp.Diff(full.SharedMinutes, rows))
			}
			top := get("&top=3")
			if len(top.Top) != 13 || top.SharedMinutes != nil {
				t.Fatalf("top answer = %+v", top)
			}
			for i, tr := range top.Top {
				if tr.MemberID != full.Members[i] || tr.AvailableMinutes != full.SharedMinutes[i][i] || len(tr.Pairs) != 3 {
					t.Fatalf("top row %d = %+v", i, tr)
				}
				for k, p := range tr.Pairs {
					j := indexOf(full.Members, p.MemberID)
					if j == i || p.SharedMinutes != full.SharedMinutes[i][j] {
						t.Fatalf("top row %d pair %+v", i, p)
					}
					for jj, v := range full.SharedMinutes[i] {
						if jj != i && v > tr.Pairs[len(tr.Pairs)-1].SharedMinutes && indexOfPair(tr.Pairs, full.Members[jj]) < 0 {
							t.Fatalf("row %d: %s (%d min) missing from top %+v", i, full.Members[jj], v, tr.Pairs)
						}
					}
					if k > 0 && p.SharedMinutes > tr.Pairs[k-1].SharedMinutes {
						t.Fatalf("top row %d not ordered: %+v", i, tr.Pairs)
					}
				}
			}
			for _, q := range []string{"&member_limit=0", "&member_limit=1001", "&top=101", "&cursor=nope"} {
				if r := e.Do("GET", base+q, e.Viewer, nil); r.Status != http.StatusUnprocessableEntity {
					t.Fatalf("GET %s = %d", q, r.Status)
				}
			}
		})
	}
}

func indexOf(ids []string, id string) int {
	for i, x := range ids {
		if x == id {
			return i
		}
	}
	return -1
}

func indexOfPair(ps []matrixPair, id string) int {
	for i, p := range ps {
		if p.MemberID == id {
			return i
		}
	}
	return -1
}
