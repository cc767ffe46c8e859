package main

import (
	"io"
	"log/slog"
	"net/http"
	"testing"
)

func TestPprofAddr(t *testing.T) {
	for in, want := range map[string]string{
		"": "", "6060": "127.0.0.1:6060", ":6060": "127.0.0.1:6060",
		"0.0.0.0:6060": "0.0.0.0:6060", "localhost:7070": "localhost:7070",
	} {
		if got := pprofAddr(in); got != want {
			t.Errorf("pprofAddr(%q) = %q, want %q", in, got, want)
		}
	}
	if envDefaults(func(string) string { return "" }).PprofAddr != "" {
		t.Error("pprof is on without OVERLAP_PPROF_ADDR")
	}
}

func TestPprofServes(t *testing.T) {
	addr, err := startPprof(t.Context(), "127.0.0.1:0", slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.Get("http://" + addr + "/debug/pprof/cmdline")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /debug/pprof/cmdline = %d", resp.StatusCode)
	}
	if resp, err := http.Get("http://" + addr + "/v1/teams"); err == nil && resp.StatusCode != http.StatusNotFound {
		t.Fatalf("the pprof address serves the API: %d", resp.StatusCode)
	}
}
