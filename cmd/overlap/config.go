package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"runtime/debug"
	"strings"
	"time"
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
}

// envDefaults reads the environment; flags registered by bind override it.
func envDefaults(getenv func(string) string) config {
	c := config{
		DatabaseURL:     getenv("DATABASE_URL"),
		DataDir:         or(getenv("OVERLAP_DATA_DIR"), "./data"),
		Addr:            or(getenv("OVERLAP_ADDR"), ":8080"),
		PublicURL:       getenv("OVERLAP_PUBLIC_URL"),
		LogLevel:        or(getenv("OVERLAP_LOG_LEVEL"), "info"),
		BootstrapToken:  getenv("OVERLAP_BOOTSTRAP_TOKEN"),
		ShutdownTimeout: 20 * time.Second,
	}
	return c
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
	if c.BootstrapToken != "" && len(c.BootstrapToken) < 16 {
		return errors.New("OVERLAP_BOOTSTRAP_TOKEN must have at least 16 characters")
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

func parse(fs *flag.FlagSet, args []string, stderr io.Writer) error {
	fs.SetOutput(stderr)
	return fs.Parse(args)
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
