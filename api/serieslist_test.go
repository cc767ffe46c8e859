package api_test

import (
	"net/url"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/overlap/overlap/api/apitest"
	"github.com/overlap/overlap/store/gormstore/testdb"
)

// TestListMeetingSeries: GET …/meeting-series answered 405, so a series
// whose ID was lost could not be found again. It lists the team's series
// page by page, each as asked for, without the plan.
func TestListMeetingSeries(t *testing.T) {
	for _, d := range testdb.Dialects {
		t.Run(string(d), func(t *testing.T) {
			e := apitest.New(t, d, func() time.Time { return feedNow })
			team, _ := meetingTeam(t, e)
			path := "/v1/teams/" + team + "/meeting-series"
			var ids []string
			for _, body := range []map[string]any{
				{"name": "All hands", "duration": "PT1H", "recurrence": "FREQ=WEEKLY;BYDAY=TU", "zone": "UTC", "from": "2027-01-12", "count": 3},
				{"name": "Retro", "duration": "PT45M", "recurrence": "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH", "zone": "Europe/Berlin", "from": "2027-01-04",
					"until": "2027-02-28", "slots": 2},
				{"name": "Planning", "duration": "PT30M", "recurrence": "FREQ=MONTHLY;BYMONTHDAY=1", "zone": "UTC", "from": "2027-02-01", "count": 2},
			} {
				r := e.Do("POST", path, e.Manager, body)
				wantStatus(t, r, 201)
				ids = append(ids, r.Map(t)["id"].(string))
			}
			wantStatus(t, e.Do("POST", path+"/"+ids[1]+"/recompute", e.Manager, nil), 200)
			// Another team's series stay out of this team's list.
			other, _ := meetingTeam(t, e)
			wantStatus(t, e.Do("POST", "/v1/teams/"+other+"/meeting-series", e.Manager, map[string]any{"name": "Elsewhere", "duration": "PT1H",
				"recurrence": "FREQ=WEEKLY", "zone": "UTC", "from": "2027-01-04", "count": 2}), 201)

			var items []map[string]any
			cursor, pages := "", 0
			for {
				q := url.Values{"limit": {"2"}}
				if cursor != "" {
					q.Set("cursor", cursor)
				}
				r := e.Do("GET", path+"?"+q.Encode(), e.Viewer, nil)
				wantStatus(t, r, 200)
				var page struct {
					Items      []map[string]any
					NextCursor string `json:"next_cursor"`
				}
				r.JSON(t, &page)
				items, cursor, pages = append(items, page.Items...), page.NextCursor, pages+1
				if cursor == "" {
					break
				}
			}
			if pages != 2 || len(items) != 3 {
				t.Fatalf("%d pages, %d items, want 2 and 3", pages, len(items))
			}
			byID := map[string]map[string]any{}
			var order []string
			for _, it := range items {
				byID[it["id"].(string)] = it
				order = append(order, it["id"].(string))
				if _, ok := it["occurrences"]; ok {
					t.Errorf("%s: a list item carries the plan", it["name"])
				}
			}
			if diff := cmp.Diff(slices.Sorted(slices.Values(ids)), order); diff != "" {
				t.Fatalf("listed IDs, in ID order (-want +got):\n%s", diff)
			}
			retro := byID[ids[1]]
			want := map[string]any{"id": ids[1], "team_id": team, "name": "Retro", "duration": "PT45M", "recurrence": "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH",
				"zone": "Europe/Berlin", "from": "2027-01-04", "until": "2027-02-28", "count": nil, "slots": 2.0, "revision": 1.0,
				"created_at": retro["created_at"], "updated_at": retro["updated_at"]}
			if diff := cmp.Diff(want, retro); diff != "" {
				t.Errorf("Retro (-want +got):\n%s", diff)
			}
			if h := byID[ids[0]]; h["count"] != 3.0 || h["until"] != nil || h["slots"] != "auto" || h["revision"] != 0.0 {
				t.Errorf("All hands: count %v until %v slots %v revision %v", h["count"], h["until"], h["slots"], h["revision"])
			}
			r := e.Do("GET", path+"?tz=Asia/Tokyo", e.Viewer, nil)
			wantStatus(t, r, 200)
			if it := r.Map(t)["items"].([]any)[0].(map[string]any); it["created_at_local"] == nil {
				t.Errorf("?tz= gives no created_at_local: %v", it)
			}
			wantProblem(t, e.Do("GET", path, e.Other, nil), 404, "not-found")
			wantProblem(t, e.Do("GET", "/v1/teams/nope/meeting-series", e.Viewer, nil), 404, "not-found")
			wantProblem(t, e.Do("GET", path+"?limit=0", e.Viewer, nil), 422, "validation", "limit")
			wantProblem(t, e.Do("GET", path+"?cursor=junk", e.Viewer, nil), 422, "validation", "cursor")
		})
	}
}
