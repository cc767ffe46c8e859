package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestHealthcheck(t *testing.T) {
	s := startServer(t, map[string]string{"OVERLAP_DATA_DIR": t.TempDir()})
	addr := strings.TrimPrefix(s.base, "http://")
	_, port, _ := strings.Cut(addr, ":")
	ctx := context.Background()
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	ok := []struct {
		name string
		args []string
		env  map[string]string
	}{
		{"OVERLAP_ADDR", nil, map[string]string{"OVERLAP_ADDR": addr}},
		{"wildcard host", nil, map[string]string{"OVERLAP_ADDR": ":" + port}},
		{"--addr", []string{"--addr", "0.0.0.0:" + port}, nil},
		{"--url", []string{"--url", s.base + "/readyz"}, nil},
	}
	for _, tt := range ok {
		var out bytes.Buffer
		if err := run(ctx, append([]string{"healthcheck"}, tt.args...), env(tt.env), &out, io.Discard); err != nil || strings.TrimSpace(out.String()) != "ready" {
			t.Errorf("%s: healthcheck = %v, %q; want ready", tt.name, err, out.String())
		}
	}

	notReady := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	defer notReady.Close()
	fail := []struct {
		name string
		args []string
		env  map[string]string
	}{
		{"not ready", []string{"--url", notReady.URL + "/readyz"}, nil},
		{"not found", []string{"--url", s.base + "/nowhere"}, nil},
		{"nobody listening", nil, map[string]string{"OVERLAP_ADDR": freeAddr(t)}},
		{"bad address", []string{"--addr", "nonsense"}, nil},
	}
	for _, tt := range fail {
		if err := run(ctx, append([]string{"healthcheck"}, tt.args...), env(tt.env), io.Discard, io.Discard); err == nil {
			t.Errorf("%s: healthcheck succeeded", tt.name)
		}
	}
	// Once the server stops, the check fails.
	s.stop(t)
	if err := run(ctx, []string{"healthcheck", "--url", s.base + "/readyz"}, env(nil), io.Discard, io.Discard); err == nil {
		t.Error("healthcheck of a stopped server succeeded")
	}
}

func TestMetricsOptions(t *testing.T) {
	const token = "metrics-secret-0123456789"
	metrics := freeAddr(t)
	s := startServer(t, map[string]string{"OVERLAP_DATA_DIR": t.TempDir(), "OVERLAP_METRICS_ADDR": metrics, "OVERLAP_METRICS_TOKEN": token})
	get := func(url, auth string) int {
		t.Helper()
		req, _ := http.NewRequest("GET", url, nil)
		if auth != "" {
			req.Header.Set("Authorization", "Bearer "+auth)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if code := get(s.base+"/metrics", token); code != 404 {
		t.Errorf("/metrics on the API address: %d, want 404", code)
	}
	if code := get("http://"+metrics+"/metrics", ""); code != 401 {
		t.Errorf("/metrics without the token: %d, want 401", code)
	}
	if code := get("http://"+metrics+"/metrics", token); code != 200 {
		t.Errorf("/metrics with the token: %d, want 200", code)
	}

	err := run(context.Background(), []string{"serve"}, func(k string) string {
		return map[string]string{"OVERLAP_DATA_DIR": t.TempDir(), "OVERLAP_METRICS_TOKEN": "short"}[k]
	}, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "OVERLAP_METRICS_TOKEN") {
		t.Errorf("a short metrics token: %v", err)
	}
}

func TestTrustedProxiesConfig(t *testing.T) {
	tests := []struct {
		value string
		want  []string
		err   bool
	}{
		{"", nil, false},
		{"10.0.0.0/8", []string{"10.0.0.0/8"}, false},
		{" 10.1.2.3/8 , 192.0.2.7, 2001:db8::/32 ,::1", []string{"10.0.0.0/8", "192.0.2.7/32", "2001:db8::/32", "::1/128"}, false},
		{"10.0.0.0/8,banana", nil, true},
		{"10.0.0.0/33", nil, true},
	}
	for _, tt := range tests {
		c := envDefaults(func(k string) string { return map[string]string{"OVERLAP_TRUSTED_PROXIES": tt.value}[k] })
		err := c.validate()
		if (err != nil) != tt.err {
			t.Errorf("%q: error %v, want error %v", tt.value, err, tt.err)
			continue
		}
		var got []string
		for _, n := range c.TrustedProxies {
			got = append(got, n.String())
		}
		if !tt.err && strings.Join(got, " ") != strings.Join(tt.want, " ") {
			t.Errorf("%q: %v, want %v", tt.value, got, tt.want)
		}
	}
}
