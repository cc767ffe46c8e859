package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/overlap/overlap/api"
)

// config is everything the commands read from the environment and flags.
type config struct {
	DatabaseURL     string
	DataDir         string
	Addr            string
	PublicURL       string
	LogLevel        string
	BootstrapToken  string
	ShutdownTimeout time.Duration
	errs            []error

	FeedAllowPrivate bool          // OVERLAP_FEED_ALLOW_PRIVATE: let feeds reach private addresses
	FeedWorkers      int           // OVERLAP_FEED_WORKERS: concurrent refreshes per replica
	FeedPast         time.Duration // OVERLAP_FEED_PAST: stored window before now
	FeedAhead        time.Duration // OVERLAP_FEED_AHEAD: stored window after now
	FeedTimeout      time.Duration // OVERLAP_FEED_TIMEOUT: one fetch
	RequestTimeout   time.Duration // OVERLAP_REQUEST_TIMEOUT: every request's deadline
	FeedMaxBytes     int64         // OVERLAP_FEED_MAX_BYTES: one body, after decompression
	Refresh          bool          // OVERLAP_REFRESH: run the background refresher (default true)
	FeedRatePerIP    int           // OVERLAP_ICAL_RATE_PER_IP: /ical requests a minute per client address
	FeedRatePerToken int           // OVERLAP_ICAL_RATE_PER_TOKEN: /ical requests a minute per feed token
	TrustedProxies   []*net.IPNet  // OVERLAP_TRUSTED_PROXIES: CIDRs whose X-Forwarded-For is believed
	MetricsToken     string        // OVERLAP_METRICS_TOKEN: bearer token /metrics requires
	MetricsAddr      string        // OVERLAP_METRICS_ADDR: serve /metrics only there
	PprofAddr        string        // OVERLAP_PPROF_ADDR: serve net/http/pprof there (a bare port is loopback); off when empty
}

// envDefaults reads the environment; flags registered by bind override it.
func envDefaults(getenv func(string) string) config {
	c := config{
		DatabaseURL:      getenv("DATABASE_URL"),
		DataDir:          or(getenv("OVERLAP_DATA_DIR"), "./data"),
		Addr:             or(getenv("OVERLAP_ADDR"), ":8080"),
		PublicURL:        getenv("OVERLAP_PUBLIC_URL"),
		LogLevel:         or(getenv("OVERLAP_LOG_LEVEL"), "info"),
		BootstrapToken:   getenv("OVERLAP_BOOTSTRAP_TOKEN"),
		MetricsToken:     getenv("OVERLAP_METRICS_TOKEN"),
		MetricsAddr:      getenv("OVERLAP_METRICS_ADDR"),
		PprofAddr:        pprofAddr(getenv("OVERLAP_PPROF_ADDR")),
		ShutdownTimeout:  20 * time.Second,
		FeedWorkers:      4,
		FeedPast:         30 * 24 * time.Hour,
		FeedAhead:        365 * 24 * time.Hour,
		FeedTimeout:      30 * time.Second,
		RequestTimeout:   api.DefaultRequestTimeout,
		FeedMaxBytes:     10 << 20,
		Refresh:          true,
		FeedRatePerIP:    120,
		FeedRatePerToken: 60,
	}
	c.errs = append(c.errs,
		envBool(getenv, "OVERLAP_FEED_ALLOW_PRIVATE", &c.FeedAllowPrivate),
		envBool(getenv, "OVERLAP_REFRESH", &c.Refresh),
		envInt(getenv, "OVERLAP_FEED_WORKERS", &c.FeedWorkers),
		envInt(getenv, "OVERLAP_ICAL_RATE_PER_IP", &c.FeedRatePerIP),
		envInt(getenv, "OVERLAP_ICAL_RATE_PER_TOKEN", &c.FeedRatePerToken),
		envInt64(getenv, "OVERLAP_FEED_MAX_BYTES", &c.FeedMaxBytes),
		envDuration(getenv, "OVERLAP_FEED_PAST", &c.FeedPast),
		envDuration(getenv, "OVERLAP_FEED_AHEAD", &c.FeedAhead),
		envDuration(getenv, "OVERLAP_FEED_TIMEOUT", &c.FeedTimeout),
		envCIDRs(getenv, "OVERLAP_TRUSTED_PROXIES", &c.TrustedProxies),
		envDuration(getenv, "OVERLAP_REQUEST_TIMEOUT", &c.RequestTimeout),
	)
	return c
}

func envBool(getenv func(string) string, key string, dst *bool) error {
	if v := getenv(key); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return fmt.Errorf("%s=%q: use true or false", key, v)
		}
		*dst = b
	}
	return nil
}

func envInt(getenv func(string) string, key string, dst *int) error {
	var n int64 = int64(*dst)
	err := envInt64(getenv, key, &n)
	*dst = int(n)
	return err
}

func envInt64(getenv func(string) string, key string, dst *int64) error {
	if v := getenv(key); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n <= 0 {
			return fmt.Errorf("%s=%q: use a positive whole number", key, v)
		}
		*dst = n
	}
	return nil
}

func envDuration(getenv func(string) string, key string, dst *time.Duration) error {
	if v := getenv(key); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			return fmt.Errorf("%s=%q: use a Go duration such as 30s, 720h", key, v)
		}
		*dst = d
	}
	return nil
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// bindDB registers the database flags.
func (c *config) bindDB(fs *flag.FlagSet) {
	fs.StringVar(&c.DatabaseURL, "database-url", c.DatabaseURL, "postgres:// URL; empty uses embedded SQLite (env DATABASE_URL)")
	fs.StringVar(&c.DataDir, "data-dir", c.DataDir, "directory of the SQLite database (env OVERLAP_DATA_DIR)")
	fs.StringVar(&c.LogLevel, "log-level", c.LogLevel, "debug, info, warn or error (env OVERLAP_LOG_LEVEL)")
}

func (c *config) sqlitePath() string { return filepath.Join(c.DataDir, "overlap.db") }

func (c *config) validate() error {
	if err := errors.Join(c.errs...); err != nil {
		return err
	}
	if c.BootstrapToken != "" && len(c.BootstrapToken) < 16 {
		return errors.New("OVERLAP_BOOTSTRAP_TOKEN must have at least 16 characters")
	}
	if c.MetricsToken != "" && len(c.MetricsToken) < 16 {
		return errors.New("OVERLAP_METRICS_TOKEN must have at least 16 characters")
	}
	if c.PublicURL != "" && !strings.HasPrefix(c.PublicURL, "http://") && !strings.HasPrefix(c.PublicURL, "https://") {
		return errors.New("OVERLAP_PUBLIC_URL must start with http:// or https://")
	}
	c.PublicURL = strings.TrimRight(c.PublicURL, "/")
	return nil
}

func newLogger(level string, w io.Writer) (*slog.Logger, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		return nil, fmt.Errorf("log level %q: use debug, info, warn or error", level)
	}
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: l})), nil
}

// version is the module version, or the VCS revision of a development build.
func version() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "dev"
	}
	if v := bi.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	for _, s := range bi.Settings {
		if s.Key == "vcs.revision" && len(s.Value) >= 12 {
			return "dev-" + s.Value[:12]
		}
	}
	return "dev"
}
