package api_test

import (
	"net"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/overlap/overlap/api"
	"github.com/overlap/overlap/api/apitest"
)

// feedFrom asks for a feed as a client at peer sending X-Forwarded-For xff.
func feedFrom(e *apitest.Env, path, peer, xff string) int {
	e.T.Helper()
	req := httptest.NewRequest("GET", "http://localhost:8080"+path, nil)
	req.RemoteAddr = peer + ":40000"
	if xff != "" {
		req.Header.Set("X-Forwarded-For", xff)
		req.Header.Set("X-Real-IP", strings.Split(xff, ",")[0])
	}
	return e.Send(req).Status
}

func TestForwardedForTrustedOnlyFromProxies(t *testing.T) {
	const perIP = 3
	t.Run("no trusted proxies", func(t *testing.T) {
		e := apitest.NewWith(t, "sqlite", nil, func(c *api.Config) { c.FeedRatePerIP, c.FeedRatePerToken = perIP, 1000 })
		f := newTeamFixture(t, e)
		_, path := createFeed(t, e, map[string]any{"kind": "member_busy", "member_id": f.ber})
		// A client forging a new address on every request still shares
		// its peer's bucket.
		for i := range perIP {
			if got := feedFrom(e, path, "192.0.2.10", "203.0.113."+string(rune('1'+i))); got != 200 {
				t.Fatalf("request %d: %d", i, got)
			}
		}
		if got := feedFrom(e, path, "192.0.2.10", "198.51.100.99"); got != 429 {
			t.Fatalf("forged X-Forwarded-For escaped the per-address limit: %d", got)
		}
		// Nor can it exhaust another client's bucket by naming it.
		if got := feedFrom(e, path, "192.0.2.11", ""); got != 200 {
			t.Fatalf("another client: %d", got)
		}
	})
	t.Run("trusted proxy", func(t *testing.T) {
		_, proxies, _ := net.ParseCIDR("10.0.0.0/8")
		e := apitest.NewWith(t, "sqlite", nil, func(c *api.Config) {
			c.FeedRatePerIP, c.FeedRatePerToken, c.TrustedProxies = perIP, 1000, []*net.IPNet{proxies}
		})
		f := newTeamFixture(t, e)
		_, path := createFeed(t, e, map[string]any{"kind": "member_busy", "member_id": f.ber})
		// Through the proxy, each forwarded client has its own bucket.
		for i := range perIP + 2 {
			if got := feedFrom(e, path, "10.1.2.3", "203.0.113."+string(rune('1'+i))); got != 200 {
				t.Fatalf("client %d behind the proxy: %d", i, got)
			}
		}
		// The rightmost untrusted address is the client: what the client
		// itself put in front is not believed.
		for i := range perIP {
			if got := feedFrom(e, path, "10.1.2.3", "198.51.100."+string(rune('1'+i))+", 203.0.113.50"); got != 200 {
				t.Fatalf("request %d of 203.0.113.50: %d", i, got)
			}
		}
		if got := feedFrom(e, path, "10.1.2.3", "203.0.113.50"); got != 429 {
			t.Fatalf("one client behind the proxy is not limited: %d", got)
		}
		// A peer outside the trusted ranges is its own client.
		if got := feedFrom(e, path, "192.0.2.10", "203.0.113.50"); got != 200 {
			t.Fatalf("untrusted peer naming a limited client: %d", got)
		}
	})
}

func TestSecurityHeaders(t *testing.T) {
	e := apitest.New(t, "sqlite", nil)
	f := newTeamFixture(t, e)
	secret := map[string]*apitest.Response{}
	secret["token create"] = e.Do("POST", "/v1/tokens", e.Admin, map[string]any{"name": "ci", "role": "viewer"})
	secret["feed create"] = e.Do("POST", "/v1/feeds", e.Manager, map[string]any{"kind": "member_busy", "member_id": f.ber})
	id := secret["feed create"].Map(t)["id"].(string)
	path := strings.TrimPrefix(secret["feed create"].Map(t)["url"].(string), "https://overlap.test")
	secret["feed rotate"] = e.Do("POST", "/v1/feeds/"+id+"/rotate", e.Manager, nil)
	for name, r := range secret {
		if r.Status >= 300 || r.Header.Get("Cache-Control") != "no-store" {
			t.Errorf("%s: status %d, Cache-Control %q, want no-store", name, r.Status, r.Header.Get("Cache-Control"))
		}
	}
	path = strings.TrimPrefix(secret["feed rotate"].Map(t)["url"].(string), "https://overlap.test")
	all := map[string]*apitest.Response{
		"healthz":     e.Do("GET", "/healthz", "", nil),
		"metrics":     e.Do("GET", "/metrics", "", nil),
		"list":        e.Do("GET", "/v1/feeds", e.Viewer, nil),
		"401":         e.Do("GET", "/v1/members", "", nil),
		"404 route":   e.Do("GET", "/nowhere", "", nil),
		"feed":        e.Do("GET", path, "", nil),
		"feed 404":    e.Do("GET", "/ical/ovf_unknown.ics", "", nil),
		"validation":  e.Do("POST", "/v1/members", e.Manager, map[string]any{"name": ""}),
		"token issue": secret["token create"],
	}
	for name, r := range all {
		if r.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s (%d): X-Content-Type-Options %q", name, r.Status, r.Header.Get("X-Content-Type-Options"))
		}
	}
	if cc := all["list"].Header.Get("Cache-Control"); cc == "no-store" {
		t.Errorf("a list without secrets is no-store")
	}
}

func TestMetricsProtection(t *testing.T) {
	t.Run("open by default", func(t *testing.T) {
		e := apitest.New(t, "sqlite", nil)
		r := e.Do("GET", "/metrics", "", nil)
		wantStatus(t, r, 200)
		if !strings.Contains(string(r.Body), "go_goroutines") {
			t.Fatalf("metrics body: %.300s", r.Body)
		}
	})
	t.Run("bearer token", func(t *testing.T) {
		const token = "metrics-secret-0123456789"
		e := apitest.NewWith(t, "sqlite", nil, func(c *api.Config) { c.MetricsToken = token })
		wantProblem(t, e.Do("GET", "/metrics", "", nil), 401, "unauthorized")
		wantProblem(t, e.Do("GET", "/metrics", token+"x", nil), 401, "unauthorized")
		wantProblem(t, e.Do("GET", "/metrics", e.Admin, nil), 401, "unauthorized") // an API token is not the metrics token
		wantStatus(t, e.Do("GET", "/metrics", token, nil), 200)
	})
	t.Run("separate address", func(t *testing.T) {
		const token = "metrics-secret-0123456789"
		e := apitest.NewWith(t, "sqlite", nil, func(c *api.Config) { c.MetricsAddr, c.MetricsToken = "127.0.0.1:0", token })
		if r := e.Do("GET", "/metrics", token, nil); r.Status != 404 {
			t.Fatalf("/metrics on the API address: %d", r.Status)
		}
		h := e.Server.MetricsHandler()
		for _, tt := range []struct {
			path, auth string
			want       int
		}{
			{"/metrics", "Bearer " + token, 200},
			{"/metrics", "", 401},
			{"/v1/members", "Bearer " + e.Admin, 404},
			{"/healthz", "", 404},
		} {
			req := httptest.NewRequest("GET", tt.path, nil)
			if tt.auth != "" {
				req.Header.Set("Authorization", tt.auth)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != tt.want || rec.Header().Get("X-Content-Type-Options") != "nosniff" {
				t.Errorf("%s on the metrics address: %d %v, want %d", tt.path, rec.Code, rec.Header(), tt.want)
			}
		}
		req := httptest.NewRequest("GET", "/metrics", nil)
		req.Header.Set("Authorization", "Bearer "+token)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if !strings.Contains(rec.Body.String(), "overlap_http_requests_total") {
			t.Errorf("the metrics address does not serve the API's metrics: %.300s", rec.Body.String())
		}
	})
}
