package api_test

import (
	"strings"
	"testing"
	"time"

	"github.com/overlap/overlap/api/apitest"
	"github.com/overlap/overlap/store/gormstore"
)

// twins walks an answer and checks every KEY_local against KEY: the same
// instant, with the zone's offset at that instant. It returns how many it saw.
func twins(t *testing.T, v any, loc *time.Location) int {
	t.Helper()
	n := 0
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			n += twins(t, x, loc)
			s, ok := x.(string)
			if !ok || !strings.HasSuffix(s, "Z") || len(s) != 20 {
				continue
			}
			local, ok := v[k+"_local"].(string)
			if !ok {
				t.Errorf("%s = %s has no %s_local", k, s, k)
				continue
			}
			utc, _ := time.Parse(time.RFC3339, s)
			lt, err := time.Parse(time.RFC3339, local)
			if err != nil || !lt.Equal(utc) || local != utc.In(loc).Format(time.RFC3339) {
				t.Errorf("%s_local = %s for %s in %s", k, local, s, loc)
			}
			n++
		}
	case []any:
		for _, x := range v {
			n += twins(t, x, loc)
		}
	}
	return n
}

func TestLocalTwinsAcrossDST(t *testing.T) {
	e := apitest.New(t, gormstore.SQLite, nil)
	berlin, _ := time.LoadLocation("Europe/Berlin")
	ber := createMember(t, e, e.Manager, map[string]any{"name": "Ber", "timezone": "Europe/Berlin",
		"working_hours": map[string]any{"sat": []any{map[string]any{"start": "00:00", "end": "24:00"}}, "sun": []any{map[string]any{"start": "00:00", "end": "24:00"}},
			"mon": []any{map[string]any{"start": "09:00", "end": "17:00"}}}})["id"].(string)
	par := createMember(t, e, e.Manager, map[string]any{"name": "Par", "timezone": "Europe/Paris"})["id"].(string)
	// Summer time starts in the EU on Sunday 2027-03-28 at 01:00 UTC.
	q := "from=2027-03-27T00:00:00Z&to=2027-03-30T00:00:00Z&tz=Europe/Berlin"
	r := e.Do("GET", "/v1/members/"+ber+"/availability?"+q, e.Viewer, nil)
	wantStatus(t, r, 200)
	got := r.Map(t)
	if n := twins(t, got, berlin); n < 4 {
		t.Fatalf("%d twins in %s", n, r.Body)
	}
	offsets := map[string]bool{}
	for _, p := range got["pieces"].([]any) {
		l := p.(map[string]any)["start_local"].(string)
		offsets[l[19:]] = true
	}
	if !offsets["+01:00"] || !offsets["+02:00"] {
		t.Fatalf("offsets %v, want both sides of the change: %s", offsets, r.Body)
	}
	// Nested instants (windows, segments) and the ad-hoc routes too.
	body := map[string]any{"members": []map[string]any{{"id": ber}, {"id": par}}, "from": "2027-03-26T00:00:00Z", "to": "2027-04-02T00:00:00Z"}
	r = e.Do("POST", "/v1/availability/overlap?tz=Europe/Berlin", e.Viewer, body)
	wantStatus(t, r, 200)
	w := r.Map(t)
	if n := twins(t, w, berlin); n < 6 {
		t.Fatalf("%d twins in %s", n, r.Body)
	}
	first := w["windows"].([]any)[0].(map[string]any)
	if first["start"] != "2027-03-29T07:00:00Z" || first["start_local"] != "2027-03-29T09:00:00+02:00" {
		t.Errorf("first window starts %v, %v locally", first["start"], first["start_local"])
	}
	// Without tz nothing changes; an unknown zone is 422 naming tz.
	r = e.Do("POST", "/v1/availability/overlap", e.Viewer, body)
	if strings.Contains(string(r.Body), "_local") {
		t.Fatalf("twins without tz: %s", r.Body)
	}
	wantProblem(t, e.Do("GET", "/v1/members?tz=Mars/Olympus", e.Viewer, nil), 422, "validation", "tz")
	wantProblem(t, e.Do("POST", "/v1/availability/overlap?tz=Local", e.Viewer, body), 422, "validation", "tz")
	r = e.Do("GET", "/v1/members/"+ber+"?tz=Asia/Tokyo", e.Viewer, nil)
	wantStatus(t, r, 200)
	if m := r.Map(t); !strings.HasSuffix(m["created_at_local"].(string), "+09:00") {
		t.Fatalf("created_at_local %v", m["created_at_local"])
	}
}
