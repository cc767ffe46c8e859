package main

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// The web view is wired into `overlap serve`: sign in with the printed token
// over plain HTTP behind an https public URL (cookies are Secure then).
func TestServeMountsTheWebView(t *testing.T) {
	s := startServer(t, map[string]string{"OVERLAP_DATA_DIR": t.TempDir(), "OVERLAP_PUBLIC_URL": "https://overlap.example"})
	token := tokenRE.FindString(s.stderr.String())
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Get(s.base + "/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Content-Security-Policy"), "script-src 'self'") || !strings.Contains(string(body), `name="token"`) {
		t.Fatalf("GET / = %d %v", resp.StatusCode, resp.Header)
	}
	csrf := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindStringSubmatch(string(body))
	// The jar keeps the sign-in cookie only for plain http; send it by hand.
	req, _ := http.NewRequest("POST", s.base+"/sign-in", strings.NewReader(url.Values{"csrf": {csrf[1]}, "token": {token}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for _, ck := range resp.Cookies() {
		req.AddCookie(ck)
	}
	resp, err = c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	var secure bool
	for _, ck := range resp.Cookies() {
		secure = secure || (ck.Name == "overlap_session" && ck.Secure && ck.HttpOnly)
	}
	if resp.StatusCode != http.StatusSeeOther || !secure {
		t.Fatalf("sign-in = %d, cookies %v", resp.StatusCode, resp.Header.Values("Set-Cookie"))
	}
	s.stop(t)
	if strings.Count(s.stderr.String(), token) != 1 {
		t.Fatal("the token reached the log")
	}
}
