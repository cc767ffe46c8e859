package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/overlap/overlap/store"
)

// chromium finds Debian's chromium. Locally a missing browser skips the
// browser tests; in CI (CI=true or REQUIRE_POSTGRES=1) it fails them.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" || os.Getenv("REQUIRE_POSTGRES") == "1" {
		t.Fatal("chromium is not installed (apt-get install chromium); CI needs the browser tests")
	}
	t.Skip("chromium is not installed; skipping the browser tests")
	return ""
}

// tab is one headless Chromium tab that records every console message.
type tab struct {
	t    *testing.T
	ctx  context.Context
	mu   sync.Mutex
	msgs []chromedp.ConsoleMessage
	dir  string
}

func newTab(t *testing.T) *tab {
	t.Helper()
	exe := chromium(t)
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe),
		chromedp.Flag("headless", true), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true), chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1280, 900),
		// The viewer's zone: the page must pick it up from the browser.
		chromedp.Env("TZ=Europe/Berlin"),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	tb := &tab{t: t, ctx: ctx, dir: t.TempDir()}
	if err := chromedp.Do(ctx); err != nil { // start the browser
		t.Fatalf("start chromium: %v", err)
	}
	msgs := chromedp.Console(ctx)
	go func() {
		for m, err := range msgs {
			if err != nil {
				return
			}
			tb.mu.Lock()
			tb.msgs = append(tb.msgs, m)
			tb.mu.Unlock()
		}
	}()
	return tb
}

// do runs steps with a deadline.
func (tb *tab) do(steps ...chromedp.Action[chromedp.Void]) {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		tb.t.Fatalf("browser: %v", err)
	}
}

// eval evaluates a JavaScript expression into v.
func (tb *tab) eval(expr string, v any) {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, 30*time.Second)
	defer cancel()
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[json.RawMessage]("JSON.stringify("+expr+")"))
	if err != nil {
		tb.t.Fatalf("eval %s: %v", expr, err)
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		tb.t.Fatalf("eval %s: %v", expr, err)
	}
	if err := json.Unmarshal([]byte(s), v); err != nil {
		tb.t.Fatalf("eval %s = %s: %v", expr, s, err)
	}
}

// waitFor waits until a JavaScript expression is true, across page loads.
func (tb *tab) waitFor(expr string) {
	tb.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		ctx, cancel := context.WithTimeout(tb.ctx, 5*time.Second)
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool]("!!("+expr+")"))
		cancel()
		if err == nil && ok {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	tb.t.Fatalf("browser: waited in vain for %s", expr)
}

func (tb *tab) text(sel string) string {
	tb.t.Helper()
	var s string
	tb.eval(fmt.Sprintf("(document.querySelector(%q) || {innerText: ''}).innerText", sel), &s)
	return s
}

// screenshot saves the whole page as a PNG under the test's temp dir.
func (tb *tab) screenshot(name string) string {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, 30*time.Second)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		tb.t.Fatalf("screenshot: %v", err)
	}
	path := filepath.Join(tb.dir, name+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		tb.t.Fatal(err)
	}
	if dir := os.Getenv("OVERLAP_SCREENSHOT_DIR"); dir != "" { // to refresh docs/
		_ = os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644)
	}
	tb.t.Logf("screenshot %s", path)
	return path
}

// noConsoleErrors fails on any error, warning or exception the page wrote,
// except browser log lines about a request the test expects to be refused.
func (tb *tab) noConsoleErrors(refused ...string) {
	tb.t.Helper()
	tb.mu.Lock()
	defer tb.mu.Unlock()
	for _, m := range tb.msgs {
		if m.Type != chromedp.ConsoleError && m.Type != chromedp.ConsoleWarning && m.Type != chromedp.ConsoleException {
			continue
		}
		expected := false
		for _, r := range refused {
			expected = expected || (m.Source == "network" && strings.Contains(m.URL, r))
		}
		if !expected {
			tb.t.Errorf("console %s: %s (%s)", m.Type, m.Text, m.URL)
		}
	}
	tb.msgs = nil
}

func (tb *tab) signIn(base, token string) {
	tb.t.Helper()
	tb.do(chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.CSS("#token")),
		chromedp.SendKeys(chromedp.CSS("#token"), token), chromedp.Click(chromedp.CSS("#sign-in")))
	tb.waitFor(`location.pathname === "/teams"`)
}

// openTeam opens a team page and waits until it is drawn in the browser's zone.
func (tb *tab) openTeam(base, id string) {
	tb.t.Helper()
	tb.do(chromedp.Navigate(base + "/teams/" + id))
	tb.waitFor(`document.readyState === "complete" && document.getElementById("team-page") && document.getElementById("team-page").dataset.tzSource === "browser"`)
}

type overlapJSON struct {
	Windows []struct{ Start, End string }
}

type heatJSON struct {
	Cells []struct {
		Weekday       string
		Hour          int
		MeanAvailable float64 `json:"mean_available"`
	}
}

func TestBrowser(t *testing.T) {
	f := newFixture(t)
	tb := newTab(t)
	base := f.srv.URL

	// Sign in as a manager.
	tb.do(chromedp.Navigate(base + "/"))
	tb.screenshot("01-sign-in")
	tb.signIn(base, f.env.Manager)
	if got := tb.text("#teams"); !strings.Contains(got, "Follow the sun") || !strings.Contains(got, "Pacific") {
		t.Fatalf("teams list = %q", got)
	}
	// The page holds no credential it can read: the session cookie is HttpOnly.
	var held struct{ Cookie, HTML, Storage string }
	tb.eval(`{Cookie: document.cookie, HTML: document.documentElement.outerHTML, Storage: JSON.stringify(localStorage) + JSON.stringify(sessionStorage)}`, &held)
	if strings.Contains(held.Cookie, "overlap_session") || strings.Contains(held.HTML+held.Cookie+held.Storage, f.env.Manager) {
		t.Fatalf("the page can read a credential: cookie %q", held.Cookie)
	}

	// The team, in the browser's zone (Europe/Berlin): Sunday 29 March 2026,
	// the day Europe moves to summer time.
	tb.openTeam(base, f.team)
	tb.screenshot("02-team")
	tb.checkNow(t)
	tb.checkTimeline(t, f)
	tb.checkHeatmap(t, f)
	if got := tb.text("#on-call"); !strings.Contains(got, "Carla") || !strings.Contains(got, "Nora") {
		t.Errorf("on-call section = %q", got)
	}
	if got := tb.text("#calendars"); !strings.Contains(got, "Work") || !strings.Contains(got, "fresh") ||
		!strings.Contains(got, "Outlook") || !strings.Contains(got, "failing") || !strings.Contains(got, "the calendar address no longer exists (404)") {
		t.Errorf("calendars section = %q", got)
	}
	tb.noConsoleErrors()

	// Keyboard: the first Tab reaches the skip link; every control is focusable.
	tb.do(chromedp.KeyEvent("\t"))
	var focus struct {
		Active      string
		Unfocusable int
	}
	tb.eval(`{Active: document.activeElement.textContent.trim(), Unfocusable: Array.from(document.querySelectorAll("a[href], button, input:not([type=hidden]), select")).filter(e => e.tabIndex < 0).length}`, &focus)
	if focus.Active != "Skip to content" || focus.Unfocusable != 0 {
		t.Errorf("keyboard: %+v", focus)
	}

	// 375 px wide: the page does not scroll sideways (pictures scroll in their box).
	tb.do(chromedp.EmulateViewport(375, 800), chromedp.Reload())
	tb.waitFor(`document.readyState === "complete" && document.getElementById("now")`)
	var widths struct{ Doc, Win int }
	tb.eval(`{Doc: document.documentElement.scrollWidth, Win: window.innerWidth}`, &widths)
	if widths.Doc > widths.Win {
		t.Errorf("at 375 px the page is %d px wide", widths.Doc)
	}
	tb.screenshot("03-team-375px")
	tb.do(chromedp.EmulateViewport(1280, 900), chromedp.Reload())
	tb.waitFor(`document.readyState === "complete" && document.getElementById("now")`)

	// Step a day: Monday, a 24-hour day in summer time.
	tb.do(chromedp.Click(chromedp.CSS("#next-day")))
	tb.waitFor(`document.getElementById("day-h").innerText.includes("Monday 30 March 2026")`)
	tb.do(chromedp.Click(chromedp.CSS("#prev-day")))
	tb.waitFor(`document.getElementById("day-h").innerText.includes("Sunday 29 March 2026")`)

	// Subscribe: links are created on request and shown once.
	for _, button := range []string{"#subscribe-overlap", "#subscribe-oncall"} {
		tb.do(chromedp.Click(chromedp.CSS(button)))
		tb.waitFor(`document.getElementById("webcal")`)
		var link struct{ Webcal, HTTPS string }
		tb.eval(`{Webcal: document.getElementById("webcal").value, HTTPS: document.getElementById("https-url").value}`, &link)
		if !strings.HasPrefix(link.Webcal, "webcal://overlap.test/ical/ovf_") || !strings.HasSuffix(link.Webcal, ".ics") {
			t.Fatalf("webcal link = %q", link.Webcal)
		}
		resp, err := http.Get(base + strings.TrimPrefix(link.HTTPS, "https://overlap.test"))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/calendar") {
			t.Fatalf("subscribed feed = %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		if button == "#subscribe-overlap" {
			tb.screenshot("04-subscribe")
		}
		tb.openTeam(base, f.team)
	}
	tb.noConsoleErrors()

	// Sign out: the session is gone.
	tb.do(chromedp.Click(chromedp.CSS("#sign-out")))
	tb.waitFor(`document.getElementById("token")`)
	tb.do(chromedp.Navigate(base + "/teams"))
	tb.waitFor(`document.getElementById("token")`)
	var path string
	tb.eval(`location.pathname`, &path)
	if path != "/" {
		t.Fatalf("after sign-out /teams shows %s", path)
	}

	// A viewer sees the team but cannot create a feed, not even by posting the form.
	tb.signIn(base, f.env.Viewer)
	tb.openTeam(base, f.team)
	var viewer struct {
		Buttons int
		Note    string
	}
	tb.eval(`{Buttons: document.querySelectorAll("#subscribe button").length, Note: document.getElementById("subscribe").innerText}`, &viewer)
	if viewer.Buttons != 0 || !strings.Contains(viewer.Note, "ask a manager") {
		t.Fatalf("viewer subscribe section = %+v", viewer)
	}
	tb.eval(`(() => { const f = document.createElement("form"); f.method = "post"; f.action = location.pathname + "/subscribe";
		for (const [k, v] of [["kind", "team_overlap"], ["csrf", document.querySelector("input[name=csrf]").value]]) {
			const i = document.createElement("input"); i.type = "hidden"; i.name = k; i.value = v; f.appendChild(i); }
		document.body.appendChild(f); f.submit(); return true; })()`, new(bool))
	tb.waitFor(`document.getElementById("error-message") !== null`)
	if got := tb.text("#error-message"); !strings.Contains(got, "Only managers") {
		t.Fatalf("viewer posting the subscribe form sees %q", got)
	}
	feeds, err := f.env.Store.ListFeeds(context.Background(), f.env.OrgID, store.Page{Limit: 10})
	if err != nil || len(feeds) != 2 {
		t.Fatalf("feeds = %d, %v; want the manager's 2", len(feeds), err)
	}
	tb.noConsoleErrors("/subscribe")
}

func (tb *tab) checkNow(t *testing.T) {
	t.Helper()
	var rows []string
	tb.eval(`Array.from(document.querySelectorAll("tr.member-now")).map(r => r.innerText.replace(/\s+/g, " "))`, &rows)
	want := map[string][]string{
		"Carla": {"Europe/Berlin (CEST)", "Sun 14:10 CEST", "busy", "on call", "by "},
		"Liam":  {"Europe/London (BST)", "Sun 13:10 BST", "working", "now"},
		"Nora":  {"America/New_York (EDT)", "Sun 08:10 EDT", "working", "now"},
		"Ravi":  {"Asia/Kolkata (IST)", "Sun 17:40 IST", "working", "now"},
	}
	if len(rows) != len(want) {
		t.Fatalf("now panel rows = %q", rows)
	}
	for _, r := range rows {
		name := strings.Fields(r)[0]
		for _, w := range want[name] {
			if !strings.Contains(r, w) {
				t.Errorf("now panel %s: %q lacks %q", name, r, w)
			}
		}
	}
	if got := tb.text("#on-call-now"); !strings.HasPrefix(got, "Carla until Mon 30 Mar 09:00 CEST") {
		t.Errorf("on call now = %q", got)
	}
}

// checkTimeline compares the drawn overlap windows with the JSON overlap of
// the same local day, as positions on the axis.
func (tb *tab) checkTimeline(t *testing.T, f *fixture) {
	t.Helper()
	from, to := "2026-03-28T23:00:00Z", "2026-03-29T22:00:00Z" // Sunday in Berlin: 23 hours
	r := f.env.Do("GET", "/v1/teams/"+f.team+"/overlap?from="+from+"&to="+to, f.env.Viewer, nil)
	want(t, r, 200)
	var api overlapJSON
	r.JSON(t, &api)
	if len(api.Windows) != 2 {
		t.Fatalf("fixture: JSON overlap = %+v", api.Windows)
	}
	var drawn []struct {
		Start, End        string
		X, W              float64
		Left, Width, Unit float64
	}
	tb.eval(`Array.from(document.querySelectorAll("#timeline rect.overlap")).map(r => {
		const svg = r.ownerSVGElement.getBoundingClientRect(), b = r.getBoundingClientRect();
		return {Start: r.dataset.start, End: r.dataset.end, X: +r.getAttribute("x"), W: +r.getAttribute("width"),
			Left: b.left - svg.left, Width: b.width, Unit: svg.width / r.ownerSVGElement.viewBox.baseVal.width};
	})`, &drawn)
	if len(drawn) != len(api.Windows) {
		t.Fatalf("timeline draws %d windows, the API has %d", len(drawn), len(api.Windows))
	}
	t0, _ := time.Parse(time.RFC3339, from)
	t1, _ := time.Parse(time.RFC3339, to)
	const left, plot = 210.0, 740.0
	for i, w := range api.Windows {
		s, _ := time.Parse(time.RFC3339, w.Start)
		e, _ := time.Parse(time.RFC3339, w.End)
		x0 := left + plot*s.Sub(t0).Seconds()/t1.Sub(t0).Seconds()
		x1 := left + plot*e.Sub(t0).Seconds()/t1.Sub(t0).Seconds()
		d := drawn[i]
		if d.Start != w.Start || d.End != w.End {
			t.Errorf("window %d drawn %s–%s, API %s–%s", i, d.Start, d.End, w.Start, w.End)
		}
		// What the eye sees: the box on screen, in SVG units.
		if math.Abs(d.Left/d.Unit-x0) > 0.5 || math.Abs(d.Width/d.Unit-(x1-x0)) > 0.5 || math.Abs(d.X-x0) > 0.01 {
			t.Errorf("window %d at x=%.2f (screen %.2f) width %.2f, want x=%.2f width %.2f", i, d.X, d.Left/d.Unit, d.Width/d.Unit, x0, x1-x0)
		}
	}
	got := tb.text("#timeline")
	for _, w := range []string{"Times in Europe/Berlin", "CET → CEST", "Carla", "Asia/Kolkata", "America/New_York"} {
		if !strings.Contains(got, w) {
			t.Errorf("timeline lacks %q", w)
		}
	}
	if got := tb.text("#day-windows"); got != "13:00 CEST – 14:00 CEST (1 h), 14:30 CEST – 16:30 CEST (2 h)" {
		t.Errorf("day windows = %q", got)
	}
}

// checkHeatmap compares every cell with the JSON heatmap of the same week.
func (tb *tab) checkHeatmap(t *testing.T, f *fixture) {
	t.Helper()
	r := f.env.Do("GET", "/v1/teams/"+f.team+"/analytics/heatmap?from=2026-03-22T23:00:00Z&to=2026-03-29T22:00:00Z&tz=Europe/Berlin", f.env.Viewer, nil)
	want(t, r, 200)
	var api heatJSON
	r.JSON(t, &api)
	var cells []struct {
		Day  string
		Hour int
		Mean float64
	}
	tb.eval(`Array.from(document.querySelectorAll("#heatmap rect.cell")).map(c => ({Day: c.dataset.day, Hour: +c.dataset.hour, Mean: +c.dataset.mean}))`, &cells)
	if len(cells) != 168 || len(api.Cells) != 168 {
		t.Fatalf("heatmap cells: drawn %d, API %d", len(cells), len(api.Cells))
	}
	for i, c := range api.Cells {
		if d := cells[i]; !strings.EqualFold(d.Day, c.Weekday) || d.Hour != c.Hour || math.Abs(d.Mean-c.MeanAvailable) > 0.001 {
			t.Errorf("heatmap cell %d drawn %+v, API %+v", i, d, c)
		}
	}
}
