package fetch

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"code.dny.dev/ssrf"
)

// TestProductionWiringBlocksLoopback uses New exactly as cmd/overlap does
// (no Dialer, no AllowPrivate) against a live loopback server.
func TestProductionWiringBlocksLoopback(t *testing.T) {
	var hits atomic.Int32
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		serveCalendar(calendar)(w, r)
	})
	_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())
	tests := []struct {
		name string
		cfg  Config
		url  string
		want error
	}{
		{"defaults", Config{}, srv.URL, ssrf.ErrProhibitedPort},
		// With the port check lifted, the address check must still refuse.
		{"any port, IPv4 loopback", Config{GuardOptions: []ssrf.Option{ssrf.WithAnyPort()}}, srv.URL, ssrf.ErrProhibitedIP},
		{"any port, localhost name", Config{GuardOptions: []ssrf.Option{ssrf.WithAnyPort()}}, "http://localhost:" + port, ssrf.ErrProhibitedIP},
		{"any port, IPv4-mapped IPv6", Config{GuardOptions: []ssrf.Option{ssrf.WithAnyPort()}}, "http://[::ffff:127.0.0.1]:" + port, ssrf.ErrProhibitedIP},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fe := fetchErr(t, New(tt.cfg), tt.url, CodeBlockedAddress)
			if fe.Temporary {
				t.Error("blocked_address should not be temporary")
			}
			if !errors.Is(fe, tt.want) {
				t.Errorf("errors.Is(err, %v) = false", tt.want)
			}
			assertNoLeak(t, fe.Error(), "127.0.0.1", "::1", "ffff", port)
		})
	}
	if hits.Load() != 0 {
		t.Errorf("the loopback server was reached %d times", hits.Load())
	}
}

// TestRedirectToPrivateBlocked lets a test-only dialer connect the first hop
// (standing in for a public host) and hands every other connection to the
// production guarded dialer, which must refuse the redirect to loopback.
func TestRedirectToPrivateBlocked(t *testing.T) {
	var privateHits atomic.Int32
	private := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		privateHits.Add(1)
		serveCalendar(calendar)(w, r)
	})
	_, privatePort, _ := net.SplitHostPort(private.Listener.Addr().String())
	public := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		if target := r.URL.Query().Get("to"); target != "" {
			http.Redirect(w, r, target, http.StatusFound)
			return
		}
		serveCalendar(calendar)(w, r)
	})
	guarded := newDialer(true, ssrf.WithAnyPort())
	dial := func(ctx context.Context, network, addr string) (net.Conn, error) {
		if addr == "public.test:80" {
			var d net.Dialer
			return d.DialContext(ctx, network, public.Listener.Addr().String())
		}
		return guarded(ctx, network, addr)
	}
	c := New(Config{Dialer: dial})

	// Control: a redirect that stays on the "public" host is followed.
	ok := "http://public.test/?to=" + url.QueryEscape("http://public.test/cal.ics")
	if _, err := c.Fetch(context.Background(), Request{URL: ok}); err != nil {
		t.Fatalf("redirect within the public host: %v", err)
	}
	for _, target := range []string{private.URL + "/cal.ics", "http://localhost:" + privatePort + "/cal.ics"} {
		t.Run(target, func(t *testing.T) {
			u := "http://public.test/?to=" + url.QueryEscape(target)
			fe := fetchErr(t, c, u, CodeBlockedAddress)
			if strings.Contains(fe.Error(), "127.0.0.1") || strings.Contains(fe.Error(), privatePort) {
				t.Errorf("message reveals the internal address: %q", fe.Error())
			}
		})
	}
	if privateHits.Load() != 0 {
		t.Errorf("the private server was reached %d times", privateHits.Load())
	}
}

// TestGuardDeniesSpecialRanges checks the guard New installs against the
// ranges the brief names. It calls the Control function directly, so no
// packet ever leaves for these addresses.
func TestGuardDeniesSpecialRanges(t *testing.T) {
	g := newGuard()
	denied := []string{
		"127.0.0.1:80", "127.1.2.3:443", "[::1]:443", // loopback
		"10.0.0.1:80", "172.16.5.4:443", "192.168.1.1:80", "[fc00::1]:443", // private
		"169.254.169.254:80", "[fe80::1]:80", // link-local, cloud metadata
		"100.64.0.1:80", "100.127.255.254:443", // CGNAT
		"224.0.0.1:80", "[ff02::1]:80", // multicast
		"0.0.0.0:80", "[::]:80", // unspecified
		"255.255.255.255:80", "240.0.0.1:80", "192.0.2.1:443", // reserved, documentation
		"[::ffff:127.0.0.1]:80", "[::ffff:169.254.169.254]:80", "[::ffff:10.0.0.1]:443", // IPv4-mapped
		"[64:ff9b::7f00:1]:80", // NAT64 of 127.0.0.1
		"8.8.8.8:22",           // public, but not a web port
	}
	for _, addr := range denied {
		network := "tcp4"
		if strings.HasPrefix(addr, "[") {
			network = "tcp6"
		}
		if err := g.Safe(network, addr, nil); err == nil {
			t.Errorf("guard allows %s", addr)
		}
	}
	for _, addr := range []string{"8.8.8.8:443", "93.184.216.34:80", "[2606:4700::1111]:443"} {
		network := map[bool]string{true: "tcp6", false: "tcp4"}[strings.HasPrefix(addr, "[")]
		if err := g.Safe(network, addr, nil); err != nil {
			t.Errorf("guard denies public %s: %v", addr, err)
		}
	}
	if err := g.Safe("udp4", "8.8.8.8:443", nil); err == nil {
		t.Error("guard allows udp")
	}
}

// TestIgnoresEnvironmentProxy: a proxy would make the connection on our
// behalf, so the guard would vet the proxy instead of the feed's address.
func TestIgnoresEnvironmentProxy(t *testing.T) {
	var proxyHits atomic.Int32
	proxy := newServer(t, func(w http.ResponseWriter, _ *http.Request) {
		proxyHits.Add(1)
		http.Error(w, "proxied", http.StatusBadGateway)
	})
	t.Setenv("HTTP_PROXY", proxy.URL)
	t.Setenv("HTTPS_PROXY", proxy.URL)
	t.Setenv("NO_PROXY", "")
	public := newServer(t, serveCalendar(calendar))
	dial := func(ctx context.Context, network, addr string) (net.Conn, error) {
		var d net.Dialer
		if addr == "public.test:80" {
			return d.DialContext(ctx, network, public.Listener.Addr().String())
		}
		return nil, errors.New("unexpected dial to " + addr)
	}
	if _, err := New(Config{Dialer: dial}).Fetch(context.Background(), Request{URL: "http://public.test/cal.ics"}); err != nil {
		t.Fatal(err)
	}
	if proxyHits.Load() != 0 {
		t.Errorf("the environment proxy was used %d times", proxyHits.Load())
	}
}
