// Command loadgen seeds a running Overlap with a team and measures request
// latency against it, end to end over HTTP. It only talks to the base URL it
// is given (use a local server), and its request loops are bounded.
//
//	go run ./tools/loadgen -base http://127.0.0.1:8080 -token ovl_… -members 100 -days 30 -requests 300 -concurrency 4 [-only matrix]
//
// Every request of an endpoint asks another window (shifted by up to 27 days), and the seeded
// calendars cover every window asked.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/overlap/overlap/scheduler"
)

var zones = []string{"America/Los_Angeles", "America/New_York", "America/Sao_Paulo", "Europe/London", "Europe/Berlin",
	"Asia/Kolkata", "Asia/Kathmandu", "Asia/Tokyo", "Australia/Sydney", "Pacific/Auckland", "Australia/Lord_Howe", "Pacific/Chatham"}

var (
	feedOnly bool
	only     string
)

func main() {
	base := flag.String("base", "http://127.0.0.1:8080", "server base URL (a local server)")
	token := flag.String("token", os.Getenv("OVERLAP_TOKEN"), "admin or manager token")
	members := flag.Int("members", 100, "team size")
	days := flag.Int("days", 30, "query window in days")
	requests := flag.Int("requests", 300, "requests per endpoint")
	conc := flag.Int("concurrency", 4, "concurrent clients")
	start := flag.String("start", "2027-01-04", "first day of the window (a Monday)")
	flag.BoolVar(&feedOnly, "feed", false, "measure a published team_overlap feed instead of the JSON endpoints")
	flag.StringVar(&only, "only", "", "measure only the endpoints whose name starts with this (overlap, suggestions, heatmap, matrix)")
	flag.Parse()
	if err := run(*base, *token, *members, *days, *requests, *conc, *start); err != nil {
		fmt.Fprintln(os.Stderr, "loadgen:", err)
		os.Exit(1)
	}
}

type client struct {
	base, token string
	http        *http.Client
	header      map[string]string
}

func (c *client) do(method, path, ctype string, body []byte) (int, []byte, error) {
	req, err := http.NewRequest(method, c.base+path, bytes.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	for k, v := range c.header {
		req.Header.Set(k, v)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, b, err
}

func (c *client) create(path string, v any) (string, error) {
	body, _ := json.Marshal(v)
	code, out, err := c.do("POST", path, "application/json", body)
	if err != nil || code != 201 {
		return "", fmt.Errorf("POST %s: %d %s %v", path, code, out, err)
	}
	var r struct{ ID string }
	json.Unmarshal(out, &r)
	return r.ID, nil
}

// busyICS makes realistic busy time in the member's zone over [from,
// from+days): about four meetings of 30 to 90 minutes on every working day,
// inside 09:00–17:00 local time (~20 busy hours a week).
func busyICS(rng *rand.Rand, zone string, from time.Time, days int) ([]byte, int) {
	loc, err := scheduler.LoadZone(zone)
	if err != nil {
		loc = time.UTC
	}
	var b strings.Builder
	b.WriteString("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//loadgen//EN\r\n")
	n := 0
	for d := 0; d < days; d++ {
		day := from.AddDate(0, 0, d)
		if wd := day.Weekday(); wd == time.Saturday || wd == time.Sunday {
			continue
		}
		for k := 0; k < 4; k++ {
			st := time.Date(day.Year(), day.Month(), day.Day(), 9, 15*rng.IntN(28), 0, 0, loc)
			fmt.Fprintf(&b, "BEGIN:VEVENT\r\nUID:e%d\r\nDTSTART:%s\r\nDTEND:%s\r\nEND:VEVENT\r\n", n,
				st.UTC().Format("20060102T150405Z"), st.Add(time.Duration(30+15*rng.IntN(5))*time.Minute).UTC().Format("20060102T150405Z"))
			n++
		}
	}
	b.WriteString("END:VCALENDAR\r\n")
	return []byte(b.String()), n
}

// shiftDays is how far request windows move: request i starts i mod
// shiftDays days after -start, so that no cache can answer a repeat.
const shiftDays = 28

func run(base, token string, members, days, requests, conc int, startDay string) error {
	if token == "" {
		return fmt.Errorf("-token is required")
	}
	c := &client{base: base, token: token, http: &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: conc}}}
	from, err := time.Parse("2006-01-02", startDay)
	if err != nil {
		return err
	}
	rng := rand.New(rand.NewPCG(1, 2))
	team, err := c.create("/v1/teams", map[string]any{"name": fmt.Sprintf("load-%d", time.Now().UnixNano())})
	if err != nil {
		return err
	}
	t0 := time.Now()
	events := 0
	for i := 0; i < members; i++ {
		zone := zones[i%len(zones)]
		id, err := c.create("/v1/members", map[string]any{"name": fmt.Sprintf("m%d", i), "timezone": zone})
		if err != nil {
			return err
		}
		if code, out, err := c.do("PUT", "/v1/teams/"+team+"/members/"+id, "application/json", []byte(fmt.Sprintf(`{"required":%v}`, i == 0))); err != nil || code >= 300 {
			return fmt.Errorf("add member: %d %s %v", code, out, err)
		}
		body, n := busyICS(rng, zone, from, days+shiftDays)
		events += n
		if code, out, err := c.do("POST", "/v1/members/"+id+"/calendars?name=work", "text/calendar", body); err != nil || code != 201 {
			return fmt.Errorf("upload: %d %s %v", code, out, err)
		}
	}
	fmt.Printf("seeded %d members with %d meetings over %d days in %v\n", members, events, days+shiftDays, time.Since(t0).Round(time.Millisecond))
	// Each request's window starts i mod shiftDays days later.
	win := func(i int) string {
		f := from.AddDate(0, 0, i%shiftDays)
		return fmt.Sprintf("from=%s&to=%s", f.Format(time.RFC3339), f.AddDate(0, 0, days).Format(time.RFC3339))
	}
	quorum := fmt.Sprint(max(1, members/2))
	tb := "/v1/teams/" + team
	endpoints := []endpoint{
		{"overlap", func(i int) string { return tb + "/overlap?" + win(i) + "&quorum=" + quorum }},
		{"suggestions", func(i int) string { return tb + "/suggestions?" + win(i) + "&duration=PT1H&quorum=" + quorum }},
		{"heatmap", func(i int) string { return tb + "/analytics/heatmap?" + win(i) + "&tz=Europe/Berlin" }},
		{"matrix", func(i int) string { return tb + "/analytics/matrix?" + win(i) }},
		{"matrix (member_limit=50)", func(i int) string { return tb + "/analytics/matrix?" + win(i) + "&member_limit=50" }},
		{"matrix (top=5)", func(i int) string { return tb + "/analytics/matrix?" + win(i) + "&top=5" }},
	}
	if only != "" {
		var keep []endpoint
		for _, ep := range endpoints {
			if strings.HasPrefix(ep.name, only) {
				keep = append(keep, ep)
			}
		}
		endpoints = keep
	}
	fmt.Printf("| endpoint | requests | concurrency | req/s | p50 | p90 | p99 | max |\n|---|---|---|---|---|---|---|---|\n")
	if feedOnly {
		return measureFeed(c, team, requests, conc)
	}
	for _, ep := range endpoints {
		for _, cc := range []int{1, conc} {
			if err := measureName(c, ep.path, ep.name, requests, cc, 200); err != nil {
				return err
			}
		}
	}
	return nil
}

// endpoint is a measured request; path(i) is the i-th request's path.
type endpoint struct {
	name string
	path func(i int) string
}

// measureFeed publishes a team_overlap feed of the team and measures 200s
// and 304s (If-None-Match) on it.
func measureFeed(c *client, team string, n, conc int) error {
	body, _ := json.Marshal(map[string]any{"kind": "team_overlap", "team_id": team, "options": map[string]any{"quorum": 2}})
	code, out, err := c.do("POST", "/v1/feeds", "application/json", body)
	if err != nil || code != 201 {
		return fmt.Errorf("create feed: %d %s %v", code, out, err)
	}
	var f struct{ URL string }
	json.Unmarshal(out, &f)
	path := f.URL[strings.Index(f.URL, "/ical/"):]
	req, _ := http.NewRequest("GET", c.base+path, nil)
	resp, err := c.http.Do(req)
	if err != nil {
		return err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	etag := resp.Header.Get("ETag")
	for _, cc := range []int{1, conc} {
		c.header = nil
		same := func(int) string { return path } // a feed's window is its own
		if err := measureName(c, same, "team_overlap feed 200", n, cc, 200); err != nil {
			return err
		}
		c.header = map[string]string{"If-None-Match": etag}
		if err := measureName(c, same, "team_overlap feed 304", n, cc, 304); err != nil {
			return err
		}
	}
	return nil
}

func measureName(c *client, path func(i int) string, name string, n, conc, want int) error {
	// Warm up (connections, a first plan), on a window no request asks again.
	if code, out, err := c.do("GET", path(shiftDays-1), "", nil); err != nil || code != want {
		return fmt.Errorf("GET %s: %d %.200s %v", path(shiftDays-1), code, out, err)
	}
	lat := make([]time.Duration, n)
	var next int64
	var mu sync.Mutex
	var firstErr error
	var wg sync.WaitGroup
	start := time.Now()
	for w := 0; w < conc; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				mu.Lock()
				i := next
				next++
				mu.Unlock()
				if i >= int64(n) {
					return
				}
				t := time.Now()
				code, _, err := c.do("GET", path(int(i)), "", nil)
				lat[i] = time.Since(t)
				if (err != nil || code != want) && firstErr == nil {
					mu.Lock()
					firstErr = fmt.Errorf("GET %s: %d %v", path(int(i)), code, err)
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	if firstErr != nil {
		return firstErr
	}
	slices.Sort(lat)
	pct := func(p float64) time.Duration { return lat[int(float64(n-1)*p)].Round(10 * time.Microsecond) }
	fmt.Printf("| %s | %d | %d | %.0f | %v | %v | %v | %v |\n", name, n, conc, float64(n)/elapsed.Seconds(), pct(0.5), pct(0.9), pct(0.99), lat[n-1].Round(10*time.Microsecond))
	return nil
}
