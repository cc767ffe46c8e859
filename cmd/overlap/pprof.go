package main

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"strings"
	"time"
)

// pprofAddr is where OVERLAP_PPROF_ADDR asks profiles to be served: "" is
// off; a bare port ("6060" or ":6060") is loopback only, since profiles show
// the program's memory and must not face the network by accident.
func pprofAddr(v string) string {
	v = strings.TrimSpace(v)
	switch {
	case v == "":
		return ""
	case !strings.Contains(v, ":"):
		return "127.0.0.1:" + v
	case strings.HasPrefix(v, ":"):
		return "127.0.0.1" + v
	}
	return v
}

// startPprof serves net/http/pprof on addr, apart from the API, until ctx
// ends. It returns the address it listens on.
func startPprof(ctx context.Context, addr string, log *slog.Logger) (string, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return "", err
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		srv.Close()
	}()
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("pprof server stopped", "err", err)
		}
	}()
	log.Info("serving pprof", "addr", ln.Addr().String())
	return ln.Addr().String(), nil
}
