package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"sync"

	"code.dny.dev/ssrf"

	"github.com/overlap/overlap"
	"github.com/overlap/overlap/api"
	"github.com/overlap/overlap/calendars"
	"github.com/overlap/overlap/calendars/fetch"
	"github.com/overlap/overlap/calendars/ical"
	"github.com/overlap/overlap/store"
	"github.com/overlap/overlap/store/gormstore"
	"github.com/overlap/overlap/web"
)

func serve(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg := envDefaults(getenv)
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	cfg.bindDB(fs)
	fs.StringVar(&cfg.Addr, "addr", cfg.Addr, "listen address (env OVERLAP_ADDR)")
	fs.StringVar(&cfg.PublicURL, "public-url", cfg.PublicURL, "base URL for links (env OVERLAP_PUBLIC_URL)")
	fs.DurationVar(&cfg.ShutdownTimeout, "shutdown-timeout", cfg.ShutdownTimeout, "how long in-flight requests may take at shutdown")
	if err := parse(fs, args, stdout); err != nil {
		return err
	}
	if err := cfg.validate(); err != nil {
		return err
	}
	log, err := newLogger(cfg.LogLevel, stderr)
	if err != nil {
		return err
	}
	db, err := openDB(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer db.Close()
	importer, refresher := newImport(cfg, db, log)
	if cfg.MetricsToken == "" && cfg.MetricsAddr == "" {
		log.Info("/metrics is open to anyone who reaches the API address; set OVERLAP_METRICS_TOKEN or OVERLAP_METRICS_ADDR to restrict it")
	}
	srv := api.New(api.Config{Store: db, Calendars: importer, Logger: log, OpenAPI: overlap.OpenAPI, PublicURL: cfg.PublicURL, Version: version(),
		FeedRatePerIP: cfg.FeedRatePerIP, FeedRatePerToken: cfg.FeedRatePerToken,
		TrustedProxies: cfg.TrustedProxies, MetricsToken: cfg.MetricsToken, MetricsAddr: cfg.MetricsAddr,
		RequestTimeout: cfg.RequestTimeout, ImportTimeout: cfg.RequestTimeout + cfg.FeedTimeout})
	view, err := web.New(web.Config{Store: db, Planner: srv.Planner(), Stale: importer.Stale, PublicURL: cfg.PublicURL, Logger: log,
		NewFeedToken: api.NewFeedToken, HashToken: api.HashToken})
	if err != nil {
		return err
	}
	srv.Mount(view.Mount)

	// The refresher stops with ctx (or when the server fails to start); serve
	// waits for it before closing the database.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	if cfg.PprofAddr != "" {
		if _, err := startPprof(ctx, cfg.PprofAddr, log); err != nil {
			return fmt.Errorf("OVERLAP_PPROF_ADDR: %w", err)
		}
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); view.Run(ctx) }()
	if cfg.Refresh {
		wg.Add(1)
		go func() { defer wg.Done(); refresher.Run(ctx) }()
	}
	// The first admin token is created (and printed, once) only when the
	// address is ours: a start that cannot listen must not use up the one
	// showing of the token.
	var bootErr error
	err = srv.Start(ctx, cfg.Addr, cfg.ShutdownTimeout, func(addr string) {
		if bootErr = bootstrap(ctx, db, cfg, stderr, log); bootErr != nil {
			cancel()
			return
		}
		log.Info("serving", "addr", addr, "database", string(db.Dialect()), "version", version(), "refresher", cfg.Refresh)
	})
	cancel()
	wg.Wait()
	log.Info("stopped")
	return errors.Join(bootErr, err)
}

// newImport wires calendar import: the importer, with the SSRF-guarded
// fetcher, and its background refresher.
func newImport(cfg config, db *gormstore.DB, log *slog.Logger) (*calendars.Importer, *calendars.Refresher) {
	fc := fetch.Config{
		AllowPrivate: cfg.FeedAllowPrivate,
		GuardOptions: []ssrf.Option{ssrf.WithPorts(80, 443, 8080, 8443)},
		MaxBody:      cfg.FeedMaxBytes,
		Timeout:      cfg.FeedTimeout,
		UserAgent:    "Overlap/" + version() + " (+calendar sync)",
	}
	if cfg.FeedAllowPrivate {
		log.Warn("OVERLAP_FEED_ALLOW_PRIVATE is set: calendar feeds may reach private and loopback addresses")
	}
	imp := calendars.NewImporter(calendars.ImporterConfig{
		Store: db, Fetcher: fetch.New(fc), Log: log,
		Past: cfg.FeedPast, Ahead: cfg.FeedAhead,
		Limits: ical.Limits{MaxBytes: int(cfg.FeedMaxBytes)},
	})
	return imp, calendars.NewRefresher(imp, calendars.RefresherConfig{Store: db, Workers: cfg.FeedWorkers})
}

// openDB connects and migrates.
func openDB(ctx context.Context, cfg config, log *slog.Logger) (*gormstore.DB, error) {
	db, err := gormstore.Open(ctx, gormstore.Config{URL: cfg.DatabaseURL, SQLitePath: cfg.sqlitePath(), Logger: log})
	if err != nil {
		return nil, err
	}
	if err := db.Migrate(ctx, log); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// bootstrap makes sure somebody can call the API: the configured bootstrap
// token exists, or on a new database an admin token is printed once.
func bootstrap(ctx context.Context, db store.Store, cfg config, stderr io.Writer, log *slog.Logger) error {
	if cfg.BootstrapToken != "" {
		org, err := db.EnsureOrg(ctx, "default")
		if err != nil {
			return err
		}
		hash := api.HashToken(cfg.BootstrapToken)
		if _, err := db.TokenByHash(ctx, hash); err == nil {
			return nil
		} else if !errors.Is(err, store.ErrNotFound) {
			return err
		}
		t := store.Token{OrgID: org.ID, Name: "bootstrap", Role: store.RoleAdmin, Hash: hash}
		err = db.CreateToken(ctx, &t)
		if errors.Is(err, store.ErrConflict) {
			log.Warn("the bootstrap token was revoked; it is not recreated", "token_id", t.ID)
			return nil
		}
		if err == nil {
			log.Info("bootstrap token ready", "org", "default", "token_id", t.ID)
		}
		return err
	}
	n, err := db.CountOrgs(ctx)
	if err != nil || n > 0 {
		return err
	}
	org, err := db.EnsureOrg(ctx, "default")
	if err != nil {
		return err
	}
	secret, hash := api.NewToken()
	t := store.Token{OrgID: org.ID, Name: "first admin", Role: store.RoleAdmin, Hash: hash}
	if err := db.CreateToken(ctx, &t); err != nil {
		return err
	}
	// Plain text on its own lines, apart from the JSON log lines, so that a
	// person finds it (`grep ovl_`) and a log pipeline never stores it.
	fmt.Fprintf(stderr, "\nCreated organization \"default\" with an admin token. It is shown only this once:\n\n    %s\n\n", secret)
	log.Info("created the first admin token; it was printed once on stderr as plain text, not in this log", "org", "default", "token_id", t.ID)
	return nil
}
