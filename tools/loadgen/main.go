// Command loadgen seeds a running Overlap with a team and measures request
// latency against it, end to end over HTTP. It only talks to the base URL it
// is given (use a local server), and its request loops are bounded.
//
//	go run ./tools/loadgen -base http://127.0.0.1:8080 -token ovl_… -members 100 -days 30 -requests 300 -concurrency 4
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
)

var zones = []string{"America/Los_Angeles", "America/New_York", "America/Sao_Paulo", "Europe/London", "Europe/Berlin",
	"Asia/Kolkata", "Asia/Kathmandu", "Asia/Tokyo", "Australia/Sydney", "Pacific/Auckland", "Australia/Lord_Howe", "Pacific/Chatham"}

var feedOnly bool

func main() {
	base := flag.String("base", "http://127.0.0.1:8080", "server base URL (a local server)")
	token := flag.String("token", os.Getenv("OVERLAP_TOKEN"), "admin or manager token")
	members := flag.Int("members", 100, "team size")
	days := flag.Int("days", 30, "query window in days")
	requests := flag.Int("requests", 300, "requests per endpoint")
	conc := flag.Int("concurrency", 4, "concurrent clients")
	start := flag.String("start", "2027-01-04", "first day of the window (a Monday)")
	flag.BoolVar(&feedOnly, "feed", false, "measure a published team_overlap feed instead of the JSON endpoints")
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

// busyICS makes ~20 one-hour meetings a week for 8 weeks in the member's zone.
func busyICS(rng *rand.Rand, zone string, from time.Time) []byte {
	loc, _ := time.LoadLocation(zone)
	var b strings.Builder
	b.WriteString("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//loadgen//EN\r\n")
	for i := 0; i < 20*8; i++ {
		day := from.AddDate(0, 0, rng.IntN(56))
		st := time.Date(day.Year(), day.Month(), day.Day(), 8+rng.IntN(10), 15*rng.IntN(4), 0, 0, loc)
		fmt.Fprintf(&b, "BEGIN:VEVENT\r\nUID:e%d\r\nDTSTART:%s\r\nDTEND:%s\r\nEND:VEVENT\r\n", i,
			st.UTC().Format("20060102T150405Z"), st.Add(time.Hour).UTC().Format("20060102T150405Z"))
	}
	b.WriteString("END:VCALENDAR\r\n")
	return []byte(b.String())
}

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
	for i := 0; i < members; i++ {
		zone := zones[i%len(zones)]
		id, err := c.create("/v1/members", map[string]any{"name": fmt.Sprintf("m%d", i), "timezone": zone})
		if err != nil {
			return err
		}
		if code, out, err := c.do("PUT", "/v1/teams/"+team+"/members/"+id, "application/json", []byte(fmt.Sprintf(`{"required":%v}`, i == 0))); err != nil || code >= 300 {
			return fmt.Errorf("add member: %d %s %v", code, out, err)
		}
		if code, out, err := c.do("POST", "/v1/members/"+id+"/calendars?name=work", "text/calendar", busyICS(rng, zone, from)); err != nil || code != 201 {
			return fmt.Errorf("upload: %d %s %v", code, out, err)
		}
	}
	fmt.Printf("seeded %d members with 160 meetings each in %v\n", members, time.Since(t0).Round(time.Millisecond))
	to := from.AddDate(0, 0, days)
	q := fmt.Sprintf("from=%s&to=%s", from.Format(time.RFC3339), to.Format(time.RFC3339))
	endpoints := []string{
		"/v1/teams/" + team + "/overlap?" + q + "&quorum=" + fmt.Sprint(max(1, members/2)),
		"/v1/teams/" + team + "/suggestions?" + q + "&duration=PT1H&quorum=" + fmt.Sprint(max(1, members/2)),
		"/v1/teams/" + team + "/analytics/heatmap?" + q + "&tz=Europe/Berlin",
	}
	fmt.Printf("| endpoint | requests | concurrency | req/s | p50 | p90 | p99 | max |\n|---|---|---|---|---|---|---|---|\n")
	if feedOnly {
		return measureFeed(c, team, requests, conc)
	}
	for _, ep := range endpoints {
		for _, cc := range []int{1, conc} {
			if err := measure(c, ep, requests, cc); err != nil {
				return err
			}
		}
	}
	return nil
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
		if err := measureName(c, path, "team_overlap feed 200", n, cc, 200); err != nil {
			return err
		}
		c.header = map[string]string{"If-None-Match": etag}
		if err := measureName(c, path, "team_overlap feed 304", n, cc, 304); err != nil {
			return err
		}
	}
	return nil
}

func measure(c *client, path string, n, conc int) error {
	name := path[strings.LastIndex(path[:strings.Index(path, "?")], "/")+1 : strings.Index(path, "?")]
	return measureName(c, path, name, n, conc, 200)
}

func measureName(c *client, path, name string, n, conc, want int) error {
	// Warm up.
	if code, out, err := c.do("GET", path, "", nil); err != nil || code != want {
		return fmt.Errorf("GET %s: %d %.200s %v", path, code, out, err)
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
				code, _, err := c.do("GET", path, "", nil)
				lat[i] = time.Since(t)
				if (err != nil || code != want) && firstErr == nil {
					mu.Lock()
					firstErr = fmt.Errorf("GET %s: %d %v", path, code, err)
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
